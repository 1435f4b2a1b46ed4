// The engine's thread: owns the WebAssembly Planner, the station ids the page sees, and the
// undo/redo history; the page only renders what it posts back.
import init, { Planner, demoFiles, importOsm } from './pkg/lifecircle.js';
import { sitingBuffers } from './transfer.js';

/** Options every residents import gets: buildings without population are estimated (labelled). */
const FLOOR_AREA_PER_PERSON = 36.52; // m², 2020 census urban average
/** Radius of a kind a stations file introduces; the planner adjusts it with the slider. */
const NEW_KIND_RADIUS_M = 500;
const PROJECT_FORMAT = 'lifecircle-project';

let planner = null;
/** App station id → engine station id, and back. App ids survive undo of a removal. */
const engineOf = new Map();
const appOf = new Map();
let nextAppId = 1;
/** The residents as last loaded: `{data, options, name, estimated}` (undo of an import reloads it). */
let residentsInput = null;
/** The streets file as loaded (kept for the project file) and what the engine made of it. */
let streetsInput = null;
let streetsInfo = null;
let dataset = { name: '', synthetic: false };
const undoStack = [];
const redoStack = [];
/** How the page colours residents: a kind id, or 'all' (covered by every kind with stations). */
let display = 'all';
let shownCovered = null;
/** Coordinates and population change only when residents are loaded (which clears this). */
let columns = null;
/** Scenarios: the baseline (index 0: the imported state) and named proposals, each proposal kept
 * as edits on the baseline's stations (`{added, changed, removed}` by app id), so that a change of
 * the baseline shows through every proposal. The planner holds the active one. */
let scenarios = [{ name: null }];
let active = 0;
/** The baseline's stations while a proposal is active (otherwise the planner holds them). */
let baseStations = null;
/** Where the stations came from, for the workbook's sources. */
let stationsSource = '';

function newPlanner() {
  planner?.free();
  planner = new Planner();
  engineOf.clear();
  appOf.clear();
  resetScenarios();
}

function resetScenarios() {
  scenarios = [{ name: null }];
  active = 0;
  baseStations = null;
}

/** What a proposal changes in the baseline's stations, by app id. */
function diffStations(base, cur) {
  const byId = new Map(base.map((s) => [s.id, s]));
  const seen = new Set();
  const added = [];
  const changed = [];
  for (const s of cur) {
    const b = byId.get(s.id);
    if (!b) { added.push(s); continue; }
    seen.add(s.id);
    if (b.lon !== s.lon || b.lat !== s.lat || b.name !== s.name || b.kind !== s.kind) changed.push(s);
  }
  return { added, changed, removed: base.filter((s) => !seen.has(s.id)).map((s) => s.id) };
}

/** The baseline's stations with a proposal's edits (edits of stations the baseline lost drop out). */
function applyDiff(base, d) {
  const changed = new Map(d.changed.map((s) => [s.id, s]));
  const removed = new Set(d.removed);
  return [...base.filter((s) => !removed.has(s.id)).map((s) => changed.get(s.id) ?? s), ...d.added];
}

const NO_EDITS = { added: [], changed: [], removed: [] };

/** The active scenario's edits as they stand (a proposal's; none for the baseline). */
function activeEdits() {
  return active === 0 ? NO_EDITS : diffStations(baseStations, stationsSnapshot());
}

function tellBaseline() {
  if (active === 0) { planner.setBaseline(null); return; }
  planner.setBaseline({ name: 'baseline', stations: baseStations.map((s) => ({ key: s.id, kind: s.kind, name: s.name, lon: s.lon, lat: s.lat })) });
}

/** Makes scenario `to` the one the planner holds, keeping the one it leaves. */
function switchScenario(to) {
  if (to === active) return;
  if (!scenarios[to]) throw new Error(`no scenario ${to}`);
  if (active === 0) baseStations = stationsSnapshot();
  else scenarios[active].edits = activeEdits();
  const next = to === 0 ? baseStations : applyDiff(baseStations, scenarios[to].edits);
  bindAll(loadStationList(planner, next));
  const leftBaseline = active === 0;
  active = to;
  if (to === 0) { baseStations = null; tellBaseline(); }
  else if (leftBaseline) tellBaseline();
}

