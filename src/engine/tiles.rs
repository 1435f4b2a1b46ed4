//! Residents in Hilbert order, cut into tiles of consecutive residents, and an R-tree of the tiles.
//!
//! Tiles are the engine's unit of spatial work: a query for stations is made once per tile, and a
//! query for residents near a station visits only the tiles whose box it touches.

use super::frame::Frame;
use super::points::Points;
use crate::geodesy::GeoPoint;
use rstar::{RTree, RTreeObject, AABB};

/// Residents per tile: small enough that a tile's candidate stations are few, large enough that
/// the per-tile query is amortised.
pub const TILE_SIZE: usize = 128;

/// The farthest any query reaches: the horizon of the largest radius allowed.
pub const MAX_REACH_M: f64 = 2.0 * crate::kinds::MAX_RADIUS_M;

/// A tile's box in the R-tree.
#[derive(Clone, Debug)]
pub struct TileBox {
    envelope: AABB<[f64; 2]>,
    /// Tile index.
    pub index: u32,
}

impl RTreeObject for TileBox {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        self.envelope
    }
}

/// Tiles over residents stored in tile order.
#[derive(Clone, Debug, Default)]
pub struct Tiles {
    /// Residents of tile t are `start[t]..start[t + 1]`.
    pub start: Vec<u32>,
    /// Projected centre of each tile's box, metres.
    pub centre: Vec<[f64; 2]>,
    /// Half the diagonal of each tile's box, metres.
    pub half_diag: Vec<f64>,
    /// Stretch bound ([`Frame::stretch`]) of each tile for any reach the engine uses
    /// ([`MAX_REACH_M`]), so that queries need no trigonometry.
    pub rho: Vec<f64>,
    /// Projected box of each tile, as `[min, max]`.
    pub bbox: Vec<[[f64; 2]; 2]>,
    /// Ranges of each tile's residents' columns, for distance bounds.
    pub bounds: Vec<TileBounds>,
    /// The tiles' R-tree.
    pub tree: RTree<TileBox>,
}

