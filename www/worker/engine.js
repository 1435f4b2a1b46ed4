// The engine worker's one plan: the WebAssembly Planner and what it was loaded from (the
// residents' and streets' inputs, the dataset's name), and how the page colours residents.
import init, { Planner } from '../pkg/lifecircle.js';

/** Options every residents import gets: buildings without population are estimated (labelled). */
export const FLOOR_AREA_PER_PERSON = 36.52; // m², 2020 census urban average
/** Radius of a kind a stations file introduces; the planner adjusts it with the slider. */
export const NEW_KIND_RADIUS_M = 500;
/** Most residents the app holds (the engine and the CLI read up to 5,000,000). The map draws them
 * from typed arrays (map/residents.js); at a million the tab (page and engine worker) holds some
 * 2.1 GB, most of it the engine's WebAssembly memory (BENCHMARKS.md, `bench/drag.mjs 1000000`),
 * which a 32-bit WebAssembly memory caps at 4 GB: a million is the limit. */
export const MAX_APP_RESIDENTS = 1_000_000;

/**
 * @typedef {{ data: Uint8Array | string, options: Record<string, any>, name: string, estimated?: number }} ResidentsInput
 * @typedef {{ text: string, options: Record<string, any> }} StreetsInput
 * @typedef {{ name: string, synthetic: boolean, source?: string }} Dataset
 */

export const plan = {
  /** The engine (set by the first `usePlanner`). */
  planner: /** @type {Planner} */ (/** @type {unknown} */ (null)),
  /** The residents as last loaded (undo of an import reloads them). @type {ResidentsInput | null} */
  residentsInput: null,
  /** The streets file as loaded (kept for the project file). @type {StreetsInput | null} */
  streetsInput: null,
  /** What the engine made of the streets. @type {any} */
  streetsInfo: null,
  /** @type {Dataset} */
  dataset: { name: '', synthetic: false },
  /** Where the stations came from, for the workbook's sources. */
  stationsSource: '',
  /** How the page colours residents: a kind id, or 'all' (covered by every kind with stations). */
  display: 'all',
  /** What residents and units are coloured by: covered or not ('coverage'), distance to the
   * nearest station ('distance') or 2SFCA supply ('access'); see gap.js. */
  gapView: 'coverage',
  /** Boundary polygons in use: the engine's GeoJSON of every level and each level's file name
   * (a project keeps them). @type {{ geojson: string, sources: Record<string, string> } | null} */
  boundaries: null,
  /** Counts residents loads (a new Planner or new residents), so that copies of their columns
   * know when they are stale. */
  generation: 0,
  /** What the page holds that a project keeps: the map view and the data layers (GeoJSON
   * objects, never addresses). @type {{ view: any, layers: any }} */
  page: { view: null, layers: null },
};

/** The residents as the engine's binary block (made once per residents load). */
let block = { generation: -1, data: /** @type {Uint8Array | null} */ (null) };

/** The residents as a binary block `{format, data, name, estimated}`, or null when there are none. */
export function residentsBlock() {
  if (!plan.planner.residentCount) return null;
  if (block.generation !== plan.generation) block = { generation: plan.generation, data: plan.planner.residentsBinary() };
  return { format: 'lifecircle-residents', data: block.data, name: plan.residentsInput?.name ?? '', estimated: plan.planner.residentsEstimated };
}

/** Loads the WebAssembly module (once). */
export async function start() {
  await init();
}

/** A new, empty Planner. */
export function newEnginePlanner() {
  return new Planner();
}

/** Makes `p` the plan's Planner, freeing the one it replaces. */
export function usePlanner(p) {
  if (plan.planner && plan.planner !== p) plan.planner.free();
  plan.planner = p;
  plan.generation++;
}

/** Loads residents into the plan's Planner and remembers the input (for undo and projects). */
export function loadResidentsInput(input, onProgress) {
  plan.planner.loadResidents(input.data, residentsOptions(input.options), onProgress);
  plan.residentsInput = { ...input, estimated: plan.planner.residentsEstimated };
  plan.generation++;
}

/** The options every residents load gets: estimates for buildings, the app's row limit. */
export function residentsOptions(options) {
  return { ...options, floor_area_per_person: FLOOR_AREA_PER_PERSON, max_rows: MAX_APP_RESIDENTS };
}

/** The kinds of an engine planner as a project stores them. */
export function kindsOf(p) {
  return p.kinds().map(({ id, label, label_en, radius_m, capacity, demand, counted, target }) => ({ id, label, label_en, radius_m, capacity, demand, counted, target }));
}

/** The plan's kinds as a project stores them. */
export function kindSnapshot() {
  return kindsOf(plan.planner);
}
