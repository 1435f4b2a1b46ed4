// The gap view's chooser and legend: residents and units coloured covered-or-not, by distance to
// the nearest station (classes by share of the radius, on foot when walking) or by 2SFCA supply
// per 1,000 (classes by multiple of the district's mean), with what each colour means.
import { t, int, kindLabel } from '../i18n.js';
import { call } from '../page/rpc.js';
import { $ } from '../page/ui.js';
import { edit } from '../page/context.js';
import { GAP_COLORS } from '../map/styles.js';

/** The gap view's classes as the legend gives them, best to worst: `[{label, color}]` (also the
 * printed report's map legend). */
export function gapLegend(gap) {
  return labels(gap).map((label, i) => ({ label, color: GAP_COLORS[i] }));
}

/** The six labels of a gap view, best to worst. */
function labels(gap) {
  if (gap.mode === 'distance') {
    const r = gap.radius_m;
    const at = (s) => (r ? `${int(s * r)} m` : t('gapShare', Math.round(s * 100)));
    // The fourth break is the radius itself: within it is covered.
    return [...gap.breaks.map((s, i) => `≤ ${at(s)}${i === 3 ? ` ${t('gapCovered')}` : ''}`), t('gapBeyond')];
  }
  const m = gap.mean;
  const at = (x) => (m ? `${(x * m).toFixed(4)}（${x}×）` : `${x}×${t('gapMean')}`);
  return [...gap.breaks.map((x) => `≥ ${at(x)}`), `< ${at(gap.breaks[gap.breaks.length - 1])}`, t('gapNone')];
}

/** Shows the chooser's state and the legend of the classes (or the covered/uncovered rows). */
export function renderGapView(u) {
  const gap = u.gap ?? null;
  document.body.dataset.gap = gap ? 'yes' : 'no';
  /** @type {HTMLSelectElement} */ ($('#gap-view')).value = gap?.mode ?? 'coverage';
  const box = $('#legend-gap');
  box.hidden = !gap;
  if (!gap) return;
  const kind = gap.kind === 'all' ? t('displayAll') : kindLabel(u.kinds.find((k) => k.id === gap.kind) ?? { label: gap.kind });
  const how = t(u.metric === 'network' ? 'legendOnFoot' : 'legendStraight');
  const title = document.createElement('p');
  title.className = 'legend-note';
  title.dataset.testid = 'legend-gap-what';
  title.textContent = gap.mode === 'distance' ? t('gapWhatDistance', kind, how) : t('gapWhatAccess', kind, how);
  const rows = gapLegend(gap).map(({ label, color }) => {
    const row = document.createElement('div');
    row.className = 'legend-row';
    const dot = document.createElement('i');
    dot.className = 'dot';
    dot.style.background = color;
    const span = document.createElement('span');
    span.textContent = label;
    row.append(dot, span);
    return row;
  });
  const units = document.createElement('p');
  units.className = 'legend-note';
  units.textContent = gap.mode === 'distance' ? t('gapUnitsDistance') : t('gapUnitsAccess');
  box.replaceChildren(title, ...rows, units);
}

export function bindGapView() {
  $('#gap-view').addEventListener('change', (e) => edit(call('setGapView', e.target.value)));
}
