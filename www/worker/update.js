// What the page needs after any change: figures, kinds, stations with their radius circles (only
// those whose place or radius changed), which residents changed colour, and the largest gaps.
import { plan, FLOOR_AREA_PER_PERSON } from './engine.js';
import * as ids from './ids.js';
import { stationList } from './stations.js';
import { scenarioNames, scenarios } from './scenarios.js';
import { geodesicCircle } from '../pkg/lifecircle.js';
import { gapView } from './gap.js';
import { layout, CellColours } from './cells.js';

/** Vertices of a radius circle (a closed ring has one more). */
const CIRCLE_SEGMENTS = 96;

/** Coordinates, population and the map's layout (cells.js) change only when residents are loaded
 * (`plan.generation`). */
let columns = null;
/** The colour byte per resident the page shows (covered or not, or the gap view's class; null: it
 * must be sent everything again). The cells' bytes shown are in `columns.cellColours`. */
let shownValues = null;
/** What `shownValues` were made for: the planner, and the view, display, metric and counted kinds
 * (the engine's log of changed residents applies to those only). */
let shownFor = { planner: null, meaning: '' };
/** The circle the page has of each station: app id → `lon,lat,radius`. */
const circleSent = new Map();
/** When live edits last carried the proposal's comparison with the baseline. */
let comparedAt = 0;
/** The units (`[level, id, name]`) whose ratios live steps last sent, in their order. */
let unitsSent = null;
/** The units of the last full summary, in its order (`[level, id, name]`): a live step's unit
 * ratios (`unitRatios()`, no names) come in the same order. */
let unitKeys = null;
/** Each station as the page last got it (app id → the object sent), for live steps' changes. */
const stationSent = new Map();

/** Whether the page's station `a` shows what `b` says. */
function sameStation(a, b) {
  return a.engine_id === b.engine_id && a.kind === b.kind && a.name === b.name && a.lon === b.lon && a.lat === b.lat
    && a.served_population === b.served_population && a.only_population === b.only_population;
}

/** A live step's stations: those whose figures changed since the page got them (a drag moves one
 * station; its neighbours' figures may change); null when the page is to get every station. */
function stationsForPage(stations, live) {
  const changed = [];
  for (const s of stations) {
    const was = stationSent.get(s.id);
    if (!was || !sameStation(was, s)) changed.push(s);
    stationSent.set(s.id, s);
  }
  if (live && stationSent.size === stations.length) return changed;
  const ids = new Set(stations.map((s) => s.id));
  for (const id of [...stationSent.keys()]) if (!ids.has(id)) stationSent.delete(id);
  return null;
}

/** A brief's station columns (`summaryBrief`) against what the page has: the stations that
 * changed, each with the kind and name the page got last (a live step renames nothing); null when
 * a station is new to the page or gone from the plan. */
function columnChanges(c) {
  if (stationSent.size !== c.id.length) return null;
  const changed = [];
  for (let i = 0; i < c.id.length; i++) {
    const id = ids.appId(c.id[i]);
    const was = stationSent.get(id);
    if (!was || was.engine_id !== c.id[i]) return null;
    if (was.lon !== c.lon[i] || was.lat !== c.lat[i] || was.served_population !== c.served[i] || was.only_population !== c.only[i]) {
      changed.push({ ...was, lon: c.lon[i], lat: c.lat[i], served_population: c.served[i], only_population: c.only[i] });
    }
  }
  for (const s of changed) stationSent.set(s.id, s);
  return changed;
}

/** Forgets which residents the page shows covered: the next update sends them all. */
export function invalidate() {
  shownValues = null;
  shownFor = { planner: null, meaning: '' };
}

function residentColumns() {
  if (columns?.generation !== plan.generation) {
    const coordinates = plan.planner.residentCoordinates();
    const population = plan.planner.residentPopulation();
    const l = layout(coordinates, population);
    columns = { generation: plan.generation, coordinates, population, ...l, cellColours: l.cells ? new CellColours(l.cells, population) : null };
  }
  return columns;
}

/** The level-of-detail cells' sums as the page was last sent them: how many, their population
 * and (in the covered-or-not view) their covered population. */
