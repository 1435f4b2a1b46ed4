//! Bounded multi-source Dijkstra over the street graph.

use super::graph::StreetGraph;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Label of a node no source reached within the bound.
pub const NO_SOURCE: u32 = u32::MAX;

#[derive(PartialEq)]
struct Item(f64, u32);
impl Eq for Item {}
impl Ord for Item {
    fn cmp(&self, o: &Self) -> Ordering {
        o.0.total_cmp(&self.0).then(o.1.cmp(&self.1))
    }
}
impl PartialOrd for Item {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// Shortest distances from several sources, each seeded at nodes with a start distance:
/// `seeds` are `(node, distance_m, source label)`. Nodes farther than `bound_m` stay at infinity
/// with [`NO_SOURCE`]. Returns per node the distance and the label of the nearest source (on an
/// exact tie, whichever the search settled first: deterministic for a given input). `dist`/`label` are reused buffers (resized and reset here); `touched` lists
/// the nodes set, so a caller may reset only those.
pub fn bounded_dijkstra(
    g: &StreetGraph,
    seeds: &[(u32, f64, u32)],
    bound_m: f64,
    dist: &mut Vec<f64>,
    label: &mut Vec<u32>,
    touched: &mut Vec<u32>,
) {
    if dist.len() != g.node_count() {
        dist.clear();
        dist.resize(g.node_count(), f64::INFINITY);
        label.clear();
        label.resize(g.node_count(), NO_SOURCE);
    }
    for &n in touched.iter() {
        dist[n as usize] = f64::INFINITY;
        label[n as usize] = NO_SOURCE;
    }
    touched.clear();
    let mut heap = BinaryHeap::new();
    for &(n, d, l) in seeds {
        if d <= bound_m && d < dist[n as usize] {
            if dist[n as usize].is_infinite() {
                touched.push(n);
            }
            dist[n as usize] = d;
            label[n as usize] = l;
            heap.push(Item(d, n));
        }
    }
    while let Some(Item(d, n)) = heap.pop() {
        let nu = n as usize;
        if d > dist[nu] {
            continue;
        }
        let l = label[nu];
        for (m, w) in g.arcs(n) {
            let nd = d + w;
            let mu = m as usize;
            if nd <= bound_m && nd < dist[mu] {
                if dist[mu].is_infinite() {
                    touched.push(m);
                }
                dist[mu] = nd;
                label[mu] = l;
                heap.push(Item(nd, m));
            }
        }
    }
}
