//! The inner loops: candidate stations of one tile, and the per-resident scan over them.
//!
//! A tile asks its kind's R-tree once for every station that could be within the *radius* of any
//! of its residents, and each resident walks that short list: that settles coverage, served
//! population and the nearest station for everyone who is covered. Only when some resident of the
//! tile is covered by nothing does the tile ask again, out to the horizon, with the list sorted by
//! projected distance from the tile centre so that each such resident stops as soon as no further
//! station can be nearer (see [`cut_off`]).

use super::points::Points;
use super::stations::{StationEntry, StationId, Stations, NO_STATION};
use super::tiles::Tiles;
use crate::geodesy::GeoPoint;
use rstar::{RTree, AABB};

/// A candidate station for one tile.
#[derive(Clone, Copy, Debug)]
pub struct Candidate {
    /// Position.
    pub at: GeoPoint,
    /// Station id.
    pub id: StationId,
    /// Projected distance from the tile centre, metres.
    pub dc: f64,
}

/// Tiles per R-tree query in the radius phase.
const GROUP: usize = 8;

/// Slack for rounding in the projected-distance bound, metres.
const SLACK_M: f64 = 1e-6;

/// Candidates whose projected distance from the tile centre exceeds this cannot be within `reach_m`
/// metres (true distance) of any resident of the tile: `D(p, s) ≥ dc − half_diag` by the triangle
/// inequality in the frame, and `d ≥ D / ρ`.
#[inline(always)]
pub fn cut_off(reach_m: f64, rho: f64, half_diag: f64) -> f64 {
    reach_m * rho * (1.0 + 1e-12) + half_diag + SLACK_M
}

/// One tile's candidate search for a kind.
pub struct TileQuery {
    /// Stretch bound for the tile and horizon.
    pub rho: f64,
    /// Half-diagonal of the tile's box.
    pub half_diag: f64,
}

/// Fills `out` with the stations of `tree` that may lie within `reach_m` of some resident of tile
/// `t`, in order of projected distance from the tile centre.
pub fn gather(
    tiles: &Tiles,
    t: usize,
    tree: &RTree<StationEntry>,
    stations: &Stations,
    reach_m: f64,
    out: &mut Vec<Candidate>,
) -> TileQuery {
    debug_assert!(reach_m <= super::tiles::MAX_REACH_M);
    out.clear();
    let rho = tiles.rho[t];
    let reach = rho * reach_m + SLACK_M;
    let [lo, hi] = tiles.bbox[t];
    let env = AABB::from_corners(
        [lo[0] - reach, lo[1] - reach],
        [hi[0] + reach, hi[1] + reach],
    );
    let c = tiles.centre[t];
    for e in tree.locate_in_envelope_intersecting(&env) {
        let dx = e.pos[0] - c[0];
        let dy = e.pos[1] - c[1];
        out.push(Candidate {
            at: stations.list[e.id as usize].at,
            id: e.id,
            dc: (dx * dx + dy * dy).sqrt(),
        });
    }
    out.sort_unstable_by(|a, b| a.dc.total_cmp(&b.dc).then(a.id.cmp(&b.id)));
    TileQuery {
        rho,
        half_diag: tiles.half_diag[t],
    }
}

/// Whether (d2, id) is nearer than (best_d2, best): distance first, then the smaller id.
#[inline(always)]
pub fn nearer(d2: f64, id: StationId, best_d2: f64, best: StationId) -> bool {
    d2 < best_d2 || (d2 == best_d2 && id < best)
}

