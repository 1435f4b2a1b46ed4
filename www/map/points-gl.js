// WebGL2 drawing of many points as discs sized by population and coloured by one byte each:
// one GL point a disc (one draw call per set), positions as float32 offsets from a local origin in
// Web Mercator (millimetres anywhere on Earth; the origin goes into the matrix in float64), and a
// colour buffer whose changed ranges alone are uploaded.
//
// Points, not instanced quads: SwiftShader (WebGL without a GPU) sets up each instance as a draw of
// its own: a drag step at 200,000 residents cost ~150–185 ms of its CPU (at a million ~425 ms),
// ~50 ms as points (bench/drag.mjs --trace, the GPU process's finish time a move). A point
// whose centre leaves the viewport is dropped whole (GLES), so the discs are drawn with a viewport
// one disc wider than the canvas on every side: a disc half off the map is still drawn.

const VERTEX = `#version 300 es
uniform mat4 u_matrix;
uniform vec2 u_guard;
uniform float u_px_per_css;
uniform float u_max_size;
uniform float u_scale;
uniform float u_min;
uniform float u_max;
uniform bool u_gradient;
uniform int u_ncolors;
uniform vec4 u_colors[8];
layout(location = 0) in vec2 a_pos;
layout(location = 1) in float a_pop;
layout(location = 2) in uint a_value;
out float v_e;
out float v_r;
out vec4 v_color;
vec4 colorOf(uint v) {
  if (!u_gradient) return u_colors[min(int(v), 7)];
  float t = float(v) / 255.0 * float(u_ncolors - 1);
  int i = min(int(floor(t)), u_ncolors - 2);
  return mix(u_colors[i], u_colors[i + 1], t - float(i));
}
void main() {
  float r = clamp(u_scale * sqrt(max(a_pop, 0.0)), u_min, u_max);
  float e = r + 1.0;
  vec4 c = u_matrix * vec4(a_pos, 0.0, 1.0);
  // The canvas inside the wider viewport.
  c.xy *= u_guard;
  gl_Position = c;
  gl_PointSize = min(2.0 * e * u_px_per_css, u_max_size);
  v_e = e;
  v_r = r;
  v_color = colorOf(a_value);
}`;

const FRAGMENT = `#version 300 es
precision mediump float;
uniform float u_stroke;
uniform float u_opacity;
in float v_e;
in float v_r;
in vec4 v_color;
out vec4 o;
void main() {
  // CSS pixels from the disc's centre.
  float d = length((gl_PointCoord * 2.0 - 1.0) * v_e);
  float inside = clamp(v_r - d + 0.5, 0.0, 1.0);
  if (inside <= 0.0) discard;
  float s = u_stroke > 0.0 ? clamp(d - (v_r - u_stroke) + 0.5, 0.0, 1.0) : 0.0;
  float alpha = inside * mix(u_opacity, 1.0, s);
  o = vec4(mix(v_color.rgb, vec3(1.0), s) * alpha, alpha);
}`;

/** `#rrggbb` as four floats. */
export function rgba(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255, 1];
}

/** Web Mercator of (`lon`, `lat`) in [0, 1]² (MapLibre's world, north up). */
export function mercator(lon, lat) {
  const s = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
  return [0.5 + lon / 360, 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)];
}

function compile(gl, type, source) {
  const s = gl.createShader(type);
  gl.shaderSource(s, source);
  gl.compileShader(s);
  if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(`shader: ${gl.getShaderInfoLog(s)}`);
  return s;
}

/** A linked program of two shader sources, with the locations of `uniforms`.
 * @param {WebGL2RenderingContext} gl @param {string[]} uniforms */
export function linkProgram(gl, vertex, fragment, uniforms) {
  const p = gl.createProgram();
  gl.attachShader(p, compile(gl, gl.VERTEX_SHADER, vertex));
  gl.attachShader(p, compile(gl, gl.FRAGMENT_SHADER, fragment));
  gl.linkProgram(p);
  if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(`program: ${gl.getProgramInfoLog(p)}`);
  return { p, u: Object.fromEntries(uniforms.map((n) => [n, gl.getUniformLocation(p, n)])) };
}

/** MapLibre's float64 matrix of world pixels (`viewProj`) × scale(`worldSize`) × translate(`origin`,
 * mercator), computed in float64 and handed over as float32: offsets from `origin` keep their
 * precision on the GPU. @param {ArrayLike<number>} viewProj @param {number} worldSize
 * @param {number[]} origin */