/** Scenarios for the project file (the active proposal's edits as they stand). */
function scenarioSnapshot() {
  return {
    active,
    list: scenarios.map((sc, i) => ({ name: sc.name, edits: i === 0 ? null : i === active ? activeEdits() : sc.edits })),
    baseline_stations: active === 0 ? null : baseStations,
  };
}

function restoreScenarios(snap) {
  if (!snap) { resetScenarios(); return; }
  if (!Array.isArray(snap.list) || !snap.list.length || !(snap.active >= 0 && snap.active < snap.list.length)) throw new Error('project file: bad scenarios');
  if (snap.active > 0 && !Array.isArray(snap.baseline_stations)) throw new Error('project file: scenarios without the baseline\'s stations');
  scenarios = snap.list.map((sc, i) => (i === 0 ? { name: null } : { name: String(sc.name), edits: sc.edits ?? NO_EDITS }));
  active = snap.active;
  baseStations = active === 0 ? null : snap.baseline_stations;
  tellBaseline();
}

function bind(appId, engineId) {
  engineOf.set(appId, engineId);
  appOf.set(engineId, appId);
}

function engineId(appId) {
  const id = engineOf.get(appId);
  if (id === undefined) throw new Error(`no station with id ${appId}`);
  return id;
}

function stationList(list = planner.stations()) {
  return list.map((s) => ({ ...s, id: appOf.get(s.id), engine_id: s.id }));
}

function stationsSnapshot() {
  return stationList().map(({ id, kind, name, lon, lat }) => ({ id, kind, name, lon, lat }));
}

/** Replaces every station of `pl` with `list` (`{id, kind, name, lon, lat}`, WGS-84); returns the
 * app id → engine id pairs, for `bindAll` once everything has succeeded. */
function loadStationList(pl, list) {
  const fc = { type: 'FeatureCollection', features: list.map((s) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [s.lon, s.lat] }, properties: { kind: s.kind, name: s.name } })) };
  const ids = pl.loadStations(JSON.stringify(fc), { format: 'geojson', source: 'stations' });
  return list.map((s, i) => [s.id, ids[i]]);
}

function bindAll(pairs) {
  engineOf.clear();
  appOf.clear();
  for (const [a, e] of pairs) bind(a, e);
}

function unbind(appId) {
  appOf.delete(engineOf.get(appId));
  engineOf.delete(appId);
}

/** The request being answered, for progress reports. */
let answering = null;
/** Tells the page how far the current request has got (a fraction). */
function reportProgress(fraction) {
  self.postMessage({ id: answering, progress: fraction });
}

function loadResidentsInput(input, onProgress) {
  planner.loadResidents(input.data, { ...input.options, floor_area_per_person: FLOOR_AREA_PER_PERSON }, onProgress);
  residentsInput = { ...input, estimated: planner.residentsEstimated };
  columns = null;
}

function kindSnapshot() {
  return planner.kinds().map(({ id, label, label_en, radius_m, capacity, demand }) => ({ id, label, label_en, radius_m, capacity, demand }));
}

/** A new station from `{kind, lon, lat, name?}` with the next app id; unnamed ones get a default. */
function newStation(spec) {
  return { id: nextAppId++, kind: spec.kind, lon: spec.lon, lat: spec.lat, name: spec.name?.trim() || defaultName(spec.kind) };
}

/** A default name no station has: 红蜂驿站7号. */
function defaultName(kind) {
  const k = planner.kinds().find((x) => x.id === kind);
  const names = new Set(planner.stations().map((s) => s.name));
  for (let n = k.stations + 1; ; n++) {
    const name = `${k.label}${n}号`;
    if (!names.has(name)) return name;
  }
}

