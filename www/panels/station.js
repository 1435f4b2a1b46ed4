// The selected station: its name (editable), kind and radius, population served and served only
// by it, coordinates; removing it.
import { t, int, kindLabel } from '../i18n.js';
import { call } from '../page/rpc.js';
import { state } from '../page/state.js';
import { $, typing, setText, setData } from '../page/ui.js';
import { edit } from '../page/context.js';
import { guardBaseline } from './baseline.js';

/** Where the selected station was in the last list of stations (a live step's list keeps each
 * station's place: at a million residents there are 10,000 to search). */
let lastAt = -1;

/** The selected station of the last update, or undefined. */
function selectedStation() {
  const list = state.update?.summary.stations;
  if (!list || state.selected === null) return undefined;
  if (list[lastAt]?.id !== state.selected) lastAt = list.findIndex((x) => x.id === state.selected);
  return list[lastAt];
}

export function renderStation() {
  const card = $('#station-card .card');
  const s = selectedStation();
  if (card.hidden !== !s) card.hidden = !s;
  const hint = $('#station-card .hint');
  if (hint.hidden !== !!s) hint.hidden = !!s;
  const sc = $('#station-card');
  if (!s) { delete sc.dataset.id; return; }
  // A drag renders this card four times a second: only what changed is written.
  setData(sc, 'id', String(s.id));
  setData(sc, 'lon', String(s.lon));
  setData(sc, 'lat', String(s.lat));
  const name = $('#station-name');
  if (document.activeElement !== name && name.value !== s.name) name.value = s.name;
  const k = state.update.kinds.find((x) => x.id === s.kind);
  setText($('#station-kind'), k ? `${kindLabel(k)} · ${int(k.radius_m)} m` : s.kind);
  const served = $('#station-served');
  setText(served, `${int(s.served_population)} ${t('people')}`);
  setData(served, 'value', String(s.served_population));
  const only = $('#station-only');
  setText(only, `${int(s.only_population)} ${t('people')}`);
  setData(only, 'value', String(s.only_population));
  setText($('#station-coords'), `${s.lon.toFixed(6)}, ${s.lat.toFixed(6)} (WGS-84)`);
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
