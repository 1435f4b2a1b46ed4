// The page: wires the engine worker, the map and the panels; every figure shown comes from the
// worker's latest update, and every edit goes through the worker's undoable history.
import init, { osmStationRules } from './pkg/lifecircle.js';
import { t, setLang, getLang, translatePage, int, pct, kindLabel } from './i18n.js';
import { PlanMap, kindStyle, iconImage } from './map.js';
import { buildReport } from './report.js';
import { sitingBuffers } from './transfer.js';

const $ = (sel) => document.querySelector(sel);
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let nextCall = 1;
const pending = new Map();
worker.onmessage = (e) => {
  const { id, ok, result, error, progress: fraction } = e.data;
  const p = pending.get(id);
  if (fraction !== undefined) { p?.onProgress?.(fraction); return; }
  pending.delete(id);
  if (ok) p.resolve(result); else p.reject(new Error(error));
};
function call(type, ...args) {
  return callReporting(type, null, ...args);
}
/** `call`, with `onProgress(fraction)` for the progress the worker reports on the way. */
function callReporting(type, onProgress, ...args) {
  return new Promise((resolve, reject) => {
    const id = nextCall++;
    pending.set(id, { resolve, reject, onProgress });
    worker.postMessage({ id, type, args });
  });
}

/** Live requests (drag, radius slider): one in flight at a time, the latest waiting one wins. */
const live = new Map();
function callLive(key, type, ...args) {
  const slot = live.get(key) ?? { busy: false, next: null };
  live.set(key, slot);
  if (slot.busy) { slot.next = [type, args]; return; }
  slot.busy = true;
  const started = performance.now();
  call(type, ...args).then((u) => {
    const received = performance.now();
    applyUpdate(u);
    const done = performance.now();
    recordFrame(key, { trip: done - started, worker: received - started, page: done - received, ...u.timing });
  }, showError).finally(() => {
    slot.busy = false;
    const n = slot.next;
    slot.next = null;
    if (n) callLive(key, n[0], ...n[1]);
  });
}
function dropLive(key) {
  const slot = live.get(key);
  if (slot) slot.next = null;
}
/** Round trips of live edits, for the drag benchmark (bench/drag.mjs reads them). */
const frames = { drag: [], radius: [] };
function recordFrame(key, timing) { (frames[key] ??= []).push(timing); }
window.lifecircleFrames = frames;
/** For the drag benchmark: where a station is on screen. */
window.lifecircleProbe = {
  stations: () => state.update?.summary.stations.map(({ id, kind, lon, lat }) => ({ id, kind, lon, lat })) ?? [],
  pixel: (lon, lat) => { const p = map.map.project([lon, lat]); const r = map.map.getContainer().getBoundingClientRect(); return { x: r.left + p.x, y: r.top + p.y }; },
  jumpTo: (lon, lat, zoom) => map.map.jumpTo({ center: [lon, lat], zoom }),
  showLayer: (id, on) => map.map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none'),
  walkshedPieces: () => map.walkshedCount ?? 0,
  /** The level-of-detail cells (none below 30,000 residents): how many, and their sums. */
  cells: () => map.cells && { count: map.cells.pop.length, population: map.cells.pop.reduce((a, b) => a + b, 0), covered: map.cells.covered.reduce((a, b) => a + b, 0) },
};

const state = {
  update: null,
  kind: 'red_bee_station',
  level: 'community',
  sort: { key: 'kind', dir: 1 },
  selected: null,
  unitBoxes: new Map(),
  layers: { basemap: null, boundaries: null, user: null },
  radiusFrom: null,
};

const tiles = JSON.parse(localStorage.getItem('lifecircle.tiles') || 'null');
const map = new PlanMap('map', {
  onPlace: (lon, lat) => edit(call('addStation', { kind: state.kind, lon, lat }).then((u) => { state.selected = u.added; return u; })),
  onSelect: (id) => { state.selected = id; map.select(id); renderStation(); refreshWalkshed(); },
  onDrag: (id, lon, lat) => callLive('drag', 'drag', id, lon, lat),
  onDragEnd: (id, from, to) => { dropLive('drag'); edit(call('endDrag', id, from, to)); },
}, tiles);

// ---------- rendering ----------

function toast(text, kind = 'info') {
  const el = $('#toast');
  el.textContent = text;
  el.className = `toast show ${kind}`;
  el.dataset.kind = kind;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => el.classList.remove('show'), kind === 'error' ? 12000 : 4000);
}

function showError(err) {
  toast(`${t('error')}${err.message}`, 'error');
}

function renderDataset(u) {
  const ds = $('#dataset');
  const d = u.dataset;
  ds.replaceChildren();
  const name = document.createElement('strong');
  name.textContent = d.name || '';
  ds.append(name, ` · ${t('residentsLabel', int(u.summary.residents), int(u.summary.total_population))}`);
  if (d.synthetic) {
    const b = document.createElement('span');
    b.className = 'badge';
    b.title = t('syntheticLong');
    b.textContent = `${t('synthetic')} Synthetic`;
    ds.append(' ', b);
  }
  if (d.estimated > 0) {
    const e = document.createElement('span');
    e.className = 'badge estimate';
    e.textContent = t('estimated', int(d.estimated), d.floor_area_per_person);
    ds.append(' ', e);
  }
}

