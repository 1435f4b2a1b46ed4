// The selected station's walkshed: the streets it reaches on foot within its radius.
import { EMPTY, collection, setSourceData } from './geojson.js';

export class WalkshedLayer {
  /** @param {import('maplibre-gl').Map} map */
  constructor(map) {
    this.map = map;
    /** Pieces drawn (for the browser test's probe). */
    this.count = 0;
  }

  add() {
    this.map.addSource('walkshed', { type: 'geojson', data: EMPTY });
    this.map.addLayer({ id: 'walkshed', type: 'line', source: 'walkshed', layout: { 'line-cap': 'round' }, paint: { 'line-color': ['get', 'color'], 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 2, 17, 6], 'line-opacity': 0.85 } });
  }

  /** Shows pieces `[lon0, lat0, lon1, lat1, …]` (or none) in a kind's colour. */
  set(pieces, color = '#1c7ed6') {
    const features = [];
    for (let i = 0; pieces && i + 3 < pieces.length; i += 4) {
      features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [[pieces[i], pieces[i + 1]], [pieces[i + 2], pieces[i + 3]]] }, properties: { color } });
    }
    setSourceData(this.map, 'walkshed', collection(features));
    this.count = features.length;
  }
}
