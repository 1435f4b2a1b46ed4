// The built web package (www/pkg) as JavaScript sees it, loaded in Node with initSync:
// same figures as the native CLI, typed arrays, thrown Errors, no panic across the boundary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { needsShared, sharedPath } from '../support/shared.mjs';
import { initSync, Planner, demoFiles, lifeCircleTiers, setMessageLanguage, walkingSpeeds } from '../../www/pkg/lifecircle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
initSync({ module: readFileSync(join(root, 'www/pkg/lifecircle_bg.wasm')) });

function demoPlanner() {
  const p = new Planner();
  p.loadResidents(readFileSync(join(root, 'www/demo/residents.csv')), { source: 'residents.csv' });
  p.loadStations(readFileSync(join(root, 'www/demo/stations.csv'), 'utf8'), { source: 'stations.csv' });
  return p;
}

test('summary() equals the native CLI report for the same files', () => {
  const p = demoPlanner();
  const cli = execFileSync(join(root, 'target/release/lifecircle'), [
    'coverage', '--residents', join(root, 'www/demo/residents.csv'), '--stations', join(root, 'www/demo/stations.csv'),
  ]);
  assert.deepEqual(p.summary(), JSON.parse(cli));
});

test('demoFiles() gives the same district as the CLI demo command, labelled synthetic', () => {
  const d = demoFiles();
  assert.equal(d.synthetic, true);
  assert.match(d.name, /合成/);
  assert.equal(d.residents, readFileSync(join(root, 'www/demo/residents.csv'), 'utf8'));
  assert.equal(d.stations, readFileSync(join(root, 'www/demo/stations.csv'), 'utf8'));
  assert.equal(lifeCircleTiers().map((t) => t.radius_m).join(), '300,500,1000');
});

test('per-resident results are typed arrays in file order', () => {
  const p = demoPlanner();
  const n = p.residentCount;
  const count = p.coveringCount('party_service_station');
  const dist = p.nearestDistance('党群服务站');
  const near = p.nearestStation('party_service_station');
  const pop = p.residentPopulation();
  const xy = p.residentCoordinates();
  assert.ok(count instanceof Uint32Array && dist instanceof Float64Array && near instanceof Uint32Array);
  assert.ok(pop instanceof Float64Array && xy instanceof Float64Array && p.kindsCovering() instanceof Uint8Array);
  assert.equal(count.length, n);
  assert.equal(xy.length, 2 * n);
  let covered = 0;
  for (let i = 0; i < n; i++) {
    if (count[i] > 0) { covered += pop[i]; assert.ok(dist[i] <= 500); }
    if (near[i] === 0xffffffff) assert.equal(dist[i], Infinity);
  }
  const k = p.summary().kinds.find((k) => k.kind === 'party_service_station');
  assert.ok(Math.abs(covered - k.covered_population) < 1e-6);
  // The first resident's coordinates are the file's first row.
  const first = readFileSync(join(root, 'www/demo/residents.csv'), 'utf8').split('\n')[1].split(',');
  assert.equal(xy[0], Number(first[0]));
  assert.equal(xy[1], Number(first[1]));
});

test('edits: add, move, remove, rename, radius', () => {
  const p = demoPlanner();
  const party = () => p.summary().kinds[1].covered_population;
  const before = party();
  const count = p.coveringCount('party_service_station');
  const xy = p.residentCoordinates();
  const i = count.findIndex((c) => c === 0);
  const id = p.addStation({ kind: '党群服务站', lon: xy[2 * i], lat: xy[2 * i + 1] });
  assert.ok(party() > before);
  assert.match(p.stations().find((s) => s.id === id).name, /^党群服务站\d+号$/);
  p.moveStation(id, 100.0, 25.0);
  assert.ok(Math.abs(party() - before) < 1e-6);
  p.renameStation(id, '<b>新站</b>');
  assert.equal(p.stations().find((s) => s.id === id).name, '<b>新站</b>');
  p.removeStation(id);
  assert.ok(Math.abs(party() - before) < 1e-6);
  p.setKind({ kind: 'party_service_station', tier: '15min' });
  assert.equal(p.kinds()[1].radius_m, 1000);
  assert.ok(party() > before);
});

