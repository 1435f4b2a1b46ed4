//! Bounded multi-source Dijkstra over the street graph, with a bucket queue.
//!
//! Distances are bounded, so the queue is an array of buckets of width bound/2048 (at least
//! 0.05 m) instead of a binary heap: pushing and popping touch one short vector instead of
//! sifting through a large heap, which on a city's graph is several times faster. Within a bucket
//! nodes are taken in any order; a node improved after it was taken is simply taken again
//! (label-correcting), so the distances are exact — tested against a plain Dijkstra.
//!
//! Ties: a node equally far from two sources takes the smaller label. Callers number their
//! sources in ascending station id, so the nearest station on an exact tie is the one with the
//! smaller id, as in the straight-line engine.

use super::graph::StreetGraph;

/// Label of a node no source reached within the bound.
pub const NO_SOURCE: u32 = u32::MAX;

/// Buckets a search's distances are spread over.
const BUCKETS: usize = 2048;

/// Shortest distances from several sources, each seeded at nodes with a start distance:
/// `seeds` are `(node, distance_m, source label)`. Nodes farther than `bound_m` stay at infinity
/// with [`NO_SOURCE`]. Returns per node the distance and the label of the nearest source (on an
/// exact tie, the smaller label).
/// `dist`/`label` are reused buffers (resized and reset here); `touched` lists the nodes set, so
/// that the next call resets only those. (Many searches in a row: [`SearchSpace`] keeps the
/// queue's buckets too.)
pub fn bounded_dijkstra(
    g: &StreetGraph,
    seeds: &[(u32, f64, u32)],
    bound_m: f64,
    dist: &mut Vec<f64>,
    label: &mut Vec<u32>,
    touched: &mut Vec<u32>,
) {
    let mut space = SearchSpace {
        dist: std::mem::take(dist),
        label: std::mem::take(label),
        touched: std::mem::take(touched),
        buckets: Vec::new(),
    };
    space.search(g, seeds, bound_m);
    (*dist, *label, *touched) = (space.dist, space.label, space.touched);
}

/// A search's memory, kept between searches: per node the distance and label, the nodes the last
/// search set, and the queue's buckets (one search per station of a million-resident plan
/// allocated each bucket afresh: a fifth of the walking summary's time in WebAssembly).
#[derive(Clone, Debug, Default)]
pub struct SearchSpace {
    /// Per node: distance from the nearest source (infinite when none within the bound).
    pub dist: Vec<f64>,
    /// Per node: that source's label ([`NO_SOURCE`] when none).
    pub label: Vec<u32>,
    /// The nodes the last search set.
    pub touched: Vec<u32>,
    buckets: Vec<Vec<(f64, u32)>>,
}

impl SearchSpace {
    /// [`bounded_dijkstra`] into this space.
    pub fn search(&mut self, g: &StreetGraph, seeds: &[(u32, f64, u32)], bound_m: f64) {
        self.search_toward(g, seeds, bound_m, |_| 0.0);
    }

