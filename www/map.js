// The map: MapLibre GL with an offline basemap drawn from loaded data, residents, stations with
// their geodesic radius circles, the coverage choropleth, and the place/select/drag interactions.
import * as maplibregl from 'maplibre-gl';
import { geodesicCircle } from './pkg/lifecircle.js';

maplibregl.setWorkerUrl(new URL('./vendor/maplibre-gl/maplibre-gl-worker.mjs', import.meta.url).href);

const BUILTIN = {
  red_bee_station: { color: '#f08c00', shape: 'hexagon' },
  party_service_station: { color: '#c92a2a', shape: 'star' },
  commercial_hub: { color: '#1971c2', shape: 'square' },
};
const PALETTE = ['#2b8a3e', '#7048e8', '#0b7285', '#a61e4d', '#5c940d', '#862e9c', '#495057', '#e8590c', '#1098ad'];
const SHAPES = ['circle', 'triangle', 'diamond', 'pentagon', 'hexagon', 'square', 'star'];
export const COVERED = '#2f9e44';
export const UNCOVERED = '#e03131';
const EMPTY = { type: 'FeatureCollection', features: [] };
/** Level of detail: above this many residents, cells of CELL_M metres stand for them below LOD_ZOOM. */
const LOD_RESIDENTS = 30000;
const LOD_ZOOM = 15;
const CELL_M = 150;

/** Colour and shape of each kind, stable for the session: built-in kinds have their own, others
 * take the next palette entry in the order they are first drawn (the kind table's order). */
const kindStyles = new Map();
export function kindStyle(kind) {
  if (!kindStyles.has(kind)) {
    const n = kindStyles.size;
    kindStyles.set(kind, BUILTIN[kind] ?? { color: PALETTE[n % PALETTE.length], shape: SHAPES[n % SHAPES.length] });
  }
  return kindStyles.get(kind);
}

function shapePath(ctx, shape, c, r) {
  ctx.beginPath();
  const poly = (n, rot, inner) => {
    for (let i = 0; i < n * (inner ? 2 : 1); i++) {
      const rr = inner && i % 2 ? r * inner : r;
      const a = rot + (Math.PI * 2 * i) / (n * (inner ? 2 : 1));
      const x = c + rr * Math.cos(a);
      const y = c + rr * Math.sin(a);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    }
    ctx.closePath();
  };
  switch (shape) {
    case 'square': ctx.rect(c - r * 0.82, c - r * 0.82, r * 1.64, r * 1.64); break;
    case 'triangle': poly(3, -Math.PI / 2); break;
    case 'diamond': poly(4, 0); break;
    case 'pentagon': poly(5, -Math.PI / 2); break;
    case 'hexagon': poly(6, 0); break;
    case 'star': poly(5, -Math.PI / 2, 0.5); break;
    default: ctx.arc(c, c, r * 0.9, 0, Math.PI * 2);
  }
}

/** A station icon as image data (drawn, so nothing is fetched). */
export function iconImage(style, size = 30, ratio = 2) {
  const px = size * ratio;
  const canvas = document.createElement('canvas');
  canvas.width = px;
  canvas.height = px;
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  shapePath(ctx, style.shape, size / 2, size / 2 - 3);
  ctx.fillStyle = style.color;
  ctx.shadowColor = 'rgba(0,0,0,0.35)';
  ctx.shadowBlur = 3;
  ctx.fill();
  ctx.shadowBlur = 0;
  ctx.lineWidth = 2.2;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
  return { image: ctx.getImageData(0, 0, px, px), ratio };
}

