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
