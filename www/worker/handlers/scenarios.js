// Handlers of the scenario picker: switch, new, rename and delete proposals, each undoable.
import { scenarios, activeEdits } from '../scenarios.js';
import { apply, record } from '../history.js';
import { update } from '../update.js';
import { fail } from '../say.js';

function edit(op) {
  apply(op, true);
  record(op);
}

/** A proposal name that is not blank and not taken. */
function freshName(name) {
  const n = String(name ?? '').trim();
  if (!n) throw fail('a proposal needs a name', '方案需要名称');
  if (scenarios.list.some((sc) => sc.name === n)) throw fail(`there is already a proposal named ${n}`, `已有名为「${n}」的方案`);
  return n;
}

export const scenarioHandlers = {
  /** Switches to scenario `index` (0: the baseline); undoable. */
  setScenario(index) {
    if (index === scenarios.active) return update();
    if (!scenarios.list[index]) throw new Error(`no scenario ${index}`);
    edit({ type: 'scenario', from: scenarios.active, to: index });
    return update({ residentsChanged: true });
  },

  /** A new proposal named `name`, starting as a copy of the active scenario; undoable. */
  newScenario(name) {
    edit({ type: 'newScenario', name: freshName(name), edits: activeEdits(), prevActive: scenarios.active });
    return update({ residentsChanged: true });
  },

  renameScenario(index, name) {
    if (index === 0 || !scenarios.list[index]) throw fail('only a proposal can be renamed', '只能重命名方案（现状不能）');
    if (String(name ?? '').trim() === scenarios.list[index].name) return update();
    edit({ type: 'renameScenario', index, from: scenarios.list[index].name, to: freshName(name) });
    return update();
  },

  /** Deletes a proposal (the baseline stays); undoable. */
  deleteScenario(index) {
    if (index === 0 || !scenarios.list[index]) throw fail('only a proposal can be deleted', '只能删除方案（现状不能）');
    const edits = index === scenarios.active ? activeEdits() : scenarios.list[index].edits;
    edit({ type: 'deleteScenario', index, scenario: { name: scenarios.list[index].name, edits }, prevActive: scenarios.active });
    return update({ residentsChanged: true });
  },
};
