// Drag responsiveness of the map app: opens the app on a generated district of N residents
// (default 200,000) in headless Chromium, drags one station of each kind with the mouse at ~60
// pointer events a second, and reports the page's frame intervals (requestAnimationFrame) and the
// engine worker's round trip per drag step. Run: node bench/drag.mjs [residents]
// (after ./scripts/build.sh). SwiftShader renders WebGL on the CPU here, so frame intervals are an
// upper bound of what a machine with a GPU shows.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const residents = Number(process.argv[2]) || 200000;
const port = 19000 + Math.floor(Math.random() * 500);
const origin = `http://127.0.0.1:${port}`;

const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))] : NaN;
};
const f = (v) => v.toFixed(1);

const server = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', String(port), '--directory', join(root, 'www')], { stdio: 'ignore' });
try {
  for (let i = 0; i < 50; i++) {
    try { await fetch(origin + '/'); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 880 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const t0 = Date.now();
  await page.goto(`${origin}/?residents=${residents}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 180000 });
  const loadS = (Date.now() - t0) / 1000;
  // The first autosave (the whole district) is written before anything is measured.
  await page.waitForSelector('[data-testid=autosave][data-state=saved]', { timeout: 180000 });
  const count = await page.$$eval('[data-testid=coverage-row]', (trs) => trs.length);
  console.log(`# drag benchmark: ${residents.toLocaleString('en')} residents, ${count} kinds; page ready in ${loadS.toFixed(1)} s`);
  console.log('| what is dragged | pointer moves | engine updates | engine move / figures (ms, median) | worker reply (ms, median / p95) | page update (ms, median) | frame interval median / p95 / max (ms) |');
  console.log('|---|---|---|---|---|---|---|');
  const stations = await page.evaluate(() => window.lifecircleProbe.stations());
  for (const kind of ['(map pan, no station)', 'party_service_station', 'red_bee_station', 'commercial_hub']) {
    const s = stations.find((x) => x.kind === kind) ?? stations[0];
    if (!s) continue;
    if (kind.startsWith('(')) await page.selectOption('[data-testid=kind-select]', stations[0].kind);
    else await page.selectOption('[data-testid=kind-select]', kind);
    await page.evaluate(([lon, lat]) => window.lifecircleProbe.jumpTo(lon, lat, 14), [s.lon, s.lat]);
    await page.waitForTimeout(1500);
    const at = await page.evaluate(([lon, lat]) => window.lifecircleProbe.pixel(lon, lat), [s.lon, s.lat]);
    await page.evaluate(() => {
      window.lifecircleFrames.drag.length = 0;
      window.benchFrames = [];
      let last = performance.now();
      window.benchRunning = true;
      const tick = (t) => { window.benchFrames.push(t - last); last = t; if (window.benchRunning) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    });
    // The pan baseline grabs the map beside the station: only MapLibre works, the engine idles.
    const from = kind.startsWith('(') ? { x: at.x + 40, y: at.y - 40 } : at;
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    const moves = 60;
    for (let i = 1; i <= moves; i++) {
      await page.mouse.move(from.x + 6 * i, from.y + 3 * i);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
    await page.waitForTimeout(500);
    const { frames, trips } = await page.evaluate(() => { window.benchRunning = false; return { frames: window.benchFrames.slice(1), trips: [...window.lifecircleFrames.drag] }; });
    const col = (k) => trips.map((x) => x[k]);
    const engine = trips.length ? `${f(q(col('move_ms'), 0.5))} / ${f(q(col('update_ms'), 0.5))}` : '–';
    const reply = trips.length ? `${f(q(col('worker'), 0.5))} / ${f(q(col('worker'), 0.95))}` : '–';
    const pageMs = trips.length ? f(q(col('page'), 0.5)) : '–';
    console.log(`| ${kind} | ${moves} | ${trips.length} | ${engine} | ${reply} | ${pageMs} | ${f(q(frames, 0.5))} / ${f(q(frames, 0.95))} / ${f(Math.max(...frames))} |`);
  }
  if (errors.length) console.log('page errors:', errors);
  await browser.close();
} finally {
  server.kill();
}
