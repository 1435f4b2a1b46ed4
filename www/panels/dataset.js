// The dataset line: its name, residents and population, and badges for synthetic data and
// estimated population.
import { t, int } from '../i18n.js';
import { $ } from '../page/ui.js';

export function renderDataset(u) {
  const ds = $('#dataset');
  const d = u.dataset;
  ds.replaceChildren();
  const name = document.createElement('strong');
  name.textContent = d.name || '';
  ds.append(name, ` · ${t('residentsLabel', int(u.summary.residents), int(u.summary.total_population))}`);
  if (d.synthetic) {
    const b = document.createElement('span');
    b.className = 'badge';
    b.title = t('syntheticLong');
    b.textContent = `${t('synthetic')} Synthetic`;
    ds.append(' ', b);
  }
  if (d.estimated > 0) {
    const e = document.createElement('span');
    e.className = 'badge estimate';
    e.textContent = t('estimated', int(d.estimated), d.floor_area_per_person);
    ds.append(' ', e);
  }
}
