// A drag's frames without MapLibre: while a station is dragged, MapLibre's own frame keeps the map
// between its changing layers (the units' choropleth, the residents) as textures — GPU-side copies
// of the canvas — so that a step which changes only those layers' colours is drawn with no
// MapLibre frame: no tiles, stencil masks or style layers walked.
//
// The composed map lives in a framebuffer of its own. A step redraws only the rectangle its
// changes cover (the changed residents' and cells' discs, the changed units' polygons: each layer
// says where, `changed(rect)`) from the parts (kept map, layer, kept map, layer, kept map), and the
// whole canvas is one copy of that framebuffer (the canvas is not kept between frames): fill rate
// saved on a GPU, and a step whose changes are all off-screen draws nothing. (What a step cost
// SwiftShader was elsewhere: the residents' instanced quads, now points — points-gl.js.)
//
// Compositing is exact: MapLibre blends premultiplied colour (ONE, ONE_MINUS_SRC_ALPHA); each part
// of the map is drawn onto a transparent canvas, so it holds its premultiplied colour and its
// combined coverage, and "over" is associative.
import { linkProgram } from './points-gl.js';

const VERTEX = `#version 300 es
layout(location = 0) in vec2 a_corner;
void main() { gl_Position = vec4(a_corner, 0.0, 1.0); }`;

const FRAGMENT = `#version 300 es
precision highp float;
uniform sampler2D u_image;
out vec4 o;
void main() { o = texelFetch(u_image, ivec2(gl_FragCoord.xy), 0); }`;

/**
 * A layer whose colours change during a drag: MapLibre gives it the view (`view`) each frame,
 * and `draw` draws it at that view, at any time.
 * @typedef {{ id: string, onAdd?: (gl: WebGL2RenderingContext) => void, onRemove?: (gl: WebGL2RenderingContext) => void,
 *   view: (matrix: ArrayLike<number>) => void, draw: (gl: WebGL2RenderingContext) => void }} Changing
 */

export class Composition {
  /** @param {import('maplibre-gl').Map} map */
  constructor(map) {
    this.map = map;
    /** MapLibre's WebGL2 context (the layers' `onAdd` gives it). @type {WebGL2RenderingContext | null} */
    this.gl = null;
    /** @type {{ program: WebGLProgram, image: WebGLUniformLocation, vao: WebGLVertexArrayObject } | null} */
    this.quadProgram = null;
    /** Whether a drag is on (frames are kept and composed). */
    this.on = false;
    /** The kept parts of the last MapLibre frame, bottom to top: a texture, or a changing layer. @type {({ texture: WebGLTexture } | { layer: Changing })[]} */
    this.parts = [];
    /** Textures made so far (reused frame to frame) and their size in device pixels. @type {WebGLTexture[]} */
    this.textures = [];
    this.size = [0, 0];
    /** Whether `parts` hold a whole frame. */
    this.valid = false;
    /** The composed frame asked for. */
    this.frame = 0;
    /** Called after each composed frame (the drag benchmark counts them). @type {(() => void)[]} */
    this.onComposed = [];
    /** The composed map (a texture and its framebuffer), whether it holds the last frame, and the
     * part of it that changed since (device pixels `[x0, y0, x1, y1)`, GL's bottom-up rows;
     * `null`: nothing; `'all'`: the whole canvas). */
    /** @type {{ texture: WebGLTexture, fbo: WebGLFramebuffer } | null} */
    this.target = null;
    this.targetValid = false;
    /** @type {number[] | 'all' | null} */
    this.dirty = null;
    /** Whether the canvas is copied with blitFramebuffer (not into a multisampled canvas). */
    this.blit = true;
  }

