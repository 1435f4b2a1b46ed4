// Census totals onto buildings from JavaScript: the same answer as the CLI's engine on a small
// district (each community's buildings sum exactly to its totals), the text loads as residents,
// the report names a community without buildings, and bad totals are refused in Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as L from '../../www/pkg/lifecircle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
L.initSync({ module: readFileSync(join(root, 'www/pkg/lifecircle_bg.wasm')) });

const square = (lon, lat, d) => [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]];
const fc = (features) => JSON.stringify({ type: 'FeatureCollection', features });

test('disaggregate spreads community totals over buildings by floor area', () => {
  const communities = fc([
    { type: 'Feature', properties: { name: '东社区' }, geometry: { type: 'Polygon', coordinates: square(118.80, 32.0, 0.01) } },
    { type: 'Feature', properties: { name: '西社区' }, geometry: { type: 'Polygon', coordinates: square(118.79, 32.0, 0.01) } },
  ]);
  const buildings = fc(Array.from({ length: 9 }, (_, i) => ({
    type: 'Feature',
    properties: { 名称: `${i}号楼`, ...(i % 2 ? { 层数: i + 1 } : {}) },
    geometry: { type: 'Polygon', coordinates: square(118.7925 + 0.002 * i, 32.004, 0.0002 + 0.00005 * i) },
  })));
  const totals = new TextEncoder().encode('社区,常住人口,60岁以上\n东社区,4001,803\n西社区,1999,420\n南社区,500,60\n');
  const out = L.disaggregate(totals, buildings, { communities, totals_source: '人口.csv' });
  assert.equal(out.buildings, 9);
  assert.equal(out.report.without_buildings[0].community, '南社区');
  assert.equal(out.report.default_floors, 5);
  const features = JSON.parse(out.text).features;
  const sum = (c, key) => features.filter((f) => f.properties.社区 === c).reduce((s, f) => s + f.properties[key], 0);
  assert.equal(sum('东社区', '人口'), 4001);
  assert.equal(sum('西社区', '人口'), 1999);
  assert.equal(sum('东社区', '60岁以上'), 803);
  assert.ok(features.every((f) => f.properties.估算 === true && /按建筑面积/.test(f.properties.估算依据)));
  // Shares follow floor area: within one person of the exact proportion.
  for (const c of ['东社区', '西社区']) {
    const mine = features.filter((f) => f.properties.社区 === c);
    const area = mine.reduce((s, f) => s + f.properties.占地面积 * f.properties.层数, 0);
    const total = sum(c, '人口');
    for (const f of mine) assert.ok(Math.abs(f.properties.人口 - (total * f.properties.占地面积 * f.properties.层数) / area) < 1.01);
  }
  // It loads as residents, each community holding its total.
  const p = new L.Planner();
  p.loadResidents(out.text, { format: 'geojson' });
  const units = p.summary({ distances: false, access: false }).units.filter((u) => u.level === 'community');
  assert.deepEqual(units.map((u) => [u.name, u.total_population]).sort(), [['东社区', 4001], ['西社区', 1999]]);
  // The CSV form says the same.
  const csv = L.disaggregate(totals, buildings, { communities, format: 'csv' });
  const q = new L.Planner();
  q.loadResidents(csv.text, {});
  assert.equal(q.summary({ distances: false, access: false }).total_population, 6000);
  // Bad totals: the file, line and column, in Chinese.
  L.setMessageLanguage('zh');
  assert.throws(() => L.disaggregate('社区,常住人口\n东社区,很多\n', buildings, { communities, totals_source: '人口.csv' }), /人口\.csv.*第 2 行.*常住人口.*“很多”不是数字/);
  L.setMessageLanguage('en');
});