fn hilbert_d(n: u32, mut x: u32, mut y: u32) -> u64 {
    // The classic xy → d conversion (Hilbert curve of side n, a power of two).
    let mut d: u64 = 0;
    let mut s = n / 2;
    while s > 0 {
        let rx = u32::from((x & s) > 0);
        let ry = u32::from((y & s) > 0);
        d += u64::from(s) * u64::from(s) * u64::from((3 * rx) ^ ry);
        if ry == 0 {
            if rx == 1 {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        s /= 2;
    }
    d
}

/// The order (as indices into the columns) that lays residents along a Hilbert curve.
pub fn hilbert_order(lon: &[f64], lat: &[f64], frame: &Frame) -> Vec<u32> {
    if lon.is_empty() {
        return Vec::new();
    }
    let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
    for (&x, &y) in lon.iter().zip(lat) {
        let p = frame.project_degrees(x, y);
        for a in 0..2 {
            lo[a] = if p[a] < lo[a] { p[a] } else { lo[a] };
            hi[a] = if p[a] > hi[a] { p[a] } else { hi[a] };
        }
    }
    const N: u32 = 1 << 16;
    let span = (hi[0] - lo[0]).max(hi[1] - lo[1]).max(1e-9);
    let q = |v: f64, l: f64| {
        (((v - l) / span) * (N - 1) as f64)
            .round()
            .clamp(0.0, (N - 1) as f64) as u32
    };
    // The curve position (below 2³²) above the index in one word: one sort of plain integers.
    let mut keyed: Vec<u64> = lon
        .iter()
        .zip(lat)
        .enumerate()
        .map(|(i, (&x, &y))| {
            let p = frame.project_degrees(x, y);
            (hilbert_d(N, q(p[0], lo[0]), q(p[1], lo[1])) << 32) | i as u64
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|k| k as u32).collect()
}

/// Ranges of a tile's residents' columns: longitude, latitude (degrees) and half scale factors.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TileBounds {
    /// `[min, max]` of longitude, latitude, half N·cos φ and half M.
    pub lon: [f64; 2],
    /// Latitude range.
    pub lat: [f64; 2],
    /// Half N·cos φ range.
    pub hkx: [f64; 2],
    /// Half M range.
    pub hky: [f64; 2],
}

impl TileBounds {
    /// Lower and upper bounds on the squared distance (as `GeoPoint::distance2_m2` computes it)
    /// from `c` to any resident of the tile. Each term of that formula grows with its coordinate
    /// gap and its scale factors, so the extremes of the ranges bound it; the small factors cover
    /// rounding.
    #[inline]
    pub fn distance2_range(&self, c: &GeoPoint) -> (f64, f64) {
        let gap = |v: f64, r: [f64; 2]| -> (f64, f64) {
            let (a, b) = ((v - r[0]).abs(), (v - r[1]).abs());
            // Plain comparisons: `f64::max` is a libm call in WebAssembly.
            let far = if a > b { a } else { b };
            let near = if v < r[0] {
                r[0] - v
            } else if v > r[1] {
                v - r[1]
            } else {
                0.0
            };
            (near, far)
        };
        let (nx, fx) = gap(c.lon, self.lon);
        let (ny, fy) = gap(c.lat, self.lat);
        let (ax, bx) = (
            nx * (self.hkx[0] + c.half_kx),
            fx * (self.hkx[1] + c.half_kx),
        );
        let (ay, by) = (
            ny * (self.hky[0] + c.half_ky),
            fy * (self.hky[1] + c.half_ky),
        );
        (
            (ax * ax + ay * ay) * (1.0 - 1e-9),
            (bx * bx + by * by) * (1.0 + 1e-9),
        )
    }
}

impl Tiles {
    /// Cuts residents (already in Hilbert order) into tiles and bulk-loads the tile tree.
    pub fn build(points: &Points, frame: &Frame) -> Tiles {
        let mut t = Tiles::default();
        let mut boxes = Vec::new();
        for ti in 0..points.len().div_ceil(TILE_SIZE) {
            t.start.push((ti * TILE_SIZE) as u32);
            let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
            let (mut plo, mut phi) = (f64::MAX, f64::MIN);
            let range = ti * TILE_SIZE..((ti + 1) * TILE_SIZE).min(points.len());
            let span = |v: &[f64]| {
                v.iter().fold([f64::MAX, f64::MIN], |[a, b], &x| {
                    [if x < a { x } else { a }, if x > b { x } else { b }]
                })
            };
            t.bounds.push(TileBounds {
                lon: span(&points.lon[range.clone()]),
                lat: span(&points.lat[range.clone()]),
                hkx: span(&points.hkx[range.clone()]),
                hky: span(&points.hky[range.clone()]),
            });
            for i in range {
                let p = &points.get(i);
                let q = frame.project(p);
                for a in 0..2 {
                    lo[a] = if q[a] < lo[a] { q[a] } else { lo[a] };
                    hi[a] = if q[a] > hi[a] { q[a] } else { hi[a] };
                }
                let f = p.phi();
                plo = if f < plo { f } else { plo };
                phi = if f > phi { f } else { phi };
            }
            t.centre
                .push([(lo[0] + hi[0]) * 0.5, (lo[1] + hi[1]) * 0.5]);
            t.half_diag
                .push(0.5 * ((hi[0] - lo[0]).powi(2) + (hi[1] - lo[1]).powi(2)).sqrt());
            t.rho.push(frame.stretch(plo, phi, MAX_REACH_M));
            t.bbox.push([lo, hi]);
            boxes.push(TileBox {
                envelope: AABB::from_corners(lo, hi),
                index: ti as u32,
            });
        }
        t.start.push(points.len() as u32);
        t.tree = RTree::bulk_load(boxes);
        t
    }

    /// Number of tiles.
    pub fn len(&self) -> usize {
        self.centre.len()
    }

    /// Resident index range of tile `t`.
    #[inline]
    pub fn range(&self, t: usize) -> std::ops::Range<usize> {
        self.start[t] as usize..self.start[t + 1] as usize
    }

    /// Appends to `out` the tiles whose box comes within `reach` metres (projected) of `at`.
    pub fn near(&self, at: [f64; 2], reach: f64, out: &mut Vec<u32>) {
        let env = AABB::from_corners(
            [at[0] - reach, at[1] - reach],
            [at[0] + reach, at[1] + reach],
        );
        out.extend(
            self.tree
                .locate_in_envelope_intersecting(&env)
                .map(|b| b.index),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hilbert_is_a_bijection_on_small_grid() {
        let n = 16;
        let mut seen = vec![false; (n * n) as usize];
        for x in 0..n {
            for y in 0..n {
                let d = hilbert_d(n, x, y) as usize;
                assert!(!seen[d]);
                seen[d] = true;
            }
        }
    }

    #[test]
    fn consecutive_hilbert_cells_are_adjacent() {
        let n = 32;
        let mut at = vec![(0, 0); (n * n) as usize];
        for x in 0..n {
            for y in 0..n {
                at[hilbert_d(n, x, y) as usize] = (x as i32, y as i32);
            }
        }
        for w in at.windows(2) {
            assert_eq!((w[0].0 - w[1].0).abs() + (w[0].1 - w[1].1).abs(), 1);
        }
    }
}
