// The units' choropleth drawn by WebGL2: every boundary polygon triangulated once (earcut, as
// MapLibre does), positions as float32 offsets from a local origin, and each polygon's colour one
// texel of a small texture — a step's new ratios or classes are a 4-byte-a-polygon upload and,
// during a drag, a composed frame (compose-gl.js) instead of a MapLibre frame.
import earcut from '../vendor/earcut/earcut.js';
import { GAP_COLORS } from './styles.js';
import { linkProgram, localMatrix, mercator, rgba } from './points-gl.js';

const VERTEX = `#version 300 es
uniform mat4 u_matrix;
uniform highp sampler2D u_colors;
uniform int u_width;
layout(location = 0) in vec2 a_pos;
layout(location = 1) in uint a_unit;
flat out vec4 v_color;
void main() {
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
  int i = int(a_unit);
  v_color = texelFetch(u_colors, ivec2(i % u_width, i / u_width), 0);
}`;

const FRAGMENT = `#version 300 es
precision mediump float;
flat in vec4 v_color;
out vec4 o;
void main() { o = v_color; }`;

/** A unit's coverage ratio (0..1) as a colour: red, amber at 0.5, yellow-green at 0.85, green. */
/** @type {{ t: number, c: number[] }[]} */
const RATIO_STOPS = [{ t: 0, c: rgba('#f03e3e') }, { t: 0.5, c: rgba('#fcc419') }, { t: 0.85, c: rgba('#94d82d') }, { t: 1, c: rgba('#2f9e44') }];
const RATIO_OPACITY = 0.16;
const CLASS_COLORS = GAP_COLORS.map(rgba);
/** A class outside the six (none drawn today) in grey. */
const CLASS_OTHER = rgba('#adb5bd');
const CLASS_OPACITY = 0.28;

/** The colour of ratio `r` (linear between the stops, as MapLibre's `interpolate`). */
function ratioColor(r) {
  const t = Math.max(0, Math.min(1, r));
  for (let i = 1; i < RATIO_STOPS.length; i++) {
    const { t: t1, c: c1 } = RATIO_STOPS[i];
    if (t <= t1) {
      const { t: t0, c: c0 } = RATIO_STOPS[i - 1];
      const f = (t - t0) / (t1 - t0);
      return c0.map((v, j) => v + (c1[j] - v) * f);
    }
  }
  return RATIO_STOPS[RATIO_STOPS.length - 1].c;
}

export class UnitFills {
  /** @param {import('./compose-gl.js').Composition} composition */
  constructor(composition) {
    this.composition = composition;
    this.id = 'unit-fill';
    /** Polygons (boundary features, by index): their level, ratio (NaN: none) and class (0: none). */
    this.levels = /** @type {string[]} */ ([]);
    this.ratio = new Float32Array(0);
    this.cls = new Uint8Array(0);
    /** The level drawn, and whether units are coloured by the gap view's classes. */
    this.level = 'community';
    this.byClass = false;
    /** Triangles: vertex offsets from `origin` (mercator), each vertex's polygon, and the indices
     * of each level's triangles `[first, count]`. */
    this.mesh = { xy: new Float32Array(0), unit: new Uint32Array(0), index: new Uint32Array(0), ranges: new Map(), origin: [0, 0] };
    /** Each polygon's box `[x0, y0, x1, y1]` (offsets from the mesh's origin; empty: +∞, -∞). */
    this.boxes = new Float64Array(0);
    /** Texels of the polygons' premultiplied colours (a row of `width`). */
    this.width = 1;
    this.texels = new Uint8Array(4);
    /** What the GPU lacks: the mesh and/or the colours. */
    this.stale = { mesh: true, colors: true };
    /** @type {{ program: WebGLProgram, u: Record<string, WebGLUniformLocation> } | null} */
    this.prog = null;
    /** @type {{ vao: WebGLVertexArrayObject, buffers: WebGLBuffer[], texture: WebGLTexture, height: number } | null} */
    this.gpu = null;
    this.viewProj = new Float64Array(16);
    this.worldSize = 512;
  }

