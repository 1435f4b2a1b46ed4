// The engine worker: owns the WebAssembly plan, its station ids, its undo history and its
// scenarios; answers the page's requests `{id, type, args}` with `{id, ok, result}` or
// `{id, ok: false, error}` (and `{id, progress}` on the way). The page only renders.
import { dataHandlers } from './handlers/data.js';
import { editHandlers } from './handlers/edits.js';
import { scenarioHandlers } from './handlers/scenarios.js';
import { exportHandlers } from './handlers/exports.js';
import { counts } from './history.js';
import { transferables } from './update.js';
import { answeringRequest } from './progress.js';
import { sitingBuffers } from '../transfer.js';

/** @type {Record<string, (...args: any[]) => any>} */
const handlers = { ...dataHandlers, ...editHandlers, ...scenarioHandlers, ...exportHandlers };

self.onmessage = async (e) => {
  const { id, type, args } = e.data;
  answeringRequest(id);
  try {
    if (!handlers[type]) throw new Error(`unknown request ${type}`);
    const result = await handlers[type](...(args || []));
    // Every update carries the history's counts (the page's undo and redo buttons).
    if (result?.summary) result.history = counts();
    const transfer = transferables(result);
    if (result?.input) transfer.push(...sitingBuffers(result.input));
    self.postMessage({ id, ok: true, result }, transfer);
  } catch (err) {
    self.postMessage({ id, ok: false, error: String(err && err.message ? err.message : err) });
  }
};
