// A resident the planner clicked on the map: a card by it with its name, population, street,
// community and grid, and per kind whether (and by how many stations) it is reached.
import { t, int, kindLabel } from '../i18n.js';
import { call } from '../page/rpc.js';
import { ctx } from '../page/context.js';
import { showError } from '../page/ui.js';

/** An element with text (user strings are text, never HTML). */
function line(cls, text) {
  const e = document.createElement('div');
  e.className = cls;
  e.textContent = text;
  return e;
}

/** Shows resident `index` in a card at its place. */
export async function showResident(index) {
  let r;
  try {
    r = await call('residentInfo', index);
  } catch (err) {
    showError(err);
    return;
  }
  if (!r) return;
  const card = document.createElement('div');
  card.className = 'resident-card';
  card.dataset.testid = 'resident-card';
  card.append(line('resident-name', r.name || t('residentUnnamed')));
  card.append(line('resident-pop', `${int(r.population)} ${t('people')}`));
  if (r.units.length) card.append(line('resident-place', r.units.map((u) => `${t(u.level)} ${u.name}`).join(' · ')));
  for (const k of r.kinds) {
    const e = line(k.stations > 0 ? 'resident-kind covered' : 'resident-kind', `${kindLabel(k)} ${int(k.radius_m)} m：${k.stations > 0 ? t('residentReached', k.stations) : t('residentNotReached')}`);
    e.dataset.kind = k.id;
    e.dataset.stations = String(k.stations);
    card.append(e);
  }
  ctx.map.popup(r.lon, r.lat, card);
}