  /** The boundary polygons (GeoJSON features, each with `properties.level`), triangulated. */
  setFeatures(features) {
    const n = features.length;
    this.levels = features.map((f) => String(f.properties?.level ?? ''));
    this.ratio = new Float32Array(n).fill(NaN);
    this.cls = new Uint8Array(n);
    let origin = null;
    const boxes = new Float64Array(4 * n);
    for (let i = 0; i < n; i++) boxes.set([Infinity, Infinity, -Infinity, -Infinity], 4 * i);
    const byLevel = new Map();
    const xy = [];
    const unit = [];
    features.forEach((f, i) => {
      const g = f.geometry;
      const polygons = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
      for (const rings of polygons) {
        const flat = [];
        const holes = [];
        for (const ring of rings) {
          if (flat.length) holes.push(flat.length / 2);
          for (const [lon, lat] of ring) {
            const [x, y] = mercator(lon, lat);
            origin ??= [x, y];
            flat.push(x - origin[0], y - origin[1]);
          }
        }
        const base = xy.length / 2;
        const tris = earcut(flat, holes, 2);
        if (!tris.length) continue;
        for (let k = 0; k < flat.length; k += 2) {
          xy.push(flat[k], flat[k + 1]);
          unit.push(i);
          boxes[4 * i] = Math.min(boxes[4 * i], flat[k]);
          boxes[4 * i + 1] = Math.min(boxes[4 * i + 1], flat[k + 1]);
          boxes[4 * i + 2] = Math.max(boxes[4 * i + 2], flat[k]);
          boxes[4 * i + 3] = Math.max(boxes[4 * i + 3], flat[k + 1]);
        }
        const level = this.levels[i];
        if (!byLevel.has(level)) byLevel.set(level, []);
        const list = byLevel.get(level);
        for (const t of tris) list.push(base + t);
      }
    });
    const index = new Uint32Array([...byLevel.values()].reduce((a, l) => a + l.length, 0));
    const ranges = new Map();
    let at = 0;
    for (const [level, list] of byLevel) {
      index.set(list, at);
      ranges.set(level, [at, list.length]);
      at += list.length;
    }
    this.mesh = { xy: new Float32Array(xy), unit: new Uint32Array(unit), index, ranges, origin: origin ?? [0, 0] };
    this.boxes = boxes;
    this.width = Math.max(1, Math.min(n, 2048));
    this.texels = new Uint8Array(4 * this.width * Math.max(1, Math.ceil(n / this.width)));
    this.stale = { mesh: true, colors: true };
    this.composition.changed();
  }

  /** Polygon `i`'s coverage ratio (-1: nobody lives there). */
  setRatio(i, r) {
    this.ratio[i] = r;
    if (!this.byClass) this.repaint(i);
  }

  /** Polygon `i`'s gap view class (0: none). */
  setClass(i, g) {
    this.cls[i] = g;
    if (this.byClass) this.repaint(i);
  }

  /** Polygon `i`'s colour again; where it is drawn changed when its texel did. */
  repaint(i) {
    const t = this.texels;
    const was = t[4 * i] | (t[4 * i + 1] << 8) | (t[4 * i + 2] << 16) | (t[4 * i + 3] << 24);
    this.paint(i);
    if (was === (t[4 * i] | (t[4 * i + 1] << 8) | (t[4 * i + 2] << 16) | (t[4 * i + 3] << 24))) return;
    if (this.levels[i] !== this.level) return;
    const box = Array.from(this.boxes.subarray(4 * i, 4 * i + 4));
    // A polygon with no triangles is drawn nowhere.
    if (!(box[0] <= box[2])) return;
    this.composition.changed(this.composition.rect(this.viewProj, this.worldSize, this.mesh.origin, box, 1));
  }

  /** Whether units are coloured by the gap view's classes (else by coverage ratio). */
  setByClass(on) {
    if (this.byClass === on) return;
    this.byClass = on;
    for (let i = 0; i < this.levels.length; i++) this.paint(i);
    this.composition.changed();
  }

  /** The level whose polygons are drawn. */
  setLevel(level) {
    if (this.level === level) return;
    this.level = level;
    this.composition.changed();
  }

