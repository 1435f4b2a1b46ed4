// The area siting is limited to: drawn by the planner (a click adds a corner, a double click or a
// click on the first corner closes it, Escape gives up) and shown until cleared.
import { EMPTY, collection, setSourceData } from './geojson.js';

export class AreaLayer {
  /** @param {import('maplibre-gl').Map} map */
  constructor(map) {
    this.map = map;
    /** The outline being drawn. @type {{ points: number[][], done: (ring: number[][] | null) => void, key?: any, dbl?: any } | null} */
    this.drawing = null;
  }

  add() {
    const m = this.map;
    m.addSource('area', { type: 'geojson', data: EMPTY });
    m.addLayer({ id: 'area-fill', type: 'fill', source: 'area', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#4263eb', 'fill-opacity': 0.07 } });
    m.addLayer({ id: 'area-line', type: 'line', source: 'area', paint: { 'line-color': '#4263eb', 'line-width': 2, 'line-dasharray': [4, 2] } });
    m.addLayer({ id: 'area-vertex', type: 'circle', source: 'area', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 4, 'circle-color': '#4263eb' } });
  }

  /** Starts drawing; `done(ring)` gets the closed ring of [lon, lat], or null when given up. */
  draw(done) {
    this.stop(null);
    this.drawing = { points: [], done };
    this.map.doubleClickZoom.disable();
    this.map.getCanvas().style.cursor = 'crosshair';
    this.drawing.key = (e) => { if (e.key === 'Escape') this.stop(null); };
    window.addEventListener('keydown', this.drawing.key);
    this.drawing.dbl = (e) => { e.preventDefault(); this.stop(this.drawing.points); };
    this.map.on('dblclick', this.drawing.dbl);
    this.show();
  }

  /** A click while drawing: a corner, or the first corner again (which closes the outline). */
  click(e) {
    const d = this.drawing;
    const first = d.points[0] && this.map.project(/** @type {[number, number]} */ (d.points[0]));
    if (first && d.points.length >= 3 && Math.hypot(first.x - e.point.x, first.y - e.point.y) < 10) {
      this.stop(d.points);
      return;
    }
    const p = [e.lngLat.lng, e.lngLat.lat];
    const last = d.points.at(-1);
    if (!last || last[0] !== p[0] || last[1] !== p[1]) d.points.push(p);
    this.show();
  }

  show() {
    const pts = this.drawing.points;
    /** @type {any[]} */
    const features = pts.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: {} }));
    if (pts.length >= 2) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: pts }, properties: {} });
    setSourceData(this.map, 'area', collection(features));
  }

  /** Ends drawing with `points` (null: given up). */
  stop(points) {
    const d = this.drawing;
    if (!d) return;
    this.drawing = null;
    window.removeEventListener('keydown', d.key);
    this.map.off('dblclick', d.dbl);
    // Let the double click's own zoom pass before zooming on double clicks again.
    setTimeout(() => this.map.doubleClickZoom.enable(), 0);
    this.map.getCanvas().style.cursor = '';
    const ring = points && points.length >= 3 ? [...points, points[0]] : null;
    this.set(ring);
    d.done(ring);
  }

  /** Shows the area (a closed ring of [lon, lat]) or none. */
  set(ring) {
    const features = ring ? [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: {} }] : [];
    setSourceData(this.map, 'area', collection(features));
  }
}
