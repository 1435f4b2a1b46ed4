//! The covering problem: the demand a kind leaves uncovered, each candidate's cover set over it
//! (made by straight-line distance through an R-tree, or given, e.g. walks), and the coverage
//! state of a chosen set that the solvers add to and take from.

use super::candidates::Candidate;
use super::{Progress, SuggestError};
use crate::engine::Planner;
use crate::geodesy::GeoPoint;
use crate::kinds::KindIndex;
use rstar::{primitives::GeomWithData, RTree, AABB};

/// The demand a kind leaves uncovered: where it is and how much, with the totals the answer
/// reports against.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Demand {
    /// Longitude, latitude (WGS-84 degrees) of each uncovered resident with demand.
    pub coords: Vec<f64>,
    /// Its demand (population or the kind's weight column).
    pub weight: Vec<f64>,
    /// All residents' demand.
    pub total: f64,
    /// Demand the kind's existing stations cover.
    pub covered_before: f64,
    /// File index of each uncovered resident (empty when the demand came from elsewhere, e.g.
    /// `sitingInput`).
    pub resident: Vec<u32>,
}

/// Which uncovered residents each candidate would cover: candidate `c` covers demand items
/// `items[start[c]..start[c + 1]]` (ascending indices into [`Demand::weight`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CoverSets {
    /// Offsets, one more than there are candidates.
    pub start: Vec<usize>,
    /// Demand items.
    pub items: Vec<u32>,
}

impl Demand {
    /// The demand of `kind` in `plan` that its stations do not cover (straight-line distance).
    pub fn uncovered(plan: &Planner, kind: KindIndex) -> Demand {
        Demand::uncovered_by(plan, kind, &plan.covering_count(kind))
    }

    /// The demand of `kind` not covered by its stations, given how many stations cover each
    /// resident (under any metric; file order).
    pub fn uncovered_by(plan: &Planner, kind: KindIndex, count: &[u32]) -> Demand {
        let w = plan.demand(kind);
        let c = plan.resident_coordinates();
        let mut d = Demand::default();
        for i in 0..w.len() {
            d.total += w[i];
            if count[i] > 0 {
                d.covered_before += w[i];
            } else if w[i] > 0.0 {
                d.coords.extend_from_slice(&c[2 * i..2 * i + 2]);
                d.weight.push(w[i]);
                d.resident.push(i as u32);
            }
        }
        d
    }
}

/// Cover sets of candidates over the residents a kind leaves uncovered.
pub(super) struct Problem {
    /// Demand of each uncovered resident.
    pub(super) weight: Vec<f64>,
    /// CSR: candidate c covers `items[start[c]..start[c + 1]]`.
    pub(super) start: Vec<usize>,
    pub(super) items: Vec<u32>,
}

/// Share of the progress bar taken by building the cover sets.
pub(super) const BUILD_SHARE: f64 = 0.4;

impl Problem {
    pub(super) fn cover(&self, c: usize) -> &[u32] {
        &self.items[self.start[c]..self.start[c + 1]]
    }

    pub(super) fn candidates(&self) -> usize {
        self.start.len() - 1
    }

