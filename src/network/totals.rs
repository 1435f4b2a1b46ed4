//! The population sums on foot kept across reports: when a kind's results changed since the last
//! sums (a drag step), only its covered flags are compared, resident by resident, and the sums
//! follow the flips, as the straight-line engine's totals do; a full rebuild otherwise.

use crate::admin::UnitIndex;
use crate::engine::{Planner, Totals};

/// Sums and what they are of.
pub(super) struct WalkTotals {
    /// Per kind: the version of the results summed (a network coverage's `kind_versioned`).
    versions: Vec<u64>,
    /// Which kinds completeness counts.
    counted: Vec<bool>,
    /// Per kind, per resident (file order): covered by the results summed.
    covered: Vec<Vec<bool>>,
    totals: Totals,
}

/// Covered population per kind, unit and number of kinds for `kinds` (each kind's stations
/// covering each resident, and the version of those results), from the sums in `memo` where only
/// some kinds changed; `memo` then holds the new sums.
pub(super) fn walking_totals(
    memo: &mut Option<WalkTotals>,
    plan: &Planner,
    kinds: &[(&[u32], u64)],
) -> Totals {
    let counted = plan.kinds().counted();
    let reusable = memo
        .as_ref()
        .is_some_and(|m| m.versions.len() == kinds.len() && m.counted == counted);
    if !reusable {
        *memo = Some(rebuild(plan, kinds, counted));
    } else if let Some(m) = memo.as_mut() {
        for (k, (r, version)) in kinds.iter().enumerate() {
            if m.versions[k] == *version {
                continue;
            }
            for (i, (was, &c)) in m.covered[k].iter_mut().zip(r.iter()).enumerate() {
                let now = c > 0;
                if *was != now {
                    *was = now;
                    let (pop, units) = (plan.resident_pop(i), plan.resident_units(i));
                    m.totals.flip(i, pop, &units, k, now);
                }
            }
            m.versions[k] = *version;
        }
    }
    memo.as_ref().map(|m| m.totals.clone()).unwrap_or_default()
}

/// The sums from scratch.
fn rebuild(plan: &Planner, kinds: &[(&[u32], u64)], counted: Vec<bool>) -> WalkTotals {
    let pop = plan.resident_population();
    let units: Vec<[UnitIndex; 3]> = (0..pop.len()).map(|i| plan.resident_units(i)).collect();
    let counts: Vec<&[u32]> = kinds.iter().map(|(c, _)| *c).collect();
    WalkTotals {
        versions: kinds.iter().map(|(_, v)| *v).collect(),
        covered: counts
            .iter()
            .map(|c| c.iter().map(|&n| n > 0).collect())
            .collect(),
        totals: Totals::rebuild(
            kinds.len(),
            plan.admin().len(),
            &pop,
            &units,
            &counts,
            &counted,
        ),
        counted,
    }
}
