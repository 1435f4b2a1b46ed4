// Residents as circles sized by population, green when covered and red when not (a flip is
// feature-state), or in the gap view by class of distance or supply (feature-state `g`); above
// 30,000 residents, ~150 m cells coloured by the share covered (or the mean class) stand for them
// below zoom 15.
import { EMPTY } from './geojson.js';
import { COVERED, UNCOVERED, GAP_COLORS, gapColor } from './styles.js';

/** @type {any} */
const COVER_COLOR = ['case', ['==', ['coalesce', ['feature-state', 'c'], ['get', 'c']], 1], COVERED, UNCOVERED];
/** @type {any} */
const CELL_COLOR = ['interpolate', ['linear'], ['coalesce', ['feature-state', 'r'], ['get', 'r']], 0, UNCOVERED, 0.5, '#fab005', 1, COVERED];
/** @type {any} */
const CELL_GAP_COLOR = ['interpolate', ['linear'], ['coalesce', ['feature-state', 'g'], 6], ...GAP_COLORS.flatMap((c, i) => [i + 1, c])];

/** Level of detail: above this many residents, cells of CELL_M metres stand for them below LOD_ZOOM. */
const LOD_RESIDENTS = 30000;
const LOD_ZOOM = 15;
const CELL_M = 150;

export class ResidentsLayer {
  /** @param {import('maplibre-gl').Map} map */
  constructor(map) {
    this.map = map;
    /** The cells of a large district: each resident's cell, and each cell's population and
     * covered population. @type {{ cellOf: Uint32Array, pop: number[], covered: number[], population: Float64Array } | null} */
    this.cells = null;
    /** The gap classes drawn (null: covered or not). @type {Uint8Array | null} */
    this.gapShown = null;
  }

  add() {
    const m = this.map;
    m.addSource('residents', { type: 'geojson', data: EMPTY });
    m.addSource('resident-cells', { type: 'geojson', data: EMPTY });
    m.addLayer({ id: 'residents', type: 'circle', source: 'residents', paint: {
      'circle-color': COVER_COLOR,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, ['min', 4, ['*', 0.12, ['sqrt', ['get', 'p']]]], 16, ['min', 16, ['*', 0.6, ['sqrt', ['get', 'p']]]]],
      'circle-opacity': 0.75, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 12, 0, 15, 0.8] } });
    // Many residents at district zoom: cells instead (sized by population, coloured by the share
    // covered: feature-state `r`), so that the map stays fluid while stations are dragged.
    m.addLayer({ id: 'resident-cells', type: 'circle', source: 'resident-cells', layout: { visibility: 'none' }, maxzoom: LOD_ZOOM, paint: {
      'circle-color': CELL_COLOR,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, ['min', 5, ['*', 0.06, ['sqrt', ['get', 'p']]]], LOD_ZOOM, ['min', 14, ['*', 0.2, ['sqrt', ['get', 'p']]]]],
      'circle-opacity': 0.8 } });
  }

  /** Every resident: `{coordinates, population, covered}` columns. */
  setResidents(r) {
    const n = r.population.length;
    const features = new Array(n);
    for (let i = 0; i < n; i++) {
      features[i] = { type: 'Feature', id: i, geometry: { type: 'Point', coordinates: [r.coordinates[2 * i], r.coordinates[2 * i + 1]] }, properties: { p: r.population[i], c: r.covered[i] } };
    }
    this.map.removeFeatureState({ source: 'residents' });
    /** @type {any} */ (this.map.getSource('residents')).setData({ type: 'FeatureCollection', features });
    // Every class is set again (the states went with the data); the paint stays as it is.
    if (this.gapShown) this.gapShown = new Uint8Array(0);
    this.setCells(r);
  }

  /** The gap view's classes per resident (`gap.classes`), or null for covered or not: only the
   * residents whose class changed get a new feature-state; cells take their population's mean
   * class. */
  setGap(gap) {
    const classes = gap?.classes ?? null;
    const m = this.map;
    // A paint change re-evaluates every loaded tile: only when the view changes.
    if (Boolean(classes) !== Boolean(this.gapShown)) {
      m.setPaintProperty('residents', 'circle-color', classes ? gapColor() : COVER_COLOR);
      m.setPaintProperty('resident-cells', 'circle-color', classes ? CELL_GAP_COLOR : CELL_COLOR);
    }
    const shown = this.gapShown;
    this.gapShown = classes;
    if (!classes) return;
    for (let i = 0; i < classes.length; i++) {
      if (!shown || shown.length !== classes.length || shown[i] !== classes[i]) m.setFeatureState({ source: 'residents', id: i }, { g: classes[i] });
    }
    if (!this.cells) return;
    const { cellOf, pop, population } = this.cells;
    const sum = new Float64Array(pop.length);
    for (let i = 0; i < classes.length; i++) sum[cellOf[i]] += population[i] * classes[i];
    for (let c = 0; c < pop.length; c++) m.setFeatureState({ source: 'resident-cells', id: c }, { g: pop[c] > 0 ? sum[c] / pop[c] : 6 });
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
      /** @type {any} */ (this.map.getSource('resident-cells')).setData(EMPTY);
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
    /** @type {any} */ (this.map.getSource('resident-cells')).setData({ type: 'FeatureCollection', features });
  }

  /** Residents whose colour changed: `{indices, covered}`. */
  flip(flips) {
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
}
