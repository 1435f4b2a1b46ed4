// Coverage per kind (radius, stations, covered population and ratio, with the change against the
// baseline in a proposal, and a line for a capacity or demand column), and life-circle
// completeness.
import { t, int, pct, kindLabel, getLang } from '../i18n.js';
import { state } from '../page/state.js';
import { $, td, bar, delta } from '../page/ui.js';
import { kindStyle } from '../map/styles.js';
import { kindNetworkNotes } from './network.js';

/** Each kind's rows as drawn, with what they were drawn from: a live step (a drag) rebuilds only
 * the rows whose figures changed. @type {Map<string, { key: string, rows: HTMLElement[] }>} */
const drawn = new Map();
/** What the all-kinds row was last drawn from. */
let allDrawn = '';

/** `onKind(kind)` runs when a kind's row is clicked. */
export function renderCoverage(u, onKind) {
  const body = $('#coverage-body');
  const rows = u.summary.kinds.flatMap((k) => {
    const change = u.comparison?.kinds.find((x) => x.kind === k.kind)?.coverage_ratio;
    const network = kindNetworkNotes(u, k.kind);
    const key = JSON.stringify([getLang(), k.kind === state.kind, k, change ?? null, network.map((n) => [n.dataset.testid, n.textContent])]);
    const had = drawn.get(k.kind);
    if (had?.key === key) return had.rows;
    const made = kindRows(u, k, change, network, onKind);
    drawn.set(k.kind, { key, rows: made });
    return made;
  });
  for (const kind of [...drawn.keys()]) if (!u.summary.kinds.some((k) => k.kind === kind)) drawn.delete(kind);
  if (rows.length !== body.children.length || rows.some((r, i) => body.children[i] !== r)) body.replaceChildren(...rows);
  const a = u.summary.all_kinds;
  const labels = u.kinds.map((k) => [k.id, kindLabel(k)]);
  const allKey = JSON.stringify([getLang(), a, u.comparison?.all_kinds.coverage_ratio ?? null, labels]);
  if (allKey === allDrawn) return;
  allDrawn = allKey;
  const all = $('#all-kinds-row');
  all.dataset.coverageRatio = String(a.coverage_ratio);
  all.dataset.coveredPopulation = String(a.covered_population);
  const strong = all.querySelector('strong');
  strong.textContent = a.kinds.length ? `${pct(a.coverage_ratio)} · ${int(a.covered_population)} ${t('people')}` : t('completenessNoKinds');
  if (u.comparison && a.kinds.length) strong.append(delta(u.comparison.all_kinds.coverage_ratio));
  all.querySelector('.bar').replaceWith(bar(a.coverage_ratio));
  // Which kinds completeness asks for, and why it is 0 when a counted kind has no station.
  const label = (id) => kindLabel(u.kinds.find((k) => k.id === id) ?? { label: id });
  const why = $('#completeness-why');
  const parts = [];
  if (a.missing?.length) parts.push(t('completenessMissing', a.missing.map(label).join('、')));
  if (a.kinds.length) parts.push(t('completenessOf', a.kinds.map(label).join('、')));
  if (a.excluded?.length) parts.push(t('completenessExcluded', a.excluded.map(label).join('、')));
  why.textContent = parts.join('；');
  why.classList.toggle('warn', Boolean(a.missing?.length));
  all.dataset.missing = (a.missing ?? []).join(',');
}

/** A kind's row, and a line beneath when it has notes (`change`: against the baseline, if any;
 * `network`: its notes on foot). */
function kindRows(u, k, change, network, onKind) {
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
  if (change) ratio.append(delta(change));
  ratio.append(bar(k.coverage_ratio));
  tr.append(name, td(`${int(k.radius_m)} m`), td(int(k.stations)), td(int(k.covered_population)), ratio);
  tr.addEventListener('click', () => onKind(k.kind));
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
  // On foot: stations of the kind the streets do not reach (named), and the mean detour.
  notes.push(...network);
  if (!notes.length) return [tr];
  const sub = document.createElement('tr');
  sub.className = `sub${k.kind === state.kind ? ' current' : ''}`;
  const cell = document.createElement('td');
  cell.colSpan = 5;
  cell.append(...notes);
  sub.append(cell);
  return [tr, sub];
}
