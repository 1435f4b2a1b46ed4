// A pointer's pixel on the map as longitude and latitude during a drag: on a north-up, flat view
// MapLibre's `unproject` is linear in Web Mercator, so the view's two corners give every pixel
// (a drag asked `unproject` once a pointer move: 0.4 ms of the page's script at 200,000 residents).
import { mercator } from './points-gl.js';

/**
 * A function from a pixel (CSS pixels on the map's canvas) to `[lon, lat]` for the map's current
 * view; a rotated or pitched view, or one across the antimeridian, asks MapLibre every time.
 * @param {import('maplibre-gl').Map} map
 * @returns {(x: number, y: number) => [number, number]}
 */
export function pixelToLngLat(map) {
  const ask = (x, y) => { const a = map.unproject([x, y]); return /** @type {[number, number]} */ ([a.lng, a.lat]); };
  const c = map.getCanvas();
  const [w, h] = [c.clientWidth, c.clientHeight];
  if (map.getBearing() !== 0 || map.getPitch() !== 0 || !(w > 0 && h > 0)) return ask;
  const a = map.unproject([0, 0]);
  const b = map.unproject([w, h]);
  if (!(b.lng > a.lng)) return ask;
  const [ax, ay] = mercator(a.lng, a.lat);
  const [bx, by] = mercator(b.lng, b.lat);
  const [sx, sy] = [(bx - ax) / w, (by - ay) / h];
  return (x, y) => [(ax + sx * x - 0.5) * 360, (Math.atan(Math.sinh(Math.PI * (1 - 2 * (ay + sy * y)))) * 180) / Math.PI];
}
