// The distance ruler: while on, each click adds a point; the line and its length (on the WGS-84
// ellipsoid, as the engine measures straight lines) are shown until the ruler is turned off.
import { EMPTY, collection, setSourceData } from './geojson.js';

/** WGS-84 semi-major axis (m) and first eccentricity squared. */
const A = 6378137;
const E2 = 6.69437999014e-3;

/** Metres between two points `[lon, lat]`: mid-latitude formula with the local radii of curvature (within
 * millimetres of a geodesic over a city's distances; src/geodesy.rs does the same). */
export function distanceM(a, b) {
  const [lon1, lat1] = a;
  const [lon2, lat2] = b;
  const rad = Math.PI / 180;
  const phi = ((lat1 + lat2) / 2) * rad;
  const s = Math.sin(phi);
  const w = Math.sqrt(1 - E2 * s * s);
  const m = (A * (1 - E2)) / (w * w * w);
  const n = A / w;
  const dy = (lat2 - lat1) * rad * m;
  const dx = (lon2 - lon1) * rad * n * Math.cos(phi);
  return Math.hypot(dx, dy);
}

export class RulerLayer {
  /** @param {import('maplibre-gl').Map} map */
  constructor(map) {
    this.map = map;
    /** @type {number[][] | null} points measured, or null when the ruler is off */
    this.points = null;
    /** Runs with the length after every point. @type {(m: number, points: number) => void} */
    this.onChange = () => {};
  }

  add() {
    const m = this.map;
    m.addSource('ruler', { type: 'geojson', data: EMPTY });
    m.addLayer({ id: 'ruler-line', type: 'line', source: 'ruler', paint: { 'line-color': '#212529', 'line-width': 2, 'line-dasharray': [3, 2] } });
    m.addLayer({ id: 'ruler-points', type: 'circle', source: 'ruler', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 4, 'circle-color': '#fff', 'circle-stroke-color': '#212529', 'circle-stroke-width': 2 } });
  }

  get on() {
    return this.points !== null;
  }

  /** Turns the ruler on (empty) or off (cleared). */
  set(on) {
    this.points = on ? [] : null;
    this.map.getCanvas().style.cursor = on ? 'crosshair' : '';
    this.show();
  }

  /** A click while measuring: one more point. */
  click(lon, lat) {
    this.points?.push([lon, lat]);
    this.show();
  }

  /** The measured length, metres. */
  length() {
    const p = this.points ?? [];
    let d = 0;
    for (let i = 1; i < p.length; i++) d += distanceM(p[i - 1], p[i]);
    return d;
  }

  show() {
    const p = this.points ?? [];
    /** @type {any[]} */
    const features = p.map((c) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: c }, properties: {} }));
    if (p.length >= 2) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: p }, properties: {} });
    if (this.map.getSource('ruler')) setSourceData(this.map, 'ruler', collection(features));
    this.onChange(this.length(), p.length);
  }
}
