//! The one report builder: per kind, life-circle completeness, per admin unit and per station, from
//! any metric's [`Coverage`].

use super::figures::{
    AllKindsFigures, CapacityFigures, DemandFigures, KindFigures, LiveFigures, StationColumns,
    StationFigures, Summary, UnitAllKinds, UnitFigures, UnitKindFigures, UnitsBelow,
};
use super::view::Coverage;
use crate::engine::{Planner, StationId, Totals};
use crate::kinds::KindIndex;
use crate::tables::WeightColumn;

/// `part / whole` within 0..1, and 0 when there is nothing to divide by.
pub fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        (part / whole).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Sums kept incrementally may carry rounding residue like 1e-12 below zero; show it as zero.
fn clean(v: f64) -> f64 {
    if v.abs() < 1e-6 {
        0.0
    } else {
        v
    }
}

/// A kind's capacity split: each covered resident (`count > 0`) goes to its `nearest` station,
/// which serves up to `per_station` of what it is assigned (per-resident slices in one order).
pub fn capacity_split(
    per_station: f64,
    pop: &[f64],
    count: &[u32],
    nearest: &[StationId],
    total: f64,
) -> CapacityFigures {
    let mut assigned: std::collections::BTreeMap<StationId, f64> = Default::default();
    let mut covered = 0.0;
    for i in 0..pop.len() {
        if count[i] > 0 {
            *assigned.entry(nearest[i]).or_default() += pop[i];
            covered += pop[i];
        }
    }
    let within: f64 = assigned.values().map(|a| a.min(per_station)).sum();
    let over: f64 = assigned.values().map(|a| (a - per_station).max(0.0)).sum();
    CapacityFigures {
        per_station,
        within_capacity: within,
        over_capacity: over,
        not_reachable: (total - covered).max(0.0),
        stations_over: assigned.values().filter(|&&a| a > per_station).count(),
    }
}

/// Against a coverage target (a share): whether `covered` of `total` meets it, and the people still
/// to reach — `target·total − covered` rounded up to a whole person, 0 when met. `None` for both
/// without a target, and for a place with nobody living there.
pub fn shortfall(target: Option<f64>, covered: f64, total: f64) -> (Option<bool>, Option<f64>) {
    let Some(t) = target else {
        return (None, None);
    };
    if total <= 0.0 {
        return (None, None);
    }
    // Sums carry rounding: a gap under a millionth of a person is no gap.
    let gap = t * total - covered;
    if gap <= 1e-6 {
        (Some(true), Some(0.0))
    } else {
        (Some(false), Some((gap - 1e-6).ceil().max(1.0)))
    }
}

/// Coverage of a demand column by the residents with `count > 0`.
pub fn demand_split(column: &WeightColumn, count: &[u32]) -> DemandFigures {
    let total: f64 = column.values.iter().sum();
    let covered: f64 = column
        .values
        .iter()
        .zip(count)
        .filter(|(_, n)| **n > 0)
        .map(|(w, _)| w)
        .sum();
    DemandFigures {
        column: column.name.clone(),
        total,
        covered,
        coverage_ratio: ratio(covered, total),
    }
}

/// The report of `plan` under the coverage `cov` (its metric's sums, counts and nearest stations).
///
/// Population sums come from `cov.totals()`; a kind with a capacity or a demand column also reads
/// its per-resident counts (and nearest stations for the capacity split). Station names and
/// positions come from the plan.
pub fn build(plan: &Planner, cov: &(impl Coverage + ?Sized)) -> Summary {
    let t = cov.totals();
    let (kinds, all_kinds) = kind_figures(plan, cov, &t);
    let kind_table = plan.kinds();
    let stations = cov
        .served()
        .into_iter()
        .filter_map(|(id, served, only)| {
            let s = plan.station(id)?;
            Some(StationFigures {
                id,
                kind: kind_table.get(s.kind).id.clone(),
                name: s.name.clone(),
                lon: s.at.lon,
                lat: s.at.lat,
                served_population: clean(served),
                only_population: clean(only),
            })
        })
        .collect();
    Summary {
        metric: cov.metric(),
        residents: plan.resident_count(),
        total_population: t.population,
        kinds,
        all_kinds,
        units: unit_figures(plan, &t),
        stations,
        boundaries: Vec::new(),
        unassigned: Vec::new(),
    }
}

