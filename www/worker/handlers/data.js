// Handlers that bring data in or take the whole plan out: start-up (restoring the autosave), a
// blank plan, the demo, residents, stations, streets and OpenStreetMap files, and project files.
// Each import is one undoable operation and all or nothing: what can fail is done on a fresh
// engine (or by one engine call that changes nothing when it fails) before the plan changes.
import { crsInfo, sheetNames, packShapefile, demoFiles, importOsm, osmRuleCounts, osmStationRules, setMessageLanguage, walkingSpeeds, facilityStandards, readFacilityStandards, disaggregate } from '../../pkg/lifecircle.js';
import { plan, start, newEnginePlanner, usePlanner, loadResidentsInput, residentsOptions, kindSnapshot, FLOOR_AREA_PER_PERSON, NEW_KIND_RADIUS_M } from '../engine.js';
import * as ids from '../ids.js';
import { loadStationList, stationsSnapshot } from '../stations.js';
import { reset as resetScenarios } from '../scenarios.js';
import { capture, openChecked, openProject, projectText, blankProject } from '../project.js';
import { checkProject, cleanView, cleanLayers } from '../project-check.js';
import { record } from '../history.js';
import { update } from '../update.js';
import { reportProgress } from '../progress.js';
import * as autosave from '../autosave.js';
import { setWorkerLanguage, fail } from '../say.js';

/** A fresh plan: a new Planner with the default kinds, no stations, the baseline only. */
function newPlan() {
  usePlanner(newEnginePlanner());
  ids.clear();
  resetScenarios();
  plan.residentsInput = null;
  plan.streetsInput = null;
  plan.streetsInfo = null;
  plan.boundaries = null;
  plan.page = { view: null, layers: null };
}

/** Whether the plan holds anything a planner made or imported. */
function holdsWork() {
  return plan.planner.residentCount > 0 || plan.planner.stations().length > 0;
}

/** Replaces the whole plan by `change()` as one undoable step (`label` for the history); when
 * `change` fails, the plan before it is opened again, so nothing is half done. */
function replacePlan(label, change) {
  const prev = capture();
  try {
    change();
  } catch (err) {
    openProject(prev);
    throw err;
  }
  record({ type: 'project', label, prev, next: capture() });
}

/** Replaces the residents by `next` (`{data, options, name}`) as one undoable step; throws on a
 * bad file, changing nothing. */
function replaceResidents(next, progress) {
  const prev = plan.residentsInput;
  const prevDataset = plan.dataset;
  loadResidentsInput(next, progress);
  plan.dataset = { name: next.name, synthetic: false, source: 'file' };
  record({ type: 'residents', prev, next: plan.residentsInput, prevDataset, nextDataset: plan.dataset });
}

/** How a file's name says it should be read, and in which coordinate system. */
function fileOptions(file) {
  const lower = (file.name || '').toLowerCase();
  /** @type {'geojson' | 'csv' | 'auto'} */
  const format = lower.endsWith('.json') || lower.endsWith('.geojson') ? 'geojson' : lower.endsWith('.csv') || lower.endsWith('.txt') || lower.endsWith('.tsv') ? 'csv' : 'auto';
  return { format, crs: file.crs || 'wgs84', source: file.name || 'file', sheet: file.sheet ?? undefined };
}

/** The kinds a change added (their ids). */
function addedKinds(before) {
  return plan.planner.kinds().filter((k) => !before.has(k.id)).map((k) => k.id);
}

function kindIds() {
  return new Set(plan.planner.kinds().map((k) => k.id));
}

/** The update of the whole plan, with what the page keeps (view, layers). */
function whole() {
  return { ...update({ residentsChanged: true }), view: plan.page.view, layers: plan.page.layers };
}

/** Fetches and reads the demo district (the build's files, or a generated one of `size`). */
async function demoData(size) {
  if (size) {
    const d = demoFiles({ residents: size });
    return { ...d, source: 'generator', files: ['demo residents', 'demo stations'], boundaries: JSON.parse(d.boundaries), basemap: JSON.parse(d.basemap) };
  }
  // The demo's files beside the page (www/demo/), not beside this module.
  const get = async (name) => {
    const res = await fetch(new URL(`../../${name}`, import.meta.url));
    if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
    return res;
  };
  const [r, s, b, m] = await Promise.all(['demo/residents.csv', 'demo/stations.csv', 'demo/boundaries.geojson', 'demo/basemap.geojson'].map(get));
  const boundaries = await b.json();
  return {
    name: boundaries.name || '生活圈示例区（合成数据）',
    residents: new Uint8Array(await r.arrayBuffer()),
    stations: new Uint8Array(await s.arrayBuffer()),
    boundaries,
    basemap: await m.json(),
    source: 'demo',
    files: ['demo/residents.csv', 'demo/stations.csv'],
  };
}

