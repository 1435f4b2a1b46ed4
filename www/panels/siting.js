// Siting suggestions: the goal (N stations, or a target coverage), where candidates come from
// (grid, residences, a file), the area they are limited to (drawn on the map), the run in a worker
// of its own with progress and a real cancel, and the suggestions shown as ghosts to accept.
import { t, int, pct } from '../i18n.js';
import { call } from '../page/rpc.js';
import { state } from '../page/state.js';
import { $, progress, readFile, showError, toast } from '../page/ui.js';
import { ctx, edit } from '../page/context.js';
import { guardBaseline } from './baseline.js';
import { sitingBuffers } from '../transfer.js';
import { setPlacing } from './place.js';

const siting = {
  run: 0,
  /** The answer shown, and its sites' radius circles. @type {any} */
  result: null,
  rings: [],
  /** A candidates file: `{name, bytes}`. @type {any} */
  file: null,
  /** The drawn area (a GeoJSON Polygon, WGS-84). @type {any} */
  area: null,
  /** The run's own worker. @type {Worker | null} */
  worker: null,
};

function syncInputs() {
  const target = $('#suggest-mode').value === 'target';
  $('#suggest-count').hidden = target;
  $('#suggest-target').hidden = !target;
  $('#suggest-pct').hidden = !target;
  $('#suggest-spacing').hidden = $('#suggest-candidates').value !== 'grid';
}

/** Takes the suggestions away (the plan changed, or they were accepted). */
export function clearSuggestions() {
  siting.result = null;
  siting.rings = [];
  ctx.map.ghosts.set(null);
  $('#suggestions').replaceChildren();
  $('#suggest-summary').textContent = '';
  $('#suggest-accept-all').hidden = true;
}

/** Whether suggestions are shown. */
export function showingSuggestions() {
  return siting.result !== null;
}

/** The suggestion shown (the engine's answer), or null: the workbook gives it a sheet. */
export function shownSuggestion() {
  return siting.result;
}

function renderSuggestions() {
  const r = siting.result;
  if (!r) { clearSuggestions(); return; }
  const method = t('suggestMethod')[r.method] ?? r.method;
  let text = `${r.demand ? `${r.demand}: ` : ''}${t('suggestSummary', `${int(r.covered_before)} (${pct(r.covered_before / r.total_population)})`, `${int(r.covered_after)} (${pct(r.coverage_ratio_after)})`, int(r.upper_bound))} · ${method}`;
  if (r.optimality_gap > 0) text += ` · ${t('suggestGap', pct(r.optimality_gap))}`;
  if (r.metric === 'network') text += ` · ${t('metricNetwork')}`;
  if (!r.target_reachable) text = `${t('suggestUnreachable', int(r.max_reachable_population))}. ${text}`;
  $('#suggest-summary').textContent = text;
  $('#suggest-summary').dataset.coveredAfter = String(r.covered_after);
  $('#suggest-accept-all').hidden = r.suggestions.length === 0;
  ctx.map.ghosts.set(r.suggestions, siting.rings);
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
    accept.addEventListener('click', (e) => { e.stopPropagation(); accept_([i]); });
    li.append(name, gain, accept);
    li.addEventListener('click', () => ctx.map.flyTo(g.lon, g.lat));
    return li;
  }));
}

/** Adds the suggestions at `indices` as stations (one undoable edit). */
async function accept_(indices) {
  if (!(await guardBaseline())) return;
  const r = siting.result;
  const specs = indices.map((i) => r.suggestions[i]).map((g) => ({ kind: r.kind, lon: g.lon, lat: g.lat, name: g.name }));
  clearSuggestions();
  edit(call('addStations', specs));
}

/** Solves a siting input in a worker of its own; cancelling terminates that worker. */
function solveInWorker(input, onProgress) {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('../siting-worker.js', import.meta.url), { type: 'module' });
    siting.worker = w;
    w.onmessage = (e) => {
      if (e.data.progress !== undefined) { onProgress(e.data.progress); return; }
      w.terminate();
      siting.worker = null;
      if (e.data.error) reject(new Error(e.data.error)); else resolve(e.data);
    };
    w.onerror = (e) => { w.terminate(); siting.worker = null; reject(new Error(e.message || 'siting worker failed')); };
    w.postMessage({ input }, sitingBuffers(input));
  });
}

function endRun() {
  $('#suggest-cancel').hidden = true;
  $('#suggest-run').disabled = false;
  progress(null);
}

async function run() {
  /** @type {Record<string, any>} */
  const spec = { kind: state.kind };
  if ($('#suggest-mode').value === 'target') spec.target_ratio = Number($('#suggest-target').value) / 100;
  else spec.count = Number($('#suggest-count').value);
  const c = $('#suggest-candidates').value;
  if (c === 'grid') spec.spacing_m = Number($('#suggest-spacing').value);
  else if (c === 'residents') spec.candidates = 'residents';
  // A candidates file is read in the coordinate system chosen for imports; the answer is WGS-84.
  else if (siting.file) { spec.candidates = siting.file.bytes; spec.candidates_crs = $('#crs').value; }
  else { showError(new Error(t('candFile'))); return; }
  // The area was drawn on the map, in WGS-84.
  if (siting.area) spec.area = siting.area;
  const runId = ++siting.run;
  clearSuggestions();
  $('#suggest-cancel').hidden = false;
  $('#suggest-run').disabled = true;
  progress(t('suggestRunning'), 0);
  const startedAt = state.update.history.undo;
  try {
    const { input } = await call('sitingInput', spec);
    if (runId !== siting.run) return;
    const answer = await solveInWorker(input, (f) => { if (runId === siting.run) progress(t('suggestProgress', pct(f)), f); });
    if (runId !== siting.run) return;
    siting.result = answer.result;
    siting.rings = answer.rings;
    renderSuggestions();
    if (state.update.history.undo !== startedAt) toast(t('suggestStale'));
  } catch (err) {
    if (runId === siting.run) showError(err);
  } finally {
    if (runId === siting.run) endRun();
  }
}

function showArea() {
  const ring = siting.area?.coordinates[0];
  ctx.map.area.set(ring ?? null);
  $('#area-clear').hidden = !ring;
  $('#area-state').textContent = ring ? t('areaSet', ring.length - 1) : t('areaAll');
  $('#area-state').dataset.ring = ring ? JSON.stringify(ring) : '';
}

export function bindSiting() {
  syncInputs();
  $('#suggest-mode').addEventListener('change', syncInputs);
  $('#suggest-candidates').addEventListener('change', () => {
    syncInputs();
    if ($('#suggest-candidates').value === 'file') $('#suggest-file').click();
  });
  $('#suggest-file').addEventListener('change', async () => {
    const f = $('#suggest-file').files[0];
    if (f) siting.file = { name: f.name, bytes: new Uint8Array(await readFile(f)) };
  });
  $('#suggest-accept-all').addEventListener('click', () => accept_(siting.result.suggestions.map((_, i) => i)));
  $('#suggest-run').addEventListener('click', run);
  $('#suggest-cancel').addEventListener('click', () => {
    siting.run++;
    // Stop the computation itself, not just its answer.
    siting.worker?.terminate();
    siting.worker = null;
    endRun();
    toast(t('suggestCancelled'));
  });
  $('#area-draw').addEventListener('click', () => {
    setPlacing(false);
    $('#area-state').textContent = t('areaDrawing');
    ctx.map.area.draw((ring) => {
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
}