test('errors in the page\'s language: the same place and value in Chinese', () => {
  const p = demoPlanner();
  setMessageLanguage('zh');
  try {
    assert.throws(() => p.loadResidents('经度,纬度,人口\n118.8,32.0,1\n118.8,32.0,约800\n', { source: '居民.csv' }),
      (e) => e.message === '居民.csv，第 3 行「人口」列：“约800”不是数字');
    assert.throws(() => p.loadStations('经度,纬度,类型\n118.8,32,小卖部\n', { source: '站点.csv' }), /站点\.csv，第 2 行「类型」列：未知的设施类型“小卖部”/);
    assert.throws(() => p.loadResidents('lon,lat\n1,2\n', { source: 'a.csv' }), /a\.csv，第 1 行：缺少「人口」或「户数」列/);
    assert.throws(() => p.setKind({ kind: '红蜂驿站', radius_m: -5 }), /服务半径“-5”无效/);
    assert.throws(() => p.setKind({ kind: '红蜂驿站', capacity: 0 }), /容量 0 须为正数/);
    assert.throws(() => setMessageLanguage('fr'), /unknown language 'fr'/);
  } finally {
    setMessageLanguage('en');
  }
  assert.throws(() => p.loadResidents('经度,纬度,人口\n118.8,32.0,约800\n', { source: 'r.csv' }), /r\.csv, line 2, column '人口': '约800' is not a number/);
});

test('errors are thrown as Error with what and where, and the plan survives', () => {
  const p = demoPlanner();
  const before = JSON.stringify(p.summary());
  assert.throws(() => p.loadResidents('经度,纬度,人口\n118.8,32.0,1\n118.8,abc,1\n', { source: 'bad.csv' }),
    (e) => e instanceof Error && /bad\.csv, line 3, column '纬度': 'abc' is not a number/.test(e.message));
  assert.throws(() => p.loadStations('lon,lat\n118.8,32\n'), (e) => e instanceof Error && /missing column kind/.test(e.message));
  assert.throws(() => p.loadStations('lon,lat,kind\n118.8,32,便利店\n'), /unknown kind '便利店'/);
  assert.throws(() => p.loadResidents(''), /residents: is empty/);
  assert.throws(() => p.loadResidents('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[118.8,32]},"properties":{"人口":-1}}]}'),
    /feature 0, property '人口': population -1 is negative/);
  assert.throws(() => p.removeStation(123456), /no station with id 123456/);
  assert.throws(() => p.moveStation(0, NaN, 32), /bad coordinate/);
  assert.throws(() => p.addStation({ kind: 'x', lon: 1, lat: 2 }), /unknown kind 'x'/);
  assert.throws(() => p.setKind({ kind: '商圈', radius_m: 0 }), /bad radius/);
  assert.throws(() => p.loadResidents('x', { formt: 'csv' }), /unknown key 'formt'/);
  assert.equal(JSON.stringify(p.summary()), before);
  // Still usable after every error.
  p.moveStation(0, 118.8, 32.06);
});

test('suggest() gives the CLI suggest answer; bad options are Errors', () => {
  const p = demoPlanner();
  const cli = (args) => JSON.parse(execFileSync(join(root, 'target/release/lifecircle'), [
    'suggest', '--residents', join(root, 'www/demo/residents.csv'), '--stations', join(root, 'www/demo/stations.csv'), ...args,
  ]));
  assert.deepEqual(p.suggest({ kind: 'red_bee_station', count: 3 }), cli(['--kind', 'red_bee_station', '--count', '3']));
  const t = p.suggest({ kind: '党群服务站', target_ratio: 0.9, spacing_m: 250 });
  assert.deepEqual(t, cli(['--kind', '党群服务站', '--target', '90%', '--spacing', '250']));
  assert.ok(t.covered_after >= 0.9 * t.total_population);
  // Candidates given as a list, in GCJ-02: answers come back in GCJ-02 with their ids.
  const sites = [{ lon: 118.8256, lat: 32.0612, id: 'A', name: '空置商铺A' }, { lon: 118.7801, lat: 32.0402, id: 'B' }];
  const r = p.suggest({ kind: 'red_bee_station', count: 1, candidates: sites, crs: 'gcj02' });
  assert.equal(r.suggestions.length, 1);
  assert.ok(['A', 'B'].includes(r.suggestions[0].id));
  const s = sites.find((x) => x.id === r.suggestions[0].id);
  assert.ok(Math.abs(r.suggestions[0].lon - s.lon) < 1e-9 && Math.abs(r.suggestions[0].lat - s.lat) < 1e-9);
  assert.throws(() => p.suggest({ kind: 'red_bee_station' }), /count or target_ratio/);
  assert.throws(() => p.suggest({ kind: 'red_bee_station', count: 2, spacing: 100 }), /unknown key 'spacing'/);
  assert.throws(() => p.suggest({ kind: 'red_bee_station', target_ratio: 2 }), /out of range/);
  assert.throws(() => p.suggest({ kind: 'nope', count: 1 }), /unknown kind/);
});

