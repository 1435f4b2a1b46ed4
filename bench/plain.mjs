// The covered population per kind as a planner's analyst would script it: npm kdbush over the
// residents, `within` per station, a haversine check, covered flags — nothing else (issue 17's
// comparator for the engine's full coverage).

import KDBush from 'kdbush';

const R = 6371008.8; // mean Earth radius, metres
const RAD = Math.PI / 180;

/** The residents' index, built once as a script would at load. `coords`: lon, lat pairs. */
export function plainIndex(coords) {
  const n = coords.length / 2;
  const index = new KDBush(n);
  for (let i = 0; i < n; i++) index.add(coords[2 * i], coords[2 * i + 1]);
  return index.finish();
}

function haversine(lon1, lat1, lon2, lat2) {
  const dLat = (lat2 - lat1) * RAD, dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(a));
}

/**
 * Covered population per kind. `stations`: {kind, lon, lat}; `kinds`: {id, radius_m}.
 * The search circle in degrees is the radius over a degree of longitude at the station's latitude
 * (wider than a degree of latitude, so the circle holds the whole disk), then haversine decides.
 */
export function plainCoverage(index, coords, pop, stations, kinds) {
  const n = pop.length;
  return kinds.map((kind) => {
    const covered = new Uint8Array(n);
    const r = kind.radius_m;
    for (const s of stations) {
      if (s.kind !== kind.id) continue;
      const deg = (r / (R * RAD * Math.cos(s.lat * RAD))) * 1.01;
      for (const i of index.within(s.lon, s.lat, deg)) {
        if (!covered[i] && haversine(s.lon, s.lat, coords[2 * i], coords[2 * i + 1]) <= r) covered[i] = 1;
      }
    }
    let total = 0;
    for (let i = 0; i < n; i++) if (covered[i]) total += pop[i];
    return total;
  });
}
