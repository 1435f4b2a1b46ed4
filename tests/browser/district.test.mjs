// A real district in the app (issue 15): central Nanjing from OpenStreetMap on foot — the
// department stores of the Xinjiekou core serve people once isolated street pieces are left out,
// the panel says how the streets were joined and names what they do not reach, the threshold can
// be changed and undone; and completeness asks for every kind (Kotka: kinds with no station make
// it 0 until they are left out).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Planner, importOsm } from '../../www/pkg/lifecircle.js';
import { needsShared, sharedPath } from '../support/shared.mjs';
import { artifacts, open, expected, figuresEqual } from './helpers.mjs';

/** Imports an OSM file through 导入 OSM with the default rules and the rows of `tick` ticked
 * (`{tag: kind}`); returns the engine's equivalent. */
async function importThroughApp(page, file, tick = {}) {
  await page.setInputFiles('[data-testid=import-osm]', file);
  await page.waitForSelector('[data-testid=osm-rule-table]', { state: 'visible' });
  // Each rule's count for this file arrives while the dialog is open.
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=osm-rule-count]')].every((c) => c.dataset.taken !== undefined));
  for (const [tag, kind] of Object.entries(tick)) {
    await page.check(`[data-testid=osm-rule][data-tag="${tag}"] input[type=checkbox]`);
    await page.selectOption(`[data-testid=osm-rule][data-tag="${tag}"] select`, kind);
  }
  const rules = await page.evaluate(() => document.querySelector('[data-testid=osm-rules]').value);
  const takes = Object.fromEntries(await page.$$eval('[data-testid=osm-rule]', (trs) => trs.map((tr) => [tr.dataset.tag, Number(tr.querySelector('[data-testid=osm-rule-count]').dataset.taken)])));
  const name = file.split('/').pop().split('.')[0];
  await page.screenshot({ path: join(artifacts, `district-rules-${name}.png`) });
  await page.click('[data-testid=osm-ok]');
  await page.waitForFunction((n) => document.querySelector('[data-testid=dataset]').textContent.includes(n), name);
  const stationRules = rules.split('\n').map((l) => ({ tag: l.slice(0, l.lastIndexOf('=')), kind: l.slice(l.lastIndexOf('=') + 1) }));
  const r = importOsm(readFileSync(file), { station_rules: stationRules, default_station_rules: false });
  const p = new Planner();
  p.loadResidents(r.residents, { format: 'geojson' });
  p.loadStations(r.stations, { format: 'geojson', new_kind_radius_m: 500 });
  return { p, r, takes };
}