let kindsShown = '';
function renderKinds(u) {
  const sel = $('#kind-select');
  if (!u.kinds.some((k) => k.id === state.kind)) state.kind = u.kinds[0]?.id;
  const shown = JSON.stringify([u.kinds, u.display, state.kind, state.radiusFrom, getLang()]);
  if (shown === kindsShown) return;
  kindsShown = shown;
  sel.replaceChildren(...u.kinds.map((k) => {
    const o = document.createElement('option');
    o.value = k.id;
    o.textContent = `${kindLabel(k)}`;
    return o;
  }));
  sel.value = state.kind;
  const disp = $('#display');
  const opts = [['all', t('displayAll')], ...u.kinds.map((k) => [k.id, kindLabel(k)])];
  disp.replaceChildren(...opts.map(([v, l]) => { const o = document.createElement('option'); o.value = v; o.textContent = l; return o; }));
  disp.value = u.display;
  const k = u.kinds.find((x) => x.id === state.kind);
  if (k && state.radiusFrom === null) {
    const r = $('#radius');
    r.max = String(Math.max(3000, Math.ceil((k.radius_m * 1.5) / 500) * 500));
    r.value = String(k.radius_m);
    $('#radius-value').textContent = `${int(k.radius_m)} m`;
  }
  const legend = $('#legend-kinds');
  legend.replaceChildren(...u.kinds.filter((x) => x.stations > 0).map((x) => {
    const row = document.createElement('div');
    row.className = 'legend-row';
    const c = document.createElement('canvas');
    const { image } = iconImage(kindStyle(x.id), 18, 1);
    c.width = 18; c.height = 18;
    c.getContext('2d').putImageData(image, 0, 0);
    const s = document.createElement('span');
    s.textContent = `${kindLabel(x)} ${int(x.radius_m)} m`;
    row.append(c, s);
    return row;
  }));
}

function bar(ratio) {
  const b = document.createElement('div');
  b.className = ratio < 0.6 ? 'bar low' : ratio < 0.85 ? 'bar mid' : 'bar';
  const s = document.createElement('span');
  s.style.width = `${(ratio * 100).toFixed(1)}%`;
  b.append(s);
  return b;
}

function td(text, cls) {
  const c = document.createElement('td');
  c.textContent = text;
  if (cls) c.className = cls;
  return c;
}

function renderCoverage(u) {
  const body = $('#coverage-body');
  body.replaceChildren(...u.summary.kinds.flatMap((k) => {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'coverage-row';
    tr.dataset.kind = k.kind;
    tr.dataset.coveredPopulation = String(k.covered_population);
    tr.dataset.coverageRatio = String(k.coverage_ratio);
    tr.dataset.stations = String(k.stations);
    tr.dataset.radius = String(k.radius_m);
    if (k.kind === state.kind) tr.className = 'current';
    const name = document.createElement('td');
    const sw = document.createElement('i');
    sw.className = 'swatch';
    sw.style.background = kindStyle(k.kind).color;
    const label = document.createElement('span');
    label.textContent = kindLabel({ label: k.label, label_en: k.label_en });
    name.append(sw, label);
    const ratio = td(pct(k.coverage_ratio), 'ratio');
    const change = u.comparison?.kinds.find((x) => x.kind === k.kind)?.coverage_ratio;
    if (change) ratio.append(delta(change));
    ratio.append(bar(k.coverage_ratio));
    tr.append(name, td(`${int(k.radius_m)} m`), td(int(k.stations)), td(int(k.covered_population)), ratio);
    tr.addEventListener('click', () => setKind(k.kind));
    // A kind with a capacity or a demand column gets a line beneath: the capacity split, and the
    // coverage of the column it serves (e.g. 老年人口).
    const notes = [];
    if (k.capacity) {
      const c = document.createElement('span');
      c.dataset.testid = 'capacity-split';
      c.dataset.within = String(k.capacity.within_capacity);
      c.dataset.over = String(k.capacity.over_capacity);
      c.textContent = t('capacitySplit', int(k.capacity.within_capacity), int(k.capacity.over_capacity), k.capacity.stations_over);
      notes.push(c);
    }
    if (k.demand) {
      const d = document.createElement('span');
      d.dataset.testid = 'demand-ratio';
      d.dataset.ratio = String(k.demand.coverage_ratio);
      d.textContent = t('demandCovered', k.demand.column, pct(k.demand.coverage_ratio));
      notes.push(d);
    }
    if (!notes.length) return [tr];
    const sub = document.createElement('tr');
    sub.className = `sub${k.kind === state.kind ? ' current' : ''}`;
    const cell = document.createElement('td');
    cell.colSpan = 5;
    cell.append(...notes);
    sub.append(cell);
    return [tr, sub];
  }));
  const all = $('#all-kinds-row');
  const a = u.summary.all_kinds;
  all.dataset.coverageRatio = String(a.coverage_ratio);
  all.dataset.coveredPopulation = String(a.covered_population);
  const strong = all.querySelector('strong');
  strong.textContent = a.kinds.length ? `${pct(a.coverage_ratio)} · ${int(a.covered_population)} ${t('people')}` : t('completenessNone');
  if (u.comparison && a.kinds.length) strong.append(delta(u.comparison.all_kinds.coverage_ratio));
  all.querySelector('.bar').replaceWith(bar(a.coverage_ratio));
}

/** A ratio's change against the baseline (`{baseline, proposal, change}`), in percentage points. */
function delta({ baseline, proposal, change }) {
  const d = document.createElement('span');
  const v = change * 100;
  d.className = `delta ${v > 0.05 ? 'up' : v < -0.05 ? 'down' : ''}`;
  d.dataset.testid = 'delta';
  d.dataset.change = String(change);
  d.title = `${t('deltaTitle')}: ${t('baseline')} ${pct(baseline)} → ${pct(proposal)}`;
  d.textContent = `${v > 0.05 ? '+' : ''}${v.toFixed(1)}`;
  return d;
}

/** The scenario picker: 现状 and the proposals; rename/delete for a proposal. */
function renderScenarios(u) {
  const sel = $('#scenario');
  const { active, names } = u.scenarios;
  sel.replaceChildren(...names.map((n, i) => {
    const o = document.createElement('option');
    o.value = String(i);
    o.textContent = i === 0 ? t('baseline') : n;
    return o;
  }));
  sel.value = String(active);
  $('#scenario-rename').hidden = active === 0;
  $('#scenario-delete').hidden = active === 0;
  document.body.dataset.scenario = String(active);
}

