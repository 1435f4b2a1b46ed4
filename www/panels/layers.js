// The map's data layers as the page holds them: the demo's basemap and boundaries (shown only
// while its residents are), a project's or the planner's own layers.
import { state, setLayers } from '../page/state.js';
import { ctx } from '../page/context.js';
import { call } from '../page/rpc.js';

/** GeoJSON data, or null: a layer is never an address to fetch (a project file cannot make the
 * page request a URL). */
function data(layer) {
  return layer && typeof layer === 'object' && layer.type === 'FeatureCollection' && Array.isArray(layer.features) ? layer : null;
}

/** Shows `layers` (basemap, boundaries, the planner's own layer); the worker keeps them for the
 * project and the autosave unless `keep: false` (they came from the worker). */
export function showLayers(layers, { keep = true } = {}) {
  setLayers({ basemap: data(layers?.basemap), boundaries: data(layers?.boundaries), user: data(layers?.user) });
  ctx.map.basemap.setBasemap(state.layers.basemap, state.layers.boundaries);
  ctx.map.basemap.setUserLayer(state.layers.user);
  if (keep) call('setPageState', { layers: state.layers }).catch(() => {});
}

/** The layers a project carried (opened, or back through undo/redo) replace the current ones. */
export function restoreLayers(u) {
  showLayers(u.layers ?? {}, { keep: false });
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
  call('setPageState', { layers: state.layers }).catch(() => {});
}