test('Nanjing on foot: isolated pieces left out, what is not reached named, the threshold undoable', { skip: needsShared('osm/nanjing_xinjiekou') }, async () => {
  const { page, problems, context } = await open();
  const { p, r, takes } = await importThroughApp(page, sharedPath('osm/nanjing_xinjiekou/source_osm_bbox.osm'));
  // The rule editor said what each rule takes from this file, first match winning.
  assert.equal(takes.commercial_hub, 15);
  assert.equal(takes['name~食堂'], 3);
  assert.ok(takes.daily_shopping >= 16, JSON.stringify(takes));
  // The default rules make the malls, department stores and markets 商圈 — no convenience shop,
  // supermarket or government office — and the canteens named …食堂 a kind of their own.
  const st = p.summary().stations;
  assert.equal(st.filter((s) => s.kind === 'commercial_hub').length, 15);
  assert.ok(!st.some((s) => /Lawson|便利|超市|政府/.test(s.name)), st.map((s) => s.name).join(' '));
  await page.selectOption('[data-testid=metric]', 'network');
  p.loadStreets(r.streets, { format: 'geojson' });
  p.setMetric('network');
  await figuresEqual(page, expected(p), 'Nanjing on foot');
  // Every department store and mall of the core serves people on foot.
  const served = new Map(p.summary().stations.map((s) => [s.name, s.served_population]));
  for (const name of ['东方商城', '中央商场', '大洋百货', '德基广场', '德基广场二期', '南京新百']) assert.ok(served.get(name) > 10000, `${name}: ${served.get(name)}`);
  // The panel says how the streets were joined (44 pieces, 1 joined, 5.4 km left out).
  const net = p.summary().network;
  assert.equal(net.pieces.joined_pieces, 1);
  await page.waitForSelector('[data-testid=network-note]', { state: 'visible' });
  const note = await page.textContent('[data-testid=network-note]');
  assert.match(note, new RegExp(`路网 ${net.pieces.pieces} 个连通片段，接入 1 个`));
  assert.match(note, /5\.4 km 孤立道路未接入/);
  assert.equal(await page.inputValue('[data-testid=min-piece]'), '5');
  // Each kind with stations gives its mean detour on foot.
  const detours = await page.$$eval('[data-testid=kind-detour]', (els) => els.map((e) => Number(e.dataset.detour)));
  assert.deepEqual(detours, net.kinds.filter((k) => k.mean_detour_ratio > 0).map((k) => k.mean_detour_ratio));
  await page.screenshot({ path: join(artifacts, 'district-nanjing-on-foot.png') });

  // Street names are drawn along the imported streets, with the device's fonts (no glyph server).
  await page.evaluate(() => window.lifecircleProbe.jumpTo(118.7835, 32.0418, 16));
  const labels = await page.evaluate(() => window.lifecircleProbe.streetLabels());
  assert.ok(labels.some((n) => /^(中山路|汉中路|中山南路|中山东路|石鼓路|王府大街)$/.test(n)), labels.join(' '));
  await page.screenshot({ path: join(artifacts, 'district-nanjing-street-names.png') });

  // A station placed 600 m east of every street reaches none: named in the panel, beside its kind.
  await page.evaluate(() => window.lifecircleProbe.jumpTo(118.8045, 32.045, 15));
  await page.waitForTimeout(300);
  await page.selectOption('[data-testid=kind-select]', 'red_bee_station');
  await page.click('[data-testid=place]');
  const at = await page.evaluate(() => window.lifecircleProbe.pixel(118.8060, 32.045));
  await page.mouse.click(at.x, at.y);
  await page.waitForSelector('[data-testid=unreachable-stations]');
  const off = await page.textContent('[data-testid=unreachable-stations]');
  assert.match(off, /不可达站点/);
  assert.match(await page.textContent('[data-testid=kind-unreachable]'), /1 站步行不可达/);
  await page.screenshot({ path: join(artifacts, 'district-unreachable-station.png') });
  await page.keyboard.press('Control+z');
  await page.waitForSelector('[data-testid=unreachable-stations]', { state: 'detached' });

  // Every piece joined (threshold 0): the stores on clipped footways serve no one again — the
  // figures equal the engine's under the same rule; one undo brings the 5 % back.
  await page.fill('[data-testid=min-piece]', '0');
  await page.locator('[data-testid=min-piece]').blur();
  p.setSnapRule({ min_piece_pct: 0 });
  await figuresEqual(page, expected(p), 'every piece joined');
  assert.ok(p.summary().stations.some((s) => s.name === '德基广场' && s.served_population === 0));
  await page.waitForFunction(() => /接入 44 个/.test(document.querySelector('[data-testid=network-note]').textContent));
  await page.click('[data-testid=undo]');
  p.setSnapRule({ min_piece_pct: 5 });
  await figuresEqual(page, expected(p), 'after undo');
  await page.waitForFunction(() => document.querySelector('[data-testid=min-piece]').value === '5');

  // The gap view on foot: every residence by its walk to the nearest 商圈 as a share of 3 km, as
  // the engine in Node walks it.
  await page.selectOption('[data-testid=kind-select]', 'commercial_hub');
  await page.selectOption('[data-testid=gap-view]', 'distance');
  const walks = p.nearestDistance('commercial_hub');
  const share = (q) => (q <= 0.25 ? 1 : q <= 0.5 ? 2 : q <= 0.75 ? 3 : q <= 1 ? 4 : q <= 2 ? 5 : 6);
  const radius = p.kinds().find((k) => k.id === 'commercial_hub').radius_m;
  const want = JSON.stringify(Array.from(walks, (d) => share(d / radius)));
  await page.waitForFunction((w) => JSON.stringify(window.lifecircleProbe.residentGap()) === w, want, { timeout: 30000 });
  assert.match(await page.textContent('[data-testid=legend-gap-what]'), /到最近的商圈的距离（步行路网/);
  await page.evaluate(() => window.lifecircleProbe.jumpTo(118.7835, 32.0418, 14.2));
  await page.waitForTimeout(1200);
  await page.screenshot({ path: join(artifacts, 'district-nanjing-gap-distance.png') });
  await page.selectOption('[data-testid=gap-view]', 'access');
  await page.waitForFunction(() => /每千人供给/.test(document.querySelector('[data-testid=legend-gap-what]')?.textContent ?? ''));
  await page.waitForTimeout(1200);
  await page.screenshot({ path: join(artifacts, 'district-nanjing-gap-access.png') });
  await page.selectOption('[data-testid=gap-view]', 'coverage');
  assert.deepEqual(problems, { errors: [], outside: [] });
  p.free();
  await context.close();
});

