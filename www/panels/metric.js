// Straight-line or walking distance (available once streets are loaded), and the selected
// station's walkshed along the streets.
import { t, int } from '../i18n.js';
import { call } from '../page/rpc.js';
import { state } from '../page/state.js';
import { $ } from '../page/ui.js';
import { ctx, edit } from '../page/context.js';
import { kindStyle } from '../map/styles.js';

export function renderMetric(u) {
  const sel = $('#metric');
  sel.disabled = !u.streets;
  sel.value = u.metric;
  $('#streets-state').textContent = u.streets ? t('streetsLoaded', int(u.streets.edges)) : t('streetsNone');
  document.body.dataset.metric = u.metric;
}

let walkshedFor = null;
/** Asks for the selected station's walkshed when it (or the streets) changed. */
export function refreshWalkshed() {
  const id = state.selected;
  const station = state.update?.summary.stations.find((s) => s.id === id);
  const key = JSON.stringify([id, state.update?.streets?.edges, station]);
  if (key === walkshedFor) return;
  walkshedFor = key;
  if (id === null || !state.update?.streets) { ctx.map.walkshed.set(null); return; }
  call('walkshed', id).then(
    ({ pieces }) => { if (state.selected === id) ctx.map.walkshed.set(pieces, kindStyle(station?.kind ?? '').color); },
    () => ctx.map.walkshed.set(null),
  );
}

export function bindMetric() {
  $('#metric').addEventListener('change', (e) => edit(call('setMetric', e.target.value)));
}
