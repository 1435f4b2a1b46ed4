// Project files and autosaves as the worker checks them (www/worker/project-check.js) before
// anything is built: every defect the hostile review found is refused with a message naming it,
// or cleaned where the file can still open (a bad view, layers given as addresses); version 1 is
// migrated, a newer version refused; the residents block and the streamed residents export read
// back exactly; the app's residents limit holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { initSync, Planner } from '../../www/pkg/lifecircle.js';
import { checkProject, toBase64, fromBase64, PROJECT_VERSION } from '../../www/worker/project-check.js';
import { setWorkerLanguage } from '../../www/worker/say.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
initSync({ module: readFileSync(join(root, 'www/pkg/lifecircle_bg.wasm')) });

const kinds = [
  { id: 'red_bee_station', label: '红蜂驿站', label_en: 'Red Bee rest station', radius_m: 1000, capacity: null, demand: null },
  { id: 'party_service_station', label: '党群服务站', label_en: 'Party service station', radius_m: 500, capacity: null, demand: null },
];

/** A valid version-2 project with `stations` and `extra` fields. */
function project(stations, extra = {}) {
  return { format: 'lifecircle-project', version: 2, kinds, residents: null, stations, next_station_id: 1, streets: null, metric: 'straight', scenarios: null, ...extra };
}

const st = (id, kind = 'red_bee_station', lon = 118.8, lat = 32.06) => ({ id, kind, name: `站${id}`, lon, lat });

test('a valid project is read as it is; ids continue after the largest', () => {
  const p = checkProject(project([st(3), st(7)]));
  assert.equal(p.version, PROJECT_VERSION);
  assert.deepEqual(p.stations.map((s) => s.id), [3, 7]);
  assert.equal(p.next_station_id, 8);
  assert.deepEqual(p.warnings, []);
});

test('150,000 stations: no spread of ids onto the call stack', () => {
  const many = Array.from({ length: 150_000 }, (_, i) => st(i + 1, 'red_bee_station', 118 + (i % 1000) * 1e-3, 32 + Math.floor(i / 1000) * 1e-3));
  const p = checkProject(project(many));
  assert.equal(p.stations.length, 150_000);
  assert.equal(p.next_station_id, 150_001);
});

test('station ids must be unique whole numbers', () => {
  assert.throws(() => checkProject(project([st(1), st(1)])), /repeats id 1/);
  assert.throws(() => checkProject(project([st('5')])), /id "5": ids are whole numbers/);
  assert.throws(() => checkProject(project([st(1.5)])), /whole numbers/);
  assert.throws(() => checkProject(project([st(0)])), /whole numbers from 1/);
  assert.throws(() => checkProject(project([st(1, 'school')])), /kind "school", which the project does not define/);
  assert.throws(() => checkProject(project([st(1, 'red_bee_station', 245.9, 32)])), /not on the earth/);
  assert.throws(() => checkProject(project([st(1, 'red_bee_station', NaN, 32)])), /not on the earth/);
});

test('an invalid active scenario is refused (it used to replace the plan and break undo)', () => {
  const scenarios = { active: 3, list: [{ name: null }, { name: '方案1', edits: null }] };
  assert.throws(() => checkProject(project([st(1)], { scenarios })), /active scenario 3 is not one of its 2 scenarios/);
  const noBase = { active: 1, list: [{ name: null }, { name: '方案1', edits: null }] };
  assert.throws(() => checkProject(project([st(1)], { scenarios: noBase })), /baseline should be a list/);
  // A proposal that adds a station under an id the baseline has would make two stations one.
  const clash = { active: 0, list: [{ name: null }, { name: '方案1', edits: { added: [st(1)], changed: [], removed: [] } }] };
  assert.throws(() => checkProject(project([st(1)], { scenarios: clash })), /adds station 1, an id the baseline already has/);
  // Ids used only by a proposal still move the next id on.
  const ok = { active: 0, list: [{ name: null }, { name: '方案1', edits: { added: [st(40)], changed: [], removed: [1] } }] };
  assert.equal(checkProject(project([st(1)], { scenarios: ok })).next_station_id, 41);
});

test('in a Chinese page the project file\'s errors are Chinese, with the same facts', () => {
  setWorkerLanguage('zh');
  try {
    assert.throws(() => checkProject(project([st(1), st(1)])), /^Error: 项目文件：站点第 2 个站点的编号 1 重复$/);
    assert.throws(() => checkProject(project([st(1, 'school')])), /站点第 1 个站点的类型 "school" 在项目中未定义/);
    assert.throws(() => checkProject({ ...project([]), version: 4 }), /由更新版本的 Lifecircle 保存（项目版本 4）；本程序可打开版本 1 至 3：请更新程序/);
    const clash = { active: 0, list: [{ name: null }, { name: '方案1', edits: { added: [st(1)], changed: [], removed: [] } }] };
    assert.throws(() => checkProject(project([st(1)], { scenarios: clash })), /方案「方案1」新增的站点 1 与现状的站点编号重复/);
    const added = { active: 0, list: [{ name: null }, { name: '方案1', edits: { added: [st(7, 'x')], changed: [], removed: [] } }] };
    assert.throws(() => checkProject(project([st(1)], { scenarios: added })), /方案「方案1」新增第 1 个站点的类型 "x" 在项目中未定义/);
    assert.deepEqual(checkProject({ ...project([]), layers: { user: 'https://example.com/x.json' } }).warnings, ['图层 user 不是 GeoJSON 数据，已略去']);
  } finally {
    setWorkerLanguage('en');
  }
  assert.throws(() => checkProject(project([st(1), st(1)])), /^Error: project file: stations, station 2 repeats id 1$/);
});

