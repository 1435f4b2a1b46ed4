// A planner's work is never lost (issue 14), in headless Chromium: edits are autosaved and come
// back after a reload and in a new tab, with 新建空白项目 / 打开示例 both undoable; a broken engine
// (a trap, a panic) is replaced by a fresh worker opened from the autosave, and later edits work;
// every import that fails leaves the saved project byte-identical and the history as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, origin, open, rows, expected, demoPlanner, figuresEqual, stationCard, mapBox, download } from './helpers.mjs';

/** Places a station of `kind` by clicking the map at the fractions `fx`, `fy` of its box. */
async function place(page, kind, fx, fy) {
  const n = await page.evaluate(() => window.lifecircleProbe.stations().length);
  await page.selectOption('[data-testid=kind-select]', kind);
  await page.click('[data-testid=place]');
  const box = await mapBox(page);
  await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
  await page.waitForFunction((want) => document.querySelector('[data-testid=station-card]').dataset.id && window.lifecircleProbe.stations().length === want, n + 1);
  const s = await stationCard(page);
  await page.keyboard.press('Escape');
  return s;
}

/** Waits until the autosave has written the latest change (the state seen may still be the save
 * before it until the worker announces the change: past the 400 ms debounce first). */
async function autosaved(page) {
  await page.waitForTimeout(700);
  await page.waitForSelector('[data-testid=autosave][data-state=saved]', { timeout: 20000 });
}

/** Asserts two saved projects are the same, naming the fields that differ (not printing them). */
function sameProject(got, want, what) {
  if (got === want) return;
  const [g, w] = [JSON.parse(got), JSON.parse(want)];
  const keys = [...new Set([...Object.keys(g), ...Object.keys(w)])].filter((k) => JSON.stringify(g[k]) !== JSON.stringify(w[k]));
  assert.fail(`${what}: the saved project differs in ${keys.map((k) => `${k} (${JSON.stringify(g[k])?.slice(0, 300)} vs ${JSON.stringify(w[k])?.slice(0, 300)})`).join('; ')}`);
}

/** The project file the page saves now, without its time stamp. */
async function savedProject(page) {
  const p = JSON.parse((await download(page, () => page.click('[data-testid=export-project]'))).bytes.toString('utf8'));
  delete p.saved_at;
  return JSON.stringify(p);
}

