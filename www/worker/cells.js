// How the map draws the residents, computed once per load: each resident's slot in curve order
// (so that a moving circle's changes fall in few ranges of the page's colour buffer), and for a
// large district the ~150 m cells that stand for the residents at district zoom, with each cell's
// colour byte per update (the share covered, or the gap view's mean class).

/** Above this many residents, cells stand for them below zoom 15 (the page's LOD_ZOOM). */
export const LOD_RESIDENTS = 30000;
/** Side of a cell, metres. */
const CELL_M = 150;

/**
 * Sorts `0..n` by a 32-bit `key` (two 16-bit passes of a stable radix sort): the order.
 * @param {Uint32Array} key
 */
function radixOrder(key) {
  const n = key.length;
  let from = new Uint32Array(n);
  let to = new Uint32Array(n);
  for (let i = 0; i < n; i++) from[i] = i;
  for (const shift of [0, 16]) {
    const count = new Uint32Array(65537);
    for (let i = 0; i < n; i++) count[((key[i] >>> shift) & 0xffff) + 1]++;
    for (let b = 0; b < 65536; b++) count[b + 1] += count[b];
    for (let j = 0; j < n; j++) {
      const i = from[j];
      to[count[(key[i] >>> shift) & 0xffff]++] = i;
    }
    [from, to] = [to, from];
  }
  return from;
}

/** Interleaves the bits of two 16-bit numbers (a Morton code). */
function morton(x, y) {
  const spread = (v) => {
    v = (v | (v << 8)) & 0x00ff00ff;
    v = (v | (v << 4)) & 0x0f0f0f0f;
    v = (v | (v << 2)) & 0x33333333;
    return (v | (v << 1)) & 0x55555555;
  };
  return (spread(x) | (spread(y) << 1)) >>> 0;
}

/**
 * The drawing layout of residents at `coordinates` (`[lon, lat, …]`) with `population`:
 * `order` (slot → resident, in Morton order over the district's box) and `slot` (resident →
 * slot); with more than LOD_RESIDENTS residents, `cells`: each resident's cell (`of`) and each
 * cell's population-weighted centre (`xy`: `[lon, lat, …]`) and population (`pop`).
 * @param {Float64Array} coordinates @param {Float64Array} population
 */
export function layout(coordinates, population) {
  const n = population.length;
  let [w, s, e, nn] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    const x = coordinates[2 * i];
    const y = coordinates[2 * i + 1];
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > nn) nn = y;
  }
  const kx = e > w ? 65535 / (e - w) : 0;
  const ky = nn > s ? 65535 / (nn - s) : 0;
  const key = new Uint32Array(n);
  for (let i = 0; i < n; i++) key[i] = morton(Math.round((coordinates[2 * i] - w) * kx), Math.round((coordinates[2 * i + 1] - s) * ky));
  const order = radixOrder(key);
  const slot = new Uint32Array(n);
  for (let j = 0; j < n; j++) slot[order[j]] = j;
  return { order, slot, cells: n > LOD_RESIDENTS ? cellsOf(coordinates, population, order) : null };
}

/** Cells of ~CELL_M metres (numbered in the residents' curve order). */
function cellsOf(coordinates, population, order) {
  const n = population.length;
  const dy = CELL_M / 111320;
  const dx = dy / Math.max(0.2, Math.cos((coordinates[1] * Math.PI) / 180));
  const index = new Map();
  const of = new Uint32Array(n);
  const pop = [];
  const sx = [];
  const sy = [];
  for (let j = 0; j < n; j++) {
    const i = order[j];
    const lon = coordinates[2 * i];
    const lat = coordinates[2 * i + 1];
    const key = Math.floor(lon / dx) * 4194304 + Math.floor(lat / dy);
    let c = index.get(key);
    if (c === undefined) { c = pop.length; index.set(key, c); pop.push(0); sx.push(0); sy.push(0); }
    const p = population[i];
    of[i] = c;
    pop[c] += p;
    sx[c] += lon * p;
    sy[c] += lat * p;
  }
  const m = pop.length;
  const xy = new Float64Array(2 * m);
  for (let c = 0; c < m; c++) {
    xy[2 * c] = pop[c] > 0 ? sx[c] / pop[c] : 0;
    xy[2 * c + 1] = pop[c] > 0 ? sy[c] / pop[c] : 0;
  }
  return { of, xy, pop: Float64Array.from(pop) };
}

/** A cell's colour byte: the share of its population `p` covered (`sum` covered), or in the gap
 * view (`sum` = Σ population × class) its mean class 1–6 scaled to 0–255. */
function cellByte(sum, p, gap) {
  if (!(p > 0)) return gap ? 255 : 0;
  return gap ? Math.round(((Math.min(6, Math.max(1, sum / p)) - 1) / 5) * 255) : Math.round((Math.max(0, Math.min(p, sum)) / p) * 255);
}

/**
 * Each cell's colour byte from the residents' `values` (a byte each): in the covered-or-not view
 * the share of population covered (0–255), in the gap view the population's mean class (1–6)
 * scaled to 0–255. Also the covered population per cell (for the figures' check).
 * @param {{ of: Uint32Array, pop: Float64Array }} cells
 * @param {Float64Array} population @param {Uint8Array} values @param {boolean} gap
 */
export function cellValues(cells, population, values, gap) {
  const m = cells.pop.length;
  const sum = new Float64Array(m);
  const { of } = cells;
  if (gap) for (let i = 0; i < values.length; i++) sum[of[i]] += population[i] * values[i];
  else for (let i = 0; i < values.length; i++) if (values[i]) sum[of[i]] += population[i];
  const out = new Uint8Array(m);
  for (let c = 0; c < m; c++) out[c] = cellByte(sum[c], cells.pop[c], gap);
  return { values: out, sum };
}

/** The cells' sums and colour bytes as last computed, kept up to date by the residents' changes
 * (a drag step touches few cells: no pass over every resident). */
export class CellColours {
  /** @param {{ of: Uint32Array, pop: Float64Array }} cells @param {Float64Array} population */
  constructor(cells, population) {
    this.cells = cells;
    this.population = population;
    /** The view the sums are of (null: none yet). @type {boolean | null} */
    this.gap = null;
    this.sum = new Float64Array(0);
    this.values = new Uint8Array(0);
  }

  /** Everything from the residents' `values` in view `gap`. */
  full(values, gap) {
    const r = cellValues(this.cells, this.population, values, gap);
    this.sum = r.sum;
    this.values = r.values;
    this.gap = gap;
  }

  /**
   * Residents `indices` went from `before[j]` to `after[j]` (same view): their cells' sums and
   * bytes follow. Returns the cells whose byte changed: `{indices, values}`.
   * @param {Uint32Array} indices @param {Uint8Array} before @param {Uint8Array} after
   */
  change(indices, before, after) {
    const { of, pop } = this.cells;
    const f = this.gap ? (v) => v : (v) => (v ? 1 : 0);
    const touched = new Set();
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j];
      const c = of[i];
      this.sum[c] += this.population[i] * (f(after[j]) - f(before[j]));
      touched.add(c);
    }
    const changed = [];
    for (const c of touched) {
      const b = cellByte(this.sum[c], pop[c], this.gap);
      if (b !== this.values[c]) { this.values[c] = b; changed.push(c); }
    }
    changed.sort((a, b) => a - b);
    return { indices: Uint32Array.from(changed), values: Uint8Array.from(changed, (c) => this.values[c]) };
  }
}
