// The web page in headless Chromium (Debian's package, driven by playwright-core): it loads the
// engine in a worker, shows the demo's coverage table with the engine's figures, logs no error and
// asks for nothing outside its origin. Saves a screenshot to test-artifacts/ (not committed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const port = 18000 + Math.floor(Math.random() * 1000);
const origin = `http://127.0.0.1:${port}`;
let server;
let browser;

before(async () => {
  server = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', String(port), '--directory', join(root, 'www')], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    try { await fetch(origin + '/'); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

test('the page shows the demo coverage table with the engine figures', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 }, locale: 'zh-CN' });
  const errors = [];
  const outside = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) outside.push(r.url()); });
  await page.goto(origin + '/');
  await page.waitForSelector('[data-testid=coverage-row]', { timeout: 30000 });
  const rows = await page.$$eval('[data-testid=coverage-row]', (trs) => trs.map((tr) => ({
    kind: tr.dataset.kind, covered: Number(tr.dataset.coveredPopulation), ratio: Number(tr.dataset.coverageRatio), text: tr.textContent,
  })));
  const cli = JSON.parse(execFileSync(join(root, 'target/release/lifecircle'), [
    'coverage', '--residents', join(root, 'www/demo/residents.csv'), '--stations', join(root, 'www/demo/stations.csv'),
  ]));
  assert.deepEqual(rows.map((r) => r.kind), cli.kinds.map((k) => k.kind));
  rows.forEach((r, i) => {
    assert.equal(r.covered, cli.kinds[i].covered_population);
    assert.equal(r.ratio, cli.kinds[i].coverage_ratio);
    assert.ok(r.text.includes(cli.kinds[i].label));
  });
  assert.match(await page.textContent('[data-testid=dataset]'), /合成数据/);
  mkdirSync(join(root, 'test-artifacts'), { recursive: true });
  await page.screenshot({ path: join(root, 'test-artifacts', 'coverage-page.png'), fullPage: true });
  assert.deepEqual(errors, []);
  assert.deepEqual(outside, []);
});