export function localMatrix(viewProj, worldSize, origin) {
  const [ox, oy] = origin;
  const k = worldSize;
  const m = new Float32Array(16);
  for (let r = 0; r < 4; r++) {
    m[r] = viewProj[r] * k;
    m[4 + r] = viewProj[4 + r] * k;
    m[8 + r] = viewProj[8 + r];
    m[12 + r] = viewProj[r] * k * ox + viewProj[4 + r] * k * oy + viewProj[12 + r];
  }
  return m;
}

/** The program every set shares, and the context's limits on points and viewports. */
export class PointsProgram {
  /** @param {WebGL2RenderingContext} gl */
  constructor(gl) {
    this.gl = gl;
    const { p, u } = linkProgram(gl, VERTEX, FRAGMENT, ['u_matrix', 'u_guard', 'u_px_per_css', 'u_max_size', 'u_scale', 'u_min', 'u_max', 'u_gradient', 'u_ncolors', 'u_colors', 'u_stroke', 'u_opacity']);
    this.program = p;
    this.u = u;
    /** The largest point (device pixels) and viewport the context draws. */
    this.maxPointSize = Number(gl.getParameter(gl.ALIASED_POINT_SIZE_RANGE)?.[1] ?? 1);
    const dims = gl.getParameter(gl.MAX_VIEWPORT_DIMS);
    this.maxViewport = [Number(dims?.[0] ?? 0), Number(dims?.[1] ?? 0)];
  }
}

/**
 * One set of points (the residents, or the cells): positions, populations and a colour byte per
 * point, in the order given (the worker's curve order). Data is handed over at any time and
 * reaches the GPU in the next `draw`.
 */
export class PointSet {
  constructor() {
    this.n = 0;
    /** Float32 offsets `[dx, dy, …]` from `origin` (mercator units). */
    this.offsets = new Float32Array(0);
    this.origin = [0, 0];
    this.pop = new Float32Array(0);
    this.values = new Uint8Array(0);
    /** What the GPU lacks: everything (`all`) or ranges of the values `[from, to)`. */
    this.stale = { all: true, ranges: /** @type {number[][]} */ ([]) };
    /** @type {{ vao: WebGLVertexArrayObject, buffers: WebGLBuffer[], n: number } | null} */
    this.gpu = null;
  }

