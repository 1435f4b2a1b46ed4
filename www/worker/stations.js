// The plan's stations as the page and the project know them: app ids, WGS-84 positions, names.
import { plan } from './engine.js';
import * as ids from './ids.js';

/**
 * @typedef {{ id: number, kind: string, name: string, lon: number, lat: number }} StationRecord
 */

/** The engine's station list with app ids (`engine_id` kept for the engine's own calls). */
export function stationList(list = plan.planner.stations()) {
  return list.map((s) => ({ ...s, id: ids.appId(s.id), engine_id: s.id }));
}

/** The stations as records. @returns {StationRecord[]} */
export function stationsSnapshot() {
  return stationList().map(({ id, kind, name, lon, lat }) => ({ id, kind, name, lon, lat }));
}

/** Replaces every station of `pl` with `list` (WGS-84); returns the app id → engine id pairs, for
 * `ids.bindAll` once everything has succeeded. */
export function loadStationList(pl, list) {
  const fc = { type: 'FeatureCollection', features: list.map((s) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [s.lon, s.lat] }, properties: { kind: s.kind, name: s.name } })) };
  const engineIds = pl.loadStations(JSON.stringify(fc), { format: 'geojson', source: 'stations' });
  return list.map((s, i) => [s.id, engineIds[i]]);
}

/** Adds a station `{kind, lon, lat, name?}` to the engine under app id `id` (an unnamed one gets
 * its kind's next default name from the engine); returns the station as recorded. */
export function addStation(id, spec) {
  const engineId = plan.planner.addStation({ kind: spec.kind, lon: spec.lon, lat: spec.lat, name: spec.name?.trim() || undefined });
  ids.bind(id, engineId);
  const s = plan.planner.stations().find((x) => x.id === engineId);
  return { id, kind: s.kind, name: s.name, lon: spec.lon, lat: spec.lat };
}