/// Phase 1 for one tile: the stations that may be within the radius of some resident, as
/// columns sorted by id, and per-resident results. The kernel takes each resident (two at a time
/// with SIMD) against every candidate with no branch in the inner loop; taking candidates in
/// ascending id order and keeping strictly nearer ones resolves distance ties to the smaller id.
///
/// Before the kernel, each candidate is classed against the tile's distance bounds: one within the
/// radius of the whole tile covers every resident, and unless it could be someone's nearest it is
/// counted wholesale, without a distance per resident.
#[derive(Clone, Debug, Default)]
pub struct RadiusBatch {
    /// Tiles whose candidates `group_cands` holds (for the tree and radius of the current pass).
    group: std::ops::Range<usize>,
    /// The group's candidates (id, projected position, position), in id order.
    group_cands: Vec<(StationId, [f64; 2], GeoPoint)>,
    cands: Vec<(StationId, GeoPoint)>,
    /// Candidates the kernel evaluates per resident (indices into `cands`, ascending).
    evaluate: Vec<usize>,
    /// Candidates that cover the whole tile and can be nobody's nearest.
    wholesale: Vec<usize>,
    /// Bounds on each candidate's squared distance to the tile's residents.
    ranges: Vec<(f64, f64)>,
    /// The `evaluate` candidates' positions and indices, and the population each reaches (even
    /// and odd residents), for the kernel.
    evaluated: Vec<(GeoPoint, u64)>,
    reached: Vec<[f64; 2]>,
    served: Vec<f64>,
    only: Vec<f64>,
    best_d2: Vec<f64>,
    // 64-bit lanes like the f64 ones, so that the selects in the kernel vectorise.
    best_j: Vec<u64>,
    count: Vec<u64>,
}

impl RadiusBatch {
    /// Starts a pass over the tiles for one kind (forgets the previous pass's group query).
    pub fn start(&mut self) {
        self.group = 0..0;
    }

    /// Fills the batch with the stations of `tree` that may be within `radius_m` of some resident
    /// of tile `t`.
    pub fn gather(
        &mut self,
        tiles: &Tiles,
        t: usize,
        tree: &RTree<StationEntry>,
        stations: &Stations,
        radius_m: f64,
    ) {
        // One R-tree query serves a group of consecutive (so neighbouring) tiles; each tile then
        // keeps the group's candidates that are within its own reach.
        if !self.group.contains(&t) {
            let g0 = t - t % GROUP;
            let g1 = (g0 + GROUP).min(tiles.len());
            self.group = g0..g1;
            let mut group_rho = 1.0f64;
            let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
            for u in g0..g1 {
                group_rho = if tiles.rho[u] > group_rho {
                    tiles.rho[u]
                } else {
                    group_rho
                };
                let [l, h] = tiles.bbox[u];
                for d in 0..2 {
                    lo[d] = if l[d] < lo[d] { l[d] } else { lo[d] };
                    hi[d] = if h[d] > hi[d] { h[d] } else { hi[d] };
                }
            }
            let reach = group_rho * radius_m + SLACK_M;
            let env = AABB::from_corners(
                [lo[0] - reach, lo[1] - reach],
                [hi[0] + reach, hi[1] + reach],
            );
            self.group_cands.clear();
            self.group_cands.extend(
                tree.locate_in_envelope_intersecting(&env)
                    .map(|e| (e.id, e.pos, stations.list[e.id as usize].at)),
            );
            // In id order once for the group; each tile's filtered list keeps it.
            self.group_cands.sort_unstable_by_key(|c| c.0);
        }
        self.cands.clear();
        let rho = tiles.rho[t];
        // Within the tile's reach: a disk, not the square envelope.
        let c = tiles.centre[t];
        let limit = cut_off(radius_m, rho, tiles.half_diag[t]);
        for &(id, pos, at) in &self.group_cands {
            let (dx, dy) = (pos[0] - c[0], pos[1] - c[1]);
            if dx * dx + dy * dy <= limit * limit {
                self.cands.push((id, at));
            }
        }
        let n = self.cands.len();
        // Classify: `full` covers the whole tile. The nearest covering station of any resident is
        // no farther than the nearest full one's farthest point (`d_star`), so a full candidate
        // whose nearest point is beyond that cannot be anyone's nearest.
        let bounds = &tiles.bounds[t];
        let r2 = radius_m * radius_m;
        let mut d_star = f64::INFINITY;
        self.ranges.clear();
        self.ranges
            .extend(self.cands.iter().map(|(_, c)| bounds.distance2_range(c)));
        for &(_, hi) in &self.ranges {
            if hi <= r2 {
                d_star = d_star.min(hi);
            }
        }
        self.evaluate.clear();
        self.wholesale.clear();
        for (j, &(lo, hi)) in self.ranges.iter().enumerate() {
            if lo > r2 {
                continue; // covers nobody in the tile
            }
            if hi <= r2 && lo > d_star {
                self.wholesale.push(j);
            } else {
                self.evaluate.push(j);
            }
        }
        self.served.clear();
        self.served.resize(n, 0.0);
        self.only.clear();
        self.only.resize(n, 0.0);
    }

