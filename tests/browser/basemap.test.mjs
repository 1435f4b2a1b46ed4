// A GCJ-02 basemap (Amap, Tencent style) lines up with the data: the app redraws its tiles on the
// WGS-84 grid. A tile server on another origin draws a red mark where a WGS-84 point W lies in
// GCJ-02; with the basemap set as GCJ-02 the mark is drawn at W itself (the GCJ-02 offset, ~500 m,
// taken out), and as WGS-84 it stays ~500 m away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { open, pngTile } from './helpers.mjs';
import { wgsToGcj } from '../../www/map/gcj02.js';

const W = [118.70, 32.10];

/** A white tile with a red 17×17 square centred on tile pixel (`cx`, `cy`). */
const png = (cx, cy) => pngTile((x, y) => (Math.abs(x - cx) <= 8 && Math.abs(y - cy) <= 8 ? [0xe0, 0x10, 0x10] : [0xff, 0xff, 0xff]));

/** World pixels of `[lon, lat]` at zoom `z` (256 a tile). */
function pixels([lon, lat], z) {
  const n = 256 * 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return [((lon + 180) / 360) * n, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n];
}

let server;
let origin = '';
before(async () => {
  const mark = wgsToGcj(...W);
  server = createServer((req, res) => {
    const [z, x, y] = req.url.split('/').slice(1).map((v) => parseInt(v, 10));
    const [px, py] = pixels(mark, z);
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
    res.end(png(px - x * 256, py - y * 256));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => server?.close());

/** The colour drawn at `at`, once the tiles have come. */
async function colourAt(page, at) {
  return page.evaluate(([lon, lat]) => window.lifecircleProbe.pixelColor(lon, lat), at);
}
const red = ([r, g, b]) => r > 180 && g < 90 && b < 90;

async function setBasemap(page, crs) {
  await page.click('[data-testid=settings]');
  await page.fill('[data-testid=tile-url]', `${origin}/{z}/{x}/{y}.png`);
  await page.selectOption('[data-testid=tile-crs]', crs);
  await Promise.all([page.waitForEvent('load'), page.click('#settings-dialog button[value=save]')]);
  await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
  await page.evaluate(([lon, lat]) => window.lifecircleProbe.jumpTo(lon, lat, 16), W);
  await page.waitForTimeout(2500);
}

test('a GCJ-02 basemap is drawn shifted by the GCJ-02 offset, so that it lines up with WGS-84 data', async () => {
  const { page, problems, context } = await open();
  const gcj = wgsToGcj(...W);
  await setBasemap(page, 'gcj02');
  assert.ok(red(await colourAt(page, W)), `GCJ-02 basemap: W should be on the mark, got ${await colourAt(page, W)}`);
  assert.ok(!red(await colourAt(page, gcj)), 'GCJ-02 basemap: the mark is not left at its GCJ-02 place');
  await page.screenshot({ path: 'test-artifacts/basemap-gcj02.png' });
  // Taken as WGS-84, the same tiles put the mark ~500 m from W.
  await setBasemap(page, 'wgs84');
  assert.ok(!red(await colourAt(page, W)), 'WGS-84 basemap: W is off the mark');
  assert.ok(red(await colourAt(page, gcj)), 'WGS-84 basemap: the mark at its GCJ-02 place');
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test('天地图 in one click with the planner\'s key: the vector map and its labels, the key remembered', async () => {
  const { page, problems, context } = await open();
  const asked = [];
  await context.route('https://t0.tianditu.gov.cn/**', (route) => { asked.push(route.request().url()); route.fulfill({ status: 200, contentType: 'image/png', body: png(-100, -100) }); });
  await page.click('[data-testid=settings]');
  await page.click('[data-testid=tianditu]');
  await page.waitForFunction(() => /天地图密钥/.test(document.querySelector('[data-testid=status] .toast-text')?.textContent ?? ''));
  await page.fill('[data-testid=tianditu-key]', 'k3y');
  await page.click('[data-testid=tianditu]');
  assert.match(await page.inputValue('[data-testid=tile-url]'), /^https:\/\/t0\.tianditu\.gov\.cn\/vec_w\/wmts\?.*tk=k3y$/);
  await Promise.all([page.waitForEvent('load'), page.click('#settings-dialog button[value=save]')]);
  await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
  assert.equal(await page.getAttribute('html', 'data-tile-host'), 'https://t0.tianditu.gov.cn');
  for (let i = 0; i < 100 && !(asked.some((u) => u.includes('/vec_w/')) && asked.some((u) => u.includes('/cva_w/'))); i++) await page.waitForTimeout(100);
  assert.ok(asked.some((u) => u.includes('/vec_w/') && u.includes('tk=k3y')), asked.slice(0, 3).join('\n'));
  assert.ok(asked.some((u) => u.includes('/cva_w/') && u.includes('tk=k3y')), 'the labels layer');
  // The key is remembered for the next time.
  await page.click('[data-testid=settings]');
  assert.equal(await page.inputValue('[data-testid=tianditu-key]'), 'k3y');
  assert.deepEqual(problems.errors, []);
  await context.close();
});
