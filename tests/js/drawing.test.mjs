// How the map draws residents, under Node: the worker's curve order and cells (www/worker/cells.js)
// and the page's point sets (www/map/points-gl.js) — colour bytes uploaded by changed ranges,
// picking the nearest point — each against a brute-force oracle on seeded inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layout, cellValues, CellColours, LOD_RESIDENTS } from '../../www/worker/cells.js';
import { PointSet, mercator } from '../../www/map/points-gl.js';

/** A seeded generator (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` residents around Nanjing (clustered, some at the same place). */
function town(n, seed) {
  const r = rng(seed);
  const coordinates = new Float64Array(2 * n);
  const population = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const same = i > 0 && r() < 0.05;
    coordinates[2 * i] = same ? coordinates[2 * i - 2] : 118.7 + r() * 0.12;
    coordinates[2 * i + 1] = same ? coordinates[2 * i - 1] : 32.0 + r() * 0.1;
    population[i] = Math.floor(r() * 300);
  }
  return { coordinates, population };
}

/** Morton code by the definition: bit k of x at 2k, of y at 2k + 1. */
function mortonSlow(x, y) {
  let m = 0n;
  for (let k = 0; k < 16; k++) m |= (BigInt((x >> k) & 1) << BigInt(2 * k)) | (BigInt((y >> k) & 1) << BigInt(2 * k + 1));
  return m;
}

test('the curve order is a permutation sorted by Morton code (ties in input order), slot its inverse', () => {
  for (const seed of [1, 2, 3]) {
    const { coordinates, population } = town(5000, seed);
    const { order, slot, cells } = layout(coordinates, population);
    assert.equal(cells, null, 'no cells below LOD_RESIDENTS');
    const n = population.length;
    let [w, s, e, nn] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      w = Math.min(w, coordinates[2 * i]); e = Math.max(e, coordinates[2 * i]);
      s = Math.min(s, coordinates[2 * i + 1]); nn = Math.max(nn, coordinates[2 * i + 1]);
    }
    const key = (i) => mortonSlow(Math.round((coordinates[2 * i] - w) * (65535 / (e - w))), Math.round((coordinates[2 * i + 1] - s) * (65535 / (nn - s))));
    const want = [...Array(n).keys()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a - b));
    assert.deepEqual(Array.from(order), want);
    for (let j = 0; j < n; j++) assert.equal(slot[order[j]], j);
  }
});

test('cells hold every resident once, each at its cell, and their colour bytes are the brute-force shares', () => {
  const { coordinates, population } = town(LOD_RESIDENTS + 2000, 7);
  const { cells } = layout(coordinates, population);
  assert.ok(cells);
  const m = cells.pop.length;
  const pop = new Float64Array(m);
  for (let i = 0; i < population.length; i++) pop[cells.of[i]] += population[i];
  assert.deepEqual(Array.from(pop), Array.from(cells.pop));
  // Residents of one cell are within a cell's side (~150 m) of each other in each direction.
  const box = new Map();
  for (let i = 0; i < population.length; i++) {
    const c = cells.of[i];
    const b = box.get(c) ?? [Infinity, Infinity, -Infinity, -Infinity];
    b[0] = Math.min(b[0], coordinates[2 * i]); b[1] = Math.min(b[1], coordinates[2 * i + 1]);
    b[2] = Math.max(b[2], coordinates[2 * i]); b[3] = Math.max(b[3], coordinates[2 * i + 1]);
    box.set(c, b);
  }
  const dy = 150 / 111320;
  const dx = dy / Math.cos((coordinates[1] * Math.PI) / 180);
  for (const [, b] of box) {
    assert.ok(b[3] - b[1] < dy + 1e-12);
    assert.ok(b[2] - b[0] < dx + 1e-12);
  }
  const r = rng(9);
  const covered = Uint8Array.from(population, () => (r() < 0.6 ? 1 : 0));
  const classes = Uint8Array.from(population, () => 1 + Math.floor(r() * 6));
  const cov = cellValues(cells, population, covered, false);
  const gap = cellValues(cells, population, classes, true);
  for (let c = 0; c < m; c++) {
    let p = 0; let k = 0; let g = 0;
    for (let i = 0; i < population.length; i++) {
      if (cells.of[i] !== c) continue;
      p += population[i]; k += covered[i] ? population[i] : 0; g += population[i] * classes[i];
    }
    assert.equal(cov.values[c], p > 0 ? Math.round((k / p) * 255) : 0);
    assert.ok(Math.abs(cov.sum[c] - k) < 1e-6);
    assert.equal(gap.values[c], p > 0 ? Math.round(((g / p - 1) / 5) * 255) : 255);
    if (c > 200) break;
  }
});

