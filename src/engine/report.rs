//! The coverage report: per kind, life-circle completeness, per admin unit, per station.

use super::{Planner, StationId};
use crate::admin::Level;
use serde::Serialize;

/// Coverage of one kind over all residents.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KindFigures {
    /// Kind id.
    pub kind: String,
    /// Chinese label.
    pub label: String,
    /// English label.
    pub label_en: String,
    /// Walking radius, metres.
    pub radius_m: f64,
    /// How far the nearest-station search reaches, metres.
    pub horizon_m: f64,
    /// Live stations of this kind.
    pub stations: usize,
    /// Population within the radius of at least one station.
    pub covered_population: f64,
    /// `covered_population / total_population` (0 when there is no population).
    pub coverage_ratio: f64,
    /// With a capacity per station: who is served within it (absent without a capacity).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<CapacityFigures>,
    /// With a demand column: how much of it is covered (absent when the kind serves population).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demand: Option<DemandFigures>,
}

/// Coverage of a kind's demand column (e.g. elderly residents for a canteen).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DemandFigures {
    /// The residents' column.
    pub column: String,
    /// Its sum over all residents.
    pub total: f64,
    /// Its sum over the residents the kind covers.
    pub covered: f64,
    /// `covered / total` (0 when the total is 0).
    pub coverage_ratio: f64,
}

/// A kind's population by capacity. Each covered resident is assigned to its nearest station
/// (as in `nearestStation`); a station serves up to its capacity of what is assigned to it.
/// The three parts sum to the total population.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CapacityFigures {
    /// People one station can serve.
    pub per_station: f64,
    /// Assigned population a station can take.
    pub within_capacity: f64,
    /// Covered, but beyond its nearest station's capacity.
    pub over_capacity: f64,
    /// Not within the radius of any station.
    pub not_reachable: f64,
    /// Stations assigned more than their capacity.
    pub stations_over: usize,
}

/// Coverage by every kind that has stations (life-circle completeness).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AllKindsFigures {
    /// The kinds counted: those with at least one station.
    pub kinds: Vec<String>,
    /// Population covered by all of them.
    pub covered_population: f64,
    /// Its share of the population.
    pub coverage_ratio: f64,
}

/// Coverage of one kind within an admin unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitKindFigures {
    /// Kind id.
    pub kind: String,
    /// Covered population in the unit.
    pub covered_population: f64,
    /// Its share of the unit's population.
    pub coverage_ratio: f64,
}

/// Completeness within an admin unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitAllKinds {
    /// Population of the unit covered by every kind that has stations.
    pub covered_population: f64,
    /// Its share of the unit's population.
    pub coverage_ratio: f64,
}

/// Figures of one street, community or grid.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitFigures {
    /// `street`, `community` or `grid`.
    pub level: Level,
    /// Path id, e.g. `梅园新村街道/长江路社区`.
    pub id: String,
    /// The unit's own name.
    pub name: String,
    /// Residents' population in the unit.
    pub total_population: f64,
    /// Per kind.
    pub kinds: Vec<UnitKindFigures>,
    /// Completeness.
    pub all_kinds: UnitAllKinds,
}

/// Figures of one station.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StationFigures {
    /// Station id.
    pub id: StationId,
    /// Kind id.
    pub kind: String,
    /// Name.
    pub name: String,
    /// WGS-84 longitude.
    pub lon: f64,
    /// WGS-84 latitude.
    pub lat: f64,
    /// Population within the kind's radius.
    pub served_population: f64,
    /// Population within the radius of no other station of the kind.
    pub only_population: f64,
}

/// The whole report: what `summary()` returns and `lifecircle coverage` writes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Distance used: `straight` (ellipsoidal straight line).
    pub metric: String,
    /// Number of residents (rows).
    pub residents: usize,
    /// Sum of their population.
    pub total_population: f64,
    /// Per kind, in table order.
    pub kinds: Vec<KindFigures>,
    /// Life-circle completeness.
    pub all_kinds: AllKindsFigures,
    /// Streets, then communities, then grids, each sorted by id.
    pub units: Vec<UnitFigures>,
    /// Live stations, by id.
    pub stations: Vec<StationFigures>,
}

