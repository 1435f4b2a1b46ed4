// The map: MapLibre GL with its layers in drawing order (basemap, radius circles, residents,
// walkshed, siting area, suggestions, stations), the place / select / drag interactions, and the
// view (fit, fly, snapshot for the printed report).
import { BasemapLayer } from './basemap.js';
import { StationsLayer } from './stations.js';
import { ResidentsLayer } from './residents.js';
import { WalkshedLayer } from './walkshed.js';
import { AreaLayer } from './area.js';
import { RulerLayer } from './ruler.js';
import { GhostsLayer } from './ghosts.js';
import { EMPTY, setSourceData } from './geojson.js';
import { Composition } from './compose-gl.js';
import { pixelToLngLat } from './pointer.js';

/** MapLibre GL JS, served from the app's own origin (www/vendor): loaded by path, so that the page
 * needs no inline import map (the Content-Security-Policy allows no inline script).
 * @type {typeof import('maplibre-gl')} */
const maplibregl = await import(new URL('../vendor/maplibre-gl/maplibre-gl.mjs', import.meta.url).href);
maplibregl.setWorkerUrl(new URL('../vendor/maplibre-gl/maplibre-gl-worker.mjs', import.meta.url).href);

const STYLE = { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef0eb' } }] };

/**
 * @typedef {{
 *   onPlace: (lon: number, lat: number) => void,
 *   onSelect: (id: number | null) => void,
 *   onDrag: (id: number, lon: number, lat: number) => void,
 *   onDragEnd: (id: number, from: number[], to: number[]) => void,
 *   onResident: (index: number) => void,
 * }} MapHandlers
 */

export class PlanMap {
  /**
   * @param {string} container
   * @param {MapHandlers} handlers
   * @param {{ url: string, attribution?: string } | null} tiles an online basemap, if the planner set one
   */
  constructor(container, handlers, tiles) {
    this.h = handlers;
    this.placing = false;
    this.justDragged = false;
    /** The resident card open on the map. @type {import('maplibre-gl').Popup | null} */
    this.openPopup = null;
    /** @type {{ id: number, from: number[], to: number[], moved: boolean } | null} */
    this.dragging = null;
    this.map = new maplibregl.Map({
      container,
      style: /** @type {any} */ (STYLE),
      center: [118.8, 32.06],
      zoom: 12,
      attributionControl: { compact: true },
      dragRotate: false,
      pitchWithRotate: false,
      maxPitch: 0,
    });
    /** During a drag, frames that change only the choropleth's or the residents' colours are
     * drawn from the kept map (no MapLibre frame). */
    this.composition = new Composition(this.map);
    this.basemap = new BasemapLayer(this.map, this.composition);
    this.stations = new StationsLayer(this.map);
    this.residents = new ResidentsLayer(this.map, this.composition);
    this.walkshed = new WalkshedLayer(this.map);
    this.area = new AreaLayer(this.map);
    this.ruler = new RulerLayer(this.map);
    this.ghosts = new GhostsLayer(this.map);
    this.ready = new Promise((resolve) => {
      this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
      this.map.on('load', () => {
        this.basemap.add();
        this.stations.addCircles();
        this.residents.add();
        this.walkshed.add();
        this.area.add();
        this.ruler.add();
        this.ghosts.add();
        this.basemap.addLabels();
        this.stations.addSymbols();
        this.map.addLayer(this.composition.top());
        this.basemap.setTiles(tiles, maplibregl);
        // Every GeoJSON source is empty yet: its layers are drawn once it has features.
        const sources = new Set(this.map.getLayersOrder().map((id) => this.map.getLayer(id)?.source));
        for (const id of sources) if (id && this.map.getSource(id)?.type === 'geojson') setSourceData(this.map, id, EMPTY);
        this.bindEvents();
        resolve(undefined);
      });
    });
  }

  bindEvents() {
    const m = this.map;
    // The grab cursor over a station: checked at most once a frame, and not during a drag
    // (MapLibre's per-layer mouseenter would query the rendered features on every move).
    let hover = 0;
    let over = /** @type {import('maplibre-gl').PointLike | null} */ (null);
    m.on('mousemove', (e) => {
      if (this.placing || this.dragging) return;
      over = e.point;
      hover ||= requestAnimationFrame(() => {
        hover = 0;
        if (this.placing || this.dragging || !over) return;
        const on = m.queryRenderedFeatures(over, { layers: ['stations'] }).length > 0;
        m.getCanvas().style.cursor = on ? 'grab' : '';
      });
    });
    m.on('click', (e) => {
      if (this.justDragged) { this.justDragged = false; return; }
      if (this.area.drawing) { this.area.click(e); return; }
      if (this.ruler.on) { this.ruler.click(e.lngLat.lng, e.lngLat.lat); return; }
      if (this.placing) { this.h.onPlace(e.lngLat.lng, e.lngLat.lat); return; }
      const hit = m.queryRenderedFeatures(e.point, { layers: ['stations'] })[0];
      this.h.onSelect(hit ? hit.properties.id : null);
      // No station there: the resident drawn under the pointer, if any.
      const resident = hit ? null : this.residents.pick(e.point);
      if (resident !== null) this.h.onResident(resident);
      else this.popup(null);
    });
    m.on('mousedown', 'stations', (e) => {
      if (this.placing || this.area.drawing || this.ruler.on || e.originalEvent.button !== 0) return;
      e.preventDefault();
      this.dragStation(e.features[0].properties.id);
    });
  }

  /** Station `id` follows the pointer until the button is released. The pointer's moves are
   * taken before MapLibre sees them (it has nothing to do during a station drag) and coalesced to
   * one per animation frame: the latest place wins. */
  dragStation(id) {
    const m = this.map;
    const s = this.stations.stations.get(id);
    if (!s) return;
    this.dragging = { id, from: [s.lon, s.lat], to: [s.lon, s.lat], moved: false };
    this.stations.startDrag(id);
    this.composition.start(true);
    m.getCanvas().style.cursor = 'grabbing';
    this.h.onSelect(id);
    const box = m.getCanvasContainer().getBoundingClientRect();
    // Pixels to places for this view (again if the view changes during the drag: a wheel zoom).
    let toLngLat = pixelToLngLat(m);
    const onView = () => { toLngLat = pixelToLngLat(m); };
    m.on('move', onView);
    let frame = 0;
    const step = () => {
      frame = 0;
      const d = this.dragging;
      if (!d) return;
      this.stations.moveLocal(id, d.to[0], d.to[1]);
      this.h.onDrag(id, d.to[0], d.to[1]);
    };
    /** @param {MouseEvent} ev */
    const move = (ev) => {
      ev.stopPropagation();
      const d = this.dragging;
      if (!d) return;
      d.to = toLngLat(ev.clientX - box.left, ev.clientY - box.top);
      d.moved = true;
      frame ||= requestAnimationFrame(step);
    };
    const up = () => {
      window.removeEventListener('mousemove', move, true);
      window.removeEventListener('mouseup', up, true);
      m.off('move', onView);
      if (frame) { cancelAnimationFrame(frame); step(); }
      const d = this.dragging;
      this.dragging = null;
      this.stations.endDrag();
      this.composition.start(false);
      m.getCanvas().style.cursor = 'grab';
      if (d?.moved) { this.justDragged = true; setTimeout(() => { this.justDragged = false; }, 0); this.h.onDragEnd(d.id, d.from, d.to); }
    };
    window.addEventListener('mousemove', move, true);
    window.addEventListener('mouseup', up, true);
  }

  /** A card with `node` at (`lon`, `lat`); `null` closes the open one. */
  popup(lon, lat = 0, node = null) {
    this.openPopup?.remove();
    this.openPopup = null;
    if (lon === null || !node) return;
    this.openPopup = new maplibregl.Popup({ closeButton: true, maxWidth: '280px' }).setLngLat([lon, lat]).setDOMContent(node).addTo(this.map);
  }

  /** Place mode: a click on the map places a station. */
  setPlacing(on) {
    this.placing = on;
    this.map.getCanvas().style.cursor = on ? 'crosshair' : '';
  }

  /** Fits the view to `[lon0, lat0, lon1, lat1, …]`. */
  fitTo(coordinates) {
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < coordinates.length; i += 2) {
      w = Math.min(w, coordinates[i]); e = Math.max(e, coordinates[i]);
      s = Math.min(s, coordinates[i + 1]); n = Math.max(n, coordinates[i + 1]);
    }
    if (Number.isFinite(w)) this.map.fitBounds([[w, s], [e, n]], { padding: 40, animate: false, maxZoom: 16 });
  }

  flyTo(lon, lat) {
    this.map.flyTo({ center: [lon, lat], zoom: Math.max(this.map.getZoom(), 16), duration: 600 });
  }

  /** @param {number[]} box [west, south, east, north] */
  fitBox([w, s, e, n]) {
    this.map.fitBounds([[w, s], [e, n]], { padding: 60, duration: 500, maxZoom: 17 });
  }

  /** A PNG (data URL) of the map fitted to `coordinates`, for the printed report; the view the
   * planner had comes back afterwards. */
  /** The map fitted to `coordinates` as a PNG data URL; `metresPerPixel` is then that image's. */
  async snapshot(coordinates) {
    const before = { center: this.map.getCenter(), zoom: this.map.getZoom() };
    this.fitTo(coordinates);
    const settled = new Promise((r) => { this.map.once('idle', r); setTimeout(r, 8000); });
    this.map.triggerRepaint();
    await settled;
    // The drawing buffer is only readable during the frame that drew it.
    const url = await new Promise((r) => {
      this.map.once('render', () => r(this.map.getCanvas().toDataURL('image/png')));
      this.map.triggerRepaint();
    });
    // Metres a canvas pixel spans at the centre (Web Mercator), for the scale bar.
    const lat = this.map.getCenter().lat;
    const ratio = this.map.getCanvas().width / this.map.getContainer().clientWidth;
    this.metresPerPixel = (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** this.map.getZoom()) / ratio;
    this.map.jumpTo(before);
    return url;
  }

  view() {
    const c = this.map.getCenter();
    return { center: [c.lng, c.lat], zoom: this.map.getZoom() };
  }

  setView(v) {
    if (v?.center) this.map.jumpTo({ center: v.center, zoom: v.zoom ?? this.map.getZoom() });
  }
}
