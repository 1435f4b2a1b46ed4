// Undo and redo: every edit is an operation that can be applied forwards (redo) or backwards
// (undo); imports and project files are operations too, holding what came before (a whole-plan
// operation holds the plan before and after as project values: worker/project.js).
import { plan, loadResidentsInput } from './engine.js';
import * as ids from './ids.js';
import { addStation, loadStationList } from './stations.js';
import { openProject } from './project.js';
import { scenarios, switchScenario } from './scenarios.js';

/** Most operations kept. */
const LIMIT = 500;
const undoStack = [];
const redoStack = [];

/** The counts the page's buttons show. */
export function counts() {
  return { undo: undoStack.length, redo: redoStack.length };
}

/** Records an operation already applied; the redo history is dropped. */
export function record(op) {
  undoStack.push(op);
  redoStack.length = 0;
  if (undoStack.length > LIMIT) undoStack.shift();
}

/** Applies one operation forwards (redo) or backwards (undo). */
export function apply(op, forwards) {
  const p = plan.planner;
  switch (op.type) {
    case 'add':
      if (forwards) addStation(op.station.id, op.station);
      else { p.removeStation(ids.engineId(op.station.id)); ids.unbind(op.station.id); }
      return;
    case 'remove':
      apply({ type: 'add', station: op.station }, !forwards);
      return;
    case 'move': {
      const [lon, lat] = forwards ? op.to : op.from;
      p.moveStation(ids.engineId(op.id), lon, lat);
      return;
    }
    case 'rename':
      p.renameStation(ids.engineId(op.id), forwards ? op.to : op.from);
      return;
    case 'radius':
      p.setKind({ kind: op.kind, radius_m: forwards ? op.to : op.from });
      return;
    case 'demand':
      p.setKind({ kind: op.kind, demand: forwards ? op.to : op.from });
      return;
    case 'capacity':
      p.setKind({ kind: op.kind, capacity: forwards ? op.to : op.from });
      return;
    case 'kindLabel':
      p.setKind({ kind: op.kind, label: forwards ? op.to : op.from });
      return;
    case 'target':
      p.setKind({ kind: op.kind, target: forwards ? op.to : op.from });
      return;
    case 'counted':
      p.setKind({ kind: op.kind, counted: forwards ? op.to : op.from });
      return;
    case 'residents':
      loadResidentsInput(forwards ? op.next : op.prev);
      plan.dataset = forwards ? op.nextDataset : op.prevDataset;
      return;
    case 'stations':
      ids.bindAll(loadStationList(p, forwards ? op.next : op.prev));
      return;
    case 'project':
      openProject(forwards ? op.next : op.prev);
      return;
    case 'streets': {
      const s = forwards ? op.next : op.prev;
      if (s.input) plan.streetsInfo = p.loadStreets(s.input.text, s.input.options);
      else { p.clearStreets(); plan.streetsInfo = null; }
      plan.streetsInput = s.input;
      return;
    }
    case 'batch':
      for (const sub of forwards ? op.ops : [...op.ops].reverse()) apply(sub, forwards);
      return;
    case 'scenario':
      switchScenario(forwards ? op.to : op.from);
      return;
    case 'newScenario':
      if (forwards) {
        scenarios.list.push({ name: op.name, edits: op.edits });
        switchScenario(scenarios.list.length - 1);
      } else {
        switchScenario(op.prevActive);
        scenarios.list.pop();
      }
      return;
    case 'deleteScenario':
      if (forwards) {
        if (scenarios.active === op.index) switchScenario(0);
        scenarios.list.splice(op.index, 1);
        if (scenarios.active > op.index) scenarios.active--;
      } else {
        scenarios.list.splice(op.index, 0, { name: op.scenario.name, edits: op.scenario.edits });
        if (scenarios.active >= op.index) scenarios.active++;
        switchScenario(op.prevActive);
      }
      return;
    case 'renameScenario':
      scenarios.list[op.index].name = forwards ? op.to : op.from;
      return;
    default:
      throw new Error(`unknown edit ${op.type}`);
  }
}

/** Undoes (or redoes) the latest operation; returns it, or null when there is none. */
export function step(forwards) {
  const [from, to] = forwards ? [redoStack, undoStack] : [undoStack, redoStack];
  const op = from.pop();
  if (!op) return null;
  apply(op, forwards);
  to.push(op);
  return op;
}

/** Whether an operation replaced the residents (the page then redraws them all). */
export function changesResidents(op) {
  return ['residents', 'project', 'streets'].includes(op.type) || (op.type === 'batch' && op.ops.some(changesResidents));
}