    /// Runs the kernel over residents `range` (population `pop`): for each, the stations within
    /// `radius_m`, the nearest of them, and the served / sole-served population of each station.
    pub fn run(&mut self, pts: &Points, pop: &[f64], range: std::ops::Range<usize>, radius_m: f64) {
        let n = range.len();
        let cols = Cols {
            lon: &pts.lon[range.clone()],
            lat: &pts.lat[range.clone()],
            hkx: &pts.hkx[range.clone()],
            hky: &pts.hky[range.clone()],
            pop: &pop[range],
        };
        // The kernel sets every entry; only the lengths matter here.
        self.best_d2.resize(n, f64::INFINITY);
        self.best_j.resize(n, u64::MAX);
        self.count.resize(n, 0);
        let everyone = self.wholesale.len() as u64;
        if everyone > 0 {
            let tile_pop = sum(cols.pop);
            for &j in &self.wholesale {
                self.served[j] += tile_pop;
            }
        }
        self.evaluated.clear();
        self.evaluated
            .extend(self.evaluate.iter().map(|&j| (self.cands[j].1, j as u64)));
        self.reached.clear();
        self.reached.resize(self.evaluate.len(), [0.0; 2]);
        let mut lanes = Lanes {
            count: &mut self.count[..n],
            best_d2: &mut self.best_d2[..n],
            best_j: &mut self.best_j[..n],
        };
        kernel(
            &cols,
            &self.evaluated,
            radius_m * radius_m,
            &mut lanes,
            &mut self.reached,
        );
        for (e, &j) in self.evaluate.iter().enumerate() {
            let [even, odd] = self.reached[e];
            self.served[j] += even + odd;
        }
        for i in 0..n {
            self.count[i] += everyone;
            if self.count[i] == 1 {
                self.only[self.best_j[i] as usize] += cols.pop[i];
            }
        }
    }

    /// Result for the tile's `j`-th resident: nearest station within the radius (or
    /// [`NO_STATION`]), its squared distance, and how many stations cover it.
    #[inline]
    pub fn result(&self, j: usize) -> (StationId, f64, u32) {
        let id = match self.best_j[j] {
            u64::MAX => NO_STATION,
            c => self.cands[c as usize].0,
        };
        (id, self.best_d2[j], self.count[j] as u32)
    }

    /// Adds the batch's served and sole-served population to the stations.
    pub fn flush(&self, stations: &mut Stations) {
        for (j, (id, _)) in self.cands.iter().enumerate() {
            let st = &mut stations.list[*id as usize];
            st.served += self.served[j];
            st.only += self.only[j];
        }
    }
}

/// A tile's residents' columns.
struct Cols<'a> {
    lon: &'a [f64],
    lat: &'a [f64],
    hkx: &'a [f64],
    hky: &'a [f64],
    pop: &'a [f64],
}

/// Per-resident accumulators of the kernel.
struct Lanes<'a> {
    count: &'a mut [u64],
    best_d2: &'a mut [f64],
    best_j: &'a mut [u64],
}

