// The largest residences not covered (for the colouring choice); a click flies the map there.
import { t, int } from '../i18n.js';
import { $ } from '../page/ui.js';
import { ctx } from '../page/context.js';

export function renderGaps(u) {
  const ol = $('#gaps');
  if (!u.gaps.length) {
    const li = document.createElement('li');
    li.className = 'none';
    li.textContent = u.summary.residents ? t('gapsNone') : t('noResidents');
    ol.replaceChildren(li);
    return;
  }
  ol.replaceChildren(...u.gaps.map((g) => {
    const li = document.createElement('li');
    li.dataset.testid = 'gap';
    const name = document.createElement('span');
    name.textContent = g.name || t('unnamedIn', g.place);
    const pop = document.createElement('span');
    pop.className = 'num';
    pop.textContent = `${int(g.population)} ${t('people')}`;
    li.append(name, pop);
    li.title = t('zoomTo');
    li.addEventListener('click', () => ctx.map.flyTo(g.lon, g.lat));
    return li;
  }));
}
