// Hostile input stays harmless in the page (issue 14), in headless Chromium: the
// Content-Security-Policy (no inline script, connections to the origin only until a basemap is
// configured, then that host too), a project's layers given as addresses are never fetched, kinds
// named like Object's own properties get colours, the residents export is streamed and exact, and
// a long error fits the screen, stays until closed and can be copied.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Planner } from '../../www/pkg/lifecircle.js';
import { root, artifacts, open, demoPlanner, download, pngTile } from './helpers.mjs';

/** A 256×256 light grey PNG tile. */
const tile = () => pngTile(() => [0xdd, 0xdd, 0xdd]);

/** Another origin: a tile server that counts what it is asked for. */
let tiles;
let tileOrigin = '';
const asked = [];
before(async () => {
  const png = tile();
  tiles = createServer((req, res) => {
    asked.push(req.url);
    res.writeHead(200, { 'content-type': req.url.endsWith('.png') ? 'image/png' : 'application/json', 'access-control-allow-origin': '*' });
    res.end(req.url.endsWith('.png') ? png : '{"type":"FeatureCollection","features":[]}');
  });
  await new Promise((r) => tiles.listen(0, '127.0.0.1', r));
  tileOrigin = `http://127.0.0.1:${tiles.address().port}`;
});
after(() => tiles?.close());

/** Collects the page's Content-Security-Policy violations. */
function watchViolations(page) {
  return page.evaluate(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
}

test('Content-Security-Policy: no inline script, no connection outside the origin until a basemap is set', async () => {
  const { page, problems, context } = await open();
  await watchViolations(page);
  const fetched = await page.evaluate((u) => fetch(`${u}/probe.json`).then(() => 'fetched', (e) => `refused: ${e.message}`), tileOrigin);
  assert.match(fetched, /refused/);
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = true';
    document.head.append(s);
    return new Promise((r) => setTimeout(() => r(window.__inline === true), 200));
  });
  assert.equal(ran, false, 'an inline script ran');
  const violations = await page.evaluate(() => window.__violations);
  assert.ok(violations.some((v) => v.startsWith('connect-src') && v.includes(tileOrigin)), violations.join('\n'));
  assert.ok(violations.some((v) => v.startsWith('script-src')), violations.join('\n'));
  assert.deepEqual(asked, [], 'the other origin was reached');
  assert.equal(await page.getAttribute('html', 'data-tile-host'), '');

  // The planner configures an online basemap: the page saves, reopens, and its tiles load from
  // that host (and only there).
  await page.click('[data-testid=settings]');
  await page.fill('[data-testid=tile-url]', `${tileOrigin}/{z}/{x}/{y}.png`);
  await Promise.all([page.waitForEvent('load'), page.click('#settings-dialog button[value=save]')]);
  await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
  assert.equal(await page.getAttribute('html', 'data-tile-host'), tileOrigin);
  for (let i = 0; i < 100 && !asked.some((u) => u.endsWith('.png')); i++) await page.waitForTimeout(100);
  assert.ok(asked.some((u) => /^\/\d+\/\d+\/\d+\.png$/.test(u)), `tiles asked: ${asked.slice(0, 5)}`);
  await watchViolations(page);
  const elsewhere = await page.evaluate(() => fetch('http://127.0.0.1:9/x').then(() => 'fetched', () => 'refused'));
  assert.equal(elsewhere, 'refused');
  assert.ok((await page.evaluate(() => window.__violations)).some((v) => v.includes('127.0.0.1:9')));
  // No error was logged but the violations this test provoked.
  assert.deepEqual(problems.errors.filter((e) => !/Content Security Policy/.test(e)), []);
  await context.close();
});

