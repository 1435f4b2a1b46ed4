// The residents layer drawn from typed arrays (a custom WebGL layer, a colour byte per resident):
// what it draws equals the engine run in Node on the same stations — before and after a drag with
// the mouse — the colours reach the canvas, a click on a resident shows what the engine says of
// it, and a dragged station is drawn alone (the other stations' source does not hold it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Planner } from '../../www/pkg/lifecircle.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, open, mapBox } from './helpers.mjs';

/** The Node engine with the demo residents and the stations the page shows now. */
async function engineLike(page) {
  const stations = await page.evaluate(() => window.lifecircleProbe.stations());
  const p = new Planner();
  p.loadResidents(readFileSync(join(root, 'www/demo/residents.csv')), { source: 'residents.csv' });
  const fc = { type: 'FeatureCollection', features: stations.map((s) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [s.lon, s.lat] }, properties: { kind: s.kind } })) };
  p.loadStations(JSON.stringify(fc), { format: 'geojson', source: 'stations' });
  return p;
}

/** Per resident 1 when every kind's stations reach them (the map's default colouring). */
function coveredByAll(p) {
  const c = p.kindsCovering();
  const kinds = p.kinds().filter((k) => k.counted).length;
  return Array.from(c, (v) => (v >= kinds ? 1 : 0));
}

