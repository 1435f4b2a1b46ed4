// Finding places: station, resident and unit names that contain what the planner typed (the
// page adds the names of the streets it draws), each with where it is; what the map shows of a
// resident the planner clicked.
import { plan } from '../engine.js';
import { stationsSnapshot } from '../stations.js';
import { cellStats } from '../update.js';

/** Resident names, read once per residents load (a million names are read when first asked). */
let names = null;

function residentNames() {
  if (names?.generation !== plan.generation) names = { generation: plan.generation, list: plan.planner.residentNames() };
  return names.list;
}

export const findHandlers = {
  /** Up to `limit` places whose name contains `query` (case-insensitive): stations first, then
   * units (`{type: 'unit', level, id}`: the page knows their extent), then residents. */
  search(query, limit = 12) {
    const q = String(query ?? '').trim().toLowerCase();
    if (!q) return [];
    const out = [];
    const has = (s) => typeof s === 'string' && s.toLowerCase().includes(q);
    for (const s of stationsSnapshot()) {
      if (out.length >= limit) return out;
      if (has(s.name)) out.push({ type: 'station', id: s.id, name: s.name, kind: s.kind, lon: s.lon, lat: s.lat });
    }
    for (const u of plan.planner.units()) {
      if (out.length >= limit) return out;
      if (has(u.name) || has(u.id)) out.push({ type: 'unit', level: u.level, id: u.id, name: u.name || u.id });
    }
    const list = residentNames();
    let xy = null;
    for (let i = 0; i < list.length && out.length < limit; i++) {
      if (!has(list[i])) continue;
      xy ??= plan.planner.residentCoordinates();
      out.push({ type: 'resident', index: i, name: list[i], lon: xy[2 * i], lat: xy[2 * i + 1] });
    }
    return out;
  },

  /** Resident `index`: name, population, place (street, community, grid names) and, per kind,
   * how many of its stations reach them. */
  residentInfo(index) {
    const p = plan.planner;
    const i = Number(index);
    if (!Number.isInteger(i) || i < 0 || i >= p.residentCount) return null;
    const xy = p.residentCoordinates();
    const list = p.units();
    const of = p.residentUnits();
    const units = [0, 1, 2].map((l) => of[3 * i + l]).filter((u) => u !== 0xffffffff && list[u]).map((u) => ({ level: list[u].level, name: list[u].name || list[u].id }));
    return {
      index: i,
      name: p.residentNamesAt(Uint32Array.of(i))[0] ?? '',
      population: p.residentPopulation()[i],
      lon: xy[2 * i],
      lat: xy[2 * i + 1],
      units,
      kinds: p.kinds().map((k) => ({ id: k.id, label: k.label, label_en: k.label_en, radius_m: k.radius_m, stations: p.coveringCount(k.id)[i] })),
    };
  },

  /** The level-of-detail cells' sums as last sent to the map (null below 30,000 residents). */
  cellStats() {
    return cellStats();
  },
};