/// What a live step (a drag, a slider) needs of the report: [`build`]'s kinds and completeness
/// (the same figures), the stations' figures as columns and no units — a million residents'
/// district has thousands of units and ten thousand stations, whose names need not cross again
/// for every step.
pub fn build_live(plan: &Planner, cov: &(impl Coverage + ?Sized)) -> LiveFigures {
    let t = cov.totals();
    let (kinds, all_kinds) = kind_figures(plan, cov, &t);
    let mut stations = StationColumns::default();
    for (id, served, only) in cov.served() {
        let Some(s) = plan.station(id) else { continue };
        stations.id.push(id);
        stations.lon.push(s.at.lon);
        stations.lat.push(s.at.lat);
        stations.served.push(clean(served));
        stations.only.push(clean(only));
    }
    LiveFigures {
        metric: cov.metric(),
        residents: plan.resident_count(),
        total_population: t.population,
        kinds,
        all_kinds,
        stations,
    }
}

/// Per kind (with how many units miss its target) and life-circle completeness.
fn kind_figures(
    plan: &Planner,
    cov: &(impl Coverage + ?Sized),
    t: &Totals,
) -> (Vec<KindFigures>, AllKindsFigures) {
    let kind_table = plan.kinds();
    let kinds_n = kind_table.len();
    // Completeness asks for every counted kind: covered by all of them (a counted kind with no
    // station covers nobody, so completeness is then 0, and the report says which is missing).
    let counted: Vec<KindIndex> = (0..kinds_n)
        .filter(|&k| kind_table.get(k).counted)
        .collect();
    let complete_idx = counted.len();
    let pop = if kind_table.all().iter().any(|k| k.capacity.is_some()) {
        plan.resident_population()
    } else {
        Vec::new()
    };
    let kinds = kind_table
        .all()
        .iter()
        .enumerate()
        .map(|(k, kind)| {
            let covered = clean(t.covered[k]);
            KindFigures {
                kind: kind.id.clone(),
                label: kind.label.clone(),
                label_en: kind.label_en.clone(),
                radius_m: kind.radius_m,
                horizon_m: kind.horizon_m(),
                stations: plan.station_count(k),
                covered_population: covered,
                coverage_ratio: ratio(covered, t.population),
                capacity: kind.capacity.map(|c| {
                    capacity_split(c, &pop, &cov.counts(k), &cov.nearest(k), t.population)
                }),
                demand: plan
                    .demand_column(k)
                    .map(|w| demand_split(w, &cov.counts(k))),
                distance: None,
                access_per_1000: None,
                target: kind.target,
                target_met: shortfall(kind.target, covered, t.population).0,
                shortfall_population: shortfall(kind.target, covered, t.population).1,
                units_below_target: kind.target.map(|_| units_below(plan, t, k)),
            }
        })
        .collect();
    let complete = if complete_idx == 0 {
        0.0
    } else {
        clean(t.by_kinds[complete_idx])
    };
    let id = |&k: &KindIndex| kind_table.get(k).id.clone();
    let all_kinds = AllKindsFigures {
        kinds: counted.iter().map(id).collect(),
        missing: counted
            .iter()
            .filter(|&&k| plan.station_count(k) == 0)
            .map(id)
            .collect(),
        excluded: (0..kinds_n)
            .filter(|&k| !kind_table.get(k).counted)
            .map(|k| id(&k))
            .collect(),
        covered_population: complete,
        coverage_ratio: ratio(complete, t.population),
    };
    (kinds, all_kinds)
}

/// How many units of each level miss kind `k`'s target (as their [`UnitKindFigures`] say).
fn units_below(plan: &Planner, t: &Totals, k: KindIndex) -> UnitsBelow {
    let kinds_n = plan.kinds().len();
    let target = plan.kinds().get(k).target;
    let mut below = UnitsBelow::default();
    for (u, unit) in plan.admin().all().iter().enumerate() {
        let total = clean(t.unit_population[u]);
        let covered = clean(t.unit_covered[u * kinds_n + k]);
        if shortfall(target, covered, total).0 == Some(false) {
            match unit.level {
                crate::admin::Level::Street => below.street += 1,
                crate::admin::Level::Community => below.community += 1,
                crate::admin::Level::Grid => below.grid += 1,
            }
        }
    }
    below
}

