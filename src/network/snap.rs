//! Snapping points to the nearest street segment through a uniform grid of segment buckets.
//!
//! "Nearest" is measured in the equirectangular frame at the graph's mean latitude (within a city
//! it differs from the ellipsoid by well under 0.1 %); the access leg to the chosen point is then
//! measured on the ellipsoid. Segments are bucketed by the grid cells their bounding boxes touch
//! (cells about as long as a typical segment); a query scans rings of cells outwards until no
//! unseen segment can be nearer. For a million residents this is an order of magnitude faster
//! than an R-tree nearest-neighbour query per point, with the same answers (tested against brute
//! force).

use super::graph::StreetGraph;
use crate::engine::Frame;
use crate::geodesy::GeoPoint;
use rstar::primitives::Line;
use rstar::PointDistance;

/// Points farther than this from every street do not reach the network (default).
pub const DEFAULT_SNAP_M: f64 = 300.0;

/// How points meet the network: how far from a street they may be, and which pieces of the
/// network they may join ([`Pieces`](super::Pieces)).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SnapRule {
    /// Points farther than this from every joined street do not reach the network, metres.
    pub snap_m: f64,
    /// A piece with at least this share of the street length is joined (the largest always is),
    /// percent; 0 joins every piece.
    pub min_piece_pct: f64,
}

impl Default for SnapRule {
    fn default() -> Self {
        SnapRule::within(DEFAULT_SNAP_M)
    }
}

impl SnapRule {
    /// At most `snap_m` from a street of a joined piece (the default share).
    pub fn within(snap_m: f64) -> SnapRule {
        SnapRule {
            snap_m,
            min_piece_pct: super::pieces::DEFAULT_MIN_PIECE_PCT,
        }
    }

    /// At most `snap_m` from any street, however small its piece.
    pub fn every_piece(snap_m: f64) -> SnapRule {
        SnapRule {
            snap_m,
            min_piece_pct: 0.0,
        }
    }
}

/// Where a point meets the network.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Snap {
    /// Segment index in [`StreetGraph::segments`].
    pub segment: u32,
    /// Position along it from its first node, 0 to 1.
    pub t: f64,
    /// Walk from the point to the street, metres.
    pub access_m: f64,
}

/// A graph's segments bucketed in a uniform grid (projected metres).
pub struct Snapper {
    frame: Frame,
    /// Projected segments.
    lines: Vec<Line<[f64; 2]>>,
    /// Whether each segment may be snapped to.
    usable: Vec<bool>,
    /// Grid origin, cell size and shape.
    origin: [f64; 2],
    cell: f64,
    nx: usize,
    ny: usize,
    /// CSR: cell `c` holds `items[start[c]..start[c + 1]]`.
    start: Vec<u32>,
    items: Vec<u32>,
}

/// Most grid cells a snapper makes (cells grow on very wide, sparse areas).
const MAX_CELLS: f64 = 4_000_000.0;

impl Snapper {
    /// Indexes every segment of `g`.
    pub fn new(g: &StreetGraph) -> Snapper {
        Snapper::only(g, &vec![true; g.edge_count()])
    }