test('cells kept up to date by changes equal cells counted again from every resident', () => {
  const { coordinates, population } = town(LOD_RESIDENTS + 5000, 21);
  const { cells } = layout(coordinates, population);
  const r = rng(23);
  for (const gap of [false, true]) {
    const draw = () => (gap ? 1 + Math.floor(r() * 6) : r() < 0.5 ? 1 : 0);
    let values = Uint8Array.from(population, draw);
    const k = new CellColours(cells, population);
    k.full(values, gap);
    for (let step = 0; step < 30; step++) {
      const next = values.slice();
      const changed = [];
      const at = Math.floor(r() * population.length);
      for (let i = at; i < Math.min(population.length, at + 3000); i++) if (r() < 0.3) { next[i] = draw(); if (next[i] !== values[i]) changed.push(i); }
      const shown = k.values.slice();
      const out = k.change(Uint32Array.from(changed), Uint8Array.from(changed, (i) => values[i]), Uint8Array.from(changed, (i) => next[i]));
      const want = cellValues(cells, population, next, gap);
      assert.deepEqual(Array.from(k.values), Array.from(want.values), `step ${step}`);
      // What it reports as changed is exactly where the bytes differ from before.
      const diff = [];
      for (let c = 0; c < shown.length; c++) if (shown[c] !== want.values[c]) diff.push(c);
      assert.deepEqual(Array.from(out.indices), diff);
      values = next;
    }
  }
});

/** A WebGL2 stand-in that keeps what reaches each buffer (enough for PointSet.upload). */
function fakeGl() {
  const buffers = [];
  let bound = null;
  const gl = {
    ARRAY_BUFFER: 1, STATIC_DRAW: 2, DYNAMIC_DRAW: 3, FLOAT: 4, UNSIGNED_BYTE: 5,
    uploads: [],
    createVertexArray: () => ({}), bindVertexArray: () => {}, deleteVertexArray: () => {},
    createBuffer: () => { const b = { data: null }; buffers.push(b); return b; },
    deleteBuffer: () => {},
    bindBuffer: (_t, b) => { bound = b; },
    bufferData: (_t, data) => { bound.data = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)); gl.uploads.push(data.byteLength); },
    bufferSubData: (_t, offset, src, srcOffset, length) => { bound.data.set(src.subarray(srcOffset, srcOffset + length), offset); gl.uploads.push(length); },
    enableVertexAttribArray: () => {}, vertexAttribPointer: () => {}, vertexAttribIPointer: () => {}, vertexAttribDivisor: () => {},
  };
  return { gl, buffers };
}

test('a point set uploads only the changed ranges, and the GPU copy equals the colour bytes after every change', () => {
  const n = 200000;
  const { coordinates, population } = town(n, 11);
  const set = new PointSet();
  set.set(coordinates, population, new Uint8Array(n));
  const { gl, buffers } = fakeGl();
  const prog = /** @type {any} */ ({ corners: gl.createBuffer() });
  set.upload(/** @type {any} */ (gl), prog);
  const values = () => buffers[buffers.length - 1].data;
  const r = rng(5);
  for (let step = 0; step < 50; step++) {
    // A moving circle's flips: a few runs of nearby slots, sometimes scattered ones.
    const idx = new Set();
    const runs = 1 + Math.floor(r() * 5);
    for (let k = 0; k < runs; k++) {
      const at = Math.floor(r() * (n - 2000));
      for (let j = 0; j < 300; j++) if (r() < 0.5) idx.add(at + Math.floor(r() * 2000));
    }
    if (step % 10 === 9) for (let j = 0; j < 500; j++) idx.add(Math.floor(r() * n));
    const sorted = Uint32Array.from([...idx].sort((a, b) => a - b));
    gl.uploads.length = 0;
    set.change(sorted, Uint8Array.from(sorted, () => Math.floor(r() * 7)));
    set.upload(/** @type {any} */ (gl), prog);
    assert.deepEqual(values(), set.values, `step ${step}`);
    const sent = gl.uploads.reduce((a, b) => a + b, 0);
    if (step % 10 !== 9) assert.ok(sent <= 5 * 2300, `step ${step}: ${sent} bytes for ${runs} runs`);
    assert.ok(sent <= n);
  }
});

test('picking finds the nearest point within the distance, as a brute-force search does', () => {
  const { coordinates, population } = town(3000, 13);
  const set = new PointSet();
  set.set(coordinates, population, new Uint8Array(3000));
  const r = rng(17);
  for (let k = 0; k < 200; k++) {
    const [x, y] = mercator(118.7 + r() * 0.12, 32.0 + r() * 0.1);
    const within = r() * 2e-5;
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < 3000; i++) {
      const [px, py] = mercator(coordinates[2 * i], coordinates[2 * i + 1]);
      const d = Math.hypot(px - x, py - y);
      if (d <= within && d < bestD) { bestD = d; best = i; }
    }
    const got = set.nearest(x, y, within);
    if (best < 0) assert.equal(got, -1);
    else {
      const [px, py] = mercator(coordinates[2 * got], coordinates[2 * got + 1]);
      // Float32 offsets: the same point, or one as near to within a millimetre's worth.
      assert.ok(Math.abs(Math.hypot(px - x, py - y) - bestD) < 1e-10, `query ${k}`);
    }
  }
});
