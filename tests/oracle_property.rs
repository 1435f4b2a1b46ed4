//! Seeded random cities: every figure equals the brute-force oracle, before and after 1,000
//! random edits (add, move, remove, radius change), and equals a fresh full recompute.

use lifecircle::demo::Rng;
use lifecircle::oracle::{brute_force, check};
use lifecircle::tables::{ResidentTable, WeightColumn};
use lifecircle::{Planner, StationRecord};

/// A random city around (lon0, lat0): clustered residents with duplicates and zero-population
/// points, and stations of the three default kinds plus a custom one, some stacked on each other.
fn city(seed: u64, residents: usize, stations: usize, lon0: f64, lat0: f64) -> Planner {
    let mut rng = Rng::new(seed);
    let mut plan = Planner::new();
    plan.set_kind("canteen", Some("全龄食堂"), Some("Canteen"), 600.0)
        .unwrap();
    // Canteens serve a limited number of people: the capacity split is checked too.
    let canteen = plan.kind_index("canteen").unwrap();
    plan.set_capacity(canteen, Some(900.0)).unwrap();
    // Targets: units below them are flagged with the people still to reach (checked against the
    // oracle's count-up); a refused target changes nothing.
    plan.set_target(canteen, Some(0.05)).unwrap();
    plan.set_target(0, Some(0.2)).unwrap();
    assert!(plan.set_target(1, Some(1.5)).is_err() && plan.set_target(1, Some(0.0)).is_err());
    assert_eq!(plan.kinds().get(1).target, None);
    let deg = 0.04; // about 4 km
    let centres: Vec<(f64, f64)> = (0..5)
        .map(|_| (lon0 + rng.range(-deg, deg), lat0 + rng.range(-deg, deg)))
        .collect();
    let mut t = ResidentTable::default();
    for i in 0..residents {
        let (lon, lat) = if i > 0 && rng.f64() < 0.03 {
            (t.lon[i - 1], t.lat[i - 1]) // a duplicate point
        } else {
            let c = centres[rng.below(centres.len())];
            (c.0 + rng.normal() * 0.008, c.1 + rng.normal() * 0.008)
        };
        let pop = if rng.f64() < 0.05 {
            0.0
        } else {
            (rng.range(1.0, 400.0) * 10.0).round() / 10.0
        };
        let s = format!("S{}", rng.below(3));
        let c = format!("C{}", rng.below(4));
        let g = if rng.f64() < 0.1 {
            String::new()
        } else {
            format!("G{}", rng.below(3))
        };
        t.push(lon, lat, pop, [&s, &c, &g], "");
    }
    // Canteens serve the elderly: a demand column, some blank (0), checked against the oracle too.
    let elderly = (0..residents)
        .map(|_| {
            if rng.f64() < 0.2 {
                0.0
            } else {
                rng.range(0.0, 80.0).round()
            }
        })
        .collect();
    t.weights.push(WeightColumn {
        name: "老年人口".into(),
        values: elderly,
    });
    plan.load_residents(t);
    plan.set_demand(canteen, Some("老年人口")).unwrap();
    assert!(plan.set_demand(canteen, Some("儿童")).is_err());
    let mut recs: Vec<StationRecord> = Vec::new();
    for i in 0..stations {
        let (lon, lat) = if i > 0 && rng.f64() < 0.05 {
            (recs[i - 1].lon, recs[i - 1].lat) // stacked stations
        } else {
            (
                lon0 + rng.range(-1.3 * deg, 1.3 * deg),
                lat0 + rng.range(-1.3 * deg, 1.3 * deg),
            )
        };
        let kind = if i > 0 && rng.f64() < 0.05 {
            recs[i - 1].kind
        } else {
            rng.below(4)
        };
        recs.push(StationRecord {
            kind,
            lon,
            lat,
            name: String::new(),
        });
    }
    plan.load_stations(&recs);
    plan
}

