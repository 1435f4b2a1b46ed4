// The page's side of the engine worker: a request is a promise of the worker's answer; progress
// comes on the way; live requests (a drag, the radius slider) keep one in flight and send only
// the latest that waited. A worker whose engine broke (a panic, a trap) is replaced by a fresh one
// that opens the last autosave; the page is told (onRestart) and re-renders.

/** @type {Worker} */
let worker;
let nextCall = 1;
/** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void, onProgress?: ((f: number) => void) | null }>} */
const pending = new Map();
/** Listeners: autosave status, and a restart after the engine broke. */
const hooks = {
  autosave: (_status) => {},
  /** @type {(reason: string) => Promise<void> | void} */
  restart: (_reason) => {},
};
let restarting = false;

function rejectAll(err) {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

function startWorker() {
  worker = new Worker(new URL('../worker/main.js', import.meta.url), { type: 'module' });
  // A worker that cannot start (a module that fails to load) or dies fails every request waiting
  // on it, and is replaced.
  worker.onerror = (e) => {
    e.preventDefault();
    broken(`the engine worker failed: ${e.message || 'it could not start'}`);
  };
  worker.onmessage = (e) => {
    const { id, ok, result, error, progress, autosave, fatal } = e.data;
    if (autosave) { hooks.autosave(autosave); return; }
    const p = pending.get(id);
    if (progress !== undefined) { p?.onProgress?.(progress); return; }
    pending.delete(id);
    if (fatal) {
      p?.reject(new Error(error));
      broken(error);
      return;
    }
    if (!p) return;
    if (ok) p.resolve(result); else p.reject(new Error(error));
  };
}

/** The engine broke: every waiting request fails, a fresh worker takes over (once at a time). */
function broken(reason) {
  rejectAll(new Error(reason));
  if (restarting) return;
  restarting = true;
  worker.terminate();
  live.slots.clear();
  startWorker();
  Promise.resolve(hooks.restart(reason)).finally(() => { restarting = false; });
}

startWorker();

/** Sets what happens on autosave news (`{state, at?, error?}`) and after a restart. */
export function onWorkerNews({ autosave, restart }) {
  if (autosave) hooks.autosave = autosave;
  if (restart) hooks.restart = restart;
}

/** Asks the worker to run handler `type` with `args`. */
export function call(type, ...args) {
  return callReporting(type, null, ...args);
}

/** `call`, with `onProgress(fraction)` for the progress the worker reports on the way. */
export function callReporting(type, onProgress, ...args) {
  return send(type, onProgress, args, []);
}

/** `callReporting` that hands the worker `args`' ArrayBuffers instead of copying them (a large
 * file is then in memory once); the page must not use them afterwards. */
export function callHandingOver(type, onProgress, ...args) {
  return send(type, onProgress, args, args.filter((a) => a instanceof ArrayBuffer));
}

function send(type, onProgress, args, transfer) {
  return new Promise((resolve, reject) => {
    const id = nextCall++;
    pending.set(id, { resolve, reject, onProgress });
    worker.postMessage({ id, type, args }, transfer);
  });
}

/** Round trips of live edits, for the drag benchmark (bench/drag.mjs reads them). */
export const frames = { drag: [], radius: [] };

/** What a live reply goes to: the page's update, and its error display. */
const live = { apply: (u) => u, error: (err) => { throw err; }, slots: new Map() };

/** Where live replies go (set once by the page). */
export function onLiveReplies(apply, error) {
  live.apply = apply;
  live.error = error;
}

/** A live request under `key`: one in flight at a time, the latest waiting one wins. */
export function callLive(key, type, ...args) {
  const slot = live.slots.get(key) ?? { busy: false, next: null };
  live.slots.set(key, slot);
  if (slot.busy) { slot.next = [type, args]; return; }
  slot.busy = true;
  const started = performance.now();
  call(type, ...args).then((u) => {
    const received = performance.now();
    live.apply(u);
    const done = performance.now();
    (frames[key] ??= []).push({ trip: done - started, worker: received - started, page: done - received, ...u.timing });
  }, live.error).finally(() => {
    slot.busy = false;
    const n = slot.next;
    slot.next = null;
    if (n) callLive(key, n[0], ...n[1]);
  });
}

/** Forgets the live request waiting under `key` (the final edit follows). */
export function dropLive(key) {
  const slot = live.slots.get(key);
  if (slot) slot.next = null;
}