pub(crate) fn ratio(part: f64, whole: f64) -> f64 {
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
pub(crate) fn capacity_split(
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

/// Coverage of a demand column by the residents with `count > 0`.
pub(crate) fn demand_split(column: &crate::import::WeightColumn, count: &[u32]) -> DemandFigures {
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

impl Planner {
    fn capacity_figures(&self, k: usize, per_station: f64, total: f64) -> CapacityFigures {
        capacity_split(
            per_station,
            &self.resident_population(),
            &self.covering_count(k),
            &self.nearest_station(k),
            total,
        )
    }

    fn demand_figures(&self, k: usize) -> Option<DemandFigures> {
        Some(demand_split(
            self.demand_column(k)?,
            &self.covering_count(k),
        ))
    }

    /// The coverage report.
    pub fn summary(&self) -> Summary {
        let t = self.totals();
        let kinds_n = self.kinds.len();
        let active = self.active_kinds();
        let complete_idx = active.len();
        let kinds = self
            .kinds
            .all()
            .iter()
            .enumerate()
            .map(|(k, kind)| KindFigures {
                kind: kind.id.clone(),
                label: kind.label.clone(),
                label_en: kind.label_en.clone(),
                radius_m: kind.radius_m,
                horizon_m: kind.horizon_m(),
                stations: self.station_count(k),
                covered_population: clean(t.covered[k]),
                coverage_ratio: ratio(clean(t.covered[k]), t.population),
                capacity: kind
                    .capacity
                    .map(|c| self.capacity_figures(k, c, t.population)),
                demand: self.demand_figures(k),
            })
            .collect();
        let complete = if complete_idx == 0 {
            0.0
        } else {
            clean(t.by_kinds[complete_idx])
        };
        let all_kinds = AllKindsFigures {
            kinds: active
                .iter()
                .map(|&k| self.kinds.get(k).id.clone())
                .collect(),
            covered_population: complete,
            coverage_ratio: ratio(complete, t.population),
        };
        let mut unit_order: Vec<usize> = (0..self.admin.len()).collect();
        let all_units = self.admin.all();
        unit_order.sort_by(|&a, &b| {
            (all_units[a].level, &all_units[a].id).cmp(&(all_units[b].level, &all_units[b].id))
        });
        let units = unit_order
            .into_iter()
            .map(|u| {
                let total = clean(t.unit_population[u]);
                let complete = if complete_idx == 0 {
                    0.0
                } else {
                    clean(t.unit_by_kinds[u * (kinds_n + 1) + complete_idx])
                };
                UnitFigures {
                    level: all_units[u].level,
                    id: all_units[u].id.clone(),
                    name: all_units[u].name.clone(),
                    total_population: total,
                    kinds: (0..kinds_n)
                        .map(|k| {
                            let c = clean(t.unit_covered[u * kinds_n + k]);
                            UnitKindFigures {
                                kind: self.kinds.get(k).id.clone(),
                                covered_population: c,
                                coverage_ratio: ratio(c, total),
                            }
                        })
                        .collect(),
                    all_kinds: UnitAllKinds {
                        covered_population: complete,
                        coverage_ratio: ratio(complete, total),
                    },
                }
            })
            .collect();
        let stations = self
            .stations()
            .map(|(id, s)| StationFigures {
                id,
                kind: self.kinds.get(s.kind).id.clone(),
                name: s.name.clone(),
                lon: s.at.lon,
                lat: s.at.lat,
                served_population: clean(s.served),
                only_population: clean(s.only),
            })
            .collect();
        Summary {
            metric: "straight".into(),
            residents: self.resident_count(),
            total_population: t.population,
            kinds,
            all_kinds,
            units,
            stations,
        }
    }
}
