// Stations as symbols of their kind, the selected one's halo, and each station's walking-radius
// circle (a geodesic ring the engine worker computes; drawn for the kind being planned and the
// selected station). While a station is dragged it is drawn alone above the map (drag-overlay.js;
// the others untouched, a move draws no map frame) and its circle moves with the pointer, shifted
// from the last exact ring, until the worker's exact one arrives.
import { EMPTY, collection, hide, positions, setSourceData } from './geojson.js';
import { iconImage, kindStyle } from './styles.js';
import { DragOverlay } from './drag-overlay.js';

/**
 * @typedef {{ id: number, kind: string, lon: number, lat: number, radius: number,
 *   ring: number[][] | null, ringAt: number[] | null }} ShownStation
 */

export class StationsLayer {
  /** @param {import('maplibre-gl').Map} map */
  constructor(map) {
    this.map = map;
    /** Kinds whose symbol the map has. @type {Set<string>} */
    this.icons = new Set();
    /** @type {Map<number, ShownStation>} */
    this.stations = new Map();
    /** @type {number | null} */
    this.selected = null;
    /** The station the pointer is dragging (it owns that station's place). @type {number | null} */
    this.dragging = null;
    /** Whether the radius circles are filled now. */
    this.filled = true;
    /** The dragged station, drawn alone. */
    this.drag = new DragOverlay(map);
    /** The stations the symbols' source holds (all but a dragged one). @type {Set<number>} */
    this.inSource = new Set();
    /** The kind whose circles are drawn (undefined: not set yet). @type {string | null | undefined} */
    this.circleKind = undefined;
  }

  /** The radius circles (below the residents). The fill's edge is the line's: no outline pass. */
  addCircles() {
    const m = this.map;
    m.addSource('circles', { type: 'geojson', data: EMPTY });
    m.addLayer({ id: 'circle-fill', type: 'fill', source: 'circles', paint: { 'fill-color': ['get', 'color'], 'fill-opacity': ['case', ['get', 'selected'], 0.14, 0.06], 'fill-antialias': false } });
    m.addLayer({ id: 'circle-line', type: 'line', source: 'circles', paint: { 'line-color': ['get', 'color'], 'line-width': ['case', ['get', 'selected'], 2.5, 1.4], 'line-opacity': 0.9 } });
  }

  /** The halo and the symbols (on top of everything). */
  addSymbols() {
    const m = this.map;
    m.addSource('stations', { type: 'geojson', data: EMPTY });
    m.addLayer({ id: 'station-halo', type: 'circle', source: 'stations', filter: ['==', ['get', 'id'], -1], paint: { 'circle-radius': 19, 'circle-color': '#ffffff', 'circle-opacity': 0.0, 'circle-stroke-color': '#212529', 'circle-stroke-width': 2.5 } });
    const icon = { 'icon-image': ['concat', 'st-', ['get', 'kind']], 'icon-allow-overlap': true, 'icon-ignore-placement': true,
      'icon-size': ['interpolate', ['linear'], ['zoom'], 10, 0.55, 15, 0.9] };
    m.addLayer({ id: 'stations', type: 'symbol', source: 'stations', layout: /** @type {any} */ (icon) });
  }

  /** An icon for every kind (each kind once: MapLibre's `hasImage` cost a drag step at a million
   * residents 0.7 ms of script; the map's style is never replaced, so its images stay). */
  ensureIcons(kinds) {
    for (const k of kinds) {
      if (this.icons.has(k.id)) continue;
      this.icons.add(k.id);
      const name = `st-${k.id}`;
      if (!this.map.hasImage(name)) {
        const { image, ratio } = iconImage(kindStyle(k.id));
        this.map.addImage(name, image, { pixelRatio: ratio });
      }
    }
  }

  /** Whether radius circles are filled (the gap view draws only their outlines: overlapping fills
   * would hide the residents' classes). */
  fillCircles(on) {
    if (this.filled === on) return;
    this.filled = on;
    hide(this.map, 'circle-fill', 'outlines only', !on);
    this.drag.filled = on;
  }

