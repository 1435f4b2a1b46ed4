//! The inner loops: candidate stations of one tile, and the per-resident scan over them.
//!
//! A tile asks its kind's R-tree once for every station that could be within the horizon of any
//! of its residents, sorts them by projected distance from the tile centre, and each resident then
//! walks that short list, stopping as soon as no further station can matter (see [`cut_off`]).

use super::frame::Frame;
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
    /// Population found within the radius during this tile's scan.
    pub served: f64,
    /// Of which covered by this station alone.
    pub only: f64,
}

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

/// Fills `out` with the stations of `tree` that may lie within `horizon_m` of tile `t`, sorted by
/// projected distance from the tile centre.
pub fn gather(
    tiles: &Tiles,
    t: usize,
    tree: &RTree<StationEntry>,
    stations: &Stations,
    frame: &Frame,
    horizon_m: f64,
    out: &mut Vec<Candidate>,
) -> TileQuery {
    out.clear();
    let (plo, phi) = tiles.phi_range[t];
    let rho = frame.stretch(plo, phi, horizon_m);
    let reach = rho * horizon_m + SLACK_M;
    let [lo, hi] = tiles.bbox[t];
    let env = AABB::from_corners([lo[0] - reach, lo[1] - reach], [hi[0] + reach, hi[1] + reach]);
    let c = tiles.centre[t];
    for e in tree.locate_in_envelope_intersecting(&env) {
        let dx = e.pos[0] - c[0];
        let dy = e.pos[1] - c[1];
        out.push(Candidate {
            at: stations.list[e.id as usize].at,
            id: e.id,
            dc: (dx * dx + dy * dy).sqrt(),
            served: 0.0,
            only: 0.0,
        });
    }
    out.sort_unstable_by(|a, b| a.dc.total_cmp(&b.dc).then(a.id.cmp(&b.id)));
    TileQuery { rho, half_diag: tiles.half_diag[t] }
}

/// Whether (d2, id) is nearer than (best_d2, best): distance first, then the smaller id.
#[inline(always)]
pub fn nearer(d2: f64, id: StationId, best_d2: f64, best: StationId) -> bool {
    d2 < best_d2 || (d2 == best_d2 && id < best)
}

/// The result of scanning one resident.
pub struct Scan {
    /// Nearest station within the horizon, or [`NO_STATION`].
    pub nearest: StationId,
    /// Its squared distance (∞ when none).
    pub d2: f64,
    /// Stations within the radius.
    pub count: u32,
}

/// Scans the candidates for resident `p` of population `pop`: counts stations within `radius_m`
/// (adding `pop` to their `served`, and to `only` for a sole coverer) and finds the nearest within
/// `horizon_m`.
#[inline]
pub fn scan_counting(p: &GeoPoint, pop: f64, cands: &mut [Candidate], q: &TileQuery, radius_m: f64, horizon_m: f64) -> Scan {
    let r2 = radius_m * radius_m;
    let h2 = horizon_m * horizon_m;
    let mut best = NO_STATION;
    let mut best_d2 = f64::INFINITY;
    let mut best_j = usize::MAX;
    let mut count = 0u32;
    let mut cut = cut_off(horizon_m, q.rho, q.half_diag);
    for (j, c) in cands.iter_mut().enumerate() {
        if c.dc > cut {
            break;
        }
        let d2 = p.distance2_m2(&c.at);
        if d2 <= r2 {
            count += 1;
            c.served += pop;
        }
        if d2 <= h2 && nearer(d2, c.id, best_d2, best) {
            best = c.id;
            best_d2 = d2;
            best_j = j;
            cut = cut_off(radius_m.max(d2.sqrt()), q.rho, q.half_diag);
        }
    }
    if count == 1 {
        cands[best_j].only += pop;
    }
    Scan { nearest: best, d2: best_d2, count }
}

/// The nearest candidate within `horizon_m` of `p` (no counting).
#[inline]
pub fn scan_nearest(p: &GeoPoint, cands: &[Candidate], q: &TileQuery, horizon_m: f64) -> (StationId, f64) {
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