fn random_edit(plan: &mut Planner, rng: &mut Rng, lon0: f64, lat0: f64) {
    let live: Vec<u32> = plan.stations().map(|(id, _)| id).collect();
    let choice = rng.below(100);
    let deg = 0.05;
    if live.is_empty() || choice < 30 {
        let kind = rng.below(plan.kinds().len());
        let (lon, lat) = (lon0 + rng.range(-deg, deg), lat0 + rng.range(-deg, deg));
        plan.add_station(kind, lon, lat, "").unwrap();
    } else if choice < 65 {
        let id = live[rng.below(live.len())];
        let s = plan.station(id).unwrap().at;
        // Half small drags, half jumps.
        let (lon, lat) = if rng.f64() < 0.5 {
            (s.lon + rng.normal() * 0.001, s.lat + rng.normal() * 0.001)
        } else {
            (lon0 + rng.range(-deg, deg), lat0 + rng.range(-deg, deg))
        };
        plan.move_station(id, lon, lat).unwrap();
    } else if choice < 90 {
        let id = live[rng.below(live.len())];
        plan.remove_station(id).unwrap();
    } else if choice < 95 {
        // In or out of life-circle completeness (不计入生活圈).
        let k = rng.below(plan.kinds().len());
        let counted = plan.kinds().get(k).counted;
        plan.set_counted(k, !counted);
    } else {
        let k = rng.below(plan.kinds().len());
        let radius = [300.0, 500.0, 800.0, 1000.0, 1500.0, 3000.0][rng.below(6)];
        let id = plan.kinds().get(k).id.clone();
        plan.set_kind(&id, None, None, radius).unwrap();
    }
}

#[test]
fn random_cities_equal_the_oracle() {
    for (seed, lon0, lat0) in [
        (1, 118.8, 32.05),
        (2, 121.47, 31.23),
        (3, 126.6, 45.75),
        (4, 110.3, 20.0),
    ] {
        let plan = city(seed, 1500, 80, lon0, lat0);
        check(&plan).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        // The targets split the units both ways, so the check above compared both.
        let s = plan.summary();
        let met = |m: bool| {
            s.units
                .iter()
                .flat_map(|u| &u.kinds)
                .filter(|k| k.target_met == Some(m))
                .count()
        };
        assert!(
            met(true) > 0 && met(false) > 0,
            "seed {seed}: {} met, {} not",
            met(true),
            met(false)
        );
    }
}

#[test]
fn thousand_edits_stay_equal_to_a_full_recompute() {
    let (lon0, lat0) = (118.8, 32.05);
    let mut plan = city(11, 1200, 60, lon0, lat0);
    let mut rng = Rng::new(99);
    for step in 1..=1000 {
        random_edit(&mut plan, &mut rng, lon0, lat0);
        if step % 100 == 0 {
            check(&plan).unwrap_or_else(|e| panic!("after edit {step}: {e}"));
        }
    }
    // The engine's own full recompute (a fresh plan from the same residents, kinds and stations)
    // gives the same figures as the edited one.
    let mut fresh = Planner::with_kinds(plan.kinds().clone());
    let coords = plan.resident_coordinates();
    let pop = plan.resident_population();
    let mut t = ResidentTable::default();
    for i in 0..pop.len() {
        let us = plan.resident_units(i);
        let name = |u: u32| {
            if u == u32::MAX {
                String::new()
            } else {
                plan.admin().all()[u as usize].name.clone()
            }
        };
        let names = [name(us[0]), name(us[1]), name(us[2])];
        t.push(
            coords[2 * i],
            coords[2 * i + 1],
            pop[i],
            [&names[0], &names[1], &names[2]],
            "",
        );
    }
    fresh.load_residents(t);
    let live: Vec<(u32, StationRecord)> = plan
        .stations()
        .map(|(id, s)| {
            (
                id,
                StationRecord {
                    kind: s.kind,
                    lon: s.at.lon,
                    lat: s.at.lat,
                    name: s.name.clone(),
                },
            )
        })
        .collect();
    fresh.load_stations(&live.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>());
    let (a, b) = (plan.summary(), fresh.summary());
    for (x, y) in a.kinds.iter().zip(&b.kinds) {
        assert_eq!(x.stations, y.stations);
        assert!(
            (x.covered_population - y.covered_population).abs() < 1e-6,
            "{} {} {}",
            x.kind,
            x.covered_population,
            y.covered_population
        );
    }
    assert!((a.all_kinds.covered_population - b.all_kinds.covered_population).abs() < 1e-6);
    for (x, y) in a.stations.iter().zip(&b.stations) {
        assert!((x.served_population - y.served_population).abs() < 1e-6);
        assert!((x.only_population - y.only_population).abs() < 1e-6);
    }
    for k in 0..plan.kinds().len() {
        assert_eq!(plan.nearest_distance_m(k), fresh.nearest_distance_m(k));
        assert_eq!(plan.covering_count(k), fresh.covering_count(k));
    }
    let o = brute_force(&plan);
    assert_eq!(o.summary.kinds.len(), 4);
}

