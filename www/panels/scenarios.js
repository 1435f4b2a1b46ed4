// The scenario picker (现状 and the proposals; new, rename, delete) and what the active proposal
// changes, with what each changed station serves.
import { t, int } from '../i18n.js';
import { call } from '../page/rpc.js';
import { state } from '../page/state.js';
import { $, askName } from '../page/ui.js';
import { ctx, edit } from '../page/context.js';

export function renderScenarios(u) {
  const sel = $('#scenario');
  const { active, names } = u.scenarios;
  sel.replaceChildren(...names.map((n, i) => {
    const o = document.createElement('option');
    o.value = String(i);
    o.textContent = i === 0 ? t('baseline') : n;
    return o;
  }));
  sel.value = String(active);
  $('#scenario-rename').hidden = active === 0;
  $('#scenario-delete').hidden = active === 0;
  document.body.dataset.scenario = String(active);
}

export function renderChanges(u) {
  const section = $('#changes-section');
  section.hidden = !u.comparison;
  if (!u.comparison) return;
  const actions = t('changeActions');
  const list = u.comparison.changes;
  if (!list.length) {
    const li = document.createElement('li');
    li.className = 'none';
    li.textContent = t('changesNone');
    $('#changes').replaceChildren(li);
    return;
  }
  $('#changes').replaceChildren(...list.map((ch) => {
    const li = document.createElement('li');
    li.dataset.testid = 'change';
    li.dataset.action = ch.action;
    const a = document.createElement('span');
    a.className = 'action';
    a.textContent = actions[ch.action] ?? ch.action;
    const name = document.createElement('span');
    name.textContent = ` ${ch.name}`;
    const n = document.createElement('span');
    n.className = 'num';
    n.textContent = ch.action === 'removed' ? `−${int(ch.served_before)} ${t('people')}` : `${int(ch.served_after)} ${t('people')}`;
    li.append(a, name, n);
    const at = ch.to ?? ch.from;
    if (at) { li.style.cursor = 'pointer'; li.addEventListener('click', () => ctx.map.flyTo(at[0], at[1])); }
    return li;
  }));
}

/** The active scenario's name as shown. */
export function scenarioName(u = state.update) {
  return u.scenarios.active === 0 ? t('baseline') : u.scenarios.names[u.scenarios.active];
}

/** Wires the picker; `onSwitch` runs before the plan changes scenario (suggestions go). */
export function bindScenarios(onSwitch) {
  $('#scenario').addEventListener('change', (e) => { onSwitch(); edit(call('setScenario', Number(e.target.value))); });
  $('#scenario-new').addEventListener('click', async () => {
    const names = new Set(state.update.scenarios.names);
    let n = state.update.scenarios.names.length;
    while (names.has(t('scenarioDefault', n))) n++;
    const name = await askName(t('scenarioDefault', n));
    if (name) { onSwitch(); edit(call('newScenario', name)); }
  });
  $('#scenario-rename').addEventListener('click', async () => {
    const { active, names } = state.update.scenarios;
    const name = await askName(names[active]);
    if (name) edit(call('renameScenario', active, name));
  });
  $('#scenario-delete').addEventListener('click', () => {
    onSwitch();
    edit(call('deleteScenario', state.update.scenarios.active));
  });
}
