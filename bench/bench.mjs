// WebAssembly benchmark under Node: the generator's 1,000,000 residents and 10,000 stations.
// Races the wasm engine against the same coverage computation written in JS with npm `kdbush`,
// in the same process, and checks that both give the same figures.
// Run through ./scripts/bench.sh (which builds www/pkg and the data first).
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import KDBush from 'kdbush';
import { plainIndex, plainCoverage } from './plain.mjs';
import { initSync, Planner, solveSiting } from '../www/pkg/lifecircle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_RESIDENTS || 1_000_000);
const S = Number(process.env.BENCH_STATIONS || 10_000);
const dataDir = join(root, 'bench', 'data', `${N}-${S}`);
if (!existsSync(join(dataDir, 'residents.csv'))) {
  execFileSync(join(root, 'target/release/lifecircle'), ['demo', '--residents', String(N), '--stations', String(S), '--seed', '2018', '--out', dataDir], { stdio: 'inherit' });
}
const wasm = initSync({ module: readFileSync(join(root, 'www/pkg/lifecircle_bg.wasm')) });

const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;
const now = () => process.hrtime.bigint();
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const pct = (v, p) => [...v].sort((a, b) => a - b)[Math.floor(v.length * p)];

// Seeded PRNG (mulberry32) so that runs compare.
let seed = 7;
const rand = () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

const residentsCsv = readFileSync(join(dataDir, 'residents.csv'));
const stationsCsv = readFileSync(join(dataDir, 'stations.csv'));
// Cold: the first load also grows the wasm memory (fresh pages from the OS). Warm: a second plan
// in the same page reuses that memory, as a planner's second import does.
let t = now();
const cold = new Planner();
cold.loadResidents(residentsCsv, { source: 'residents.csv' });
const loadMs = ms(t);
cold.free();
const p = new Planner();
t = now();
p.loadResidents(residentsCsv, { source: 'residents.csv' });
const warmLoadMs = ms(t);
t = now();
p.loadStations(stationsCsv, { source: 'stations.csv' });
const stationsMs = ms(t);

const full = [];
for (let i = 0; i < 7; i++) { t = now(); p.recompute(); full.push(ms(t)); }

const stations = p.stations();
/** Where each station was loaded (the moves below change `stations`). */
const loadedAt = new Map(stations.map((s) => [s.id, [s.lon, s.lat]]));
const moves = [];
for (let i = 0; i < 2000; i++) {
  const s = stations[Math.floor(rand() * stations.length)];
  s.lon += gauss() * 0.0005; s.lat += gauss() * 0.0005;
  t = now(); p.moveStation(s.id, s.lon, s.lat); moves.push(ms(t));
}
const memoryMB = wasm.memory.buffer.byteLength / 2 ** 20;
const summary = p.summary();
const summaryMemoryMB = wasm.memory.buffer.byteLength / 2 ** 20;

// ---- the same computation in JS with kdbush ----
const coords = p.residentCoordinates();
const pop = p.residentPopulation();
const units = p.residentUnits();
const unitCount = p.units().length;
const kinds = p.kinds();
const finalStations = p.stations();

const A = 6378137, F = 1 / 298.257223563, E2 = F * (2 - F), DEG = Math.PI / 180;
function halfScales(latDeg) { // as geodesy::GeoPoint::from_degrees
  const phi = latDeg * DEG, s = Math.sin(phi), w2 = 1 - E2 * s * s, w = Math.sqrt(w2);
  return [0.5 * DEG * (A / w) * Math.cos(phi), 0.5 * DEG * (A * (1 - E2) / (w2 * w))];
}