    /// [`SearchSpace::search`] for the nodes that matter only where a walk ends near some
    /// targets: `to_targets(n)` is a lower bound of the walk from node `n` to any target (a
    /// straight line), and a node whose distance plus that bound exceeds `bound_m` is not set.
    /// Every target's distance and label within the bound are those of the full search (each
    /// node of a walk to it within the bound passes the test), others may stay unset.
    pub fn search_toward(
        &mut self,
        g: &StreetGraph,
        seeds: &[(u32, f64, u32)],
        bound_m: f64,
        to_targets: impl Fn(u32) -> f64,
    ) {
        let SearchSpace {
            dist,
            label,
            touched,
            buckets,
        } = self;
        if dist.len() != g.node_count() {
            dist.clear();
            dist.resize(g.node_count(), f64::INFINITY);
            label.clear();
            label.resize(g.node_count(), NO_SOURCE);
            touched.clear();
        }
        for &n in touched.iter() {
            dist[n as usize] = f64::INFINITY;
            label[n as usize] = NO_SOURCE;
        }
        touched.clear();
        if bound_m.is_nan() || bound_m < 0.0 {
            return;
        }
        let width = if bound_m.is_finite() {
            (bound_m / BUCKETS as f64).max(0.05)
        } else {
            f64::INFINITY
        };
        let slot = |d: f64| ((d / width) as usize).min(BUCKETS - 1);
        // Every bucket is drained below, so the kept ones are empty here.
        buckets.resize_with(BUCKETS, Vec::new);
        for &(n, d, l) in seeds {
            if d + to_targets(n) <= bound_m && better(d, l, dist[n as usize], label[n as usize]) {
                if dist[n as usize].is_infinite() {
                    touched.push(n);
                }
                dist[n as usize] = d;
                label[n as usize] = l;
                buckets[slot(d)].push((d, n));
            }
        }
        for b in 0..BUCKETS {
            while let Some((d, n)) = buckets[b].pop() {
                let nu = n as usize;
                if d > dist[nu] {
                    continue; // improved since it was queued
                }
                // (Taken again at the same distance after a smaller label arrived: the label
                // spreads.)
                let l = label[nu];
                for (m, w) in g.arcs(n) {
                    let nd = d + w;
                    let mu = m as usize;
                    if nd <= bound_m
                        && better(nd, l, dist[mu], label[mu])
                        && nd + to_targets(m) <= bound_m
                    {
                        if dist[mu].is_infinite() {
                            touched.push(m);
                        }
                        dist[mu] = nd;
                        label[mu] = l;
                        buckets[slot(nd).max(b)].push((nd, m));
                    }
                }
            }
        }
    }
}

/// Whether distance `d` from source `l` beats the node's `(best, best_label)`: nearer, or as near
/// from a smaller label.
#[inline(always)]
pub fn better(d: f64, l: u32, best: f64, best_label: u32) -> bool {
    d < best || (d == best && l < best_label)
}

#[cfg(test)]
mod tests {
    //! The bucket queue against a plain Dijkstra per source on seeded random graphs whose arc
    //! lengths are whole metres, so that exact ties between sources are common.

    use super::*;
    use crate::demo::Rng;

    /// A random connected-ish graph: `n` nodes, `m` extra edges, lengths 1–`max_len` m.
    fn graph(rng: &mut Rng, n: usize, m: usize, max_len: usize) -> StreetGraph {
        let mut g = StreetGraph {
            nodes: vec![crate::geodesy::GeoPoint::from_degrees(118.8, 32.0); n],
            ..Default::default()
        };
        for i in 1..n {
            let j = rng.below(i);
            g.segments
                .push((j as u32, i as u32, (1 + rng.below(max_len)) as f64));
        }
        for _ in 0..m {
            let (a, b) = (rng.below(n), rng.below(n));
            if a != b {
                g.segments
                    .push((a as u32, b as u32, (1 + rng.below(max_len)) as f64));
            }
        }
        g.build_csr_for_tests();
        g
    }

    /// Plain Dijkstra by array scan from one source's seeds, unbounded.
    fn plain(g: &StreetGraph, seeds: &[(u32, f64)]) -> Vec<f64> {
        let n = g.node_count();
        let mut dist = vec![f64::INFINITY; n];
        let mut done = vec![false; n];
        for &(s, d) in seeds {
            dist[s as usize] = dist[s as usize].min(d);
        }
        loop {
            let next = (0..n)
                .filter(|&i| !done[i] && dist[i].is_finite())
                .min_by(|&a, &b| dist[a].total_cmp(&dist[b]));
            let Some(u) = next else { break };
            done[u] = true;
            for (v, w) in g.arcs(u as u32) {
                dist[v as usize] = dist[v as usize].min(dist[u] + w);
            }
        }
        dist
    }