const STYLE = { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef0eb' } }] };

export class PlanMap {
  constructor(container, handlers, tiles) {
    this.h = handlers;
    this.placing = false;
    this.selected = null;
    this.stations = new Map();
    this.radii = new Map();
    this.unitFeature = new Map();
    this.ready = new Promise((resolve) => {
      this.map = new maplibregl.Map({
        container,
        style: STYLE,
        center: [118.8, 32.06],
        zoom: 12,
        attributionControl: { compact: true },
        dragRotate: false,
        pitchWithRotate: false,
        maxPitch: 0,
      });
      this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
      this.map.on('load', () => { this.addLayers(); this.setTiles(tiles); this.bindEvents(); resolve(); });
    });
  }

  addLayers() {
    const m = this.map;
    for (const id of ['basemap', 'user', 'boundaries', 'circles', 'residents', 'resident-cells', 'stations', 'ghosts', 'ghost-circles', 'area', 'walkshed']) {
      m.addSource(id, { type: 'geojson', data: EMPTY });
    }
    m.addLayer({ id: 'water', type: 'fill', source: 'basemap', filter: ['==', ['get', 'layer'], 'water'], paint: { 'fill-color': '#a5d8ff' } });
    m.addLayer({ id: 'park', type: 'fill', source: 'basemap', filter: ['==', ['get', 'layer'], 'park'], paint: { 'fill-color': '#c3e6cb' } });
    m.addLayer({ id: 'compound', type: 'fill', source: 'basemap', filter: ['==', ['get', 'layer'], 'compound'], paint: { 'fill-color': '#e9e4dc', 'fill-outline-color': '#cfc6b8' } });
    const roadWidth = (p, s, r) => ['interpolate', ['exponential', 1.6], ['zoom'],
      11, ['match', ['get', 'class'], 'primary', p * 0.5, 'secondary', s * 0.5, r * 0.5],
      16, ['match', ['get', 'class'], 'primary', p * 4, 'secondary', s * 4, r * 4]];
    m.addLayer({ id: 'road-casing', type: 'line', source: 'basemap', filter: ['==', ['get', 'layer'], 'road'], layout: { 'line-cap': 'round' },
      paint: { 'line-color': '#d0d3d6', 'line-width': roadWidth(2.6, 1.8, 1.1) } });
    m.addLayer({ id: 'road', type: 'line', source: 'basemap', filter: ['==', ['get', 'layer'], 'road'], layout: { 'line-cap': 'round' },
      paint: { 'line-color': ['match', ['get', 'class'], 'primary', '#fff3bf', '#ffffff'], 'line-width': roadWidth(2, 1.3, 0.7) } });
    // A user's own layer (OSM streets, buildings, areas): polygons as light fills, lines as streets.
    m.addLayer({ id: 'user-fill', type: 'fill', source: 'user', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#e3ded5', 'fill-outline-color': '#c8bfb0' } });
    m.addLayer({ id: 'user-line', type: 'line', source: 'user', filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.8, 17, 5] } });
    m.addLayer({ id: 'user-casing', type: 'line', source: 'user', filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#c9ccd0', 'line-width': 0.6 } }, 'user-line');
    // Coverage ratio per unit: feature-state `r` (0..1); units without residents stay clear.
    m.addLayer({ id: 'unit-fill', type: 'fill', source: 'boundaries', filter: ['==', ['get', 'level'], 'community'],
      paint: { 'fill-color': ['interpolate', ['linear'], ['coalesce', ['feature-state', 'r'], 0], 0, '#f03e3e', 0.5, '#fcc419', 0.85, '#94d82d', 1, '#2f9e44'],
        'fill-opacity': ['case', ['==', ['coalesce', ['feature-state', 'r'], -1], -1], 0, 0.16] } });
    m.addLayer({ id: 'grid-line', type: 'line', source: 'boundaries', filter: ['==', ['get', 'level'], 'grid'], paint: { 'line-color': '#868e96', 'line-width': 0.6, 'line-dasharray': [3, 3] } });
    m.addLayer({ id: 'community-line', type: 'line', source: 'boundaries', filter: ['==', ['get', 'level'], 'community'], paint: { 'line-color': '#495057', 'line-width': 1.2 } });
    m.addLayer({ id: 'street-line', type: 'line', source: 'boundaries', filter: ['==', ['get', 'level'], 'street'], paint: { 'line-color': '#343a40', 'line-width': 2.4 } });
    m.addLayer({ id: 'circle-fill', type: 'fill', source: 'circles', paint: { 'fill-color': ['get', 'color'], 'fill-opacity': ['case', ['get', 'selected'], 0.14, 0.06] } });
    m.addLayer({ id: 'circle-line', type: 'line', source: 'circles', paint: { 'line-color': ['get', 'color'], 'line-width': ['case', ['get', 'selected'], 2.5, 1.4], 'line-opacity': 0.9 } });
    m.addLayer({ id: 'residents', type: 'circle', source: 'residents', paint: {
      'circle-color': ['case', ['==', ['coalesce', ['feature-state', 'c'], ['get', 'c']], 1], COVERED, UNCOVERED],
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, ['min', 4, ['*', 0.12, ['sqrt', ['get', 'p']]]], 16, ['min', 16, ['*', 0.6, ['sqrt', ['get', 'p']]]]],
      'circle-opacity': 0.75, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 12, 0, 15, 0.8] } });
    // Many residents at district zoom: ~150 m cells instead (sized by population, coloured by the
    // share covered: feature-state `r`), so that the map stays fluid while stations are dragged.
    m.addLayer({ id: 'resident-cells', type: 'circle', source: 'resident-cells', layout: { visibility: 'none' }, maxzoom: LOD_ZOOM, paint: {
      'circle-color': ['interpolate', ['linear'], ['coalesce', ['feature-state', 'r'], ['get', 'r']], 0, UNCOVERED, 0.5, '#fab005', 1, COVERED],
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, ['min', 5, ['*', 0.06, ['sqrt', ['get', 'p']]]], LOD_ZOOM, ['min', 14, ['*', 0.2, ['sqrt', ['get', 'p']]]]],
      'circle-opacity': 0.8 } });
    // The selected station's walkshed: the streets it reaches on foot within its radius.
    m.addLayer({ id: 'walkshed', type: 'line', source: 'walkshed', layout: { 'line-cap': 'round' }, paint: { 'line-color': ['get', 'color'], 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 2, 17, 6], 'line-opacity': 0.85 } });
    // The area siting is limited to (drawn by the planner), and the outline being drawn.
    m.addLayer({ id: 'area-fill', type: 'fill', source: 'area', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#4263eb', 'fill-opacity': 0.07 } });
    m.addLayer({ id: 'area-line', type: 'line', source: 'area', paint: { 'line-color': '#4263eb', 'line-width': 2, 'line-dasharray': [4, 2] } });
    m.addLayer({ id: 'area-vertex', type: 'circle', source: 'area', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 4, 'circle-color': '#4263eb' } });
    // Suggested sites: dashed radius circles and hollow markers until accepted.
    m.addLayer({ id: 'ghost-circle', type: 'line', source: 'ghost-circles', paint: { 'line-color': '#212529', 'line-width': 1.6, 'line-dasharray': [2, 2] } });
    m.addLayer({ id: 'ghosts', type: 'circle', source: 'ghosts', paint: { 'circle-radius': 9, 'circle-color': '#ffffff', 'circle-opacity': 0.85, 'circle-stroke-color': '#212529', 'circle-stroke-width': 2.5 } });
    m.addLayer({ id: 'station-halo', type: 'circle', source: 'stations', filter: ['==', ['get', 'id'], -1], paint: { 'circle-radius': 19, 'circle-color': '#ffffff', 'circle-opacity': 0.0, 'circle-stroke-color': '#212529', 'circle-stroke-width': 2.5 } });
    m.addLayer({ id: 'stations', type: 'symbol', source: 'stations', layout: { 'icon-image': ['concat', 'st-', ['get', 'kind']], 'icon-allow-overlap': true, 'icon-ignore-placement': true,
      'icon-size': ['interpolate', ['linear'], ['zoom'], 10, 0.55, 15, 0.9] } });
  }

  bindEvents() {
    const m = this.map;
    m.on('mouseenter', 'stations', () => { if (!this.placing) m.getCanvas().style.cursor = 'grab'; });
    m.on('mouseleave', 'stations', () => { if (!this.placing && !this.dragging) m.getCanvas().style.cursor = ''; });
    m.on('click', (e) => {
      if (this.justDragged) { this.justDragged = false; return; }
      if (this.drawing) { this.addVertex(e); return; }
      if (this.placing) { this.h.onPlace(e.lngLat.lng, e.lngLat.lat); return; }
      const hit = m.queryRenderedFeatures(e.point, { layers: ['stations'] })[0];
      this.h.onSelect(hit ? hit.properties.id : null);
    });
    m.on('mousedown', 'stations', (e) => {
      if (this.placing || this.drawing || e.originalEvent.button !== 0) return;
      e.preventDefault();
      const id = e.features[0].properties.id;
      const s = this.stations.get(id);
      if (!s) return;
      this.dragging = { id, from: [s.lon, s.lat], to: [s.lon, s.lat], moved: false };
      m.getCanvas().style.cursor = 'grabbing';
      this.h.onSelect(id);
      const move = (ev) => {
        const d = this.dragging;
        d.to = [ev.lngLat.lng, ev.lngLat.lat];
        d.moved = true;
        this.moveLocal(id, d.to[0], d.to[1]);
        this.h.onDrag(id, d.to[0], d.to[1]);
      };
      const up = () => {
        m.off('mousemove', move);
        const d = this.dragging;
        this.dragging = null;
        m.getCanvas().style.cursor = '';
        if (d.moved) { this.justDragged = true; setTimeout(() => { this.justDragged = false; }, 0); this.h.onDragEnd(d.id, d.from, d.to); }
      };
      m.on('mousemove', move);
      m.once('mouseup', up);
    });
  }

  /** An online basemap the user configured (`{url, attribution}`), or none. */
  setTiles(tiles) {
    if (this.map.getLayer('tiles')) this.map.removeLayer('tiles');
    if (this.map.getSource('tiles')) this.map.removeSource('tiles');
    if (!tiles?.url) return;
    this.map.addSource('tiles', { type: 'raster', tiles: [tiles.url], tileSize: 256, attribution: tiles.attribution || '' });
    this.map.addLayer({ id: 'tiles', type: 'raster', source: 'tiles' }, 'water');
  }

  /**
   * Lets the planner draw a polygon: a click adds a corner, a double click (or a click on the
   * first corner) closes it, Escape gives up. `done(ring)` gets the closed ring of [lon, lat], or
   * null when given up.
   */
  drawArea(done) {
    this.stopDrawing(null);
    this.setPlacing(false);
    this.drawing = { points: [], done };
    this.map.doubleClickZoom.disable();
    this.map.getCanvas().style.cursor = 'crosshair';
    this.drawing.key = (e) => { if (e.key === 'Escape') this.stopDrawing(null); };
    window.addEventListener('keydown', this.drawing.key);
    this.drawing.dbl = (e) => { e.preventDefault(); this.stopDrawing(this.drawing.points); };
    this.map.on('dblclick', this.drawing.dbl);
    this.showDrawing();
  }

  addVertex(e) {
    const d = this.drawing;
    const first = d.points[0] && this.map.project(d.points[0]);
    if (first && d.points.length >= 3 && Math.hypot(first.x - e.point.x, first.y - e.point.y) < 10) {
      this.stopDrawing(d.points);
      return;
    }
    const p = [e.lngLat.lng, e.lngLat.lat];
    const last = d.points.at(-1);
    if (!last || last[0] !== p[0] || last[1] !== p[1]) d.points.push(p);
    this.showDrawing();
  }

  showDrawing() {
    const pts = this.drawing.points;
    const features = pts.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: {} }));
    if (pts.length >= 2) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: pts }, properties: {} });
    this.map.getSource('area').setData({ type: 'FeatureCollection', features });
  }

  stopDrawing(points) {
    const d = this.drawing;
    if (!d) return;
    this.drawing = null;
    window.removeEventListener('keydown', d.key);
    this.map.off('dblclick', d.dbl);
    // Let the double click's own zoom pass before zooming on double clicks again.
    setTimeout(() => this.map.doubleClickZoom.enable(), 0);
    this.map.getCanvas().style.cursor = '';
    const ring = points && points.length >= 3 ? [...points, points[0]] : null;
    this.setArea(ring);
    d.done(ring);
  }

  /** Shows a walkshed: pieces `[lon0, lat0, lon1, lat1, …]` (or none), in a kind's colour. */
  setWalkshed(pieces, color = '#1c7ed6') {
    const features = [];
    for (let i = 0; pieces && i + 3 < pieces.length; i += 4) {
      features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [[pieces[i], pieces[i + 1]], [pieces[i + 2], pieces[i + 3]]] }, properties: { color } });
    }
    this.map.getSource('walkshed').setData({ type: 'FeatureCollection', features });
    this.walkshedCount = features.length;
  }

  /** Shows the siting area (a closed ring of [lon, lat]) or none. */
  setArea(ring) {
    const features = ring ? [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: {} }] : [];
    this.map.getSource('area').setData({ type: 'FeatureCollection', features });
  }

  setPlacing(on) {
    this.placing = on;
    this.map.getCanvas().style.cursor = on ? 'crosshair' : '';
  }

  ensureIcons(kinds) {
    kinds.forEach((k) => {
      const name = `st-${k.id}`;
      if (!this.map.hasImage(name)) {
        const { image, ratio } = iconImage(kindStyle(k.id));
        this.map.addImage(name, image, { pixelRatio: ratio });
      }
    });
  }

  setBasemap(basemap, boundaries) {
    this.map.getSource('basemap').setData(basemap ?? EMPTY);
    this.boundaries = boundaries ?? EMPTY;
    // Feature ids so that coverage ratios can be feature-state; unit ids join the engine's units.
    this.unitFeature.clear();
    const features = (this.boundaries.features ?? []).map((f, i) => {
      const id = f.properties?.id ?? f.properties?.name;
      if (id != null) this.unitFeature.set(`${f.properties?.level ?? ''}|${id}`, i);
      return { ...f, id: i };
    });
    this.map.getSource('boundaries').setData({ type: 'FeatureCollection', features });
  }

  setUserLayer(fc) {
    this.map.getSource('user').setData(fc ?? EMPTY);
  }

  /** Radius circles are drawn for one kind (the one being planned) and the selected station. */
  setCircleKind(kind) {
    const f = ['any', ['==', ['get', 'kind'], kind ?? ''], ['get', 'selected']];
    this.map.setFilter('circle-fill', f);
    this.map.setFilter('circle-line', f);
  }

  setChoroplethLevel(level) {
    this.map.setFilter('unit-fill', ['==', ['get', 'level'], level]);
  }

  /** Coverage ratio of each unit the boundaries know: `units` from the summary, for `kind` or 'all'. */
  setUnitRatios(units, kind) {
    for (const u of units) {
      const i = this.unitFeature.get(`${u.level}|${u.id}`);
      if (i === undefined) continue;
      const r = u.total_population > 0 ? (kind === 'all' ? u.all_kinds.coverage_ratio : (u.kinds.find((k) => k.kind === kind)?.coverage_ratio ?? 0)) : -1;
      this.map.setFeatureState({ source: 'boundaries', id: i }, { r });
    }
  }

  setResidents(r) {
    const n = r.population.length;
    const features = new Array(n);
    for (let i = 0; i < n; i++) {
      features[i] = { type: 'Feature', id: i, geometry: { type: 'Point', coordinates: [r.coordinates[2 * i], r.coordinates[2 * i + 1]] }, properties: { p: r.population[i], c: r.covered[i] } };
    }
    this.map.removeFeatureState({ source: 'residents' });
    this.map.getSource('residents').setData({ type: 'FeatureCollection', features });
    this.setCells(r);
  }

  /** Above LOD_RESIDENTS residents, cells of ~150 m carry the district view (below LOD_ZOOM). */
  setCells(r) {
    const n = r.population.length;
    const lod = n > LOD_RESIDENTS;
    document.body.dataset.lod = String(lod);
    this.map.setLayoutProperty('resident-cells', 'visibility', lod ? 'visible' : 'none');
    this.map.setLayerZoomRange('residents', lod ? LOD_ZOOM : 0, 24);
    this.map.removeFeatureState({ source: 'resident-cells' });
    this.cells = null;
    if (!lod) {
      this.map.getSource('resident-cells').setData(EMPTY);
      return;
    }
    const lat0 = r.coordinates[1];
    const dy = CELL_M / 111320;
    const dx = dy / Math.max(0.2, Math.cos((lat0 * Math.PI) / 180));
    const index = new Map();
    const cellOf = new Uint32Array(n);
    const pop = [];
    const covered = [];
    const sx = [];
    const sy = [];
    for (let i = 0; i < n; i++) {
      const lon = r.coordinates[2 * i];
      const lat = r.coordinates[2 * i + 1];
      const key = `${Math.floor(lon / dx)},${Math.floor(lat / dy)}`;
      let c = index.get(key);
      if (c === undefined) { c = pop.length; index.set(key, c); pop.push(0); covered.push(0); sx.push(0); sy.push(0); }
      const p = r.population[i];
      cellOf[i] = c;
      pop[c] += p;
      if (r.covered[i]) covered[c] += p;
      sx[c] += lon * p; sy[c] += lat * p;
    }
    const features = pop.map((p, c) => ({
      type: 'Feature', id: c,
      geometry: { type: 'Point', coordinates: p > 0 ? [sx[c] / p, sy[c] / p] : [0, 0] },
      properties: { p, r: p > 0 ? covered[c] / p : 0 },
    }));
    this.cells = { cellOf, pop, covered, population: r.population };
    this.map.getSource('resident-cells').setData({ type: 'FeatureCollection', features });
  }

  flipResidents(flips) {
    for (let j = 0; j < flips.indices.length; j++) {
      this.map.setFeatureState({ source: 'residents', id: flips.indices[j] }, { c: flips.covered[j] });
    }
    if (!this.cells) return;
    const { cellOf, pop, covered, population } = this.cells;
    const changed = new Set();
    for (let j = 0; j < flips.indices.length; j++) {
      const i = flips.indices[j];
      const c = cellOf[i];
      covered[c] += flips.covered[j] ? population[i] : -population[i];
      changed.add(c);
    }
    for (const c of changed) this.map.setFeatureState({ source: 'resident-cells', id: c }, { r: pop[c] > 0 ? Math.max(0, covered[c]) / pop[c] : 0 });
  }

  fitTo(coordinates) {
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < coordinates.length; i += 2) {
      w = Math.min(w, coordinates[i]); e = Math.max(e, coordinates[i]);
      s = Math.min(s, coordinates[i + 1]); n = Math.max(n, coordinates[i + 1]);
    }
    if (Number.isFinite(w)) this.map.fitBounds([[w, s], [e, n]], { padding: 40, animate: false, maxZoom: 16 });
  }

  /** The stations and their radius circles; circles are recomputed only for what moved. */
  setStations(stations, kinds) {
    const radius = new Map(kinds.map((k) => [k.id, k.radius_m]));
    const seen = new Set();
    let changed = false;
    for (const given of stations) {
      const old = this.stations.get(given.id);
      // While dragging, the pointer owns the dragged station's position (replies lag behind it).
      const s = this.dragging?.id === given.id && old ? { ...given, lon: old.lon, lat: old.lat } : given;
      seen.add(s.id);
      const r = radius.get(s.kind);
      const same = old && old.lon === s.lon && old.lat === s.lat && old.radius === r && old.kind === s.kind;
      if (!same) changed = true;
      this.stations.set(s.id, { ...s, radius: r, circle: same ? old.circle : ring(s.lon, s.lat, r) });
    }
    for (const id of [...this.stations.keys()]) if (!seen.has(id)) { this.stations.delete(id); changed = true; }
    // A drag step's update repeats the position the pointer already drew: nothing to redraw.
    if (changed) this.redrawStations();
  }

  moveLocal(id, lon, lat) {
    const s = this.stations.get(id);
    if (!s) return;
    s.lon = lon; s.lat = lat;
    s.circle = ring(lon, lat, s.radius);
    this.redrawStations();
  }

  select(id) {
    this.selected = id;
    this.map.setFilter('station-halo', ['==', ['get', 'id'], id ?? -1]);
    this.redrawStations();
  }

  redrawStations() {
    const points = [];
    const circles = [];
    for (const s of this.stations.values()) {
      points.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [s.lon, s.lat] }, properties: { id: s.id, kind: s.kind } });
      circles.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [s.circle] }, properties: { kind: s.kind, color: kindStyle(s.kind).color, selected: s.id === this.selected } });
    }
    this.map.getSource('stations').setData({ type: 'FeatureCollection', features: points });
    this.map.getSource('circles').setData({ type: 'FeatureCollection', features: circles });
  }

  /** Suggested sites `[{lon, lat}]` of a kind with radius `r` (or none). */
  setGhosts(sites, r) {
    const pts = (sites ?? []).map((g, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [g.lon, g.lat] }, properties: { i } }));
    const circles = (sites ?? []).map((g) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring(g.lon, g.lat, r)] }, properties: {} }));
    this.map.getSource('ghosts').setData({ type: 'FeatureCollection', features: pts });
    this.map.getSource('ghost-circles').setData({ type: 'FeatureCollection', features: circles });
  }

  flyTo(lon, lat) {
    this.map.flyTo({ center: [lon, lat], zoom: Math.max(this.map.getZoom(), 16), duration: 600 });
  }

  fitBox([w, s, e, n]) {
    this.map.fitBounds([[w, s], [e, n]], { padding: 60, duration: 500, maxZoom: 17 });
  }

  /** A PNG (data URL) of the map fitted to `coordinates`, for the printed report; the view the
   * planner had comes back afterwards. */
  async snapshot(coordinates) {
    const before = { center: this.map.getCenter(), zoom: this.map.getZoom() };
    this.fitTo(coordinates);
    const settled = new Promise((r) => { this.map.once('idle', r); setTimeout(r, 8000); });
    this.map.triggerRepaint();
    await settled;
    // The drawing buffer is only readable during the frame that drew it.
    const url = await new Promise((r) => {
      this.map.once('render', () => r(this.map.getCanvas().toDataURL('image/png')));
      this.map.triggerRepaint();
    });
    this.map.jumpTo(before);
    return url;
  }

  view() {
    const c = this.map.getCenter();
    return { center: [c.lng, c.lat], zoom: this.map.getZoom() };
  }

  setView(v) {
    if (v?.center) this.map.jumpTo({ center: v.center, zoom: v.zoom ?? this.map.getZoom() });
  }
}

/** A walking-radius circle: 96 vertices on the WGS-84 geodesic. */
function ring(lon, lat, r) {
  const flat = geodesicCircle(lon, lat, r, 96);
  const out = new Array(flat.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = [flat[2 * i], flat[2 * i + 1]];
  return out;
}
