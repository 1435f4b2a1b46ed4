// The station being dragged, drawn above the map by the page (its radius circle as SVG, its
// symbol with the selection halo on a canvas): a pointer move only shifts that element (a CSS
// transform the compositor applies), so MapLibre draws no frame for a move — the map is redrawn
// only when the engine's reply changes the residents' colours.
const SVG = 'http://www.w3.org/2000/svg';
/** The selection halo's radius and width (px), as the stations layer's. */
const HALO = 19;
const HALO_WIDTH = 2.5;

export class DragOverlay {
  /** @param {import('maplibre-gl').Map} map */
  constructor(map) {
    this.map = map;
    /** Whether the circle is filled (the gap view draws outlines only, as for the others). */
    this.filled = true;
    /** The dragged station (null: none); `at`: where it was when the drag started (its ring's
     * centre). @type {{ lon: number, lat: number, at: number[], ring: number[][] | null, color: string, icon: { image: ImageData, ratio: number } } | null} */
    this.shape = null;
    /** The overlay's root: placed at the station's pixel, its shapes around it. */
    this.el = document.createElement('div');
    this.el.className = 'drag-overlay';
    this.el.dataset.testid = 'drag-overlay';
    this.el.hidden = true;
    this.svg = document.createElementNS(SVG, 'svg');
    this.path = document.createElementNS(SVG, 'path');
    this.svg.append(this.path);
    this.icon = document.createElement('canvas');
    this.el.append(this.svg, this.icon);
    map.getCanvasContainer().append(this.el);
    /** Shapes follow the view when it changes during a drag (a wheel zoom). */
    this.onView = () => this.layout();
    /** Bumped by every start, so that a late hide of an ended drag leaves a new one alone. */
    this.generation = 0;
  }

  /**
   * A drag starts: the station at (`lon`, `lat`) with its circle `ring` (`[[lon, lat], …]`, or
   * null), the kind's `color` and symbol `icon` (`{image, ratio}`).
   */
  start(lon, lat, ring, color, icon) {
    this.generation++;
    this.shape = { lon, lat, at: [lon, lat], ring, color, icon };
    this.layout();
    this.el.hidden = false;
    this.map.on('move', this.onView);
  }

  /** The pointer moved the station to (`lon`, `lat`): the overlay moves, nothing is redrawn. */
  move(lon, lat) {
    const s = this.shape;
    if (!s) return;
    s.lon = lon;
    s.lat = lat;
    const p = this.map.project([lon, lat]);
    this.el.style.transform = `translate(${p.x}px, ${p.y}px)`;
  }

  /** The drag ended: the overlay stays until the map has drawn the station back among the others
   * (its source is re-tiled), so that it never blinks out. */
  stop() {
    if (!this.shape) return;
    this.shape = null;
    this.map.off('move', this.onView);
    const generation = this.generation;
    const hide = () => { if (this.generation === generation && !this.shape) this.el.hidden = true; };
    this.map.once('idle', hide);
    setTimeout(hide, 1500);
    this.map.triggerRepaint();
  }

  /** The circle in pixels around the station's pixel at the current view, and the overlay there. */
  layout() {
    const s = this.shape;
    if (!s) return;
    const c = this.map.project([s.lon, s.lat]);
    let d = '';
    let r = HALO + HALO_WIDTH;
    if (s.ring) {
      // The ring is around where the drag started: shifted with the station.
      const c0 = this.map.project(/** @type {[number, number]} */ (s.at));
      const pts = s.ring.map(([x, y]) => { const p = this.map.project([x, y]); return [p.x - c0.x, p.y - c0.y]; });
      for (const [x, y] of pts) r = Math.max(r, Math.hypot(x, y) + 2);
      d = `M${pts.map(([x, y]) => `${(x + r).toFixed(1)},${(y + r).toFixed(1)}`).join('L')}Z`;
    }
    const side = 2 * r;
    this.svg.setAttribute('width', String(side));
    this.svg.setAttribute('height', String(side));
    this.svg.setAttribute('viewBox', `0 0 ${side} ${side}`);
    this.svg.style.left = `${-r}px`;
    this.svg.style.top = `${-r}px`;
    this.path.setAttribute('d', d);
    this.path.setAttribute('fill', this.filled ? s.color : 'none');
    this.path.setAttribute('fill-opacity', '0.12');
    this.path.setAttribute('stroke', s.color);
    this.path.setAttribute('stroke-opacity', '0.9');
    this.path.setAttribute('stroke-width', '2.5');
    // The symbol at the zoom's icon size (as the stations layer: 0.55 at z10 to 0.9 at z15).
    const z = this.map.getZoom();
    this.drawIcon((s.icon.image.width / s.icon.ratio) * (0.55 + 0.35 * Math.max(0, Math.min(1, (z - 10) / 5))));
    this.el.style.transform = `translate(${c.x}px, ${c.y}px)`;
  }

  /** The kind's symbol (`size` px wide) inside the selection halo, on the overlay's canvas. */
  drawIcon(size) {
    const { image, ratio } = this.shape.icon;
    const box = 2 * (HALO + HALO_WIDTH);
    this.icon.width = box * ratio;
    this.icon.height = box * ratio;
    Object.assign(this.icon.style, { width: `${box}px`, height: `${box}px`, left: `${-box / 2}px`, top: `${-box / 2}px` });
    const g = /** @type {CanvasRenderingContext2D} */ (this.icon.getContext('2d'));
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, box, box);
    g.beginPath();
    g.arc(box / 2, box / 2, HALO, 0, 2 * Math.PI);
    g.lineWidth = HALO_WIDTH;
    g.strokeStyle = '#212529';
    g.stroke();
    // The symbol's image data, scaled to `size` (drawn through a canvas of its own).
    const src = document.createElement('canvas');
    src.width = image.width;
    src.height = image.height;
    /** @type {CanvasRenderingContext2D} */ (src.getContext('2d')).putImageData(image, 0, 0);
    g.drawImage(src, (box - size) / 2, (box - size) / 2, size, size);
  }
}
