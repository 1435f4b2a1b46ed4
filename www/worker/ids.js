// Station ids as the page knows them (app ids, stable across undo of a removal) and the engine's.
import { fail } from './say.js';

/** App id → engine id, and back. */
const engineOf = new Map();
const appOf = new Map();
let next = 1;

/** The next app id. */
export function nextId() {
  return next++;
}

/** The id the next station will get (saved in projects). */
export function peekNextId() {
  return next;
}

/** Continues numbering at `n`. */
export function continueFrom(n) {
  next = n;
}

export function bind(appId, engineId) {
  engineOf.set(appId, engineId);
  appOf.set(engineId, appId);
}

export function unbind(appId) {
  appOf.delete(engineOf.get(appId));
  engineOf.delete(appId);
}

/** Binds every pair `[appId, engineId]`, forgetting the previous ones. */
export function bindAll(pairs) {
  clear();
  for (const [a, e] of pairs) bind(a, e);
}

export function clear() {
  engineOf.clear();
  appOf.clear();
}

/** The engine id of an app id (throws for one the page should not know). */
export function engineId(appId) {
  const id = engineOf.get(appId);
  if (id === undefined) throw fail(`no station with id ${appId}`, `没有编号为 ${appId} 的站点`);
  return id;
}

/** The app id of an engine id. */
export function appId(engineId) {
  return appOf.get(engineId);
}

/** `[engineId, appId]` of every station, for the engine's comparisons. */
export function pairs() {
  return Array.from(appOf);
}