test('a capacity per kind splits its population: within, over, not reachable', () => {
  const p = demoPlanner();
  p.setKind({ kind: 'red_bee_station', capacity: 5000 });
  const s = p.summary();
  const c = s.kinds[0].capacity;
  assert.equal(c.per_station, 5000);
  assert.ok(Math.abs(c.within_capacity + c.over_capacity + c.not_reachable - s.total_population) < 1e-6);
  assert.equal(p.kinds()[0].capacity, 5000);
  assert.throws(() => p.setKind({ kind: 'red_bee_station', capacity: -1 }), /positive/);
  assert.equal(p.kinds()[0].radius_m, 1000, 'a refused capacity changes nothing');
  p.setKind({ kind: 'red_bee_station', capacity: null });
  assert.equal(p.summary().kinds[0].capacity, undefined);
});

test('a kind may serve a demand column: setKind({demand}), summary, suggest = CLI --demand', () => {
  const p = demoPlanner();
  assert.deepEqual(p.weightColumns, ['老年人口']);
  p.setKind({ kind: 'party_service_station', demand: '老年人口' });
  assert.equal(p.kinds()[1].demand, '老年人口');
  const d = p.summary().kinds[1].demand;
  assert.equal(d.column, '老年人口');
  assert.ok(d.total > 0 && d.covered > 0 && d.covered <= d.total);
  const cli = (args) => JSON.parse(execFileSync(join(root, 'target/release/lifecircle'), [
    'suggest', '--residents', join(root, 'www/demo/residents.csv'), '--stations', join(root, 'www/demo/stations.csv'), ...args,
  ]));
  const mine = p.suggest({ kind: 'party_service_station', count: 3 });
  assert.equal(mine.demand, '老年人口');
  assert.deepEqual(mine, cli(['--kind', 'party_service_station', '--count', '3', '--demand', '党群服务站=老年人口']));
  assert.deepEqual(p.summary(), JSON.parse(execFileSync(join(root, 'target/release/lifecircle'), [
    'coverage', '--residents', join(root, 'www/demo/residents.csv'), '--stations', join(root, 'www/demo/stations.csv'),
    '--demand', 'party_service_station=老年人口',
  ])));
  assert.throws(() => p.setKind({ kind: 'party_service_station', radius_m: 300, demand: '儿童' }), /no demand column '儿童'.*老年人口/);
  assert.equal(p.kinds()[1].radius_m, 500, 'a refused demand changes nothing');
  p.setKind({ kind: 'party_service_station', demand: null });
  assert.equal(p.summary().kinds[1].demand, undefined);
});

test('sitingInput + solveSiting answer as suggest does, report progress, and stop when told', async () => {
  const { solveSiting } = await import('../../www/pkg/lifecircle.js');
  const p = demoPlanner();
  for (const spec of [
    { kind: 'red_bee_station', count: 4, spacing_m: 150 },
    { kind: '党群服务站', target_ratio: 0.9, spacing_m: 250, crs: 'gcj02' },
  ]) {
    const input = p.sitingInput(spec);
    assert.ok(input.coords instanceof Float64Array && input.candidates instanceof Float64Array);
    const seen = [];
    const r = solveSiting(input, (f) => { seen.push(f); });
    assert.deepEqual(r, p.suggest(spec));
    assert.ok(seen.length >= 3 && seen.at(-1) === 1 && seen.every((f, i) => i === 0 || f >= seen[i - 1]), String(seen));
    let calls = 0;
    assert.throws(() => solveSiting(input, () => ++calls < 2), /cancelled/);
    assert.equal(calls, 2);
  }
});