function jsCoverage() {
  const n = pop.length, K = kinds.length;
  const lon = new Float64Array(n), lat = new Float64Array(n), hkx = new Float64Array(n), hky = new Float64Array(n);
  let latSum = 0;
  for (let i = 0; i < n; i++) {
    lon[i] = coords[2 * i]; lat[i] = coords[2 * i + 1]; [hkx[i], hky[i]] = halfScales(lat[i]); latSum += lat[i];
  }
  const [kx0h, ky0h] = halfScales(latSum / n); const kx0 = 2 * kx0h, ky0 = 2 * ky0h;
  let latMin = Infinity, latMax = -Infinity;
  for (let i = 0; i < n; i++) { latMin = Math.min(latMin, lat[i]); latMax = Math.max(latMax, lat[i]); }
  // Projection stretch bound over the data's latitudes (+0.1° margin), as engine/frame.rs.
  const far = Math.max(Math.abs(latMin - 0.1), Math.abs(latMax + 0.1)), near = Math.min(Math.abs(latMin - 0.1), Math.abs(latMax + 0.1));
  const rho = Math.max(kx0h / halfScales(far)[0], ky0h / halfScales(near)[1], 1) * (1 + 1e-9);
  const covered = new Float64Array(K), kindsCovering = new Uint8Array(n);
  const unitCovered = new Float64Array(unitCount * K);
  const served = new Map(), only = new Map();
  const nearestDist = [];
  for (let k = 0; k < K; k++) {
    const st = finalStations.filter((s) => s.kind === kinds[k].id);
    const r = kinds[k].radius_m, h = kinds[k].horizon_m, r2 = r * r, h2 = h * h;
    const dist = new Float64Array(n).fill(Infinity);
    nearestDist.push(dist);
    if (st.length === 0) continue;
    const idx = new KDBush(st.length);
    const sl = new Float64Array(st.length), sa = new Float64Array(st.length), sx = new Float64Array(st.length), sy = new Float64Array(st.length);
    for (let j = 0; j < st.length; j++) {
      sl[j] = st[j].lon; sa[j] = st[j].lat; [sx[j], sy[j]] = halfScales(sa[j]);
      idx.add(sl[j] * kx0, sa[j] * ky0);
      served.set(st[j].id, 0); only.set(st[j].id, 0);
    }
    idx.finish();
    for (let i = 0; i < n; i++) {
      const x = lon[i] * kx0, y = lat[i] * ky0;
      let best = -1, bestD2 = Infinity, count = 0;
      for (const j of idx.within(x, y, rho * r + 1e-6)) {
        const dx = (lon[i] - sl[j]) * (hkx[i] + sx[j]), dy = (lat[i] - sa[j]) * (hky[i] + sy[j]);
        const d2 = dx * dx + dy * dy;
        if (d2 <= r2) {
          count++; served.set(st[j].id, served.get(st[j].id) + pop[i]);
          if (d2 < bestD2 || (d2 === bestD2 && st[j].id < st[best].id)) { best = j; bestD2 = d2; }
        }
      }
      if (count === 1) only.set(st[best].id, only.get(st[best].id) + pop[i]);
      if (count > 0) {
        covered[k] += pop[i]; kindsCovering[i]++;
        for (let l = 0; l < 3; l++) { const u = units[3 * i + l]; if (u !== 0xffffffff) unitCovered[u * K + k] += pop[i]; }
      } else {
        for (const j of idx.within(x, y, rho * h + 1e-6)) {
          const dx = (lon[i] - sl[j]) * (hkx[i] + sx[j]), dy = (lat[i] - sa[j]) * (hky[i] + sy[j]);
          const d2 = dx * dx + dy * dy;
          if (d2 <= h2 && (d2 < bestD2 || (d2 === bestD2 && st[j].id < st[best].id))) { best = j; bestD2 = d2; }
        }
      }
      dist[i] = Math.sqrt(bestD2);
    }
  }
  const active = kinds.filter((k) => finalStations.some((s) => s.kind === k.id)).length;
  let complete = 0;
  for (let i = 0; i < n; i++) if (active > 0 && kindsCovering[i] === active) complete += pop[i];
  return { covered, complete, served, only, nearestDist, unitCovered };
}

