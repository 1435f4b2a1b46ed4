// The app's engine worker (www/worker/) in Node: its global scope faked (postMessage collects the
// replies, fetch reads www/ files, no IndexedDB: the autosave reports it cannot save), and a
// `call(type, ...args)` that sends a request as the page does and gives the answer, or
// `{error, fatal}` when the worker refused it.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const www = join(root, 'www');

/** Loads the worker's modules into this process; returns its `call`. `onAutosave(status)` hears
 * how the autosave goes. */
export async function startWorker({ onAutosave = (_status) => {} } = {}) {
  const replies = new Map();
  globalThis.self = globalThis;
  globalThis.postMessage = (msg) => {
    if (msg.autosave) { onAutosave(msg.autosave); return; }
    if (msg.progress !== undefined) return;
    replies.set(msg.id, msg);
  };
  globalThis.fetch = async (url) => {
    const u = String(url);
    const body = readFileSync(u.startsWith('file:') ? fileURLToPath(u) : join(www, u));
    return new Response(body);
  };
  // The module the worker imports, initialised from the file (wasm-bindgen's init then returns at once).
  const pkg = await import(pathToFileURL(join(www, 'pkg/lifecircle.js')).href);
  pkg.initSync({ module: readFileSync(join(www, 'pkg/lifecircle_bg.wasm')) });
  await import(pathToFileURL(join(www, existsSync(join(www, 'worker/main.js')) ? 'worker/main.js' : 'worker.js')).href);
  let next = 1;
  return async function call(type, ...args) {
    const id = next++;
    await globalThis.onmessage({ data: { id, type, args } });
    const r = replies.get(id);
    replies.delete(id);
    if (!r.ok) return r.fatal ? { error: r.error, fatal: true } : { error: r.error };
    // A large export comes as a Blob built from pieces: its text is what the page downloads.
    if (r.result?.blob) return { text: await r.result.blob.text() };
    return r.result;
  };
}