/// The report's order of units: streets, then communities, then grids, each sorted by id.
fn unit_order(plan: &Planner) -> &[usize] {
    plan.admin().by_level_and_id()
}

/// What a live step's choropleth needs of the units, without their names (a drag at a million
/// residents spent most of its step turning the full report's units into JavaScript objects):
/// per unit in the report's order (`Summary::units`), `kinds + 1` values — the coverage ratio
/// of every counted kind together (completeness), then each kind's — or `-1` for a unit where
/// nobody lives.
pub fn unit_ratios(plan: &Planner, cov: &(impl Coverage + ?Sized)) -> Vec<f32> {
    let t = cov.totals();
    let kinds_n = plan.kinds().len();
    let counted = plan.kinds().counted_len();
    let mut out = Vec::with_capacity(plan.admin().all().len() * (kinds_n + 1));
    for &u in unit_order(plan) {
        let total = clean(t.unit_population[u]);
        if total <= 0.0 {
            out.extend(std::iter::repeat_n(-1.0, kinds_n + 1));
            continue;
        }
        out.push(ratio(unit_complete(&t, u, kinds_n, counted), total) as f32);
        for k in 0..kinds_n {
            out.push(ratio(clean(t.unit_covered[u * kinds_n + k]), total) as f32);
        }
    }
    out
}

/// Unit `u`'s population covered by all `counted` counted kinds of `kinds_n` (0 when none is).
fn unit_complete(t: &Totals, u: usize, kinds_n: usize, counted: usize) -> f64 {
    if counted == 0 {
        0.0
    } else {
        clean(t.unit_by_kinds[u * (kinds_n + 1) + counted])
    }
}

/// Per admin unit, in the report's order ([`unit_order`]).
fn unit_figures(plan: &Planner, t: &Totals) -> Vec<UnitFigures> {
    let kind_table = plan.kinds();
    let kinds_n = kind_table.len();
    let counted = kind_table.counted_len();
    let all_units = plan.admin().all();
    unit_order(plan)
        .iter()
        .map(|&u| {
            let total = clean(t.unit_population[u]);
            let complete = unit_complete(t, u, kinds_n, counted);
            UnitFigures {
                level: all_units[u].level,
                id: all_units[u].id.clone(),
                name: all_units[u].name.clone(),
                total_population: total,
                kinds: (0..kinds_n)
                    .map(|k| {
                        let c = clean(t.unit_covered[u * kinds_n + k]);
                        let (target_met, shortfall_population) =
                            shortfall(kind_table.get(k).target, c, total);
                        UnitKindFigures {
                            kind: kind_table.get(k).id.clone(),
                            covered_population: c,
                            coverage_ratio: ratio(c, total),
                            distance: None,
                            access_per_1000: None,
                            target_met,
                            shortfall_population,
                        }
                    })
                    .collect(),
                all_kinds: UnitAllKinds {
                    covered_population: complete,
                    coverage_ratio: ratio(complete, total),
                },
            }
        })
        .collect()
}

impl Planner {
    /// The coverage report by straight-line distance.
    pub fn summary(&self) -> Summary {
        build(self, self)
    }
}

#[cfg(test)]
mod tests {
    use super::shortfall;

    /// By hand: 85 % of 3,959 people is 3,365.15, so nobody covered leaves 3,366 to reach; 3,366
    /// covered meets it; 0.5 of 3 people is 1.5, so 1 covered needs 1 more; no target or no people
    /// says nothing.
    #[test]
    fn shortfall_by_hand() {
        assert_eq!(
            shortfall(Some(0.85), 0.0, 3959.0),
            (Some(false), Some(3366.0))
        );
        assert_eq!(
            shortfall(Some(0.85), 3366.0, 3959.0),
            (Some(true), Some(0.0))
        );
        assert_eq!(
            shortfall(Some(0.85), 3365.0, 3959.0),
            (Some(false), Some(1.0))
        );
        assert_eq!(shortfall(Some(0.5), 1.0, 3.0), (Some(false), Some(1.0)));
        assert_eq!(shortfall(Some(1.0), 10.0, 10.0), (Some(true), Some(0.0)));
        assert_eq!(shortfall(None, 0.0, 10.0), (None, None));
        assert_eq!(shortfall(Some(0.85), 0.0, 0.0), (None, None));
    }
}
