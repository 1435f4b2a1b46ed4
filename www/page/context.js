// What the panels share besides the state: the map, and the page's way of taking an update from
// the worker (set once by app.js, so that no panel imports the page that wires them).
import { showError } from './ui.js';

export const ctx = {
  /** The map (set by app.js before any panel runs). */
  map: /** @type {import('../map/plan-map.js').PlanMap} */ (/** @type {unknown} */ (null)),
  /** Takes the worker's update into the page (figures, map, panels). @type {(u: any, opts?: { fit?: boolean }) => any} */
  apply: (u) => u,
  /** Renders every panel from the latest update. @type {(opts?: { units?: boolean }) => void} */
  renderAll: () => {},
};

/** Runs an edit: its update is applied; an error is shown and the state stays as the worker kept
 * it (unchanged). */
export function edit(promise, opts) {
  return promise.then((u) => ctx.apply(u, opts)).catch(showError);
}