// Siting: 20 new 红蜂驿站 from a 10,000-site grid (378 m over the ~37.8 km square district).
const suggestRuns = [];
let suggestion;
for (let i = 0; i < 3; i++) { t = now(); suggestion = p.suggest({ kind: 'red_bee_station', count: 20, spacing_m: 378 }); suggestRuns.push(ms(t)); }
if (suggestion.suggestions.length !== 20 || !(suggestion.upper_bound >= suggestion.covered_after)) throw new Error('suggest gave a bad answer');
// The same on the plan as loaded (its stations put back for it, then moved again).
const movedAt = p.stations().map((s) => [s.id, s.lon, s.lat]);
for (const [id, [lon, lat]] of loadedAt) p.moveStation(id, lon, lat);
const freshSuggestRuns = [];
let freshSuggestion;
for (let i = 0; i < 3; i++) { t = now(); freshSuggestion = p.suggest({ kind: 'red_bee_station', count: 20, spacing_m: 378 }); freshSuggestRuns.push(ms(t)); }
for (const [id, lon, lat] of movedAt) p.moveStation(id, lon, lat);
// The app's path: the engine worker extracts the uncovered demand, a siting worker solves it.
const splitRuns = [];
for (let i = 0; i < 3; i++) {
  t = now();
  const input = p.sitingInput({ kind: 'red_bee_station', count: 20, spacing_m: 378 });
  const extracted = ms(t);
  const r = solveSiting(input, () => true);
  splitRuns.push([extracted, ms(t)]);
  if (JSON.stringify(r) !== JSON.stringify(suggestion)) throw new Error('sitingInput + solveSiting differs from suggest');
}

const js = [];
let jsResult;
for (let i = 0; i < 2; i++) { t = now(); jsResult = jsCoverage(); js.push(ms(t)); }

// The plain script (issue 17's comparator): index once, then covered flags per kind.
t = now();
const plainIdx = plainIndex(coords);
const plainIndexMs = ms(t);
const plain = [];
let plainCovered;
for (let i = 0; i < 3; i++) { t = now(); plainCovered = plainCoverage(plainIdx, coords, pop, finalStations, kinds); plain.push(ms(t)); }
// Haversine on the mean sphere against the engine's ellipsoid: residents at the very edge of a
// circle may fall either way, so the totals agree to a small share, not exactly.
const plainDiff = Math.max(...summary.kinds.map((k, i) => Math.abs(k.covered_population - plainCovered[i]) / Math.max(1, k.covered_population)));
if (plainDiff > 0.005) throw new Error(`the plain script and wasm differ by ${(100 * plainDiff).toFixed(2)} %`);

// Same figures?
const close = (a, b) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
summary.kinds.forEach((k, i) => { if (!close(k.covered_population, jsResult.covered[i])) throw new Error(`kdbush and wasm differ for ${k.kind}: ${jsResult.covered[i]} vs ${k.covered_population}`); });
if (!close(summary.all_kinds.covered_population, jsResult.complete)) throw new Error('completeness differs');
for (const s of summary.stations) {
  if (!close(s.served_population, jsResult.served.get(s.id)) || !close(s.only_population, jsResult.only.get(s.id))) throw new Error(`station ${s.id} differs`);
}
const wasmDist = p.nearestDistance(kinds[1].id);
// JS's Math.sin/cos and Rust's libm may differ in the last bit of a scale factor, hence 1e-6 m.
for (let i = 0; i < wasmDist.length; i++) {
  const a = wasmDist[i], b = jsResult.nearestDist[1][i];
  if (!(a === b || Math.abs(a - b) < 1e-6)) throw new Error(`nearest distance of resident ${i} differs: ${a} vs ${b}`);
}