test('a project\'s layers are data: addresses in them are never fetched, and the project opens', async () => {
  const { page, problems, context } = await open();
  const project = JSON.parse((await download(page, () => page.click('[data-testid=export-project]'))).bytes.toString('utf8'));
  asked.length = 0;
  const hostile = { ...project, view: { center: 'here', zoom: -5 }, layers: { basemap: `${tileOrigin}/basemap.geojson`, boundaries: { url: `${tileOrigin}/b.geojson` }, user: `${tileOrigin}/user.geojson` } };
  const path = join(artifacts, 'layers-as-urls.lifecircle.json');
  writeFileSync(path, JSON.stringify(hostile));
  await page.setInputFiles('[data-testid=import-project]', path);
  await page.waitForFunction(() => /项目已打开/.test(document.querySelector('[data-testid=status]').textContent));
  const said = await page.textContent('[data-testid=status] .toast-text');
  // In the page's language: 图层 … 不是 GeoJSON 数据；保存的地图视图无效.
  assert.match(said, /图层 basemap、boundaries、user 不是 GeoJSON 数据，已略去；保存的地图视图无效，已略去/);
  assert.equal(await page.getAttribute('[data-testid=status]', 'data-kind'), 'info', 'a bad view does not fail the open');
  await page.waitForTimeout(1500);
  assert.deepEqual(asked, []);
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('kinds named __proto__ and constructor are kinds like any other, with colours', async () => {
  const { page, problems, context } = await open();
  const path = join(artifacts, 'proto-kinds.csv');
  writeFileSync(path, '经度,纬度,类型,名称\n118.80,32.06,__proto__,<b>甲</b>\n118.81,32.06,constructor,<img src=x onerror=alert(1)>\n118.82,32.06,红蜂驿站,丙\n');
  await page.setInputFiles('[data-testid=import-stations]', path);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=coverage-row]').length === 5);
  const swatches = await page.$$eval('[data-testid=coverage-row]', (trs) => trs.map((tr) => [tr.dataset.kind, getComputedStyle(tr.querySelector('.swatch')).backgroundColor]));
  for (const [kind, colour] of swatches) assert.match(colour, /^rgb\(/, `${kind} has no colour`);
  assert.equal(new Set(swatches.map(([, c]) => c)).size, 5, 'each kind its own colour');
  // Markup in names stays text.
  assert.equal(await page.$$eval('img[src=x], b', (els) => els.length), 0);
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('the residents GeoJSON export is streamed, and is the engine\'s text exactly', async () => {
  const { page, problems, context } = await open();
  await page.click('[data-testid=export-geojson]');
  const file = await download(page, () => page.click('[data-testid=export-geojson-residents]'));
  // The page is Chinese: Chinese property names, and a Chinese file name.
  assert.equal(file.bytes.toString('utf8'), demoPlanner().residentsGeoJson('wgs84', 'zh'));
  assert.match(file.name, /^居民-wgs84-现状-/);
  const back = new Planner();
  back.loadResidents(file.bytes, {});
  assert.equal(back.residentCount, 3000);
  // The figures the export adds do not come back as demand columns; 老年人口 does.
  assert.deepEqual(back.weightColumns, demoPlanner().weightColumns);
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('a residents file over the app\'s limit is refused quickly, and the tab stays', async () => {
  const { page, problems, context } = await open();
  const path = join(artifacts, 'too-many-residents.csv');
  const rows = ['经度,纬度,人口'];
  for (let i = 0; i <= 1_000_000; i++) rows.push(`${(118.7 + (i % 1000) * 2e-4).toFixed(4)},${(32.0 + Math.floor(i / 1000) * 2e-5).toFixed(5)},${1 + (i % 9)}`);
  writeFileSync(path, `${rows.join('\n')}\n`);
  await page.setInputFiles('[data-testid=import-residents]', path);
  await page.waitForSelector('[data-testid=status][data-kind=error]', { timeout: 60000 });
  assert.match(await page.textContent('[data-testid=status] .toast-text'), /第 1000002 行：文件超过 1,000,000 处住宅/);
  assert.match(await page.textContent('[data-testid=dataset]'), /3,000 处住宅/);
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('a long error fits the screen, stays until closed, and can be copied', async () => {
  const { page, problems, context } = await open();
  const path = join(artifacts, `${'很长的文件名'.repeat(12)}.csv`);
  writeFileSync(path, `经度,纬度,人口,${Array.from({ length: 1500 }, (_, i) => `第${i}列`).join(',')}\n`);
  await page.setInputFiles('[data-testid=import-residents]', path);
  await page.waitForSelector('[data-testid=status][data-kind=error]');
  const message = await page.textContent('[data-testid=status] .toast-text');
  assert.ok(message.length < 600, `${message.length} characters`);
  assert.match(message, /有 1,503 列，最多读取 1,000 列/);
  await page.waitForTimeout(5000);
  assert.equal(await page.isVisible('[data-testid=status]'), true, 'the error went away by itself');
  const box = await page.locator('[data-testid=status]').boundingBox();
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= 1400 && box.y + box.height <= 880, JSON.stringify(box));
  await page.screenshot({ path: join(artifacts, 'hostile-error.png') });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.click('[data-testid=status-copy]');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), message);
  await page.click('[data-testid=status-close]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=status]').classList.contains('show'));
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

// The fixture a test above reads: nothing else needs root.
assert.ok(readFileSync(join(root, 'www/index.html'), 'utf8').includes('Content-Security-Policy'));
