// A drag's frames without MapLibre: while a station is dragged, MapLibre's own frame keeps the map
// between its changing layers (the units' choropleth, the residents) as textures — GPU-side copies
// of the canvas — so that a step which changes only those layers' colours is drawn as a few
// full-canvas draws (kept map, layer, kept map, layer, kept map) with no MapLibre frame: no tiles,
// stencil masks or style layers walked.
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
        this.compose(gl);
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
    if (!this.textures[k]) {
      const t = gl.createTexture();
      gl.bindTexture(gl.TEXTURE_2D, t);
      gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA8, w, h);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
      this.textures[k] = t;
    }
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

  /** Draws the kept parts and the changing layers between them, blended as MapLibre blends. */
  compose(gl) {
    const q = this.quadProgram;
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.viewport(0, 0, this.size[0], this.size[1]);
    for (const cap of [gl.DEPTH_TEST, gl.STENCIL_TEST, gl.SCISSOR_TEST, gl.CULL_FACE]) gl.disable(cap);
    gl.colorMask(true, true, true, true);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    for (const part of this.parts) {
      gl.enable(gl.BLEND);
      gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
      if ('layer' in part) { part.layer.draw(gl); continue; }
      gl.useProgram(q.program);
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, part.texture);
      gl.uniform1i(q.image, 0);
      gl.bindVertexArray(q.vao);
      gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
      gl.bindVertexArray(null);
    }
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

  /** A changing layer's colours changed: a composed frame when the map is kept, else MapLibre's. */
  changed() {
    if (this.on && this.valid) this.frame ||= requestAnimationFrame(() => this.drawComposed());
    else this.map.triggerRepaint();
  }

  /** A frame of the drag from the kept map. If MapLibre draws in the same frame (the view or
   * another layer changed) its frame is drawn after or over this one. */
  drawComposed() {
    this.frame = 0;
    const gl = this.gl;
    if (!gl || !this.on || !this.valid) { this.map.triggerRepaint(); return; }
    this.compose(gl);
    /** @type {any} */ (this.map).painter.context.setDirty();
    for (const f of this.onComposed) f();
  }

  /** Frees the kept textures (a drag ended, or the canvas was resized). @param {WebGL2RenderingContext} gl */
  release(gl) {
    for (const t of this.textures) gl.deleteTexture(t);
    this.textures = [];
    this.parts = [];
    this.size = [0, 0];
    this.valid = false;
  }
}
