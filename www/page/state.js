// The page's own state — what is chosen and shown, not the plan (the worker holds that) — and the
// small functions that change it.

/** @typedef {{ basemap: any, boundaries: any, user: any }} Layers */

export const state = {
  /** The worker's latest update. @type {any} */
  update: null,
  /** The kind being planned (placing, radius, siting, the unit table's column). */
  kind: 'red_bee_station',
  /** The unit table's and the choropleth's level. */
  level: 'community',
  /** The unit table's sort: column and direction. */
  sort: { key: 'kind', dir: 1 },
  /** The unit table shows only units below the kind's target (未达标). */
  belowOnly: false,
  /** The selected station's app id. @type {number | null} */
  selected: null,
  /** Each unit's bounding box, `level|id` → [w, s, e, n]. @type {Map<string, number[]>} */
  unitBoxes: new Map(),
  /** The map's data layers. @type {Layers} */
  layers: { basemap: null, boundaries: null, user: null },
  /** The radius a slider move started from (null when none is moving). @type {number | null} */
  radiusFrom: null,
  /** The demo's own layers, and whether they are shown. @type {Layers | null} */
  demoLayers: null,
  showingDemo: false,
  /** The residents' coordinates as last sent (for the printed report's map). @type {Float64Array | null} */
  residentCoords: null,
};

/** The kind being planned. */
export function chooseKind(kind) {
  state.kind = kind;
}

/** Selects a station (or none). */
export function select(id) {
  state.selected = id;
}

/** The unit level shown. */
export function chooseLevel(level) {
  state.level = level;
}

/** Whether the unit table shows only the units below the kind's target. */
export function showBelowOnly(on) {
  state.belowOnly = on;
}

/** Sorts the unit table by `key`; the same key again reverses it. */
export function sortUnits(key) {
  state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : 1 };
}

/** Replaces the map's data layers. @param {Partial<Layers>} layers */
export function setLayers(layers) {
  state.layers = { basemap: layers.basemap ?? null, boundaries: layers.boundaries ?? null, user: layers.user ?? null };
}

/** A radius slider move starts from `from`; null when it ends. */
export function slideRadius(from) {
  state.radiusFrom = from;
}
