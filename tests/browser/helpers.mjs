// What the browser tests share: a static server of www/ and headless Chromium (Debian's package,
// driven by playwright-core), a page with the app loaded that collects console errors and requests
// outside the origin, the engine in Node (initSync) to compute what the page must show, and
// downloads.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { initSync, Planner } from '../../www/pkg/lifecircle.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifacts = join(root, 'test-artifacts');
initSync({ module: readFileSync(join(root, 'www/pkg/lifecircle_bg.wasm')) });
mkdirSync(artifacts, { recursive: true });

export const port = 18000 + Math.floor(Math.random() * 1000);
export const origin = `http://127.0.0.1:${port}`;
let server;
export let browser;

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

/** A page with the app loaded; collects console errors and requests outside the origin. The
 * questions before an edit of 现状 and before a stations file replaces the plan's are answered
 * (修改现状; 替换 with the suggested kinds) unless `ask` is set: tests of those questions answer
 * them themselves. */
export async function open(url = '/', { ask = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 880 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const problems = { errors: [], outside: [] };
  page.on('console', (m) => { if (m.type() === 'error') problems.errors.push(m.text()); });
  page.on('pageerror', (e) => problems.errors.push(String(e)));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.outside.push(u);
  });
  if (!ask) {
    await context.addInitScript(() => {
      const answer = (id, button) => {
        const d = document.getElementById(id);
        if (!d) return false;
        new MutationObserver(() => { if (d.open) d.querySelector(button)?.click(); }).observe(d, { attributes: true, attributeFilter: ['open'] });
        return true;
      };
      document.addEventListener('DOMContentLoaded', () => {
        answer('baseline-dialog', '[data-testid=baseline-edit]');
        answer('stations-dialog', '[data-testid=stations-ok]');
      });
    });
  }
  await page.goto(origin + url);
  await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
  return { page, problems, context };
}

export async function rows(page) {
  return page.$$eval('[data-testid=coverage-row]', (trs) => trs.map((tr) => ({
    kind: tr.dataset.kind, covered: Number(tr.dataset.coveredPopulation), ratio: Number(tr.dataset.coverageRatio), stations: Number(tr.dataset.stations),
  })));
}

export function expected(planner) {
  return planner.summary().kinds.map((k) => ({ kind: k.kind, covered: k.covered_population, ratio: k.coverage_ratio, stations: k.stations }));
}

export function demoPlanner() {
  const p = new Planner();
  p.loadResidents(readFileSync(join(root, 'www/demo/residents.csv')), { source: 'residents.csv' });
  p.loadStations(readFileSync(join(root, 'www/demo/stations.csv')), { source: 'stations.csv' });
  return p;
}

/** Waits until the page's figures equal `want` (they follow the worker asynchronously). */
export async function figuresEqual(page, want, what) {
  let got;
  for (let i = 0; i < 100; i++) {
    got = await rows(page);
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(got, want, what);
}

export async function stationCard(page) {
  return page.$eval('[data-testid=station-card]', (el) => ({ id: el.dataset.id, lon: Number(el.dataset.lon), lat: Number(el.dataset.lat) }));
}

export async function mapBox(page) {
  return page.locator('[data-testid=map]').boundingBox();
}

export async function download(page, click) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(artifacts, d.suggestedFilename());
  await d.saveAs(path);
  return { name: d.suggestedFilename(), bytes: readFileSync(path), path };
}


/** A 256×256 RGB PNG tile whose pixel (x, y) has the colour `rgb(x, y)` (`[r, g, b]`): what the
 * tests' tile servers send. */
export function pngTile(rgb) {
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc(769 * 256);
  for (let y = 0; y < 256; y++) {
    for (let x = 0; x < 256; x++) rows.set(rgb(x, y), y * 769 + 1 + 3 * x);
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
