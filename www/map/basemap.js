// The offline basemap drawn from loaded data (water, parks, compounds, roads), a layer of the
// planner's own (streets, buildings), an online tile layer when the planner sets one, and the
// admin boundaries with the coverage choropleth (units-gl.js: a unit's ratio, or in the gap view
// its class of distance or supply).
import { EMPTY, collection, hide, setSourceData } from './geojson.js';
import { gcjTileLoader } from './gcj02.js';
import { UnitFills } from './units-gl.js';
import { unitRatio } from '../unit-ratio.js';

/** GeoJSON data only: MapLibre would fetch a string as a URL, and a layer is never an address. */
const dataOnly = (fc) => (fc && typeof fc === 'object' ? fc : EMPTY);

export class BasemapLayer {
  /** @param {import('maplibre-gl').Map} map @param {import('./compose-gl.js').Composition} composition */
  constructor(map, composition) {
    this.map = map;
    this.composition = composition;
    /** The choropleth (drawn by WebGL: its colours change during a drag). */
    this.fills = new UnitFills(composition);
    /** `level|id` → boundary feature index. @type {Map<string, number>} */
    this.unitFeature = new Map();
    /** The ratio each polygon was last given, so that unchanged ones are left alone.
     * @type {Map<number, number>} */
    this.ratioShown = new Map();
    /** The gap view's class each polygon was last given, likewise. @type {Map<number, number>} */
    this.classShown = new Map();
    /** The boundary polygon of each row of a live step's unit ratios at one level (-1: none), for
     * those rows' units. @type {{ units: any[][], level: string, feature: Int32Array } | null} */
    this.rowFeatures = null;
  }

