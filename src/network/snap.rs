//! Snapping points to the nearest street segment through an R-tree of segments.
//!
//! "Nearest" is measured in the equirectangular frame at the graph's mean latitude (within a city
//! it differs from the ellipsoid by well under 0.1 %); the access leg to the chosen point is then
//! measured on the ellipsoid.

use super::graph::StreetGraph;
use crate::engine::Frame;
use crate::geodesy::GeoPoint;
use rstar::primitives::{GeomWithData, Line};
use rstar::{PointDistance, RTree};

/// Points farther than this from every street do not reach the network (default).
pub const DEFAULT_SNAP_M: f64 = 300.0;

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

/// An R-tree of a graph's segments.
pub struct Snapper {
    frame: Frame,
    tree: RTree<GeomWithData<Line<[f64; 2]>, u32>>,
}

impl Snapper {
    /// Indexes the segments of `g`.
    pub fn new(g: &StreetGraph) -> Snapper {
        let frame = Frame::for_latitudes(g.nodes.iter().map(|n| n.lat));
        let tree = RTree::bulk_load(
            g.segments
                .iter()
                .enumerate()
                .map(|(i, &(a, b, _))| {
                    let pa = frame.project(&g.nodes[a as usize]);
                    let pb = frame.project(&g.nodes[b as usize]);
                    GeomWithData::new(Line::new(pa, pb), i as u32)
                })
                .collect(),
        );
        Snapper { frame, tree }
    }

    /// The frame distances are measured in.
    pub fn frame(&self) -> Frame {
        self.frame
    }

    /// The nearest segment to `(lon, lat)` within `max_m` (frame metres), if any.
    pub fn snap(&self, g: &StreetGraph, lon: f64, lat: f64, max_m: f64) -> Option<Snap> {
        let q = self.frame.project_degrees(lon, lat);
        let hit = self
            .tree
            .nearest_neighbor_iter_with_distance_2(&q)
            .next()
            .filter(|(_, d2)| *d2 <= max_m * max_m)?
            .0;
        Some(snap_on(g, hit.data, hit.geom(), q, lon, lat))
    }

    /// Brute force over every segment (for tests): the same answer as [`Snapper::snap`] up to ties.
    pub fn snap_brute(&self, g: &StreetGraph, lon: f64, lat: f64, max_m: f64) -> Option<Snap> {
        let q = self.frame.project_degrees(lon, lat);
        let mut best: Option<(f64, u32, Line<[f64; 2]>)> = None;
        for (i, &(a, b, _)) in g.segments.iter().enumerate() {
            let line = Line::new(
                self.frame.project(&g.nodes[a as usize]),
                self.frame.project(&g.nodes[b as usize]),
            );
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
