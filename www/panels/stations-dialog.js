// Before a stations file replaces anything: 替换 or 追加 when the plan has stations, and each kind
// the plan does not know (a typo such as 小卖部) mapped to a known kind — the nearest by name
// suggested — or accepted as a new kind. Resolves to `{mode, kindMap}`, or null when cancelled.
import { t, int, kindLabel } from '../i18n.js';
import { state } from '../page/state.js';
import { $ } from '../page/ui.js';

/** A known kind counts as the suggestion when its name is this close (edits per character). */
const NEAR = 0.34;

/**
 * @param {string} fileName
 * @param {{name: string, stations: number, kind: string | null, nearest: string | null, distance: number | null}[]} named
 * @param {number} existing stations the plan has now
 * @returns {Promise<{mode: 'replace' | 'append', kindMap: Record<string, string>} | null>}
 */
export async function askStations(fileName, named, existing) {
  const unknown = named.filter((k) => !k.kind);
  if (!existing && !unknown.length) return { mode: 'replace', kindMap: {} };
  const dlg = /** @type {HTMLDialogElement} */ ($('#stations-dialog'));
  const total = named.reduce((a, k) => a + k.stations, 0);
  $('#stations-file').textContent = t('stationsFileSays', fileName, int(total));
  $('#stations-mode-row').hidden = !existing;
  $('#stations-existing').textContent = t('stationsExisting', int(existing));
  /** @type {HTMLInputElement} */ ($('#stations-mode-replace')).checked = true;
  $('#stations-unknown').hidden = !unknown.length;
  const kinds = state.update?.kinds ?? [];
  const rows = unknown.map((k) => {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'unknown-kind';
    tr.dataset.name = k.name;
    const name = document.createElement('td');
    name.textContent = k.name;
    const count = document.createElement('td');
    count.textContent = int(k.stations);
    const sel = document.createElement('select');
    const make = (value, text) => { const o = document.createElement('option'); o.value = value; o.textContent = text; return o; };
    sel.append(make('', t('newKindAs', k.name)), ...kinds.map((x) => make(x.id, kindLabel(x))));
    const near = k.nearest && k.distance !== null && k.distance <= Math.max(1, Math.round(NEAR * [...k.name].length));
    sel.value = near ? k.nearest : '';
    const hint = document.createElement('div');
    hint.className = 'hint';
    if (near) hint.textContent = t('kindLooksLike', kindLabel(kinds.find((x) => x.id === k.nearest) ?? { label: k.nearest }));
    const cell = document.createElement('td');
    cell.append(sel, hint);
    tr.append(name, count, cell);
    return { tr, sel, name: k.name };
  });
  $('#stations-unknown tbody').replaceChildren(...rows.map((r) => r.tr));
  dlg.returnValue = '';
  const choice = await new Promise((resolve) => {
    dlg.onclose = () => resolve(dlg.returnValue);
    dlg.showModal();
  });
  if (choice !== 'ok') return null;
  const kindMap = /** @type {Record<string, string>} */ ({});
  for (const r of rows) if (r.sel.value) kindMap[r.name] = r.sel.value;
  const mode = existing && /** @type {HTMLInputElement} */ ($('#stations-mode-append')).checked ? 'append' : 'replace';
  return { mode, kindMap };
}