#[test]
fn a_new_kind_and_an_empty_plan_behave() {
    let mut plan = Planner::new();
    let s = plan.summary();
    assert_eq!(
        (
            s.total_population,
            s.all_kinds.covered_population,
            s.all_kinds.coverage_ratio
        ),
        (0.0, 0.0, 0.0)
    );
    // Stations before residents.
    let id = plan.add_station(0, 118.8, 32.0, "").unwrap();
    assert_eq!(plan.summary().stations[0].served_population, 0.0);
    plan.move_station(id, 118.81, 32.0).unwrap();
    check(&plan).unwrap();
    let mut plan = city(5, 300, 20, 118.8, 32.05);
    plan.set_kind("elderly_care", Some("养老服务站"), None, 700.0)
        .unwrap();
    check(&plan).unwrap();
    let k = plan.kinds().resolve("养老服务站").unwrap();
    plan.add_station(k, 118.8, 32.05, "").unwrap();
    check(&plan).unwrap();
}

#[test]
fn capacity_split_sums_to_the_total_population() {
    let mut plan = city(77, 3000, 60, 118.8, 32.06);
    let k = plan.kind_index("red_bee_station").unwrap();
    for cap in [50.0, 2000.0, 1e9] {
        plan.set_capacity(k, Some(cap)).unwrap();
        check(&plan).unwrap();
        let s = plan.summary();
        let f = s.kinds[k].capacity.as_ref().unwrap();
        let sum = f.within_capacity + f.over_capacity + f.not_reachable;
        assert!(
            (sum - s.total_population).abs() < 1e-6 * s.total_population,
            "{sum} vs {}",
            s.total_population
        );
        assert!(
            (f.within_capacity + f.over_capacity - s.kinds[k].covered_population).abs()
                < 1e-6 * s.total_population
        );
        if cap == 1e9 {
            assert_eq!((f.over_capacity, f.stations_over), (0.0, 0));
        }
    }
    assert!(plan.set_capacity(k, Some(-1.0)).is_err());
    plan.set_capacity(k, None).unwrap();
    assert!(plan.summary().kinds[k].capacity.is_none());
}

/// The population-weighted lower percentile of `(distance, population)` pairs against `total`:
/// the smallest distance at which the population so far reaches `share` of it (written apart from
/// the engine's sweep: sort, then scan).
fn lower_percentile(mut pairs: Vec<(f64, f64)>, total: f64, share: f64) -> Option<f64> {
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut sum = 0.0;
    for (d, p) in pairs {
        sum += p;
        if total > 0.0 && sum >= share * total {
            return Some(d);
        }
    }
    None
}

