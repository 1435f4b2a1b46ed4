// Scenarios: the baseline (index 0: the imported state) and named proposals, each proposal kept as
// edits on the baseline's stations (`{added, changed, removed}` by app id), so that a change of the
// baseline shows through every proposal. The planner holds the active one.
import { plan } from './engine.js';
import * as ids from './ids.js';
import { loadStationList, stationsSnapshot } from './stations.js';

/** @typedef {import('./stations.js').StationRecord} StationRecord */
/** @typedef {{ added: StationRecord[], changed: StationRecord[], removed: number[] }} Edits */
/** @typedef {{ name: string | null, edits?: Edits }} Scenario */

export const NO_EDITS = { added: [], changed: [], removed: [] };

export const scenarios = {
  /** @type {Scenario[]} */
  list: [{ name: null }],
  active: 0,
  /** The baseline's stations while a proposal is active (otherwise the planner holds them).
   * @type {StationRecord[] | null} */
  base: null,
};

export function reset() {
  scenarios.list = [{ name: null }];
  scenarios.active = 0;
  scenarios.base = null;
}

/** What a proposal changes in the baseline's stations, by app id. */
export function diffStations(base, cur) {
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
export function applyDiff(base, d) {
  const changed = new Map(d.changed.map((s) => [s.id, s]));
  const removed = new Set(d.removed);
  return [...base.filter((s) => !removed.has(s.id)).map((s) => changed.get(s.id) ?? s), ...d.added];
}

/** The active scenario's edits as they stand (a proposal's; none for the baseline). */
export function activeEdits() {
  return scenarios.active === 0 ? NO_EDITS : diffStations(scenarios.base, stationsSnapshot());
}

/** The engine's baseline spec of the baseline's stations (`null`: none). */
export function baselineSpec(base) {
  return base && { name: 'baseline', stations: base.map((s) => ({ key: s.id, kind: s.kind, name: s.name, lon: s.lon, lat: s.lat })) };
}

/** Tells the engine what proposals are compared with (nothing while the baseline is active). */
export function tellBaseline() {
  plan.planner.setBaseline(scenarios.active === 0 ? null : baselineSpec(scenarios.base));
}

/** Makes scenario `to` the one the planner holds, keeping the one it leaves. */
export function switchScenario(to) {
  const { list, active } = scenarios;
  if (to === active) return;
  if (!list[to]) throw new Error(`no scenario ${to}`);
  if (active === 0) scenarios.base = stationsSnapshot();
  else list[active].edits = activeEdits();
  const next = to === 0 ? scenarios.base : applyDiff(scenarios.base, list[to].edits);
  ids.bindAll(loadStationList(plan.planner, next));
  const leftBaseline = active === 0;
  scenarios.active = to;
  if (to === 0) { scenarios.base = null; tellBaseline(); } else if (leftBaseline) tellBaseline();
}

/** Scenarios for the project file (the active proposal's edits as they stand). */
export function scenarioSnapshot() {
  const { list, active } = scenarios;
  return {
    active,
    list: list.map((sc, i) => ({ name: sc.name, edits: i === 0 ? null : i === active ? activeEdits() : sc.edits })),
    baseline_stations: active === 0 ? null : scenarios.base,
  };
}

/** Takes checked scenarios (worker/project-check.js) whose baseline the engine already has. */
export function setScenarios(snap) {
  scenarios.list = snap.list.map((sc, i) => (i === 0 ? { name: null } : { name: sc.name, edits: sc.edits ?? NO_EDITS }));
  scenarios.active = snap.active;
  scenarios.base = snap.active === 0 ? null : snap.baseline_stations;
}

/** The picker's view: the active index and every name (null for the baseline). */
export function scenarioNames() {
  return { active: scenarios.active, names: scenarios.list.map((sc) => sc.name) };
}