    pub(super) fn build(
        d: &Demand,
        r: f64,
        candidates: &[Candidate],
        progress: Progress,
    ) -> Result<Problem, SuggestError> {
        let pts: Vec<GeoPoint> = d
            .coords
            .chunks_exact(2)
            .map(|p| GeoPoint::from_degrees(p[0], p[1]))
            .collect();
        let weight = d.weight.clone();
        let mut start = vec![0];
        let mut items = Vec::new();
        if pts.is_empty() {
            start.resize(candidates.len() + 1, 0);
            return Ok(Problem {
                weight,
                start,
                items,
            });
        }
        let (lat_lo, lat_hi) = pts.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
            (lo.min(p.lat), hi.max(p.lat))
        });
        // An equirectangular frame at the middle latitude; the search box is widened by the
        // largest scale error across the data's latitudes, then every hit is checked exactly.
        let mid = ((lat_lo + lat_hi) / 2.0).to_radians();
        let (kx, ky) = crate::geodesy::scale_factors(mid);
        let (kx, ky) = (kx.to_radians(), ky.to_radians());
        let span = (lat_hi - lat_lo).to_radians() + (r / 6_000_000.0);
        let tan = lat_lo.abs().max(lat_hi.abs()).min(89.0).to_radians().tan();
        let reach = r * (1.0 + 2.0 * (tan * span + span) + 1e-3) + 1.0;
        let tree = RTree::bulk_load(
            pts.iter()
                .enumerate()
                .map(|(j, p)| GeomWithData::new([p.lon * kx, p.lat * ky], j as u32))
                .collect(),
        );
        let r2 = r * r;
        // The residents candidate `cand` covers, into `hits` (ascending).
        let cover = |cand: &Candidate, hits: &mut Vec<u32>| {
            let q = GeoPoint::from_degrees(cand.lon, cand.lat);
            let (x, y) = (q.lon * kx, q.lat * ky);
            hits.clear();
            for h in tree.locate_in_envelope(&AABB::from_corners(
                [x - reach, y - reach],
                [x + reach, y + reach],
            )) {
                if q.distance2_m2(&pts[h.data as usize]) <= r2 {
                    hits.push(h.data);
                }
            }
            hits.sort_unstable();
        };
        let mut hits = Vec::new();
        super::check_sample(candidates.len(), |i| {
            cover(&candidates[i], &mut hits);
            hits.len()
        })?;
        for (n, cand) in candidates.iter().enumerate() {
            if n % 512 == 511 && !progress(BUILD_SHARE * n as f64 / candidates.len() as f64) {
                return Err(SuggestError::Cancelled);
            }
            cover(cand, &mut hits);
            super::check_pairs(items.len() + hits.len(), n + 1, candidates.len())?;
            items.extend_from_slice(&hits);
            start.push(items.len());
        }
        Ok(Problem {
            weight,
            start,
            items,
        })
    }
}

/// Coverage state of a chosen set: how many chosen candidates cover each resident.
pub(super) struct State<'a> {
    pub(super) p: &'a Problem,
    pub(super) count: Vec<u32>,
    pub(super) value: f64,
}

impl<'a> State<'a> {
    pub(super) fn new(p: &'a Problem) -> Self {
        State {
            p,
            count: vec![0; p.weight.len()],
            value: 0.0,
        }
    }

    pub(super) fn gain(&self, c: usize) -> f64 {
        self.p
            .cover(c)
            .iter()
            .filter(|&&j| self.count[j as usize] == 0)
            .map(|&j| self.p.weight[j as usize])
            .sum()
    }

    pub(super) fn add(&mut self, c: usize) -> f64 {
        let mut g = 0.0;
        for &j in self.p.cover(c) {
            let n = &mut self.count[j as usize];
            if *n == 0 {
                g += self.p.weight[j as usize];
            }
            *n += 1;
        }
        self.value += g;
        g
    }

    pub(super) fn remove(&mut self, c: usize) {
        for &j in self.p.cover(c) {
            let n = &mut self.count[j as usize];
            *n -= 1;
            if *n == 0 {
                self.value -= self.p.weight[j as usize];
            }
        }
    }

    /// Recomputes the value from scratch (removes drift of many additions and subtractions).
    pub(super) fn settle(&mut self) {
        self.value = self
            .count
            .iter()
            .zip(&self.p.weight)
            .filter(|(n, _)| **n > 0)
            .map(|(_, w)| w)
            .sum();
    }
}

#[cfg(test)]
impl Problem {
    /// A problem from cover lists over residents of weight `w` (the solvers' tests).
    pub(super) fn from_covers(w: &[f64], covers: &[Vec<u32>]) -> Problem {
        let mut start = vec![0];
        let mut items = Vec::new();
        for c in covers {
            let mut c = c.clone();
            c.sort_unstable();
            c.dedup();
            items.extend_from_slice(&c);
            start.push(items.len());
        }
        Problem {
            weight: w.to_vec(),
            start,
            items,
        }
    }

    /// Coverage of `set`, from scratch (an oracle).
    pub(super) fn value_of(&self, set: &[usize]) -> f64 {
        let mut hit = vec![false; self.weight.len()];
        for &c in set {
            for &j in self.cover(c) {
                hit[j as usize] = true;
            }
        }
        (0..hit.len())
            .filter(|&j| hit[j])
            .map(|j| self.weight[j])
            .sum()
    }

    /// The best `k` candidates' coverage, by trying every subset (an oracle).
    pub(super) fn optimum(&self, k: usize) -> f64 {
        let m = self.candidates();
        (0u32..1 << m)
            .filter(|mask| mask.count_ones() as usize == k.min(m))
            .map(|mask| self.value_of(&(0..m).filter(|c| mask & (1 << c) != 0).collect::<Vec<_>>()))
            .fold(0.0, f64::max)
    }
}
