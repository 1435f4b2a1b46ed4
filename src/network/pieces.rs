//! Connected pieces of the street network and the rule for which of them residents and stations
//! may join (routing engines such as OSRM and Valhalla do not snap to tiny pieces either).
//!
//! A clipped footway or a pedestrian precinct drawn apart from the streets is a piece of its own;
//! a station snapped to it serves no one. Residents and stations therefore snap only to streets
//! of *joined* pieces: the largest piece, and every piece holding at least `min_piece_pct` % of
//! the walkable street length (0 joins every piece, the behaviour before this rule).

use super::graph::StreetGraph;
use serde::Serialize;

/// Default share of the street length a piece needs to be joined, percent.
pub const DEFAULT_MIN_PIECE_PCT: f64 = 5.0;

/// The network's connected pieces (union–find over its segments).
#[derive(Clone, Debug, PartialEq)]
pub struct Pieces {
    /// Piece of each node, numbered by first appearance in the node order.
    pub of_node: Vec<u32>,
    /// Street length of each piece, metres.
    pub length_m: Vec<f64>,
    /// Whether each piece is joined under the rule.
    pub joined: Vec<bool>,
    /// The rule's share, percent.
    pub min_piece_pct: f64,
}

/// What the rule did, for the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PiecesSummary {
    /// Connected pieces of the walkable network.
    pub pieces: usize,
    /// Of which joined (residents and stations snap only to these).
    pub joined_pieces: usize,
    /// Street length of the pieces left out, metres.
    pub isolated_street_m: f64,
    /// Street length of all pieces, metres.
    pub street_m: f64,
    /// The rule: a piece with at least this share of the street length is joined (the largest
    /// always is), percent.
    pub min_piece_pct: f64,
}

impl Pieces {
    /// The pieces of `g` and which of them are joined with `min_piece_pct` (clamped to 0–100).
    pub fn of(g: &StreetGraph, min_piece_pct: f64) -> Pieces {
        let n = g.node_count();
        let mut parent: Vec<u32> = (0..n as u32).collect();
        fn root(parent: &mut [u32], mut x: u32) -> u32 {
            while parent[x as usize] != x {
                let up = parent[parent[x as usize] as usize];
                parent[x as usize] = up;
                x = up;
            }
            x
        }
        for &(a, b, _) in &g.segments {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            if ra != rb {
                parent[ra.max(rb) as usize] = ra.min(rb);
            }
        }
        let mut number = vec![u32::MAX; n];
        let mut of_node = vec![0u32; n];
        let mut count = 0u32;
        for v in 0..n as u32 {
            let r = root(&mut parent, v) as usize;
            if number[r] == u32::MAX {
                number[r] = count;
                count += 1;
            }
            of_node[v as usize] = number[r];
        }
        let mut length_m = vec![0.0; count as usize];
        for &(a, _, d) in &g.segments {
            length_m[of_node[a as usize] as usize] += d;
        }
        let pct = if min_piece_pct.is_nan() {
            DEFAULT_MIN_PIECE_PCT
        } else {
            min_piece_pct.clamp(0.0, 100.0)
        };
        let total: f64 = length_m.iter().sum();
        // The largest piece (the first of equals) is always joined.
        let largest = length_m
            .iter()
            .enumerate()
            .fold(None, |best: Option<(usize, f64)>, (i, &l)| match best {
                Some((_, bl)) if bl >= l => best,
                _ => Some((i, l)),
            })
            .map(|(i, _)| i);
        let joined = length_m
            .iter()
            .enumerate()
            .map(|(i, &l)| Some(i) == largest || pct == 0.0 || l >= pct / 100.0 * total)
            .collect();
        Pieces {
            of_node,
            length_m,
            joined,
            min_piece_pct: pct,
        }
    }

    /// Per segment of `g`: whether it lies on a joined piece.
    pub fn joined_segments(&self, g: &StreetGraph) -> Vec<bool> {
        g.segments
            .iter()
            .map(|&(a, _, _)| self.joined[self.of_node[a as usize] as usize])
            .collect()
    }

    /// Piece of segment `e` of `g`.
    pub fn of_segment(&self, g: &StreetGraph, e: u32) -> u32 {
        self.of_node[g.segments[e as usize].0 as usize]
    }