    #[test]
    fn multi_source_search_is_the_nearest_source_and_the_smaller_label_on_a_tie() {
        let mut rng = Rng::new(11);
        let (mut dist, mut label, mut touched) = (Vec::new(), Vec::new(), Vec::new());
        let mut ties = 0;
        for round in 0..40 {
            let n = 60 + rng.below(80);
            let g = graph(&mut rng, n, 40, 6);
            let sources = 1 + rng.below(6);
            // Each source seeded at one or two nodes; labels in random order.
            let mut seeds = Vec::new();
            let mut per_source: Vec<Vec<(u32, f64)>> = Vec::new();
            for l in 0..sources {
                let mut mine = Vec::new();
                for _ in 0..1 + rng.below(2) {
                    let node = rng.below(g.node_count()) as u32;
                    let d = rng.below(3) as f64;
                    mine.push((node, d));
                    seeds.push((node, d, (sources - 1 - l) as u32));
                }
                per_source.push(mine);
            }
            let bound = if round % 3 == 0 {
                f64::INFINITY
            } else {
                4.0 + rng.below(20) as f64
            };
            bounded_dijkstra(&g, &seeds, bound, &mut dist, &mut label, &mut touched);
            let each: Vec<Vec<f64>> = per_source.iter().map(|s| plain(&g, s)).collect();
            for v in 0..g.node_count() {
                let best = each.iter().map(|d| d[v]).fold(f64::INFINITY, f64::min);
                if best > bound {
                    assert_eq!((dist[v], label[v]), (f64::INFINITY, NO_SOURCE), "node {v}");
                    continue;
                }
                let labels: Vec<u32> = (0..sources)
                    .filter(|&l| each[l][v] == best)
                    .map(|l| (sources - 1 - l) as u32)
                    .collect();
                ties += usize::from(labels.len() > 1);
                assert_eq!(dist[v], best, "round {round} node {v}");
                assert_eq!(
                    label[v],
                    *labels.iter().min().unwrap(),
                    "round {round} node {v}"
                );
            }
            // Every node set is listed, so that the next search resets only those.
            let set = dist.iter().filter(|d| d.is_finite()).count();
            assert_eq!(touched.len(), set);
        }
        assert!(
            ties > 100,
            "the graphs should hold many exact ties ({ties})"
        );
    }

    /// A search toward targets with lower bounds (the exact walk to the nearest target, scaled by
    /// 0.5–1, or exact) sets every target as the full search does: distance and label, ties
    /// included; and it sets fewer nodes.
    #[test]
    fn a_search_toward_targets_sets_them_as_the_full_search() {
        let mut rng = Rng::new(29);
        let (mut full, mut toward) = (SearchSpace::default(), SearchSpace::default());
        let (mut checked, mut fewer) = (0, 0);
        for round in 0..60 {
            let n = 80 + rng.below(80);
            let g = graph(&mut rng, n, 60, 6);
            let seeds: Vec<(u32, f64, u32)> = (0..1 + rng.below(6))
                .map(|l| (rng.below(n) as u32, rng.below(3) as f64, l as u32))
                .collect();
            let targets: Vec<u32> = (0..1 + rng.below(4)).map(|_| rng.below(n) as u32).collect();
            // The walk from each node to its nearest target (arcs are both ways).
            let to_target = plain(&g, &targets.iter().map(|&t| (t, 0.0)).collect::<Vec<_>>());
            let scale = if round % 2 == 0 {
                1.0
            } else {
                0.5 + 0.5 * rng.below(100) as f64 / 100.0
            };
            let bound = 5.0 + rng.below(25) as f64;
            full.search(&g, &seeds, bound);
            toward.search_toward(&g, &seeds, bound, |v| scale * to_target[v as usize]);
            for &t in &targets {
                let t = t as usize;
                assert_eq!(
                    (toward.dist[t], toward.label[t]),
                    (full.dist[t], full.label[t]),
                    "round {round} target {t}"
                );
                checked += 1;
            }
            fewer += usize::from(toward.touched.len() < full.touched.len());
        }
        assert!(
            checked > 100 && fewer > 20,
            "{checked} targets, {fewer} smaller searches"
        );
    }

    #[test]
    fn nothing_beyond_a_negative_or_nan_bound() {
        let mut rng = Rng::new(3);
        let g = graph(&mut rng, 10, 5, 3);
        let (mut dist, mut label, mut touched) = (Vec::new(), Vec::new(), Vec::new());
        for bound in [-1.0, f64::NAN] {
            bounded_dijkstra(
                &g,
                &[(0, 0.0, 0)],
                bound,
                &mut dist,
                &mut label,
                &mut touched,
            );
            assert!(dist.iter().all(|d| d.is_infinite()));
            assert!(touched.is_empty());
        }
        assert!(better(1.0, 5, 2.0, 0) && better(1.0, 0, 1.0, 5) && !better(1.0, 5, 1.0, 0));
    }
}