/// Every resident of the tile against every candidate (`(position, index)`, ascending index):
/// per resident, how many candidates are within the radius and the nearest of them (kept only
/// when strictly nearer, so ties go to the smaller index); per candidate, the population it
/// reaches, summed in two running totals (even and odd residents, in order). Residents are the
/// outer loop so that their accumulators stay in registers. The distance is the same arithmetic,
/// in the same order, as `GeoPoint::distance2_m2`, so it has the same bits, and the SIMD and
/// scalar paths give identical results.
#[inline(always)]
fn kernel(t: &Cols, cands: &[(GeoPoint, u64)], r2: f64, out: &mut Lanes, reached: &mut [[f64; 2]]) {
    let n = t.lon.len();
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let start = kernel_simd128(t, cands, r2, out, reached);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let start = 0;
    // Starting the best distance just above r² makes "strictly nearer than the best" imply
    // "within the radius"; a resident left at the start has no station (infinity).
    let above = r2.next_up();
    for i in start..n {
        let (lon, lat, hkx, hky, pop) = (t.lon[i], t.lat[i], t.hkx[i], t.hky[i], t.pop[i]);
        let (mut count, mut best_d2, mut best_j) = (0u64, above, u64::MAX);
        for ((c, j), acc) in cands.iter().zip(reached.iter_mut()) {
            let dx = (lon - c.lon) * (hkx + c.half_kx);
            let dy = (lat - c.lat) * (hky + c.half_ky);
            let d2 = dx * dx + dy * dy;
            let inside = d2 <= r2;
            count += u64::from(inside);
            acc[i & 1] += if inside { pop } else { 0.0 };
            let better = d2 < best_d2;
            best_j = if better { *j } else { best_j };
            best_d2 = if better { d2 } else { best_d2 };
        }
        out.count[i] = count;
        out.best_d2[i] = if best_j == u64::MAX {
            f64::INFINITY
        } else {
            best_d2
        };
        out.best_j[i] = best_j;
    }
}

/// [`kernel`] two residents at a time with WebAssembly SIMD (the autovectoriser leaves the
/// selects scalar). Returns how many residents it did (the caller finishes the odd one).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn kernel_simd128(
    t: &Cols,
    cands: &[(GeoPoint, u64)],
    r2: f64,
    out: &mut Lanes,
    reached: &mut [[f64; 2]],
) -> usize {
    use core::arch::wasm32::*;
    let n = t.lon.len() & !1;
    let (r2v, above) = (f64x2_splat(r2), f64x2_splat(r2.next_up()));
    let (none, zero) = (u64x2_splat(u64::MAX), u64x2_splat(0));
    let mut i = 0;
    while i < n {
        let pair = |v: &[f64]| f64x2(v[i], v[i + 1]);
        let (lon, lat, hkx, hky, pop) = (
            pair(t.lon),
            pair(t.lat),
            pair(t.hkx),
            pair(t.hky),
            pair(t.pop),
        );
        let (mut count, mut best_d2, mut best_j) = (zero, above, none);
        for ((c, j), acc) in cands.iter().zip(reached.iter_mut()) {
            let dx = f64x2_mul(
                f64x2_sub(lon, f64x2_splat(c.lon)),
                f64x2_add(hkx, f64x2_splat(c.half_kx)),
            );
            let dy = f64x2_mul(
                f64x2_sub(lat, f64x2_splat(c.lat)),
                f64x2_add(hky, f64x2_splat(c.half_ky)),
            );
            let d2 = f64x2_add(f64x2_mul(dx, dx), f64x2_mul(dy, dy));
            let inside = f64x2_le(d2, r2v);
            // The mask is all ones (-1) where inside.
            count = u64x2_sub(count, inside);
            let sum = f64x2_add(f64x2(acc[0], acc[1]), v128_and(pop, inside));
            *acc = [f64x2_extract_lane::<0>(sum), f64x2_extract_lane::<1>(sum)];
            let better = f64x2_lt(d2, best_d2);
            // pmin(a, b) is `b < a ? b : a`: the strictly nearer one.
            best_d2 = f64x2_pmin(best_d2, d2);
            best_j = v128_bitselect(u64x2_splat(*j), best_j, better);
        }
        let found = v128_not(u64x2_eq(best_j, none));
        best_d2 = v128_bitselect(best_d2, f64x2_splat(f64::INFINITY), found);
        out.count[i] = u64x2_extract_lane::<0>(count);
        out.count[i + 1] = u64x2_extract_lane::<1>(count);
        out.best_d2[i] = f64x2_extract_lane::<0>(best_d2);
        out.best_d2[i + 1] = f64x2_extract_lane::<1>(best_d2);
        out.best_j[i] = u64x2_extract_lane::<0>(best_j);
        out.best_j[i + 1] = u64x2_extract_lane::<1>(best_j);
        i += 2;
    }
    n
}