test('Nanjing: community census totals spread over its OpenStreetMap buildings through 人口分配', { skip: needsShared('osm/nanjing_xinjiekou') }, async () => {
  const { page, problems, context } = await open();
  const osm = sharedPath('osm/nanjing_xinjiekou/source_osm_bbox.osm');
  // Four community quadrants split at the residential buildings' median, from their 10th to 90th
  // percentiles (so each holds some buildings and some lie outside).
  const pts = JSON.parse(importOsm(readFileSync(osm), {}).residents).features.filter((f) => f.properties.building).map((f) => f.geometry.coordinates);
  const at = (v, q) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(q * (s.length - 1))]; };
  const xs = pts.map((c) => c[0]); const ys = pts.map((c) => c[1]);
  const [x0, x1, x2] = [at(xs, 0.1), at(xs, 0.5), at(xs, 0.9)];
  const [y0, y1, y2] = [at(ys, 0.1), at(ys, 0.5), at(ys, 0.9)];
  const squares = [[x0, y0, x1, y1], [x1, y0, x2, y1], [x0, y1, x1, y2], [x1, y1, x2, y2]].map(([a, b, c, d], i) => ({
    type: 'Feature', properties: { name: `社区${i}` },
    geometry: { type: 'Polygon', coordinates: [[[a, b], [c, b], [c, d], [a, d], [a, b]]] },
  }));
  const dir = mkdtempSync(join(tmpdir(), 'lifecircle-dis-'));
  const totals = join(dir, '社区人口.csv');
  writeFileSync(totals, '街道,社区,常住人口,60岁以上\n新街口街道,社区0,12000,2500\n新街口街道,社区1,8000,1700\n新街口街道,社区2,15001,3100\n新街口街道,社区3,9999,2049\n新街口街道,社区4,700,90\n');
  const communities = join(dir, '社区边界.geojson');
  writeFileSync(communities, JSON.stringify({ type: 'FeatureCollection', features: squares }));
  await page.click('[data-testid=disaggregate]');
  await page.waitForSelector('#disaggregate-dialog[open]');
  await page.setInputFiles('[data-testid=dis-totals]', totals);
  await page.setInputFiles('[data-testid=dis-buildings]', osm);
  await page.setInputFiles('[data-testid=dis-communities]', communities);
  await page.click('[data-testid=dis-ok]');
  await page.waitForFunction(() => /社区人口\.csv/.test(document.querySelector('[data-testid=dataset]').textContent), null, { timeout: 60000 });
  const status = await page.textContent('[data-testid=status] .toast-text');
  assert.match(status, /已把 4 个社区的人口分配到 \d+ 栋建筑/);
  assert.match(status, /无建筑的社区：社区4（700）/);
  assert.match(status, /栋建筑不在任何社区内/);
  // Each community holds exactly its total (the unit table, community level).
  await page.selectOption('[data-testid=unit-level]', 'community');
  const rows = Object.fromEntries(await page.$$eval('[data-testid=unit-row]', (trs) => trs.map((tr) => [tr.children[0].textContent, tr.children[1].textContent])));
  assert.deepEqual(rows, { 社区0: '12,000', 社区1: '8,000', 社区2: '15,001', 社区3: '9,999' });
  await page.waitForTimeout(1200);
  await page.screenshot({ path: join(artifacts, 'district-nanjing-disaggregated.png') });
  // One undo puts the demo's residents back.
  await page.click('[data-testid=undo]');
  await page.waitForFunction(() => !/社区人口\.csv/.test(document.querySelector('[data-testid=dataset]').textContent));
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('completeness asks for every kind: Kotka without some kinds is 0 until they are left out', { skip: needsShared('osm/kotka_fi') }, async () => {
  const { page, problems, context } = await open();
  // Daily shops ticked as 便民商业 in the rule editor: Kotka's supermarket is then its only station.
  const { p } = await importThroughApp(page, sharedPath('osm/kotka_fi/test.osm.pbf'), { daily_shopping: '便民商业' });
  assert.ok(p.kinds().some((k) => k.label === '便民商业' && k.stations > 0));
  const s = p.summary();
  assert.ok(s.all_kinds.missing.length > 0, 'Kotka has kinds with no station');
  assert.equal(s.all_kinds.coverage_ratio, 0);
  const row = '[data-testid=all-kinds-row]';
  await page.waitForFunction((m) => document.querySelector('[data-testid=all-kinds-row]').dataset.missing === m, s.all_kinds.missing.join(','));
  assert.equal(Number(await page.getAttribute(row, 'data-coverage-ratio')), 0);
  assert.match(await page.textContent('[data-testid=completeness-why]'), /尚无站点/);
  // Each missing kind unticked (不计入生活圈): completeness is then the engine's over the rest.
  for (const kind of s.all_kinds.missing) {
    await page.selectOption('[data-testid=kind-select]', kind);
    await page.uncheck('[data-testid=counted]');
    p.setKind({ kind, counted: false });
    await page.waitForFunction((k) => !document.querySelector('[data-testid=all-kinds-row]').dataset.missing.split(',').includes(k), kind);
  }
  const after = p.summary().all_kinds;
  assert.ok(after.coverage_ratio > 0 && after.missing.length === 0);
  await page.waitForFunction((r) => Number(document.querySelector('[data-testid=all-kinds-row]').dataset.coverageRatio) === r, after.coverage_ratio);
  assert.match(await page.textContent('[data-testid=completeness-why]'), /不计入/);
  await page.screenshot({ path: join(artifacts, 'district-kotka-completeness.png') });
  // Undone one by one, the kinds count again.
  for (let i = 0; i < s.all_kinds.missing.length; i++) {
    const n = await page.getAttribute('body', 'data-undo');
    await page.click('[data-testid=undo]');
    await page.waitForFunction((before) => document.body.dataset.undo !== before, n);
  }
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=all-kinds-row]').dataset.coverageRatio) === 0);
  assert.deepEqual(problems, { errors: [], outside: [] });
  p.free();
  await context.close();
});