/** What the active proposal changes, with what each changed station serves. */
function renderChanges(u) {
  const section = $('#changes-section');
  section.hidden = !u.comparison;
  if (!u.comparison) return;
  const actions = t('changeActions');
  const list = u.comparison.changes;
  if (!list.length) {
    const li = document.createElement('li');
    li.className = 'none';
    li.textContent = t('changesNone');
    $('#changes').replaceChildren(li);
    return;
  }
  $('#changes').replaceChildren(...list.map((ch) => {
    const li = document.createElement('li');
    li.dataset.testid = 'change';
    li.dataset.action = ch.action;
    const a = document.createElement('span');
    a.className = 'action';
    a.textContent = actions[ch.action] ?? ch.action;
    const name = document.createElement('span');
    name.textContent = ` ${ch.name}`;
    const n = document.createElement('span');
    n.className = 'num';
    n.textContent = ch.action === 'removed' ? `−${int(ch.served_before)} ${t('people')}` : `${int(ch.served_after)} ${t('people')}`;
    li.append(a, name, n);
    const at = ch.to ?? ch.from;
    if (at) { li.style.cursor = 'pointer'; li.addEventListener('click', () => map.flyTo(at[0], at[1])); }
    return li;
  }));
}

function renderStation() {
  const card = $('#station-card .card');
  const s = state.update?.summary.stations.find((x) => x.id === state.selected);
  card.hidden = !s;
  $('#station-card .hint').hidden = !!s;
  const sc = $('#station-card');
  if (!s) { delete sc.dataset.id; return; }
  sc.dataset.id = String(s.id);
  sc.dataset.lon = String(s.lon);
  sc.dataset.lat = String(s.lat);
  const name = $('#station-name');
  if (document.activeElement !== name) name.value = s.name;
  const k = state.update.kinds.find((x) => x.id === s.kind);
  $('#station-kind').textContent = k ? `${kindLabel(k)} · ${int(k.radius_m)} m` : s.kind;
  $('#station-served').textContent = `${int(s.served_population)} ${t('people')}`;
  $('#station-served').dataset.value = String(s.served_population);
  $('#station-only').textContent = `${int(s.only_population)} ${t('people')}`;
  $('#station-only').dataset.value = String(s.only_population);
  $('#station-coords').textContent = `${s.lon.toFixed(6)}, ${s.lat.toFixed(6)} (WGS-84)`;
}

function unitRatio(u, key) {
  if (key === 'all') return u.all_kinds.coverage_ratio;
  return u.kinds.find((k) => k.kind === state.kind)?.coverage_ratio ?? 0;
}

function renderUnits(u) {
  const units = u.summary.units.filter((x) => x.level === state.level);
  $('#units-empty').hidden = u.summary.units.length > 0;
  $('#units').hidden = u.summary.units.length === 0;
  const k = u.kinds.find((x) => x.id === state.kind);
  $('#units-kind-col').textContent = k ? kindLabel(k) : '';
  const unitChanges = new Map((u.comparison?.units ?? []).map((c) => [`${c.level}|${c.id}`, c]));
  const { key, dir } = state.sort;
  const val = (x) => (key === 'name' ? x.id : key === 'population' ? x.total_population : unitRatio(x, key));
  units.sort((a, b) => {
    const va = val(a); const vb = val(b);
    return (typeof va === 'string' ? va.localeCompare(vb, 'zh-CN') : va - vb) * dir || a.id.localeCompare(b.id);
  });
  for (const th of document.querySelectorAll('#units th')) {
    th.dataset.sorted = th.dataset.sort === key ? (dir > 0 ? 'asc' : 'desc') : '';
  }
  $('#units tbody').replaceChildren(...units.map((x) => {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'unit-row';
    tr.dataset.id = x.id;
    const r = unitRatio(x, 'kind');
    const ratio = td(pct(r), 'ratio');
    const ki = u.summary.kinds.findIndex((kk) => kk.kind === state.kind);
    const change = unitChanges.get(`${x.level}|${x.id}`)?.kinds[ki];
    if (change) ratio.append(delta(change));
    ratio.append(bar(r));
    const name = td(x.name || x.id);
    name.title = x.id;
    tr.append(name, td(int(x.total_population)), ratio, td(pct(x.all_kinds.coverage_ratio)));
    tr.addEventListener('click', () => { const b = state.unitBoxes.get(`${x.level}|${x.id}`); if (b) map.fitBox(b); });
    return tr;
  }));
  map.setChoroplethLevel(state.level);
  map.setUnitRatios(u.summary.units, u.display === 'all' ? 'all' : state.kind);
}

function renderGaps(u) {
  const ol = $('#gaps');
  if (!u.gaps.length) {
    const li = document.createElement('li');
    li.className = 'none';
    li.textContent = t('gapsNone');
    ol.replaceChildren(li);
    return;
  }
  ol.replaceChildren(...u.gaps.map((g) => {
    const li = document.createElement('li');
    li.dataset.testid = 'gap';
    const name = document.createElement('span');
    name.textContent = g.name || `#${g.index + 1}`;
    const pop = document.createElement('span');
    pop.className = 'num';
    pop.textContent = `${int(g.population)} ${t('people')}`;
    li.append(name, pop);
    li.title = t('zoomTo');
    li.addEventListener('click', () => map.flyTo(g.lon, g.lat));
    return li;
  }));
}

function renderHistory(u) {
  $('[data-testid=undo]').disabled = u.history.undo === 0;
  $('[data-testid=redo]').disabled = u.history.redo === 0;
  document.body.dataset.undo = String(u.history.undo);
}

/** Renders every panel; `units: false` keeps the unit table (live updates without unit figures). */
function renderAll({ units = true } = {}) {
  const u = state.update;
  if (!u) return;
  renderDataset(u);
  renderScenarios(u);
  renderKinds(u);
  renderCoverage(u);
  renderChanges(u);
  renderDemand(u);
  renderCapacity(u);
  renderMetric(u);
  renderStation();
  refreshWalkshed();
  renderGaps(u);
  renderHistory(u);
  // The units table is the heaviest part: during a drag or a slider move it follows the worker's
  // unit figures, which come at most four times a second.
  if (units) renderUnits(u);
  document.body.dataset.ready = 'true';
}