    /// Indexes the segments of `g` marked in `usable` (the others are never snapped to).
    pub fn only(g: &StreetGraph, usable: &[bool]) -> Snapper {
        let frame = Frame::for_latitudes(g.nodes.iter().map(|n| n.lat));
        let lines: Vec<Line<[f64; 2]>> = g
            .segments
            .iter()
            .map(|&(a, b, _)| {
                Line::new(
                    frame.project(&g.nodes[a as usize]),
                    frame.project(&g.nodes[b as usize]),
                )
            })
            .collect();
        let usable: Vec<bool> = (0..lines.len())
            .map(|i| usable.get(i).copied().unwrap_or(false))
            .collect();
        let used = || {
            lines
                .iter()
                .zip(&usable)
                .filter(|(_, &u)| u)
                .map(|(l, _)| l)
        };
        let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
        for l in used() {
            for p in [l.from, l.to] {
                lo = [lo[0].min(p[0]), lo[1].min(p[1])];
                hi = [hi[0].max(p[0]), hi[1].max(p[1])];
            }
        }
        if used().next().is_none() {
            (lo, hi) = ([0.0; 2], [0.0; 2]);
        }
        // Cells about as long as the median segment (at least 10 m), fewer on huge areas.
        let mut lens: Vec<f64> = used()
            .map(|l| (l.to[0] - l.from[0]).hypot(l.to[1] - l.from[1]))
            .collect();
        let median = if lens.is_empty() {
            100.0
        } else {
            let m = lens.len() / 2;
            *lens.select_nth_unstable_by(m, f64::total_cmp).1
        };
        let (w, h) = (hi[0] - lo[0], hi[1] - lo[1]);
        let mut cell = median.max(10.0);
        if (w / cell + 1.0) * (h / cell + 1.0) > MAX_CELLS {
            cell = ((w * h) / MAX_CELLS).sqrt().max(cell) * 1.01 + 1.0;
        }
        let (nx, ny) = ((w / cell) as usize + 1, (h / cell) as usize + 1);
        let cell_of = |x: f64, y: f64| -> (usize, usize) {
            (
                (((x - lo[0]) / cell) as usize).min(nx - 1),
                (((y - lo[1]) / cell) as usize).min(ny - 1),
            )
        };
        let mut count = vec![0u32; nx * ny + 1];
        // Unusable segments get an empty span (start after end) and so no cell.
        let spans: Vec<((usize, usize), (usize, usize))> = lines
            .iter()
            .zip(&usable)
            .map(|(l, &u)| {
                if !u {
                    return ((1, 1), (0, 0));
                }
                let a = cell_of(l.from[0].min(l.to[0]), l.from[1].min(l.to[1]));
                let b = cell_of(l.from[0].max(l.to[0]), l.from[1].max(l.to[1]));
                (a, b)
            })
            .collect();
        for &((x0, y0), (x1, y1)) in &spans {
            for y in y0..=y1 {
                for x in x0..=x1 {
                    count[y * nx + x + 1] += 1;
                }
            }
        }
        for c in 0..nx * ny {
            count[c + 1] += count[c];
        }
        let mut fill = count.clone();
        let mut items = vec![0u32; count[nx * ny] as usize];
        for (i, &((x0, y0), (x1, y1))) in spans.iter().enumerate() {
            for y in y0..=y1 {
                for x in x0..=x1 {
                    let c = y * nx + x;
                    items[fill[c] as usize] = i as u32;
                    fill[c] += 1;
                }
            }
        }
        Snapper {
            frame,
            lines,
            usable,
            origin: lo,
            cell,
            nx,
            ny,
            start: count,
            items,
        }
    }

    /// The nearest segment to projected point `q` within `max_m`: `(segment, squared distance)`.
    /// Ties go to the lower segment index.
    fn nearest(&self, q: [f64; 2], max_m: f64) -> Option<(u32, f64)> {
        if self.items.is_empty() {
            return None;
        }
        let fx = (q[0] - self.origin[0]) / self.cell;
        let fy = (q[1] - self.origin[1]) / self.cell;
        // The cell holding q (clamped to the grid: a point outside starts at the nearest edge cell,
        // and its distance to the grid counts against the stopping rule).
        let cx = fx.floor().clamp(0.0, (self.nx - 1) as f64) as i64;
        let cy = fy.floor().clamp(0.0, (self.ny - 1) as f64) as i64;
        let outside = ((fx - cx as f64 - 0.5).abs() - 0.5)
            .max(0.0)
            .hypot(((fy - cy as f64 - 0.5).abs() - 0.5).max(0.0))
            * self.cell;
        let mut best: Option<(u32, f64)> = None;
        let max2 = max_m * max_m;
        let rings = self.nx.max(self.ny) as i64;
        for r in 0..=rings {
            // Unseen segments lie in rings ≥ r: at least (r − 1) cells away, and at least as far
            // as the grid itself when q lies outside it.
            let reach = (((r - 1).max(0) as f64) * self.cell).max(outside);
            if reach * reach > max2 || best.is_some_and(|(_, d2)| d2 < reach * reach) {
                break;
            }
            for y in cy - r..=cy + r {
                if y < 0 || y >= self.ny as i64 {
                    continue;
                }
                let edge_row = y == cy - r || y == cy + r;
                let mut x = cx - r;
                while x <= cx + r {
                    if x >= 0 && x < self.nx as i64 {
                        let c = y as usize * self.nx + x as usize;
                        for &i in &self.items[self.start[c] as usize..self.start[c + 1] as usize] {
                            let d2 = self.lines[i as usize].distance_2(&q);
                            if d2 <= max2
                                && best.is_none_or(|(bi, bd)| d2 < bd || (d2 == bd && i < bi))
                            {
                                best = Some((i, d2));
                            }
                        }
                    }
                    // Inner rows of the ring: only its two end cells.
                    x += if edge_row || r == 0 { 1 } else { 2 * r };
                }
            }
        }
        best
    }

