// The page: wires the engine worker (page/rpc.js), the map (map/) and the panels (panels/). Every
// figure shown comes from the worker's latest update; every edit goes through the worker's
// undoable history. The page itself loads no WebAssembly.
import './page/csp.js';
import { call, callLive, dropLive, frames, onLiveReplies } from './page/rpc.js';
import { state, select } from './page/state.js';
import { showError, bindToast } from './page/ui.js';
import { ctx, edit } from './page/context.js';
import { pixelToLngLat } from './map/pointer.js';
import { PlanMap } from './map/plan-map.js';
import { hide } from './map/geojson.js';
import { GAP_COLORS } from './map/styles.js';
import { renderDataset } from './panels/dataset.js';
import { renderKinds, renderDemand, renderCapacity, renderTarget, renderCounted, bindKinds, setKind } from './panels/kinds.js';
import { renderCoverage } from './panels/coverage.js';
import { renderScenarios, renderChanges, bindScenarios } from './panels/scenarios.js';
import { renderStation, bindStation } from './panels/station.js';
import { renderUnits, renderUnitMap, measureUnits, bindUnits } from './panels/units.js';
import { renderGaps } from './panels/gaps.js';
import { renderGapView, bindGapView } from './panels/gapview.js';
import { renderStandards, bindStandards } from './panels/standards.js';
import { bindDisaggregate } from './panels/disaggregate.js';
import { renderHistory, bindHistory } from './panels/history.js';
import { renderMetric, refreshWalkshed, bindMetric } from './panels/metric.js';
import { renderNetwork, bindNetwork } from './panels/network.js';
import { renderBaseline, bindBaseline, guardBaseline, wouldAsk } from './panels/baseline.js';
import { bindFind } from './panels/find.js';
import { bindCrs } from './panels/crs.js';
import { bindPlace, placeAt } from './panels/place.js';
import { bindSiting, clearSuggestions, showingSuggestions } from './panels/siting.js';
import { bindImports } from './panels/imports.js';
import { showResident } from './panels/resident.js';
import { bindExports } from './panels/exports.js';
import { bindSettings, applyLang, savedTiles } from './panels/settings.js';
import { syncDemoLayers } from './panels/layers.js';
import { startUp, bindWork, renderWork } from './panels/work.js';

/** Selects station `id` (on the map and in the station card). */
function selectStation(id) {
  select(id);
  map.stations.select(id);
  renderStation();
  refreshWalkshed();
}

const map = new PlanMap('map', {
  onPlace: placeAt,
  onSelect: (id) => selectStation(id),
  onDrag: (id, lon, lat) => callLive('drag', 'drag', id, lon, lat),
  onResident: showResident,
  onDragEnd: async (id, from, to) => {
    dropLive('drag');
    if (wouldAsk()) {
      // On 现状: the station goes back first; the move is made where the planner says.
      await edit(call('endDrag', id, from, from));
      if (!(await guardBaseline())) return;
    }
    edit(call('endDrag', id, from, to));
  },
}, savedTiles());

/** What a drag or slider step renders: the coverage figures, the selected station's, the unit
 * table's colours on the map (`units`: when the step carried unit figures); the rest waits for
 * the step's end. */
function renderLive({ units }) {
  const u = state.update;
  if (!u) return;
  renderCoverage(u, setKind);
  renderStation();
  if (units) renderUnitMap(u);
}

/** A live step's unit colours on the map, drawn in the same frame as its residents' colours (the
 * step's units are those of the last step that sent them). */
function liveUnitRatios(u) {
  const r = u.unitRatios;
  if (!r || r === livePanels.ratios) return;
  livePanels.ratios = r;
  if (r.units) livePanels.unitRows = r.units;
  const at = u.display === 'all' ? 0 : r.kinds.indexOf(state.kind) + 1;
  if (!livePanels.unitRows || (u.display !== 'all' && at === 0)) return;
  map.basemap.setRatioColumn(livePanels.unitRows, r.ratios, r.kinds.length + 1, at, state.level);
}