function unitBoxes(r) {
  state.unitBoxes.clear();
  const boxes = new Map();
  for (let i = 0; i < r.population.length; i++) {
    const lon = r.coordinates[2 * i]; const lat = r.coordinates[2 * i + 1];
    for (let l = 0; l < 3; l++) {
      const u = r.units[3 * i + l];
      if (u === 0xffffffff) continue;
      const b = boxes.get(u);
      if (!b) boxes.set(u, [lon, lat, lon, lat]);
      else { b[0] = Math.min(b[0], lon); b[1] = Math.min(b[1], lat); b[2] = Math.max(b[2], lon); b[3] = Math.max(b[3], lat); }
    }
  }
  for (const [i, b] of boxes) {
    const unit = r.unitList[i];
    if (unit) state.unitBoxes.set(`${unit.level}|${unit.id}`, b);
  }
}

/** The demo's streets and boundaries belong to the demo: shown only while its residents are. */
function syncDemoLayers(u) {
  const demo = u.dataset.synthetic;
  if (demo === state.showingDemo) return;
  state.showingDemo = demo;
  const d = demo ? state.demoLayers : { basemap: null, boundaries: null };
  state.layers = { ...state.layers, basemap: d.basemap, boundaries: d.boundaries };
  map.setBasemap(state.layers.basemap, state.layers.boundaries);
}

function applyUpdate(u, { fit = false } = {}) {
  if (!u) return u;
  if (siting.result && state.update && u.history.undo !== state.update.history.undo) clearSuggestions();
  // Live updates may leave out the per-unit figures and the comparison: keep the last ones.
  if (!u.summary.units) u.summary.units = state.update?.summary.units ?? [];
  if (!u.comparison && u.scenarios.active > 0 && state.update?.scenarios.active === u.scenarios.active) u.comparison = state.update.comparison;
  const unitsFresh = u.summary.units !== state.update?.summary.units;
  if (state.demoLayers) syncDemoLayers(u);
  if (u.residents) {
    state.residentCoords = u.residents.coordinates;
    unitBoxes(u.residents);
    map.setResidents(u.residents);
    if (fit) map.fitTo(u.residents.coordinates);
  } else if (u.flips) {
    map.flipResidents(u.flips);
  }
  map.ensureIcons(u.kinds);
  map.setCircleKind(state.kind);
  map.setStations(u.summary.stations, u.kinds);
  if (state.selected !== null && !u.summary.stations.some((s) => s.id === state.selected)) {
    state.selected = null;
    map.select(null);
  }
  state.update = u;
  renderAll({ units: unitsFresh });
  return u;
}

/** Runs an edit; errors are shown and the state stays as the worker kept it (unchanged). */
function edit(promise, opts) {
  return promise.then((u) => applyUpdate(u, opts)).catch(showError);
}

// ---------- editing ----------

function setKind(kind) {
  state.kind = kind;
  $('#kind-select').value = kind;
  edit(call('setDisplay', kind));
}

$('#kind-select').addEventListener('change', (e) => setKind(e.target.value));
$('#display').addEventListener('change', (e) => edit(call('setDisplay', e.target.value)));

function setPlacing(on) {
  if (on && map.drawing) map.stopDrawing(null);
  map.setPlacing(on);
  $('#place').classList.toggle('active', on);
  $('#place').setAttribute('aria-pressed', String(on));
  $('#mode-hint').hidden = !on;
}
$('#place').addEventListener('click', () => setPlacing(!map.placing));

const radius = $('#radius');
radius.addEventListener('input', () => {
  const k = state.update.kinds.find((x) => x.id === state.kind);
  if (state.radiusFrom === null) state.radiusFrom = k.radius_m;
  const r = Number(radius.value);
  $('#radius-value').textContent = `${int(r)} m`;
  callLive('radius', 'previewRadius', state.kind, r);
});
radius.addEventListener('change', () => {
  const from = state.radiusFrom ?? Number(radius.value);
  state.radiusFrom = null;
  dropLive('radius');
  edit(call('commitRadius', state.kind, from, Number(radius.value)));
});
for (const b of document.querySelectorAll('.tiers button')) {
  b.addEventListener('click', () => {
    const k = state.update.kinds.find((x) => x.id === state.kind);
    edit(call('commitRadius', state.kind, k.radius_m, Number(b.dataset.radius)));
  });
}

$('#station-name').addEventListener('change', (e) => {
  if (state.selected !== null) edit(call('renameStation', state.selected, e.target.value));
});
$('#station-name').addEventListener('keydown', (e) => { if (e.key === 'Enter') e.target.blur(); });
$('#station-remove').addEventListener('click', () => {
  if (state.selected !== null) edit(call('removeStation', state.selected));
});

/** Undo or redo: the worker replays its history; a project's map layers come back with it. */
function replay(which) {
  return edit(call(which).then((u) => {
    const done = u.undone ?? u.redone;
    if (done) toast(t(which === 'undo' ? 'undone' : 'redone', t('ops')[done]));
    if (u.layers) restoreLayers(u);
    return u;
  }));
}
const undo = () => replay('undo');
const redo = () => replay('redo');
$('[data-testid=undo]').addEventListener('click', undo);
$('[data-testid=redo]').addEventListener('click', redo);

document.addEventListener('keydown', (e) => {
  const typing = ['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement?.tagName) && document.activeElement.type !== 'range';
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !typing && e.key.toLowerCase() === 'z') { e.preventDefault(); if (e.shiftKey) redo(); else undo(); }
  else if (mod && !typing && e.key.toLowerCase() === 'y') { e.preventDefault(); redo(); }
  else if (e.key === 'Escape') setPlacing(false);
  else if ((e.key === 'Delete' || e.key === 'Backspace') && !typing && state.selected !== null) edit(call('removeStation', state.selected));
});

for (const th of document.querySelectorAll('#units th')) {
  th.addEventListener('click', () => {
    const key = th.dataset.sort;
    state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : 1 };
    renderUnits(state.update);
  });
}
$('#unit-level').addEventListener('change', (e) => { state.level = e.target.value; renderUnits(state.update); });