  /** Points at `lon[i]`, `lat[i]` (or `xy` pairs) with `pop` and colour bytes `values`. */
  set(xy, pop, values) {
    const n = pop.length;
    const [ox, oy] = n ? mercator(xy[0], xy[1]) : [0, 0];
    const offsets = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const [x, y] = mercator(xy[2 * i], xy[2 * i + 1]);
      offsets[2 * i] = x - ox;
      offsets[2 * i + 1] = y - oy;
    }
    this.n = n;
    this.offsets = offsets;
    this.origin = [ox, oy];
    this.pop = Float32Array.from(pop);
    this.values = values;
    this.stale = { all: true, ranges: [] };
  }

  /** New colour bytes at `indices` (ascending). */
  change(indices, values) {
    const k = indices.length;
    if (k === 0) return;
    for (let j = 0; j < k; j++) this.values[indices[j]] = values[j];
    if (this.stale.all) return;
    // Runs closer than 256 bytes are uploaded as one range; more than 64 ranges as one.
    const ranges = this.stale.ranges;
    let from = indices[0];
    let to = from + 1;
    for (let j = 1; j < k; j++) {
      const i = indices[j];
      if (i - to > 256) { ranges.push([from, to]); from = i; }
      to = i + 1;
    }
    ranges.push([from, to]);
    if (ranges.length > 64) {
      let lo = Infinity;
      let hi = 0;
      for (const [a, b] of ranges) { lo = Math.min(lo, a); hi = Math.max(hi, b); }
      this.stale.ranges = [[lo, hi]];
    }
  }

  /** Uploads what the GPU lacks. @param {WebGL2RenderingContext} gl @param {PointsProgram} prog */
  upload(gl, prog) {
    if (this.stale.all) {
      this.release(gl);
      const vao = gl.createVertexArray();
      gl.bindVertexArray(vao);
      const buffer = (data, usage) => {
        const b = gl.createBuffer();
        gl.bindBuffer(gl.ARRAY_BUFFER, b);
        gl.bufferData(gl.ARRAY_BUFFER, data, usage);
        return b;
      };
      const pos = buffer(this.offsets, gl.STATIC_DRAW);
      gl.enableVertexAttribArray(0);
      gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
      const pop = buffer(this.pop, gl.STATIC_DRAW);
      gl.enableVertexAttribArray(1);
      gl.vertexAttribPointer(1, 1, gl.FLOAT, false, 0, 0);
      const values = buffer(this.values, gl.DYNAMIC_DRAW);
      gl.enableVertexAttribArray(2);
      gl.vertexAttribIPointer(2, 1, gl.UNSIGNED_BYTE, 0, 0);
      gl.bindVertexArray(null);
      this.gpu = { vao, buffers: [pos, pop, values], n: this.n };
    } else if (this.stale.ranges.length && this.gpu) {
      gl.bindBuffer(gl.ARRAY_BUFFER, this.gpu.buffers[2]);
      for (const [a, b] of this.stale.ranges) gl.bufferSubData(gl.ARRAY_BUFFER, a, this.values, a, b - a);
    }
    this.stale = { all: false, ranges: [] };
  }

  /** The box `[x0, y0, x1, y1]` (offsets from `origin`) of the points at `indices`, or null. */
  box(indices) {
    const o = this.offsets;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j];
      const x = o[2 * i];
      const y = o[2 * i + 1];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    return x0 <= x1 ? [x0, y0, x1, y1] : null;
  }

  /** Frees the GPU's copy. @param {WebGL2RenderingContext} gl */
  release(gl) {
    if (!this.gpu) return;
    gl.deleteVertexArray(this.gpu.vao);
    for (const b of this.gpu.buffers) gl.deleteBuffer(b);
    this.gpu = null;
  }

  /**
   * Draws the set: `viewProj` is MapLibre's float64 matrix of world pixels; `look` the size and
   * colour rules. @param {WebGL2RenderingContext} gl @param {PointsProgram} prog
   * @param {{ worldSize: number, ratio: number, scale: number, min: number, max: number,
   *   stroke: number, opacity: number, gradient: boolean, colors: number[][] }} look
   */
  draw(gl, prog, viewProj, look) {
    this.upload(gl, prog);
    if (!this.gpu || this.n === 0) return;
    const m = localMatrix(viewProj, look.worldSize, this.origin);
    const u = prog.u;
    gl.useProgram(prog.program);
    gl.uniformMatrix4fv(u.u_matrix, false, m);
    // A viewport `g` device pixels wider than the canvas on each side (a disc's size), when the
    // context draws one that wide.
    const [w, h] = [gl.drawingBufferWidth, gl.drawingBufferHeight];
    const size = Math.min(2 * (look.max + 1) * look.ratio, prog.maxPointSize);
    let g = Math.ceil(size / 2) + 1;
    if (w + 2 * g > prog.maxViewport[0] || h + 2 * g > prog.maxViewport[1]) g = 0;
    gl.viewport(-g, -g, w + 2 * g, h + 2 * g);
    gl.uniform2f(u.u_guard, w / (w + 2 * g), h / (h + 2 * g));
    gl.uniform1f(u.u_px_per_css, look.ratio);
    gl.uniform1f(u.u_max_size, prog.maxPointSize);
    gl.uniform1f(u.u_scale, look.scale);
    gl.uniform1f(u.u_min, look.min);
    gl.uniform1f(u.u_max, look.max);
    gl.uniform1i(u.u_gradient, look.gradient ? 1 : 0);
    gl.uniform1i(u.u_ncolors, look.colors.length);
    const colors = new Float32Array(32);
    look.colors.slice(0, 8).forEach((c, i) => colors.set(c, 4 * i));
    gl.uniform4fv(u.u_colors, colors);
    gl.uniform1f(u.u_stroke, look.stroke);
    gl.uniform1f(u.u_opacity, look.opacity);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.bindVertexArray(this.gpu.vao);
    gl.drawArrays(gl.POINTS, 0, this.n);
    gl.bindVertexArray(null);
    gl.viewport(0, 0, w, h);
  }

  /** The point nearest mercator (`x`, `y`) within `within` mercator units, or -1. */
  nearest(x, y, within) {
    const dx0 = x - this.origin[0];
    const dy0 = y - this.origin[1];
    let best = -1;
    let bestD = within * within;
    const o = this.offsets;
    for (let i = 0; i < this.n; i++) {
      const dx = o[2 * i] - dx0;
      const dy = o[2 * i + 1] - dy0;
      const d = dx * dx + dy * dy;
      if (d <= bestD) { bestD = d; best = i; }
    }
    return best;
  }
}