test('a candidates file in GCJ-02 answers in WGS-84 with candidates_crs, or all in GCJ-02 with crs', () => {
  const p = demoPlanner();
  const wgs = p.residentCoordinates();
  const gcj = p.residentCoordinates('gcj02');
  // Five residences as candidate sites, written as an Amap (GCJ-02) export would give them.
  const picks = [10, 200, 1200, 2000, 2900];
  const csv = ['经度,纬度,名称', ...picks.map((i) => `${gcj[2 * i]},${gcj[2 * i + 1]},候选${i}`)].join('\n');
  const near = (a, b) => Math.abs(a - b) < 1e-7;
  const onMap = p.suggest({ kind: 'red_bee_station', count: 2, candidates: csv, candidates_crs: 'gcj02' });
  const inGcj = p.suggest({ kind: 'red_bee_station', count: 2, candidates: csv, crs: 'gcj02' });
  assert.deepEqual(onMap.suggestions.map((g) => g.name), inGcj.suggestions.map((g) => g.name));
  assert.ok(onMap.suggestions.length > 0);
  for (const [k, g] of onMap.suggestions.entries()) {
    const i = Number(g.name.slice(2));
    // Where the map draws: the residence's WGS-84 place; in GCJ-02: the file's own numbers.
    assert.ok(near(g.lon, wgs[2 * i]) && near(g.lat, wgs[2 * i + 1]), `${g.name} in WGS-84`);
    const h = inGcj.suggestions[k];
    assert.ok(near(h.lon, gcj[2 * i]) && near(h.lat, gcj[2 * i + 1]), `${g.name} in GCJ-02`);
  }
  assert.throws(() => p.suggest({ kind: 'red_bee_station', count: 1, candidates: csv, candidates_crs: 'utm' }), /unknown coordinate system/);
});

test('suggest({area}) only uses candidates inside the drawn polygon (GeoJSON, in the given crs)', () => {
  const p = demoPlanner();
  const s = p.summary();
  const xs = Array.from(p.residentCoordinates());
  // A box around the middle third of the district.
  const lon = xs.filter((_, i) => i % 2 === 0), lat = xs.filter((_, i) => i % 2 === 1);
  const [w, e] = [Math.min(...lon), Math.max(...lon)], [so, n] = [Math.min(...lat), Math.max(...lat)];
  const box = [w + (e - w) / 3, so + (n - so) / 3, w + (2 * (e - w)) / 3, so + (2 * (n - so)) / 3];
  const area = { type: 'Polygon', coordinates: [[[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]], [box[0], box[1]]]] };
  for (const candidates of ['grid', 'residents']) {
    const r = p.suggest({ kind: 'red_bee_station', count: 3, candidates, area });
    assert.ok(s.total_population > 0 && r.suggestions.length > 0);
    for (const g of r.suggestions) assert.ok(g.lon >= box[0] && g.lon <= box[2] && g.lat >= box[1] && g.lat <= box[3], JSON.stringify(g));
    assert.ok(r.candidates < p.suggest({ kind: 'red_bee_station', count: 3, candidates }).candidates);
  }
  assert.throws(() => p.suggest({ kind: 'red_bee_station', count: 1, area: { type: 'Point', coordinates: [118.8, 32] } }), /bad area.*Polygon/);
  // An area drawn on the (WGS-84) map, with answers asked in GCJ-02: same sites, other coordinates.
  const inWgs = p.suggest({ kind: 'red_bee_station', count: 3, area });
  const g = p.suggest({ kind: 'red_bee_station', count: 3, area, area_crs: 'wgs84', crs: 'gcj02' });
  assert.deepEqual(g.suggestions.map((x) => x.gain_population), inWgs.suggestions.map((x) => x.gain_population));
  assert.equal(g.candidates, inWgs.candidates);
  assert.ok(Math.abs(g.suggestions[0].lon - inWgs.suggestions[0].lon) > 1e-3, 'answers are in GCJ-02');
  // Read as GCJ-02 instead, the same numbers are a box some hundreds of metres away.
  assert.notEqual(p.suggest({ kind: 'red_bee_station', count: 3, area, crs: 'gcj02' }).candidates, 0);
});

