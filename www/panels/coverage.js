// Coverage per kind (radius, stations, covered population and ratio, with the change against the
// baseline in a proposal, and a line for a capacity or demand column), and life-circle
// completeness.
import { t, int, pct, kindLabel, getLang } from '../i18n.js';
import { state } from '../page/state.js';
import { $, td, bar, delta, setText, setData, setBar, ratioCell } from '../page/ui.js';
import { kindStyle } from '../map/styles.js';
import { kindNetworkNotes } from './network.js';

/** Each kind's rows as drawn: the cells that carry its figures, and what the rows were made and
 * filled from. A live step (a drag) fills the same rows with new figures; rows are made again only
 * when their shape changes (language, current kind, label, which notes). @type {Map<string,
 * { shape: string, figures: string, rows: HTMLElement[], cells: RowCells }>} */
const drawn = new Map();
/** What the all-kinds row was last drawn from. */
let allDrawn = '';

/** `onKind(kind)` runs when a kind's row is clicked. */
export function renderCoverage(u, onKind) {
  const body = $('#coverage-body');
  const rows = u.summary.kinds.flatMap((k) => {
    const change = u.comparison?.kinds.find((x) => x.kind === k.kind)?.coverage_ratio ?? null;
    const network = kindNetworkNotes(u, k.kind);
    const shape = JSON.stringify([getLang(), k.kind === state.kind, k.kind, k.label, k.label_en, change !== null, Boolean(k.capacity), Boolean(k.demand), network.length > 0]);
    const figures = JSON.stringify([k, change, network.map((n) => [n.dataset.testid, n.textContent])]);
    let had = drawn.get(k.kind);
    if (had?.shape !== shape) {
      had = { shape, figures: '', ...kindRows(k, change, network, onKind) };
      drawn.set(k.kind, had);
    }
    if (had.figures !== figures) {
      had.figures = figures;
      fillRows(had.cells, k, change, network);
    }
    return had.rows;
  });
  for (const kind of [...drawn.keys()]) if (!u.summary.kinds.some((k) => k.kind === kind)) drawn.delete(kind);
  if (rows.length !== body.children.length || rows.some((r, i) => body.children[i] !== r)) body.replaceChildren(...rows);
  const a = u.summary.all_kinds;
  const labels = u.kinds.map((k) => [k.id, kindLabel(k)]);
  const allKey = JSON.stringify([getLang(), a, u.comparison?.all_kinds.coverage_ratio ?? null, labels]);
  if (allKey === allDrawn) return;
  allDrawn = allKey;
  const all = $('#all-kinds-row');
  setData(all, 'coverageRatio', String(a.coverage_ratio));
  setData(all, 'coveredPopulation', String(a.covered_population));
  const strong = all.querySelector('strong');
  const text = a.kinds.length ? `${pct(a.coverage_ratio)} · ${int(a.covered_population)} ${t('people')}` : t('completenessNoKinds');
  if (u.comparison && a.kinds.length) {
    strong.textContent = text;
    strong.append(delta(u.comparison.all_kinds.coverage_ratio));
  } else setText(strong, text);
  const b = all.querySelector('.bar');
  if (b.firstChild) setBar(b, a.coverage_ratio); else b.replaceWith(bar(a.coverage_ratio));
  // Which kinds completeness asks for, and why it is 0 when a counted kind has no station.
  const label = (id) => kindLabel(u.kinds.find((k) => k.id === id) ?? { label: id });
  const why = $('#completeness-why');
  const parts = [];
  if (a.missing?.length) parts.push(t('completenessMissing', a.missing.map(label).join('、')));
  if (a.kinds.length) parts.push(t('completenessOf', a.kinds.map(label).join('、')));
  if (a.excluded?.length) parts.push(t('completenessExcluded', a.excluded.map(label).join('、')));
  setText(why, parts.join('；'));
  why.classList.toggle('warn', Boolean(a.missing?.length));
  setData(all, 'missing', (a.missing ?? []).join(','));
}

/** @typedef {{ tr: HTMLElement, radius: HTMLElement, stations: HTMLElement, covered: HTMLElement,
 *   ratio: HTMLElement, notes: HTMLElement | null }} RowCells */

/** A kind's row, and a line beneath when it has notes (`change`: against the baseline, if any;
 * `network`: its notes on foot), empty of figures: `fillRows` puts them in. */
function kindRows(k, change, network, onKind) {
  const tr = document.createElement('tr');
  tr.dataset.testid = 'coverage-row';
  tr.dataset.kind = k.kind;
  if (k.kind === state.kind) tr.className = 'current';
  const name = document.createElement('td');
  const sw = document.createElement('i');
  sw.className = 'swatch';
  sw.style.background = kindStyle(k.kind).color;
  const label = document.createElement('span');
  label.textContent = kindLabel({ label: k.label, label_en: k.label_en });
  name.append(sw, label);
  const cells = { tr, radius: td(''), stations: td(''), covered: td(''), ratio: td('', 'ratio'), notes: null };
  tr.append(name, cells.radius, cells.stations, cells.covered, cells.ratio);
  tr.addEventListener('click', () => onKind(k.kind));
  // A kind with a capacity or a demand column, or notes on foot, gets a line beneath.
  if (!k.capacity && !k.demand && !network.length) return { rows: [tr], cells };
  const sub = document.createElement('tr');
  sub.className = `sub${k.kind === state.kind ? ' current' : ''}`;
  cells.notes = document.createElement('td');
  cells.notes.colSpan = 5;
  sub.append(cells.notes);
  return { rows: [tr, sub], cells };
}

/** Puts kind `k`'s figures in its rows' cells. */
function fillRows(cells, k, change, network) {
  const { tr } = cells;
  setData(tr, 'coveredPopulation', String(k.covered_population));
  setData(tr, 'coverageRatio', String(k.coverage_ratio));
  setData(tr, 'stations', String(k.stations));
  setData(tr, 'radius', String(k.radius_m));
  setText(cells.radius, `${int(k.radius_m)} m`);
  setText(cells.stations, int(k.stations));
  setText(cells.covered, int(k.covered_population));
  ratioCell(cells.ratio, k.coverage_ratio, change);
  if (!cells.notes) return;
  // The capacity split, the coverage of the column the kind serves (e.g. 老年人口), and on foot the
  // stations of the kind the streets do not reach (named) and the mean detour.
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
  cells.notes.replaceChildren(...notes, ...network);
}
