//! Supply against demand by the Gaussian two-step floating catchment (2SFCA): per station of a
//! kind its supply over the weighted demand within its catchment (the kind's radius), per resident
//! the sum of those ratios over the stations that reach it, reported per 1,000 residents — per
//! resident, per admin unit and per kind (population-weighted means).
//!
//! `w(d) = (exp(-d²/(2·d0²)) − exp(−1/2)) / (1 − exp(−1/2))` for `d ≤ d0`, else 0;
//! `R_j = S_j / Σ_i P_i·w(d_ij)`; `A_i = Σ_j R_j·w(d_ij)`. `S_j` is the kind's capacity per station
//! (1 where none is set), `P_i` the kind's demand (population unless a demand column is set), and
//! distances are walks under the walking metric. Σ_i P_i·A_i equals the supply of the stations
//! that have any weighted demand.

use super::{Coverage, Summary};
use crate::admin::NO_UNIT;
use crate::engine::Planner;
use crate::kinds::KindIndex;

pub use crate::engine::EachCatchment;

/// The Gaussian distance decay of 2SFCA: 1 at the station, 0 at the catchment's edge `d0` and
/// beyond.
pub fn gaussian_weight(d: f64, d0: f64) -> f64 {
    if d.is_nan() || d > d0 || d0.is_nan() || d0 <= 0.0 {
        return 0.0;
    }
    let edge = (-0.5f64).exp();
    ((-(d * d) / (2.0 * d0 * d0)).exp() - edge) / (1.0 - edge)
}

/// One kind's 2SFCA result.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Access {
    /// Per resident (file order): `A_i`, supply per person (× 1000 for per 1,000 residents).
    pub per_resident: Vec<f64>,
    /// Per station of the catchments, in their order: `R_j` (0 when nobody with demand is within
    /// reach).
    pub ratio: Vec<f64>,
    /// The supply of the stations that have weighted demand: equals Σ_i P_i·A_i.
    pub supply_with_demand: f64,
}

/// Gaussian 2SFCA over `n` residents with demand `demand` (file order), each station supplying
/// `supply`, catchment radius `d0`; `catchments` hands over the stations one by one.
pub fn two_step(
    demand: &[f64],
    supply: f64,
    catchments: impl FnOnce(EachCatchment),
    d0: f64,
) -> Access {
    let mut out = Access {
        per_resident: vec![0.0; demand.len()],
        ratio: Vec::new(),
        supply_with_demand: 0.0,
    };
    // Each pair's weight, computed once for both steps (kept between stations).
    let mut weights: Vec<f64> = Vec::new();
    catchments(&mut |_, walks| {
        weights.clear();
        weights.extend(walks.iter().map(|&(_, d)| gaussian_weight(d, d0)));
        let weighted: f64 = walks
            .iter()
            .zip(&weights)
            .map(|(&(i, _), w)| demand[i as usize] * w)
            .sum();
        let r = if weighted > 0.0 {
            supply / weighted
        } else {
            0.0
        };
        if weighted > 0.0 {
            out.supply_with_demand += supply;
        }
        out.ratio.push(r);
        if r > 0.0 {
            for (&(i, _), w) in walks.iter().zip(&weights) {
                out.per_resident[i as usize] += r * w;
            }
        }
    });
    out
}

/// Kind `k`'s 2SFCA under the coverage `cov` of `plan`.
pub fn kind_access(plan: &Planner, cov: &(impl Coverage + ?Sized), k: KindIndex) -> Access {
    let kind = plan.kinds().get(k);
    two_step(
        &plan.demand(k),
        kind.capacity.unwrap_or(1.0),
        |f| cov.each_catchment(k, f),
        kind.radius_m,
    )
}

/// `A × 1000` rounded to six significant places' worth (1e-6 per 1,000): native and WebAssembly
/// `exp` differ in the last bits.
pub fn per_1000(a: f64) -> f64 {
    (a * 1e9).round() / 1e6
}

/// Fills `access_per_1000` in `summary.kinds[]` and `summary.units[].kinds[]`: the
/// demand-weighted mean of `A_i × 1000` over the kind's residents (`None` without demand).
pub fn add_access(plan: &Planner, cov: &(impl Coverage + ?Sized), summary: &mut Summary) {
    let admin = plan.admin().all();
    let n = plan.resident_count();
    let units: Vec<[u32; 3]> = (0..n).map(|i| plan.resident_units(i)).collect();
    let rows = super::distances::unit_rows(plan, summary);
    let mean = |(sum, weight): (f64, f64)| (weight > 0.0).then(|| per_1000(sum / weight));
    for k in 0..summary.kinds.len() {
        let demand = plan.demand(k);
        let a = kind_access(plan, cov, k).per_resident;
        let mut all = (0.0, 0.0);
        let mut per_unit = vec![(0.0, 0.0); admin.len()];
        for i in 0..n {
            let (pa, p) = (demand[i] * a[i], demand[i]);
            all = (all.0 + pa, all.1 + p);
            for &u in units[i].iter().filter(|&&u| u != NO_UNIT) {
                let g = &mut per_unit[u as usize];
                *g = (g.0 + pa, g.1 + p);
            }
        }
        summary.kinds[k].access_per_1000 = mean(all);
        for (g, row) in per_unit.into_iter().zip(&rows) {
            if let Some(uk) = row.and_then(|r| summary.units[r].kinds.get_mut(k)) {
                uk.access_per_1000 = mean(g);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// By hand: w(0) = 1, w(d0) = 0, w(d0/2) = (e^(−1/8) − e^(−1/2)) / (1 − e^(−1/2)) ≈ 0.701367.
    /// One station (supply 2) reaching residents of 10 at 0 m and 20 at 50 m (d0 = 100 m):
    /// R = 2 / (10 + 20·0.70137) = 0.083286…; A = R at the station and 0.70137·R at 50 m, and
    /// 10·A₀ + 20·A₅₀ = 2.
    #[test]
    fn a_hand_checked_catchment() {
        assert_eq!(gaussian_weight(0.0, 100.0), 1.0);
        assert_eq!(gaussian_weight(100.0, 100.0), 0.0);
        assert_eq!(gaussian_weight(100.1, 100.0), 0.0);
        let half = gaussian_weight(50.0, 100.0);
        assert!((half - 0.701_367).abs() < 1e-6, "{half}");
        let a = two_step(
            &[10.0, 20.0, 5.0],
            2.0,
            |f| f(0, &[(0, 0.0), (1, 50.0)]),
            100.0,
        );
        let r = 2.0 / (10.0 + 20.0 * half);
        assert!((a.ratio[0] - r).abs() < 1e-15);
        assert!((a.per_resident[0] - r).abs() < 1e-15);
        assert!((a.per_resident[1] - half * r).abs() < 1e-15);
        assert_eq!(a.per_resident[2], 0.0);
        assert!((10.0 * a.per_resident[0] + 20.0 * a.per_resident[1] - 2.0).abs() < 1e-12);
        assert_eq!(a.supply_with_demand, 2.0);
    }
}