/** Renders every panel; `units: false` keeps the unit table (live updates without unit figures). */
function renderAll({ units = true } = {}) {
  const u = state.update;
  if (!u) return;
  renderDataset(u);
  renderScenarios(u);
  renderBaseline(u);
  renderKinds(u);
  renderCoverage(u, setKind);
  renderChanges(u);
  renderDemand(u);
  renderCapacity(u);
  renderTarget(u);
  renderGapView(u);
  renderStandards();
  renderCounted(u);
  renderMetric(u);
  renderNetwork(u, selectStation);
  renderStation();
  refreshWalkshed();
  renderGaps(u);
  renderHistory(u);
  renderWork();
  // The units table is the heaviest part: during a drag or a slider move it follows the worker's
  // unit figures, which come at most four times a second.
  if (units) renderUnits(u);
  map.basemap.setUnitClasses(u.gap?.units ?? null);
  document.body.dataset.ready = 'true';
}

/** During a drag or a slider move the live figures follow at most this often (ms); the map every
 * reply; the other panels when the step's final update comes. */
const LIVE_PANELS_MS = 250;
const livePanels = { at: 0, timer: 0, units: false, ratios: null, unitRows: null };

/** Renders every panel now, or (`live`) the live figures at most every LIVE_PANELS_MS with the
 * latest update. */
function renderPanels(live, units) {
  livePanels.units ||= units;
  clearTimeout(livePanels.timer);
  livePanels.timer = 0;
  if (!live) {
    renderAll({ units: livePanels.units });
    livePanels.units = false;
    return;
  }
  const now = performance.now();
  const wait = LIVE_PANELS_MS - (now - livePanels.at);
  if (wait > 0) {
    livePanels.timer = setTimeout(() => renderPanels(true, false), wait);
    return;
  }
  livePanels.at = now;
  renderLive({ units: livePanels.units });
  livePanels.units = false;
}

/** The index of each station id in `list` (the last update's stations, in their order). */
const stationAt = { list: /** @type {any[] | null} */ (null), index: new Map() };

/** Takes an update from the worker: residents or their flips, stations and circles, panels
 * (`live`: a drag or slider step, whose panels may wait). */
function applyUpdate(u, { fit = false, live = false } = {}) {
  if (!u) return u;
  if (showingSuggestions() && state.update && u.history.undo !== state.update.history.undo) clearSuggestions();
  // Live updates may leave out the per-unit figures and the comparison: keep the last ones.
  if (!u.summary.units) u.summary.units = state.update?.summary.units ?? [];
  if (!u.gaps) u.gaps = state.update?.gaps ?? [];
  // A live step carries only the stations whose figures changed: they replace theirs in the
  // list the page has (where each is, known once per list; in place: a copy of 10,000 stations a
  // step at a million residents was the step's largest allocation).
  if (u.stationChanges) {
    const stations = state.update?.summary.stations ?? [];
    if (stationAt.list !== stations) stationAt.index = new Map(stations.map((s, i) => [s.id, i]));
    for (const s of u.stationChanges) {
      const i = stationAt.index.get(s.id);
      if (i !== undefined) stations[i] = s;
    }
    u.summary.stations = stations;
    stationAt.list = stations;
  }
  if (!u.comparison && u.scenarios.active > 0 && state.update?.scenarios.active === u.scenarios.active) u.comparison = state.update.comparison;
  const unitsFresh = u.summary.units !== state.update?.summary.units;
  // A live step's unit ratios are for the map; keep the last ones for the next steps.
  if (!u.unitRatios && live) u.unitRatios = state.update?.unitRatios;
  syncDemoLayers(u);
  if (u.residents) {
    state.residentCoords = u.residents.coordinates;
    measureUnits(u.residents);
    map.residents.setResidents(u.residents, Boolean(u.gap));
    if (fit) map.fitTo(u.residents.coordinates);
  } else {
    map.residents.change(u.flips, u.cellFlips, Boolean(u.gap));
  }
  map.stations.fillCircles(!u.gap);
  map.stations.ensureIcons(u.kinds);
  map.stations.setCircleKind(state.kind);
  // A drag step moves no station but the dragged one (the pointer's) and sends no circle.
  if (!u.stationChanges || u.circles?.length) map.stations.setStations(u.summary.stations, u.kinds, u.circles);
  // A live step's stations are the last ones (their figures changed): the selected one is still there.
  if (state.selected !== null && !u.stationChanges && !u.summary.stations.some((s) => s.id === state.selected)) {
    select(null);
    map.stations.select(null);
  }
  state.update = u;
  if (live) {
    liveUnitRatios(u);
    map.basemap.setUnitClasses(u.gap?.units ?? null);
  }
  renderPanels(live, unitsFresh);
  return u;
}

