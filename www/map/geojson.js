// GeoJSON helpers of the map layers, and which layers are drawn: a layer whose source is empty is
// hidden (MapLibre would still draw a stencil mask per tile for it, twice a frame).

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

/** Why each layer is hidden now, per map: a layer is drawn when nothing hides it.
 * @type {WeakMap<object, Map<string, Set<string>>>} */
const hiddenBy = new WeakMap();

/** Hides layer `id` for `reason` (or stops hiding it for that reason); the layer is drawn when
 * no reason hides it. @param {import('maplibre-gl').Map} map */
export function hide(map, id, reason, on) {
  if (!hiddenBy.has(map)) hiddenBy.set(map, new Map());
  const layers = /** @type {Map<string, Set<string>>} */ (hiddenBy.get(map));
  if (!layers.has(id)) layers.set(id, new Set());
  const why = /** @type {Set<string>} */ (layers.get(id));
  const was = why.size > 0;
  if (on) why.add(reason); else why.delete(reason);
  if (was !== why.size > 0 && map.getLayer(id)) map.setLayoutProperty(id, 'visibility', why.size ? 'none' : 'visible');
}

/** Sets GeoJSON source `id`'s data; its layers are drawn only while it has features.
 * @param {import('maplibre-gl').Map} map @param {{ type: string, features: any[] }} fc */
export function setSourceData(map, id, fc) {
  /** @type {import('maplibre-gl').GeoJSONSource} */ (map.getSource(id)).setData(/** @type {any} */ (fc));
  const empty = Array.isArray(fc.features) && fc.features.length === 0;
  for (const layer of map.getLayersOrder()) if (map.getLayer(layer)?.source === id) hide(map, layer, 'empty', empty);
}
