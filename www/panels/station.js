// The selected station: its name (editable), kind and radius, population served and served only
// by it, coordinates; removing it.
import { t, int, kindLabel } from '../i18n.js';
import { call } from '../page/rpc.js';
import { state } from '../page/state.js';
import { $, typing } from '../page/ui.js';
import { edit } from '../page/context.js';
import { guardBaseline } from './baseline.js';

export function renderStation() {
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

/** Removes the selected station (undoable). */
export async function removeSelected() {
  if (state.selected === null || !(await guardBaseline())) return;
  if (state.selected !== null) edit(call('removeStation', state.selected));
}

export function bindStation() {
  $('#station-name').addEventListener('change', (e) => {
    if (state.selected !== null) edit(call('renameStation', state.selected, e.target.value));
  });
  $('#station-name').addEventListener('keydown', (e) => { if (e.key === 'Enter') e.target.blur(); });
  $('#station-remove').addEventListener('click', removeSelected);
  document.addEventListener('keydown', (e) => {
    if ((e.key === 'Delete' || e.key === 'Backspace') && !typing() && !(e.ctrlKey || e.metaKey)) removeSelected();
  });
}
