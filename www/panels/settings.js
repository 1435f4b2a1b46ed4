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

export function bindSettings() {
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
    settings.returnValue = '';
    settings.showModal();
  });
  settings.addEventListener('close', () => {
    if (settings.returnValue === 'save') {
      const url = $('#tile-url').value.trim();
      const next = url ? { url, attribution: $('#tile-attribution').value.trim(), crs: $('#tile-crs').value } : null;
      if (url && !/^https?:\/\/.+\{z\}.+\{x\}.+\{y\}/.test(url)) { showError(new Error('tile URL needs {z}, {x} and {y}')); return; }
      localStorage.setItem('lifecircle.tiles', JSON.stringify(next));
      reopen();
    } else if (settings.returnValue === 'clear') {
      localStorage.removeItem('lifecircle.tiles');
      reopen();
    }
  });
  $('#lang').addEventListener('click', () => applyLang(getLang() === 'zh' ? 'en' : 'zh'));
}