// ---------- scenarios ----------

/** Asks for a name in a small dialog; resolves to the trimmed name, or null when cancelled. */
function askName(initial, prompt = t('scenarioNamePrompt')) {
  const dlg = $('#name-dialog');
  const input = $('#name-input');
  $('#name-prompt').textContent = prompt;
  input.value = initial;
  dlg.returnValue = '';
  return new Promise((resolve) => {
    dlg.onclose = () => resolve(dlg.returnValue === 'ok' && input.value.trim() ? input.value.trim() : null);
    dlg.showModal();
    input.select();
  });
}

$('#kind-rename').addEventListener('click', async () => {
  const k = state.update.kinds.find((x) => x.id === state.kind);
  if (!k) return;
  const name = await askName(k.label, t('kindNamePrompt'));
  if (name) edit(call('renameKind', k.id, name));
});

$('#scenario').addEventListener('change', (e) => { clearSuggestions(); edit(call('setScenario', Number(e.target.value))); });
$('#scenario-new').addEventListener('click', async () => {
  const names = new Set(state.update.scenarios.names);
  let n = state.update.scenarios.names.length;
  while (names.has(t('scenarioDefault', n))) n++;
  const name = await askName(t('scenarioDefault', n));
  if (name) { clearSuggestions(); edit(call('newScenario', name)); }
});
$('#scenario-rename').addEventListener('click', async () => {
  const { active, names } = state.update.scenarios;
  const name = await askName(names[active]);
  if (name) edit(call('renameScenario', active, name));
});
$('#scenario-delete').addEventListener('click', () => {
  clearSuggestions();
  edit(call('deleteScenario', state.update.scenarios.active));
});

// ---------- siting suggestions ----------

const siting = { run: 0, result: null, file: null };

function syncSitingInputs() {
  const target = $('#suggest-mode').value === 'target';
  $('#suggest-count').hidden = target;
  $('#suggest-target').hidden = !target;
  $('#suggest-pct').hidden = !target;
  const c = $('#suggest-candidates').value;
  $('#suggest-spacing').hidden = c !== 'grid';
}
$('#suggest-mode').addEventListener('change', syncSitingInputs);
$('#suggest-candidates').addEventListener('change', () => {
  syncSitingInputs();
  if ($('#suggest-candidates').value === 'file') $('#suggest-file').click();
});
$('#suggest-file').addEventListener('change', async () => {
  const f = $('#suggest-file').files[0];
  if (f) siting.file = { name: f.name, bytes: new Uint8Array(await readFile(f)) };
});

function clearSuggestions() {
  siting.result = null;
  map.setGhosts(null);
  $('#suggestions').replaceChildren();
  $('#suggest-summary').textContent = '';
  $('#suggest-accept-all').hidden = true;
}

function renderSuggestions() {
  const r = siting.result;
  if (!r) return clearSuggestions();
  const method = t('suggestMethod')[r.method] ?? r.method;
  let text = `${r.demand ? `${r.demand}: ` : ''}${t('suggestSummary', `${int(r.covered_before)} (${pct(r.covered_before / r.total_population)})`, `${int(r.covered_after)} (${pct(r.coverage_ratio_after)})`, int(r.upper_bound))} · ${method}`;
  if (r.metric === 'network') text += ` · ${t('metricNetwork')}`;
  if (!r.target_reachable) text = `${t('suggestUnreachable', int(r.max_reachable_population))}. ${text}`;
  $('#suggest-summary').textContent = text;
  $('#suggest-summary').dataset.coveredAfter = String(r.covered_after);
  $('#suggest-accept-all').hidden = r.suggestions.length === 0;
  const k = state.update.kinds.find((x) => x.id === r.kind);
  map.setGhosts(r.suggestions, k?.radius_m ?? r.radius_m);
  $('#suggestions').replaceChildren(...r.suggestions.map((g, i) => {
    const li = document.createElement('li');
    li.dataset.testid = 'suggestion';
    li.dataset.gain = String(g.gain_population);
    const name = document.createElement('span');
    name.textContent = g.name;
    const gain = document.createElement('span');
    gain.className = 'num';
    gain.textContent = `+${int(g.gain_population)} ${r.demand ?? t('people')}`;
    const accept = document.createElement('button');
    accept.type = 'button';
    accept.textContent = t('accept');
    accept.addEventListener('click', (e) => { e.stopPropagation(); acceptSuggestions([i]); });
    li.append(name, gain, accept);
    li.addEventListener('click', () => map.flyTo(g.lon, g.lat));
    return li;
  }));
}

function acceptSuggestions(indices) {
  const r = siting.result;
  const specs = indices.map((i) => r.suggestions[i]).map((g) => ({ kind: r.kind, lon: g.lon, lat: g.lat, name: g.name }));
  clearSuggestions();
  edit(call('addStations', specs));
}
$('#suggest-accept-all').addEventListener('click', () => acceptSuggestions(siting.result.suggestions.map((_, i) => i)));

$('#suggest-run').addEventListener('click', async () => {
  const spec = { kind: state.kind };
  if ($('#suggest-mode').value === 'target') spec.target_ratio = Number($('#suggest-target').value) / 100;
  else spec.count = Number($('#suggest-count').value);
  const c = $('#suggest-candidates').value;
  if (c === 'grid') spec.spacing_m = Number($('#suggest-spacing').value);
  else if (c === 'residents') spec.candidates = 'residents';
  else if (siting.file) { spec.candidates = siting.file.bytes; spec.crs = $('#crs').value; }
  else { showError(new Error(t('candFile'))); return; }
  // The area was drawn on the map, in WGS-84 whatever the candidates file's system.
  if (siting.area) { spec.area = siting.area; spec.area_crs = 'wgs84'; }
  const run = ++siting.run;
  clearSuggestions();
  $('#suggest-cancel').hidden = false;
  $('#suggest-run').disabled = true;
  progress(t('suggestRunning'), 0);
  const startedAt = state.update.history.undo;
  try {
    const { input } = await call('sitingInput', spec);
    if (run !== siting.run) return;
    const result = await solveInWorker(input, (f) => { if (run === siting.run) progress(t('suggestProgress', pct(f)), f); });
    if (run !== siting.run) return;
    siting.result = result;
    renderSuggestions();
    if (state.update.history.undo !== startedAt) toast(t('suggestStale'));
  } catch (err) {
    if (run === siting.run) showError(err);
  } finally {
    if (run === siting.run) endSitingRun();
  }
});