export function cellStats() {
  const { cells: c, cellColours: k } = residentColumns();
  if (!c) return null;
  let population = 0;
  let covered = 0;
  for (let i = 0; i < c.pop.length; i++) { population += c.pop[i]; covered += k?.gap === false ? k.sum[i] : 0; }
  return { count: c.pop.length, population, covered };
}

/** Indices where `next` differs from `shown`, with the new values: `{indices, values}`. */
function changes(shown, next) {
  const changed = [];
  for (let i = 0; i < next.length; i++) if (next[i] !== shown[i]) changed.push(i);
  return { indices: Uint32Array.from(changed), values: Uint8Array.from(changed, (i) => next[i]) };
}

/** The engine's changed residents (`{indices, values}`, values for all of them) applied to `shown`
 * in place: those whose byte differs, with the bytes they had (`before`). */
function applyLogged(shown, logged) {
  const at = [];
  const before = [];
  const after = [];
  for (let j = 0; j < logged.indices.length; j++) {
    const i = logged.indices[j];
    const v = logged.values[j];
    if (shown[i] === v) continue;
    at.push(i);
    before.push(shown[i]);
    after.push(v);
    shown[i] = v;
  }
  return { indices: Uint32Array.from(at), values: Uint8Array.from(after), before: Uint8Array.from(before) };
}

/** Changes by resident (`{indices, values}`, ascending) as the map draws them: by slot (the
 * map's curve order, `slot[i]` of resident i), ascending, so that they fall in few ranges. */
