// The station being dragged, drawn by its own WebGL2 custom layer: its radius circle (fill and
// outline) and its symbol with the selection halo. The shapes go to the GPU once when the drag
// starts; each pointer move changes only where they are drawn (a uniform), so a drag step hands
// WebGL no data and MapLibre re-tiles nothing.
import { mercator, rgba, linkProgram, localMatrix } from './points-gl.js';

const VERTEX = `#version 300 es
uniform mat4 u_matrix;
uniform vec2 u_clip_per_px;
uniform float u_width;
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_normal;
layout(location = 2) in vec2 a_px;
out vec2 v_px;
void main() {
  vec4 c = u_matrix * vec4(a_pos, 0.0, 1.0);
  c.xy += (vec2(a_normal.x, -a_normal.y) * u_width + a_px) * u_clip_per_px * c.w;
  gl_Position = c;
  v_px = a_px;
}`;

const FRAGMENT = `#version 300 es
precision mediump float;
uniform vec4 u_color;
uniform int u_mode;
uniform float u_icon;
uniform sampler2D u_image;
in vec2 v_px;
out vec4 o;
void main() {
  if (u_mode == 0) { o = vec4(u_color.rgb * u_color.a, u_color.a); return; }
  // The symbol (a texture) inside the halo ring (radius 19 px, 2.5 px wide).
  vec2 t = v_px / (2.0 * u_icon) + 0.5;
  vec4 icon = (t.x >= 0.0 && t.x <= 1.0 && t.y >= 0.0 && t.y <= 1.0) ? texture(u_image, vec2(t.x, 1.0 - t.y)) : vec4(0.0);
  float ring = clamp(1.25 - abs(length(v_px) - 19.0) + 0.5, 0.0, 1.0) * 0.95;
  vec4 halo = vec4(vec3(0.129, 0.145, 0.161) * ring, ring);
  o = icon + halo * (1.0 - icon.a);
}`;

/** Half the side of the symbol's quad (px): the halo and a pixel of slack. */
const SPRITE = 23;

export class DragLayer {
  /** @param {import('maplibre-gl').Map} map */
  constructor(map) {
    this.map = map;
    /** The dragged station's shapes (null: none dragged). @type {{ at: number[], ring: Float32Array, normals: Float32Array, color: number[], image: ImageData, ratio: number } | null} */
    this.shape = null;
    /** @type {any} */
    this.gpu = null;
    /** @type {{ p: WebGLProgram, u: Record<string, WebGLUniformLocation | null> } | null} */
    this.prog = null;
    this.stale = false;
    /** Whether the circle is filled (the gap view draws outlines only, as for the others). */
    this.filled = true;
  }

  /** The circle's layer (below the residents, as the other circles). */
  addCircle() {
    this.addLayer('drag-circle', 'circle');
  }

  /** The symbol's layer (on top, as the other symbols). */
  addSymbol() {
    this.addLayer('drag-station', 'symbol');
  }

  /** A custom layer `id` drawing the circle or the symbol (`what`); both share one program. */
  addLayer(id, what) {
    /** @type {any} */
    const layer = {
      id, type: 'custom', renderingMode: '2d',
      onAdd: (_map, gl) => { this.prog ??= this.program(gl); },
      render: (gl, options) => this.render(gl, options.modelViewProjectionMatrix, what),
    };
    this.map.addLayer(layer);
  }

  program(gl) {
    return linkProgram(gl, VERTEX, FRAGMENT, ['u_matrix', 'u_clip_per_px', 'u_width', 'u_color', 'u_mode', 'u_icon', 'u_image']);
  }

  /**
   * A drag starts: the station at (`lon`, `lat`) with its circle `ring` (`[[lon, lat], …]`, or
   * null), the kind's `color` and symbol `icon` (`{image, ratio}`).
   */
  start(lon, lat, ring, color, icon) {
    const origin = mercator(lon, lat);
    const k = ring ? ring.length : 0;
    const pos = new Float32Array(2 * k);
    const normals = new Float32Array(2 * k);
    for (let i = 0; i < k; i++) {
      const [x, y] = mercator(ring[i][0], ring[i][1]);
      const dx = x - origin[0];
      const dy = y - origin[1];
      const d = Math.hypot(dx, dy) || 1;
      pos[2 * i] = dx; pos[2 * i + 1] = dy;
      normals[2 * i] = dx / d; normals[2 * i + 1] = dy / d;
    }
    this.shape = { at: origin, ring: pos, normals, color: rgba(color), image: icon.image, ratio: icon.ratio };
    this.stale = true;
    this.map.triggerRepaint();
  }

