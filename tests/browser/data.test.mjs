// Data as planners have it (issue 16): files in a projected coordinate system (CGCS2000
// Gauss-Krüger by EPSG code) are chosen in the 坐标系 picker, exported and read in it, and give
// the figures of the same data in WGS-84; numbers that look projected, read as degrees, are
// refused with the system they look like.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { artifacts, root, open, expected, demoPlanner, figuresEqual, download } from './helpers.mjs';

/** The file names a zip's central directory lists. */
function zipNames(bytes) {
  const names = [];
  for (let i = bytes.indexOf(Buffer.from('PK\x01\x02', 'latin1')); i >= 0; i = bytes.indexOf(Buffer.from('PK\x01\x02', 'latin1'), i + 4)) {
    const len = bytes.readUInt16LE(i + 28);
    names.push(bytes.subarray(i + 46, i + 46 + len).toString('utf8'));
  }
  return names;
}

test('a Gauss-Krüger zone chosen by EPSG code: exported, read back, the same figures', async () => {
  const { page, problems, context } = await open();
  const demo = expected(demoPlanner());
  await figuresEqual(page, demo, 'demo');
  // 投影坐标（EPSG 代码）… asks for the code; the engine names it.
  await page.selectOption('[data-testid=import-crs]', 'epsg');
  await page.waitForSelector('#name-dialog[open]');
  await page.fill('#name-input', '4528');
  await page.click('[data-testid=name-ok]');
  await page.waitForFunction(() => document.querySelector('#crs').value === 'epsg:4528');
  assert.match(await page.textContent('#crs option:checked'), /EPSG:4528 CGCS2000 高斯-克吕格 3度带 第40带/);
  await page.screenshot({ path: join(artifacts, 'data-crs-chosen.png') });
  // Residents exported in it: eastings carry the zone number 40.
  await page.click('[data-testid=export-geojson]');
  const file = await download(page, () => page.click('[data-testid=export-geojson-residents]'));
  const fc = JSON.parse(file.bytes.toString('utf8'));
  assert.equal(fc.crs_name, 'epsg:4528');
  const [e, n] = fc.features[0].geometry.coordinates;
  assert.ok(e > 40_000_000 && e < 41_000_000 && n > 3_000_000 && n < 4_000_000, `${e}, ${n}`);
  // Read back in the same system: the demo's figures.
  await page.evaluate(() => { document.querySelector('[data-testid=status]').dataset.kind = ''; });
  await page.setInputFiles('[data-testid=import-residents]', file.path);
  await page.waitForSelector('[data-testid=status][data-kind=info]');
  assert.match(await page.textContent('[data-testid=status] .toast-text'), /已导入.*3,000/);
  assert.match(await page.textContent('body'), new RegExp(file.name.replace(/[.]/g, '\\.')));
  await figuresEqual(page, demo, 'read back from EPSG:4528');
  // The same residents as a zipped Shapefile for ArcGIS: its .prj names the zone, and it reads
  // back (the .prj read, the short .dbf names restored from .fields.csv) as the same figures.
  await page.click('[data-testid=export-geojson]');
  const shp = await download(page, () => page.click('[data-testid=export-shapefile-residents]'));
  assert.match(shp.name, /^居民-epsg4528-shp-.*\.zip$/);
  const names = zipNames(shp.bytes);
  for (const n of ['居民点.shp', '居民点.shx', '居民点.dbf', '居民点.cpg', '居民点.prj', '居民点.fields.csv']) assert.ok(names.includes(n), `${n} in ${names}`);
  await page.evaluate(() => { document.querySelector('[data-testid=status]').dataset.kind = ''; });
  await page.selectOption('[data-testid=import-crs]', 'wgs84');
  await page.setInputFiles('[data-testid=import-residents]', shp.path);
  await page.waitForSelector('[data-testid=status][data-kind=info]');
  await figuresEqual(page, demo, 'read back from the Shapefile');
  // Read as WGS-84, the numbers are refused, naming the system they look like.
  await page.selectOption('[data-testid=import-crs]', 'wgs84');
  await page.evaluate(() => { document.querySelector('[data-testid=status]').dataset.kind = ''; });
  await page.setInputFiles('[data-testid=import-residents]', file.path);
  await page.waitForSelector('[data-testid=status][data-kind=error]');
  const message = await page.textContent('[data-testid=status] .toast-text');
  assert.match(message, /像是投影坐标 EPSG:4528（CGCS2000 高斯-克吕格 3度带 第40带/);
  // An unknown code is refused and the picker goes back.
  await page.selectOption('[data-testid=import-crs]', 'epsg');
  await page.fill('#name-input', '4214');
  await page.click('[data-testid=name-ok]');
  await page.waitForFunction(() => /未知的坐标系“epsg:4214”/.test(document.querySelector('[data-testid=status] .toast-text')?.textContent ?? ''));
  assert.equal(await page.inputValue('[data-testid=import-crs]'), 'wgs84');
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('an Excel workbook: the planner picks the sheet, numbers stored as text are read, errors name the row', async () => {
  const { page, problems, context } = await open();
  const demo = expected(demoPlanner());
  await figuresEqual(page, demo, 'demo');
  const xlsx = join(root, 'tests/data/demo-residents.xlsx');
  // Three sheets: the dialog asks which (the first is a note).
  await page.setInputFiles('[data-testid=import-residents]', xlsx);
  await page.waitForSelector('[data-testid=sheet-dialog][open]');
  assert.deepEqual(await page.$$eval('#sheet-select option', (os) => os.map((o) => o.value)), ['说明', '居民', '坏行']);
  assert.match(await page.textContent('#sheet-prompt'), /demo-residents\.xlsx 有多个工作表/);
  await page.screenshot({ path: join(artifacts, 'data-sheet-dialog.png') });
  await page.selectOption('[data-testid=sheet-select]', '居民');
  await page.evaluate(() => { document.querySelector('[data-testid=status]').dataset.kind = ''; });
  await page.click('[data-testid=sheet-ok]');
  await page.waitForSelector('[data-testid=status][data-kind=info]');
  assert.match(await page.textContent('body'), /demo-residents\.xlsx/);
  await figuresEqual(page, demo, 'the demo read from its workbook');
  // The sheet with a bad row: the error names the sheet, the row and the column, in Chinese.
  await page.setInputFiles('[data-testid=import-residents]', xlsx);
  await page.waitForSelector('[data-testid=sheet-dialog][open]');
  await page.selectOption('[data-testid=sheet-select]', '坏行');
  await page.click('[data-testid=sheet-ok]');
  await page.waitForSelector('[data-testid=status][data-kind=error]');
  assert.match(await page.textContent('[data-testid=status] .toast-text'), /demo-residents\.xlsx \[坏行\]，第 5 行「人口」列：“约800”不是数字/);
  await figuresEqual(page, demo, 'unchanged after the refused sheet');
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

/** The files of a zip (deflated or stored), by a minimal reader of its central directory. */
function unzip(buf) {
  const out = [];
  let end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = buf.readUInt32LE(end + 16);
  for (let n = buf.readUInt16LE(end + 10); n > 0; n--) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + size);
    out.push({ name: name.split('/').pop(), bytes: method === 8 ? inflateRawSync(raw) : raw });
    at += 46 + nameLen + extra;
  }
  return out;
}

test('a Shapefile in a Gauss-Krüger zone with a GBK table: zipped, or its files chosen together', async () => {
  const { page, problems, context } = await open();
  const demo = expected(demoPlanner());
  await figuresEqual(page, demo, 'demo');
  const zip = join(root, 'tests/data/demo-residents-gk.zip');
  // Zipped: the .prj says EPSG:4528, whatever the picker says.
  await page.evaluate(() => { document.querySelector('[data-testid=status]').dataset.kind = ''; });
  await page.setInputFiles('[data-testid=import-residents]', zip);
  await page.waitForSelector('[data-testid=status][data-kind=info]');
  assert.match(await page.textContent('body'), /demo-residents-gk\.zip/);
  await figuresEqual(page, demo, 'the demo from its zipped Shapefile');
  // The files chosen together (.shp, .shx, .dbf, .prj).
  const dir = join(artifacts, 'shapefile-parts');
  mkdirSync(dir, { recursive: true });
  const paths = unzip(readFileSync(zip)).map(({ name, bytes }) => { const p = join(dir, name); writeFileSync(p, bytes); return p; });
  assert.equal(paths.length, 4);
  await page.click('[data-testid=undo]');
  await page.waitForFunction(() => !/demo-residents-gk/.test(document.querySelector('header')?.textContent ?? document.body.textContent));
  await page.waitForTimeout(300);
  await page.evaluate(() => { document.querySelector('[data-testid=status]').dataset.kind = ''; });
  await page.setInputFiles('[data-testid=import-residents]', paths);
  await page.waitForFunction(() => /居民点\.shp/.test(document.body.textContent));
  assert.match(await page.textContent('body'), /居民点\.shp/);
  await figuresEqual(page, demo, 'the demo from the Shapefile\'s files');
  // Communities from the GBK table are the demo's.
  assert.match(await page.textContent('[data-testid=units]'), /锦塘社区/);
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

/** Whether (x, y) is inside `ring` (even-odd; the test's own, independent of the engine's). */
function inRing(ring, x, y) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]; const [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The units rows of the level shown: name → population. */
async function unitRows(page) {
  const list = await page.$$eval('[data-testid=unit-row]', (trs) => trs.map((tr) => [tr.children[0].textContent, Number(tr.children[1].textContent.replace(/,/g, ''))]));
  const out = {};
  for (const [name, pop] of list) out[name] = (out[name] ?? 0) + pop;
  return out;
}

test('boundary polygons: 导入边界 with the level, units and choropleth from them, the outside reported, undo, kept by projects and reloads', async () => {
  const { page, problems, context } = await open();
  const demo = demoPlanner();
  const xy = demo.residentCoordinates();
  const pop = demo.residentPopulation();
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < pop.length; i++) {
    x0 = Math.min(x0, xy[2 * i]); x1 = Math.max(x1, xy[2 * i]); y0 = Math.min(y0, xy[2 * i + 1]); y1 = Math.max(y1, xy[2 * i + 1]);
  }
  // Two irregular communities sharing a slanted edge; the district's eastern fifth lies in none.
  const [w, h] = [x1 - x0, y1 - y0];
  const at = (fx, fy) => [x0 + fx * w, y0 + fy * h];
  const west = [at(-0.05, -0.05), at(0.45, -0.05), at(0.35, 0.5), at(0.5, 1.05), at(-0.05, 1.05), at(-0.05, -0.05)];
  const east = [at(0.45, -0.05), at(0.8, -0.05), at(0.75, 0.6), at(0.8, 1.05), at(0.5, 1.05), at(0.35, 0.5), at(0.45, -0.05)];
  const fc = { type: 'FeatureCollection', features: [['西片社区', west], ['东片社区', east]].map(([name, ring]) => ({ type: 'Feature', properties: { 社区名称: name }, geometry: { type: 'Polygon', coordinates: [ring] } })) };
  const file = join(artifacts, '片区边界.geojson');
  writeFileSync(file, JSON.stringify(fc));
  // The brute-force count: population per polygon, and outside both.
  const want = { 西片社区: 0, 东片社区: 0 };
  let outside = 0; let outsidePop = 0;
  for (let i = 0; i < pop.length; i++) {
    const hit = fc.features.find((f) => inRing(f.geometry.coordinates[0], xy[2 * i], xy[2 * i + 1]));
    if (hit) want[hit.properties.社区名称] += pop[i]; else { outside++; outsidePop += pop[i]; }
  }
  assert.ok(outside > 0 && want.西片社区 > 0 && want.东片社区 > 0);
  const before = await unitRows(page);
  assert.ok(before.锦塘社区 > 0, 'the demo\'s own communities first');

  // 导入边界 asks the level (guessed 社区) and reads the name from 社区名称.
  await page.setInputFiles('[data-testid=import-boundaries]', file);
  await page.waitForSelector('#boundary-dialog[open]');
  assert.equal(await page.inputValue('[data-testid=boundary-level]'), 'community');
  await page.evaluate(() => { document.querySelector('[data-testid=status]').dataset.kind = ''; });
  await page.click('[data-testid=boundary-ok]');
  await page.waitForSelector('[data-testid=status][data-kind=info]');
  assert.match(await page.textContent('[data-testid=status] .toast-text'), new RegExp(`已导入社区边界 2 个；${outside.toLocaleString('en-US')} 个居民点（.*人）不在任何社区边界内`));
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=unit-row]')].some((tr) => tr.children[0].textContent === '西片社区'));
  const got = await unitRows(page);
  assert.deepEqual(Object.keys(got).sort(), ['东片社区', '西片社区']);
  for (const name of Object.keys(want)) assert.ok(Math.abs(got[name] - want[name]) <= 1, `${name}: ${got[name]} ≠ ${want[name]}`);
  const source = await page.textContent('[data-testid=units-source]');
  assert.equal(source, `社区单元来自边界多边形（片区边界.geojson）；不在任何社区边界内：${outside.toLocaleString('en-US')} 个居民点，${Math.round(outsidePop).toLocaleString('en-US')} 人`);
  // The choropleth is drawn from the polygons: each has its ratio as feature-state.
  const fill = await page.evaluate(() => window.lifecircleProbe.unitFill('community'));
  assert.ok(fill.西片社区 >= 0 && fill.西片社区 <= 1 && fill.东片社区 >= 0 && fill.东片社区 <= 1, JSON.stringify(fill));
  await page.screenshot({ path: join(artifacts, 'data-boundaries.png') });

  // Undo gives the residents' own communities back; redo the polygons.
  await page.click('[data-testid=undo]');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=unit-row]')].some((tr) => tr.children[0].textContent === '锦塘社区'));
  assert.deepEqual(await unitRows(page), before);
  assert.equal(await page.isVisible('[data-testid=units-source]'), false);
  await page.click('[data-testid=redo]');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=unit-row]')].some((tr) => tr.children[0].textContent === '西片社区'));
  assert.deepEqual(await unitRows(page), got);
  // A project file keeps them (version 3), and so does the autosave across a reload.
  const saved = await download(page, () => page.click('[data-testid=export-project]'));
  const project = JSON.parse(saved.bytes.toString('utf8'));
  assert.equal(project.version, 3);
  assert.deepEqual(project.boundaries.sources, { community: '片区边界.geojson' });
  await page.waitForTimeout(700);
  await page.waitForSelector('[data-testid=autosave][data-state=saved]', { timeout: 20000 });
  await page.reload();
  await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=unit-row]')].some((tr) => tr.children[0].textContent === '西片社区'));
  assert.deepEqual(await unitRows(page), got);
  assert.equal(await page.textContent('[data-testid=units-source]'), source);

  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('步行时间: minutes at a walking-speed profile set the radius (and undo gives it back)', async () => {
  const { page, problems, context } = await open();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=walk-speed] option').length >= 4);
  const options = await page.$$eval('[data-testid=walk-speed] option', (os) => os.map((o) => ({ value: o.value, text: o.textContent, title: o.title })));
  const elderly = options.find((o) => o.value === 'elderly');
  assert.match(elderly.text, /老年人 0\.92 米\/秒（参考值）/);
  assert.match(elderly.title, /参考值，请核对/);
  assert.match(elderly.title, /TCRP/);
  assert.match(options.find((o) => o.value === 'adult').text, /^成人 1\.07 米\/秒$/);
  const before = await page.getAttribute('[data-testid=coverage-row][data-kind=red_bee_station]', 'data-radius');
  await page.fill('[data-testid=walk-minutes]', '10');
  await page.selectOption('[data-testid=walk-speed]', 'elderly');
  await page.click('[data-testid=walk-apply]');
  await page.waitForFunction(() => document.querySelector('[data-testid=coverage-row][data-kind=red_bee_station]')?.dataset.radius === String(600 * 0.92));
  assert.match(await page.textContent('[data-testid=status] .toast-text'), /半径设为步行 10 分钟（老年人）：552 m/);
  await page.screenshot({ path: join(artifacts, 'data-walking-time.png') });
  await page.click('[data-testid=undo]');
  await page.waitForFunction((r) => document.querySelector('[data-testid=coverage-row][data-kind=red_bee_station]')?.dataset.radius === r, before);
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});