// Walking network: a street grid of about 500,000 edges over the residents' area.
const rc = p.residentCoordinates();
let [w, so, e, no] = [Infinity, Infinity, -Infinity, -Infinity];
for (let i = 0; i < rc.length; i += 2) { w = Math.min(w, rc[i]); e = Math.max(e, rc[i]); so = Math.min(so, rc[i + 1]); no = Math.max(no, rc[i + 1]); }
const G = 500;
// Built in a scope of its own: half a million small coordinate arrays left alive would make each
// of the garbage collections V8 runs while the wasm memory grows cost 25-35 ms (measured: the
// walking summary took 12-17 s with them, 5 s without; the app's worker keeps no such heap).
const streetsText = (() => {
  const streetFeatures = [];
  for (let j = 0; j <= G; j++) {
    const lat = so + ((no - so) * j) / G, lon = w + ((e - w) * j) / G;
    streetFeatures.push({ type: 'Feature', properties: { highway: 'residential' }, geometry: { type: 'LineString', coordinates: Array.from({ length: G + 1 }, (_, i) => [w + ((e - w) * i) / G, lat]) } });
    streetFeatures.push({ type: 'Feature', properties: { highway: 'residential' }, geometry: { type: 'LineString', coordinates: Array.from({ length: G + 1 }, (_, i) => [lon, so + ((no - so) * i) / G]) } });
  }
  return JSON.stringify({ type: 'FeatureCollection', features: streetFeatures });
})();
t = now();
const streetInfo = p.loadStreets(streetsText, { format: 'geojson' });
const streetsMs = ms(t);
t = now();
p.networkDistances(kinds[1].id); // first use: builds the graph and snaps every resident
const snapMs = ms(t);
const netRuns = [];
for (let i = 0; i < 5; i++) { t = now(); p.networkDistances(kinds[1].id); netRuns.push(ms(t)); }
p.setMetric('network');
// The coverage figures on foot (per kind, unit and station: served / only) — what the app's
// editing asks — and the whole summary with the walking-distance percentiles and 2SFCA on foot
// (one bounded search per station), which the gap view and the printed report ask.
t = now();
const netSummary = p.summary({ distances: false, access: false });
const netSummaryMs = ms(t);
const netFullRuns = [];
for (let i = 0; i < 2; i++) { t = now(); p.summary(); netFullRuns.push(ms(t)); }
// A drag on foot at this size: what the engine worker asks per step (move, the brief report, the
// dragged kind's residents' colours), per kind.
const netDrags = kinds.map((kind) => {
  const st = p.stations().find((x) => x.kind === kind.id);
  const steps = [];
  for (let i = 0; i < 60; i++) {
    t = now();
    p.moveStation(st.id, st.lon + (i % 30) * 0.0002, st.lat + (i % 30) * 0.0001);
    p.summaryBrief();
    p.coveringCount(kind.id);
    steps.push(ms(t));
  }
  p.moveStation(st.id, st.lon, st.lat);
  return `${kind.id} (${kind.radius_m} m) ${median(steps).toFixed(1)} ms (p95 ${pct(steps, 0.95).toFixed(1)})`;
});
p.setMetric('straight');
netSummary.kinds.forEach((k, i) => { if (k.covered_population > summary.kinds[i].covered_population + 1e-6) throw new Error('walking covers more than straight lines'); });

