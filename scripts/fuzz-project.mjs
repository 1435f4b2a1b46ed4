// The project-file fuzz target: the app's engine worker in Node (scripts/worker-harness.mjs) opens
// seeded mutations of real project files — the demo with a proposal, streets and the walking
// metric, in version 2 and as version 1 — through the same request the page makes. Oracles: a
// refused file leaves the saved project byte-identical; an accepted one saves a project that opens
// again to the same bytes; no request breaks the engine (a panic or a trap); no error is longer
// than 400 characters.
//
//   node scripts/fuzz-project.mjs [--seconds 60] [--seed 1] [--out target/fuzz-project]
//
// Prints a summary (executions, accepted, refused, crashes, slowest case); exits 1 on a crash,
// with the input kept under OUT/crashes/.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startWorker, root, www } from './worker-harness.mjs';

const { values: opt } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, seed: { type: 'string', default: '1' }, out: { type: 'string', default: join(root, 'target/fuzz-project') } } });
const seconds = Number(opt.seconds);
const out = opt.out;
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'crashes'), { recursive: true });

// Seeded PRNG (mulberry32).
let state = Number(opt.seed) >>> 0;
const rand = () => { state = (state + 0x6d2b79f5) | 0; let t = Math.imul(state ^ (state >>> 15), 1 | state); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const below = (n) => Math.floor(rand() * n);
const pick = (list) => list[below(list.length)];

const call = await startWorker();
const masked = (text) => text.replace(/"saved_at":"[^"]*"/, '"saved_at":"MASKED"');
const saved = async () => masked((await call('exportProject')).text);

// The seeds: the demo with a proposal open, streets and the walking metric; and version 1.
await call('init');
await call('loadDemo', 0);
const first = (await call('summary')).summary.stations;
await call('addStation', { kind: 'red_bee_station', lon: first[0].lon + 0.003, lat: first[0].lat + 0.002 });
await call('setCapacity', 'party_service_station', 2000);
await call('setDemand', 'party_service_station', '老年人口');
await call('newScenario', '方案一');
await call('removeStation', first[4].id);
await call('importStreets', readFileSync(join(www, 'demo/basemap.geojson')), { name: 'basemap.geojson' });
await call('setMetric', 'network');
const v2 = JSON.parse((await call('exportProject', { view: { center: [118.8, 32.06], zoom: 13 }, layers: { basemap: null, boundaries: null, user: null } })).text);
const { Planner } = await import('../www/pkg/lifecircle.js');
const p1 = new Planner();
p1.loadResidents(readFileSync(join(www, 'demo/residents.csv')), {});
const v1 = { ...v2, version: 1, residents: JSON.parse(p1.residentsGeoJson('wgs84')), residents_estimated: 0 };
v1.residents.features = v1.residents.features.slice(0, 300);
p1.free();
const seeds = [v2, v1];

/** Values a hostile project puts where a number, a string or a list should be. */
const TOKENS = [null, true, 0, -1, 1.5, 1e308, -1e308, 'NaN', 'Infinity', '', 'x'.repeat(2000), '__proto__', 'constructor',
  'http://127.0.0.2/evil.geojson', [], {}, [1, 2, 3], { type: 'FeatureCollection', features: 'no' }, 2 ** 53, -0, 91, 181, '1', 3];

/** Every [parent, key] path of a JSON value (lists sampled so that the residents do not dominate). */
function paths(v, acc = [], depth = 0) {
  if (depth > 6 || v === null || typeof v !== 'object') return acc;
  const keys = Array.isArray(v) ? (v.length > 8 ? [0, 1, below(v.length), v.length - 1] : v.keys()) : Object.keys(v);
  for (const k of keys) {
    acc.push([v, k]);
    paths(v[k], acc, depth + 1);
  }
  return acc;
}

/** Whether `target` is `v` or lies inside it. */
function contains(v, target, depth = 0) {
  if (v === target) return true;
  if (depth > 8 || v === null || typeof v !== 'object') return false;
  return Object.values(v).some((x) => contains(x, target, depth + 1));
}

/** A mutated copy of a seed, as file text. */
function mutate(seed) {
  const p = structuredClone(seed);
  for (let n = 1 + below(3); n > 0; n--) {
    const all = paths(p);
    const [parent, key] = pick(all);
    switch (below(6)) {
      case 0: parent[key] = pick(TOKENS); break;
      case 1: if (Array.isArray(parent)) parent.splice(key, 1); else delete parent[key]; break;
      case 2: if (Array.isArray(parent)) parent.push(structuredClone(parent[key])); else parent[`${key}_copy`] = parent[key]; break;
      case 3: if (typeof parent[key] === 'number') parent[key] = parent[key] * pick([-1, 10, 1e6, 0.5]) + pick([0, 1, -1]); else parent[key] = pick(TOKENS); break;
      case 4: if (typeof parent[key] === 'string') parent[key] = parent[key].slice(0, below(parent[key].length + 1)) + pick(['', '"', '\\', 'A', '=']); break;
      default: {
        // A swap with another value of the project (not with one inside the other: a value
        // swapped into its own descendant would make the project a cycle, which no file is).
        const [p2, k2] = pick(all);
        if (!contains(parent[key], p2) && !contains(p2[k2], parent)) [parent[key], p2[k2]] = [p2[k2], parent[key]];
      }
    }
  }
  let text = JSON.stringify(p);
  if (below(10) === 0) {
    // Bytes, not structure: cut, or a flipped character.
    const at = below(text.length);
    text = below(2) ? text.slice(0, at) : text.slice(0, at) + String.fromCharCode(below(128)) + text.slice(at + 1);
  }
  return text;
}

const stats = { executions: 0, accepted: 0, refused: 0, crashes: 0, slowest: { ms: 0, bytes: 0 } };
const crash = (why, text) => {
  stats.crashes++;
  const name = join(out, 'crashes', `project-${opt.seed}-${stats.executions}`);
  writeFileSync(`${name}.json`, text);
  writeFileSync(`${name}.txt`, why);
  console.error(`fuzz-project: case ${stats.executions}: ${why}`);
};

let current = await saved();
const deadline = Date.now() + seconds * 1000;
while (Date.now() < deadline && stats.crashes === 0) {
  const text = mutate(pick(seeds));
  stats.executions++;
  const t = performance.now();
  const r = await call('openProject', text);
  const took = performance.now() - t;
  if (took > stats.slowest.ms) stats.slowest = { ms: took, bytes: text.length };
  if (r.fatal) { crash(`the engine broke: ${r.error}`, text); break; }
  if (r.error) {
    stats.refused++;
    if (r.error.length > 400) crash(`an error of ${r.error.length} characters`, text);
    else if ((await saved()) !== current) crash(`a refused file changed the plan: ${r.error}`, text);
    continue;
  }
  stats.accepted++;
  // An accepted file is a plan that saves and opens again to the same project.
  const again = await saved();
  const reopened = await call('openProject', again);
  if (reopened.error) { crash(`its own save does not open: ${reopened.error}`, text); break; }
  if ((await saved()) !== again) crash('its own save opens to another project', text);
  current = again;
  // Back to a seed now and then, so that mutations start from rich plans.
  if (below(4) === 0 && !(await call('openProject', JSON.stringify(pick(seeds)))).error) current = await saved();
}
const summary = `lifecircle fuzz-project: ${seconds} s, seed ${opt.seed}: ${stats.executions} executions, ${stats.accepted} accepted, ${stats.refused} refused, ${stats.crashes} crashes; slowest case ${stats.slowest.ms.toFixed(1)} ms (${stats.slowest.bytes} bytes)\n`;
process.stdout.write(summary);
writeFileSync(join(out, 'summary.txt'), summary);
process.exit(stats.crashes ? 1 : 0);
