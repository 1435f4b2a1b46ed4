// The package's TypeScript declarations (www/pkg/lifecircle.d.ts, typed by src/wasm/types.d.ts)
// against the engine itself: a small consumer app compiles under `strict`; every options
// interface has exactly the keys the facade accepts (the facade names them when refusing an
// unknown key); and real results — on the demo and on Nanjing on foot — written as TypeScript
// literals typed by the declared interfaces compile, so no field is missing or undeclared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { needsShared, sharedPath } from '../support/shared.mjs';
import * as L from '../../www/pkg/lifecircle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
L.initSync({ module: readFileSync(join(root, 'www/pkg/lifecircle_bg.wasm')) });
const tsc = join(root, 'node_modules/.bin/tsc');

test('package.json names the module, its types and its files', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'www/pkg/package.json'), 'utf8'));
  const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
  assert.equal(pkg.name, 'lifecircle');
  assert.equal(pkg.version, cargo.match(/^version = "(.*)"$/m)[1]);
  assert.equal(pkg.types, './lifecircle.d.ts');
  for (const f of pkg.files) readFileSync(join(root, 'www/pkg', f));
  assert.ok(pkg.files.includes('lifecircle_bg.wasm'));
});

test('a TypeScript consumer compiles against the package (strict; misuse refused)', () => {
  execFileSync(tsc, ['-p', join(root, 'tests/ts/tsconfig.json')], { stdio: 'pipe' });
});

/** The property names of each interface in src/wasm/types.d.ts (TypeScript's own parser). */
function declaredKeys() {
  const file = join(root, 'src/wasm/types.d.ts');
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out = {};
  for (const node of src.statements) {
    if (ts.isInterfaceDeclaration(node)) out[node.name.text] = node.members.map((m) => m.name.getText(src)).sort();
  }
  return out;
}

/** The keys the facade accepts for an options object: it names them when refusing `__probe`. */
function acceptedKeys(call) {
  try {
    call({ __probe: 1 });
  } catch (err) {
    const m = String(err.message).match(/unknown key '__probe'; expected one of (.*)$/);
    assert.ok(m, err.message);
    return m[1].split(', ').sort();
  }
  assert.fail('the probe key was accepted');
}

test('every options interface has exactly the keys the facade accepts', () => {
  const declared = declaredKeys();
  const p = new L.Planner();
  const cases = {
    LoadOptions: (o) => p.loadResidents('经度,纬度,人口\n', o),
    KindOptions: (o) => p.setKind(o),
    StationSpec: (o) => p.addStation(o),
    StreetOptions: (o) => p.loadStreets('', o),
    SnapOptions: (o) => p.setSnapRule(o),
    SummaryOptions: (o) => p.summary(o),
    SitingRequest: (o) => p.suggest(o),
    BaselineSpec: (o) => p.setBaseline(o),
    CompareSpec: (o) => p.compare(o),
    WorkbookOptions: (o) => p.workbook(o),
    BoundaryOptions: (o) => p.loadBoundaries('', o),
    DemoOptions: (o) => L.demoFiles(o),
    RuleCountsOptions: (o) => L.osmRuleCounts('', o),
    ImportOsmOptions: (o) => L.importOsm('', o),
    DisaggregateOptions: (o) => L.disaggregate('', '', o),
    StandardsOptions: (o) => L.readFacilityStandards('', o),
  };
  for (const [name, call] of Object.entries(cases)) {
    assert.deepEqual(declared[name], acceptedKeys(call), name);
  }
});

/** `value` as a TypeScript expression (typed arrays as empty ones of their type). */
function literal(value) {
  const marks = [];
  const text = JSON.stringify(value, (_, v) => {
    if (ArrayBuffer.isView(v)) { marks.push(v.constructor.name); return `__typed_${marks.length - 1}__`; }
    return v;
  }, 1);
  return text.replace(/"__typed_(\d+)__"/g, (_, i) => `new ${marks[Number(i)]}()`);
}

/** Compiles `results` (`[interface, value]`) as typed literals; throws tsc's errors. */
function compiles(results, name) {
  const dir = join(root, 'test-artifacts/types');
  mkdirSync(dir, { recursive: true });
  const lines = [`import type * as L from '../../www/pkg/lifecircle';`];
  results.forEach(([type, value], i) => lines.push(`export const r${i}: L.${type} = ${literal(value)};`));
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  try {
    execFileSync(tsc, ['--noEmit', '--strict', '--target', 'ES2022', '--module', 'ESNext', '--moduleResolution', 'bundler', '--lib', 'ES2022,ESNext.Disposable,DOM', file], { stdio: 'pipe' });
  } catch (err) {
    assert.fail(`${name}: real results do not match the declarations:\n${err.stdout}`);
  }
}

