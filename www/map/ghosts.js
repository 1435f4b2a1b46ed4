// Suggested sites: hollow markers and dashed radius circles until accepted.
import { EMPTY, collection, positions, setSourceData } from './geojson.js';

export class GhostsLayer {
  /** @param {import('maplibre-gl').Map} map */
  constructor(map) {
    this.map = map;
  }

  add() {
    const m = this.map;
    m.addSource('ghosts', { type: 'geojson', data: EMPTY });
    m.addSource('ghost-circles', { type: 'geojson', data: EMPTY });
    m.addLayer({ id: 'ghost-circle', type: 'line', source: 'ghost-circles', paint: { 'line-color': '#212529', 'line-width': 1.6, 'line-dasharray': [2, 2] } });
    m.addLayer({ id: 'ghosts', type: 'circle', source: 'ghosts', paint: { 'circle-radius': 9, 'circle-color': '#ffffff', 'circle-opacity': 0.85, 'circle-stroke-color': '#212529', 'circle-stroke-width': 2.5 } });
  }

  /** Suggested sites `[{lon, lat}]` and their circles (rings from the siting worker), or none. */
  set(sites, rings = []) {
    const pts = (sites ?? []).map((g, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [g.lon, g.lat] }, properties: { i } }));
    const circles = (rings ?? []).map((r) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [positions(r)] }, properties: {} }));
    setSourceData(this.map, 'ghosts', collection(pts));
    setSourceData(this.map, 'ghost-circles', collection(circles));
  }
}
