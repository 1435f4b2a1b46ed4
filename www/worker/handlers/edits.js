// Handlers of the planner's edits — stations placed, dragged, renamed, removed; a kind's radius,
// capacity, demand and label; what residents are coloured by; the metric — and undo/redo.
import { plan } from '../engine.js';
import * as ids from '../ids.js';
import { addStation, stationsSnapshot } from '../stations.js';
import { apply, changesResidents, record, step } from '../history.js';
import { update } from '../update.js';
import { fail } from '../say.js';

/** Applies a new operation and records it. */
function edit(op) {
  apply(op, true);
  record(op);
}

/** The kind `kind` as the engine has it (throws for an unknown one). */
function kindOf(kind) {
  const k = plan.planner.kinds().find((x) => x.id === kind);
  if (!k) throw fail(`no kind ${kind}`, `没有设施类型「${kind}」`);
  return k;
}

/** The live station with app id `id` as recorded. */
function stationOf(id) {
  const s = stationsSnapshot().find((x) => x.id === id);
  if (!s) throw fail(`no station with id ${id}`, `没有编号为 ${id} 的站点`);
  return s;
}

/** Undo or redo: the update, with what was undone or redone and a project's map layers. */
function replay(forwards) {
  const op = step(forwards);
  if (!op) return update();
  const u = update({ residentsChanged: changesResidents(op) });
  const layers = op.type === 'project' ? (forwards ? op.next : op.prev).layers ?? null : undefined;
  return { ...u, [forwards ? 'redone' : 'undone']: op.label ?? op.type, layers };
}

export const editHandlers = {
  /** Places a station `{kind, lon, lat, name?}`; an unnamed one gets its kind's next default name. */
  addStation(spec) {
    const station = addStation(ids.nextId(), spec);
    record({ type: 'add', station });
    return { ...update(), added: station.id };
  },

  /** Adds several stations as one undoable edit (accepting suggestions). */
  addStations(specs) {
    const ops = [];
    try {
      for (const spec of specs) ops.push({ type: 'add', station: addStation(ids.nextId(), spec) });
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
    plan.planner.moveStation(ids.engineId(id), lon, lat);
    const t1 = performance.now();
    // The page moves the dragged station's circle itself; the exact one comes with endDrag.
    const u = update({ live: true, withCircles: false });
    return { ...u, timing: { move_ms: t1 - t0, update_ms: performance.now() - t1 } };
  },

  /** The end of a drag: one undoable move, and the exact circle where the station stopped. */
  endDrag(id, from, to) {
    plan.planner.moveStation(ids.engineId(id), to[0], to[1]);
    if (from[0] !== to[0] || from[1] !== to[1]) record({ type: 'move', id, from, to });
    return update({ circlesFor: [id] });
  },

  removeStation(id) {
    edit({ type: 'remove', station: stationOf(id) });
    return update();
  },

  renameStation(id, name) {
    const s = stationOf(id);
    const to = name.trim();
    if (!to) throw fail('a station needs a name', '站点需要名称');
    if (to !== s.name) edit({ type: 'rename', id, from: s.name, to });
    return update();
  },

  /** A live radius change while the slider moves; `commitRadius` records it. */
  previewRadius(kind, radius) {
    plan.planner.setKind({ kind, radius_m: radius });
    return update({ live: true });
  },

  commitRadius(kind, from, to) {
    plan.planner.setKind({ kind, radius_m: to });
    if (from !== to) record({ type: 'radius', kind, from, to });
    return update();
  },

  /** What a kind's stations serve: a residents' weight column, or null for population (undoable). */
  setDemand(kind, column) {
    const op = { type: 'demand', kind, from: kindOf(kind).demand ?? null, to: column || null };
    if (op.from !== op.to) edit(op);
    return update();
  },

  /** People one station of a kind can serve, or null for no limit (undoable). */
  setCapacity(kind, people) {
    const op = { type: 'capacity', kind, from: kindOf(kind).capacity ?? null, to: people ?? null };
    if (op.from !== op.to) edit(op);
    return update();
  },

  /** A kind's coverage target per unit, a share (0.85), or null for none (undoable). */
  setTarget(kind, share) {
    const op = { type: 'target', kind, from: kindOf(kind).target ?? null, to: share ?? null };
    if (op.from !== op.to) edit(op);
    return update();
  },

  /** Whether life-circle completeness counts a kind (false: 不计入生活圈); undoable. */
  setCounted(kind, counted) {
    const op = { type: 'counted', kind, from: kindOf(kind).counted, to: Boolean(counted) };
    if (op.from !== op.to) edit(op);
    return update();
  },

  /** A kind's Chinese label (e.g. 红蜂驿站 → 骑手驿站); undoable. Its id stays. */
  renameKind(kind, label) {
    const to = String(label ?? '').trim();
    if (!to) throw fail('a kind needs a name', '设施类型需要名称');
    const k = kindOf(kind);
    if (plan.planner.kinds().some((x) => x.id !== kind && x.label === to)) throw fail(`there is already a kind named ${to}`, `已有名为「${to}」的设施类型`);
    if (to !== k.label) edit({ type: 'kindLabel', kind, from: k.label, to });
    return update();
  },

  /** What residents are coloured by: a kind id, or 'all'. */
  setDisplay(kind) {
    plan.display = kind;
    return update({ residentsChanged: true });
  },

  /** The gap view: 'coverage' (covered or not), 'distance' or 'access' (a view setting). */
  setGapView(mode) {
    plan.gapView = ['distance', 'access'].includes(mode) ? mode : 'coverage';
    return update();
  },

  /** Straight-line or walking-network figures (a view setting, kept in the project). */
  setMetric(metric) {
    plan.planner.setMetric(metric);
    return update({ residentsChanged: true });
  },

  /** How residents and stations join the streets (`{min_piece_pct}`, `{snap_m}`): kept with the
   * streets (in the project), undoable. */
  setSnapRule(rule) {
    if (!plan.streetsInput) throw fail('no streets loaded: import streets first', '尚未导入路网：请先导入路网');
    const prev = { input: plan.streetsInput, info: plan.streetsInfo };
    const input = { ...plan.streetsInput, options: { ...plan.streetsInput.options, ...rule } };
    plan.planner.setSnapRule(rule);
    plan.streetsInput = input;
    record({ type: 'streets', prev, next: { input, info: plan.streetsInfo } });
    return update({ residentsChanged: true });
  },

  /** The streets a station reaches on foot within its radius (empty without streets). */
  walkshed(id) {
    return { pieces: plan.planner.walkshed(ids.engineId(id)) };
  },

  undo() {
    return replay(false);
  },

  redo() {
    return replay(true);
  },

  summary() {
    return update();
  },

  /** The full report: with each kind's and unit's distance percentiles and 2SFCA supply per
   * 1,000 (which the live updates leave out), for the printed report. */
  fullSummary() {
    return { summary: plan.planner.summary() };
  },
};
