// The coordinate system of imported and exported files: WGS-84/CGCS2000, GCJ-02, BD-09, or a
// projected one by EPSG code (Gauss-Krüger, UTM, Web Mercator), which the engine names.
import { t } from '../i18n.js';
import { call } from '../page/rpc.js';
import { $, askName, toast } from '../page/ui.js';

/** Asks for an EPSG code when 投影坐标 is chosen; a known code becomes an option of its own. */
export function bindCrs() {
  const select = /** @type {HTMLSelectElement} */ ($('#crs'));
  let last = select.value;
  select.addEventListener('change', async () => {
    if (select.value !== 'epsg') { last = select.value; return; }
    const code = await askName(last.startsWith('epsg:') ? last.slice(5) : '4549', t('crsPrompt'));
    if (!code) { select.value = last; return; }
    try {
      const info = await call('crsInfo', /^\d+$/.test(code) ? `epsg:${code}` : code);
      let option = /** @type {HTMLOptionElement | null} */ (select.querySelector(`option[value="${CSS.escape(info.name)}"]`));
      if (!option) {
        option = document.createElement('option');
        option.value = info.name;
        option.textContent = info.title.replace(/（.*）$/, '');
        option.title = info.title;
        select.insertBefore(option, select.querySelector('option[value=epsg]'));
      }
      select.value = info.name;
      last = info.name;
      toast(t('crsChosen', info.title));
    } catch (err) {
      select.value = last;
      toast(String(err?.message ?? err), 'error');
    }
  });
}
