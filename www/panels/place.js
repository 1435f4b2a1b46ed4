// Placing stations: the 放置站点 button and Escape; a click on the map then places one of the kind
// being planned (and selects it).
import { call } from '../page/rpc.js';
import { state, select } from '../page/state.js';
import { $ } from '../page/ui.js';
import { ctx, edit } from '../page/context.js';
import { guardBaseline } from './baseline.js';

export function setPlacing(on) {
  if (on && ctx.map.area.drawing) ctx.map.area.stop(null);
  ctx.map.setPlacing(on);
  $('#place').classList.toggle('active', on);
  $('#place').setAttribute('aria-pressed', String(on));
  $('#mode-hint').hidden = !on;
}

/** Places a station of the kind being planned at (`lon`, `lat`) (on 现状, after asking). */
export async function placeAt(lon, lat) {
  if (!(await guardBaseline())) return;
  edit(call('addStation', { kind: state.kind, lon, lat }).then((u) => { select(u.added); return u; }));
}

export function bindPlace() {
  $('#place').addEventListener('click', () => setPlacing(!ctx.map.placing));
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') setPlacing(false); });
}