    /// The frame distances are measured in.
    pub fn frame(&self) -> Frame {
        self.frame
    }

    /// The nearest segment to `(lon, lat)` within `max_m` (frame metres), if any.
    pub fn snap(&self, g: &StreetGraph, lon: f64, lat: f64, max_m: f64) -> Option<Snap> {
        let q = self.frame.project_degrees(lon, lat);
        let (i, _) = self.nearest(q, max_m)?;
        Some(snap_on(g, i, &self.lines[i as usize], q, lon, lat))
    }

    /// The nearest segment of any piece, joined or not, and its distance in frame metres (a scan
    /// of every segment: for the few stations the report explains).
    pub fn nearest_any(&self, lon: f64, lat: f64) -> Option<(u32, f64)> {
        let q = self.frame.project_degrees(lon, lat);
        let mut best: Option<(u32, f64)> = None;
        for (i, line) in self.lines.iter().enumerate() {
            let d2 = line.distance_2(&q);
            if best.is_none_or(|(_, b)| d2 < b) {
                best = Some((i as u32, d2));
            }
        }
        best.map(|(i, d2)| (i, d2.sqrt()))
    }

    /// Brute force over every segment (for tests): the same answer as [`Snapper::snap`] up to ties.
    pub fn snap_brute(&self, g: &StreetGraph, lon: f64, lat: f64, max_m: f64) -> Option<Snap> {
        let q = self.frame.project_degrees(lon, lat);
        let mut best: Option<(f64, u32, Line<[f64; 2]>)> = None;
        for (i, &line) in self.lines.iter().enumerate() {
            if !self.usable[i] {
                continue;
            }
            let d2 = line.distance_2(&q);
            if d2 <= max_m * max_m && best.as_ref().is_none_or(|(bd, _, _)| d2 < *bd) {
                best = Some((d2, i as u32, line));
            }
        }
        best.map(|(_, i, line)| snap_on(g, i, &line, q, lon, lat))
    }
}