  /** The GL objects, once (MapLibre's context). @param {WebGL2RenderingContext} gl */
  init(gl) {
    if (this.quadProgram) return;
    this.gl = gl;
    const { p, u } = linkProgram(gl, VERTEX, FRAGMENT, ['u_image']);
    const corners = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, corners);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]), gl.STATIC_DRAW);
    const vao = gl.createVertexArray();
    gl.bindVertexArray(vao);
    gl.enableVertexAttribArray(0);
    gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
    gl.bindVertexArray(null);
    this.quadProgram = { program: p, image: u.u_image, vao };
    this.blit = !gl.getContextAttributes()?.antialias;
  }

  /** MapLibre's custom layer for the changing layer `c`: drawn as any layer, or (during a drag)
   * the map drawn below it kept and `c` drawn by the composition. @param {Changing} c */
  layer(c) {
    return /** @type {any} */ ({
      id: c.id,
      type: 'custom',
      renderingMode: '2d',
      onAdd: (_map, gl) => { this.init(gl); c.onAdd?.(gl); },
      onRemove: (_map, gl) => { c.onRemove?.(gl); },
      render: (gl, options) => {
        c.view(options.modelViewProjectionMatrix);
        if (this.on) this.keep(gl, c); else c.draw(gl);
      },
    });
  }

  /** The layer above every other: it keeps the rest of MapLibre's frame and puts the parts
   * together (a new frame's parts start in its prerender, before any layer is drawn). */
  top() {
    return /** @type {any} */ ({
      id: 'compose-top',
      type: 'custom',
      renderingMode: '2d',
      onAdd: (_map, gl) => this.init(gl),
      prerender: () => { this.parts = []; this.valid = false; },
      render: (gl) => {
        if (!this.on || this.parts.length === 0) return;
        this.keep(gl, null);
        this.valid = true;
        this.compose(gl, null);
      },
    });
  }

  /** Keeps what MapLibre has drawn since the last kept part, clears the canvas for the layers
   * above, and marks `c`'s place. @param {WebGL2RenderingContext} gl @param {Changing | null} c */
  keep(gl, c) {
    const [w, h] = [gl.drawingBufferWidth, gl.drawingBufferHeight];
    if (this.size[0] !== w || this.size[1] !== h) {
      this.release(gl);
      this.size = [w, h];
    }
    const k = this.parts.filter((p) => 'texture' in p).length;
    this.textures[k] ??= this.texture(gl, w, h);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.bindTexture(gl.TEXTURE_2D, this.textures[k]);
    gl.copyTexSubImage2D(gl.TEXTURE_2D, 0, 0, 0, 0, 0, w, h);
    this.parts.push({ texture: this.textures[k] });
    if (!c) return;
    gl.disable(gl.SCISSOR_TEST);
    gl.colorMask(true, true, true, true);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    this.parts.push({ layer: c });
  }

  /** Draws the kept parts and the changing layers between them, blended as MapLibre blends, into
   * the composed map — all of it, or only `rect` (device pixels) — and copies it to the canvas.
   * @param {WebGL2RenderingContext} gl @param {number[] | null} rect */
  compose(gl, rect) {
    const [w, h] = this.size;
    if (!this.target) {
      const texture = this.texture(gl, w, h);
      const fbo = gl.createFramebuffer();
      gl.bindFramebuffer(gl.FRAMEBUFFER, fbo);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
      this.target = { texture, fbo };
      this.targetValid = false;
    }
    if (!this.targetValid) rect = null;
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.target.fbo);
    gl.viewport(0, 0, w, h);
    for (const cap of [gl.DEPTH_TEST, gl.STENCIL_TEST, gl.SCISSOR_TEST, gl.CULL_FACE]) gl.disable(cap);
    if (rect) {
      gl.enable(gl.SCISSOR_TEST);
      gl.scissor(rect[0], rect[1], rect[2] - rect[0], rect[3] - rect[1]);
    }
    gl.colorMask(true, true, true, true);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    for (const part of this.parts) {
      gl.enable(gl.BLEND);
      gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
      if ('layer' in part) { part.layer.draw(gl); continue; }
      this.quad(gl, part.texture);
    }
    gl.disable(gl.SCISSOR_TEST);
    this.targetValid = true;
    this.dirty = null;
    // The canvas: the composed map, copied.
    if (this.blit) {
      gl.bindFramebuffer(gl.READ_FRAMEBUFFER, this.target.fbo);
      gl.bindFramebuffer(gl.DRAW_FRAMEBUFFER, null);
      gl.blitFramebuffer(0, 0, w, h, 0, 0, w, h, gl.COLOR_BUFFER_BIT, gl.NEAREST);
      gl.bindFramebuffer(gl.READ_FRAMEBUFFER, null);
    } else {
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      gl.disable(gl.BLEND);
      this.quad(gl, this.target.texture);
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  }

  /** A full-canvas draw of `texture`, pixel for pixel. @param {WebGL2RenderingContext} gl @param {WebGLTexture} texture */
  quad(gl, texture) {
    const q = this.quadProgram;
    gl.useProgram(q.program);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.uniform1i(q.image, 0);
    gl.bindVertexArray(q.vao);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    gl.bindVertexArray(null);
  }

  /** A `w` × `h` RGBA texture, read pixel for pixel. @param {WebGL2RenderingContext} gl */
  texture(gl, w, h) {
    const t = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, t);
    gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA8, w, h);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    return t;
  }

  /** A drag starts (`on`) or ends. Composed frames need MapLibre's GL state cache, to tell it
   * that they changed the state. */
  start(on) {
    const ok = on && Boolean(/** @type {any} */ (this.map).painter?.context?.setDirty);
    if (this.on === ok) return;
    this.on = ok;
    this.valid = false;
    this.parts = [];
    if (!ok && this.gl) this.release(this.gl);
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.map.triggerRepaint();
  }

  /** A changing layer's colours changed — where it draws them, `rect` (device pixels `[x0, y0,
   * x1, y1)`, bottom-up; none: anywhere): a composed frame when the map is kept, else MapLibre's.
   * @param {number[] | null} [rect] */
  changed(rect) {
    if (!(this.on && this.valid)) { this.map.triggerRepaint(); return; }
    if (!rect || this.dirty === 'all') this.dirty = 'all';
    else if (!this.dirty) this.dirty = rect.slice(0, 4);
    else {
      const d = this.dirty;
      this.dirty = [Math.min(d[0], rect[0]), Math.min(d[1], rect[1]), Math.max(d[2], rect[2]), Math.max(d[3], rect[3])];
    }
    this.frame ||= requestAnimationFrame(() => this.drawComposed());
  }

  /** A frame of the drag from the kept map: the part that changed, or nothing when no change
   * reaches the canvas (`again`: the canvas drawn even then). If MapLibre draws in the same frame
   * (the view or another layer changed) its frame is drawn after or over this one. */
  drawComposed(again = false) {
    this.frame = 0;
    const gl = this.gl;
    if (!gl || !this.on || !this.valid) { this.map.triggerRepaint(); return; }
    const d = this.dirty;
    /** The changed part, clipped to the canvas (null: all of it). */
    let rect = null;
    if (d !== 'all' && this.targetValid) {
      if (!d && !again) return;
      rect = !d ? [0, 0, 0, 0] : [Math.max(0, Math.floor(d[0])), Math.max(0, Math.floor(d[1])), Math.min(this.size[0], Math.ceil(d[2])), Math.min(this.size[1], Math.ceil(d[3]))];
      if (!again && (rect[2] <= rect[0] || rect[3] <= rect[1])) { this.dirty = null; return; }
      rect[2] = Math.max(rect[0], rect[2]);
      rect[3] = Math.max(rect[1], rect[3]);
    }
    this.compose(gl, rect);
    /** @type {any} */ (this.map).painter.context.setDirty();
    for (const f of this.onComposed) f();
  }

  /** The device-pixel rectangle (`[x0, y0, x1, y1)`, bottom-up) that covers the mercator box
   * `box` (`[x0, y0, x1, y1]` offsets from `origin`) drawn with `viewProj` (MapLibre's matrix of
   * world pixels) at `worldSize`, grown by `pad` CSS pixels; null when it is not known (a corner
   * behind the camera). @param {ArrayLike<number>} viewProj @param {number[]} origin @param {number[]} box */
  rect(viewProj, worldSize, origin, box, pad) {
    const [w, h] = [this.gl?.drawingBufferWidth ?? 0, this.gl?.drawingBufferHeight ?? 0];
    const m = viewProj;
    const grow = pad * this.map.getPixelRatio();
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const bx of [box[0], box[2]]) {
      for (const by of [box[1], box[3]]) {
        const x = (bx + origin[0]) * worldSize;
        const y = (by + origin[1]) * worldSize;
        const cw = m[3] * x + m[7] * y + m[15];
        if (!(cw > 0)) return null;
        const px = ((m[0] * x + m[4] * y + m[12]) / cw + 1) * 0.5 * w;
        const py = ((m[1] * x + m[5] * y + m[13]) / cw + 1) * 0.5 * h;
        x0 = Math.min(x0, px); x1 = Math.max(x1, px); y0 = Math.min(y0, py); y1 = Math.max(y1, py);
      }
    }
    return [x0 - grow, y0 - grow, x1 + grow, y1 + grow];
  }

  /** Frees the kept textures (a drag ended, or the canvas was resized). @param {WebGL2RenderingContext} gl */
  release(gl) {
    for (const t of this.textures) gl.deleteTexture(t);
    this.textures = [];
    if (this.target) {
      gl.deleteFramebuffer(this.target.fbo);
      gl.deleteTexture(this.target.texture);
    }
    this.target = null;
    this.targetValid = false;
    this.dirty = null;
    this.parts = [];
    this.size = [0, 0];
    this.valid = false;
  }
}