  /** The basemap, user and boundary layers, below everything else. */
  add() {
    const m = this.map;
    for (const id of ['basemap', 'user', 'boundaries']) m.addSource(id, { type: 'geojson', data: EMPTY });
    m.addLayer({ id: 'water', type: 'fill', source: 'basemap', filter: ['==', ['get', 'layer'], 'water'], paint: { 'fill-color': '#a5d8ff' } });
    m.addLayer({ id: 'park', type: 'fill', source: 'basemap', filter: ['==', ['get', 'layer'], 'park'], paint: { 'fill-color': '#c3e6cb' } });
    m.addLayer({ id: 'compound', type: 'fill', source: 'basemap', filter: ['==', ['get', 'layer'], 'compound'], paint: { 'fill-color': '#e9e4dc', 'fill-outline-color': '#cfc6b8' } });
    const roadWidth = (p, s, r) => ['interpolate', ['exponential', 1.6], ['zoom'],
      11, ['match', ['get', 'class'], 'primary', p * 0.5, 'secondary', s * 0.5, r * 0.5],
      16, ['match', ['get', 'class'], 'primary', p * 4, 'secondary', s * 4, r * 4]];
    m.addLayer({ id: 'road-casing', type: 'line', source: 'basemap', filter: ['==', ['get', 'layer'], 'road'], layout: { 'line-cap': 'round' },
      paint: { 'line-color': '#d0d3d6', 'line-width': /** @type {any} */ (roadWidth(2.6, 1.8, 1.1)) } });
    m.addLayer({ id: 'road', type: 'line', source: 'basemap', filter: ['==', ['get', 'layer'], 'road'], layout: { 'line-cap': 'round' },
      paint: { 'line-color': ['match', ['get', 'class'], 'primary', '#fff3bf', '#ffffff'], 'line-width': /** @type {any} */ (roadWidth(2, 1.3, 0.7)) } });
    // A user's own layer (OSM streets, buildings, areas): polygons as light fills, lines as streets.
    m.addLayer({ id: 'user-fill', type: 'fill', source: 'user', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#e3ded5', 'fill-outline-color': '#c8bfb0' } });
    m.addLayer({ id: 'user-line', type: 'line', source: 'user', filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.8, 17, 5] } });
    m.addLayer({ id: 'user-casing', type: 'line', source: 'user', filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#c9ccd0', 'line-width': 0.6 } }, 'user-line');
    // Coverage ratio per unit (or the gap view's class), below the boundary lines that draw the edges.
    m.addLayer(this.composition.layer(this.fills));
    m.addLayer({ id: 'grid-line', type: 'line', source: 'boundaries', filter: ['==', ['get', 'level'], 'grid'], paint: { 'line-color': '#868e96', 'line-width': 0.6, 'line-dasharray': [3, 3] } });
    m.addLayer({ id: 'community-line', type: 'line', source: 'boundaries', filter: ['==', ['get', 'level'], 'community'], paint: { 'line-color': '#495057', 'line-width': 1.2 } });
    m.addLayer({ id: 'street-line', type: 'line', source: 'boundaries', filter: ['==', ['get', 'level'], 'street'], paint: { 'line-color': '#343a40', 'line-width': 2.4 } });
  }

  /** Street names along the drawn streets (the offline basemap's roads and the planner's own
   * streets), above the residents and below the stations. The style names no glyph server, so
   * MapLibre draws the glyphs with the device's own fonts (nothing is fetched). */
  addLabels() {
    const m = this.map;
    const label = (id, source, filter) => m.addLayer({ id, type: 'symbol', source, minzoom: 13.5, filter: /** @type {any} */ (filter),
      layout: { 'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-font': ['sans-serif'], 'symbol-spacing': 320, 'text-max-angle': 35,
        'text-size': ['interpolate', ['linear'], ['zoom'], 14, 11, 17, 14], 'text-padding': 4 },
      paint: { 'text-color': '#495057', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 } });
    label('road-names', 'basemap', ['all', ['==', ['get', 'layer'], 'road'], ['has', 'name']]);
    label('user-names', 'user', ['all', ['==', ['geometry-type'], 'LineString'], ['has', 'name']]);
  }

  /** The online tile basemap `{url, labels?, attribution, crs}` (none when null; `labels`: a
   * second tile layer drawn above, such as 天地图's annotation); `lib`: maplibregl. */
  setTiles(tiles, lib) {
    const m = this.map;
    for (const id of ['tiles-labels', 'tiles']) {
      if (m.getLayer(id)) m.removeLayer(id);
      if (m.getSource(id)) m.removeSource(id);
    }
    // A tile basemap names its streets itself.
    for (const id of ['road-names', 'user-names']) hide(m, id, 'online basemap', !!tiles?.url);
    if (!tiles?.url) return;
    // A GCJ-02 basemap (Amap, Tencent) is redrawn on the WGS-84 grid, tile by tile, so that it
    // lines up with the data (which stays WGS-84).
    let url = tiles.url;
    if (tiles.crs === 'gcj02') {
      lib.removeProtocol('gcj02');
      lib.addProtocol('gcj02', gcjTileLoader(tiles.url));
      url = 'gcj02://{z}/{x}/{y}';
    }
    m.addSource('tiles', { type: 'raster', tiles: [url], tileSize: 256, attribution: tiles.attribution || '' });
    m.addLayer({ id: 'tiles', type: 'raster', source: 'tiles' }, 'water');
    if (tiles.labels && tiles.crs !== 'gcj02') {
      m.addSource('tiles-labels', { type: 'raster', tiles: [tiles.labels], tileSize: 256 });
      m.addLayer({ id: 'tiles-labels', type: 'raster', source: 'tiles-labels' }, 'water');
    }
  }

  setBasemap(basemap, boundaries) {
    setSourceData(this.map, 'basemap', dataOnly(basemap));
    const b = dataOnly(boundaries);
    // Feature ids (the choropleth's polygon indices); unit ids join the engine's units.
    this.unitFeature.clear();
    this.rowFeatures = null;
    this.ratioShown.clear();
    this.classShown.clear();
    const features = (b.features ?? []).map((f, i) => {
      const level = f.properties?.level ?? '';
      const id = f.properties?.id ?? f.properties?.name;
      if (id != null) this.unitFeature.set(`${level}|${id}`, i);
      // A polygon unit's id is its path (街道/社区): joined by its own name as well.
      if (f.properties?.name != null) this.unitFeature.set(`${level}|#${f.properties.name}`, i);
      return { ...f, id: i };
    });
    setSourceData(this.map, 'boundaries', collection(features));
    this.fills.setFeatures(features);
  }

  setUserLayer(fc) {
    setSourceData(this.map, 'user', dataOnly(fc));
  }

  setChoroplethLevel(level) {
    this.fills.setLevel(level);
  }

  /** The gap view's class of each unit (`[level, id, name, class]` from the worker), or null to
   * colour units by coverage ratio again; only the polygons whose class changed get a new state. */
  setUnitClasses(units) {
    this.fills.setByClass(Boolean(units));
    if (!units) return;
    for (const [level, id, name, g] of units) {
      const i = this.featureOf(level, id, name);
      if (i === undefined || this.classShown.get(i) === g) continue;
      this.classShown.set(i, g);
      this.fills.setClass(i, g);
    }
  }

  /** Coverage ratio of each unit the boundaries know: `units` from the summary, for `kind` or 'all'. */
  setUnitRatios(units, kind) {
    this.setRatioRows(units.map((u) => [u.level, u.id, u.name, unitRatio(u, kind)]));
  }

  /** Coverage ratio per unit as `[level, id, name, ratio]` rows (-1: nobody lives there); only
   * the polygons whose ratio changed get a new state. */
  setRatioRows(rows) {
    for (const [level, id, name, r] of rows) this.setRatio(this.featureOf(level, id, name), r);
  }

  /** A live step's ratios: column `at` of `ratios` (`stride` values a row, a row per unit of
   * `units`, `[level, id, name]`), for the polygons of `level`. */
  setRatioColumn(units, ratios, stride, at, level) {
    let f = this.rowFeatures;
    if (!f || f.units !== units || f.level !== level) {
      const feature = Int32Array.from(units, ([l, id, name]) => (l === level ? this.featureOf(l, id, name) ?? -1 : -1));
      f = this.rowFeatures = { units, level, feature };
    }
    for (let row = 0; row < f.feature.length; row++) if (f.feature[row] >= 0) this.setRatio(f.feature[row], ratios[row * stride + at]);
  }

  /** The boundary polygon of a unit (by its id, or a polygon unit by its name), if any. */
  featureOf(level, id, name) {
    return this.unitFeature.get(`${level}|${id}`) ?? this.unitFeature.get(`${level}|#${name}`);
  }

  /** Polygon `i`'s ratio, when it changed. */
  setRatio(i, r) {
    if (i === undefined || this.ratioShown.get(i) === r) return;
    this.ratioShown.set(i, r);
    this.fills.setRatio(i, r);
  }
}
