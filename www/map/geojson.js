// GeoJSON helpers of the map layers.

export const EMPTY = { type: 'FeatureCollection', features: [] };

/** A FeatureCollection of `features`. */
export function collection(features) {
  return { type: 'FeatureCollection', features };
}

/** A ring `[lon0, lat0, lon1, lat1, …]` (typed array) as GeoJSON positions. */
export function positions(flat) {
  const out = new Array(flat.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = [flat[2 * i], flat[2 * i + 1]];
  return out;
}
