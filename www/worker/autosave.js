// Autosave: after every change (debounced, here in the worker, off the page's thread) the whole
// plan is written to IndexedDB — the project value, with the residents as the engine's binary
// block stored apart and written again only when the residents changed — and read back when the
// app opens or a broken engine is replaced. The page hears how saving goes ({autosave: status}).
import { capture } from './project.js';
import { fail } from './say.js';

const DB = 'lifecircle';
const STORE = 'autosave';
/** Quiet time after the last change before saving, and the longest a change waits. */
const DEBOUNCE_MS = 400;
const MAX_WAIT_MS = 2000;

/** @type {Promise<IDBDatabase> | null} */
let opening = null;
let timer = 0;
let firstDirty = 0;
/** The residents block last written (the same object is not written twice). */
let savedBlock = null;
/** Set after the engine broke: its state may be half-changed and must never be saved. */
let poisoned = false;
/** A save in progress (flush waits for it). @type {Promise<void> | null} */
let saving = null;

/** Tells the page how saving goes: `{state: 'dirty'|'saving'|'saved'|'failed', at?, error?}`. */
function tell(status) {
  self.postMessage({ autosave: status });
}

function request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function db() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      if (typeof indexedDB === 'undefined') { reject(fail('this browser gives the page no IndexedDB storage', '此浏览器不允许页面使用 IndexedDB 存储')); return; }
      const r = indexedDB.open(DB, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? fail('IndexedDB could not be opened', '无法打开 IndexedDB 存储'));
      r.onblocked = () => reject(fail('IndexedDB is blocked by another tab: close the other Lifecircle tabs', 'IndexedDB 被另一个标签页占用：请关闭其他 Lifecircle 标签页'));
    });
    opening.catch(() => { opening = null; });
  }
  return opening;
}

/** Writes the plan now. */
async function write() {
  const p = capture();
  const block = p.residents;
  const meta = { ...p, residents: block && { ...block, data: null } };
  const d = await db();
  const tx = d.transaction(STORE, 'readwrite');
  const store = tx.objectStore(STORE);
  store.put(meta, 'project');
  if (block?.data !== savedBlock) store.put(block?.data ?? null, 'residents');
  await new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve(undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? fail('the save was aborted', '保存被中止'));
  });
  savedBlock = block?.data ?? null;
  return p.saved_at;
}

/** Saves now if a change waits (before a risky operation, so that a crash loses nothing). */
export async function flush() {
  if (saving) await saving;
  if (!timer) return;
  clearTimeout(timer);
  timer = 0;
  await run();
}

async function run() {
  timer = 0;
  firstDirty = 0;
  if (poisoned) return;
  tell({ state: 'saving' });
  saving = write().then(
    (at) => tell({ state: 'saved', at }),
    (err) => tell({ state: 'failed', error: String(err?.message ?? err) }),
  ).finally(() => { saving = null; });
  await saving;
}

/** A change was made: save once changes pause (at most `MAX_WAIT_MS` later). */
export function changed() {
  if (poisoned) return;
  const now = Date.now();
  if (!firstDirty) { firstDirty = now; tell({ state: 'dirty' }); }
  clearTimeout(timer);
  const wait = Math.max(0, Math.min(DEBOUNCE_MS, firstDirty + MAX_WAIT_MS - now));
  timer = /** @type {any} */ (setTimeout(run, wait));
}

/** The engine broke: nothing more is saved from this worker. */
export function poison() {
  poisoned = true;
  clearTimeout(timer);
  timer = 0;
}

/** The saved project (with its residents block), or null when there is none. Throws when
 * storage cannot be read. */
export async function load() {
  const d = await db();
  const tx = d.transaction(STORE, 'readonly');
  const store = tx.objectStore(STORE);
  const [meta, residents] = await Promise.all([request(store.get('project')), request(store.get('residents'))]);
  if (!meta) return null;
  savedBlock = null;
  return { ...meta, residents: meta.residents && { ...meta.residents, data: residents } };
}

/** Keeps a save that could not be restored under another key (nothing is thrown away), so that a
 * new save does not overwrite it. */
export async function setAside() {
  const d = await db();
  const tx = d.transaction(STORE, 'readwrite');
  const store = tx.objectStore(STORE);
  const [meta, residents] = await Promise.all([request(store.get('project')), request(store.get('residents'))]);
  store.put({ meta, residents, at: new Date().toISOString() }, 'unrestorable');
  store.delete('project');
  store.delete('residents');
}
