//! The street graph: nodes at polyline vertices (shared vertices join streets), compact
//! adjacency (CSR) with ellipsoidal edge lengths, and the segment list used for snapping.

use crate::fxhash::FxBuild;
use crate::geodesy::GeoPoint;
use std::collections::HashMap;

/// One street as read from a file: its vertices (WGS-84 degrees) and whether people may walk it.
#[derive(Clone, Debug, PartialEq)]
pub struct StreetLine {
    /// Vertices, `(lon, lat)`.
    pub points: Vec<(f64, f64)>,
    /// False for ways pedestrians may not use (motorways, `foot=no`, private access).
    pub walkable: bool,
}

/// A walkable street network.
#[derive(Clone, Debug, Default)]
pub struct StreetGraph {
    /// Node positions.
    pub nodes: Vec<GeoPoint>,
    /// CSR: node `n`'s arcs are `start[n]..start[n + 1]` in `to` and `len`.
    pub start: Vec<u32>,
    /// Arc heads.
    pub to: Vec<u32>,
    /// Arc lengths, metres.
    pub len: Vec<f64>,
    /// The segment each arc runs along.
    pub arc_segment: Vec<u32>,
    /// Undirected segments `(a, b, length_m)`, one per pair of consecutive vertices.
    pub segments: Vec<(u32, u32, f64)>,
}

/// Vertices closer than this (in degrees, about 1 cm) are the same node.
const MERGE_DEG: f64 = 1e-7;

impl StreetGraph {
    /// Builds the graph of the walkable lines (others are left out).
    pub fn from_lines(lines: &[StreetLine]) -> StreetGraph {
        let mut g = StreetGraph::default();
        let mut index: HashMap<(i64, i64), u32, FxBuild> = HashMap::default();
        let mut node = |g: &mut StreetGraph, lon: f64, lat: f64| -> u32 {
            let key = (
                (lon / MERGE_DEG).round() as i64,
                (lat / MERGE_DEG).round() as i64,
            );
            *index.entry(key).or_insert_with(|| {
                g.nodes.push(GeoPoint::from_degrees(lon, lat));
                (g.nodes.len() - 1) as u32
            })
        };
        for line in lines.iter().filter(|l| l.walkable) {
            let mut prev: Option<u32> = None;
            for &(lon, lat) in &line.points {
                let n = node(&mut g, lon, lat);
                if let Some(p) = prev.filter(|&p| p != n) {
                    let d = g.nodes[p as usize].distance_m(&g.nodes[n as usize]);
                    g.segments.push((p, n, d));
                }
                prev = Some(n);
            }
        }
        g.build_csr();
        g
    }

    fn build_csr(&mut self) {
        let n = self.nodes.len();
        let mut degree = vec![0u32; n + 1];
        for &(a, b, _) in &self.segments {
            degree[a as usize] += 1;
            degree[b as usize] += 1;
        }
        let mut start = vec![0u32; n + 1];
        for i in 0..n {
            start[i + 1] = start[i] + degree[i];
        }
        let mut fill = start.clone();
        let arcs = start[n] as usize;
        self.to = vec![0; arcs];
        self.len = vec![0.0; arcs];
        self.arc_segment = vec![0; arcs];
        for (e, &(a, b, d)) in self.segments.iter().enumerate() {
            for (x, y) in [(a, b), (b, a)] {
                let slot = fill[x as usize] as usize;
                self.to[slot] = y;
                self.len[slot] = d;
                self.arc_segment[slot] = e as u32;
                fill[x as usize] += 1;
            }
        }
        self.start = start;
    }

    /// Builds the adjacency of hand-made `nodes` and `segments` (for tests of the searches).
    #[cfg(test)]
    pub(super) fn build_csr_for_tests(&mut self) {
        self.build_csr();
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Number of undirected edges (segments).
    pub fn edge_count(&self) -> usize {
        self.segments.len()
    }

    /// Arcs leaving node `n`: `(head, length_m)`.
    pub fn arcs(&self, n: u32) -> impl Iterator<Item = (u32, f64)> + '_ {
        let r = self.start[n as usize] as usize..self.start[n as usize + 1] as usize;
        self.to[r.clone()]
            .iter()
            .copied()
            .zip(self.len[r].iter().copied())
    }
}

#[cfg(test)]
mod tests {
    //! The graph against its input lines: shared and near-identical vertices join, every segment
    //! is two arcs of its length, closed ways and repeated vertices make no zero-length segment.

    use super::*;
    use crate::demo::Rng;

    #[test]
    fn lines_become_nodes_segments_and_arcs() {
        let mut rng = Rng::new(7);
        // A grid of streets sharing their crossing vertices, some not walkable.
        let mut lines = Vec::new();
        for r in 0..6 {
            let y = 32.0 + r as f64 * 0.001;
            let mut pts: Vec<(f64, f64)> = (0..8).map(|c| (118.8 + c as f64 * 0.001, y)).collect();
            // A vertex repeated, and one moved by less than the merge distance.
            pts.insert(3, pts[3]);
            pts[5].0 += 0.3e-7;
            lines.push(StreetLine {
                points: pts,
                walkable: r != 2,
            });
        }
        for c in 0..8 {
            let x = 118.8 + c as f64 * 0.001;
            lines.push(StreetLine {
                points: (0..6).map(|r| (x, 32.0 + r as f64 * 0.001)).collect(),
                walkable: true,
            });
        }
        let g = StreetGraph::from_lines(&lines);
        assert_eq!(g.node_count(), 48, "every crossing is one node");
        // Walkable rows: 5 × 7 segments; columns: 8 × 5.
        assert_eq!(g.edge_count(), 5 * 7 + 8 * 5);
        assert_eq!(g.to.len(), 2 * g.edge_count());
        for (e, &(a, b, len)) in g.segments.iter().enumerate() {
            assert_ne!(a, b, "segment {e} has length");
            let d = g.nodes[a as usize].distance_m(&g.nodes[b as usize]);
            assert!(
                (d - len).abs() < 1e-9 && len > 80.0 && len < 120.0,
                "{e}: {len}"
            );
            // Both arcs exist, on this segment, with its length.
            for (x, y) in [(a, b), (b, a)] {
                let r = g.start[x as usize] as usize..g.start[x as usize + 1] as usize;
                assert!(r
                    .clone()
                    .any(|k| g.to[k] == y && g.arc_segment[k] == e as u32 && g.len[k] == len));
            }
        }
        // Degrees: each node's arcs are exactly the segments touching it.
        for n in 0..g.node_count() as u32 {
            let touching = g.segments.iter().filter(|s| s.0 == n || s.1 == n).count();
            assert_eq!(g.arcs(n).count(), touching, "node {n}");
        }
        // Random lines: the sum of arc lengths is twice the sum of segment lengths.
        let random: Vec<StreetLine> = (0..50)
            .map(|_| StreetLine {
                points: (0..2 + rng.below(5))
                    .map(|_| (118.8 + rng.range(0.0, 0.01), 32.0 + rng.range(0.0, 0.01)))
                    .collect(),
                walkable: rng.below(5) > 0,
            })
            .collect();
        let g = StreetGraph::from_lines(&random);
        let arcs: f64 = g.len.iter().sum();
        let segs: f64 = g.segments.iter().map(|s| s.2).sum();
        assert!((arcs - 2.0 * segs).abs() < 1e-6 * segs);
        let walkable_segments: usize = random
            .iter()
            .filter(|l| l.walkable)
            .map(|l| l.points.len() - 1)
            .sum();
        assert_eq!(g.edge_count(), walkable_segments);
    }
}
