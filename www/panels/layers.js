// The map's data layers as the page holds them: the demo's basemap and boundaries (shown only
// while its residents are), a project's or the planner's own layers.
import { state, setLayers } from '../page/state.js';
import { ctx } from '../page/context.js';

/** Shows `layers` (basemap, boundaries, the planner's own layer). */
export function showLayers(layers) {
  setLayers(layers);
  ctx.map.basemap.setBasemap(state.layers.basemap, state.layers.boundaries);
  ctx.map.basemap.setUserLayer(state.layers.user);
}

/** The layers a project carried (opened, or back through undo/redo) replace the current ones. */
export function restoreLayers(u) {
  showLayers(u.layers ?? {});
  state.showingDemo = u.dataset.synthetic;
}

/** The demo's streets and boundaries belong to the demo: shown only while its residents are. */
export function syncDemoLayers(u) {
  const demo = u.dataset.synthetic;
  if (!state.demoLayers || demo === state.showingDemo) return;
  state.showingDemo = demo;
  const d = demo ? state.demoLayers : { basemap: null, boundaries: null };
  setLayers({ ...state.layers, basemap: d.basemap, boundaries: d.boundaries });
  ctx.map.basemap.setBasemap(state.layers.basemap, state.layers.boundaries);
}
