// The baseline (现状) is protected: the map always says which scenario is being edited; the first
// station edit on 现状 asks whether to start a proposal (新建方案) or edit the baseline, and while
// the baseline is edited a banner on the map says so, with a button to start a proposal.
import { t } from '../i18n.js';
import { call } from '../page/rpc.js';
import { state } from '../page/state.js';
import { $ } from '../page/ui.js';
import { edit } from '../page/context.js';
import { scenarioName } from './scenarios.js';

/** Whether the planner chose to edit 现状 (asked once a page; reset when a proposal is made). */
let editingBaseline = false;

/** The scenario badge on the map, and the banner while 现状 is edited. */
export function renderBaseline(u) {
  const badge = $('#map-scenario');
  const onBase = u.scenarios.active === 0;
  badge.textContent = onBase ? t('mapBaseline') : t('mapProposal', scenarioName(u));
  badge.classList.toggle('proposal', !onBase);
  badge.dataset.active = String(u.scenarios.active);
  if (!onBase) editingBaseline = false;
  $('#baseline-banner').hidden = !(onBase && editingBaseline);
}

/** A free proposal name: 方案一, 方案二… */
function freeName() {
  const names = new Set(state.update?.scenarios.names ?? []);
  let n = Math.max(1, names.size);
  while (names.has(t('scenarioDefault', n))) n++;
  return t('scenarioDefault', n);
}

/** Starts a proposal from the plan as it is (further edits go there). */
export function startProposal() {
  return edit(call('newScenario', freeName()));
}

/** Whether a station edit now would ask first (on 现状, not yet chosen). */
export function wouldAsk() {
  return state.update?.scenarios.active === 0 && !editingBaseline;
}

/**
 * Before a station edit: on 现状 (and not yet chosen) asks 新建方案 / 修改现状. Resolves true to go
 * on (in the proposal when one was started), false when cancelled.
 * @returns {Promise<boolean>}
 */
export async function guardBaseline() {
  const u = state.update;
  if (!u || u.scenarios.active !== 0 || editingBaseline) return true;
  const dlg = /** @type {HTMLDialogElement} */ ($('#baseline-dialog'));
  dlg.returnValue = '';
  const choice = await new Promise((resolve) => {
    dlg.onclose = () => resolve(dlg.returnValue);
    dlg.showModal();
  });
  if (choice === 'proposal') {
    await startProposal();
    return true;
  }
  if (choice === 'baseline') {
    editingBaseline = true;
    if (state.update) renderBaseline(state.update);
    return true;
  }
  return false;
}

export function bindBaseline() {
  $('#baseline-new').addEventListener('click', () => startProposal());
}