/** Solves a siting input in a worker of its own; cancelling terminates that worker. */
function solveInWorker(input, onProgress) {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./siting-worker.js', import.meta.url), { type: 'module' });
    siting.worker = w;
    siting.reject = reject;
    w.onmessage = (e) => {
      if (e.data.progress !== undefined) { onProgress(e.data.progress); return; }
      w.terminate();
      siting.worker = null;
      if (e.data.error) reject(new Error(e.data.error)); else resolve(e.data.result);
    };
    w.onerror = (e) => { w.terminate(); siting.worker = null; reject(new Error(e.message || 'siting worker failed')); };
    w.postMessage({ input }, sitingBuffers(input));
  });
}

function endSitingRun() {
  $('#suggest-cancel').hidden = true;
  $('#suggest-run').disabled = false;
  progress(null);
}
$('#suggest-cancel').addEventListener('click', () => {
  siting.run++;
  // Stop the computation itself, not just its answer.
  siting.worker?.terminate();
  siting.worker = null;
  endSitingRun();
  toast(t('suggestCancelled'));
});

function showArea() {
  const ring = siting.area?.coordinates[0];
  map.setArea(ring ?? null);
  $('#area-clear').hidden = !ring;
  $('#area-state').textContent = ring ? t('areaSet', ring.length - 1) : t('areaAll');
  $('#area-state').dataset.ring = ring ? JSON.stringify(ring) : '';
}
$('#area-draw').addEventListener('click', () => {
  setPlacing(false);
  $('#area-state').textContent = t('areaDrawing');
  map.drawArea((ring) => {
    if (ring) {
      siting.area = { type: 'Polygon', coordinates: [ring] };
      clearSuggestions();
    }
    showArea();
  });
});
$('#area-clear').addEventListener('click', () => {
  siting.area = null;
  clearSuggestions();
  showArea();
});

/** Straight-line or walking distance: available once streets are loaded. */
function renderMetric(u) {
  const sel = $('#metric');
  sel.disabled = !u.streets;
  sel.value = u.metric;
  $('#streets-state').textContent = u.streets ? t('streetsLoaded', int(u.streets.edges)) : t('streetsNone');
  document.body.dataset.metric = u.metric;
}
$('#metric').addEventListener('change', (e) => edit(call('setMetric', e.target.value)));

/** The selected station's walkshed along the streets (none without streets). */
let walkshedFor = null;
function refreshWalkshed() {
  const id = state.selected;
  const key = JSON.stringify([id, state.update?.streets?.edges, state.update?.summary.stations.find((s) => s.id === id)]);
  if (key === walkshedFor) return;
  walkshedFor = key;
  if (id === null || !state.update?.streets) { map.setWalkshed(null); return; }
  call('walkshed', id).then(({ pieces }) => { if (state.selected === id) map.setWalkshed(pieces, kindStyle(state.update.summary.stations.find((s) => s.id === id)?.kind ?? '').color); }, () => map.setWalkshed(null));
}

/** Who the current kind serves: population or one of the residents' numeric columns. */
function renderDemand(u) {
  const cols = u.weightColumns ?? [];
  $('#demand-row').hidden = cols.length === 0;
  if (!cols.length) return;
  const k = u.kinds.find((x) => x.id === state.kind);
  const sel = $('#demand-select');
  const options = [['', t('demandPopulation')], ...cols.map((c) => [c, c])];
  sel.replaceChildren(...options.map(([value, text]) => {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    return o;
  }));
  sel.value = k?.demand ?? '';
}

function renderCapacity(u) {
  const k = u.kinds.find((x) => x.id === state.kind);
  const input = $('#capacity');
  if (document.activeElement !== input) input.value = k?.capacity ? String(k.capacity) : '';
}
$('#capacity').addEventListener('change', (e) => {
  const v = e.target.value.trim();
  // A refused value (the engine says why) puts the kind's capacity back in the box.
  edit(call('setCapacity', state.kind, v === '' ? null : Number(v))).then(() => renderCapacity(state.update));
});
$('#demand-select').addEventListener('change', (e) => {
  clearSuggestions();
  edit(call('setDemand', state.kind, e.target.value || null));
});

// ---------- import ----------

function progress(text, fraction) {
  const p = $('#progress');
  p.hidden = text === null;
  if (text === null) return;
  p.querySelector('span').textContent = text;
  p.querySelector('.bar span').style.width = fraction === undefined ? '100%' : `${Math.round(fraction * 100)}%`;
  p.dataset.fraction = fraction === undefined ? '' : String(fraction);
  p.classList.toggle('indeterminate', fraction === undefined);
}

function readFile(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onprogress = (e) => { if (e.lengthComputable) progress(t('reading', `${Math.round((100 * e.loaded) / e.total)}%`), e.loaded / e.total); };
    r.onload = () => resolve(r.result);
    r.onerror = () => reject(new Error(`${file.name}: ${r.error?.message || 'cannot read'}`));
    r.readAsArrayBuffer(file);
  });
}

function setLayers(layers) {
  state.layers = { basemap: layers.basemap ?? null, boundaries: layers.boundaries ?? null, user: layers.user ?? null };
  map.setBasemap(state.layers.basemap, state.layers.boundaries);
  map.setUserLayer(state.layers.user);
}

/** The layers a project carried (opened, or back through undo/redo) replace the current ones. */
function restoreLayers(u) {
  setLayers(u.layers ?? {});
  state.showingDemo = u.dataset.synthetic;
}

