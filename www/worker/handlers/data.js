// Handlers that bring data in or take the whole plan out: start-up, the demo, residents, stations,
// streets and OpenStreetMap files, and project files. Each import is one undoable operation.
import { demoFiles, importOsm, osmStationRules } from '../../pkg/lifecircle.js';
import { plan, start, newEnginePlanner, usePlanner, loadResidentsInput, FLOOR_AREA_PER_PERSON, NEW_KIND_RADIUS_M } from '../engine.js';
import * as ids from '../ids.js';
import { stationsSnapshot } from '../stations.js';
import { reset as resetScenarios } from '../scenarios.js';
import { project, openProject } from '../project.js';
import { record } from '../history.js';
import { update } from '../update.js';
import { reportProgress } from '../progress.js';

/** A fresh plan: a new Planner with the default kinds, no stations, the baseline only. */
function newPlan() {
  usePlanner(newEnginePlanner());
  ids.clear();
  resetScenarios();
}

/** How a file's name says it should be read, and in which coordinate system. */
function fileOptions(file) {
  const lower = (file.name || '').toLowerCase();
  const format = lower.endsWith('.json') || lower.endsWith('.geojson') ? 'geojson' : lower.endsWith('.csv') || lower.endsWith('.txt') || lower.endsWith('.tsv') ? 'csv' : 'auto';
  return { format, crs: file.crs || 'wgs84', source: file.name || 'file' };
}

/** The kinds a change added (their ids). */
function addedKinds(before) {
  return plan.planner.kinds().filter((k) => !before.has(k.id)).map((k) => k.id);
}

function kindIds() {
  return new Set(plan.planner.kinds().map((k) => k.id));
}