#[test]
fn distance_percentiles_equal_brute_force_nearest_distances() {
    for (seed, lon0, lat0) in [(5, 118.8, 32.05), (6, 121.47, 31.23)] {
        let plan = city(seed, 1500, 60, lon0, lat0);
        let oracle = brute_force(&plan);
        let mut s = plan.summary();
        lifecircle::report::add_distances(&plan, &plan, &mut s);
        let pop = plan.resident_population();
        let admin = plan.admin().all();
        assert!(s
            .kinds
            .iter()
            .any(|k| k.distance.as_ref().unwrap().p85_m.is_some()));
        assert!(s
            .kinds
            .iter()
            .any(|k| k.distance.as_ref().unwrap().beyond_horizon_population > 0.0));
        for (k, kind) in s.kinds.iter().enumerate() {
            let d = &oracle.distance_m[k];
            // The district, then every unit: its residents' (distance, population) within reach.
            let mut groups: Vec<(Option<&lifecircle::report::UnitFigures>, Vec<usize>)> =
                vec![(None, (0..pop.len()).collect())];
            for u in &s.units {
                let members = (0..pop.len())
                    .filter(|&i| {
                        plan.resident_units(i)
                            .iter()
                            .any(|&x| admin.get(x as usize).is_some_and(|a| a.id == u.id))
                    })
                    .collect();
                groups.push((Some(u), members));
            }
            for (unit, members) in groups {
                let total: f64 = members.iter().map(|&i| pop[i]).sum();
                let within: Vec<(f64, f64)> = members
                    .iter()
                    .filter(|&&i| d[i].is_finite())
                    .map(|&i| (d[i], pop[i]))
                    .collect();
                let beyond = total - within.iter().map(|x| x.1).sum::<f64>();
                let got = match unit {
                    None => kind.distance.clone(),
                    Some(u) => u.kinds[k].distance.clone(),
                }
                .expect("distances");
                let same = |a: Option<f64>, b: Option<f64>| match (a, b) {
                    (Some(a), Some(b)) => (a - b).abs() <= 0.05 + 1e-9,
                    (None, None) => true,
                    _ => false,
                };
                let want50 = lower_percentile(within.clone(), total, 0.5);
                let want85 = lower_percentile(within, total, 0.85);
                let what = format!("seed {seed} {} {:?}", kind.kind, unit.map(|u| &u.id));
                assert!(
                    same(got.p50_m, want50),
                    "{what}: p50 {:?} ≠ {want50:?}",
                    got.p50_m
                );
                assert!(
                    same(got.p85_m, want85),
                    "{what}: p85 {:?} ≠ {want85:?}",
                    got.p85_m
                );
                assert!(
                    (got.beyond_horizon_population - beyond).abs() < 1e-6 * (1.0 + total),
                    "{what}"
                );
            }
        }
    }
}

/// Per resident (file order): 1 when covered by `kind`, or (None) by every counted kind.
fn covered_flags(plan: &Planner, kind: Option<usize>) -> Vec<u8> {
    match kind {
        Some(k) => plan
            .covering_count(k)
            .iter()
            .map(|&c| u8::from(c > 0))
            .collect(),
        None => {
            let counted = plan.kinds().counted().iter().filter(|&&c| c).count();
            let by = plan.kinds_covering();
            by.iter()
                .map(|&c| u8::from(counted > 0 && c as usize >= counted))
                .collect()
        }
    }
}

#[test]
fn residents_logged_as_changed_keep_a_display_equal_to_a_pass_over_all() {
    let (lon0, lat0) = (118.8, 32.05);
    for kind in [None, Some(0), Some(2)] {
        let mut plan = city(21, 1500, 60, lon0, lat0);
        let mut rng = Rng::new(5);
        assert_eq!(
            plan.take_coverage_changes(kind),
            None,
            "unknown before the first take"
        );
        let mut shown = covered_flags(&plan, kind);
        let (mut known, mut changed) = (0, 0);
        for step in 1..=400 {
            random_edit(&mut plan, &mut rng, lon0, lat0);
            let now = covered_flags(&plan, kind);
            match plan.take_coverage_changes(kind) {
                Some((at, values)) => {
                    known += 1;
                    assert!(at.windows(2).all(|w| w[0] < w[1]), "ascending, once each");
                    for (&i, &v) in at.iter().zip(&values) {
                        assert_eq!(v, now[i as usize], "{kind:?} step {step}: resident {i}");
                        changed += usize::from(shown[i as usize] != v);
                        shown[i as usize] = v;
                    }
                    assert!(
                        shown == now,
                        "{kind:?} step {step}: a resident changed unlogged"
                    );
                }
                None => shown = now,
            }
        }
        assert!(
            known > 300 && changed > 1000,
            "{kind:?}: {known} steps logged, {changed} changes"
        );
    }
}