test('real results on the demo match the declared interfaces', () => {
  const p = new L.Planner();
  p.loadResidents(readFileSync(join(root, 'www/demo/residents.csv')), { source: 'residents.csv' });
  const stationsCsv = readFileSync(join(root, 'www/demo/stations.csv'), 'utf8');
  const kindNames = p.stationKinds(stationsCsv, {});
  p.loadStations(stationsCsv, { source: 'stations.csv' });
  // Every optional part present: capacity, demand, a target, boundaries and the residents
  // outside them.
  p.setKind({ kind: 'party_service_station', capacity: 2000, demand: '老年人口', target: '85%' });
  const xy = p.residentCoordinates();
  const [lon, lat] = [xy[0], xy[1]];
  const square = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '一片' }, geometry: { type: 'Polygon', coordinates: [[[lon - 0.01, lat - 0.01], [lon + 0.01, lat - 0.01], [lon + 0.01, lat + 0.01], [lon - 0.01, lat + 0.01], [lon - 0.01, lat - 0.01]]] } }] };
  const load = p.loadBoundaries(JSON.stringify(square), { level: 'community' });
  const stations = p.stations();
  p.setBaseline({ name: '现状', stations: stations.map((s) => ({ key: s.id, kind: s.kind, name: s.name, lon: s.lon, lat: s.lat })) });
  const id = p.addStation({ kind: 'red_bee_station', lon, lat });
  p.moveStation(stations[0].id, lon + 0.001, lat);
  const keys = stations.map((s) => [s.id, s.id]);
  const comparison = p.compare({ name: '方案', keys });
  assert.ok(id > 0 && comparison.changes.length === 2);
  const summary = p.summary();
  assert.ok(summary.kinds.some((k) => k.capacity && k.demand) && summary.unassigned.length === 1);
  const party = summary.kinds.find((k) => k.kind === 'party_service_station');
  assert.ok(party.target === 0.85 && party.units_below_target && party.access_per_1000 > 0);
  assert.ok(summary.units.some((u) => u.kinds.some((k) => k.target_met === false && k.shortfall_population > 0)));
  const suggestion = p.suggest({ kind: 'red_bee_station', count: 2, spacing_m: 400 });
  const input = p.sitingInput({ kind: 'red_bee_station', count: 2, spacing_m: 400 });
  const oneBuilding = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { 社区: '甲', 占地面积: 10 }, geometry: { type: 'Point', coordinates: [118.8, 32] } }] });
  const spread = L.disaggregate('街道,社区,常住人口\n东街道,甲,10\n东街道,乙,5\n', oneBuilding, {});
  compiles([
    ['Summary', summary], ['SummaryBrief', p.summaryBrief()], ['Kind[]', p.kinds()], ['Station[]', p.stations()],
    ['StationKindName[]', kindNames], ['BoundaryLoad', load], ['Comparison', comparison], ['SuggestResult', suggestion],
    ['SitingInput', input], ['SuggestResult', L.solveSiting(input)], ['AdminUnit[]', p.units()], ['CrsInfo', L.crsInfo('EPSG:4549')],
    ['LifeCircleTier[]', L.lifeCircleTiers()], ['SpeedProfile[]', L.walkingSpeeds()], ['DemoFiles', L.demoFiles({ residents: 20, stations: 3 })], ['OsmStationRules', L.osmStationRules()],
    ['SnapRule', p.snapRule()], ['Disaggregation', spread], ['FacilityStandard[]', L.facilityStandards()],
  ], 'demo');
});

test('real results on Nanjing on foot match the declared interfaces', { skip: needsShared('osm/nanjing_xinjiekou/source_osm_bbox.osm') }, () => {
  const bytes = readFileSync(sharedPath('osm/nanjing_xinjiekou/source_osm_bbox.osm'));
  const layers = L.importOsm(bytes, {});
  const takes = L.osmRuleCounts(bytes, { rules: L.osmStationRules().rules });
  const p = new L.Planner();
  p.loadResidents(layers.residents, { format: 'geojson' });
  p.loadStations(layers.stations, { format: 'geojson', new_kind_radius_m: 500 });
  const streets = p.loadStreets(layers.streets, { format: 'geojson', source: 'nanjing' });
  p.setMetric('network');
  const summary = p.summary();
  assert.ok(summary.network && summary.network.unreachable_stations.length >= 0);
  const input = p.sitingInput({ kind: 'red_bee_station', count: 2, spacing_m: 300 });
  assert.ok(input.cover_start instanceof Float64Array);
  compiles([
    ['OsmLayers', layers], ['RuleTake[]', takes], ['StreetsInfo', streets], ['Summary', summary],
    ['SuggestResult', p.suggest({ kind: 'red_bee_station', count: 2, spacing_m: 300 })], ['SitingInput', input],
  ], 'nanjing');
});
