// The map app end to end in headless Chromium (Debian's package, driven by playwright-core).
// Every figure the page shows is checked against the same engine run separately in Node (initSync)
// on the same inputs: the demo, a placed station, a drag, undo, the Nanjing OSM data, a bad file,
// and the exported CSV and project file. Screenshots go to test-artifacts/ (not committed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { inflateRawSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Planner, importOsm } from '../../www/pkg/lifecircle.js';
import { needsShared, sharedPath } from '../support/shared.mjs';
import { root, artifacts, open, rows, expected, demoPlanner, figuresEqual, stationCard, mapBox, download } from './helpers.mjs';

const nanjing = sharedPath('osm/nanjing_xinjiekou');


test('demo: figures equal the engine; place, drag, undo, redo; exports round-trip', async () => {
  const { page, problems, context } = await open();
  const base = demoPlanner();
  await figuresEqual(page, expected(base), 'demo figures');
  assert.match(await page.textContent('[data-testid=dataset]'), /合成数据/);
  const kindValues = await page.$$eval('[data-testid=kind-select] option', (os) => os.map((o) => o.value));
  assert.deepEqual(kindValues, ['red_bee_station', 'party_service_station', 'commercial_hub']);
  await page.waitForTimeout(1500); // let the map draw its tiles
  await page.screenshot({ path: join(artifacts, 'app-demo.png') });

  // Place a 党群服务站 by clicking the map.
  await page.selectOption('[data-testid=kind-select]', 'party_service_station');
  await page.click('[data-testid=place]');
  const box = await mapBox(page);
  const at = { x: box.x + box.width * 0.62, y: box.y + box.height * 0.55 };
  await page.mouse.click(at.x, at.y);
  await page.waitForFunction(() => document.querySelector('[data-testid=station-card]').dataset.id);
  const placed = await stationCard(page);
  assert.ok(placed.lon > 118 && placed.lon < 119.6 && placed.lat > 31.5 && placed.lat < 32.6, JSON.stringify(placed));
  const id = base.addStation({ kind: 'party_service_station', lon: placed.lon, lat: placed.lat });
  await figuresEqual(page, expected(base), 'after placing');
  const served = Number(await page.getAttribute('[data-testid=station-served]', 'data-value'));
  assert.equal(served, base.stations().find((s) => s.id === id).served_population);
  await page.keyboard.press('Escape');

  // Drag it.
  await page.waitForTimeout(400);
  await page.mouse.move(at.x, at.y);
  const undoBefore = Number(await page.evaluate(() => document.body.dataset.undo));
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(at.x - 10 * i, at.y + 7 * i);
  await page.mouse.up();
  // The drop is in once the history counts it (the card may show a live step's place before).
  await page.waitForFunction((n) => document.body.dataset.undo === String(n), undoBefore + 1);
  const moved = await stationCard(page);
  assert.equal(moved.id, placed.id);
  assert.ok(moved.lon < placed.lon && moved.lat < placed.lat, 'dragged left and down');
  base.moveStation(id, moved.lon, moved.lat);
  await figuresEqual(page, expected(base), 'after dragging');

  // Undo restores the place before the drag; undo again removes the station; redo brings it back.
  await page.keyboard.press('Control+z');
  await page.waitForFunction((lon) => Number(document.querySelector('[data-testid=station-card]').dataset.lon) === lon, placed.lon);
  base.moveStation(id, placed.lon, placed.lat);
  await figuresEqual(page, expected(base), 'after undoing the drag');
  await page.keyboard.press('Control+z');
  await figuresEqual(page, expected(demoPlanner()), 'after undoing the placement');
  await page.keyboard.press('Control+Shift+z');
  await figuresEqual(page, expected(base), 'after redo');

  // A radius change through a life-circle tier button recomputes that kind; undo restores it.
  await page.click('.tiers button[data-radius="300"]');
  base.setKind({ kind: 'party_service_station', radius_m: 300 });
  await figuresEqual(page, expected(base), 'after the 5-minute tier');

  // Exported report CSV: BOM, and the kind rows carry the engine's figures.
  const csv = await download(page, () => page.click('[data-testid=export-csv]'));
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const lines = csv.bytes.toString('utf8').slice(1).split('\r\n');
  assert.match(lines[0], /^设施类型,类型编号,服务半径\(米\)/);
  for (const k of base.summary().kinds) {
    const row = lines.find((l) => l.split(',')[1] === k.kind).split(',');
    assert.equal(Number(row[2]), k.radius_m);
    assert.equal(Number(row[3]), k.stations);
    assert.equal(Number(row[4]), Math.round(k.covered_population));
    assert.equal(row[5], `${(k.coverage_ratio * 100).toFixed(2)}%`);
  }

  // Stations GeoJSON in GCJ-02 reads back into the engine as the same stations.
  await page.selectOption('[data-testid=import-crs]', 'gcj02');
  await page.click('[data-testid=export-geojson]');
  const gj = await download(page, () => page.click('[data-testid=export-geojson-stations]'));
  await page.selectOption('[data-testid=import-crs]', 'wgs84');
  assert.match(gj.name, /^站点-gcj02-/);
  const props = JSON.parse(gj.bytes.toString('utf8')).features[0].properties;
  assert.deepEqual(Object.keys(props).sort(), ['编号', '类型', '类型编号', '名称', '服务半径_米', '服务人口', '独有服务人口'].sort());
  const back = new Planner();
  back.setKind({ kind: 'party_service_station', radius_m: 300 });
  back.loadResidents(readFileSync(join(root, 'www/demo/residents.csv')), {});
  back.loadStations(gj.bytes, { crs: 'gcj02' });
  expected(back).forEach((k, i) => {
    assert.equal(k.stations, expected(base)[i].stations);
    assert.ok(Math.abs(k.covered - expected(base)[i].covered) <= 1e-6 * Math.max(1, k.covered), `${k.kind} after a GCJ-02 round trip`);
  });

  // The project file opens again exactly as it was, in a fresh page.
  const project = await download(page, () => page.click('[data-testid=export-project]'));
  const before = await rows(page);
  const fresh = await open();
  await fresh.page.setInputFiles('[data-testid=import-project]', project.path);
  await figuresEqual(fresh.page, before, 'project reopened');
  const reopened = await fresh.page.$$eval('[data-testid=coverage-row]', (trs) => trs.map((tr) => tr.dataset.radius));
  assert.equal(reopened[1], '300');
  // What the file says comes back: the colouring choice, a kind's capacity and its demand column.
  const saved = JSON.parse(project.bytes.toString('utf8'));
  assert.equal(await fresh.page.inputValue('[data-testid=display]'), saved.view.display);
  // The residents are the engine's binary block (base64): read back, they keep their demand column.
  assert.equal(saved.version, 3);
  const savedResidents = new Planner();
  savedResidents.loadResidents(Buffer.from(saved.residents.data, 'base64'), {});
  assert.equal(savedResidents.residentCount, base.residentCount);
  assert.ok(savedResidents.weightColumns.includes('老年人口'), 'residents keep their demand column');
  saved.kinds[0].capacity = 5000;
  saved.kinds[1].demand = '老年人口';
  const withCapacity = join(artifacts, 'with-capacity.lifecircle.json');
  writeFileSync(withCapacity, JSON.stringify(saved));
  await fresh.page.setInputFiles('[data-testid=import-project]', withCapacity);
  await figuresEqual(fresh.page, before, 'project with a capacity reopened');
  const again = JSON.parse((await download(fresh.page, () => fresh.page.click('[data-testid=export-project]'))).bytes.toString('utf8'));
  assert.equal(again.kinds[0].capacity, 5000);
  assert.equal(again.kinds[1].capacity, null, 'kinds without a capacity stay without');
  assert.equal(again.kinds[1].demand, '老年人口');
  assert.equal(again.kinds[0].demand, null);
  await fresh.page.keyboard.press('Control+z');
  await figuresEqual(fresh.page, before, 'undo of opening the second project');
  // Opening a project is itself undoable: the demo comes back.
  await fresh.page.keyboard.press('Control+z');
  await figuresEqual(fresh.page, expected(demoPlanner()), 'undo of opening a project');
  assert.deepEqual(fresh.problems, { errors: [], outside: [] });
  await fresh.context.close();

  await page.screenshot({ path: join(artifacts, 'app-edited.png') });
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('a malformed file shows the engine error and keeps the previous state', async () => {
  const { page, problems, context } = await open();
  const want = expected(demoPlanner());
  await figuresEqual(page, want, 'demo');
  const bad = join(artifacts, 'bad-residents.csv');
  writeFileSync(bad, '经度,纬度,人口\n118.80,32.06,120\n118.81,abc,80\n');
  await page.setInputFiles('[data-testid=import-residents]', bad);
  await page.waitForSelector('[data-testid=status][data-kind=error]');
  // The engine's error in the page's language, with the file, line, column and value.
  const message = await page.textContent('[data-testid=status] .toast-text');
  assert.match(message, /导入失败，当前数据未改变：bad-residents\.csv，第 3 行「纬度」列：“abc”不是数字/);
  await figuresEqual(page, want, 'unchanged after the bad file');
  await page.click('[data-testid=status] .toast-close').catch(() => {});
  await page.click('#lang');
  await page.setInputFiles('[data-testid=import-residents]', bad);
  await page.waitForFunction(() => /line 3/.test(document.querySelector('[data-testid=status] .toast-text')?.textContent ?? ''));
  assert.match(await page.textContent('[data-testid=status] .toast-text'), /bad-residents\.csv, line 3, column '纬度': 'abc' is not a number/);
  await page.click('#lang');
  const badStations = join(artifacts, 'bad-stations.geojson');
  writeFileSync(badStations, '{"type": "FeatureCollection", "features": [');
  await page.setInputFiles('[data-testid=import-stations]', badStations);
  await page.waitForFunction(() => /bad-stations/.test(document.querySelector('[data-testid=status]').textContent));
  await figuresEqual(page, want, 'unchanged after the bad stations file');
  assert.equal(await page.getAttribute('body', 'data-undo'), '0', 'a failed import adds nothing to the history');
  assert.deepEqual(problems.outside, []);
  await context.close();
});

test('a large residents CSV reports its progress while parsed; a bad row deep in it names its line', async () => {
  const { page, problems, context } = await open();
  const want = expected(demoPlanner());
  await figuresEqual(page, want, 'demo');
  // 40,000 rows (3 MB: read a megabyte at a time) around the demo district.
  const rowsOf = (bad) => {
    const lines = ['经度,纬度,人口,街道,社区,网格,名称'];
    for (let i = 0; i < 40000; i++) {
      const lat = i === 35000 && bad ? 'abc' : (32.03 + (i % 200) * 0.0003).toFixed(6);
      lines.push(`${(118.76 + Math.floor(i / 200) * 0.0003).toFixed(6)},${lat},${1 + (i % 7)},大行宫街道,科巷社区,第${1 + (i % 9)}网格,测试楼${i}栋`);
    }
    return lines.join('\n') + '\n';
  };
  const watchProgress = () => page.evaluate(() => {
    window.__fractions = [];
    const p = document.querySelector('#progress');
    new MutationObserver(() => {
      if (p.dataset.fraction && /解析居民点/.test(p.textContent)) window.__fractions.push(Number(p.dataset.fraction));
    }).observe(p, { attributes: true, attributeFilter: ['data-fraction'] });
  });
  const bad = join(artifacts, 'large-bad-residents.csv');
  writeFileSync(bad, rowsOf(true));
  await watchProgress();
  await page.setInputFiles('[data-testid=import-residents]', bad);
  await page.waitForSelector('[data-testid=status][data-kind=error]', { timeout: 30000 });
  const message = await page.textContent('[data-testid=status]');
  assert.match(message, /large-bad-residents\.csv/);
  assert.match(message, /第 35002 行/, message);
  await figuresEqual(page, want, 'unchanged after the bad file');
  const good = join(artifacts, 'large-residents.csv');
  writeFileSync(good, rowsOf(false));
  await watchProgress();
  await page.setInputFiles('[data-testid=import-residents]', good);
  await page.waitForFunction(() => /40,000|40000/.test(document.querySelector('[data-testid=dataset]').textContent), null, { timeout: 30000 });
  // The parsing fractions (not the file reading's) climb between 0 and 1.
  const fractions = await page.evaluate(() => window.__fractions);
  const parsing = fractions.filter((f) => f > 0 && f < 1);
  assert.ok(parsing.length >= 1, `parsing progress seen: ${fractions}`);
  assert.deepEqual(parsing, [...parsing].sort((a, b) => a - b), 'progress only climbs');
  assert.equal(await page.evaluate(() => document.querySelector('#progress').hidden), true, 'the bar goes away');
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('the Nanjing OpenStreetMap data imports, with estimated population and new kinds', { skip: needsShared('osm/nanjing_xinjiekou') }, async () => {
  const { page, problems, context } = await open();
  await page.setInputFiles('[data-testid=import-residents]', join(nanjing, 'nanjing_buildings.geojson'));
  await page.waitForFunction(() => /nanjing_buildings/.test(document.querySelector('[data-testid=dataset]').textContent));
  await page.setInputFiles('[data-testid=import-stations]', join(nanjing, 'nanjing_pois.geojson'));
  await page.setInputFiles('[data-testid=import-basemap]', join(nanjing, 'nanjing_streets.geojson'));
  const p = new Planner();
  p.loadResidents(readFileSync(join(nanjing, 'nanjing_buildings.geojson')), { floor_area_per_person: 36.52 });
  p.loadStations(readFileSync(join(nanjing, 'nanjing_pois.geojson')), { new_kind_radius_m: 500 });
  assert.equal(p.residentCount, 1277);
  await figuresEqual(page, expected(p), 'Nanjing figures');
  const ds = await page.textContent('[data-testid=dataset]');
  assert.match(ds, /估算/, 'the population estimate is labelled');
  assert.doesNotMatch(ds, /合成数据/);
  // Walking distance over the streets of the .osm file: figures equal the engine's; the
  // selected station's walkshed is drawn along the streets.
  assert.ok(await page.isDisabled('[data-testid=metric]'), 'no walking metric before streets');
  await page.setInputFiles('[data-testid=import-streets]', join(nanjing, 'source_osm_bbox.osm'));
  await page.waitForFunction(() => !document.querySelector('[data-testid=metric]').disabled);
  await page.selectOption('[data-testid=metric]', 'network');
  p.loadStreets(readFileSync(join(nanjing, 'source_osm_bbox.osm')), { format: 'osm' });
  p.setMetric('network');
  await figuresEqual(page, expected(p), 'Nanjing walking figures');
  const walk = p.summary();
  assert.ok(walk.kinds.every((k, i) => k.covered_population <= expected(p)[i].covered + 1e-6));
  // Select the station with the most people served on foot, by clicking it.
  const best = walk.stations.reduce((a, b) => (b.served_population > a.served_population ? b : a));
  await page.evaluate(([lon, lat]) => window.lifecircleProbe.jumpTo(lon, lat, 16), [best.lon, best.lat]);
  await page.waitForTimeout(800);
  const px = await page.evaluate(([lon, lat]) => window.lifecircleProbe.pixel(lon, lat), [best.lon, best.lat]);
  await page.mouse.click(px.x, px.y);
  await page.waitForFunction(() => document.querySelector('[data-testid=station-card]')?.dataset.id);
  const card = await stationCard(page);
  assert.ok(Math.abs(card.lon - best.lon) < 1e-9 && Math.abs(card.lat - best.lat) < 1e-9, 'the clicked station is selected');
  const wantPieces = p.walkshed(best.id).length / 4;
  await page.waitForFunction((n) => window.lifecircleProbe.walkshedPieces() === n, wantPieces, { timeout: 10000 });
  assert.ok(wantPieces > 0);
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(artifacts, 'app-nanjing-walkshed.png') });
  await page.selectOption('[data-testid=metric]', 'straight');
  p.setMetric('straight');
  await figuresEqual(page, expected(p), 'back to straight lines');
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(artifacts, 'app-nanjing.png') });
  // Undo the streets import (one step of its own: no walking metric), then the stations import:
  // the demo's stations come back over Nanjing's residents.
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('[data-testid=metric]').disabled);
  await page.keyboard.press('Control+z');
  const q = new Planner();
  q.loadResidents(readFileSync(join(nanjing, 'nanjing_buildings.geojson')), { floor_area_per_person: 36.52 });
  for (const k of p.kinds()) q.setKind({ kind: k.id, label: k.label, label_en: k.label_en, radius_m: k.radius_m });
  q.loadStations(readFileSync(join(root, 'www/demo/stations.csv')), {});
  await figuresEqual(page, expected(q), 'after undoing the stations import');
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('a whole .osm file imports: residents from buildings, stations by edited rules, streets', { skip: needsShared('osm/nanjing_xinjiekou') }, async () => {
  const { page, problems, context } = await open();
  const osm = join(nanjing, 'source_osm_bbox.osm');
  await page.setInputFiles('[data-testid=import-osm]', osm);
  await page.waitForSelector('[data-testid=osm-rule-table]', { state: 'visible' });
  // The raw rules under 高级 (edited there, the text decides).
  await page.click('[data-testid=osm-advanced] summary');
  const shown = await page.inputValue('[data-testid=osm-rules]');
  assert.match(shown, /community_service=党群服务站/);
  // Canteens become 全龄食堂 stations (a new kind), ahead of the defaults.
  await page.fill('[data-testid=osm-rules]', `canteen_food=全龄食堂\n${shown}`);
  await page.evaluate(() => {
    window.__osmFractions = [];
    const p = document.querySelector('#progress');
    new MutationObserver(() => {
      if (p.dataset.fraction && /OpenStreetMap/.test(p.textContent)) window.__osmFractions.push(Number(p.dataset.fraction));
    }).observe(p, { attributes: true, attributeFilter: ['data-fraction'] });
  });
  await page.click('[data-testid=osm-ok]');
  await page.waitForFunction(() => /source_osm_bbox/.test(document.querySelector('[data-testid=dataset]').textContent));
  // Reading the 1.5 MB file reported its progress (every quarter megabyte), climbing.
  const fractions = await page.evaluate(() => window.__osmFractions);
  assert.ok(fractions.length >= 1 && fractions.every((f, i) => f > 0 && f <= 1 && (i === 0 || f >= fractions[i - 1])), `${fractions}`);
  const rules = [{ tag: 'canteen_food', kind: '全龄食堂' }, ...shown.split('\n').map((l) => ({ tag: l.slice(0, l.lastIndexOf('=')), kind: l.slice(l.lastIndexOf('=') + 1) }))];
  const r = importOsm(readFileSync(osm), { station_rules: rules, default_station_rules: false });
  const p = new Planner();
  p.loadResidents(r.residents, { format: 'geojson' });
  p.loadStations(r.stations, { format: 'geojson', new_kind_radius_m: 500 });
  assert.ok(p.kinds().some((k) => k.label === '全龄食堂' && k.stations > 0), 'canteens are stations');
  await figuresEqual(page, expected(p), 'the OSM import');
  assert.match(await page.textContent('[data-testid=dataset]'), /估算/);
  assert.ok(!(await page.isDisabled('[data-testid=metric]')), 'its streets are the walking network');
  await page.selectOption('[data-testid=metric]', 'network');
  p.loadStreets(r.streets, { format: 'geojson' });
  p.setMetric('network');
  await figuresEqual(page, expected(p), 'the OSM import on foot');
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(artifacts, 'app-osm-import.png') });
  // One undo takes back the whole import — residents, stations, streets and the kinds it added:
  // the demo again.
  await page.click('[data-testid=undo]');
  await figuresEqual(page, expected(demoPlanner()), 'after undoing the OSM import');
  assert.ok(await page.isDisabled('[data-testid=metric]'), 'the demo has no streets');
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('siting suggestions: ghosts equal the engine, accept all, undo', async () => {
  const { page, problems, context } = await open();
  const base = demoPlanner();
  await page.fill('[data-testid=suggest-count]', '3');
  await page.fill('[data-testid=suggest-spacing]', '300');
  await page.click('[data-testid=suggest-run]');
  await page.waitForSelector('[data-testid=suggestion]');
  const want = base.suggest({ kind: 'red_bee_station', count: 3, spacing_m: 300 });
  const gains = await page.$$eval('[data-testid=suggestion]', (lis) => lis.map((li) => Number(li.dataset.gain)));
  assert.deepEqual(gains, want.suggestions.map((g) => g.gain_population));
  assert.equal(Number(await page.getAttribute('[data-testid=suggest-summary]', 'data-covered-after')), want.covered_after);
  // The workbook has the suggestion shown: a sheet of its own, with the bound and the certified gap.
  const xlsx = await download(page, () => page.click('[data-testid=export-xlsx]'));
  const sit = readXlsx(xlsx.bytes).get('选址建议').rows;
  const figure = (label) => sit.find((r) => r?.[0] === label)?.[1];
  assert.equal(figure('建议后覆盖'), want.covered_after);
  assert.equal(figure('上界：同样站数最多可覆盖'), want.upper_bound);
  assert.equal(figure('最优性差距（已证明）'), want.optimality_gap);
  assert.deepEqual(sit.filter((r) => typeof r?.[0] === 'number').map((r) => r[5]), want.suggestions.map((g) => g.gain_population));
  await page.click('[data-testid=suggest-accept-all]');
  for (const g of want.suggestions) base.addStation({ kind: 'red_bee_station', lon: g.lon, lat: g.lat, name: g.name });
  await figuresEqual(page, expected(base), 'after accepting all suggestions');
  assert.equal(expected(base)[0].covered, want.covered_after);
  assert.equal(await page.$$eval('[data-testid=suggestion]', (lis) => lis.length), 0, 'ghosts are gone once accepted');
  await page.keyboard.press('Control+z');
  await figuresEqual(page, expected(demoPlanner()), 'one undo removes the accepted batch');
  // A 95 % target for 党群服务站 with the residents' own locations as candidates.
  await page.selectOption('[data-testid=kind-select]', 'party_service_station');
  await page.selectOption('[data-testid=suggest-mode]', 'target');
  await page.selectOption('[data-testid=suggest-candidates]', 'residents');
  await page.click('[data-testid=suggest-run]');
  await page.waitForSelector('[data-testid=suggestion]');
  const t = demoPlanner().suggest({ kind: 'party_service_station', target_ratio: 0.95, candidates: 'residents' });
  assert.equal(await page.$$eval('[data-testid=suggestion]', (lis) => lis.length), t.suggestions.length);
  assert.ok(t.covered_after >= 0.95 * t.total_population);
  await page.screenshot({ path: join(artifacts, 'app-suggestions.png') });
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('siting: a kind serving elderly residents, inside a drawn area; progress, and cancel stops the run', async () => {
  const { page, problems, context } = await open();
  const base = demoPlanner();
  // Who the kind serves: the demo residents have a 老年人口 column.
  await page.selectOption('[data-testid=demand-select]', '老年人口');
  base.setKind({ kind: 'red_bee_station', demand: '老年人口' });
  const d = base.summary().kinds[0].demand;
  await page.waitForSelector('[data-testid=coverage-row][data-kind=red_bee_station] + tr [data-testid=demand-ratio]');
  assert.equal(Number(await page.getAttribute('[data-testid=coverage-row][data-kind=red_bee_station] + tr [data-testid=demand-ratio]', 'data-ratio')), d.coverage_ratio);
  // A capacity per station: the split shown is the engine's; a refused value changes nothing.
  await page.fill('[data-testid=capacity]', '5000');
  await page.press('[data-testid=capacity]', 'Enter');
  base.setKind({ kind: 'red_bee_station', capacity: 5000 });
  const cap = base.summary().kinds[0].capacity;
  await page.waitForSelector('[data-testid=coverage-row][data-kind=red_bee_station] + tr [data-testid=capacity-split]');
  assert.equal(Number(await page.getAttribute('[data-testid=capacity-split]', 'data-within')), cap.within_capacity);
  assert.equal(Number(await page.getAttribute('[data-testid=capacity-split]', 'data-over')), cap.over_capacity);
  await page.screenshot({ path: join(artifacts, 'app-demand-capacity.png') });
  await page.fill('[data-testid=capacity]', '-3');
  await page.press('[data-testid=capacity]', 'Enter');
  await page.waitForSelector('[data-testid=status]:has-text("容量 -3 须为正数")', { timeout: 5000 });
  await page.locator('[data-testid=capacity]').blur();
  assert.equal(Number(await page.getAttribute('[data-testid=capacity-split]', 'data-within')), cap.within_capacity);
  await page.fill('[data-testid=capacity]', '');
  await page.press('[data-testid=capacity]', 'Enter');
  await page.waitForFunction(() => !document.querySelector('[data-testid=capacity-split]'));
  // Draw a quadrilateral on the map: four clicks, then a click on the first corner closes it.
  const box = await mapBox(page);
  const corners = [[0.3, 0.3], [0.7, 0.28], [0.72, 0.7], [0.32, 0.68]].map(([x, y]) => [box.x + x * box.width, box.y + y * box.height]);
  await page.click('[data-testid=area-draw]');
  for (const [x, y] of corners) { await page.mouse.click(x, y); await page.waitForTimeout(150); }
  await page.mouse.click(corners[0][0], corners[0][1]);
  await page.waitForFunction(() => document.querySelector('[data-testid=area-state]').dataset.ring);
  const ring = JSON.parse(await page.getAttribute('[data-testid=area-state]', 'data-ring'));
  assert.equal(ring.length, 5);
  await page.fill('[data-testid=suggest-count]', '3');
  await page.fill('[data-testid=suggest-spacing]', '200');
  await page.click('[data-testid=suggest-run]');
  await page.waitForSelector('[data-testid=suggestion]');
  const want = base.suggest({ kind: 'red_bee_station', count: 3, spacing_m: 200, area: { type: 'Polygon', coordinates: [ring] } });
  assert.equal(want.demand, '老年人口');
  const gains = await page.$$eval('[data-testid=suggestion]', (lis) => lis.map((li) => Number(li.dataset.gain)));
  assert.deepEqual(gains, want.suggestions.map((g) => g.gain_population));
  await page.screenshot({ path: join(artifacts, 'app-siting-area.png') });
  // Accepting, clearing the capacity, setting it and the demand choice are undoable edits.
  await page.click('[data-testid=suggest-accept-all]');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await page.waitForSelector('[data-testid=capacity-split]');
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => !document.querySelector('[data-testid=capacity-split]'));
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => !document.querySelector('[data-testid=demand-ratio]'));
  assert.equal(await page.inputValue('[data-testid=demand-select]'), '');
  // A long run (fine grid, many stations, whole district) shows progress; cancel ends it and
  // its worker, and the plan stays editable.
  await page.click('[data-testid=area-clear]');
  await page.fill('[data-testid=suggest-count]', '300');
  await page.fill('[data-testid=suggest-spacing]', '10');
  await page.click('[data-testid=suggest-run]');
  await page.waitForFunction(() => Number(document.querySelector('#progress').dataset.fraction) > 0, null, { timeout: 30000 });
  const sitingWorker = page.workers().find((w) => w.url().endsWith('siting-worker.js'));
  assert.ok(sitingWorker, 'the run has its own worker');
  const closed = new Promise((resolve, reject) => {
    sitingWorker.once('close', resolve);
    setTimeout(() => reject(new Error('cancel did not stop the siting worker')), 5000);
  });
  await page.click('[data-testid=suggest-cancel]');
  assert.ok(await page.isHidden('#progress'));
  await closed;
  await page.selectOption('[data-testid=kind-select]', 'commercial_hub');
  await page.click('[data-testid=place]');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForTimeout(1500);
  assert.equal(await page.$$eval('[data-testid=suggestion]', (lis) => lis.length), 0, 'a cancelled run shows nothing');
  const hubs = (await rows(page)).find((r) => r.kind === 'commercial_hub').stations;
  assert.equal(hubs, expected(demoPlanner()).find((r) => r.kind === 'commercial_hub').stations + 1);
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('English switch: labels and numbers follow the language, figures stay the engine\'s', async () => {
  const { page, problems, context } = await open('/?lang=en');
  assert.equal(await page.textContent('#lang'), '中文');
  assert.match(await page.textContent('[data-testid=dataset]'), /synthetic data/);
  const labels = await page.$$eval('[data-testid=coverage-row] td:first-child', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(labels, demoPlanner().kinds().map((k) => k.label_en));
  await figuresEqual(page, expected(demoPlanner()), 'figures in English');
  await page.click('#lang');
  assert.equal(await page.textContent('#lang'), 'English');
  const zh = await page.$$eval('[data-testid=coverage-row] td:first-child', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(zh, ['红蜂驿站', '党群服务站', '商圈']);
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

/** The files of a zip archive (an .xlsx): name → Buffer, read from its central directory. */
function unzip(buf) {
  const out = new Map();
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = buf.readUInt32LE(eocd + 16);
  const count = buf.readUInt16LE(eocd + 10);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out.set(name, method === 8 ? inflateRawSync(data) : data);
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

/** A workbook's sheets as rows of cell values (numbers as numbers, shared strings resolved). */
function readXlsx(buf) {
  const files = unzip(buf);
  const text = (n) => files.get(n)?.toString('utf8') ?? '';
  const decode = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const shared = [...text('xl/sharedStrings.xml').matchAll(/<si>(.*?)<\/si>/gs)].map((m) => decode([...m[1].matchAll(/<t[^>]*>(.*?)<\/t>/gs)].map((t) => t[1]).join('')));
  const names = [...text('xl/workbook.xml').matchAll(/<sheet name="([^"]+)"/g)].map((m) => decode(m[1]));
  const sheets = new Map();
  names.forEach((name, i) => {
    const xml = text(`xl/worksheets/sheet${i + 1}.xml`);
    const rows = [];
    for (const r of xml.matchAll(/<row r="(\d+)"[^>]*>(.*?)<\/row>/gs)) {
      const row = [];
      for (const c of r[2].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
        const col = [...c[1]].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
        const v = /<v>(.*?)<\/v>/s.exec(c[3] ?? '')?.[1];
        row[col] = / t="s"/.test(c[2]) ? shared[Number(v)] : v === undefined ? '' : Number(v);
      }
      rows[Number(r[1]) - 1] = row;
    }
    sheets.set(name, { rows, frozen: /state="frozen"/.test(xml) });
  });
  return sheets;
}

test('proposals: a scenario against the baseline, the Excel workbook and the printed report', async () => {
  const { page, problems, context } = await open();
  const base = demoPlanner();
  await figuresEqual(page, expected(base), 'demo figures');
  assert.equal(await page.$eval('[data-testid=scenario]', (s) => s.value), '0');
  // A new proposal, then a 党群服务站 placed in it.
  await page.click('[data-testid=scenario-new]');
  await page.fill('[data-testid=name-input]', '方案一');
  await page.click('[data-testid=name-ok]');
  await page.waitForFunction(() => document.querySelector('[data-testid=scenario]').value === '1');
  await page.selectOption('[data-testid=kind-select]', 'party_service_station');
  await page.click('[data-testid=place]');
  const box = await mapBox(page);
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.4);
  await page.waitForFunction(() => document.querySelector('[data-testid=station-card]').dataset.id);
  await page.keyboard.press('Escape');
  const placed = await stationCard(page);
  const prop = demoPlanner();
  prop.addStation({ kind: 'party_service_station', lon: placed.lon, lat: placed.lat });
  await figuresEqual(page, expected(prop), 'the proposal');
  // Every kind's row shows its change against the baseline: the engine's difference.
  await page.waitForSelector('[data-testid=change]');
  const deltas = await page.$$eval('[data-testid=coverage-row]', (trs) => trs.map((tr) => Number(tr.querySelector('[data-testid=delta]')?.dataset.change)));
  const bk = base.summary().kinds;
  prop.summary().kinds.forEach((k, i) => assert.ok(Math.abs(deltas[i] - (k.coverage_ratio - bk[i].coverage_ratio)) < 1e-12, k.kind));
  assert.deepEqual(await page.$$eval('[data-testid=change]', (lis) => lis.map((li) => li.dataset.action)), ['added']);
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(artifacts, 'app-proposal.png') });
  // Back to the baseline: its own figures, no changes shown; and forth again.
  await page.selectOption('[data-testid=scenario]', '0');
  await figuresEqual(page, expected(base), 'the baseline again');
  assert.equal(await page.isHidden('[data-testid=changes-section]'), true);
  await page.selectOption('[data-testid=scenario]', '1');
  await figuresEqual(page, expected(prop), 'the proposal again');

  // The workbook: the comparison sheet holds the baseline, the proposal and the change.
  const xlsx = await download(page, () => page.click('[data-testid=export-xlsx]'));
  assert.match(xlsx.name, /方案一.*\.xlsx$/);
  const sheets = readXlsx(xlsx.bytes);
  assert.deepEqual([...sheets.keys()], ['概览', '按街道', '按社区', '按网格', '站点', '未覆盖居民点', '方案对比', '站点变更']);
  for (const [name, sheet] of sheets) assert.ok(sheet.frozen, `${name} has a frozen header`);
  const cmp = sheets.get('方案对比').rows;
  const ps = prop.summary();
  ps.kinds.forEach((k, i) => {
    const row = cmp.find((r) => r?.[0] === k.label);
    assert.equal(row[4], bk[i].covered_population, `${k.kind} baseline`);
    assert.equal(row[5], k.covered_population, `${k.kind} proposal`);
    // The change of a ratio in percentage points (百分点).
    assert.ok(Math.abs(row[9] - 100 * (k.coverage_ratio - bk[i].coverage_ratio)) < 1e-10);
  });
  const ov = sheets.get('概览').rows;
  ps.kinds.forEach((k) => assert.equal(ov.find((r) => r?.[0] === k.label)[3], k.covered_population));
  assert.equal(sheets.get('站点变更').rows[1][0], '新增');

  // The printed report: an A4 PDF from the print stylesheet with every section.
  await page.evaluate(() => { window.print = () => { document.body.dataset.printed = 'yes'; }; });
  await page.click('[data-testid=print-report]');
  // The title is the planner's (the file name is no title).
  await page.waitForSelector('#name-dialog[open]');
  await page.fill('[data-testid=name-input]', '梅园新村街道生活圈评估');
  await page.click('[data-testid=name-ok]');
  await page.waitForSelector('body[data-printed=yes]', { timeout: 30000 });
  await page.emulateMedia({ media: 'print' });
  const pdfPath = join(artifacts, 'report.pdf');
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString('utf8');
  for (const want of ['梅园新村街道生活圈评估', '生活圈服务设施覆盖报告', '站点与覆盖范围', '覆盖概况', '各社区覆盖率', '覆盖缺口', '方案变更：方案一', '方法与参数', '红蜂驿站', '党群服务站', '商圈', '新增', '距离、供需与目标', '距离中位数', '每千人供给（2SFCA）', '高斯两步移动搜索法']) {
    assert.ok(text.includes(want), `the PDF says ${want}`);
  }
  // The summary table's figures are the proposal's.
  for (const k of ps.kinds) assert.ok(text.includes(k.covered_population.toLocaleString('zh-CN')), `${k.kind} covered population in the PDF`);
  const info = execFileSync('pdfinfo', [pdfPath]).toString('utf8');
  assert.match(info, /Page size:\s+59[56]\.\d+ x 84[12]\.\d+ pts/, "A4 portrait");
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '2', pdfPath, join(artifacts, 'report-page')]);

  // The project file keeps the scenarios: opened in a fresh page, the proposal is active again.
  const project = await download(page, () => page.click('[data-testid=export-project]'));
  const fresh = await open();
  await fresh.page.setInputFiles('[data-testid=import-project]', project.path);
  await fresh.page.waitForFunction(() => document.querySelector('[data-testid=scenario]').value === '1');
  await figuresEqual(fresh.page, expected(prop), 'the reopened proposal');
  await fresh.page.selectOption('[data-testid=scenario]', '0');
  await figuresEqual(fresh.page, expected(base), 'the reopened baseline');
  assert.deepEqual(fresh.problems, { errors: [], outside: [] });
  await fresh.context.close();
  // Undo walks back through the two switches, the placement and the new proposal.
  for (let i = 0; i < 4; i++) await page.click('[data-testid=undo]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=scenario] option').length === 1);
  await figuresEqual(page, expected(base), 'everything undone');
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('a large district is drawn as cells below zoom 15, and they follow the edits', async () => {
  const { page, problems, context } = await open('/?residents=40000');
  assert.equal(await page.evaluate(() => document.body.dataset.lod), 'true');
  const sums = async () => page.evaluate(() => window.lifecircleProbe.cells());
  const all = async () => page.$eval('[data-testid=all-kinds-row]', (el) => ({ covered: Number(el.dataset.coveredPopulation) }));
  let c = await sums();
  const total = await page.evaluate(() => Number(document.querySelector('[data-testid=dataset]').textContent.match(/([\d,]+) 人/)[1].replace(/,/g, '')));
  assert.ok(c.count > 100 && c.count < 40000, `${c.count} cells`);
  assert.ok(Math.abs(c.population - total) < 1e-6, 'the cells hold every resident');
  // Coloured by every kind (the default): their covered sum is the completeness figure.
  assert.ok(Math.abs(c.covered - (await all()).covered) < 1e-6);
  // Place a station of the first kind: the cells follow the flips.
  await page.click('[data-testid=place]');
  const box = await mapBox(page);
  const before = (await all()).covered;
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.waitForFunction((b) => Number(document.querySelector('[data-testid=all-kinds-row]').dataset.coveredPopulation) !== b, before, { timeout: 20000 }).catch(() => {});
  await page.keyboard.press('Escape');
  await page.waitForTimeout(500);
  c = await sums();
  assert.ok(Math.abs(c.covered - (await all()).covered) < 1e-6, 'cells = completeness after the edit');
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('a kind can be renamed (its id stays); undo brings the name back', async () => {
  const { page, problems, context } = await open();
  await page.selectOption('[data-testid=kind-select]', 'red_bee_station');
  await page.click('[data-testid=kind-rename]');
  await page.fill('[data-testid=name-input]', '骑手驿站');
  await page.click('[data-testid=name-ok]');
  const label = () => page.$eval('[data-testid=coverage-row][data-kind=red_bee_station] td:first-child', (td) => td.textContent);
  await page.waitForFunction(() => document.querySelector('[data-testid=coverage-row][data-kind=red_bee_station] td:first-child').textContent === '骑手驿站');
  assert.equal(await page.$eval('[data-testid=kind-select]', (s) => s.value), 'red_bee_station');
  await figuresEqual(page, expected(demoPlanner()), 'figures unchanged by a rename');
  await page.click('[data-testid=undo]');
  await page.waitForFunction(() => document.querySelector('[data-testid=coverage-row][data-kind=red_bee_station] td:first-child').textContent === '红蜂驿站');
  assert.equal(await label(), '红蜂驿站');
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});
