//! Brute-force coverage: every resident against every station, for checking the engine.
//!
//! O(residents × stations) and written for obviousness, not speed. Tests and the benchmark
//! compare the indexed, incremental engine against it.

use crate::admin::{Level, NO_UNIT};
use crate::engine::{Planner, StationId, NO_STATION};
use crate::geodesy::GeoPoint;
use crate::report::{
    AllKindsFigures, CapacityFigures, DemandFigures, KindFigures, StationFigures, Summary,
    UnitAllKinds, UnitFigures, UnitKindFigures, UnitsBelow,
};

/// Per-resident results of the oracle, file order, one vector per kind.
#[derive(Clone, Debug, PartialEq)]
pub struct OracleResult {
    /// The report.
    pub summary: Summary,
    /// `nearest[k][i]`.
    pub nearest: Vec<Vec<StationId>>,
    /// `distance_m[k][i]`.
    pub distance_m: Vec<Vec<f64>>,
    /// `count[k][i]`.
    pub count: Vec<Vec<u32>>,
}

fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part / whole
    } else {
        0.0
    }
}

/// Computes every figure of `plan` from its residents, stations and kinds by brute force.
pub fn brute_force(plan: &Planner) -> OracleResult {
    let kinds = plan.kinds();
    let kn = kinds.len();
    let coords = plan.resident_coordinates();
    let pop = plan.resident_population();
    let n = pop.len();
    let pts: Vec<GeoPoint> = (0..n)
        .map(|i| GeoPoint::from_degrees(coords[2 * i], coords[2 * i + 1]))
        .collect();
    let stations: Vec<(StationId, usize, GeoPoint)> =
        plan.stations().map(|(id, s)| (id, s.kind, s.at)).collect();
    let mut nearest = vec![vec![NO_STATION; n]; kn];
    let mut dist = vec![vec![f64::INFINITY; n]; kn];
    let mut count = vec![vec![0u32; n]; kn];
    let mut served = vec![0.0; stations.len()];
    let mut only = vec![0.0; stations.len()];
    for (i, p) in pts.iter().enumerate() {
        for k in 0..kn {
            let (r, h) = (kinds.get(k).radius_m, kinds.get(k).horizon_m());
            let mut best: Option<(f64, StationId)> = None;
            let mut covering = Vec::new();
            for (j, (id, sk, at)) in stations.iter().enumerate() {
                if *sk != k {
                    continue;
                }
                let d2 = p.distance2_m2(at);
                if d2 <= r * r {
                    covering.push(j);
                }
                if d2 <= h * h && best.is_none_or(|(bd, bid)| d2 < bd || (d2 == bd && *id < bid)) {
                    best = Some((d2, *id));
                }
            }
            if let Some((d2, id)) = best {
                nearest[k][i] = id;
                dist[k][i] = d2.sqrt();
            }
            count[k][i] = covering.len() as u32;
            for &j in &covering {
                served[j] += pop[i];
            }
            if covering.len() == 1 {
                only[covering[0]] += pop[i];
            }
        }
    }
    // Completeness: covered by every counted kind (a counted kind without stations covers nobody).
    let counted: Vec<usize> = (0..kn).filter(|&k| kinds.get(k).counted).collect();
    let complete = |i: usize| !counted.is_empty() && counted.iter().all(|&k| count[k][i] > 0);
    let total: f64 = pop.iter().sum();
    let covered = |k: usize, members: &dyn Fn(usize) -> bool| -> f64 {
        (0..n)
            .filter(|&i| members(i) && count[k][i] > 0)
            .map(|i| pop[i])
            .sum()
    };
    let kind_figs = (0..kn)
        .map(|k| {
            let c = covered(k, &|_| true);
            let kind = kinds.get(k);
            KindFigures {
                kind: kind.id.clone(),
                label: kind.label.clone(),
                label_en: kind.label_en.clone(),
                radius_m: kind.radius_m,
                horizon_m: kind.horizon_m(),
                stations: stations.iter().filter(|s| s.1 == k).count(),
                covered_population: c,
                coverage_ratio: ratio(c, total),
                capacity: kind.capacity.map(|cap| {
                    // Each covered resident goes to its nearest station; a station takes up to cap.
                    let mut within = 0.0;
                    let mut over = 0.0;
                    let mut stations_over = 0;
                    for (id, _, _) in stations.iter().filter(|s| s.1 == k) {
                        let a: f64 = (0..n)
                            .filter(|&i| count[k][i] > 0 && nearest[k][i] == *id)
                            .map(|i| pop[i])
                            .sum();
                        within += a.min(cap);
                        over += (a - cap).max(0.0);
                        stations_over += usize::from(a > cap);
                    }
                    CapacityFigures {
                        per_station: cap,
                        within_capacity: within,
                        over_capacity: over,
                        not_reachable: total - c,
                        stations_over,
                    }
                }),
                demand: plan.demand_column(k).map(|w| {
                    let total: f64 = w.values.iter().sum();
                    let covered: f64 = (0..n)
                        .filter(|&i| count[k][i] > 0)
                        .map(|i| w.values[i])
                        .sum();
                    DemandFigures {
                        column: w.name.clone(),
                        total,
                        covered,
                        coverage_ratio: ratio(covered, total),
                    }
                }),
                distance: None,
                access_per_1000: None,
                target: kind.target,
                target_met: reach_target(kind.target, c, total).0,
                shortfall_population: reach_target(kind.target, c, total).1,
                units_below_target: None,
            }
        })
        .collect::<Vec<KindFigures>>();
    let all_c: f64 = (0..n).filter(|&i| complete(i)).map(|i| pop[i]).sum();
    let admin = plan.admin().all();
    let mut order: Vec<usize> = (0..admin.len()).collect();
    order.sort_by(|&a, &b| (admin[a].level, &admin[a].id).cmp(&(admin[b].level, &admin[b].id)));
    let units = order
        .into_iter()
        .map(|u| {
            let level = admin[u].level as usize;
            let member = |i: usize| {
                let us = plan.resident_units(i);
                us[level] != NO_UNIT && us[level] as usize == u
            };
            let t: f64 = (0..n).filter(|&i| member(i)).map(|i| pop[i]).sum();
            let comp: f64 = (0..n)
                .filter(|&i| member(i) && complete(i))
                .map(|i| pop[i])
                .sum();
            UnitFigures {
                level: admin[u].level,
                id: admin[u].id.clone(),
                name: admin[u].name.clone(),
                total_population: t,
                kinds: (0..kn)
                    .map(|k| {
                        let c = covered(k, &member);
                        let (target_met, shortfall_population) =
                            reach_target(kinds.get(k).target, c, t);
                        UnitKindFigures {
                            kind: kinds.get(k).id.clone(),
                            covered_population: c,
                            coverage_ratio: ratio(c, t),
                            distance: None,
                            access_per_1000: None,
                            target_met,
                            shortfall_population,
                        }
                    })
                    .collect(),
                all_kinds: UnitAllKinds {
                    covered_population: comp,
                    coverage_ratio: ratio(comp, t),
                },
            }
        })
        .collect();
    let units: Vec<UnitFigures> = units;
    let mut kind_figs = kind_figs;
    for (k, kf) in kind_figs.iter_mut().enumerate() {
        if kf.target.is_some() {
            let below = |level: Level| {
                units
                    .iter()
                    .filter(|u| u.level == level && u.kinds[k].target_met == Some(false))
                    .count()
            };
            kf.units_below_target = Some(UnitsBelow {
                street: below(Level::Street),
                community: below(Level::Community),
                grid: below(Level::Grid),
            });
        }
    }
    let station_figs = stations
        .iter()
        .enumerate()
        .map(|(j, (id, k, at))| StationFigures {
            id: *id,
            kind: kinds.get(*k).id.clone(),
            name: plan
                .station(*id)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            lon: at.lon,
            lat: at.lat,
            served_population: served[j],
            only_population: only[j],
        })
        .collect();
    OracleResult {
        summary: Summary {
            metric: crate::report::Metric::Straight,
            residents: n,
            total_population: total,
            kinds: kind_figs,
            all_kinds: AllKindsFigures {
                kinds: counted.iter().map(|&k| kinds.get(k).id.clone()).collect(),
                missing: counted
                    .iter()
                    .filter(|&&k| !stations.iter().any(|s| s.1 == k))
                    .map(|&k| kinds.get(k).id.clone())
                    .collect(),
                excluded: (0..kn)
                    .filter(|&k| !kinds.get(k).counted)
                    .map(|k| kinds.get(k).id.clone())
                    .collect(),
                covered_population: all_c,
                coverage_ratio: ratio(all_c, total),
            },
            units,
            stations: station_figs,
            boundaries: Vec::new(),
            unassigned: Vec::new(),
        },
        nearest,
        distance_m: dist,
        count,
    }
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

/// Compares the engine's state with the oracle's; returns the first difference found.
pub fn check(plan: &Planner) -> Result<(), String> {
    let o = brute_force(plan);
    for k in 0..plan.kinds().len() {
        let id = &plan.kinds().get(k).id;
        let (nearest, dist, count) = (
            plan.nearest_station(k),
            plan.nearest_distance_m(k),
            plan.covering_count(k),
        );
        for i in 0..nearest.len() {
            if nearest[i] != o.nearest[k][i]
                || count[i] != o.count[k][i]
                || !(dist[i] == o.distance_m[k][i])
            {
                return Err(format!(
                    "kind {id} resident {i}: engine nearest {} at {} m covered by {}, oracle nearest {} at {} m covered by {}",
                    nearest[i], dist[i], count[i], o.nearest[k][i], o.distance_m[k][i], o.count[k][i]
                ));
            }
        }
    }
    let s = plan.summary();
    let e = &o.summary;
    let num = |what: String, a: f64, b: f64| {
        if close(a, b) {
            Ok(())
        } else {
            Err(format!("{what}: engine {a}, oracle {b}"))
        }
    };
    num(
        "total population".into(),
        s.total_population,
        e.total_population,
    )?;
    if s.kinds.len() != e.kinds.len()
        || s.units.len() != e.units.len()
        || s.stations.len() != e.stations.len()
    {
        return Err("report shapes differ".into());
    }
    for (a, b) in s.kinds.iter().zip(&e.kinds) {
        if a.stations != b.stations || a.kind != b.kind {
            return Err(format!(
                "kind {}: {} stations vs {}",
                a.kind, a.stations, b.stations
            ));
        }
        num(
            format!("covered population of {}", a.kind),
            a.covered_population,
            b.covered_population,
        )?;
        num(
            format!("coverage ratio of {}", a.kind),
            a.coverage_ratio,
            b.coverage_ratio,
        )?;
        match (&a.capacity, &b.capacity) {
            (None, None) => {}
            (Some(x), Some(y)) => {
                num(
                    format!("within capacity of {}", a.kind),
                    x.within_capacity,
                    y.within_capacity,
                )?;
                num(
                    format!("over capacity of {}", a.kind),
                    x.over_capacity,
                    y.over_capacity,
                )?;
                num(
                    format!("not reachable of {}", a.kind),
                    x.not_reachable,
                    y.not_reachable,
                )?;
                if x.stations_over != y.stations_over {
                    return Err(format!(
                        "stations over capacity of {}: {} vs {}",
                        a.kind, x.stations_over, y.stations_over
                    ));
                }
            }
            _ => return Err(format!("capacity of {} reported by one side only", a.kind)),
        }
        match (&a.demand, &b.demand) {
            (None, None) => {}
            (Some(x), Some(y)) => {
                if x.column != y.column {
                    return Err(format!(
                        "demand column of {}: {} vs {}",
                        a.kind, x.column, y.column
                    ));
                }
                num(format!("demand total of {}", a.kind), x.total, y.total)?;
                num(
                    format!("covered demand of {}", a.kind),
                    x.covered,
                    y.covered,
                )?;
                num(
                    format!("demand ratio of {}", a.kind),
                    x.coverage_ratio,
                    y.coverage_ratio,
                )?;
            }
            _ => return Err(format!("demand of {} reported by one side only", a.kind)),
        }
        let target = |k: &KindFigures| {
            (
                k.target,
                k.target_met,
                k.shortfall_population,
                k.units_below_target,
            )
        };
        if target(a) != target(b) {
            return Err(format!(
                "target of {}: engine {:?}, oracle {:?}",
                a.kind,
                target(a),
                target(b)
            ));
        }
    }
    if s.all_kinds.kinds != e.all_kinds.kinds {
        return Err(format!(
            "all-kinds set {:?} vs {:?}",
            s.all_kinds.kinds, e.all_kinds.kinds
        ));
    }
    num(
        "all kinds covered".into(),
        s.all_kinds.covered_population,
        e.all_kinds.covered_population,
    )?;
    for (a, b) in s.units.iter().zip(&e.units) {
        if a.id != b.id || a.level != b.level {
            return Err(format!("unit order: {} vs {}", a.id, b.id));
        }
        num(
            format!("population of {}", a.id),
            a.total_population,
            b.total_population,
        )?;
        num(
            format!("completeness of {}", a.id),
            a.all_kinds.covered_population,
            b.all_kinds.covered_population,
        )?;
        for (x, y) in a.kinds.iter().zip(&b.kinds) {
            num(
                format!("{} covered in {}", x.kind, a.id),
                x.covered_population,
                y.covered_population,
            )?;
            if (x.target_met, x.shortfall_population) != (y.target_met, y.shortfall_population) {
                return Err(format!(
                    "{} target in {}: engine {:?} {:?}, oracle {:?} {:?}",
                    x.kind,
                    a.id,
                    x.target_met,
                    x.shortfall_population,
                    y.target_met,
                    y.shortfall_population
                ));
            }
        }
    }
    for (a, b) in s.stations.iter().zip(&e.stations) {
        if a.id != b.id {
            return Err(format!("station order: {} vs {}", a.id, b.id));
        }
        num(
            format!("served by station {}", a.id),
            a.served_population,
            b.served_population,
        )?;
        num(
            format!("served only by station {}", a.id),
            a.only_population,
            b.only_population,
        )?;
    }
    Ok(())
}

/// Against a target share: met or not, and the fewest whole people who, reached as well, would
/// meet it (counted up one at a time; a millionth of a person of rounding forgiven). Nothing for a
/// place where nobody lives.
fn reach_target(target: Option<f64>, covered: f64, total: f64) -> (Option<bool>, Option<f64>) {
    let (Some(share), true) = (target, total > 0.0) else {
        return (None, None);
    };
    let mut more = 0.0;
    while covered + more < share * total - 1e-6 {
        more += 1.0;
    }
    (Some(more == 0.0), Some(more))
}
