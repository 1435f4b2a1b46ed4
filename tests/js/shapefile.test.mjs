// The zipped Shapefiles the package exports, read by independent JavaScript: fflate unzips them,
// mbostock's `shapefile` reads the .shp and the UTF-8 .dbf, proj4 reads the .prj's WKT. Every
// field of the GeoJSON export is in the .dbf (under its short name, listed in .fields.csv), and
// the points, taken back to WGS-84 by proj4, are where the WGS-84 GeoJSON puts them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import * as shapefile from 'shapefile';
import proj4 from 'proj4';
import { initSync, Planner } from '../../www/pkg/lifecircle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
initSync({ module: readFileSync(join(root, 'www/pkg/lifecircle_bg.wasm')) });

function demoPlanner() {
  const p = new Planner();
  p.loadResidents(readFileSync(join(root, 'tests/data/demo-residents.xlsx')), { source: 'demo-residents.xlsx', sheet: '居民' });
  p.loadStations(readFileSync(join(root, 'www/demo/stations.csv'), 'utf8'), { source: 'stations.csv' });
  return p;
}

/** The zip's files by extension (the one layer it holds), and the layer's name. */
function layer(zip) {
  const files = unzipSync(zip);
  const names = Object.keys(files);
  const shp = names.find((n) => n.endsWith('.shp'));
  const stem = shp.slice(0, -4);
  const part = (ext) => files[`${stem}.${ext}`];
  return { stem, names, part };
}

/** `.fields.csv`: short name → full name (the names here hold no commas or quotes). */
function fieldNames(bytes) {
  const rows = strFromU8(bytes).replace(/^\ufeff/, '').trim().split(/\r?\n/).slice(1);
  return rows.map((r) => r.split(','));
}

async function features(part) {
  const buf = (b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  const source = await shapefile.open(buf(part('shp')), buf(part('dbf')), { encoding: 'utf-8' });
  const out = [];
  for (let r = await source.read(); !r.done; r = await source.read()) out.push(r.value);
  return out;
}

const empty = (v) => v === null || v === undefined || v === '';

async function check(zip, geojson, wgs84, crs) {
  const { stem, names, part } = layer(zip);
  for (const ext of ['shp', 'shx', 'dbf', 'cpg', 'fields.csv']) assert.ok(part(ext), `${stem}.${ext} in ${names}`);
  assert.equal(strFromU8(part('cpg')), 'UTF-8');
  const mapping = fieldNames(part('fields.csv'));
  const got = await features(part);
  const want = JSON.parse(geojson).features;
  const where = JSON.parse(wgs84).features;
  assert.equal(got.length, want.length);
  assert.ok(got.length > 0);
  // Every GeoJSON property has a row in the mapping, and each short name fits dBase's 10 bytes.
  assert.deepEqual(mapping.map(([, full]) => full).sort(), Object.keys(want[0].properties).sort());
  for (const [short] of mapping) assert.ok(new TextEncoder().encode(short).length <= 10, short);
  const back = crs === 'wgs84' ? null : proj4(strFromU8(part('prj')), 'WGS84');
  for (let i = 0; i < got.length; i++) {
    for (const [short, full] of mapping) {
      const a = got[i].properties[short];
      const b = want[i].properties[full];
      if (typeof b === 'number') assert.ok(Math.abs(a - b) < 1e-9, `${i} ${full}: ${a} ≠ ${b}`);
      else if (empty(b)) assert.ok(empty(a), `${i} ${full}: ${a}`);
      else assert.equal(a, b, `${i} ${full}`);
    }
    const [x, y] = got[i].geometry.coordinates;
    const [lon, lat] = back ? back.forward([x, y]) : [x, y];
    const [lon0, lat0] = where[i].geometry.coordinates;
    // 1e-8 degrees is about a millimetre.
    assert.ok(Math.abs(lon - lon0) < 1e-8 && Math.abs(lat - lat0) < 1e-8, `${i}: ${lon},${lat} ≠ ${lon0},${lat0}`);
  }
  return { stem, mapping };
}

for (const [crs, lang] of [['epsg:4549', 'zh'], ['epsg:4528', 'en'], ['wgs84', 'en']]) {
  test(`stations and residents Shapefiles in ${crs} (${lang}) hold the GeoJSON's fields and points`, async () => {
    const p = demoPlanner();
    const s = await check(p.stationsShapefile(crs, lang), p.stationsGeoJson(crs, lang), p.stationsGeoJson('wgs84', lang), crs);
    const r = await check(p.residentsShapefile(crs, lang), p.residentsGeoJson(crs, lang), p.residentsGeoJson('wgs84', lang), crs);
    if (lang === 'zh') {
      assert.equal(s.stem, '站点');
      assert.equal(r.stem, '居民点');
      assert.deepEqual(r.mapping.find(([, full]) => full === '商圈_已覆盖')?.[0].startsWith('K'), true);
    }
  });
}

test('a GCJ-02 export has no .prj (no WKT names GCJ-02)', () => {
  const p = demoPlanner();
  const { part } = layer(p.stationsShapefile('gcj02', 'zh'));
  assert.equal(part('prj'), undefined);
});