export const dataHandlers = {
  /** Loads the engine and opens the autosaved plan, if there is one: `{restored: saved_at or
   * null, storage: why the autosave cannot be read (or null), unrestorable: why a save could not
   * be opened (it is kept aside)}`. Then `current` gives the plan. `lang`: the language of the
   * engine's error messages (the page's). */
  async init(lang = 'en') {
    await start();
    setMessageLanguage(lang);
    setWorkerLanguage(lang);
    newPlan();
    let saved;
    try {
      saved = await autosave.load();
    } catch (err) {
      return { restored: null, storage: String(err?.message ?? err), unrestorable: null };
    }
    if (!saved) return { restored: null, storage: null, unrestorable: null };
    try {
      openProject(saved);
      return { restored: saved.saved_at, storage: null, unrestorable: null };
    } catch (err) {
      newPlan();
      await autosave.setAside().catch(() => {});
      return { restored: null, storage: null, unrestorable: err.message };
    }
  },

  /** The whole plan as it is, with the page's view and layers (after start-up or a restart). */
  current() {
    return whole();
  },

  /** Writes a pending autosave now (before the page reloads itself). */
  async flush() {
    await autosave.flush();
    return {};
  },

  /** What the page keeps in a project: `{view?, layers?}` (layers are GeoJSON data only). */
  setPageState(state) {
    if (state?.view !== undefined) plan.page.view = cleanView(state.view);
    if (state?.layers !== undefined) plan.page.layers = cleanLayers(state.layers);
    return {};
  },

  /** A blank plan (default kinds, nothing else); undoable, so the plan before is not lost. */
  newProject(name) {
    replacePlan('newProject', () => openChecked(blankProject(String(name || 'untitled'))));
    return whole();
  },

  /** The demo district: the build's files, or a generated one of `size` residents for benchmarks.
   * Undoable when it replaces work. */
  async loadDemo(size) {
    const demo = await demoData(size);
    const load = () => {
      newPlan();
      plan.dataset = { name: demo.name, synthetic: true, source: demo.source };
      loadResidentsInput({ data: demo.residents, options: { format: 'csv', source: demo.files[0] }, name: demo.files[0] });
      const engineIds = plan.planner.loadStations(demo.stations, { format: 'csv', source: demo.files[1] });
      plan.stationsSource = demo.files[1];
      for (const id of engineIds) ids.bind(ids.nextId(), id);
      plan.page = { view: null, layers: { basemap: demo.basemap, boundaries: demo.boundaries, user: null } };
    };
    if (holdsWork()) replacePlan('demo', load); else load();
    return { ...whole(), basemap: { boundaries: demo.boundaries, basemap: demo.basemap } };
  },

  /** Replaces the residents with a file's (bytes, `{name, crs}`); undoable. */
  importResidents(bytes, file) {
    // A large CSV reports its progress a megabyte at a time.
    replaceResidents({ data: new Uint8Array(bytes), options: fileOptions(file), name: file.name }, (done, total) => reportProgress(done / total));
    return update({ residentsChanged: true });
  },

  /** Community census totals spread over buildings by floor area (engine `disaggregate`) and
   * loaded as the residents: one undoable step, all or nothing. `files`: the three files' names,
   * the floors assumed and the coordinate system. Returns the update and `{buildings, report}`. */
  disaggregateResidents(totals, buildings, communities, files) {
    const r = disaggregate(new Uint8Array(totals), new Uint8Array(buildings), {
      communities: communities ? new Uint8Array(communities) : null,
      totals_source: files.totals, buildings_source: files.buildings, communities_source: files.communities || undefined,
      default_floors: files.floors, crs: files.crs || 'wgs84',
    });
    const name = `${files.totals} → ${files.buildings}`;
    replaceResidents({ data: new TextEncoder().encode(r.text), options: { format: 'geojson', crs: 'wgs84', source: name }, name });
    return { ...update({ residentsChanged: true }), spread: { buildings: r.buildings, report: r.report } };
  },

  /** The default station rules of an OSM import and the POI categories, for the page's dialog. */
  /** The language of the engine's error messages: the page's ('zh' or 'en'). */
  setLanguage(lang) {
    setMessageLanguage(lang);
    setWorkerLanguage(lang);
  },

  osmStationRules() {
    return osmStationRules();
  },

  /** A Shapefile's files given one by one (`[{name, bytes}]`) as one zip the engine reads. */
  packShapefile(files) {
    return { bytes: packShapefile(files) };
  },

  /** The sheets of an Excel workbook (none for other files). */
  sheetNames(bytes) {
    return sheetNames(new Uint8Array(bytes));
  },

  /** A coordinate system's engine name and title (`crsInfo`), or an error naming the known ones. */
  crsInfo(name) {
    return crsInfo(name);
  },

  /** How many POIs of an OpenStreetMap file each rule (`[{tag, kind}]`, in order) would take. */
  osmRuleCounts(bytes, rules) {
    return osmRuleCounts(new Uint8Array(bytes), { rules }, (done, total) => reportProgress(done / total));
  },

  /** A whole OpenStreetMap file (.osm or .osm.pbf): residents estimated from its buildings,
   * stations from its points of interest by `rules` (`[{tag, kind}]`, first match wins), and its
   * streets as the walking network. Residents and stations are one undoable edit. */
  importOsmFile(bytes, file, rules, floorArea) {
    const options = { station_rules: rules, default_station_rules: false, floor_area_per_person: floorArea || FLOOR_AREA_PER_PERSON };
    const r = importOsm(new Uint8Array(bytes), options, (done, total) => reportProgress(done / total));
    const source = file.name || 'osm';
    const kindsBefore = kindIds();
    // Residents, stations and streets on a fresh engine with the plan's kinds: any failure leaves
    // the plan as it was.
    const fresh = newEnginePlanner();
    let engineIds;
    let streetsInfo = null;
    const residents = { data: r.residents, options: { format: 'geojson', source }, name: source };
    try {
      for (const k of kindSnapshot()) fresh.setKind({ kind: k.id, label: k.label, label_en: k.label_en, radius_m: k.radius_m, capacity: k.capacity ?? null, counted: k.counted ?? true, target: k.target ?? null });
      fresh.loadResidents(r.residents, residentsOptions(residents.options));
      engineIds = fresh.loadStations(r.stations, { format: 'geojson', source, new_kind_radius_m: NEW_KIND_RADIUS_M });
      if (r.counts.streets > 0) streetsInfo = fresh.loadStreets(r.streets, { format: 'geojson', source });
    } catch (err) {
      fresh.free();
      throw err;
    }
    replacePlan('osm', () => {
      usePlanner(fresh);
      ids.bindAll(Array.from(engineIds, (id) => [ids.nextId(), id]));
      resetScenarios();
      // Every population of an OSM import is an estimate (made by importOsm, from footprint × floors).
      plan.residentsInput = { ...residents, estimated: r.counts.residents };
      plan.dataset = { name: source, synthetic: false, source: 'osm' };
      plan.stationsSource = source;
      plan.streetsInfo = streetsInfo;
      plan.streetsInput = streetsInfo ? { text: r.streets, options: { format: 'geojson', source } } : null;
      plan.page = { view: plan.page.view, layers: null };
    });
    return { ...update({ residentsChanged: true }), streetsGeoJson: r.streets, newKinds: addedKinds(kindsBefore), counts: r.counts };
  },

  /** Loads the walking network (GeoJSON LineStrings or an .osm/.pbf file); undoable. */
  importStreets(bytes, file) {
    const lower = (file.name || '').toLowerCase();
    const pbf = lower.endsWith('.pbf');
    const osm = pbf || lower.endsWith('.osm') || lower.endsWith('.xml');
    const text = pbf ? '' : new TextDecoder().decode(bytes);
    const data = pbf ? new Uint8Array(bytes) : text;
    /** @type {import('../../pkg/lifecircle.js').StreetOptions} */
    const options = { format: pbf ? 'pbf' : osm ? 'osm' : 'geojson', crs: file.crs || 'wgs84', source: file.name || 'streets' };
    // Kept for the project file as GeoJSON text (a .pbf's bytes would not survive JSON), read
    // before anything changes.
    const geojson = osm ? importOsm(data, {}).streets : null;
    const prev = { input: plan.streetsInput, info: plan.streetsInfo };
    // One engine call, which changes nothing when it fails.
    plan.streetsInfo = plan.planner.loadStreets(data, options);
    plan.streetsInput = osm ? { text: geojson, options: { format: 'geojson', source: options.source } } : { text, options };
    record({ type: 'streets', prev, next: { input: plan.streetsInput, info: plan.streetsInfo } });
    // What the map draws: the streets as GeoJSON (an OSM file's highways read by the engine).
    return { ...update({ residentsChanged: true }), streetsGeoJson: geojson };
  },

  /** The walking-speed profiles a radius may be given with (data/walking-speeds.csv). */
  walkingSpeeds() {
    return walkingSpeeds();
  },

  /** The facility standards table kinds are added from: the repository's, or a city's own file
   * (`{rows}`; an error names the file, line and column). */
  facilityStandards(bytes, file) {
    return { rows: bytes ? readFacilityStandards(new Uint8Array(bytes), { source: file?.name || 'standards' }) : facilityStandards() };
  },

  /** A kind from the standards table (`{id, label, label_en, radius_m}`): left out of life-circle
   * completeness until it has stations (a counted kind with none makes completeness 0); one
   * undoable step. */
  addKind(k) {
    const p = plan.planner;
    const clash = p.kinds().find((x) => x.id === k.id || x.label === k.label);
    if (clash) throw fail(`there is already a kind ${clash.label} (${clash.id})`, `已有设施类型「${clash.label}」`);
    replacePlan('addKind', () => p.setKind({ kind: k.id, label: k.label, label_en: k.label_en || k.label, radius_m: k.radius_m, counted: false }));
    return { ...update(), added: k.id };
  },

  /** Uses a file's polygons (GeoJSON or a Shapefile) as the units of `file.level`, as one undoable
   * step; the map's boundary layer gets them in place of that level's. Returns the update, what
   * was loaded (`{level, source, polygons, unassigned}`) and the map layers. */
  importBoundaries(bytes, file) {
    let load;
    replacePlan('boundaries', () => {
      load = plan.planner.loadBoundaries(new Uint8Array(bytes), { level: file.level, name_field: file.nameField || undefined, crs: file.crs || 'wgs84', source: file.name || 'boundaries' });
      const geojson = plan.planner.boundariesGeoJson();
      plan.boundaries = { geojson, sources: { ...plan.boundaries?.sources, [load.level]: load.source } };
      // The units changed: the residents block a project keeps is made again.
      plan.generation++;
      const drawn = JSON.parse(geojson).features;
      const levels = new Set(drawn.map((f) => f.properties.level));
      const layers = plan.page.layers ?? { basemap: null, boundaries: null, user: null };
      const kept = (layers.boundaries?.features ?? []).filter((f) => !levels.has(f.properties?.level));
      plan.page = { ...plan.page, layers: { ...layers, boundaries: { type: 'FeatureCollection', features: [...kept, ...drawn] } } };
    });
    return { ...update({ residentsChanged: true }), load, layers: plan.page.layers };
  },

  /** Replaces the stations with a file's; kinds the file names that are unknown are added. */
  importStations(bytes, file) {
    const prev = stationsSnapshot();
    const kindsBefore = kindIds();
    const options = { ...fileOptions(file), new_kind_radius_m: NEW_KIND_RADIUS_M, kind_map: file.kindMap ?? {} };
    let imported;
    if (file.mode === 'append' && prev.length) {
      // Read aside on a fresh engine with the plan's kinds, then load the plan's stations and the
      // file's together in one engine call: a failure anywhere changes nothing.
      const scratch = newEnginePlanner();
      let added;
      try {
        for (const k of kindSnapshot()) scratch.setKind({ kind: k.id, label: k.label, label_en: k.label_en, radius_m: k.radius_m });
        scratch.loadStations(new Uint8Array(bytes), options);
        const known = new Set(kindIds());
        for (const k of scratch.kinds()) if (!known.has(k.id)) plan.planner.setKind({ kind: k.id, label: k.label, label_en: k.label_en, radius_m: k.radius_m });
        added = scratch.stations().map((s) => ({ id: ids.nextId(), kind: s.kind, name: s.name, lon: s.lon, lat: s.lat }));
      } finally {
        scratch.free();
      }
      ids.bindAll(loadStationList(plan.planner, [...prev, ...added]));
      imported = added.length;
    } else {
      const engineIds = plan.planner.loadStations(new Uint8Array(bytes), options);
      ids.bindAll(Array.from(engineIds, (id) => [ids.nextId(), id]));
      imported = engineIds.length;
    }
    plan.stationsSource = file.name || 'stations';
    record({ type: 'stations', prev, next: stationsSnapshot() });
    return { ...update(), newKinds: addedKinds(kindsBefore), imported };
  },

  /** The kinds a stations file names: `[{name, stations, kind, nearest, distance}]` (see the
   * engine's `stationKinds`), before it is imported. */
  stationKinds(bytes, file) {
    return plan.planner.stationKinds(new Uint8Array(bytes), fileOptions(file));
  },

  /** Opens a project file's text; undoable. The file is checked completely first: a file that
   * fails changes nothing. */
  openProject(text) {
    let p;
    try {
      p = JSON.parse(text);
    } catch (err) {
      // The browser's own text is English; the Chinese gives the place it names.
      const at = /position (\d+)/.exec(err.message)?.[1];
      throw fail(`project file is not valid JSON: ${err.message}`, `项目文件不是有效的 JSON${at ? `：第 ${Number(at) + 1} 个字符附近有误` : ''}（文件不完整或已损坏？）`);
    }
    const s = checkProject(p);
    const prev = capture();
    openChecked(s);
    record({ type: 'project', prev, next: s });
    return { ...whole(), warnings: s.warnings };
  },

  /** The project file's text: the plan, with what the page holds (`{view, layers}`). */
  exportProject(extra) {
    if (extra) dataHandlers.setPageState(extra);
    return { text: projectText() };
  },
};
