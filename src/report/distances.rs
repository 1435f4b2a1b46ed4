//! How far residents are from the nearest station of each kind, as a population-weighted
//! distribution: the lower percentiles p50 and p85 overall and per admin unit, and the population
//! with no station within the kind's horizon (distances to a decimetre). One sort of the residents
//! by distance per kind, then one sweep that fills the district and every unit at once (measured
//! faster than grouping by unit and sorting each, or selecting by weight: BENCHMARKS.md).

use super::{Coverage, DistanceFigures, Summary};
use crate::admin::NO_UNIT;
use crate::engine::Planner;
use std::collections::HashMap;

/// The shares reported.
const SHARES: [f64; 2] = [0.5, 0.85];

/// Metres to a tenth, as the exports give distances: the last bits of a distance differ between
/// the native and WebAssembly maths libraries, a decimetre never does in practice.
fn decimetres(m: f64) -> f64 {
    (m * 10.0).round() / 10.0
}

/// Running totals of one group (the district, or a unit) in the sweep.
#[derive(Clone, Copy, Default)]
struct Group {
    total: f64,
    within: f64,
    found: [Option<f64>; 2],
}

impl Group {
    /// Adds a resident at distance `d` with population `p` (residents come in distance order).
    fn add(&mut self, d: f64, p: f64) {
        self.within += p;
        for (share, found) in SHARES.iter().zip(&mut self.found) {
            if found.is_none() && self.total > 0.0 && self.within >= share * self.total {
                *found = Some(d);
            }
        }
    }

    fn figures(&self) -> DistanceFigures {
        DistanceFigures {
            p50_m: self.found[0].map(decimetres),
            p85_m: self.found[1].map(decimetres),
            beyond_horizon_population: (self.total - self.within).max(0.0),
        }
    }
}

/// Each admin unit's row in `summary.units` (by the plan's unit index).
pub(super) fn unit_rows(plan: &Planner, summary: &Summary) -> Vec<Option<usize>> {
    let by_id: HashMap<&str, usize> = summary
        .units
        .iter()
        .enumerate()
        .map(|(r, u)| (u.id.as_str(), r))
        .collect();
    plan.admin()
        .all()
        .iter()
        .map(|a| by_id.get(a.id.as_str()).copied())
        .collect()
}

/// Fills `distance` in `summary.kinds[]` and `summary.units[].kinds[]` from the nearest-station
/// distances of `cov` (infinite beyond the horizon or off the streets).
pub fn add_distances(plan: &Planner, cov: &(impl Coverage + ?Sized), summary: &mut Summary) {
    let pop = plan.resident_population();
    let n = pop.len();
    let admin = plan.admin().all();
    let units: Vec<[u32; 3]> = (0..n).map(|i| plan.resident_units(i)).collect();
    let rows = unit_rows(plan, summary);
    let mut totals = vec![0.0; admin.len()];
    for (i, us) in units.iter().enumerate() {
        for &u in us.iter().filter(|&&u| u != NO_UNIT) {
            totals[u as usize] += pop[i];
        }
    }
    let total: f64 = pop.iter().sum();
    let mut order: Vec<(u64, u32)> = Vec::with_capacity(n);
    let mut spare = Vec::with_capacity(n);
    for k in 0..summary.kinds.len() {
        let dist = cov.distance_m(k);
        // Finite distances in order, keyed by their bits (a non-negative float's bits sort as
        // its value), ties by resident: the order a comparison sort of (bits, index) gives.
        order.clear();
        order.extend(
            dist.iter()
                .enumerate()
                .filter(|(_, d)| d.is_finite())
                .map(|(i, d)| (d.max(0.0).to_bits(), i as u32)),
        );
        radix_sort(&mut order, &mut spare);
        let mut all = Group {
            total,
            ..Group::default()
        };
        let mut groups: Vec<Group> = totals
            .iter()
            .map(|&t| Group {
                total: t,
                ..Group::default()
            })
            .collect();
        for &(_, i) in &order {
            let (d, p) = (dist[i as usize], pop[i as usize]);
            all.add(d, p);
            for &u in units[i as usize].iter().filter(|&&u| u != NO_UNIT) {
                groups[u as usize].add(d, p);
            }
        }
        summary.kinds[k].distance = Some(all.figures());
        for (g, row) in groups.iter().zip(&rows) {
            if let Some(uk) = row.and_then(|r| summary.units[r].kinds.get_mut(k)) {
                uk.distance = Some(g.figures());
            }
        }
    }
}

/// Sorts `(key, index)` pairs given in ascending index by key, ties by index — what
/// `sort_unstable` gives — with a least-significant-digit radix sort (11-bit digits, a pass
/// skipped where every key has the same digit). `spare` is scratch. A million walking distances
/// in WebAssembly: a comparison sort took some 150–200 ms a kind (BENCHMARKS.md).
fn radix_sort(v: &mut Vec<(u64, u32)>, spare: &mut Vec<(u64, u32)>) {
    const BITS: u32 = 11;
    const SIZE: usize = 1 << BITS;
    debug_assert!(v.windows(2).all(|w| w[0].1 < w[1].1));
    spare.clear();
    spare.resize(v.len(), (0, 0));
    let mut count = vec![0usize; SIZE];
    let mut shift = 0;
    while shift < 64 {
        let digit = |k: u64| ((k >> shift) as usize) & (SIZE - 1);
        count.fill(0);
        for &(k, _) in v.iter() {
            count[digit(k)] += 1;
        }
        // Every key has this digit: the pass would keep the order.
        if v.first().is_some_and(|&(k, _)| count[digit(k)] == v.len()) {
            shift += BITS;
            continue;
        }
        let mut at = 0;
        for c in count.iter_mut() {
            (*c, at) = (at, at + *c);
        }
        for &(k, i) in v.iter() {
            let d = digit(k);
            spare[count[d]] = (k, i);
            count[d] += 1;
        }
        std::mem::swap(v, spare);
        shift += BITS;
    }
}

#[cfg(test)]
mod tests {
    use super::radix_sort;
    use crate::demo::Rng;

    /// The radix sort gives what a comparison sort gives, on keys that are walking distances'
    /// bits with many exact ties, on keys spread over all 64 bits, and on the empty list.
    #[test]
    fn radix_sort_equals_a_comparison_sort() {
        let mut rng = Rng::new(17);
        for (n, spread) in [
            (0, false),
            (1, false),
            (5000, false),
            (20_000, true),
            (3000, false),
        ] {
            let mut v: Vec<(u64, u32)> = (0..n)
                .map(|i| {
                    let key = if spread {
                        let mut bits = || rng.below(1 << 30) as u64;
                        (bits() << 34) ^ (bits() << 17) ^ bits()
                    } else {
                        // Decimetres up to 3 km: exact ties are common.
                        ((rng.range(0.0, 30_000.0)).round() / 10.0f64).to_bits()
                    };
                    (key, i as u32)
                })
                .collect();
            let mut want = v.clone();
            want.sort_unstable();
            radix_sort(&mut v, &mut Vec::new());
            assert_eq!(v, want, "n = {n}");
        }
    }
}
