//! Gaussian 2SFCA (supply per 1,000 residents) against a brute-force oracle over every
//! station–resident pair on seeded cities: per resident, per admin unit, per kind; the invariant
//! Σ P·A = supply of the stations with demand; a capacity as supply and a demand column as P.

mod common;

use lifecircle::demo::Rng;
use lifecircle::geodesy::GeoPoint;
use lifecircle::report::{add_access, kind_access};
use lifecircle::tables::{ResidentTable, WeightColumn};
use lifecircle::{Planner, StationRecord};

/// A random town of `n` residents in clusters, with an elderly column, and `m` stations of the
/// three default kinds and a canteen (capacity 500, serving the elderly).
fn town(seed: u64, n: usize, m: usize) -> Planner {
    let mut rng = Rng::new(seed);
    let mut plan = Planner::new();
    plan.set_kind("canteen", Some("全龄食堂"), Some("Canteen"), 600.0)
        .unwrap();
    let canteen = plan.kind_index("canteen").unwrap();
    plan.set_capacity(canteen, Some(500.0)).unwrap();
    let (lon0, lat0) = (118.78, 32.04);
    let mut t = ResidentTable::default();
    for i in 0..n {
        let pop = if i % 17 == 0 {
            0.0
        } else {
            rng.range(1.0, 300.0).round()
        };
        t.push(
            lon0 + rng.normal() * 0.012,
            lat0 + rng.normal() * 0.012,
            pop,
            [&format!("S{}", i % 2), &format!("C{}", i % 5), ""],
            "",
        );
    }
    t.weights.push(WeightColumn {
        name: "老年人口".into(),
        values: (0..n).map(|_| rng.range(0.0, 40.0).round()).collect(),
    });
    plan.load_residents(t);
    plan.set_demand(canteen, Some("老年人口")).unwrap();
    let recs: Vec<StationRecord> = (0..m)
        .map(|i| StationRecord {
            kind: i % 4,
            lon: lon0 + rng.range(-0.04, 0.04),
            lat: lat0 + rng.range(-0.04, 0.04),
            name: String::new(),
        })
        .collect();
    plan.load_stations(&recs);
    // Two stacked stations: they split their catchment's demand.
    let first = plan.stations().next().map(|(_, s)| (s.kind, s.at));
    if let Some((kind, at)) = first {
        plan.add_station(kind, at.lon, at.lat, "").unwrap();
    }
    plan
}

#[test]
fn access_equals_brute_force_over_every_pair() {
    for seed in [1, 2, 3] {
        let plan = town(seed, 1200, 40);
        let c = plan.resident_coordinates();
        let pts: Vec<GeoPoint> = c
            .chunks_exact(2)
            .map(|p| GeoPoint::from_degrees(p[0], p[1]))
            .collect();
        let mut summary = plan.summary();
        add_access(&plan, &plan, &mut summary);
        let admin = plan.admin().all();
        for k in 0..plan.kinds().len() {
            let kind = plan.kinds().get(k);
            let dist: Vec<Vec<f64>> = plan
                .stations()
                .filter(|(_, s)| s.kind == k)
                .map(|(_, s)| pts.iter().map(|p| p.distance_m(&s.at)).collect())
                .collect();
            let demand = plan.demand(k);
            let supply = kind.capacity.unwrap_or(1.0);
            let (want, with_demand) =
                common::two_step_oracle(&dist, &demand, supply, kind.radius_m);
            let got = kind_access(&plan, &plan, k);
            for (i, (g, w)) in got.per_resident.iter().zip(&want).enumerate() {
                assert!(
                    (g - w).abs() <= 1e-9 * (1.0 + w),
                    "seed {seed} kind {} resident {i}: {g} ≠ {w}",
                    kind.id
                );
            }
            // Σ P·A is the supply of the stations that have demand.
            let sum: f64 = (0..pts.len())
                .map(|i| demand[i] * got.per_resident[i])
                .sum();
            assert!(
                (sum - with_demand).abs() < 1e-6 * (1.0 + with_demand),
                "seed {seed} {}",
                kind.id
            );
            assert!((got.supply_with_demand - with_demand).abs() < 1e-9);
            if !dist.is_empty() {
                assert!(with_demand > 0.0, "the test should reach someone");
            }
            // The kind's and each unit's figure: the demand-weighted mean × 1000.
            let mean = |members: &dyn Fn(usize) -> bool| {
                let (s, w) = (0..pts.len())
                    .filter(|&i| members(i))
                    .fold((0.0, 0.0), |a, i| {
                        (a.0 + demand[i] * want[i], a.1 + demand[i])
                    });
                (w > 0.0).then(|| 1000.0 * s / w)
            };
            let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
                (Some(a), Some(b)) => (a - b).abs() <= 2e-6 + 1e-9 * b.abs(),
                (None, None) => true,
                _ => false,
            };
            let all = mean(&|_| true);
            assert!(
                close(summary.kinds[k].access_per_1000, all),
                "seed {seed} {}",
                kind.id
            );
            if let Some(a) = all {
                // Over everyone, the mean is the supply with demand per 1,000 of demand.
                let total: f64 = demand.iter().sum();
                assert!((a - 1000.0 * with_demand / total).abs() < 1e-6);
            }
            for u in &summary.units {
                let member = |i: usize| {
                    plan.resident_units(i)
                        .iter()
                        .any(|&x| admin.get(x as usize).is_some_and(|a| a.id == u.id))
                };
                assert!(
                    close(u.kinds[k].access_per_1000, mean(&member)),
                    "seed {seed} {} unit {}",
                    kind.id,
                    u.id
                );
            }
        }
    }
}

#[test]
fn a_kind_without_stations_or_demand_has_no_access() {
    let mut plan = town(9, 200, 0);
    let k = plan.kind_index("canteen").unwrap();
    let mut s = plan.summary();
    add_access(&plan, &plan, &mut s);
    // No station: everyone has zero supply; the mean over people is 0, not missing.
    assert_eq!(s.kinds[k].access_per_1000, Some(0.0));
    // A station where nobody lives has no demand: it adds nothing and the invariant holds.
    plan.add_station(k, 100.0, 10.0, "").unwrap();
    let a = kind_access(&plan, &plan, k);
    assert_eq!(a.supply_with_demand, 0.0);
    assert!(a.per_resident.iter().all(|&x| x == 0.0));
}
