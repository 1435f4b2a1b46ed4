// The engine worker: owns the WebAssembly plan, its station ids, its undo history and its
// scenarios; answers the page's requests `{id, type, args}` with `{id, ok, result}` or
// `{id, ok: false, error, fatal?}` (and `{id, progress}` on the way). A change is autosaved; an
// engine that broke (a panic or a trap) answers every later request as fatal, and the page
// replaces this worker with a fresh one restored from the last autosave.
import { dataHandlers } from './handlers/data.js';
import { editHandlers } from './handlers/edits.js';
import { scenarioHandlers } from './handlers/scenarios.js';
import { exportHandlers } from './handlers/exports.js';
import { findHandlers } from './handlers/find.js';
import { counts } from './history.js';
import { transferables } from './update.js';
import { answeringRequest } from './progress.js';
import { sitingBuffers } from '../transfer.js';
import * as autosave from './autosave.js';

/** @type {Record<string, (...args: any[]) => any>} */
const handlers = { ...dataHandlers, ...editHandlers, ...scenarioHandlers, ...exportHandlers, ...findHandlers };

/** Requests that change nothing (or only live previews, saved when they are committed). */
const READS = new Set(['init', 'setLanguage', 'crsInfo', 'walkingSpeeds', 'sheetNames', 'packShapefile', 'stationKinds', 'search', 'residentInfo', 'cellStats', 'current', 'flush', 'summary', 'walkshed', 'osmStationRules', 'exportCsv', 'exportStations', 'exportResidents', 'exportShapefile',
  'exportWorkbook', 'exportProject', 'suggest', 'sitingInput', 'drag', 'previewRadius', 'crashForTest']);
/** Requests that may run out of memory or time: a pending autosave is written before them. */
const RISKY = new Set(['importResidents', 'importStations', 'importBoundaries', 'importOsmFile', 'importStreets', 'openProject', 'suggest', 'sitingInput', 'exportWorkbook', 'exportResidents', 'exportShapefile', 'crashForTest']);

/** How a broken engine shows itself: a trap, a panic, or a call after one. */
function isFatal(err) {
  if (typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError) return true;
  const m = String(err?.message ?? err);
  return /lifecircle engine panic|recursive use of an object|null pointer passed to rust/.test(m);
}

let broken = '';

self.onmessage = async (e) => {
  const { id, type, args } = e.data;
  answeringRequest(id);
  if (broken) {
    self.postMessage({ id, ok: false, error: broken, fatal: true });
    return;
  }
  try {
    if (!handlers[type]) throw new Error(`unknown request ${type}`);
    if (RISKY.has(type)) await autosave.flush();
    const result = await handlers[type](...(args || []));
    // Every update carries the history's counts (the page's undo and redo buttons).
    if (result?.summary) result.history = counts();
    if (!READS.has(type)) autosave.changed();
    const transfer = transferables(result);
    if (result?.input) transfer.push(...sitingBuffers(result.input));
    self.postMessage({ id, ok: true, result }, transfer);
  } catch (err) {
    const message = String(err && err.message ? err.message : err);
    if (isFatal(err)) {
      broken = message;
      autosave.poison();
      self.postMessage({ id, ok: false, error: message, fatal: true });
      return;
    }
    self.postMessage({ id, ok: false, error: message });
  }
};