fn snap_on(
    g: &StreetGraph,
    segment: u32,
    line: &Line<[f64; 2]>,
    q: [f64; 2],
    lon: f64,
    lat: f64,
) -> Snap {
    let (a, b) = (line.from, line.to);
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let l2 = dx * dx + dy * dy;
    let t = if l2 > 0.0 {
        (((q[0] - a[0]) * dx + (q[1] - a[1]) * dy) / l2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (na, nb) = {
        let s = g.segments[segment as usize];
        (g.nodes[s.0 as usize], g.nodes[s.1 as usize])
    };
    let on = GeoPoint::from_degrees(
        na.lon + t * (nb.lon - na.lon),
        na.lat + t * (nb.lat - na.lat),
    );
    Snap {
        segment,
        t,
        access_m: GeoPoint::from_degrees(lon, lat).distance_m(&on),
    }
}

#[cfg(test)]
mod tests {
    //! The grid of segment buckets against a scan of every segment, on seeded random streets of
    //! very different lengths, with points inside, at the edge of and far outside the grid.

    use super::*;
    use crate::demo::Rng;
    use crate::network::graph::StreetLine;

    #[test]
    fn snapping_equals_a_scan_of_every_segment() {
        let mut rng = Rng::new(21);
        for round in 0..6 {
            let lines: Vec<StreetLine> = (0..40 + 30 * round)
                .map(|_| {
                    let (x, y) = (118.8 + rng.range(0.0, 0.02), 32.0 + rng.range(0.0, 0.02));
                    // Short alleys and long avenues.
                    let reach = if rng.below(4) == 0 { 0.01 } else { 0.0008 };
                    StreetLine {
                        points: (0..2 + rng.below(4))
                            .map(|_| (x + rng.range(-reach, reach), y + rng.range(-reach, reach)))
                            .collect(),
                        walkable: true,
                    }
                })
                .collect();
            let g = StreetGraph::from_lines(&lines);
            let s = Snapper::new(&g);
            for _ in 0..400 {
                let (lon, lat) = (118.79 + rng.range(0.0, 0.04), 31.99 + rng.range(0.0, 0.04));
                for max_m in [30.0, 300.0, 5000.0] {
                    let fast = s.snap(&g, lon, lat, max_m);
                    let slow = s.snap_brute(&g, lon, lat, max_m);
                    match (fast, slow) {
                        (None, None) => {}
                        (Some(a), Some(b)) => {
                            // The same segment, or another exactly as near.
                            let q = s.frame.project_degrees(lon, lat);
                            let da = s.lines[a.segment as usize].distance_2(&q);
                            let db = s.lines[b.segment as usize].distance_2(&q);
                            assert_eq!(da, db, "round {round} ({lon}, {lat})");
                            if a.segment == b.segment {
                                assert_eq!(a, b);
                            }
                            assert!(a.t >= 0.0 && a.t <= 1.0);
                            assert!(a.access_m <= max_m * 1.01 + 0.01);
                        }
                        other => panic!("round {round} ({lon}, {lat}) {max_m}: {other:?}"),
                    }
                }
            }
        }
    }

    #[test]
    fn snapping_to_some_segments_equals_a_scan_of_those() {
        let mut rng = Rng::new(22);
        for round in 0..6 {
            let lines: Vec<StreetLine> = (0..60)
                .map(|_| {
                    let (x, y) = (118.8 + rng.range(0.0, 0.02), 32.0 + rng.range(0.0, 0.02));
                    StreetLine {
                        points: (0..2 + rng.below(3))
                            .map(|_| (x + rng.range(-0.001, 0.001), y + rng.range(-0.001, 0.001)))
                            .collect(),
                        walkable: true,
                    }
                })
                .collect();
            let g = StreetGraph::from_lines(&lines);
            let usable: Vec<bool> = (0..g.edge_count()).map(|_| rng.below(3) == 0).collect();
            let s = Snapper::only(&g, &usable);
            for _ in 0..300 {
                let (lon, lat) = (118.79 + rng.range(0.0, 0.04), 31.99 + rng.range(0.0, 0.04));
                for max_m in [50.0, 500.0] {
                    let fast = s.snap(&g, lon, lat, max_m);
                    let q = s.frame.project_degrees(lon, lat);
                    // The scan, written here over the mask directly.
                    let slow = (0..g.edge_count())
                        .filter(|&e| usable[e])
                        .map(|e| s.lines[e].distance_2(&q))
                        .filter(|&d2| d2 <= max_m * max_m)
                        .fold(None, |b: Option<f64>, d2| Some(b.map_or(d2, |b| b.min(d2))));
                    match (fast, slow) {
                        (None, None) => {}
                        (Some(a), Some(d2)) => {
                            assert!(usable[a.segment as usize], "round {round}");
                            assert_eq!(s.lines[a.segment as usize].distance_2(&q), d2);
                        }
                        other => panic!("round {round} ({lon}, {lat}) {max_m}: {other:?}"),
                    }
                }
            }
        }
        // Nothing usable: nothing snaps.
        let g = StreetGraph::from_lines(&[StreetLine {
            points: vec![(118.8, 32.0), (118.801, 32.0)],
            walkable: true,
        }]);
        assert_eq!(Snapper::only(&g, &[false]).snap(&g, 118.8, 32.0, 1e6), None);
    }

    #[test]
    fn no_streets_snap_nothing() {
        let g = StreetGraph::from_lines(&[]);
        let s = Snapper::new(&g);
        assert_eq!(s.snap(&g, 118.8, 32.0, 1e9), None);
    }
}