  /** The pointer moved the station to (`lon`, `lat`). */
  move(lon, lat) {
    if (!this.shape) return;
    this.shape.at = mercator(lon, lat);
    this.map.triggerRepaint();
  }

  stop() {
    this.shape = null;
    this.map.triggerRepaint();
  }

  /** The shapes' buffers: fill (a fan from the centre), outline (a strip), the symbol's quad. */
  upload(gl) {
    const s = this.shape;
    if (this.gpu) { gl.deleteVertexArray(this.gpu.vao); gl.deleteBuffer(this.gpu.buffer); gl.deleteTexture(this.gpu.texture); }
    const k = s.ring.length / 2;
    // Per vertex: position (2), normal (2), pixel offset (2).
    const v = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < k; i++) v.push(s.ring[2 * i], s.ring[2 * i + 1], 0, 0, 0, 0);
    const fan = k + 1;
    for (let i = 0; i < k; i++) {
      for (const side of [-1, 1]) v.push(s.ring[2 * i], s.ring[2 * i + 1], side * s.normals[2 * i], side * s.normals[2 * i + 1], 0, 0);
    }
    for (const [x, y] of [[-1, -1], [1, -1], [-1, 1], [1, 1]]) v.push(0, 0, 0, 0, x * SPRITE, y * SPRITE);
    const vao = gl.createVertexArray();
    gl.bindVertexArray(vao);
    const buffer = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array(v), gl.STATIC_DRAW);
    for (let a = 0; a < 3; a++) {
      gl.enableVertexAttribArray(a);
      gl.vertexAttribPointer(a, 2, gl.FLOAT, false, 24, 8 * a);
    }
    gl.bindVertexArray(null);
    const texture = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, true);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, s.image);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    this.gpu = { vao, buffer, texture, fan, strip: 2 * k, sprite: fan + 2 * k };
    this.stale = false;
  }

  /** Draws the circle or the symbol (`what`) where the station is now. */
  render(gl, viewProj, what) {
    const s = this.shape;
    if (!s || !this.prog) return;
    if (this.stale) this.upload(gl);
    const z = this.map.getZoom();
    const m = localMatrix(viewProj, 512 * 2 ** z, s.at);
    const canvas = this.map.getCanvas();
    const ratio = this.map.getPixelRatio();
    const { p, u } = this.prog;
    gl.useProgram(p);
    gl.uniformMatrix4fv(u.u_matrix, false, m);
    gl.uniform2f(u.u_clip_per_px, (2 * ratio) / canvas.width, (2 * ratio) / canvas.height);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.bindVertexArray(this.gpu.vao);
    const { fan, strip, sprite } = this.gpu;
    if (what === 'circle') {
      if (fan > 1) this.drawCircle(gl, u, s, fan, strip);
    } else {
      this.drawSymbol(gl, u, s, z, sprite);
    }
    gl.bindVertexArray(null);
  }

  drawCircle(gl, u, s, fan, strip) {
    gl.uniform1i(u.u_mode, 0);
    gl.uniform1f(u.u_width, 0);
    if (this.filled) {
      gl.uniform4f(u.u_color, s.color[0], s.color[1], s.color[2], 0.14);
      gl.drawArrays(gl.TRIANGLE_FAN, 0, fan);
    }
    gl.uniform4f(u.u_color, s.color[0], s.color[1], s.color[2], 0.9);
    gl.uniform1f(u.u_width, 1.25);
    gl.drawArrays(gl.TRIANGLE_STRIP, fan, strip);
  }

  drawSymbol(gl, u, s, z, sprite) {
    // The symbol at the zoom's icon size (as the stations layer: 0.55 at z10 to 0.9 at z15).
    gl.uniform1i(u.u_mode, 1);
    gl.uniform1f(u.u_width, 0);
    gl.uniform1f(u.u_icon, ((s.image.width / s.ratio) * (0.55 + 0.35 * Math.max(0, Math.min(1, (z - 10) / 5)))) / 2);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.gpu.texture);
    gl.uniform1i(u.u_image, 0);
    gl.drawArrays(gl.TRIANGLE_STRIP, sprite, 4);
  }
}
