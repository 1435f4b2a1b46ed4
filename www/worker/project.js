// The whole plan as a value (a project): captured from the worker's state, written as a project
// file (JSON, format "lifecircle-project", version 3: the residents as the engine's binary block
// in base64, boundary polygons as the engine's GeoJSON), and made the plan again all or nothing —
// built on a fresh engine aside, then swapped in — for opening a file, undo and redo of
// whole-plan operations, and restoring an autosave or a replaced worker.
import { plan, kindSnapshot, kindsOf, newEnginePlanner, usePlanner, residentsBlock, residentsOptions } from './engine.js';
import * as ids from './ids.js';
import { loadStationList, stationsSnapshot } from './stations.js';
import { baselineSpec, scenarioSnapshot, setScenarios } from './scenarios.js';
import { PROJECT_FORMAT, PROJECT_VERSION, checkProject, toBase64 } from './project-check.js';

/**
 * @typedef {ReturnType<typeof checkProject>} Project
 */

/** The plan as a project value (residents as a binary block, shared, not copied). */
export function capture() {
  const p = plan.planner;
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    saved_at: new Date().toISOString(),
    dataset: plan.dataset,
    kinds: kindSnapshot(),
    residents: residentsBlock(),
    stations: stationsSnapshot(),
    next_station_id: ids.peekNextId(),
    streets: plan.streetsInput,
    boundaries: plan.boundaries,
    metric: p.metric,
    scenarios: scenarioSnapshot(),
    stations_source: plan.stationsSource,
    view: plan.page.view ? { ...plan.page.view, display: plan.display } : { display: plan.display },
    layers: plan.page.layers,
  };
}

/** A project file's text: the plan, with the residents block in base64. */
export function projectText() {
  const p = capture();
  const residents = p.residents && { ...p.residents, data: toBase64(p.residents.data) };
  return JSON.stringify({ ...p, residents });
}

/** The residents input a checked project loads (null: none). */
function residentsInputOf(r) {
  if (!r) return null;
  if (r.format === 'geojson') return { data: r.data, options: { format: 'geojson', source: 'project residents' }, name: r.name, estimated: r.estimated };
  return { data: r.data, options: { source: 'project residents' }, name: r.name, estimated: r.estimated };
}

/**
 * Builds a checked project on a fresh engine, touching nothing of the current plan: every step
 * that can fail (residents, kinds, streets, stations, the baseline) fails here.
 * @param {Project} s
 */
function build(s) {
  const fresh = newEnginePlanner();
  try {
    for (const k of s.kinds) fresh.setKind({ kind: k.id, label: k.label, label_en: k.label_en, radius_m: k.radius_m, capacity: k.capacity ?? null, counted: k.counted ?? true, target: k.target ?? null });
    // Polygon units before the residents, so that the residents are assigned to them as they load
    // (once), not loaded again for each level.
    for (const level of /** @type {const} */ (['street', 'community', 'grid'])) {
      const source = s.boundaries?.sources[level];
      if (source) fresh.loadBoundaries(s.boundaries.geojson, { level, name_field: 'name', source });
    }
    const residentsInput = residentsInputOf(s.residents);
    if (residentsInput) fresh.loadResidents(residentsInput.data, residentsOptions(residentsInput.options));
    // A kind's demand names a residents' column, so it is set once they are loaded.
    for (const k of s.kinds) if (k.demand) fresh.setKind({ kind: k.id, demand: k.demand });
    const streetsInfo = s.streets ? fresh.loadStreets(s.streets.text, s.streets.options) : null;
    if (s.metric === 'network') fresh.setMetric('network');
    const pairs = loadStationList(fresh, s.stations);
    if (s.scenarios.active > 0) fresh.setBaseline(baselineSpec(s.scenarios.baseline_stations));
    if (residentsInput && s.residents.format === 'geojson') residentsInput.estimated = s.residents.estimated;
    else if (residentsInput) residentsInput.estimated = fresh.residentsEstimated;
    return { planner: fresh, pairs, streetsInfo, residentsInput };
  } catch (err) {
    fresh.free();
    const m = err.message.startsWith('project file') ? err.message : `project file: ${err.message}`;
    throw new Error(m.length > 400 ? `${m.slice(0, 399)}…` : m);
  }
}

/**
 * Makes the checked project `s` the plan, all or nothing: on error the plan is as it was.
 * @param {Project} s
 */
export function openChecked(s) {
  const b = build(s);
  usePlanner(b.planner);
  ids.bindAll(b.pairs);
  ids.continueFrom(s.next_station_id);
  setScenarios(s.scenarios);
  plan.residentsInput = b.residentsInput;
  plan.streetsInput = s.streets ?? null;
  plan.streetsInfo = b.streetsInfo;
  plan.boundaries = s.boundaries ?? null;
  plan.dataset = s.dataset;
  plan.stationsSource = s.stations_source ?? '';
  plan.display = s.view?.display ?? 'all';
  plan.page = { view: s.view ?? null, layers: s.layers ?? null };
}

/** Checks a project value (a file's, an autosave's, one kept for undo) and opens it. Returns the
 * checked project (with its `warnings`). */
export function openProject(p) {
  const s = checkProject(p);
  openChecked(s);
  return s;
}

/** An empty plan: the default kinds, no residents, no stations, no streets. */
export function blankProject(name) {
  return checkProject({
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    dataset: { name, synthetic: false, source: 'blank' },
    kinds: newKinds(),
    residents: null,
    stations: [],
    next_station_id: 1,
    streets: null,
    metric: 'straight',
    scenarios: null,
  });
}

/** The default kinds, as a fresh engine has them. */
function newKinds() {
  const e = newEnginePlanner();
  try {
    return kindsOf(e);
  } finally {
    e.free();
  }
}
