// 人口分配: community census totals spread over buildings by floor area (footprint × floors) and
// imported as the residents — the dialog (totals, buildings, optional community polygons, the
// floors assumed) and what happened (communities without buildings, buildings outside).
import { t, int } from '../i18n.js';
import { call } from '../page/rpc.js';
import { $, askDialog, toast, progress, showError } from '../page/ui.js';
import { ctx } from '../page/context.js';

/** The file chosen in input `id`, or null. */
const chosen = (id) => /** @type {HTMLInputElement} */ ($(id)).files?.[0] ?? null;

async function run() {
  const ok = await askDialog($('#disaggregate-dialog'), () => true);
  if (!ok) return;
  const [totals, buildings, communities] = [chosen('#dis-totals'), chosen('#dis-buildings'), chosen('#dis-communities')];
  if (!totals || !buildings) {
    showError(new Error(t('disaggregateNeedFiles')));
    return;
  }
  progress(t('parsing'));
  try {
    const u = await call('disaggregateResidents', await totals.arrayBuffer(), await buildings.arrayBuffer(),
      communities ? await communities.arrayBuffer() : null,
      { totals: totals.name, buildings: buildings.name, communities: communities?.name ?? '', floors: Number(/** @type {HTMLInputElement} */ ($('#dis-floors')).value) || 6, crs: $('#crs').value });
    ctx.apply(u, { fit: true });
    const r = u.spread.report;
    const lines = [t('disaggregateDone', int(r.communities.length), int(u.spread.buildings), int(r.default_floors), r.floors_assumed)];
    if (r.without_buildings.length) lines.push(t('disaggregateEmpty', r.without_buildings.map((c) => `${c.community}（${int(c.total)}）`).join('、')));
    if (r.outside_buildings) lines.push(t('disaggregateOutside', int(r.outside_buildings)));
    const unknown = r.unknown_communities.reduce((s, [, n]) => s + n, 0);
    if (unknown) lines.push(t('disaggregateUnknown', int(unknown), r.unknown_communities.map(([c]) => c).join('、')));
    toast(lines.join('；'));
  } catch (err) {
    showError(err);
  } finally {
    progress(null);
  }
}

export function bindDisaggregate() {
  $('[data-testid=disaggregate]').addEventListener('click', run);
}
