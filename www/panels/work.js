// How a planner's work is kept: start-up opens the autosaved plan (or the demo the first time)
// and says so, with 新建空白项目 / 打开示例; the top bar shows the autosave's state, and the page
// warns before it is left while work is not stored; a broken engine's worker is replaced and the
// autosave opened again, and the page says what happened.
import { t, getLang } from '../i18n.js';
import { call, onWorkerNews } from '../page/rpc.js';
import { state } from '../page/state.js';
import { $, toast, showError } from '../page/ui.js';
import { ctx, edit } from '../page/context.js';
import { showLayers, restoreLayers } from './layers.js';
import { view } from './imports.js';

/** The autosave as the worker last told it. */
const work = {
  /** 'saved' | 'dirty' | 'saving' | 'failed' | 'unavailable' | '' (nothing yet) */
  status: '',
  /** @type {string | null} */ at: null,
  /** @type {string | null} */ error: null,
};

/** A saved time as the planner reads it: the time today, else the date and time. */
function timeOf(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso ?? '');
  const pad = (n) => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return d.toDateString() === new Date().toDateString() ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

function renderAutosave() {
  const el = $('#autosave');
  el.dataset.state = work.status;
  el.classList.toggle('failed', work.status === 'failed' || work.status === 'unavailable');
  el.textContent = {
    saved: () => t('autosaveSaved', timeOf(work.at)),
    saving: () => t('autosaveSaving'),
    dirty: () => t('autosaveDirty'),
    failed: () => t('autosaveFailed', work.error),
    unavailable: () => t('autosaveUnavailable', work.error),
  }[work.status]?.() ?? '';
}

/** Takes the plan the worker holds (after start-up, a restore or a restart) into the page. */
async function openCurrent() {
  const u = await call('current');
  if (u.dataset.synthetic && u.layers) state.demoLayers = { basemap: u.layers.basemap, boundaries: u.layers.boundaries, user: null };
  restoreLayers(u);
  if (u.view?.kind) state.kind = u.view.kind;
  if (u.view?.level) state.level = u.view.level;
  ctx.apply(u, { fit: !u.view?.center });
  if (u.view?.center) ctx.map.setView(u.view);
  return u;
}

/** The demo district (undoable when it replaces work). */
async function openDemo() {
  const size = Number(new URLSearchParams(location.search).get('residents')) || 0;
  const u = await call('loadDemo', size);
  state.demoLayers = u.basemap;
  state.showingDemo = true;
  showLayers(u.basemap, { keep: false });
  ctx.apply(u, { fit: true });
  toast(`${u.dataset.name} · ${t('syntheticLong')}`);
}

function banner(text) {
  $('#restore-text').textContent = text;
  $('#restore-banner').hidden = false;
}

/** Start-up: the engine, then the autosaved plan, or the demo when there is none. */
export async function startUp(mapReady) {
  toast(t('loading'));
  try {
    const [started] = await Promise.all([call('init', getLang()), mapReady]);
    if (started.storage) {
      work.status = 'unavailable';
      work.error = started.storage;
      renderAutosave();
    }
    if (started.restored) {
      await openCurrent();
      banner(t('restored', timeOf(started.restored)));
      return;
    }
    await openDemo();
    if (started.unrestorable) toast(t('unrestorable', started.unrestorable), 'error');
  } catch (err) {
    showError(err);
  }
}

/** After the engine broke: the fresh worker opens the last autosave. */
async function restart(reason) {
  try {
    const started = await call('init', getLang());
    await openCurrent();
    const said = started.restored ? t('engineRestarted', timeOf(started.restored)) : t('engineRestartedEmpty');
    toast(`${said}\n${reason}`, 'error');
  } catch (err) {
    toast(`${t('engineFailed')}${err.message}`, 'error');
  }
}

let viewTimer = 0;

export function bindWork() {
  onWorkerNews({
    autosave: (s) => {
      work.status = s.state;
      if (s.at) work.at = s.at;
      work.error = s.error ?? null;
      renderAutosave();
    },
    restart,
  });
  $('[data-testid=new-blank]').addEventListener('click', () => {
    $('#restore-banner').hidden = true;
    edit(call('newProject', t('blankName')).then((u) => {
      state.demoLayers = null;
      restoreLayers(u);
      toast(t('blankDone'));
      return u;
    }));
  });
  $('[data-testid=open-demo]').addEventListener('click', () => {
    $('#restore-banner').hidden = true;
    openDemo().catch(showError);
  });
  $('[data-testid=banner-close]').addEventListener('click', () => { $('#restore-banner').hidden = true; });
  // The map view goes into the autosave once the map rests.
  ctx.map.map.on('moveend', () => {
    clearTimeout(viewTimer);
    viewTimer = /** @type {any} */ (setTimeout(() => call('setPageState', { view: view() }).catch(() => {}), 500));
  });
  // Leaving while work is not stored (a save pending, or storage failing): the browser asks first.
  addEventListener('beforeunload', (e) => {
    if (['dirty', 'saving', 'failed', 'unavailable'].includes(work.status)) {
      e.preventDefault();
      e.returnValue = '';
    }
  });
}

/** The language changed: the autosave line follows. */
export function renderWork() {
  renderAutosave();
}