test('versions: 1 is migrated, a newer one refused', () => {
  const v1 = { ...project([st(1)]), version: 1, residents: { type: 'FeatureCollection', features: [] }, residents_estimated: 0 };
  const p = checkProject(v1);
  assert.equal(p.version, PROJECT_VERSION);
  assert.equal(p.residents.format, 'geojson');
  assert.throws(() => checkProject({ ...project([]), version: 4 }), /newer Lifecircle \(project version 4\); this app opens versions 1 to 3/);
  // Version 2 has no boundaries; version 3's are {geojson, sources} with known levels.
  assert.equal(checkProject({ ...project([]), version: 2 }).boundaries, null);
  const b = { geojson: '{"type":"FeatureCollection","features":[]}', sources: { community: '社区.zip' } };
  assert.deepEqual(checkProject({ ...project([]), boundaries: b }).boundaries, b);
  assert.throws(() => checkProject({ ...project([]), boundaries: { geojson: '{}', sources: { county: 'x' } } }), /boundaries of level "county"/);
  assert.throws(() => checkProject({ ...project([]), boundaries: 'http://example.com' }), /boundaries should be \{geojson, sources\}/);
  assert.throws(() => checkProject({ ...project([]), format: 'something' }), /not a Lifecircle project/);
  assert.throws(() => checkProject(null), /not a Lifecircle project/);
});

test('a bad view is left out, not a failed open; layers are data, never addresses', () => {
  const p = checkProject(project([st(1)], {
    view: { center: ['a', 1], zoom: 'far' },
    layers: { basemap: 'https://example.com/evil.geojson', user: { type: 'FeatureCollection', features: [] }, boundaries: { url: 'http://127.0.0.2/x' } },
  }));
  assert.equal(p.view, null);
  assert.deepEqual(p.layers, { basemap: null, boundaries: null, user: { type: 'FeatureCollection', features: [] } });
  assert.equal(p.warnings.length, 2);
  assert.match(p.warnings.join(' '), /basemap, boundaries are not GeoJSON data/);
  const good = checkProject(project([], { view: { center: [118.8, 32.06], zoom: 13, kind: 'red_bee_station', level: 'grid', display: 'all', lang: 'xx' } }));
  assert.deepEqual(good.view, { center: [118.8, 32.06], zoom: 13, kind: 'red_bee_station', display: 'all', level: 'grid' });
});

test('the residents block: base64 round trip, damaged data refused by the engine', () => {
  const p = new Planner();
  p.loadResidents(readFileSync(join(root, 'www/demo/residents.csv')), {});
  const block = p.residentsBinary();
  assert.deepEqual(fromBase64(toBase64(block)), block);
  const q = new Planner();
  q.loadResidents(block, {});
  assert.equal(q.residentCount, p.residentCount);
  assert.deepEqual(q.summary(), p.summary());
  assert.throws(() => checkProject(project([], { residents: { format: 'lifecircle-residents', data: 'not base64!' } })), /residents data is not base64/);
  const cut = new Planner();
  assert.throws(() => cut.loadResidents(block.subarray(0, block.length - 3), {}), /cut off|bytes/);
  assert.equal(cut.residentCount, 0);
});

test('residents GeoJSON in pieces is the same text as in one string', () => {
  const p = new Planner();
  p.loadResidents(readFileSync(join(root, 'www/demo/residents.csv')), {});
  p.loadStations(readFileSync(join(root, 'www/demo/stations.csv')), {});
  const pieces = [];
  p.residentsGeoJsonPieces('gcj02', 1 << 16, (s) => pieces.push(s));
  assert.ok(pieces.length > 5, `${pieces.length} pieces`);
  assert.equal(pieces.join(''), p.residentsGeoJson('gcj02'));
});

test('the app reads at most its residents limit, in every format', () => {
  const p = new Planner();
  const csv = '经度,纬度,人口\n118.8,32.06,1\n118.8,32.07,1\n118.8,32.08,1\n';
  assert.throws(() => p.loadResidents(csv, { max_rows: 2 }), /line 4: the file has more than 2 residents/);
  p.loadResidents(csv, {});
  assert.throws(() => new Planner().loadResidents(p.residentsBinary(), { max_rows: 2 }), /more than 2 residents/);
});

test('a Rust panic reaches JS as an Error with its message', () => {
  const p = new Planner();
  assert.throws(() => p.crashForTest('panic'), /lifecircle engine panic: [\s\S]*crashForTest with 0 residents/);
});