/// Sum with four running totals (a fixed order, so results repeat; vectorises).
#[inline]
fn sum(v: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let chunks = v.chunks_exact(4);
    let rest = chunks.remainder();
    for c in chunks {
        acc[0] += c[0];
        acc[1] += c[1];
        acc[2] += c[2];
        acc[3] += c[3];
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + rest.iter().sum::<f64>()
}

/// The nearest candidate within `horizon_m` of `p` (no counting).
#[inline]
pub fn scan_nearest(
    p: &GeoPoint,
    cands: &[Candidate],
    q: &TileQuery,
    horizon_m: f64,
) -> (StationId, f64) {
    let h2 = horizon_m * horizon_m;
    let mut best = NO_STATION;
    let mut best_d2 = f64::INFINITY;
    let mut cut = cut_off(horizon_m, q.rho, q.half_diag);
    for c in cands {
        if c.dc > cut {
            break;
        }
        let d2 = p.distance2_m2(&c.at);
        if d2 <= h2 && nearer(d2, c.id, best_d2, best) {
            best = c.id;
            best_d2 = d2;
            cut = cut_off(d2.sqrt(), q.rho, q.half_diag);
        }
    }
    (best, best_d2)
}

#[cfg(test)]
mod tests {
    //! The kernels against brute force on seeded towns: every resident against every station,
    //! with duplicate stations (exact ties) and residents standing on stations. Under
    //! `cargo test --target wasm32-unknown-unknown --lib` the SIMD path runs the same checks.

    use super::*;
    use crate::demo::Rng;
    use crate::engine::frame::Frame;
    use crate::engine::tiles::hilbert_order;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Residents (in curve order, cut into tiles) and the stations of one kind.
    struct Town {
        pts: Points,
        pop: Vec<f64>,
        tiles: Tiles,
        stations: Stations,
    }

    fn town(seed: u64, residents: usize, stations: usize) -> Town {
        let mut rng = Rng::new(seed);
        let (mut lon, mut lat) = (Vec::new(), Vec::new());
        for _ in 0..residents {
            lon.push(118.78 + rng.range(0.0, 0.03));
            lat.push(32.04 + rng.range(0.0, 0.025));
        }
        let frame = Frame::for_latitudes(lat.iter().copied());
        let order = hilbert_order(&lon, &lat, &frame);
        let lon: Vec<f64> = order.iter().map(|&o| lon[o as usize]).collect();
        let lat: Vec<f64> = order.iter().map(|&o| lat[o as usize]).collect();
        let pop = (0..residents).map(|i| (i % 7) as f64 + 0.5).collect();
        let pts = Points::from_degrees(lon, lat);
        let tiles = Tiles::build(&pts, &frame);
        let mut st = Stations::default();
        st.ensure_kinds(1);
        for s in 0..stations {
            let at = match s % 5 {
                // A twin of the previous station: the same place, an exact tie.
                0 if s > 0 => st.list[s - 1].at,
                // On a resident.
                1 => pts.get(rng.below(residents)),
                _ => GeoPoint::from_degrees(
                    118.775 + rng.range(0.0, 0.04),
                    32.035 + rng.range(0.0, 0.035),
                ),
            };
            st.insert(0, at, String::new(), &frame);
        }
        Town {
            pts,
            pop,
            tiles,
            stations: st,
        }
    }

    /// Every station against resident `i`: (count within r, nearest within `within` by distance
    /// then id, its squared distance).
    fn brute(t: &Town, i: usize, r: f64, within: f64) -> (u32, StationId, f64) {
        let p = t.pts.get(i);
        let (mut count, mut best, mut best_d2) = (0, NO_STATION, f64::INFINITY);
        for (id, s) in t.stations.list.iter().enumerate() {
            let d2 = p.distance2_m2(&s.at);
            count += u32::from(d2 <= r * r);
            if d2 <= within * within
                && (d2 < best_d2 || (d2 == best_d2 && (id as StationId) < best))
            {
                (best, best_d2) = (id as StationId, d2);
            }
        }
        (count, best, best_d2)
    }

    #[test]
    fn radius_batch_equals_every_resident_against_every_station() {
        for (seed, n, m, r) in [
            (1, 700, 40, 300.0),
            (2, 1000, 120, 500.0),
            (3, 300, 9, 1000.0),
        ] {
            let mut t = town(seed, n, m);
            let mut batch = RadiusBatch::default();
            batch.start();
            let tree = t.stations.trees[0].clone();
            for tile in 0..t.tiles.len() {
                batch.gather(&t.tiles, tile, &tree, &t.stations, r);
                let range = t.tiles.range(tile);
                batch.run(&t.pts, &t.pop, range.clone(), r);
                for (j, i) in range.enumerate() {
                    let (near, d2, count) = batch.result(j);
                    let (bc, bn, bd2) = brute(&t, i, r, r);
                    assert_eq!(count, bc, "seed {seed} resident {i}: count");
                    if count > 0 {
                        assert_eq!((near, d2.to_bits()), (bn, bd2.to_bits()), "resident {i}");
                    } else {
                        assert_eq!((near, d2), (NO_STATION, f64::INFINITY), "resident {i}");
                    }
                }
                batch.flush(&mut t.stations);
            }
            // Served: everyone within the radius; only: those no other station reaches.
            for (id, s) in t.stations.list.iter().enumerate() {
                let (mut served, mut only) = (0.0, 0.0);
                for i in 0..n {
                    if t.pts.get(i).distance2_m2(&s.at) <= r * r {
                        served += t.pop[i];
                        if brute(&t, i, r, r).0 == 1 {
                            only += t.pop[i];
                        }
                    }
                }
                assert!((s.served - served).abs() < 1e-9, "station {id} served");
                assert!((s.only - only).abs() < 1e-9, "station {id} only");
            }
        }
    }

    #[test]
    fn nearest_within_the_horizon_equals_brute_force() {
        for (seed, n, m, h) in [
            (4, 800, 30, 600.0),
            (5, 500, 6, 2000.0),
            (6, 400, 60, 150.0),
        ] {
            let t = town(seed, n, m);
            let mut cands = Vec::new();
            for tile in 0..t.tiles.len() {
                let q = gather(
                    &t.tiles,
                    tile,
                    &t.stations.trees[0],
                    &t.stations,
                    h,
                    &mut cands,
                );
                // Sorted by distance from the tile centre: what lets a scan stop early.
                assert!(cands.windows(2).all(|w| w[0].dc <= w[1].dc));
                for i in t.tiles.range(tile) {
                    let (id, d2) = scan_nearest(&t.pts.get(i), &cands, &q, h);
                    let (_, bn, bd2) = brute(&t, i, 0.0, h);
                    assert_eq!((id, d2.to_bits()), (bn, bd2.to_bits()), "seed {seed} {i}");
                }
            }
        }
    }

    #[test]
    fn ties_go_to_the_smaller_id() {
        assert!(nearer(4.0, 3, 4.0, 7));
        assert!(!nearer(4.0, 7, 4.0, 3));
        assert!(nearer(3.9, 9, 4.0, 1));
        assert!(!nearer(4.0, 3, 4.0, 3));
        assert_eq!(sum(&[1.0, 2.0, 3.0, 4.0, 5.0]), 15.0);
    }
}