/** The whole state as a project object (WGS-84). */
function project(extra) {
  return {
    format: PROJECT_FORMAT,
    version: 1,
    saved_at: new Date().toISOString(),
    dataset,
    kinds: kindSnapshot(),
    residents: JSON.parse(planner.residentsGeoJson('wgs84')),
    residents_estimated: residentsInput?.estimated ?? 0,
    stations: stationsSnapshot(),
    next_station_id: nextAppId,
    streets: streetsInput,
    metric: planner.metric,
    scenarios: scenarioSnapshot(),
    ...extra,
  };
}

function openProject(p) {
  if (!p || p.format !== PROJECT_FORMAT) throw new Error('not a Lifecircle project file (format should be "lifecircle-project")');
  if (p.version !== 1) throw new Error(`project version ${p.version} is newer than this app understands (1)`);
  if (!Array.isArray(p.kinds) || !Array.isArray(p.stations) || !p.residents) throw new Error('project file is missing kinds, stations or residents');
  const residentsText = JSON.stringify(p.residents);
  const options = { format: 'geojson', source: 'project residents' };
  const fresh = new Planner();
  let pairs;
  try {
    for (const k of p.kinds) fresh.setKind({ kind: k.id, label: k.label, label_en: k.label_en, radius_m: k.radius_m, capacity: k.capacity ?? null });
    fresh.loadResidents(residentsText, options);
    // A kind's demand names a residents' column, so it is set once they are loaded.
    for (const k of p.kinds) if (k.demand) fresh.setKind({ kind: k.id, demand: k.demand });
    if (p.streets) fresh.loadStreets(p.streets.text, p.streets.options);
    if (p.metric === 'network') fresh.setMetric('network');
    pairs = loadStationList(fresh, p.stations);
  } catch (err) {
    fresh.free();
    throw new Error(`project file: ${err.message}`);
  }
  planner.free();
  planner = fresh;
  columns = null;
  streetsInput = p.streets ?? null;
  streetsInfo = p.streets ? planner.loadStreets(p.streets.text, p.streets.options) : null;
  if (p.metric === 'network' && p.streets) planner.setMetric('network');
  bindAll(pairs);
  restoreScenarios(p.scenarios);
  residentsInput = { data: residentsText, options, name: 'project', estimated: p.residents_estimated ?? 0 };
  nextAppId = Math.max(p.next_station_id ?? 1, ...p.stations.map((s) => s.id + 1));
  dataset = p.dataset ?? { name: 'project', synthetic: false };
  if (p.view?.display) { display = p.view.display; shownCovered = null; }
}

/** Applies one history entry forwards (`redo`) or backwards. Returns what the page should know. */
function apply(op, forwards) {
  switch (op.type) {
    case 'add':
      if (forwards) bind(op.station.id, planner.addStation({ kind: op.station.kind, lon: op.station.lon, lat: op.station.lat, name: op.station.name }));
      else { planner.removeStation(engineId(op.station.id)); unbind(op.station.id); }
      return;
    case 'remove':
      apply({ type: 'add', station: op.station }, !forwards);
      return;
    case 'move': {
      const [lon, lat] = forwards ? op.to : op.from;
      planner.moveStation(engineId(op.id), lon, lat);
      return;
    }
    case 'rename':
      planner.renameStation(engineId(op.id), forwards ? op.to : op.from);
      return;
    case 'radius':
      planner.setKind({ kind: op.kind, radius_m: forwards ? op.to : op.from });
      return;
    case 'demand':
      planner.setKind({ kind: op.kind, demand: forwards ? op.to : op.from });
      return;
    case 'capacity':
      planner.setKind({ kind: op.kind, capacity: forwards ? op.to : op.from });
      return;
    case 'kindLabel':
      planner.setKind({ kind: op.kind, label: forwards ? op.to : op.from });
      return;
    case 'residents': {
      const input = forwards ? op.next : op.prev;
      loadResidentsInput(input);
      dataset = forwards ? op.nextDataset : op.prevDataset;
      return;
    }
    case 'stations':
      bindAll(loadStationList(planner, forwards ? op.next : op.prev));
      return;
    case 'project':
      openProject(forwards ? op.next : op.prev);
      return;
    case 'batch':
      for (const sub of forwards ? op.ops : [...op.ops].reverse()) apply(sub, forwards);
      return;
    case 'scenario':
      switchScenario(forwards ? op.to : op.from);
      return;
    case 'newScenario':
      if (forwards) {
        scenarios.push({ name: op.name, edits: op.edits });
        switchScenario(scenarios.length - 1);
      } else {
        switchScenario(op.prevActive);
        scenarios.pop();
      }
      return;
    case 'deleteScenario':
      if (forwards) {
        if (active === op.index) switchScenario(0);
        scenarios.splice(op.index, 1);
        if (active > op.index) active--;
      } else {
        scenarios.splice(op.index, 0, { name: op.scenario.name, edits: op.scenario.edits });
        if (active >= op.index) active++;
        switchScenario(op.prevActive);
      }
      return;
    case 'renameScenario':
      scenarios[op.index].name = forwards ? op.to : op.from;
      return;
    default:
      throw new Error(`unknown edit ${op.type}`);
  }
}

