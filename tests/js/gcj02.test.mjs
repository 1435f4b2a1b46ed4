// The page's GCJ-02 (www/map/gcj02.js, used to redraw a GCJ-02 basemap on the WGS-84 grid)
// against gcoord's Chinese-city fixture, and the tile shift against the conversion itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { needsShared, sharedPath } from '../support/shared.mjs';
import { wgsToGcj, tileShift } from '../../www/map/gcj02.js';

/** Metres between two nearby points (equirectangular; enough at a metre's scale). */
function metres([a, b], [c, d]) {
  const k = Math.PI / 180;
  return 6371008.8 * Math.hypot((c - a) * k * Math.cos(((b + d) / 2) * k), (d - b) * k);
}

test('WGS-84 → GCJ-02 within a metre of gcoord on 600+ Chinese cities', { skip: needsShared('testdata/gcoord_china-cities.json') }, () => {
  const cities = JSON.parse(readFileSync(sharedPath('testdata/gcoord_china-cities.json'), 'utf8'));
  assert.ok(cities.length > 600);
  let worst = 0;
  for (const c of cities) worst = Math.max(worst, metres(wgsToGcj(...c.coords.WGS84), c.coords.GCJ02));
  assert.ok(worst < 1, `${worst} m`);
  // Outside China the coordinates stay as they are.
  assert.deepEqual(wgsToGcj(2.35, 48.85), [2.35, 48.85]);
});

test('a tile\'s shift is the GCJ-02 offset of its centre, in pixels at its zoom', () => {
  // Tile 16/54392/26628 lies over central Nanjing; its shift at zoom 16 is the ~500 m offset.
  const [dx, dy] = tileShift(16, 54392, 26628);
  const n = 256 * 2 ** 16;
  const lon = ((54392 + 0.5) * 256 / n) * 360 - 180;
  const lat = Math.atan(Math.sinh(Math.PI * (1 - (2 * (26628 + 0.5) * 256) / n))) * 180 / Math.PI;
  const [glon, glat] = wgsToGcj(lon, lat);
  // Metres a pixel on the sphere `metres` measures on (Mercator: the circumference × cos lat).
  const mPerPx = (2 * Math.PI * 6371008.8 * Math.cos(lat * Math.PI / 180)) / n;
  const d = metres([lon, lat], [glon, glat]);
  assert.ok(Math.abs(Math.hypot(dx, dy) * mPerPx - d) < 0.5, `${Math.hypot(dx, dy) * mPerPx} vs ${d}`);
  assert.ok(dx > 0 && dy > 0, 'GCJ-02 lies east and south (in pixels) of WGS-84 around Nanjing');
});
