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
    for k in 0..summary.kinds.len() {
        let dist = cov.kind_view(k).distance_m;
        // Finite distances in order, keyed by their bits (a non-negative float's bits sort as
        // its value): an inline key sorts several times faster than an indirect comparison.
        order.clear();
        order.extend(
            dist.iter()
                .enumerate()
                .filter(|(_, d)| d.is_finite())
                .map(|(i, d)| (d.max(0.0).to_bits(), i as u32)),
        );
        order.sort_unstable();
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