/** Moves the latest edit of `from` to `to`, applying it forwards (redo) or backwards (undo). */
function replay(from, to, forwards) {
  const op = from.pop();
  if (!op) return update();
  apply(op, forwards);
  to.push(op);
  const residentsChanged = op.type === 'residents' || op.type === 'project' || (op.type === 'batch' && op.ops.some((o) => o.type === 'residents'));
  const u = update({ residentsChanged });
  const layers = op.type === 'project' ? (forwards ? op.next : op.prev).layers ?? null : undefined;
  return { ...u, [forwards ? 'redone' : 'undone']: op.label ?? op.type, layers };
}

function record(op) {
  undoStack.push(op);
  redoStack.length = 0;
  if (undoStack.length > 500) undoStack.shift();
}

function residentColumns() {
  columns ??= { coordinates: planner.residentCoordinates(), population: planner.residentPopulation() };
  return columns;
}

/** Per resident 1 when covered for the display choice. */
function coveredFlags() {
  const n = planner.residentCount;
  const out = new Uint8Array(n);
  const kinds = planner.kinds();
  if (display === 'all' || !kinds.some((k) => k.id === display)) {
    const active = kinds.filter((k) => k.stations > 0).length;
    if (active === 0) return out;
    const c = planner.kindsCovering();
    for (let i = 0; i < n; i++) out[i] = c[i] >= active ? 1 : 0;
  } else {
    const c = planner.coveringCount(display);
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
  const names = planner.residentNamesAt(Uint32Array.from(best));
  const xy = residentColumns().coordinates;
  return best.map((i, j) => ({ index: i, name: names[j], population: pop[i], lon: xy[2 * i], lat: xy[2 * i + 1] }));
}

/** What the page needs after any change: figures, stations, and which residents changed colour. */
let unitsSentAt = 0;
function update({ residentsChanged = false, live = false } = {}) {
  // Live edits (drag, slider) send the per-unit figures at most four times a second.
  const now = performance.now();
  const withUnits = !live || now - unitsSentAt > 250;
  if (withUnits) unitsSentAt = now;
  const summary = withUnits ? planner.summary() : planner.summaryBrief();
  summary.stations = stationList(summary.stations);
  const covered = coveredFlags();
  const out = {
    summary,
    kinds: planner.kinds(),
    weightColumns: planner.weightColumns,
    metric: planner.metric,
    streets: streetsInfo,
    history: { undo: undoStack.length, redo: redoStack.length },
    dataset: { ...dataset, estimated: residentsInput?.estimated ?? 0, floor_area_per_person: FLOOR_AREA_PER_PERSON },
    display,
    gaps: gaps(covered),
    scenarios: { active, names: scenarios.map((sc) => sc.name) },
  };
  // A proposal's figures against the baseline's (not during a drag: the last ones stay).
  if (active > 0 && withUnits) out.comparison = planner.compare({ keys: Array.from(appOf) });
  if (residentsChanged || !shownCovered || shownCovered.length !== covered.length) {
    const c = residentColumns();
    out.residents = {
      coordinates: c.coordinates.slice(),
      population: c.population.slice(),
      units: planner.residentUnits(),
      unitList: planner.units(),
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

function fileOptions(file) {
  const lower = (file.name || '').toLowerCase();
  const format = lower.endsWith('.json') || lower.endsWith('.geojson') ? 'geojson' : lower.endsWith('.csv') || lower.endsWith('.txt') || lower.endsWith('.tsv') ? 'csv' : 'auto';
  return { format, crs: file.crs || 'wgs84', source: file.name || 'file' };
}

const handlers = {
  async init() {
    await init();
    newPlanner();
    return {};
  },

  /** The demo district: the build's files, or a generated one of `residents` for benchmarks. */
  async loadDemo(size) {
    let demo;
    if (size) {
      const d = demoFiles({ residents: size });
      demo = { ...d, source: 'generator', files: ['demo residents', 'demo stations'], boundaries: JSON.parse(d.boundaries), basemap: JSON.parse(d.basemap) };
    } else {
      const get = async (url) => {
        const res = await fetch(url);
        if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
        return res;
      };
      const [r, s, b, m] = await Promise.all(['demo/residents.csv', 'demo/stations.csv', 'demo/boundaries.geojson', 'demo/basemap.geojson'].map(get));
      const boundaries = await b.json();
      demo = {
        name: boundaries.name || '生活圈示例区（合成数据）',
        residents: new Uint8Array(await r.arrayBuffer()),
        stations: new Uint8Array(await s.arrayBuffer()),
        boundaries,
        basemap: await m.json(),
        source: 'demo',
        files: ['demo/residents.csv', 'demo/stations.csv'],
      };
    }
    dataset = { name: demo.name, synthetic: true, source: demo.source };
    newPlanner();
    loadResidentsInput({ data: demo.residents, options: { format: 'csv', source: demo.files[0] }, name: demo.files[0] });
    const ids = planner.loadStations(demo.stations, { format: 'csv', source: demo.files[1] });
    stationsSource = demo.files[1];
    for (const id of ids) bind(nextAppId++, id);
    return { ...update({ residentsChanged: true }), basemap: { boundaries: demo.boundaries, basemap: demo.basemap } };
  },

  /** Replaces the residents with a file's (bytes, `{name, crs}`); undoable. */
  importResidents(bytes, file) {
    const prev = residentsInput;
    const prevDataset = dataset;
    const next = { data: new Uint8Array(bytes), options: fileOptions(file), name: file.name };
    // Throws on a bad file, changing nothing. A large CSV reports its progress a megabyte at a time.
    loadResidentsInput(next, (done, total) => reportProgress(done / total));
    dataset = { name: file.name, synthetic: false, source: 'file' };
    record({ type: 'residents', prev, next: residentsInput, prevDataset, nextDataset: dataset });
    return update({ residentsChanged: true });
  },

  /** A whole OpenStreetMap file (.osm or .osm.pbf): residents estimated from its buildings,
   * stations from its points of interest by `rules` (`[{tag, kind}]`, first match wins), and its
   * streets as the walking network. Residents and stations are one undoable edit. */
  importOsmFile(bytes, file, rules, floorArea) {
    const options = { station_rules: rules, default_station_rules: false, floor_area_per_person: floorArea || FLOOR_AREA_PER_PERSON };
    const r = importOsm(new Uint8Array(bytes), options, (done, total) => reportProgress(done / total));
    const source = file.name || 'osm';
    const prevResidents = residentsInput;
    const prevDataset = dataset;
    const prevStations = stationsSnapshot();
    const kindsBefore = new Set(planner.kinds().map((k) => k.id));
    loadResidentsInput({ data: r.residents, options: { format: 'geojson', source }, name: source });
    // Every population of an OSM import is an estimate (made by importOsm, from footprint × floors).
    residentsInput.estimated = r.counts.residents;
    dataset = { name: source, synthetic: false, source: 'osm' };
    let ids;
    try {
      ids = planner.loadStations(r.stations, { format: 'geojson', source, new_kind_radius_m: NEW_KIND_RADIUS_M });
    } catch (err) {
      loadResidentsInput(prevResidents);
      dataset = prevDataset;
      throw err;
    }
    bindAll(Array.from(ids, (id) => [nextAppId++, id]));
    stationsSource = source;
    streetsInfo = planner.loadStreets(r.streets, { format: 'geojson', source });
    streetsInput = { text: r.streets, options: { format: 'geojson', source } };
    record({
      type: 'batch',
      label: 'osm',
      ops: [
        { type: 'residents', prev: prevResidents, next: residentsInput, prevDataset, nextDataset: dataset },
        { type: 'stations', prev: prevStations, next: stationsSnapshot() },
      ],
    });
    const added = planner.kinds().filter((k) => !kindsBefore.has(k.id)).map((k) => k.id);
    return { ...update({ residentsChanged: true }), streetsGeoJson: r.streets, newKinds: added, counts: r.counts };
  },

  /** Loads the walking network (GeoJSON LineStrings or an .osm file); not an undoable edit. */
  importStreets(bytes, file) {
    const lower = (file.name || '').toLowerCase();
    const pbf = lower.endsWith('.pbf');
    const osm = pbf || lower.endsWith('.osm') || lower.endsWith('.xml');
    const data = pbf ? new Uint8Array(bytes) : new TextDecoder().decode(bytes);
    const options = { format: pbf ? 'pbf' : osm ? 'osm' : 'geojson', crs: file.crs || 'wgs84', source: file.name || 'streets' };
    streetsInfo = planner.loadStreets(data, options);
    // Kept for the project file as GeoJSON text (a .pbf's bytes would not survive JSON).
    const geojson = osm ? importOsm(data, {}).streets : null;
    streetsInput = osm ? { text: geojson, options: { format: 'geojson', source: options.source } } : { text: data, options };
    // What the map draws: the streets as GeoJSON (an OSM file's highways read by the engine).
    return { ...update({ residentsChanged: true }), streetsGeoJson: geojson };
  },

  /** Straight-line or walking-network figures (a view setting, kept in the project). */
  setMetric(metric) {
    planner.setMetric(metric);
    return update({ residentsChanged: true });
  },

  /** The streets a station reaches on foot within its radius (empty without streets). */
  walkshed(id) {
    return { pieces: planner.walkshed(engineId(id)) };
  },

  /** Replaces the stations with a file's; kinds the file names that are unknown are added. */
  importStations(bytes, file) {
    const prev = stationsSnapshot();
    const kindsBefore = new Set(planner.kinds().map((k) => k.id));
    const ids = planner.loadStations(new Uint8Array(bytes), { ...fileOptions(file), new_kind_radius_m: NEW_KIND_RADIUS_M });
    bindAll(Array.from(ids, (id) => [nextAppId++, id]));
    stationsSource = file.name || 'stations';
    record({ type: 'stations', prev, next: stationsSnapshot() });
    const added = planner.kinds().filter((k) => !kindsBefore.has(k.id)).map((k) => k.id);
    return { ...update(), newKinds: added, imported: ids.length };
  },

  /** Opens a project file's text; undoable (the previous state is kept in the history). */
  openProject(text, current) {
    let p;
    try { p = JSON.parse(text); } catch (err) { throw new Error(`project file is not valid JSON: ${err.message}`); }
    const prev = project(current);
    openProject(p);
    record({ type: 'project', prev, next: p });
    return { ...update({ residentsChanged: true }), view: p.view ?? null, layers: p.layers ?? null };
  },

  addStation(spec) {
    const op = { type: 'add', station: newStation(spec) };
    apply(op, true);
    record(op);
    return { ...update(), added: op.station.id };
  },

  /** Siting suggestions for a kind (see Planner.suggest); nothing changes until accepted. */
  suggest(spec) {
    return { result: planner.suggest(spec) };
  },

  /** Adds several stations as one undoable edit (accepting suggestions). */
  addStations(specs) {
    // Each station is made just before it is added, so default names see the earlier ones.
    const ops = [];
    try {
      for (const spec of specs) {
        const op = { type: 'add', station: newStation(spec) };
        apply(op, true);
        ops.push(op);
      }
    } catch (err) {
      for (const op of [...ops].reverse()) apply(op, false);
      throw err;
    }
    record({ type: 'batch', ops });
    return { ...update(), added: ops.at(-1)?.station.id ?? null };
  },

  /** A drag step: moves without recording; `endDrag` records the whole drag as one edit. */
  drag(id, lon, lat) {
    const t0 = performance.now();
    planner.moveStation(engineId(id), lon, lat);
    const t1 = performance.now();
    const u = update({ live: true });
    return { ...u, timing: { move_ms: t1 - t0, update_ms: performance.now() - t1 } };
  },

  endDrag(id, from, to) {
    planner.moveStation(engineId(id), to[0], to[1]);
    if (from[0] !== to[0] || from[1] !== to[1]) record({ type: 'move', id, from, to });
    return update();
  },

  removeStation(id) {
    const s = stationsSnapshot().find((x) => x.id === id);
    if (!s) throw new Error(`no station with id ${id}`);
    const op = { type: 'remove', station: s };
    apply(op, true);
    record(op);
    return update();
  },

  renameStation(id, name) {
    const s = stationsSnapshot().find((x) => x.id === id);
    if (!s) throw new Error(`no station with id ${id}`);
    const to = name.trim();
    if (!to) throw new Error('a station needs a name');
    if (to === s.name) return update();
    const op = { type: 'rename', id, from: s.name, to };
    apply(op, true);
    record(op);
    return update();
  },

  /** A live radius change while the slider moves; `commitRadius` records it. */
  previewRadius(kind, radius) {
    planner.setKind({ kind, radius_m: radius });
    return update({ live: true });
  },

  commitRadius(kind, from, to) {
    planner.setKind({ kind, radius_m: to });
    if (from !== to) record({ type: 'radius', kind, from, to });
    return update();
  },

  /** What a kind's stations serve: a residents' weight column, or null for population (undoable). */
  setDemand(kind, column) {
    const from = planner.kinds().find((k) => k.id === kind)?.demand ?? null;
    const op = { type: 'demand', kind, from, to: column || null };
    if (op.from === op.to) return update();
    apply(op, true);
    record(op);
    return update();
  },

  /** People one station of a kind can serve, or null for no limit (undoable). */
  setCapacity(kind, people) {
    const from = planner.kinds().find((k) => k.id === kind)?.capacity ?? null;
    const op = { type: 'capacity', kind, from, to: people ?? null };
    if (op.from === op.to) return update();
    apply(op, true);
    record(op);
    return update();
  },

  /** A kind's Chinese label (e.g. 红蜂驿站 → 骑手驿站); undoable. Its id stays. */
  renameKind(kind, label) {
    const to = String(label ?? '').trim();
    if (!to) throw new Error('a kind needs a name');
    const k = planner.kinds().find((x) => x.id === kind);
    if (!k) throw new Error(`no kind ${kind}`);
    if (planner.kinds().some((x) => x.id !== kind && x.label === to)) throw new Error(`there is already a kind named ${to}`);
    if (to === k.label) return update();
    const op = { type: 'kindLabel', kind, from: k.label, to };
    apply(op, true);
    record(op);
    return update();
  },

  /** The input of a siting run, to be solved in its own worker (www/siting-worker.js). */
  sitingInput(spec) {
    return { input: planner.sitingInput(spec) };
  },

  /** Switches to scenario `index` (0: the baseline); undoable. */
  setScenario(index) {
    if (index === active) return update();
    if (!scenarios[index]) throw new Error(`no scenario ${index}`);
    const op = { type: 'scenario', from: active, to: index };
    apply(op, true);
    record(op);
    return update({ residentsChanged: true });
  },

  /** A new proposal named `name`, starting as a copy of the active scenario; undoable. */
  newScenario(name) {
    const n = String(name ?? '').trim();
    if (!n) throw new Error('a proposal needs a name');
    if (scenarios.some((sc) => sc.name === n)) throw new Error(`there is already a proposal named ${n}`);
    const op = { type: 'newScenario', name: n, edits: activeEdits(), prevActive: active };
    apply(op, true);
    record(op);
    return update({ residentsChanged: true });
  },

  renameScenario(index, name) {
    const n = String(name ?? '').trim();
    if (index === 0 || !scenarios[index]) throw new Error('only a proposal can be renamed');
    if (!n) throw new Error('a proposal needs a name');
    if (n === scenarios[index].name) return update();
    if (scenarios.some((sc) => sc.name === n)) throw new Error(`there is already a proposal named ${n}`);
    const op = { type: 'renameScenario', index, from: scenarios[index].name, to: n };
    apply(op, true);
    record(op);
    return update();
  },

  /** Deletes a proposal (the baseline stays); undoable. */
  deleteScenario(index) {
    if (index === 0 || !scenarios[index]) throw new Error('only a proposal can be deleted');
    const edits = index === active ? activeEdits() : scenarios[index].edits;
    const op = { type: 'deleteScenario', index, scenario: { name: scenarios[index].name, edits }, prevActive: active };
    apply(op, true);
    record(op);
    return update({ residentsChanged: true });
  },

  /** The coverage workbook (.xlsx bytes) of the active scenario, compared with the baseline when
   * it is a proposal. `{lang, title, baseline_name, crs}`. */
  exportWorkbook(spec) {
    const sources = [residentsInput?.name, stationsSource, streetsInput?.options?.source].filter(Boolean);
    const proposal = active > 0 ? scenarios[active].name : null;
    const bytes = planner.workbook({
      lang: spec.lang,
      title: spec.title || dataset.name || 'Lifecircle',
      sources,
      crs: spec.crs,
      scenario: proposal ?? spec.baseline_name,
      floor_area_per_person: FLOOR_AREA_PER_PERSON,
      compare: proposal ? { name: proposal, baseline_name: spec.baseline_name, keys: Array.from(appOf) } : undefined,
    });
    return { bytes };
  },

  undo() {
    return replay(undoStack, redoStack, false);
  },

  redo() {
    return replay(redoStack, undoStack, true);
  },

  setDisplay(kind) {
    display = kind;
    shownCovered = null;
    return update({ residentsChanged: true });
  },

  exportCsv(lang) {
    return { text: planner.reportCsv(lang) };
  },

  exportStations(crs) {
    return { text: planner.stationsGeoJson(crs) };
  },

  exportResidents(crs) {
    return { text: planner.residentsGeoJson(crs) };
  },

  /** The project file: this state plus what the page holds (`{view, layers}`). */
  exportProject(extra) {
    return { text: JSON.stringify(project(extra)) };
  },

  summary() {
    return update();
  },
};

self.onmessage = async (e) => {
  const { id, type, args } = e.data;
  answering = id;
  try {
    if (!handlers[type]) throw new Error(`unknown request ${type}`);
    const result = await handlers[type](...(args || []));
    const transfer = [];
    if (result?.residents) transfer.push(result.residents.coordinates.buffer, result.residents.population.buffer, result.residents.units.buffer, result.residents.covered.buffer);
    if (result?.bytes) transfer.push(result.bytes.buffer);
    if (result?.input) transfer.push(...sitingBuffers(result.input));
    self.postMessage({ id, ok: true, result }, transfer);
  } catch (err) {
    self.postMessage({ id, ok: false, error: String(err && err.message ? err.message : err) });
  }
};