export const dataHandlers = {
  async init() {
    await start();
    newPlan();
    return {};
  },

  /** The demo district: the build's files, or a generated one of `size` residents for benchmarks. */
  async loadDemo(size) {
    let demo;
    if (size) {
      const d = demoFiles({ residents: size });
      demo = { ...d, source: 'generator', files: ['demo residents', 'demo stations'], boundaries: JSON.parse(d.boundaries), basemap: JSON.parse(d.basemap) };
    } else {
      // The demo's files beside the page (www/demo/), not beside this module.
      const get = async (name) => {
        const res = await fetch(new URL(`../../${name}`, import.meta.url));
        if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
        return res;
      };
      const [r, s, b, m] = await Promise.all(['demo/residents.csv', 'demo/stations.csv', 'demo/boundaries.geojson', 'demo/basemap.geojson'].map(get));
      const boundaries = await b.json();
      demo = {
        name: boundaries.name || '生活圈示例区（合成数据）',
        residents: new Uint8Array(await r.arrayBuffer()),
        stations: new Uint8Array(await s.arrayBuffer()),
        boundaries,
        basemap: await m.json(),
        source: 'demo',
        files: ['demo/residents.csv', 'demo/stations.csv'],
      };
    }
    plan.dataset = { name: demo.name, synthetic: true, source: demo.source };
    newPlan();
    loadResidentsInput({ data: demo.residents, options: { format: 'csv', source: demo.files[0] }, name: demo.files[0] });
    const engineIds = plan.planner.loadStations(demo.stations, { format: 'csv', source: demo.files[1] });
    plan.stationsSource = demo.files[1];
    for (const id of engineIds) ids.bind(ids.nextId(), id);
    return { ...update({ residentsChanged: true }), basemap: { boundaries: demo.boundaries, basemap: demo.basemap } };
  },

  /** Replaces the residents with a file's (bytes, `{name, crs}`); undoable. */
  importResidents(bytes, file) {
    const prev = plan.residentsInput;
    const prevDataset = plan.dataset;
    const next = { data: new Uint8Array(bytes), options: fileOptions(file), name: file.name };
    // Throws on a bad file, changing nothing. A large CSV reports its progress a megabyte at a time.
    loadResidentsInput(next, (done, total) => reportProgress(done / total));
    plan.dataset = { name: file.name, synthetic: false, source: 'file' };
    record({ type: 'residents', prev, next: plan.residentsInput, prevDataset, nextDataset: plan.dataset });
    return update({ residentsChanged: true });
  },

  /** The default station rules of an OSM import and the POI categories, for the page's dialog. */
  osmStationRules() {
    return osmStationRules();
  },

  /** A whole OpenStreetMap file (.osm or .osm.pbf): residents estimated from its buildings,
   * stations from its points of interest by `rules` (`[{tag, kind}]`, first match wins), and its
   * streets as the walking network. Residents and stations are one undoable edit. */
  importOsmFile(bytes, file, rules, floorArea) {
    const options = { station_rules: rules, default_station_rules: false, floor_area_per_person: floorArea || FLOOR_AREA_PER_PERSON };
    const r = importOsm(new Uint8Array(bytes), options, (done, total) => reportProgress(done / total));
    const source = file.name || 'osm';
    const prevResidents = plan.residentsInput;
    const prevDataset = plan.dataset;
    const prevStations = stationsSnapshot();
    const kindsBefore = kindIds();
    loadResidentsInput({ data: r.residents, options: { format: 'geojson', source }, name: source });
    // Every population of an OSM import is an estimate (made by importOsm, from footprint × floors).
    plan.residentsInput.estimated = r.counts.residents;
    plan.dataset = { name: source, synthetic: false, source: 'osm' };
    let engineIds;
    try {
      engineIds = plan.planner.loadStations(r.stations, { format: 'geojson', source, new_kind_radius_m: NEW_KIND_RADIUS_M });
    } catch (err) {
      loadResidentsInput(prevResidents);
      plan.dataset = prevDataset;
      throw err;
    }
    ids.bindAll(Array.from(engineIds, (id) => [ids.nextId(), id]));
    plan.stationsSource = source;
    plan.streetsInfo = plan.planner.loadStreets(r.streets, { format: 'geojson', source });
    plan.streetsInput = { text: r.streets, options: { format: 'geojson', source } };
    record({
      type: 'batch',
      label: 'osm',
      ops: [
        { type: 'residents', prev: prevResidents, next: plan.residentsInput, prevDataset, nextDataset: plan.dataset },
        { type: 'stations', prev: prevStations, next: stationsSnapshot() },
      ],
    });
    return { ...update({ residentsChanged: true }), streetsGeoJson: r.streets, newKinds: addedKinds(kindsBefore), counts: r.counts };
  },

  /** Loads the walking network (GeoJSON LineStrings or an .osm/.pbf file); not an undoable edit. */
  importStreets(bytes, file) {
    const lower = (file.name || '').toLowerCase();
    const pbf = lower.endsWith('.pbf');
    const osm = pbf || lower.endsWith('.osm') || lower.endsWith('.xml');
    const text = pbf ? '' : new TextDecoder().decode(bytes);
    const data = pbf ? new Uint8Array(bytes) : text;
    const options = { format: pbf ? 'pbf' : osm ? 'osm' : 'geojson', crs: file.crs || 'wgs84', source: file.name || 'streets' };
    plan.streetsInfo = plan.planner.loadStreets(data, options);
    // Kept for the project file as GeoJSON text (a .pbf's bytes would not survive JSON).
    const geojson = osm ? importOsm(data, {}).streets : null;
    plan.streetsInput = osm ? { text: geojson, options: { format: 'geojson', source: options.source } } : { text, options };
    // What the map draws: the streets as GeoJSON (an OSM file's highways read by the engine).
    return { ...update({ residentsChanged: true }), streetsGeoJson: geojson };
  },

  /** Replaces the stations with a file's; kinds the file names that are unknown are added. */
  importStations(bytes, file) {
    const prev = stationsSnapshot();
    const kindsBefore = kindIds();
    const engineIds = plan.planner.loadStations(new Uint8Array(bytes), { ...fileOptions(file), new_kind_radius_m: NEW_KIND_RADIUS_M });
    ids.bindAll(Array.from(engineIds, (id) => [ids.nextId(), id]));
    plan.stationsSource = file.name || 'stations';
    record({ type: 'stations', prev, next: stationsSnapshot() });
    return { ...update(), newKinds: addedKinds(kindsBefore), imported: engineIds.length };
  },

  /** Opens a project file's text; undoable (the previous state is kept in the history). */
  openProject(text, current) {
    let p;
    try { p = JSON.parse(text); } catch (err) { throw new Error(`project file is not valid JSON: ${err.message}`); }
    const prev = project(current);
    openProject(p);
    record({ type: 'project', prev, next: p });
    return { ...update({ residentsChanged: true }), view: p.view ?? null, layers: p.layers ?? null };
  },

  /** The project file: this state plus what the page holds (`{view, layers}`). */
  exportProject(extra) {
    return { text: JSON.stringify(project(extra)) };
  },
};