test('edits are autosaved and come back after a reload and in a new tab; blank and demo are undoable', async () => {
  const { page, problems, context } = await open();
  await page.waitForTimeout(1500); // the map settles where the demo fits
  const base = demoPlanner();
  const s = await place(page, 'party_service_station', 0.62, 0.55);
  base.addStation({ kind: 'party_service_station', lon: s.lon, lat: s.lat });
  await page.click('.tiers button[data-radius="300"]');
  base.setKind({ kind: 'party_service_station', radius_m: 300 });
  await figuresEqual(page, expected(base), 'edited');
  await autosaved(page);
  assert.match(await page.textContent('[data-testid=autosave]'), /已自动保存 · \d\d:\d\d:\d\d/);

  await page.reload();
  await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
  await figuresEqual(page, expected(base), 'after a reload');
  assert.match(await page.textContent('[data-testid=restore-banner]'), /已恢复上次的工作 · \d\d:\d\d:\d\d/);
  assert.equal(await page.isVisible('[data-testid=restore-banner]'), true);
  await page.screenshot({ path: join(artifacts, 'work-restored.png') });

  // A closed tab: the work is there in a new one.
  await page.close();
  const tab = await context.newPage();
  tab.on('pageerror', (e) => problems.errors.push(String(e)));
  await tab.goto(origin + '/');
  await tab.waitForSelector('body[data-ready=true]', { timeout: 60000 });
  await figuresEqual(tab, expected(base), 'in a new tab');

  // 打开示例 replaces the work, undoably; so does 新建空白项目.
  await tab.click('[data-testid=open-demo]');
  await figuresEqual(tab, expected(demoPlanner()), 'the demo');
  await tab.keyboard.press('Control+z');
  await figuresEqual(tab, expected(base), 'undo of opening the demo');
  // The undo is saved before the page is reloaded (a reload while a save is pending asks first).
  await autosaved(tab);
  await tab.reload();
  await tab.waitForSelector('body[data-ready=true]', { timeout: 60000 });
  await tab.click('[data-testid=new-blank]');
  // "0 处住宅", not the "3,000 处住宅" still shown before the blank project arrives.
  await tab.waitForFunction(() => /(^|[^\d,])0 处住宅/.test(document.querySelector('[data-testid=dataset]').textContent));
  assert.ok((await rows(tab)).every((r) => r.stations === 0 && r.covered === 0));
  assert.match(await tab.textContent('[data-testid=gaps]'), /尚无居民数据/);
  await tab.screenshot({ path: join(artifacts, 'work-blank.png') });
  await tab.keyboard.press('Control+z');
  await figuresEqual(tab, expected(base), 'undo of the blank project');
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('a broken engine is replaced by a fresh worker opened from the autosave; later edits work', async () => {
  const { page, problems, context } = await open();
  await page.waitForTimeout(1500); // the map settles where the demo fits
  const base = demoPlanner();
  const s = await place(page, 'red_bee_station', 0.4, 0.4);
  base.addStation({ kind: 'red_bee_station', lon: s.lon, lat: s.lat });
  await figuresEqual(page, expected(base), 'placed');
  await autosaved(page);
  for (const [how, said] of [['trap', /unreachable/], ['panic', /lifecircle engine panic[\s\S]*crashForTest with 3000 residents/]]) {
    await page.evaluate(() => { document.querySelector('[data-testid=status]').dataset.kind = ''; });
    const failed = await page.evaluate((h) => window.lifecircleProbe.crash(h).then(() => 'answered', (e) => e.message), how);
    assert.match(failed, said);
    await page.waitForSelector('[data-testid=status][data-kind=error]', { timeout: 30000 });
    const message = await page.textContent('[data-testid=status] .toast-text');
    assert.match(message, said);
    assert.match(message, /恢复到 \d\d:\d\d:\d\d 自动保存的工作/);
    await figuresEqual(page, expected(base), `restored after a ${how}`);
  }
  await page.screenshot({ path: join(artifacts, 'work-engine-restarted.png') });
  // The fresh engine takes edits, undo, saves and exports: nothing says "recursive use".
  const t = await place(page, 'commercial_hub', 0.7, 0.3);
  base.addStation({ kind: 'commercial_hub', lon: t.lon, lat: t.lat });
  await figuresEqual(page, expected(base), 'an edit after the restart');
  await page.keyboard.press('Control+z');
  base.removeStation(base.stations().at(-1).id);
  await figuresEqual(page, expected(base), 'undo after the restart');
  const project = JSON.parse(await savedProject(page));
  assert.equal(project.stations.length, 50);
  assert.doesNotMatch(await page.textContent('[data-testid=status]'), /recursive use/);
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

/** An OSM file: two buildings and a footway, and POIs of `kinds` shop values (none: no POIs). */
function osmFile(kinds = 0) {
  const pois = Array.from({ length: kinds }, (_, i) => `<node id="${100 + i}" lat="32.0405" lon="${118.78 + i * 1e-5}"><tag k="shop" v="s${i}"/></node>`).join('');
  return `<?xml version="1.0"?><osm version="0.6">
<node id="1" lat="32.04" lon="118.78"/><node id="2" lat="32.04" lon="118.781"/><node id="3" lat="32.041" lon="118.781"/><node id="4" lat="32.041" lon="118.78"/>
<node id="5" lat="32.042" lon="118.78"/><node id="6" lat="32.042" lon="118.781"/><node id="7" lat="32.043" lon="118.781"/><node id="8" lat="32.043" lon="118.78"/>
${pois}
<way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/><tag k="building" v="residential"/><tag k="building:levels" v="6"/></way>
<way id="11"><nd ref="5"/><nd ref="6"/><nd ref="7"/><nd ref="8"/><nd ref="5"/><tag k="building" v="apartments"/></way>
<way id="12"><nd ref="1"/><nd ref="5"/><tag k="highway" v="footway"/></way>
</osm>`;
}

/** Imports an OSM file through its rules dialog (`rules` replace the defaults when given). */
async function importOsm(page, path, rules) {
  await page.setInputFiles('[data-testid=import-osm]', path);
  await page.waitForSelector('[data-testid=osm-rule-table]', { state: 'visible' });
  if (rules) {
    await page.click('[data-testid=osm-advanced] summary');
    await page.fill('[data-testid=osm-rules]', rules);
  }
  await page.click('[data-testid=osm-ok]');
}

test('every import is all or nothing: a refused file leaves the saved project byte-identical', async () => {
  const { page, problems, context } = await open();
  await page.waitForTimeout(1500); // the map settles where the demo fits
  await place(page, 'party_service_station', 0.5, 0.6);
  await page.click('[data-testid=scenario-new]');
  await page.fill('[data-testid=name-input]', '方案甲');
  await page.click('[data-testid=name-ok]');
  await place(page, 'red_bee_station', 0.3, 0.7);
  const before = await savedProject(page);
  const undo = await page.getAttribute('body', 'data-undo');
  const file = (name, text) => { const p = join(artifacts, name); writeFileSync(p, text); return p; };
  const good = JSON.parse(before);
  const refused = [
    ['import-residents', file('bad-row.csv', '经度,纬度,人口\n118.8,32.06,10\n118.81,32.06,1e308\n'), /1,000,000/],
    ['import-residents', file('wide.csv', `经度,纬度,人口,${Array.from({ length: 2000 }, (_, i) => `c${i}`).join(',')}\n`), /最多读取 1,000 列/],
    ['import-stations', file('bad-stations.geojson', '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[118.8,91]},"properties":{"kind":"红蜂驿站"}}]}'), /纬度 91 超出范围/],
    ['import-streets', file('bad-streets.geojson', '{"type":"FeatureCollection","features":[{"type":"Feature"'), /bad-streets/],
    ['import-project', file('bad-active.lifecircle.json', JSON.stringify({ ...good, scenarios: { ...good.scenarios, active: 7 } })), /项目文件：当前方案 7 不在其 \d+ 个方案之中/],
    ['import-project', file('dup-ids.lifecircle.json', JSON.stringify({ ...good, stations: [...good.stations, good.stations[0]] })), /项目文件：站点第 \d+ 个站点的编号 \d+ 重复/],
    ['import-project', file('newer.lifecircle.json', JSON.stringify({ ...good, version: 9 })), /由更新版本的 Lifecircle 保存（项目版本 9）；本程序可打开版本 1 至 3：请更新程序/],
    ['import-project', file('damaged.lifecircle.json', JSON.stringify({ ...good, residents: { ...good.residents, data: good.residents.data.slice(0, 400) } })), /被截断|损坏|字节/],
    ['import-project', file('not-json.lifecircle.json', '{"format": "lifecircle-project", '), /项目文件不是有效的 JSON/],
  ];
  const fresh = () => page.evaluate(() => { document.querySelector('[data-testid=status]').dataset.kind = ''; });
  for (const [input, path, said] of refused) {
    await fresh();
    await page.setInputFiles(`[data-testid=${input}]`, path);
    await page.waitForSelector('[data-testid=status][data-kind=error]');
    const message = await page.textContent('[data-testid=status] .toast-text');
    assert.match(message, said, path);
    assert.match(message, /导入失败，当前数据未改变/);
    // In the page's language: no English sentence inside the Chinese one.
    assert.doesNotMatch(message, /\b(is|the|not|has|should|line|column)\b/, path);
    sameProject(await savedProject(page), before, `${path} changed the plan`);
    assert.equal(await page.getAttribute('body', 'data-undo'), undo, `${path} added to the history`);
    await page.click('[data-testid=status-close]');
  }
  // An OpenStreetMap file whose stations would need more kinds than a plan holds: its residents
  // and streets were read, and still nothing changes.
  const rules = Array.from({ length: 260 }, (_, i) => `shop=s${i}=类型${i}`).join('\n');
  await fresh();
  await importOsm(page, file('many-kinds.osm', osmFile(260)), rules);
  await page.waitForSelector('[data-testid=status][data-kind=error]');
  assert.match(await page.textContent('[data-testid=status] .toast-text'), /最多 250 种设施类型/);
  sameProject(await savedProject(page), before, 'a refused OSM import changed the plan');
  assert.equal(await page.getAttribute('body', 'data-undo'), undo);
  // An extract with buildings and no station POIs is a district without stations yet.
  await importOsm(page, file('no-pois.osm', osmFile(0)));
  await page.waitForFunction(() => /no-pois\.osm/.test(document.querySelector('[data-testid=dataset]').textContent));
  assert.ok((await rows(page)).every((r) => r.stations === 0));
  assert.match(await page.textContent('[data-testid=dataset]'), /2 处住宅/);
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => !/no-pois\.osm/.test(document.querySelector('[data-testid=dataset]').textContent));
  // The plan comes back exactly; the map stays where the import moved it.
  const unview = (text) => { const p = JSON.parse(text); delete p.view.center; delete p.view.zoom; return JSON.stringify(p); };
  sameProject(unview(await savedProject(page)), unview(before), 'undo of the OSM import brings the plan back exactly');
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});
