// The engine worker's cost of a drag step, measured without a browser (so without the software
// rasteriser's noise): the worker's handlers (www/worker/) driven in Node through their message
// protocol on a generated district, 200 drag steps of a station of each kind.
// Run: node bench/worker-drag.mjs [residents] [www dir of another build, to compare]
import { readFileSync, existsSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const size = Number(process.argv[2] || 50000);
const www = process.argv[3] || join(root, 'www');

globalThis.self = globalThis;
const replies = new Map();
globalThis.postMessage = (m) => { if (m.progress === undefined) replies.set(m.id, m); };
globalThis.fetch = async (url) => {
  const u = String(url);
  return new Response(readFileSync(u.startsWith('file:') ? fileURLToPath(u) : join(www, u)));
};
const pkg = await import(pathToFileURL(join(www, 'pkg/lifecircle.js')).href);
pkg.initSync({ module: readFileSync(join(www, 'pkg/lifecircle_bg.wasm')) });
// This build's worker, or an older build's single-file worker.
await import(pathToFileURL(join(www, existsSync(join(www, 'worker/main.js')) ? 'worker/main.js' : 'worker.js')).href);

let next = 1;
async function call(type, ...args) {
  const id = next++;
  await globalThis.onmessage({ data: { id, type, args } });
  const r = replies.get(id);
  if (!r.ok) throw new Error(r.error);
  return r.result;
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
await call('init');
const u = await call('loadDemo', size);
console.log(`# worker drag steps: ${size.toLocaleString('en')} residents, ${u.summary.stations.length} stations (${www})`);
console.log('| kind dragged | handler (ms, median of 200) | of which move + figures (ms) |\n|---|---|---|');
for (const kind of ['party_service_station', 'red_bee_station', 'commercial_hub']) {
  const s = u.summary.stations.find((x) => x.kind === kind);
  if (!s) continue;
  const handler = [];
  const figures = [];
  for (let i = 1; i <= 200; i++) {
    const t = performance.now();
    const r = await call('drag', s.id, s.lon + i * 0.00005, s.lat + i * 0.00003);
    handler.push(performance.now() - t);
    figures.push(r.timing.move_ms + r.timing.update_ms);
  }
  await call('endDrag', s.id, [s.lon, s.lat], [s.lon + 0.01, s.lat + 0.006]);
  console.log(`| ${kind} | ${median(handler).toFixed(2)} | ${median(figures).toFixed(2)} |`);
}
