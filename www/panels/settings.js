// Settings: an online basemap (tile URL and attribution, remembered in the browser; none by
// default, so that the app makes no request outside its origin), and the page's language.
import { t, setLang, getLang, translatePage } from '../i18n.js';
import { $, showError } from '../page/ui.js';
import { ctx } from '../page/context.js';
import { call } from '../page/rpc.js';

/** The tile basemap the planner set, if any. */
export function savedTiles() {
  return JSON.parse(localStorage.getItem('lifecircle.tiles') || 'null');
}

/** Switches the page to language `l` and renders everything again. */
export function applyLang(l) {
  setLang(l);
  localStorage.setItem('lifecircle.lang', getLang());
  // The engine's error messages follow the page (a worker not started yet gets it with init).
  call('setLanguage', getLang()).catch(() => {});
  translatePage();
  $('#lang').textContent = t('lang');
  document.title = `${t('title')} — ${getLang() === 'zh' ? '服务设施覆盖规划' : 'service coverage planning'}`;
  ctx.renderAll();
}

/** The page opens again (its plan saved first and restored), so that its security policy
 * allows exactly the basemap's host (page/csp.js). */
function reopen() {
  call('flush').catch(() => {}).finally(() => location.reload());
}

/** 天地图's annotation layer, when the basemap is 天地图's vector map. */
let labels = /** @type {string | null} */ (null);

/** 天地图 (the national basemap, WGS-84/CGCS2000) with the planner's key: vector map + labels. */
function tianditu(key) {
  const wmts = (layer) => `https://t0.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`;
  return { url: wmts('vec'), labels: wmts('cva') };
}

export function bindSettings() {
  $('#tianditu').addEventListener('click', () => {
    const key = $('#tianditu-key').value.trim();
    if (!key) { showError(new Error(t('tiandituNeedsKey'))); return; }
    localStorage.setItem('lifecircle.tiandituKey', key);
    const tdt = tianditu(key);
    $('#tile-url').value = tdt.url;
    $('#tile-attribution').value = t('tiandituAttribution');
    $('#tile-crs').value = 'wgs84';
    labels = tdt.labels;
  });
  $('#help').addEventListener('click', () => {
    $('#help-steps').replaceChildren(...t('helpSteps').map((s) => { const li = document.createElement('li'); li.textContent = s; return li; }));
    /** @type {HTMLDialogElement} */ ($('#help-dialog')).showModal();
  });
  $('#legend-fold').addEventListener('click', () => {
    const folded = $('#legend').classList.toggle('folded');
    $('#legend-fold').textContent = folded ? '+' : '−';
    $('#legend-fold').setAttribute('aria-expanded', String(!folded));
  });
  const settings = $('#settings-dialog');
  $('[data-testid=settings]').addEventListener('click', () => {
    const cur = savedTiles();
    $('#tile-url').value = cur?.url ?? '';
    $('#tile-attribution').value = cur?.attribution ?? '';
    $('#tile-crs').value = cur?.crs === 'gcj02' ? 'gcj02' : 'wgs84';
    $('#tianditu-key').value = localStorage.getItem('lifecircle.tiandituKey') ?? '';
    labels = cur?.labels ?? null;
    settings.returnValue = '';
    settings.showModal();
  });
  settings.addEventListener('close', () => {
    if (settings.returnValue === 'save') {
      const url = $('#tile-url').value.trim();
      const next = url ? { url, attribution: $('#tile-attribution').value.trim(), crs: $('#tile-crs').value, ...(labels && url.includes('tianditu.gov.cn') ? { labels } : {}) } : null;
      if (url && !(/^https?:\/\//.test(url) && ['{z}', '{x}', '{y}'].every((p) => url.includes(p)))) { showError(new Error(t('tileUrlNeeds'))); return; }
      localStorage.setItem('lifecircle.tiles', JSON.stringify(next));
      reopen();
    } else if (settings.returnValue === 'clear') {
      localStorage.removeItem('lifecircle.tiles');
      reopen();
    }
  });
  $('#lang').addEventListener('click', () => applyLang(getLang() === 'zh' ? 'en' : 'zh'));
}