test('walking network: importOsm + loadStreets + setMetric give the CLI import-osm + coverage --metric network figures', { skip: needsShared('osm/nanjing_xinjiekou/source_osm_bbox.osm') }, async () => {
  const { importOsm } = await import('../../www/pkg/lifecircle.js');
  const osmPath = sharedPath('osm/nanjing_xinjiekou/source_osm_bbox.osm');
  const bytes = readFileSync(osmPath);
  const seen = [];
  const imp = importOsm(bytes, {}, (done, total) => seen.push([done, total]));
  assert.equal(imp.counts.buildings, 1277);
  // Progress every quarter megabyte of the 1.5 MB file, climbing, never past the end.
  assert.ok(seen.length >= 5, JSON.stringify(seen));
  assert.ok(seen.every(([d, t], i) => t === bytes.length && d <= t && (i === 0 || d > seen[i - 1][0])));
  // 146 POIs in categories, and 3 outside every category taken by the default name rule …食堂.
  assert.equal(imp.counts.pois, 149);
  const dir = mkdtempSync(join(tmpdir(), 'lifecircle-osm-'));
  execFileSync(join(root, 'target/release/lifecircle'), ['import-osm', osmPath, '--out', dir], { stdio: 'ignore' });
  for (const layer of ['residents', 'stations', 'pois', 'streets']) {
    assert.deepEqual(JSON.parse(imp[layer]), JSON.parse(readFileSync(join(dir, `${layer}.geojson`), 'utf8')), layer);
  }
  const p = new Planner();
  p.loadResidents(imp.residents, { format: 'geojson' });
  p.loadStations(imp.stations, { format: 'geojson', new_kind_radius_m: 500 });
  assert.throws(() => p.setMetric('network'), /load streets first/);
  const info = p.loadStreets(imp.streets, { format: 'geojson' });
  assert.ok(info.edges > 1000 && info.walkable === imp.counts.walkable);
  const straight = p.summary();
  p.setMetric('network');
  assert.equal(p.metric, 'network');
  const walk = p.summary();
  const cli = JSON.parse(execFileSync(join(root, 'target/release/lifecircle'), [
    'coverage', '--residents', join(dir, 'residents.geojson'), '--stations', join(dir, 'stations.geojson'),
    '--streets', join(dir, 'streets.geojson'), '--metric', 'network', '--radius', '全龄食堂=500']));
  assert.deepEqual(walk, cli);
  assert.equal(walk.metric, 'network');
  // Per resident: detour ratios (≥ 1 where defined) and the residents no street reaches.
  const det = p.networkDetour('commercial_hub');
  assert.equal(det.length, p.residentCount);
  assert.ok(det.some((x) => x > 1) && det.every((x) => Number.isNaN(x) || x >= 1 - 1e-9));
  assert.equal(p.unreachableResidents().length, walk.network.unreachable_residents);
  walk.kinds.forEach((k, i) => assert.ok(k.covered_population <= straight.kinds[i].covered_population + 1e-6));
  // The streets straight from the .osm file give the same graph.
  const q = new Planner();
  q.loadResidents(imp.residents, { format: 'geojson' });
  q.loadStations(imp.stations, { format: 'geojson', new_kind_radius_m: 500 });
  assert.deepEqual(q.loadStreets(readFileSync(osmPath), { format: 'osm' }), info);
  q.setMetric('network');
  assert.deepEqual(q.summary(), walk);
  // Edits are followed: a station moved far away covers no one on foot.
  const hub = walk.stations.find((s) => s.kind === 'commercial_hub');
  p.moveStation(hub.id, hub.lon + 0.5, hub.lat);
  assert.equal(p.summary().stations.find((s) => s.id === hub.id).served_population, 0);
  p.setMetric('straight');
  assert.equal(p.summary().metric, 'straight');
  assert.throws(() => p.loadStreets('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}},{"type":"Feature","geometry":{"type":"LineString","coordinates":[[118.7,"x"]]},"properties":{}}]}', { source: 'bad.geojson' }), /bad\.geojson, feature 1/);
  // An .osm.pbf reads the same way (Kotka): same layers as the CLI writes from it.
  const kotka = sharedPath('osm/kotka_fi/test.osm.pbf');
  const k = importOsm(readFileSync(kotka), {});
  assert.equal(k.counts.buildings, 2171);
  const kdir = mkdtempSync(join(tmpdir(), 'lifecircle-pbf-'));
  execFileSync(join(root, 'target/release/lifecircle'), ['import-osm', kotka, '--out', kdir], { stdio: 'ignore' });
  assert.deepEqual(JSON.parse(k.streets), JSON.parse(readFileSync(join(kdir, 'streets.geojson'), 'utf8')));
  const r = new Planner();
  const kinfo = r.loadStreets(readFileSync(kotka), { format: 'pbf' });
  assert.equal(kinfo.walkable, k.counts.walkable);
  assert.throws(() => r.loadStreets('not bytes', { format: 'pbf' }), /bytes/);
});

