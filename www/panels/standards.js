// Adding a kind from the facility standards table in two clicks (choose a row, 添加类型): each
// row shows its life-circle level, distance and whether it was checked against its source (参考值，
// 请核对 where not); a city's own table (CSV or Excel, the same columns) replaces the repository's.
import { t, int, getLang } from '../i18n.js';
import { call } from '../page/rpc.js';
import { state } from '../page/state.js';
import { $, askName, toast, showError } from '../page/ui.js';
import { edit } from '../page/context.js';
import { setKind } from './kinds.js';

/** The rows offered (the repository's until a city's table is imported). @type {any[] | null} */
let rows = null;
/** Where they come from: '' for the repository's table, else the city's file name. */
let from = '';

function fill() {
  const select = /** @type {HTMLSelectElement} */ ($('#standard-select'));
  const have = new Set((state.update?.kinds ?? []).flatMap((k) => [k.id, k.label]));
  const options = (rows ?? []).map((r, i) => {
    const o = document.createElement('option');
    o.value = String(i);
    const name = getLang() === 'zh' ? r.label : r.label_en || r.label;
    const at = r.radius_m ? `${int(r.radius_m)} m` : t('standardNoDistance');
    o.textContent = `${name} · ${r.level || '—'} · ${at}${r.checked ? '' : `（${t('standardUnchecked')}）`}`;
    o.title = [r.source, r.status, r.note].filter(Boolean).join('\n');
    o.disabled = have.has(r.id) || have.has(r.label);
    return o;
  });
  const first = document.createElement('option');
  first.value = '';
  first.textContent = from ? t('standardFrom', from) : t('standardChoose');
  select.replaceChildren(first, ...options);
}

/** Refreshes the chooser (which rows are kinds already). */
export function renderStandards() {
  if (!rows) {
    rows = [];
    call('facilityStandards').then((r) => { rows = r.rows; fill(); }, showError);
  }
  fill();
}

export function bindStandards() {
  $('[data-testid=standard-add]').addEventListener('click', async () => {
    const r = rows?.[Number(/** @type {HTMLSelectElement} */ ($('#standard-select')).value)];
    if (!r || $('#standard-select').value === '') return;
    let radius = r.radius_m;
    if (!radius) {
      const given = await askName('500', t('standardRadiusPrompt', r.label));
      radius = Number(given);
      if (!given || !(radius > 0)) return;
    }
    const u = await edit(call('addKind', { id: r.id, label: r.label, label_en: r.label_en, radius_m: radius }));
    if (!u?.added) return;
    setKind(u.added);
    toast(t('standardAdded', r.label, int(radius), r.checked ? '' : t('standardUnchecked')));
  });
  $('[data-testid=standard-import]').addEventListener('click', () => $('#standard-file').click());
  $('#standard-file').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    try {
      const r = await call('facilityStandards', await file.arrayBuffer(), { name: file.name });
      rows = r.rows;
      from = file.name;
      fill();
      toast(t('standardImported', int(rows.length), file.name));
    } catch (err) {
      showError(err);
    }
  });
}