ctx.map = map;
ctx.apply = applyUpdate;
ctx.renderAll = renderAll;
onLiveReplies((u) => applyUpdate(u, { live: true }), showError);

/** Round trips of live edits, for the drag benchmark (bench/drag.mjs reads them). */
/** @type {any} */ (window).lifecircleFrames = frames;
/** The whole canvas as RGBA bytes (readable while the frame that drew it is current). */
function readCanvas() {
  const gl = /** @type {WebGL2RenderingContext} */ (map.map.getCanvas().getContext('webgl2'));
  const out = new Uint8Array(gl.drawingBufferWidth * gl.drawingBufferHeight * 4);
  gl.readPixels(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight, gl.RGBA, gl.UNSIGNED_BYTE, out);
  return out;
}

/** Hooks for the browser tests and the drag benchmark. */
/** @type {any} */ (window).lifecircleProbe = {
  stations: () => state.update?.summary.stations.map(({ id, kind, lon, lat }) => ({ id, kind, lon, lat })) ?? [],
  /** Each station's figures as the page has them: `[served, only]`, in the order of `stations()`. */
  stationFigures: () => state.update?.summary.stations.map((s) => [s.served_population, s.only_population]) ?? [],
  pixel: (lon, lat) => { const p = map.map.project([lon, lat]); const r = map.map.getContainer().getBoundingClientRect(); return { x: r.left + p.x, y: r.top + p.y }; },
  jumpTo: (lon, lat, zoom) => map.map.jumpTo({ center: [lon, lat], zoom }),
  /** Resolves when the map has drawn everything it is loading (tiles, sources). */
  idle: () => new Promise((resolve) => { if (map.map.loaded() && map.map.areTilesLoaded()) resolve(true); else map.map.once('idle', () => resolve(true)); }),
  /** Asks the map for one more frame (nothing changed: the drag benchmark's floor). */
  repaint: () => map.map.triggerRepaint(),
  /** Calls `f` whenever the map has drawn a frame (the drag benchmark times and counts them). */
  onMapFrame: (f) => map.map.on('render', f),
  /** Calls `f` whenever a drag step was drawn from the kept map, without a map frame. */
  onComposedFrame: (f) => map.composition.onComposed.push(f),
  /** During a drag: the canvas drawn now from the kept map (null when there is none) and then by
   * MapLibre itself (composing paused for that frame), as RGBA bytes. */
  composedAndMapPixels: async () => {
    const c = map.composition;
    if (!c.on || !c.valid) return null;
    // The canvas as the drag's steps left the composed map (no part redrawn now).
    c.drawComposed(true);
    const composed = readCanvas();
    const drawn = new Promise((resolve) => map.map.once('render', () => resolve(readCanvas())));
    c.start(false);
    const plain = await drawn;
    c.start(true);
    return { composed, plain };
  },
  /** During a drag: `k` residents (or cells) and `units` units of the drawn level, in view, given
   * another colour, drawn as a drag's steps are (the changed part alone), then `composedAndMapPixels`;
   * `mapFrames`: MapLibre's frames in between (none: the composed frame was the one compared). */
  changeKept: async (k, units) => {
    const c = map.composition;
    if (!c.on || !c.valid) return null;
    let mapFrames = 0;
    const count = () => { mapFrames++; };
    map.map.on('render', count);
    const composed = new Promise((resolve) => { const once = () => { c.onComposed.splice(c.onComposed.indexOf(once), 1); resolve(true); }; c.onComposed.push(once); });
    const r = map.residents;
    const { set, look } = r.shown();
    const [w, h] = [map.map.getCanvas().width, map.map.getCanvas().height];
    const indices = [];
    for (let i = 0; i < set.n && indices.length < k; i++) {
      const at = c.rect(r.viewProj, look.worldSize, set.origin, [set.offsets[2 * i], set.offsets[2 * i + 1], set.offsets[2 * i], set.offsets[2 * i + 1]], 0);
      if (at && at[0] > 0 && at[0] < w && at[1] > 0 && at[1] < h) indices.push(i);
    }
    const flips = { indices: Uint32Array.from(indices), values: Uint8Array.from(indices, (i) => (set.values[i] === 1 ? 0 : 1)) };
    r.change(set === r.residents ? flips : null, set === r.residents ? null : flips, r.gap);
    const f = map.basemap.fills;
    let recoloured = 0;
    for (let i = 0; i < f.levels.length && recoloured < units; i++) {
      if (f.levels[i] !== f.level || !(f.ratio[i] >= 0)) continue;
      const at = c.rect(f.viewProj, f.worldSize, f.mesh.origin, Array.from(f.boxes.subarray(4 * i, 4 * i + 4)), 0);
      if (!at || at[2] < 0 || at[0] > w || at[3] < 0 || at[1] > h) continue;
      f.setRatio(i, f.ratio[i] < 0.5 ? 0.95 : 0.05);
      recoloured++;
    }
    const drawn = await Promise.race([composed, new Promise((resolve) => setTimeout(() => resolve(false), 5000))]);
    map.map.off('render', count);
    if (!drawn) return { residents: indices.length, units: recoloured, mapFrames, drawn };
    const pixels = await /** @type {any} */ (window).lifecircleProbe.composedAndMapPixels();
    return pixels && { ...pixels, residents: indices.length, units: recoloured, mapFrames };
  },
  /** The canvas as the next map frame draws it, as RGBA bytes. */
  canvasPixels: () => new Promise((resolve) => {
    map.map.once('render', () => resolve(readCanvas()));
    map.map.triggerRepaint();
  }),
  /** The choropleth drawn by a MapLibre fill layer of the boundaries instead (`on`; the values the
   * page drew as feature-state, the colour rules as MapLibre expressions), or by the page again. */
  referenceFill: (on) => {
    const m = map.map;
    const f = map.basemap.fills;
    if (m.getLayer('unit-fill-reference')) m.removeLayer('unit-fill-reference');
    hide(m, 'unit-fill', 'reference', on);
    if (!on) return;
    for (const [id, r] of map.basemap.ratioShown) m.setFeatureState({ source: 'boundaries', id }, { r });
    for (const [id, g] of map.basemap.classShown) m.setFeatureState({ source: 'boundaries', id }, { g });
    const paint = f.byClass
      ? { 'fill-color': ['match', ['coalesce', ['feature-state', 'g'], 0], ...GAP_COLORS.flatMap((c, i) => [i + 1, c]), '#adb5bd'], 'fill-opacity': ['case', ['==', ['coalesce', ['feature-state', 'g'], 0], 0], 0, 0.28] }
      : { 'fill-color': ['interpolate', ['linear'], ['coalesce', ['feature-state', 'r'], 0], 0, '#f03e3e', 0.5, '#fcc419', 0.85, '#94d82d', 1, '#2f9e44'], 'fill-opacity': ['case', ['==', ['coalesce', ['feature-state', 'r'], -1], -1], 0, 0.16] };
    m.addLayer(/** @type {any} */ ({ id: 'unit-fill-reference', type: 'fill', source: 'boundaries', filter: ['==', ['get', 'level'], f.level], paint: { ...paint, 'fill-antialias': false } }), 'unit-fill');
  },
  /** The map's layers, bottom to top: the source each draws and whether it is drawn. */
  layers: () => map.map.getLayersOrder().map((id) => ({ id, source: map.map.getLayer(id)?.source ?? null, visible: map.map.getLayoutProperty(id, 'visibility') !== 'none' })),
  /** Hides or shows a layer as the page's other reasons do (an empty source still hides it). */
  showLayer: (id, on) => hide(map.map, id, 'probe', !on),
  walkshedPieces: () => map.walkshed.count,
  /** The largest gap (degrees) between a drag's pixel-to-place (map/pointer.js) and MapLibre's
   * `unproject`, over a grid of the map's pixels. */
  pointerError: () => {
    const m = map.map;
    const f = pixelToLngLat(m);
    const c = m.getCanvas();
    let worst = 0;
    for (let i = 0; i <= 8; i++) {
      for (let j = 0; j <= 8; j++) {
        const [x, y] = [(c.clientWidth * i) / 8, (c.clientHeight * j) / 8];
        const a = m.unproject([x, y]);
        const [lon, lat] = f(x, y);
        worst = Math.max(worst, Math.abs(lon - a.lng), Math.abs(lat - a.lat));
      }
    }
    return worst;
  },
  /** Whether station `id` is in the symbols' source (a dragged one is drawn alone). */
  stationInSource: (id) => map.stations.inSource.has(id),
  /** The choropleth's ratio of each boundary polygon of `level`, by name. */
  unitFill: (level) => Object.fromEntries([...map.basemap.unitFeature].filter(([k]) => k.startsWith(`${level}|#`))
    .map(([k, id]) => [k.slice(level.length + 2), map.basemap.ratioShown.get(id) ?? null])),
  /** The gap view's class of every resident as drawn (null outside the gap view). */
  residentGap: () => (map.residents.gap ? map.residents.valuesByResident() : Array.from(map.residents.order, () => null)),
  /** The colour byte of every resident as drawn (covered or not, or the gap view's class). */
  residentValues: () => map.residents.valuesByResident(),
  /** The gap view's class of each boundary polygon of `level`, by name. */
  unitGap: (level) => Object.fromEntries([...map.basemap.unitFeature].filter(([k]) => k.startsWith(`${level}|`) && !k.startsWith(`${level}|#`))
    .map(([k, id]) => [k.slice(level.length + 1), map.basemap.classShown.get(id) ?? null])),
  /** The colour `[r, g, b, a]` the map draws at (`lon`, `lat`), read as the next frame is drawn. */
  pixelColor: (lon, lat) => new Promise((resolve) => {
    map.map.once('render', () => {
      const gl = /** @type {WebGL2RenderingContext} */ (map.map.getCanvas().getContext('webgl2'));
      const p = map.map.project([lon, lat]);
      const r = window.devicePixelRatio || 1;
      const out = new Uint8Array(4);
      gl.readPixels(Math.round(p.x * r), Math.round(gl.drawingBufferHeight - p.y * r), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, out);
      resolve(Array.from(out));
    });
    map.map.triggerRepaint();
  }),
  /** The ruler's points and the map's centre. */
  rulerPoints: () => map.ruler.points,
  center: () => map.map.getCenter().toArray(),
  /** The street names drawn on the map now (placed, not hidden by collisions), once it is idle. */
  streetLabels: () => new Promise((resolve) => {
    const read = () => resolve([...new Set(map.map.queryRenderedFeatures({ layers: ['road-names', 'user-names'] }).map((f) => f.properties.name))]);
    if (map.map.loaded()) read(); else map.map.once('idle', read);
  }),
  /** Breaks the engine as a bug would ('panic' or 'trap'), to test the recovery. */
  crash: (how) => call('crashForTest', how),
  /** The level-of-detail cells (none below 30,000 residents): how many, and their sums as the
   * worker last sent them to the map. */
  cells: () => call('cellStats'),
};

bindPlace();
bindKinds(clearSuggestions);
bindScenarios(clearSuggestions);
bindStation();
bindUnits();
bindGapView();
bindStandards();
bindDisaggregate();
bindHistory();
bindMetric();
bindNetwork();
bindBaseline();
bindFind();
bindCrs();
bindSiting();
bindImports();
bindExports();
bindSettings();
bindToast();
bindWork();

applyLang(new URLSearchParams(location.search).get('lang') || localStorage.getItem('lifecircle.lang') || 'zh');
startUp(map.ready);
