// Undo and redo: the buttons, Ctrl+Z / Ctrl+Shift+Z (Ctrl+Y), and what was undone in a message.
import { t } from '../i18n.js';
import { call } from '../page/rpc.js';
import { $, toast, typing } from '../page/ui.js';
import { edit } from '../page/context.js';
import { restoreLayers } from './layers.js';

export function renderHistory(u) {
  $('[data-testid=undo]').disabled = u.history.undo === 0;
  $('[data-testid=redo]').disabled = u.history.redo === 0;
  document.body.dataset.undo = String(u.history.undo);
}

/** The worker replays its history; a project's map layers come back with it. */
function replay(which) {
  return edit(call(which).then((u) => {
    const done = u.undone ?? u.redone;
    if (done) toast(t(which === 'undo' ? 'undone' : 'redone', t('ops')[done] ?? done));
    if (u.layers !== undefined) restoreLayers(u);
    return u;
  }));
}

export function bindHistory() {
  $('[data-testid=undo]').addEventListener('click', () => replay('undo'));
  $('[data-testid=redo]').addEventListener('click', () => replay('redo'));
  document.addEventListener('keydown', (e) => {
    const mod = e.ctrlKey || e.metaKey;
    if (!mod || typing()) return;
    const key = e.key.toLowerCase();
    if (key === 'z') { e.preventDefault(); replay(e.shiftKey ? 'redo' : 'undo'); }
    else if (key === 'y') { e.preventDefault(); replay('redo'); }
  });
}