async function importFile(file, as) {
  if (!file) return;
  const crs = $('#crs').value;
  try {
    progress(t('reading', '0%'), 0);
    const bytes = await readFile(file);
    progress(t('parsing'));
    await new Promise((r) => requestAnimationFrame(() => r()));
    if (as === 'residents') {
      const parsing = (f) => progress(t('parsingAt', `${Math.round(100 * f)}%`), f);
      const u = await callReporting('importResidents', parsing, bytes, { name: file.name, crs });
      applyUpdate(u, { fit: true });
      toast(t('importDone', t('residentsWord'), int(u.summary.residents)));
    } else if (as === 'stations') {
      const u = await call('importStations', bytes, { name: file.name, crs });
      applyUpdate(u);
      let msg = t('importDone', t('stationsWord'), int(u.imported));
      if (u.newKinds.length) {
        msg += `；${t('newKinds', u.newKinds.join('、'), u.kinds.find((k) => k.id === u.newKinds[0]).radius_m)}`;
        if (!u.kinds.some((k) => k.id === state.kind && k.stations > 0)) setKind(u.newKinds[0]);
      }
      map.fitTo(Float64Array.from(u.summary.stations.flatMap((s) => [s.lon, s.lat])));
      toast(msg);
    } else if (as === 'project') {
      const text = new TextDecoder().decode(bytes);
      const u = await call('openProject', text, { layers: state.layers, view: view() });
      restoreLayers(u);
      if (u.view?.kind) state.kind = u.view.kind;
      if (u.view?.level) state.level = u.view.level;
      applyUpdate(u, { fit: !u.view?.center });
      if (u.view) map.setView(u.view);
      toast(t('projectOpened'));
    } else if (as === 'streets') {
      const u = await call('importStreets', bytes, { name: file.name, crs });
      const fc = u.streetsGeoJson ? JSON.parse(u.streetsGeoJson) : JSON.parse(new TextDecoder().decode(bytes));
      setLayers({ ...state.layers, user: fc });
      applyUpdate(u);
      toast(t('importDone', t('importStreets'), int(u.streets.edges)));
    } else if (as === 'basemap') {
      let fc;
      try { fc = JSON.parse(new TextDecoder().decode(bytes)); } catch (err) { throw new Error(`${file.name}: not valid GeoJSON (${err.message})`); }
      if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error(`${file.name}: expected a GeoJSON FeatureCollection`);
      const units = fc.features.some((f) => ['street', 'community', 'grid'].includes(f.properties?.level));
      if (units) setLayers({ ...state.layers, boundaries: fc }); else setLayers({ ...state.layers, user: fc });
      if (state.update) renderUnits(state.update);
      toast(t('importDone', t('asBasemap'), int(fc.features.length)));
    }
  } catch (err) {
    toast(`${t('importFailed')}${err.message}`, 'error');
  } finally {
    progress(null);
  }
}

// ---------- OpenStreetMap ----------

/** Station rules as the dialog shows them: `tag=kind label`, one a line. */
function rulesText(rules) {
  const kinds = state.update?.kinds ?? [];
  return rules.map((r) => `${r.tag}=${r.kind ? kindLabel(kinds.find((k) => k.id === r.kind) ?? { label: r.kind }) : ''}`).join('\n');
}

/** The dialog's rules: `[{tag, kind}]` (blank lines and # comments skipped; split at the last =). */
function parseRules(text) {
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l, i) => {
    const at = l.lastIndexOf('=');
    if (at <= 0) throw new Error(`${t('osmRules')}: line ${i + 1} '${l}' should be tag=kind`);
    return { tag: l.slice(0, at).trim(), kind: l.slice(at + 1).trim() };
  });
}

async function importOsmFile(file) {
  if (!file) return;
  const dlg = $('#osm-dialog');
  const defaults = osmStationRules();
  $('#osm-file').textContent = file.name;
  $('#osm-rules').value = localStorage.getItem('lifecircle.osmRules') ?? rulesText(defaults.rules);
  $('#osm-rules-hint').textContent = t('osmRulesHint', defaults.categories.join(', '));
  $('#osm-floor-area').value = localStorage.getItem('lifecircle.osmFloorArea') ?? '36.52';
  dlg.returnValue = '';
  const choice = await new Promise((resolve) => {
    dlg.onclose = () => resolve(dlg.returnValue);
    dlg.showModal();
  });
  if (choice === 'defaults') {
    localStorage.removeItem('lifecircle.osmRules');
    return importOsmFile(file);
  }
  if (choice !== 'ok') return;
  try {
    const rules = parseRules($('#osm-rules').value);
    const floorArea = Number($('#osm-floor-area').value) || 36.52;
    localStorage.setItem('lifecircle.osmRules', $('#osm-rules').value);
    localStorage.setItem('lifecircle.osmFloorArea', String(floorArea));
    progress(t('reading', '0%'), 0);
    const bytes = await readFile(file);
    progress(t('parsing'));
    const reading = (f) => progress(t('parsingOsmAt', `${Math.round(100 * f)}%`), f);
    const u = await callReporting('importOsmFile', reading, bytes, { name: file.name }, rules, floorArea);
    setLayers({ basemap: null, boundaries: null, user: JSON.parse(u.streetsGeoJson) });
    state.showingDemo = false;
    applyUpdate(u, { fit: true });
    if (u.newKinds.length && !u.kinds.some((k) => k.id === state.kind && k.stations > 0)) setKind(u.newKinds[0]);
    let msg = t('osmDone', int(u.counts.residents), int(u.counts.stations), int(u.streets.edges));
    if (u.newKinds.length) msg += `；${t('newKinds', u.newKinds.join('、'), u.kinds.find((k) => k.id === u.newKinds[0]).radius_m)}`;
    toast(msg);
  } catch (err) {
    toast(`${t('importFailed')}${err.message}`, 'error');
  } finally {
    progress(null);
  }
}
{
  const input = $('[data-testid=import-osm]');
  input.addEventListener('change', () => { const f = input.files[0]; input.value = ''; importOsmFile(f); });
}

