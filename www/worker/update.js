// What the page needs after any change: figures, kinds, stations with their radius circles (only
// those whose place or radius changed), which residents changed colour, and the largest gaps.
import { plan, FLOOR_AREA_PER_PERSON } from './engine.js';
import * as ids from './ids.js';
import { stationList } from './stations.js';
import { scenarioNames, scenarios } from './scenarios.js';
import { geodesicCircle } from '../pkg/lifecircle.js';
import { gapView } from './gap.js';

/** Vertices of a radius circle (a closed ring has one more). */
const CIRCLE_SEGMENTS = 96;

/** Coordinates and population change only when residents are loaded (`plan.generation`). */
let columns = null;
/** The covered flags the page shows (null: it must be sent everything again). */
let shownCovered = null;
/** The circle the page has of each station: app id → `lon,lat,radius`. */
const circleSent = new Map();
/** When live edits last carried the per-unit figures. */
let unitsSentAt = 0;

/** Forgets which residents the page shows covered: the next update sends them all. */
export function invalidate() {
  shownCovered = null;
}

function residentColumns() {
  if (columns?.generation !== plan.generation) {
    columns = { generation: plan.generation, coordinates: plan.planner.residentCoordinates(), population: plan.planner.residentPopulation() };
  }
  return columns;
}

/** Per resident 1 when covered for the display choice. */
function coveredFlags() {
  const p = plan.planner;
  const n = p.residentCount;
  const out = new Uint8Array(n);
  const kinds = p.kinds();
  if (plan.display === 'all' || !kinds.some((k) => k.id === plan.display)) {
    // Covered by every counted kind (a counted kind with no station: nobody is).
    const counted = kinds.filter((k) => k.counted).length;
    if (counted === 0) return out;
    const c = p.kindsCovering();
    for (let i = 0; i < n; i++) out[i] = c[i] >= counted ? 1 : 0;
  } else {
    const c = p.coveringCount(plan.display);
    for (let i = 0; i < n; i++) out[i] = c[i] > 0 ? 1 : 0;
  }
  return out;
}

/** The largest residents not covered for the display choice. */
function gaps(covered, limit = 25) {
  const pop = residentColumns().population;
  const best = [];
  let floor = 0;
  for (let i = 0; i < covered.length; i++) {
    if (covered[i] || pop[i] <= floor) continue;
    best.push(i);
    if (best.length > limit * 4) {
      best.sort((a, b) => pop[b] - pop[a]);
      best.length = limit;
      floor = pop[best[limit - 1]];
    }
  }
  best.sort((a, b) => pop[b] - pop[a] || a - b);
  best.length = Math.min(best.length, limit);
  const names = plan.planner.residentNamesAt(Uint32Array.from(best));
  const xy = residentColumns().coordinates;
  // An unnamed residence is called after its grid, community or street, else its coordinates.
  const units = best.some((_, j) => !names[j]) ? { list: plan.planner.units(), of: plan.planner.residentUnits() } : null;
  const place = (i) => {
    for (const l of [2, 1, 0]) {
      const u = units.of[3 * i + l];
      if (u !== 0xffffffff && units.list[u]) return units.list[u].name || units.list[u].id;
    }
    return `${xy[2 * i].toFixed(5)}, ${xy[2 * i + 1].toFixed(5)}`;
  };
  return best.map((i, j) => ({ index: i, name: names[j], place: names[j] ? '' : place(i), population: pop[i], lon: xy[2 * i], lat: xy[2 * i + 1] }));
}

/** Radius circles of the stations whose place or radius changed since the page last got theirs
 * (`again`: app ids whose circle is sent whatever). `[[appId, Float64Array ring], …]`. */
function circles(stations, kinds, again = []) {
  const radius = new Map(kinds.map((k) => [k.id, k.radius_m]));
  for (const id of again) circleSent.delete(id);
  const live = new Set();
  const out = [];
  for (const s of stations) {
    live.add(s.id);
    const r = radius.get(s.kind);
    const key = `${s.lon},${s.lat},${r}`;
    if (circleSent.get(s.id) === key) continue;
    circleSent.set(s.id, key);
    out.push([s.id, geodesicCircle(s.lon, s.lat, r, CIRCLE_SEGMENTS)]);
  }
  for (const id of [...circleSent.keys()]) if (!live.has(id)) circleSent.delete(id);
  return out;
}

/** Radius circles of suggested sites (not stations yet). */
export function ghostCircles(sites, radius) {
  return sites.map((g) => geodesicCircle(g.lon, g.lat, radius, CIRCLE_SEGMENTS));
}

/**
 * The update the page renders. `residentsChanged`: send every resident again; `live`: a drag or
 * slider step (the per-unit figures at most four times a second, no comparison); `circlesFor`:
 * stations whose circle is sent even if unchanged; `withCircles: false`: none this time (a drag
 * step: the page moves the dragged circle itself until the drag ends).
 */
export function update({ residentsChanged = false, live = false, circlesFor = [], withCircles = true } = {}) {
  const p = plan.planner;
  if (residentsChanged) invalidate();
  const now = performance.now();
  const withUnits = !live || now - unitsSentAt > 250;
  if (withUnits) unitsSentAt = now;
  // The distance percentiles and 2SFCA only for the gap view that shows them (they sort every
  // resident, search from every station); its classes follow each change, its units when sent.
  const gap = plan.gapView;
  const summary = withUnits || gap !== 'coverage'
    ? p.summary({ distances: gap === 'distance', access: gap === 'access' }) : p.summaryBrief();
  summary.stations = stationList(summary.stations);
  const kinds = p.kinds();
  const covered = coveredFlags();
  const out = {
    summary,
    kinds,
    circles: withCircles ? circles(summary.stations, kinds, circlesFor) : [],
    weightColumns: p.weightColumns,
    metric: p.metric,
    streets: plan.streetsInfo,
    snapRule: plan.streetsInfo ? p.snapRule() : null,
    dataset: { ...plan.dataset, estimated: plan.residentsInput?.estimated ?? 0, floor_area_per_person: FLOOR_AREA_PER_PERSON },
    display: plan.display,
    gaps: gaps(covered),
    scenarios: scenarioNames(),
    gap: gapView(summary),
  };
  // A proposal's figures against the baseline's (not during a drag: the last ones stay).
  if (scenarios.active > 0 && withUnits) out.comparison = p.compare({ keys: ids.pairs() });
  if (!shownCovered || shownCovered.length !== covered.length) {
    const c = residentColumns();
    out.residents = {
      coordinates: c.coordinates.slice(),
      population: c.population.slice(),
      units: p.residentUnits(),
      unitList: p.units(),
      covered: covered.slice(),
    };
  } else {
    const changed = [];
    for (let i = 0; i < covered.length; i++) if (covered[i] !== shownCovered[i]) changed.push(i);
    out.flips = { indices: Uint32Array.from(changed), covered: Uint8Array.from(changed, (i) => covered[i]) };
  }
  shownCovered = covered;
  return out;
}

/** The buffers of an update or answer that can be transferred rather than copied. */
export function transferables(result) {
  const out = [];
  const r = result?.residents;
  if (r) out.push(r.coordinates.buffer, r.population.buffer, r.units.buffer, r.covered.buffer);
  for (const [, ring] of result?.circles ?? []) out.push(ring.buffer);
  if (result?.gap) out.push(result.gap.classes.buffer);
  if (result?.bytes) out.push(result.bytes.buffer);
  return out;
}