const fullMed = median(full), jsMed = Math.min(...js);
const line = (label, value, target) => console.log(`| ${label} | ${value} | ${target} |`);
console.log(`\nwasm under Node ${process.version}: ${N.toLocaleString('en')} residents, ${summary.stations.length.toLocaleString('en')} stations (${summary.kinds.map((k) => `${k.stations} ${k.kind}`).join(', ')})\n`);
console.log('| measure | result | target |\n|---|---|---|');
line('load residents CSV (parse, index), cold / warm', `${loadMs.toFixed(0)} ms / ${warmLoadMs.toFixed(0)} ms (${(residentsCsv.length / 2 ** 20).toFixed(0)} MB file)`, '≤ 1500 ms');
line('load stations CSV (+ full coverage)', `${stationsMs.toFixed(0)} ms`, '');
line('full coverage, 3 kinds, median of 7', `${fullMed.toFixed(1)} ms (runs ${full.map((v) => v.toFixed(0)).join(', ')})`, '≤ 150 ms');
const plainMin = Math.min(...plain);
line('plain script: kdbush over the residents, `within` per station, haversine, covered flags; best of 3', `${plainMin.toFixed(0)} ms (runs ${plain.map((v) => v.toFixed(0)).join(', ')}; index built once before, ${plainIndexMs.toFixed(0)} ms; covered totals within ${(100 * plainDiff).toFixed(3)} % of the engine's)`, '');
line('**speed-up over the plain script**', `**${(plainMin / fullMed).toFixed(1)}×**`, '≥ 10×');
line('the engine\'s figures in JS with kdbush (served, only, nearest within the horizon, units), best of 2', `${jsMed.toFixed(0)} ms`, '');
line('speed-up over that comparator', `${(jsMed / fullMed).toFixed(1)}×`, '');
line('move one station, median (p95) of 2000', `${median(moves).toFixed(3)} ms (${pct(moves, 0.95).toFixed(3)} ms)`, '≤ 1 ms');
line('wasm linear memory after load, coverage and the moves / after the whole summary (percentiles, 2SFCA)', `${memoryMB.toFixed(0)} MB / ${summaryMemoryMB.toFixed(0)} MB`, '≤ 200 MB');
line('sitingInput + solveSiting (the app\'s worker split), same answer, median of 3', `${median(splitRuns.map((r) => r[1])).toFixed(0)} ms, of which extracting the input ${median(splitRuns.map((r) => r[0])).toFixed(0)} ms`, '≤ 2000 ms');
line(`suggest 20 ${suggestion.kind} from ${suggestion.candidates.toLocaleString('en')} grid sites, median of 3`, `${median(suggestRuns).toFixed(0)} ms (runs ${suggestRuns.map((v) => v.toFixed(0)).join(', ')}); ${suggestion.method}; covered ${suggestion.covered_before.toFixed(0)} → ${suggestion.covered_after.toFixed(0)} (greedy ${suggestion.covered_after_greedy.toFixed(0)}), bound ${suggestion.upper_bound.toFixed(0)}`, '≤ 2000 ms');
for (const [when, s, runs] of [['as loaded', freshSuggestion, freshSuggestRuns], ['after 2,000 moves', suggestion, suggestRuns]]) {
  line(`suggest 20 ${s.kind} from ${s.candidates.toLocaleString('en')} grid sites, ${when}: certified gap (new coverage within this share of the best possible), median of 3`, `${(100 * s.optimality_gap).toFixed(2)} % (new ${(s.covered_after - s.covered_before).toFixed(0)}, bound on it ${(s.upper_bound - s.covered_before).toFixed(0)}); ${median(runs).toFixed(0)} ms (runs ${runs.map((v) => v.toFixed(0)).join(', ')})`, '≤ 1 %, ≤ 2000 ms');
}
line(`load streets: ${streetInfo.edges.toLocaleString('en')}-edge grid as GeoJSON (${(streetsText.length / 2 ** 20).toFixed(0)} MB: parse + graph build)`, `${streetsMs.toFixed(0)} ms`, '≤ 1000 ms (build)');
line(`first network use: copy the graph, snap ${N.toLocaleString('en')} residents to the street grid index`, `${snapMs.toFixed(0)} ms`, '');
line(`network coverage for one kind (${kinds[1].id}, ${summary.kinds[1].stations} stations, ${summary.kinds[1].radius_m} m): bounded multi-source Dijkstra, median of 5`, `${median(netRuns).toFixed(0)} ms (runs ${netRuns.map((v) => v.toFixed(0)).join(', ')})`, '≤ 200 ms');
line('network summary with distance percentiles and 2SFCA on foot, 3 kinds (first, second)', `${netFullRuns.map((v) => v.toFixed(0)).join(' ms, ')} ms`, '');
line('network summary, 3 kinds (+ one bounded search per station for served / only)', `${netSummaryMs.toFixed(0)} ms; covered ${netSummary.kinds.map((k) => (100 * k.coverage_ratio).toFixed(1) + ' %').join(' / ')} vs straight ${summary.kinds.map((k) => (100 * k.coverage_ratio).toFixed(1) + ' %').join(' / ')}`, '');
line(`walking metric, ${N.toLocaleString('en')} residents, ${streetInfo.edges.toLocaleString('en')} edges: drag a station — move + brief report + its residents' colours, median of 60`, netDrags.join('; '), '≤ 16 ms');
// Dragging a station under the walking metric on the real Nanjing data (when ../shared is there).
const nj = join(root, '..', 'shared', 'data', 'osm', 'nanjing_xinjiekou');
if (existsSync(nj)) {
  const q = new Planner();
  q.loadResidents(readFileSync(join(nj, 'nanjing_buildings.geojson')), { floor_area_per_person: 36.52 });
  q.loadStations(readFileSync(join(nj, 'nanjing_pois.geojson')), { new_kind_radius_m: 500 });
  q.loadStreets(readFileSync(join(nj, 'source_osm_bbox.osm')), { format: 'osm' });
  q.setMetric('network');
  q.summary();
  for (const kind of ['commercial_hub', 'canteen_food']) {
    const st = q.stations().find((x) => x.kind === kind);
    const steps = [];
    for (let i = 0; i < 120; i++) {
      t = now();
      q.moveStation(st.id, st.lon + (i % 60) * 0.0002, st.lat + (i % 60) * 0.0001);
      q.summaryBrief();
      q.coveringCount(kind);
      steps.push(ms(t));
    }
    line(`Nanjing (1,277 buildings, 146 POIs, OSM streets), walking metric: drag a ${kind} (${q.kinds().find((k) => k.id === kind).radius_m} m) — move + brief report + its residents' colours, median (p95) of 120`, `${median(steps).toFixed(2)} ms (${pct(steps, 0.95).toFixed(2)} ms)`, '≤ 16 ms');
  }
}
// The residents as the autosave and project files keep them (issue 14): the engine's binary block
// against the GeoJSON a version-1 project held (what the app wrote before), and the residents
// export in pieces against one string. Memory: the wasm heap's growth (it only grows, so the
// pieces run first), and the largest string the tab holds at once.
{
  const { toBase64 } = await import('../www/worker/project-check.js');
  t = now();
  const block = p.residentsBinary();
  const encodeMs = ms(t);
  t = now();
  const b64 = toBase64(block);
  const b64Ms = ms(t);
  const fromBlock = new Planner();
  t = now();
  fromBlock.loadResidents(block, {});
  const blockLoadMs = ms(t);
  if (fromBlock.residentCount !== N) throw new Error('the block lost residents');
  fromBlock.free();
  line('residents block (autosave, project file): encode / base64 for the file / load back', `${encodeMs.toFixed(0)} ms / ${b64Ms.toFixed(0)} ms / ${blockLoadMs.toFixed(0)} ms; ${(block.length / 2 ** 20).toFixed(0)} MB (${(block.length / N).toFixed(0)} bytes a resident), ${(b64.length / 2 ** 20).toFixed(0)} MB in the file`, '');
  /** What a step gives, or why it cannot be done at all. */
  const attempt = (f) => { try { return f(); } catch (e) { return `fails: ${e.message}`; } };
  t = now();
  const v1 = attempt(() => JSON.stringify(JSON.parse(p.residentsGeoJson('wgs84'))));
  const v1Ms = ms(t);
  line('the same residents as a version-1 project held them (GeoJSON text, parsed and written)', v1.startsWith('fails') ? `${v1} (after ${v1Ms.toFixed(0)} ms)` : `${v1Ms.toFixed(0)} ms; ${(v1.length / 2 ** 20).toFixed(0)} MB — the block is ${(v1Ms / (encodeMs + b64Ms)).toFixed(0)}× quicker and ${(v1.length / b64.length).toFixed(1)}× smaller`, '');
  const heap = () => wasm.memory.buffer.byteLength / 2 ** 20;
  let h0 = heap();
  let biggest = 0;
  let total = 0;
  t = now();
  p.residentsGeoJsonPieces('wgs84', 8 << 20, (piece) => { biggest = Math.max(biggest, piece.length); total += piece.length; });
  const piecesMs = ms(t);
  const piecesGrowth = heap() - h0;
  h0 = heap();
  t = now();
  const whole = attempt(() => p.residentsGeoJson('wgs84'));
  const wholeMs = ms(t);
  if (!whole.startsWith('fails') && whole.length !== total) throw new Error('the pieces are not the whole text');
  const before = whole.startsWith('fails') ? `${whole} (after ${wholeMs.toFixed(0)} ms, wasm heap +${(heap() - h0).toFixed(0)} MB)` : `${wholeMs.toFixed(0)} ms, one string of ${(whole.length / 2 ** 20).toFixed(0)} MB, wasm heap +${(heap() - h0).toFixed(0)} MB`;
  line('residents GeoJSON export: in 8 MB pieces (what the app does) / as one string (before)', `${piecesMs.toFixed(0)} ms, ${(total / 2 ** 20).toFixed(0)} MB in all, largest string ${(biggest / 2 ** 20).toFixed(0)} MB, wasm heap +${piecesGrowth.toFixed(0)} MB / ${before}`, '');
}
console.log(`\nkdbush and wasm agree on every kind's covered population, completeness, every station's served and sole-served population, and every resident's distance to the nearest ${kinds[1].id} (to 1 µm).`);