  /** Radius circles are drawn for one kind (the one being planned) and the selected station. */
  setCircleKind(kind) {
    if (this.circleKind === kind) return;
    this.circleKind = kind;
    const f = ['any', ['==', ['get', 'kind'], kind ?? ''], ['get', 'selected']];
    this.map.setFilter('circle-fill', /** @type {any} */ (f));
    this.map.setFilter('circle-line', /** @type {any} */ (f));
  }

  /**
   * The stations of an update, with the circles the worker sent (`[[id, ring]]` for the stations
   * whose place or radius changed); the others keep theirs.
   */
  setStations(stations, kinds, rings = []) {
    const radius = new Map(kinds.map((k) => [k.id, k.radius_m]));
    const exact = new Map(rings);
    const seen = new Set();
    let changed = false;
    for (const given of stations) {
      seen.add(given.id);
      const old = this.stations.get(given.id);
      const ring = exact.get(given.id);
      // While dragging, the pointer owns the dragged station's position (replies lag behind it).
      const owned = this.dragging === given.id && old;
      const s = {
        id: given.id,
        kind: given.kind,
        lon: owned ? old.lon : given.lon,
        lat: owned ? old.lat : given.lat,
        radius: radius.get(given.kind),
        ring: ring ? positions(ring) : old?.ring ?? null,
        ringAt: ring ? [given.lon, given.lat] : old?.ringAt ?? null,
      };
      if (!old || ring || old.lon !== s.lon || old.lat !== s.lat || old.kind !== s.kind || old.radius !== s.radius) changed = true;
      this.stations.set(s.id, s);
    }
    for (const id of [...this.stations.keys()]) if (!seen.has(id)) { this.stations.delete(id); changed = true; }
    // A drag step's update repeats what the pointer already drew: nothing to redraw.
    if (changed) this.redraw();
  }

  /** Station `id` is dragged from now on: it leaves the sources of all stations (once), and
   * each move redraws it alone. */
  startDrag(id) {
    this.dragging = id;
    this.redraw();
    const s = this.stations.get(id);
    if (s) this.drag.start(s.lon, s.lat, StationsLayer.circleOf(s), kindStyle(s.kind).color, iconImage(kindStyle(s.kind)));
  }

  /** The drag ended: the station goes back among the others. */
  endDrag() {
    this.dragging = null;
    this.redraw();
    this.drag.stop();
  }

  /** The pointer moved station `id` to (`lon`, `lat`). */
  moveLocal(id, lon, lat) {
    const s = this.stations.get(id);
    if (!s) return;
    s.lon = lon;
    s.lat = lat;
    if (this.dragging === id) this.drag.move(lon, lat); else this.redraw();
  }

  select(id) {
    this.selected = id;
    this.map.setFilter('station-halo', ['==', ['get', 'id'], id ?? -1]);
    this.redraw();
  }

  /** A station's circle where it is shown: its exact ring, shifted if the station has moved since. */
  static circleOf(s) {
    if (!s.ring) return null;
    const [dx, dy] = [s.lon - s.ringAt[0], s.lat - s.ringAt[1]];
    return dx === 0 && dy === 0 ? s.ring : s.ring.map(([x, y]) => [x + dx, y + dy]);
  }

  /** A station's symbol and its circle (null before its first ring) as features. */
  features(s) {
    const point = { type: 'Feature', geometry: { type: 'Point', coordinates: [s.lon, s.lat] }, properties: { id: s.id, kind: s.kind } };
    const ring = StationsLayer.circleOf(s);
    const circle = ring && { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { id: s.id, kind: s.kind, color: kindStyle(s.kind).color, selected: s.id === this.selected } };
    return { point, circle };
  }

  /** Every station but the dragged one, and the dragged one alone. */
  redraw() {
    const points = [];
    const circles = [];
    this.inSource.clear();
    for (const s of this.stations.values()) {
      if (s.id === this.dragging) continue;
      this.inSource.add(s.id);
      const { point, circle } = this.features(s);
      points.push(point);
      if (circle) circles.push(circle);
    }
    setSourceData(this.map, 'stations', collection(points));
    setSourceData(this.map, 'circles', collection(circles));
  }
}