  /** Polygon `i`'s texel: its colour premultiplied by its opacity (clear when it has none). */
  paint(i) {
    let c = null;
    let a = 0;
    if (this.byClass) {
      const g = this.cls[i];
      if (g) { c = CLASS_COLORS[g - 1] ?? CLASS_OTHER; a = CLASS_OPACITY; }
    } else {
      const r = this.ratio[i];
      if (!Number.isNaN(r) && r !== -1) { c = ratioColor(r); a = RATIO_OPACITY; }
    }
    const t = this.texels;
    const o = 4 * i;
    if (!c) t.fill(0, o, o + 4);
    else for (let j = 0; j < 3; j++) t[o + j] = Math.round(c[j] * a * 255);
    if (c) t[o + 3] = Math.round(a * 255);
    this.stale.colors = true;
  }

  /** @param {WebGL2RenderingContext} gl */
  onAdd(gl) {
    const { p, u } = linkProgram(gl, VERTEX, FRAGMENT, ['u_matrix', 'u_colors', 'u_width']);
    this.prog = { program: p, u };
  }

  /** @param {WebGL2RenderingContext} gl */
  onRemove(gl) { this.release(gl); }

  release(gl) {
    if (!this.gpu) return;
    gl.deleteVertexArray(this.gpu.vao);
    for (const b of this.gpu.buffers) gl.deleteBuffer(b);
    gl.deleteTexture(this.gpu.texture);
    this.gpu = null;
  }

  /** MapLibre's view of the frame it draws. */
  view(viewProj) {
    this.viewProj.set(viewProj);
    this.worldSize = 512 * 2 ** this.composition.map.getZoom();
  }

  /** Uploads what the GPU lacks. @param {WebGL2RenderingContext} gl */
  upload(gl) {
    const height = this.texels.length / 4 / this.width;
    if (this.stale.mesh || !this.gpu) {
      this.release(gl);
      const vao = gl.createVertexArray();
      gl.bindVertexArray(vao);
      const buffer = (target, data) => {
        const b = gl.createBuffer();
        gl.bindBuffer(target, b);
        gl.bufferData(target, data, gl.STATIC_DRAW);
        return b;
      };
      const pos = buffer(gl.ARRAY_BUFFER, this.mesh.xy);
      gl.enableVertexAttribArray(0);
      gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
      const unit = buffer(gl.ARRAY_BUFFER, this.mesh.unit);
      gl.enableVertexAttribArray(1);
      gl.vertexAttribIPointer(1, 1, gl.UNSIGNED_INT, 0, 0);
      const index = buffer(gl.ELEMENT_ARRAY_BUFFER, this.mesh.index);
      gl.bindVertexArray(null);
      const texture = gl.createTexture();
      gl.bindTexture(gl.TEXTURE_2D, texture);
      gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA8, this.width, height);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
      this.gpu = { vao, buffers: [pos, unit, index], texture, height };
      this.stale = { mesh: false, colors: true };
    }
    if (this.stale.colors) {
      gl.bindTexture(gl.TEXTURE_2D, this.gpu.texture);
      // As given (MapLibre may have left these set for its images; it sets them again itself).
      gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
      gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
      gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
      gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, this.width, height, gl.RGBA, gl.UNSIGNED_BYTE, this.texels);
      this.stale.colors = false;
    }
  }

  /** The polygons of the current level, at the view of MapLibre's last frame. @param {WebGL2RenderingContext} gl */
  draw(gl) {
    const range = this.mesh.ranges.get(this.level);
    if (!this.prog || !range) return;
    this.upload(gl);
    const u = this.prog.u;
    gl.useProgram(this.prog.program);
    gl.uniformMatrix4fv(u.u_matrix, false, localMatrix(this.viewProj, this.worldSize, this.mesh.origin));
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.gpu.texture);
    gl.uniform1i(u.u_colors, 0);
    gl.uniform1i(u.u_width, this.width);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.bindVertexArray(this.gpu.vao);
    gl.drawElements(gl.TRIANGLES, range[1], gl.UNSIGNED_INT, range[0] * 4);
    gl.bindVertexArray(null);
  }
}