    /// Counts and lengths for the report.
    pub fn summary(&self) -> PiecesSummary {
        let street_m: f64 = self.length_m.iter().sum();
        let isolated: f64 = self
            .length_m
            .iter()
            .zip(&self.joined)
            .filter(|(_, &j)| !j)
            .map(|(l, _)| l)
            .sum();
        PiecesSummary {
            pieces: self.length_m.len(),
            joined_pieces: self.joined.iter().filter(|&&j| j).count(),
            isolated_street_m: isolated + 0.0,
            street_m: street_m + 0.0,
            min_piece_pct: self.min_piece_pct,
        }
    }
}

#[cfg(test)]
mod tests {
    //! Pieces against a breadth-first search over an adjacency list built separately, on seeded
    //! random networks; the rule against its definition.

    use super::*;
    use crate::demo::Rng;
    use crate::network::graph::StreetLine;

    fn bfs_pieces(g: &StreetGraph) -> Vec<Vec<u32>> {
        let n = g.node_count();
        let mut adj = vec![Vec::new(); n];
        for &(a, b, _) in &g.segments {
            adj[a as usize].push(b);
            adj[b as usize].push(a);
        }
        let mut seen = vec![false; n];
        let mut out = Vec::new();
        for s in 0..n {
            if seen[s] {
                continue;
            }
            seen[s] = true;
            let mut piece = vec![s as u32];
            let mut i = 0;
            while i < piece.len() {
                for &y in &adj[piece[i] as usize] {
                    if !seen[y as usize] {
                        seen[y as usize] = true;
                        piece.push(y);
                    }
                }
                i += 1;
            }
            piece.sort_unstable();
            out.push(piece);
        }
        out
    }

    #[test]
    fn pieces_equal_a_breadth_first_search_and_the_rule_its_definition() {
        let mut rng = Rng::new(5);
        for round in 0..20 {
            let lines: Vec<StreetLine> = (0..10 + round * 5)
                .map(|_| {
                    let (x, y) = (118.8 + rng.range(0.0, 0.01), 32.0 + rng.range(0.0, 0.01));
                    StreetLine {
                        // Vertices on a coarse lattice so that lines share some of them.
                        points: (0..2 + rng.below(3))
                            .map(|_| {
                                (
                                    ((x + rng.range(-0.002, 0.002)) * 2000.0).round() / 2000.0,
                                    ((y + rng.range(-0.002, 0.002)) * 2000.0).round() / 2000.0,
                                )
                            })
                            .collect(),
                        walkable: true,
                    }
                })
                .collect();
            let g = StreetGraph::from_lines(&lines);
            for pct in [0.0, 5.0, 30.0, 100.0] {
                let p = Pieces::of(&g, pct);
                let expect = bfs_pieces(&g);
                assert_eq!(p.length_m.len(), expect.len(), "round {round}");
                for piece in &expect {
                    let id = p.of_node[piece[0] as usize];
                    assert!(piece.iter().all(|&v| p.of_node[v as usize] == id));
                    let len: f64 = g
                        .segments
                        .iter()
                        .filter(|s| piece.binary_search(&s.0).is_ok())
                        .map(|s| s.2)
                        .sum();
                    assert!((p.length_m[id as usize] - len).abs() < 1e-6);
                }
                let total: f64 = p.length_m.iter().sum();
                let max = p.length_m.iter().cloned().fold(0.0, f64::max);
                for (i, &l) in p.length_m.iter().enumerate() {
                    let want = pct == 0.0 || l >= pct / 100.0 * total || l == max;
                    // Of several equally long largest pieces only the first is joined for its size.
                    if l == max && l < pct / 100.0 * total {
                        let first = p.length_m.iter().position(|&x| x == max).unwrap();
                        assert_eq!(p.joined[i], i == first);
                    } else {
                        assert_eq!(p.joined[i], want, "round {round} pct {pct} piece {i}");
                    }
                }
                let s = p.summary();
                assert_eq!(s.pieces, expect.len());
                assert!(s.joined_pieces >= 1 || expect.is_empty());
                assert!((s.street_m - total).abs() < 1e-6);
            }
        }
    }

    #[test]
    fn an_empty_network_has_no_piece() {
        let p = Pieces::of(&StreetGraph::from_lines(&[]), 5.0);
        assert_eq!(p.summary().pieces, 0);
        assert_eq!(p.summary().isolated_street_m.to_bits(), 0.0f64.to_bits());
    }
}
