// The app with the largest districts it accepts, in headless Chromium: a generated district of N
// residents (page ready, first autosave written, the renderer's resident memory then and after
// 8 s idle), then a residents file of ROWS rows — over the app's limit — imported on top (refused,
// how fast, memory after). WWW: another build's www/ to measure the same (e.g. the build before).
//   node bench/app-memory.mjs [N=1000000] [ROWS=5000000] [WWW=www]
import { chromium } from 'playwright-core';
import { spawn, execSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const n = Number(process.argv[2] || 1_000_000);
const rows = Number(process.argv[3] || 5_000_000);
const port = 19000 + Math.floor(Math.random() * 500);
const www = process.argv[4] || join(root, 'www');
const server = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', String(port), '--directory', www], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader'] });
/** The largest Chromium renderer's resident memory, MB. */
const rss = () => Number(execSync("ps -eo rss,args --sort=-rss | grep -- '--type=renderer' | grep -v grep | head -1 | awk '{print $1}'").toString()) / 1024;
const page = await browser.newPage({ viewport: { width: 1400, height: 880 } });
let crashed = false;
page.on('crash', () => { crashed = true; });
let t = Date.now();
await page.goto(`http://127.0.0.1:${port}/?residents=${n}`);
await page.waitForSelector('body[data-ready=true]', { timeout: 900000 });
const ready = (Date.now() - t) / 1000;
// (A build without autosave has no such state.)
if (await page.$('[data-testid=autosave]')) await page.waitForSelector('[data-testid=autosave][data-state=saved]', { timeout: 900000 });
const saved = (Date.now() - t) / 1000;
const atReady = rss();
await page.waitForTimeout(8000);
console.log(`| ${n.toLocaleString('en')} residents | ${ready.toFixed(1)} s | ${saved.toFixed(1)} s | ${(atReady / 1024).toFixed(2)} GB, ${(rss() / 1024).toFixed(2)} GB 8 s later |`);
const dir = mkdtempSync(join(tmpdir(), 'lifecircle-bench-'));
const file = join(dir, 'big.csv');
let csv = '经度,纬度,人口\n';
const parts = [];
for (let i = 0; i < rows; i++) {
  csv += `${(118.7 + (i % 1000) * 2e-4).toFixed(5)},${(32.0 + Math.floor(i / 1000) * 2e-5).toFixed(5)},${1 + (i % 97)}\n`;
  if (csv.length > 1 << 24) { parts.push(csv); csv = ''; }
}
parts.push(csv);
writeFileSync(file, parts.join(''));
t = Date.now();
await page.setInputFiles('[data-testid=import-residents]', file);
const answer = await page.waitForSelector('[data-testid=status][data-kind=error]', { timeout: 900000 }).then(() => page.textContent('[data-testid=status]'), (e) => e.message);
const took = ((Date.now() - t) / 1000).toFixed(1);
console.log(crashed
  ? `| a ${rows.toLocaleString('en')}-row CSV imported on top | the tab crashed after ${took} s | — | — |`
  : `| a ${rows.toLocaleString('en')}-row CSV imported on top | refused in ${took} s: ${answer.slice(0, 90)}… | — | ${(rss() / 1024).toFixed(2)} GB |`);
await browser.close();
server.kill();
