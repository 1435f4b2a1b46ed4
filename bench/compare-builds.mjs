// Two builds of the engine side by side in one Node process, alternating, on the benchmark's
// district (run bench/bench.mjs once first to generate it): straight-line summary, the walking
// summary on a 501,000-edge street grid (first use: snapping, every kind, every station's reach),
// and the walking summary without the network figures (what a live view asks for).
// Run: node --max-old-space-size=12000 bench/compare-builds.mjs OLD_WWW [NEW_WWW]
import { readFileSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [oldWww, newWww = join(root, 'www')] = process.argv.slice(2);
if (!oldWww) throw new Error('usage: node bench/compare-builds.mjs OLD_WWW [NEW_WWW]');
const load = async (www) => {
  const m = await import(pathToFileURL(join(www, 'pkg/lifecircle.js')).href);
  m.initSync({ module: readFileSync(join(www, 'pkg/lifecircle_bg.wasm')) });
  return m;
};
const data = join(root, 'bench', 'data', '1000000-10000');
const residents = readFileSync(join(data, 'residents.csv'));
const stations = readFileSync(join(data, 'stations.csv'));
const builds = { old: await load(oldWww), new: await load(newWww) };
const plans = {};
let streets;
for (const [name, m] of Object.entries(builds)) {
  const p = new m.Planner();
  p.loadResidents(residents, {});
  p.loadStations(stations, {});
  plans[name] = p;
  if (streets) continue;
  const rc = p.residentCoordinates();
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < rc.length; i += 2) { w = Math.min(w, rc[i]); e = Math.max(e, rc[i]); s = Math.min(s, rc[i + 1]); n = Math.max(n, rc[i + 1]); }
  const G = 500;
  const f = [];
  for (let j = 0; j <= G; j++) {
    const lat = s + ((n - s) * j) / G, lon = w + ((e - w) * j) / G;
    f.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: Array.from({ length: G + 1 }, (_, i) => [w + ((e - w) * i) / G, lat]) } });
    f.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: Array.from({ length: G + 1 }, (_, i) => [lon, s + ((n - s) * i) / G]) } });
  }
  streets = JSON.stringify({ type: 'FeatureCollection', features: f });
}
const times = {};
const add = (k, v) => (times[k] ??= []).push(v);
for (let rep = 0; rep < 4; rep++) {
  for (const name of rep % 2 ? ['new', 'old'] : ['old', 'new']) {
    const p = plans[name];
    p.setMetric('straight');
    let t = performance.now();
    for (let i = 0; i < 20; i++) p.summary();
    add(`straight summary (mean of 20), ${name}`, (performance.now() - t) / 20);
    p.loadStreets(streets, { format: 'geojson' });
    p.setMetric('network');
    t = performance.now();
    p.summary();
    add(`walking summary, first use, ${name}`, performance.now() - t);
    t = performance.now();
    for (let i = 0; i < 5; i++) p.summaryBrief();
    add(`walking summaryBrief (mean of 5), ${name}`, (performance.now() - t) / 5);
  }
}
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
console.log('| measure | median (ms) | runs |\n|---|---|---|');
for (const [k, v] of Object.entries(times)) console.log(`| ${k} | ${median(v).toFixed(1)} | ${v.map((x) => x.toFixed(0)).join(', ')} |`);
