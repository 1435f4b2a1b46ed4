// Coverage by street, community or grid: a sortable table (click a unit to fit the map to it)
// with each unit against the kind's coverage target (未达标 and the people still to reach; a
// filter for those below it), and the choropleth of the level shown; where polygons give the
// units, their file and the residents no polygon holds.
import { t, int, pct, kindLabel } from '../i18n.js';
import { state, chooseLevel, sortUnits, showBelowOnly } from '../page/state.js';
import { $, td, bar, delta } from '../page/ui.js';
import { ctx } from '../page/context.js';
import { unitNetwork } from './network.js';

function unitRatio(u, key) {
  if (key === 'all') return u.all_kinds.coverage_ratio;
  return u.kinds.find((k) => k.kind === state.kind)?.coverage_ratio ?? 0;
}

/** The level's choropleth on the map (what a drag step redraws; the table waits for its end). */
export function renderUnitMap(u) {
  ctx.map.basemap.setChoroplethLevel(state.level);
  ctx.map.basemap.setUnitRatios(u.summary.units, u.display === 'all' ? 'all' : state.kind);
}

export function renderUnits(u) {
  const k = u.kinds.find((x) => x.id === state.kind);
  const ki = u.summary.kinds.findIndex((kk) => kk.kind === state.kind);
  const target = k?.target ?? null;
  document.body.dataset.target = target != null ? 'yes' : 'no';
  const level = u.summary.units.filter((x) => x.level === state.level);
  const below = level.filter((x) => x.kinds[ki]?.target_met === false);
  $('#units-below-label').textContent = t('unitsBelow', below.length, t(state.level), pct(target ?? 0));
  /** @type {HTMLInputElement} */ ($('#units-below')).checked = state.belowOnly;
  const units = target != null && state.belowOnly ? below : level;
  $('#units-empty').hidden = u.summary.units.length > 0;
  $('#units').hidden = u.summary.units.length === 0;
  $('#units-kind-col').textContent = k ? kindLabel(k) : '';
  const unitChanges = new Map((u.comparison?.units ?? []).map((c) => [`${c.level}|${c.id}`, c]));
  const { key, dir } = state.sort;
  // On foot: each unit's mean detour for the kind and its population the streets do not reach.
  const net = unitNetwork(u, ki);
  const onFoot = (x) => net?.get(x.id) ?? { detour: 0, unreachable: 0 };
  const val = (x) => (key === 'name' ? x.id : key === 'population' ? x.total_population
    : key === 'detour' ? onFoot(x).detour : key === 'unreachable' ? onFoot(x).unreachable
      : key === 'shortfall' ? x.kinds[ki]?.shortfall_population ?? 0 : unitRatio(x, key));
  units.sort((a, b) => {
    const va = val(a); const vb = val(b);
    return (typeof va === 'string' ? va.localeCompare(vb, 'zh-CN') : va - vb) * dir || a.id.localeCompare(b.id);
  });
  for (const th of document.querySelectorAll('#units th')) {
    const h = /** @type {HTMLElement} */ (th);
    h.dataset.sorted = h.dataset.sort === key ? (dir > 0 ? 'asc' : 'desc') : '';
  }
  $('#units tbody').replaceChildren(...units.map((x) => {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'unit-row';
    tr.dataset.id = x.id;
    const r = unitRatio(x, 'kind');
    const ratio = td(pct(r), 'ratio');
    const change = unitChanges.get(`${x.level}|${x.id}`)?.kinds[ki];
    if (change) ratio.append(delta(change));
    ratio.append(bar(r));
    const name = td(x.name || x.id);
    name.title = x.id;
    tr.append(name, td(int(x.total_population)), ratio, td(pct(x.all_kinds.coverage_ratio)));
    if (target != null) tr.append(targetCell(x.kinds[ki]));
    if (net) {
      const f = onFoot(x);
      const det = td(f.detour > 0 ? `${f.detour.toFixed(2)}×` : '–', 'on-foot');
      det.dataset.testid = 'unit-detour';
      const off = td(int(f.unreachable), f.unreachable > 0 ? 'on-foot warn' : 'on-foot');
      off.dataset.testid = 'unit-unreachable';
      tr.append(det, off);
    }
    tr.addEventListener('click', () => { const b = state.unitBoxes.get(`${x.level}|${x.id}`); if (b) ctx.map.fitBox(b); });
    return tr;
  }));
  renderSource(u);
  renderUnitMap(u);
}

/** A unit against the kind's target: 达标, or 未达标 with the people still to reach. */
function targetCell(f) {
  const cell = f?.target_met == null ? td('–') : f.target_met ? td(t('targetMet'))
    : td(t('targetShort', int(f.shortfall_population)), 'below');
  cell.dataset.testid = 'unit-target';
  return cell;
}

/** Where the shown level's units come from when boundary polygons give them, and the residents
 * no polygon holds (kept, counted in no unit of the level). */
function renderSource(u) {
  const el = $('#units-source');
  const b = u.summary.boundaries?.find((x) => x.level === state.level);
  el.hidden = !b;
  if (!b) return;
  const out = u.summary.unassigned?.find((x) => x.level === state.level);
  const level = t(state.level);
  const lines = [t('unitsFromPolygons', level, b.source)];
  if (out?.residents) lines.push(t('unassignedLine', level, int(out.residents), int(out.population)));
  el.textContent = lines.join('；');
  el.classList.toggle('warn', Boolean(out?.residents));
}

/** Each unit's bounding box from the residents (`{coordinates, units, unitList, population}`). */
export function measureUnits(r) {
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

export function bindUnits() {
  for (const th of document.querySelectorAll('#units th')) {
    th.addEventListener('click', () => {
      sortUnits(/** @type {HTMLElement} */ (th).dataset.sort);
      renderUnits(state.update);
    });
  }
  $('#unit-level').addEventListener('change', (e) => { chooseLevel(e.target.value); renderUnits(state.update); });
  $('#units-below').addEventListener('change', (e) => { showBelowOnly(e.target.checked); renderUnits(state.update); });
}