function inSlotOrder({ indices, values }, slot) {
  const k = indices.length;
  // slot × 256 + byte, sorted as numbers (no comparator), then split.
  const packed = new Float64Array(k);
  for (let j = 0; j < k; j++) packed[j] = slot[indices[j]] * 256 + values[j];
  packed.sort();
  const out = { indices: new Uint32Array(k), values: new Uint8Array(k) };
  for (let j = 0; j < k; j++) { out.indices[j] = Math.floor(packed[j] / 256); out.values[j] = packed[j] % 256; }
  return out;
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
 * slider step (units' ratios for the choropleth, no unit table; the comparison with the baseline
 * at most four times a second); `circlesFor`:
 * stations whose circle is sent even if unchanged; `withCircles: false`: none this time (a drag
 * step: the page moves the dragged circle itself until the drag ends).
 */
export function update({ residentsChanged = false, live = false, circlesFor = [], withCircles = true } = {}) {
  const p = plan.planner;
  if (residentsChanged) invalidate();
  const now = performance.now();
  const compareNow = !live || now - comparedAt > 250;
  if (compareNow) comparedAt = now;
  // The distance percentiles and 2SFCA only for the gap view that shows them (they sort every
  // resident, search from every station); its classes follow each change, its units when sent.
  // A live step of the coverage view takes the brief figures, and its units' ratios as numbers.
  const gap = plan.gapView;
  const full = !live || gap !== 'coverage';
  /** @type {any} */
  const summary = full ? p.summary({ distances: gap === 'distance', access: gap === 'access' }) : p.summaryBrief();
  // A brief step's stations come as columns: the changed ones as the page's objects, or (a
  // station new to the page) all of them from the plan.
  const fromColumns = full ? null : columnChanges(summary.stations);
  summary.stations = fromColumns ?? stationList(full ? summary.stations : undefined);
  const changed = fromColumns ?? stationsForPage(summary.stations, live);
  /** Every station as the page is to have it (`stationSent` holds them once the changes are in). */
  const allStations = () => (fromColumns ? [...stationSent.values()] : summary.stations);
  const kinds = p.kinds();
  // The residents whose coverage changed since the last update, from the engine's log (taken by
  // every update, so that it starts from the colours the page was last sent): a live step of the
  // coverage view then looks at those alone instead of at every resident.
  const logged = p.coverageChanges(kinds.some((k) => k.id === plan.display) ? plan.display : undefined);
  const meaning = [gap, plan.display, p.metric, kinds.filter((k) => k.counted).map((k) => k.id)].join('|');
  const quick = live && gap !== 'distance' && gap !== 'access' && logged && shownValues && shownFor.planner === p && shownFor.meaning === meaning;
  // Covered or not per resident: the map's colours outside the gap view and the gaps list at a
  // step's end; a live step of the gap view needs neither (it is O(residents)).
  const covered = quick ? shownValues : live && (gap === 'distance' || gap === 'access') ? new Uint8Array(0) : coveredFlags();
  const out = {
    summary,
    kinds,
    circles: withCircles ? circles(allStations(), kinds, circlesFor) : [],
    weightColumns: p.weightColumns,
    metric: p.metric,
    streets: plan.streetsInfo,
    snapRule: plan.streetsInfo ? p.snapRule() : null,
    dataset: { ...plan.dataset, estimated: plan.residentsInput?.estimated ?? 0, floor_area_per_person: FLOOR_AREA_PER_PERSON },
    display: plan.display,
    // The largest uncovered residents: not for a live step (that list waits for the step's end).
    gaps: live ? undefined : gaps(covered),
    scenarios: scenarioNames(),
    gap: gapView(summary),
  };
  // A live step's unit figures only as the map's choropleth needs them (the table waits for the
  // step's end): each unit's ratio for all kinds and for each, in one typed array (row-major);
  // the units themselves only when they differ from the last ones sent.
  if (summary.units) unitKeys = summary.units.map((u) => [u.level, u.id, u.name]);
  if (live) {
    const ks = summary.kinds.map((k) => k.kind);
    const stride = ks.length + 1;
    const ratios = p.unitRatios();
    if (unitKeys?.length !== ratios.length / stride) unitKeys = p.summary({ distances: false, access: false }).units.map((u) => [u.level, u.id, u.name]);
    const units = unitKeys;
    const same = unitsSent === units || (unitsSent && unitsSent.length === units.length && units.every((u, i) => u.every((v, j) => v === unitsSent[i][j])));
    if (!same) unitsSent = units;
    out.unitRatios = { kinds: ks, units: same ? undefined : units, ratios };
    delete summary.units;
  }
  if (changed) {
    Object.assign(out, { stationChanges: changed });
    delete summary.stations;
  }
  // The page's colour byte per resident: covered or not, or the gap view's class.
  const values = out.gap ? out.gap.classes : covered;
  if (out.gap) delete out.gap.classes;
  const c = residentColumns();
  const cells = c.cellColours;
  const inGapView = Boolean(out.gap);
  // A proposal's figures against the baseline's (not during a drag: the last ones stay).
  if (scenarios.active > 0 && compareNow) out.comparison = p.compare({ keys: ids.pairs() });
  if (!shownValues || shownValues.length !== values.length) {
    cells?.full(values, inGapView);
    out.residents = {
      coordinates: c.coordinates.slice(),
      population: c.population.slice(),
      units: p.residentUnits(),
      unitList: p.units(),
      values: values.slice(),
      slot: c.slot.slice(),
      cells: cells && { xy: c.cells.xy.slice(), pop: c.cells.pop.slice(), values: cells.values.slice() },
    };
  } else {
    const flips = quick ? applyLogged(shownValues, logged) : changes(shownValues, values);
    // A live step's cells follow its changes alone; any other update (or another view) counts
    // them again from every resident, so that sums never drift.
    if (cells && live && cells.gap === inGapView) {
      out.cellFlips = cells.change(flips.indices, flips.before ?? Uint8Array.from(flips.indices, (i) => shownValues[i]), flips.values);
    } else if (cells) {
      const before = cells.values;
      cells.full(values, inGapView);
      out.cellFlips = changes(before, cells.values);
    }
    out.flips = inSlotOrder(flips, c.slot);
  }
  // How many residents' colours this update looked at (a live step: those the engine logged).
  out.residentsLooked = quick ? logged.indices.length : values.length;
  shownValues = values;
  shownFor = { planner: p, meaning };
  return out;
}

/** The buffers of an update or answer that can be transferred rather than copied. */
export function transferables(result) {
  const out = [];
  const r = result?.residents;
  if (r) out.push(r.coordinates.buffer, r.population.buffer, r.units.buffer, r.values.buffer, r.slot.buffer);
  if (r?.cells) out.push(r.cells.xy.buffer, r.cells.pop.buffer, r.cells.values.buffer);
  for (const k of ['flips', 'cellFlips']) if (result?.[k]) out.push(result[k].indices.buffer, result[k].values.buffer);
  if (result?.unitRatios) out.push(result.unitRatios.ratios.buffer);
  for (const [, ring] of result?.circles ?? []) out.push(ring.buffer);
  if (result?.bytes) out.push(result.bytes.buffer);
  return out;
}
