// Handlers that answer without changing the plan: exports (report CSV, GeoJSON, Shapefiles, the
// workbook) and
// siting (suggestions, and the input a siting worker solves).
import { plan, FLOOR_AREA_PER_PERSON } from '../engine.js';
import * as ids from '../ids.js';
import { scenarios } from '../scenarios.js';

export const exportHandlers = {
  /** The coverage workbook (.xlsx bytes) of the active scenario, compared with the baseline when
   * it is a proposal, with the siting suggestion shown. `{lang, title, baseline_name, crs, siting}`. */
  exportWorkbook(spec) {
    const sources = [plan.residentsInput?.name, plan.stationsSource, plan.streetsInput?.options?.source].filter(Boolean);
    const proposal = scenarios.active > 0 ? scenarios.list[scenarios.active].name : null;
    const bytes = plan.planner.workbook({
      lang: spec.lang,
      title: spec.title || plan.dataset.name || 'Lifecircle',
      sources,
      crs: spec.crs,
      scenario: proposal ?? spec.baseline_name,
      floor_area_per_person: FLOOR_AREA_PER_PERSON,
      compare: proposal ? { name: proposal, baseline_name: spec.baseline_name, keys: ids.pairs() } : undefined,
      siting: spec.siting ?? undefined,
    });
    return { bytes };
  },

  exportCsv(lang) {
    return { text: plan.planner.reportCsv(lang) };
  },

  /** Stations GeoJSON: `{crs, lang}` (property names in the page's language). */
  exportStations({ crs, lang }) {
    return { text: plan.planner.stationsGeoJson(crs, lang) };
  },

  /** Residents GeoJSON as a Blob built from pieces of a few megabytes: a large district is never
   * one string (600,000 residents make some 250 MB of text). `{crs, lang}`. */
  exportResidents({ crs, lang }) {
    const parts = [];
    plan.planner.residentsGeoJsonPieces(crs, 8 << 20, (piece) => { parts.push(new Blob([piece])); }, lang);
    return { blob: new Blob(parts, { type: 'application/geo+json' }) };
  },

  /** Stations or residents (`layer`) as a zipped Shapefile: `{layer, crs, lang}` → `{bytes}`
   * (short .dbf names, their full names in `{layer}.fields.csv`, the .prj of `crs`). */
  exportShapefile({ layer, crs, lang }) {
    const p = plan.planner;
    return { bytes: layer === 'stations' ? p.stationsShapefile(crs, lang) : p.residentsShapefile(crs, lang) };
  },

  /** Test hook (browser tests): breaks the engine as a bug would, `'panic'` or `'trap'`. */
  crashForTest(how) {
    plan.planner.crashForTest(how);
    return {};
  },

  /** Siting suggestions for a kind (see Planner.suggest); nothing changes until accepted. */
  suggest(spec) {
    return { result: plan.planner.suggest(spec) };
  },

  /** The input of a siting run, to be solved in its own worker (www/siting-worker.js). */
  sitingInput(spec) {
    return { input: plan.planner.sitingInput(spec) };
  },
};