test('the residents drawn: a byte each equal to the engine, before and after a drag; colours on the canvas; a click shows a resident', async () => {
  const { page, problems, context } = await open();
  const drawn = () => page.evaluate(() => window.lifecircleProbe.residentValues());
  assert.deepEqual(await drawn(), coveredByAll(await engineLike(page)), 'as loaded');

  // The colour of a large covered and a large uncovered resident reaches the canvas (zoom 16).
  const p0 = await engineLike(page);
  const xy = p0.residentCoordinates();
  const pop = p0.residentPopulation();
  const flags = coveredByAll(p0);
  for (const want of [1, 0]) {
    let best = -1;
    for (let i = 0; i < pop.length; i++) if (flags[i] === want && (best < 0 || pop[i] > pop[best])) best = i;
    await page.evaluate(([lon, lat]) => window.lifecircleProbe.jumpTo(lon, lat, 17), [xy[2 * best], xy[2 * best + 1]]);
    await page.evaluate(() => window.lifecircleProbe.idle());
    const [r, g] = await page.evaluate(([lon, lat]) => window.lifecircleProbe.pixelColor(lon, lat), [xy[2 * best], xy[2 * best + 1]]);
    if (want) assert.ok(g > r + 40, `covered resident drawn green: ${r},${g}`);
    else assert.ok(r > g + 40, `uncovered resident drawn red: ${r},${g}`);
    // A click on it shows its card: population and, per kind, whether its stations reach it.
    const at = await page.evaluate(([lon, lat]) => window.lifecircleProbe.pixel(lon, lat), [xy[2 * best], xy[2 * best + 1]]);
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector('[data-testid=resident-card]', { timeout: 60000 });
    const card = await page.$eval('[data-testid=resident-card]', (el) => ({
      pop: el.querySelector('.resident-pop').textContent,
      kinds: Object.fromEntries([...el.querySelectorAll('.resident-kind')].map((k) => [k.dataset.kind, Number(k.dataset.stations)])),
    }));
    assert.match(card.pop, new RegExp(`^${Math.round(pop[best]).toLocaleString('en')} `));
    for (const k of p0.kinds()) assert.equal(card.kinds[k.id], p0.coveringCount(k.id)[best], `${k.id} stations reaching the clicked resident`);
  }

  // Drag a 党群服务站 with the mouse: while dragged it is not in the stations' source (drawn
  // alone); afterwards every resident's byte equals the engine with the station where it went.
  const s = (await page.evaluate(() => window.lifecircleProbe.stations())).find((x) => x.kind === 'party_service_station');
  await page.evaluate(([lon, lat]) => window.lifecircleProbe.jumpTo(lon, lat, 15), [s.lon, s.lat]);
  await page.evaluate(() => window.lifecircleProbe.idle());
  // The drag's pixel-to-place (not MapLibre's unproject) is MapLibre's to a micrometre.
  const err = await page.evaluate(() => window.lifecircleProbe.pointerError());
  assert.ok(err < 1e-11, `pointer to place off by ${err}°`);
  const from = await page.evaluate(([lon, lat]) => window.lifecircleProbe.pixel(lon, lat), [s.lon, s.lat]);
  const box = await mapBox(page);
  assert.ok(from.x > box.x && from.y > box.y);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) { await page.mouse.move(from.x + 15 * i, from.y + 6 * i); await page.waitForTimeout(30); }
  const inSource = await page.evaluate((id) => window.lifecircleProbe.stationInSource(id), s.id);
  assert.equal(inSource, false, 'the dragged station is drawn alone');
  // Mid-drag, once the replies have caught up: every station's figures on the page (a live step
  // sends only the changed ones, from the engine's columns) equal a fresh engine's with the
  // stations where the page has them.
  const same = ({ want, got }) => got.length === want.length && got.every(([a, b], j) => Math.abs(a - want[j][0]) < 1e-6 && Math.abs(b - want[j][1]) < 1e-6);
  let mid;
  for (let i = 0; i < 60; i++) {
    const want = (await engineLike(page)).stations().map((x) => [x.served_population, x.only_population]);
    mid = { want, got: await page.evaluate(() => window.lifecircleProbe.stationFigures()) };
    if (same(mid)) break;
    await page.waitForTimeout(250);
  }
  assert.ok(same(mid), `figures mid-drag: ${JSON.stringify(mid)}`);
  // The choropleth mid-drag (the live step's unit ratios, map/basemap.js): each community
  // polygon's ratio is the fresh engine's for that community, every kind together.
  const choropleth = async () => {
    const units = (await engineLike(page)).summary({ distances: false, access: false }).units.filter((u) => u.level === 'community');
    const want = Object.fromEntries(units.map((u) => [u.name, u.total_population > 0 ? u.all_kinds.coverage_ratio : -1]));
    const got = await page.evaluate(() => window.lifecircleProbe.unitFill('community'));
    // (A polygon no resident's community names stays without a colour.)
    const differ = Object.entries(got).filter(([k, v]) => (k in want ? !(Math.abs(v - want[k]) <= 1e-6) : v !== null)).map(([k, v]) => [k, v, want[k]]);
    return { differ, ok: Object.keys(got).length >= 3 && differ.length === 0 };
  };
  let units;
  for (let i = 0; i < 60; i++) {
    units = await choropleth();
    if (units.ok) break;
    await page.waitForTimeout(250);
  }
  assert.ok(units.ok, `choropleth mid-drag: ${JSON.stringify(units)}`);
  const moving = (await page.evaluate(() => window.lifecircleProbe.stations())).find((x) => x.id === s.id);
  assert.ok(moving.lon > s.lon + 1e-4, 'the page has the dragged station where it is');
  const undoBefore = Number(await page.evaluate(() => document.body.dataset.undo));
  await page.mouse.up();
  // On 现状 the station first goes back while the page asks (answered 修改现状), then moves: the
  // drop is in once the history counts it. (The page's stations alone do not tell: a live step
  // dropped at the mouse-up leaves them where an earlier step had them until the drop's update.)
  await page.waitForFunction((n) => document.body.dataset.undo === String(n), undoBefore + 1, { timeout: 60000 });
  assert.ok((await page.evaluate(() => window.lifecircleProbe.stations())).find((x) => x.id === s.id).lon > s.lon + 1e-4, 'the station moved');
  assert.ok(await page.evaluate((id) => window.lifecircleProbe.stationInSource(id), s.id), 'back among the other stations');
  const want = coveredByAll(await engineLike(page));
  await page.waitForFunction((w) => JSON.stringify(window.lifecircleProbe.residentValues()) === w, JSON.stringify(want), { timeout: 60000 });
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('a drag step drawn from the kept map (no MapLibre frame) is the frame MapLibre draws itself', async () => {
  const { page, problems, context } = await open();
  const s = (await page.evaluate(() => window.lifecircleProbe.stations())).find((x) => x.kind === 'party_service_station');
  await page.evaluate(([lon, lat]) => window.lifecircleProbe.jumpTo(lon, lat, 15), [s.lon, s.lat]);
  await page.evaluate(() => window.lifecircleProbe.idle());
  await page.evaluate(() => { window.composedFrames = 0; window.lifecircleProbe.onComposedFrame(() => { window.composedFrames++; }); });
  const from = await page.evaluate(([lon, lat]) => window.lifecircleProbe.pixel(lon, lat), [s.lon, s.lat]);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) { await page.mouse.move(from.x + 15 * i, from.y + 6 * i); await page.waitForTimeout(30); }
  // Steps that changed only the residents' colours were drawn without a MapLibre frame.
  await page.waitForFunction(() => window.composedFrames > 0, null, { timeout: 60000 });
  await page.waitForTimeout(1500);
  // The canvas as composed (kept map below and above, the residents between) and as MapLibre
  // draws it with every layer: the same pixels (premultiplied 8-bit blending rounds alike to ±3).
  // `changed` (`[residents, units]`): that many residents and units in view recoloured, drawn as a
  // step is (only the part they cover) — the composed map must then still be MapLibre's frame.
  const compare = (changed) => page.evaluate(async (changed) => {
    const p = changed ? await window.lifecircleProbe.changeKept(...changed) : await window.lifecircleProbe.composedAndMapPixels();
    if (!p) return null;
    let differ = 0;
    let coloured = 0;
    for (let i = 0; i < p.plain.length; i += 4) {
      let d = 0;
      for (let c = 0; c < 4; c++) d = Math.max(d, Math.abs(p.plain[i + c] - p.composed[i + c]));
      if (d > 3) differ++;
      // Residents' red and green among the map's greys and pastels.
      if (Math.abs(p.plain[i] - p.plain[i + 1]) > 60) coloured++;
    }
    return { differ, coloured, pixels: p.plain.length / 4, residents: p.residents, units: p.units, mapFrames: p.mapFrames };
  }, changed);
  const cmp = await compare(false);
  assert.ok(cmp, 'frames are composed during the drag');
  assert.ok(cmp.coloured > 500, `residents on the canvas: ${JSON.stringify(cmp)}`);
  assert.ok(cmp.differ <= cmp.pixels / 2000, `composed frame equals MapLibre's: ${JSON.stringify(cmp)}`);
  // Changes drawn into the part they cover — residents alone, then units alone (a unit's polygon
  // may cover the whole view): no MapLibre frame between (else tried again).
  for (const [residents, units] of [[40, 0], [0, 3]]) {
    let part;
    for (let i = 0; i < 5; i++) {
      part = await compare([residents, units]);
      if (part?.mapFrames === 0) break;
    }
    assert.ok(part && part.mapFrames === 0 && part.residents === residents && part.units === units, `recoloured while kept: ${JSON.stringify(part)}`);
    // (8-bit rounding leaves a pixel or two; a disc cut at the part's edge leaves ~150.)
    assert.ok(part.differ <= 20, `the changed part composed equals MapLibre's frame: ${JSON.stringify(part)}`);
  }
  await page.mouse.up();
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('the units choropleth drawn by WebGL is what a MapLibre fill layer of the same polygons draws, by ratio and by gap class', async () => {
  const { page, problems, context } = await open();
  const ratios = await page.evaluate(() => window.lifecircleProbe.unitFill('community'));
  assert.ok(Object.values(ratios).filter((r) => r !== null && r >= 0).length >= 3, `units with a ratio: ${JSON.stringify(ratios)}`);
  // The canvas with the page's choropleth, with MapLibre's, and with none (it must show).
  const compare = () => page.evaluate(async () => {
    const p = window.lifecircleProbe;
    await p.idle();
    const own = await p.canvasPixels();
    p.referenceFill(true);
    await p.idle();
    const reference = await p.canvasPixels();
    p.referenceFill(false);
    p.showLayer('unit-fill', false);
    const none = await p.canvasPixels();
    p.showLayer('unit-fill', true);
    const differ = (a, b, by) => {
      let n = 0;
      for (let i = 0; i < a.length; i += 4) if (Math.max(Math.abs(a[i] - b[i]), Math.abs(a[i + 1] - b[i + 1]), Math.abs(a[i + 2] - b[i + 2])) > by) n++;
      return n;
    };
    return { pixels: own.length / 4, fromReference: differ(own, reference, 2), fromNone: differ(own, none, 2) };
  });
  const byRatio = await compare();
  assert.ok(byRatio.fromNone > byRatio.pixels / 20, `the choropleth shows: ${JSON.stringify(byRatio)}`);
  assert.ok(byRatio.fromReference <= byRatio.pixels / 1000, `by ratio, as MapLibre draws it: ${JSON.stringify(byRatio)}`);
  await page.selectOption('[data-testid=gap-view]', 'distance');
  await page.waitForFunction(() => Object.values(window.lifecircleProbe.unitGap('community')).some((g) => g > 0), null, { timeout: 60000 });
  const byClass = await compare();
  assert.ok(byClass.fromNone > byClass.pixels / 20, `the classes show: ${JSON.stringify(byClass)}`);
  assert.ok(byClass.fromReference <= byClass.pixels / 1000, `by class, as MapLibre draws it: ${JSON.stringify(byClass)}`);
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});