test('siting on foot: suggest() under the network metric = CLI suggest --metric network = sitingInput + solveSiting', { skip: needsShared('osm/nanjing_xinjiekou/source_osm_bbox.osm') }, async () => {
  const { importOsm, solveSiting } = await import('../../www/pkg/lifecircle.js');
  const osmPath = sharedPath('osm/nanjing_xinjiekou/source_osm_bbox.osm');
  const imp = importOsm(readFileSync(osmPath), {});
  const dir = mkdtempSync(join(tmpdir(), 'lifecircle-osm-siting-'));
  execFileSync(join(root, 'target/release/lifecircle'), ['import-osm', osmPath, '--out', dir], { stdio: 'ignore' });
  const p = new Planner();
  p.loadResidents(imp.residents, { format: 'geojson' });
  p.loadStations(imp.stations, { format: 'geojson', new_kind_radius_m: 500 });
  p.loadStreets(imp.streets, { format: 'geojson' });
  const spec = { kind: 'party_service_station', count: 3, spacing_m: 150 };
  const straight = p.suggest(spec);
  assert.equal(straight.metric, 'straight');
  p.setMetric('network');
  const walk = p.suggest(spec);
  assert.equal(walk.metric, 'network');
  assert.equal(walk.covered_before, p.summary().kinds.find((k) => k.kind === 'party_service_station').covered_population);
  const cli = JSON.parse(execFileSync(join(root, 'target/release/lifecircle'), [
    'suggest', '--residents', join(dir, 'residents.geojson'), '--stations', join(dir, 'stations.geojson'),
    '--streets', join(dir, 'streets.geojson'), '--metric', 'network', '--kind', 'party_service_station', '--count', '3', '--spacing', '150',
    '--radius', '全龄食堂=500']));
  assert.deepEqual(walk, cli);
  const input = p.sitingInput(spec);
  assert.ok(input.cover_items instanceof Uint32Array && input.cover_start.length === input.candidates.length / 2 + 1);
  assert.deepEqual(solveSiting(input), walk);
  // Accepting the picks: walking coverage is what the answer said.
  for (const s of walk.suggestions) p.addStation({ kind: 'party_service_station', lon: s.lon, lat: s.lat });
  const after = p.summary().kinds.find((k) => k.kind === 'party_service_station').covered_population;
  assert.ok(Math.abs(after - walk.covered_after) < 1e-6, `${after} vs ${walk.covered_after}`);
});

test('a radius as walking time: setKind({minutes, speed}) is minutes × 60 × speed, profiles by name', () => {
  const a = demoPlanner();
  const b = demoPlanner();
  a.setKind({ kind: 'red_bee_station', minutes: 10, speed: 1.0 });
  b.setKind({ kind: 'red_bee_station', radius_m: 600 });
  assert.deepEqual(a.summary(), b.summary());
  const elderly = walkingSpeeds().find((p) => p.id === 'elderly');
  assert.equal(elderly.label, '老年人');
  assert.match(elderly.status, /参考值|已核对/);
  a.setKind({ kind: 'red_bee_station', minutes: 10, speed: '老年人' });
  assert.equal(a.kinds()[0].radius_m, 600 * elderly.speed_m_s);
  a.setKind({ kind: 'red_bee_station', minutes: 15 });
  assert.equal(a.kinds()[0].radius_m, 1000);
  assert.throws(() => a.setKind({ kind: 'red_bee_station', minutes: 7 }), /walking time at a speed/);
});
