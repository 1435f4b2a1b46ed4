// Residents drawn by one WebGL2 custom layer from the worker's typed arrays (points-gl.js): discs
// sized by population, coloured by one byte each — covered or not, or the gap view's class — kept
// in the worker's curve order so that a drag step uploads only the few ranges that changed. Above
// 30,000 residents, ~150 m cells (the worker's, coloured by the share covered or the mean class)
// stand for them below zoom 15. Picking finds the resident under the pointer. During a drag a step
// that changes only their colours is drawn over the kept map, without a MapLibre frame.
import { COVERED, UNCOVERED, GAP_COLORS } from './styles.js';
import { PointsProgram, PointSet, rgba, mercator } from './points-gl.js';

const LOD_ZOOM = 15;
const NONE = '#adb5bd';
const COVER_PALETTE = [UNCOVERED, COVERED].map(rgba);
const GAP_PALETTE = [NONE, ...GAP_COLORS].map(rgba);
const RATIO_GRADIENT = [UNCOVERED, '#fab005', COVERED].map(rgba);
const GAP_GRADIENT = GAP_COLORS.map(rgba);

/** `a` at zoom `z0` to `b` at `z1`, linear in zoom and clamped (MapLibre's `interpolate`). */
function byZoom(z, z0, a, z1, b) {
  const t = Math.max(0, Math.min(1, (z - z0) / (z1 - z0)));
  return a + (b - a) * t;
}

export class ResidentsLayer {
  /** @param {import('maplibre-gl').Map} map @param {import('./compose-gl.js').Composition} composition */
  constructor(map, composition) {
    this.map = map;
    this.composition = composition;
    this.id = 'residents';
    /** The view of MapLibre's last frame: its matrix and zoom. */
    this.viewProj = new Float64Array(16);
    this.zoom = 0;
    this.residents = new PointSet();
    this.cellSet = new PointSet();
    /** Resident → slot in the drawing order, and slot → resident. */
    this.slot = new Uint32Array(0);
    this.order = new Uint32Array(0);
    /** Whether cells stand for the residents below LOD_ZOOM, and whether the gap view is shown. */
    this.lod = false;
    this.gap = false;
    this.visible = true;
    /** @type {PointsProgram | null} */
    this.prog = null;
  }

  /** The layer (a changing layer of the composition: MapLibre's custom layer). */
  add() {
    this.map.addLayer(this.composition.layer(this));
  }

  /** @param {WebGL2RenderingContext} gl */
  onAdd(gl) { this.prog = new PointsProgram(gl); }

  /** @param {WebGL2RenderingContext} gl */
  onRemove(gl) { this.residents.release(gl); this.cellSet.release(gl); }

  /** Shows or hides the residents (and cells). */
  show(on) {
    this.visible = on;
    this.map.triggerRepaint();
  }

  /** MapLibre's view of the frame it draws. */
  view(viewProj) {
    this.viewProj.set(viewProj);
    this.zoom = this.map.getZoom();
  }

  /** What is drawn at the view of MapLibre's last frame: the cells (below LOD_ZOOM, when they
   * stand for the residents) or the residents, and its look. */
  shown() {
    const z = this.zoom;
    const base = { worldSize: 512 * 2 ** z, ratio: this.map.getPixelRatio() };
    if (this.lod && z < LOD_ZOOM) {
      return { set: this.cellSet, look: {
        ...base, scale: byZoom(z, 10, 0.06, LOD_ZOOM, 0.2), min: 0, max: byZoom(z, 10, 5, LOD_ZOOM, 14),
        stroke: 0, opacity: 0.8, gradient: true, colors: this.gap ? GAP_GRADIENT : RATIO_GRADIENT,
      } };
    }
    return { set: this.residents, look: {
      ...base, scale: byZoom(z, 10, 0.12, 16, 0.6), min: 0, max: byZoom(z, 10, 4, 16, 16),
      stroke: byZoom(z, 12, 0, 15, 0.8), opacity: 0.75, gradient: false, colors: this.gap ? GAP_PALETTE : COVER_PALETTE,
    } };
  }

  /** The residents (or their cells) at the view of MapLibre's last frame. */
  draw(gl) {
    if (!this.prog || !this.visible) return;
    const { set, look } = this.shown();
    set.draw(gl, this.prog, this.viewProj, look);
  }

  /** Every resident: `{coordinates, population, values, slot, cells}` as the worker sends them;
   * `gap`: whether the values are the gap view's classes. */
  setResidents(r, gap) {
    const n = r.population.length;
    this.slot = r.slot;
    this.order = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.order[r.slot[i]] = i;
    const xy = new Float64Array(2 * n);
    const pop = new Float32Array(n);
    const values = new Uint8Array(n);
    for (let j = 0; j < n; j++) {
      const i = this.order[j];
      xy[2 * j] = r.coordinates[2 * i];
      xy[2 * j + 1] = r.coordinates[2 * i + 1];
      pop[j] = r.population[i];
      values[j] = r.values[i];
    }
    this.residents.set(xy, pop, values);
    this.lod = Boolean(r.cells);
    document.body.dataset.lod = String(this.lod);
    if (r.cells) this.cellSet.set(r.cells.xy, r.cells.pop, r.cells.values);
    else this.cellSet.set(new Float64Array(0), new Float32Array(0), new Uint8Array(0));
    this.gap = gap;
    this.map.triggerRepaint();
  }

  /** Colour bytes that changed: residents' (`flips`, by slot, ascending: the worker sorts them)
   * and cells' (`cellFlips`). */
  change(flips, cellFlips, gap) {
    const palette = this.gap !== gap;
    this.gap = gap;
    if (flips?.indices.length) this.residents.change(flips.indices, flips.values);
    if (cellFlips?.indices.length) this.cellSet.change(cellFlips.indices, cellFlips.values);
    if (palette) { this.composition.changed(); return; }
    if (!this.visible) return;
    // Where the changed discs are drawn: the box of those shown, grown by a disc's largest radius.
    const { set, look } = this.shown();
    const changed = set === this.residents ? flips : cellFlips;
    const box = changed?.indices.length ? set.box(changed.indices) : null;
    if (!box) return;
    const rect = this.composition.rect(this.viewProj, look.worldSize, set.origin, box, look.max + 2);
    this.composition.changed(rect);
  }

  /** The resident drawn under `point` (CSS pixels on the map), or null (cells are not picked). */
  pick(point) {
    const z = this.map.getZoom();
    if (!this.visible || this.residents.n === 0 || (this.lod && z < LOD_ZOOM)) return null;
    const ll = this.map.unproject(point);
    const [x, y] = mercator(ll.lng, ll.lat);
    const worldSize = 512 * 2 ** z;
    // The disc's radius at this zoom, and a few pixels of slack.
    const slot = this.residents.nearest(x, y, (byZoom(z, 10, 4, 16, 16) + 4) / worldSize);
    return slot < 0 ? null : this.order[slot];
  }

  /** Colour byte of every resident, by resident (the browser tests read what is drawn). */
  valuesByResident() {
    return Array.from(this.slot, (s) => this.residents.values[s]);
  }
}