for (const [testid, as] of [['import-residents', 'residents'], ['import-stations', 'stations'], ['import-project', 'project'], ['import-basemap', 'basemap'], ['import-streets', 'streets']]) {
  const input = document.querySelector(`[data-testid=${testid}]`);
  input.addEventListener('change', async () => { const f = input.files[0]; input.value = ''; await importFile(f, as); });
}

// Drag and drop anywhere on the page: ask what the file is.
let dragDepth = 0;
document.addEventListener('dragenter', (e) => { if (e.dataTransfer?.types.includes('Files')) { dragDepth++; $('#drop').hidden = false; } });
document.addEventListener('dragleave', () => { dragDepth = Math.max(0, dragDepth - 1); if (!dragDepth) $('#drop').hidden = true; });
document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('drop', (e) => {
  e.preventDefault();
  dragDepth = 0;
  $('#drop').hidden = true;
  const file = e.dataTransfer?.files?.[0];
  if (!file) return;
  const dlg = $('#drop-dialog');
  $('#drop-question').textContent = t('dropAs', file.name);
  dlg.returnValue = '';
  dlg.onclose = () => { if (dlg.returnValue && dlg.returnValue !== 'cancel') importFile(file, dlg.returnValue); };
  dlg.showModal();
});

// ---------- export ----------

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function stamp() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`;
}

function view() {
  return { ...map.view(), kind: state.kind, display: state.update?.display, level: state.level, lang: getLang() };
}

/** Asks the worker for a file's text and downloads it as `name-<stamp>.ext`. */
function exportFile(request, arg, name, ext, type) {
  call(request, arg).then(({ text }) => download(`${name}-${stamp()}.${ext}`, text, type), showError);
}

function scenarioName(u = state.update) {
  return u.scenarios.active === 0 ? t('baseline') : u.scenarios.names[u.scenarios.active];
}

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

$('[data-testid=export-xlsx]').addEventListener('click', () => {
  const u = state.update;
  call('exportWorkbook', { lang: getLang(), title: u.dataset.name, baseline_name: t('baseline'), crs: $('#crs').value }).then(({ bytes }) => {
    const base = getLang() === 'zh' ? '生活圈覆盖报告' : 'lifecircle-report';
    download(`${base}-${scenarioName(u)}-${stamp()}.xlsx`, bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  }, showError);
});

/** Builds the A4 report from the latest figures (with a map snapshot) and opens the print dialog. */
async function printReport() {
  const u = state.update;
  progress(t('printing'));
  try {
    const mapUrl = await map.snapshot(state.residentCoords ?? []);
    const root = $('#report');
    buildReport(root, { u, title: u.dataset.name || 'Lifecircle', date: today(), mapUrl, kind: state.kind, scenarioName: scenarioName(u) });
    await root.querySelector('img')?.decode().catch(() => {});
    document.body.dataset.report = 'ready';
    window.print();
  } catch (err) {
    showError(err);
  } finally {
    progress(null);
  }
}
$('[data-testid=print-report]').addEventListener('click', printReport);

$('[data-testid=export-csv]').addEventListener('click', () => exportFile('exportCsv', getLang(), getLang() === 'zh' ? '生活圈覆盖报告' : 'lifecircle-report', 'csv', 'text/csv;charset=utf-8'));
const menu = $('.menu-items');
$('[data-testid=export-geojson]').addEventListener('click', (e) => { e.stopPropagation(); menu.hidden = !menu.hidden; });
document.addEventListener('click', () => { menu.hidden = true; });
for (const layer of ['stations', 'residents']) {
  $(`[data-testid=export-geojson-${layer}]`).addEventListener('click', () => {
    const crs = $('#crs').value;
    exportFile(layer === 'stations' ? 'exportStations' : 'exportResidents', crs, `${layer}-${crs}`, 'geojson', 'application/geo+json');
  });
}
$('[data-testid=export-project]').addEventListener('click', () => exportFile('exportProject', { view: view(), layers: state.layers }, 'lifecircle', 'lifecircle.json', 'application/json'));

// ---------- settings and language ----------

const settings = $('#settings-dialog');
$('[data-testid=settings]').addEventListener('click', () => {
  const cur = JSON.parse(localStorage.getItem('lifecircle.tiles') || 'null');
  $('#tile-url').value = cur?.url ?? '';
  $('#tile-attribution').value = cur?.attribution ?? '';
  settings.returnValue = '';
  settings.showModal();
});
settings.addEventListener('close', () => {
  if (settings.returnValue === 'save') {
    const url = $('#tile-url').value.trim();
    const next = url ? { url, attribution: $('#tile-attribution').value.trim() } : null;
    if (url && !/^https?:\/\/.+\{z\}.+\{x\}.+\{y\}/.test(url)) { showError(new Error('tile URL needs {z}, {x} and {y}')); return; }
    localStorage.setItem('lifecircle.tiles', JSON.stringify(next));
    map.setTiles(next);
  } else if (settings.returnValue === 'clear') {
    localStorage.removeItem('lifecircle.tiles');
    map.setTiles(null);
  }
});

function applyLang(l) {
  setLang(l);
  localStorage.setItem('lifecircle.lang', getLang());
  translatePage();
  $('#lang').textContent = t('lang');
  document.title = `${t('title')} — ${getLang() === 'zh' ? '服务设施覆盖规划' : 'service coverage planning'}`;
  renderAll();
}
$('#lang').addEventListener('click', () => applyLang(getLang() === 'zh' ? 'en' : 'zh'));

// ---------- start ----------

async function main() {
  applyLang(new URLSearchParams(location.search).get('lang') || localStorage.getItem('lifecircle.lang') || 'zh');
  syncSitingInputs();
  toast(t('loading'));
  try {
    await Promise.all([init(), call('init'), map.ready]);
    const size = Number(new URLSearchParams(location.search).get('residents')) || 0;
    const u = await call('loadDemo', size);
    state.demoLayers = u.basemap;
    state.showingDemo = true;
    setLayers(u.basemap);
    applyUpdate(u, { fit: true });
    toast(`${u.dataset.name} · ${t('syntheticLong')}`);
  } catch (err) {
    showError(err);
  }
}

main();
