//! "Tiny town": six residents and four stations whose every figure can be checked on paper.
//!
//! Positions are metres east/north of 118.80 E, 32.06 N (placed with `geodesy::destination`).
//!
//! ```text
//!   stations              residents (pop, street/community/grid)
//!   P1 党群 (0, 0)         R1 (100, 0)     100  A/a/1
//!   P2 党群 (800, 0)       R2 (390, 0)     200  A/a/1
//!   B1 红蜂 (0, 0)         R3 (1200, 0)    300  A/a/2
//!   H1 商圈 (0, 2000)      R4 (0, -1500)   400  A/b/1
//!                          R5 (0, 2500)      0  B/c/1
//!                          R6 (-250, 0)     50  B/c/1
//! ```
//! Radii (horizons): 党群 500 (1000), 红蜂 1000 (2000), 商圈 3000 (6000).

use lifecircle::geodesy::{destination, distance_m};
use lifecircle::{read_residents, read_stations, ImportOptions, Planner, NO_STATION};

const O: (f64, f64) = (118.80, 32.06);

fn at(east: f64, north: f64) -> (f64, f64) {
    let (lon, lat) = destination(O.0, O.1, 90.0, east.abs());
    let (lon, lat) = if east < 0.0 {
        destination(O.0, O.1, 270.0, -east)
    } else {
        (lon, lat)
    };
    if north == 0.0 {
        return (lon, lat);
    }
    destination(lon, lat, if north > 0.0 { 0.0 } else { 180.0 }, north.abs())
}

fn town() -> Planner {
    let residents = [
        ((100.0, 0.0), 100, "A", "a", "1"),
        ((390.0, 0.0), 200, "A", "a", "1"),
        ((1200.0, 0.0), 300, "A", "a", "2"),
        ((0.0, -1500.0), 400, "A", "b", "1"),
        ((0.0, 2500.0), 0, "B", "c", "1"),
        ((-250.0, 0.0), 50, "B", "c", "1"),
    ];
    let mut csv = String::from("经度,纬度,人口,街道,社区,网格,名称\n");
    for (i, ((e, n), pop, s, c, g)) in residents.iter().enumerate() {
        let (lon, lat) = at(*e, *n);
        csv += &format!("{lon:.10},{lat:.10},{pop},{s},{c},{g},R{}\n", i + 1);
    }
    let stations = [
        ((0.0, 0.0), "党群服务站", "P1"),
        ((800.0, 0.0), "党群服务站", "P2"),
        ((0.0, 0.0), "红蜂驿站", "B1"),
        ((0.0, 2000.0), "商圈", "H1"),
    ];
    let mut scsv = String::from("lon,lat,kind,name\n");
    for ((e, n), k, name) in stations {
        let (lon, lat) = at(e, n);
        scsv += &format!("{lon:.10},{lat:.10},{k},{name}\n");
    }
    let mut plan = Planner::new();
    plan.load_residents(read_residents(csv.as_bytes(), &ImportOptions::default()).unwrap());
    let recs = read_stations(scsv.as_bytes(), &ImportOptions::default(), plan.kinds()).unwrap();
    assert_eq!(plan.load_stations(&recs), vec![0, 1, 2, 3]);
    plan
}

fn kind(plan: &Planner, id: &str) -> (usize, f64, f64) {
    let s = plan.summary();
    let k = s.kinds.iter().find(|k| k.kind == id).unwrap();
    (k.stations, k.covered_population, k.coverage_ratio)
}

fn unit<'a>(s: &'a lifecircle::Summary, id: &str) -> &'a lifecircle::report::UnitFigures {
    s.units
        .iter()
        .find(|u| u.id == id)
        .unwrap_or_else(|| panic!("no unit {id}"))
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn the_positions_are_what_the_picture_says() {
    let (lon, lat) = at(390.0, 0.0);
    assert!((distance_m(O.0, O.1, lon, lat) - 390.0).abs() < 0.01);
    let (lon, lat) = at(0.0, -1500.0);
    assert!((distance_m(O.0, O.1, lon, lat) - 1500.0).abs() < 0.01);
}

#[test]
fn figures_on_paper() {
    let plan = town();
    let s = plan.summary();
    assert_eq!(s.total_population, 1050.0);
    assert_eq!(s.residents, 6);
    // 党群: R1 (P1), R2 (P1 and P2), R3 (P2), R6 (P1) = 100 + 200 + 300 + 50.
    assert_eq!(
        kind(&plan, "party_service_station"),
        (2, 650.0, 650.0 / 1050.0)
    );
    // 红蜂: R1, R2, R6 within 1000 m of B1.
    assert_eq!(kind(&plan, "red_bee_station"), (1, 350.0, 350.0 / 1050.0));
    // 商圈: all but R4 (3500 m away); R5 has no population.
    assert_eq!(kind(&plan, "commercial_hub"), (1, 650.0, 650.0 / 1050.0));
    // Every kind: R1, R2, R6.
    assert_eq!(s.all_kinds.covered_population, 350.0);
    assert_eq!(s.all_kinds.kinds.len(), 3);

    // Per station: served / served only by it.
    let st = |id: u32| s.stations.iter().find(|x| x.id == id).unwrap();
    assert_eq!(
        (st(0).served_population, st(0).only_population),
        (350.0, 150.0)
    ); // P1: R1 R2 R6; alone R1 R6
    assert_eq!(
        (st(1).served_population, st(1).only_population),
        (500.0, 300.0)
    ); // P2: R2 R3; alone R3
    assert_eq!(
        (st(2).served_population, st(2).only_population),
        (350.0, 350.0)
    ); // B1
    assert_eq!(
        (st(3).served_population, st(3).only_population),
        (650.0, 650.0)
    ); // H1

    // Units.
    let a = unit(&s, "A");
    assert_eq!(a.total_population, 1000.0);
    assert_eq!(
        a.kinds
            .iter()
            .map(|k| k.covered_population)
            .collect::<Vec<_>>(),
        vec![300.0, 600.0, 600.0]
    );
    assert_eq!(a.all_kinds.covered_population, 300.0);
    let a1 = unit(&s, "A/a/1");
    assert_eq!(
        (
            a1.total_population,
            a1.all_kinds.covered_population,
            a1.all_kinds.coverage_ratio
        ),
        (300.0, 300.0, 1.0)
    );
    let a2 = unit(&s, "A/a/2");
    assert_eq!(a2.kinds[0].covered_population, 0.0);
    assert_eq!(a2.kinds[1].covered_population, 300.0);
    let b = unit(&s, "A/b");
    assert_eq!(
        (b.total_population, b.all_kinds.covered_population),
        (400.0, 0.0)
    );
    assert_eq!(unit(&s, "B").total_population, 50.0);
    assert_eq!(
        s.units
            .iter()
            .filter(|u| u.level == lifecircle::Level::Grid)
            .count(),
        4
    );

    // Per resident: nearest and distance, with the horizon (2 × radius).
    let party = plan.kinds().resolve("party_service_station").unwrap();
    let bee = plan.kinds().resolve("red_bee_station").unwrap();
    let hub = plan.kinds().resolve("commercial_hub").unwrap();
    assert_eq!(
        plan.nearest_station(party),
        vec![0, 0, 1, NO_STATION, NO_STATION, 0]
    );
    assert_eq!(plan.covering_count(party), vec![1, 2, 1, 0, 0, 1]);
    let d = plan.nearest_distance_m(bee);
    for (got, want) in d
        .iter()
        .zip([100.0, 390.0, 1200.0, 1500.0, f64::INFINITY, 250.0])
    {
        assert!(got == &want || (got - want).abs() < 0.01, "{got} vs {want}");
    }
    let d = plan.nearest_distance_m(hub);
    assert!((d[3] - 3500.0).abs() < 0.01 && (d[4] - 500.0).abs() < 0.01);
    assert_eq!(plan.kinds_covering(), vec![3, 3, 2, 0, 1, 3]);
    lifecircle::oracle::check(&plan).unwrap();
}

#[test]
fn edits_on_paper() {
    let mut plan = town();
    // Move P2 onto R3: R2 is now P1's alone.
    let (lon, lat) = at(1200.0, 0.0);
    plan.move_station(1, lon, lat).unwrap();
    let s = plan.summary();
    assert_eq!(kind(&plan, "party_service_station").1, 650.0);
    assert_eq!(
        (
            s.stations[0].served_population,
            s.stations[0].only_population
        ),
        (350.0, 350.0)
    );
    assert_eq!(
        (
            s.stations[1].served_population,
            s.stations[1].only_population
        ),
        (300.0, 300.0)
    );
    lifecircle::oracle::check(&plan).unwrap();

    // Remove the only 红蜂驿站: nobody is covered by it, so nobody has every kind within reach
    // (the kind still counts: completeness 0, and the report says which kind is missing) ...
    plan.remove_station(2).unwrap();
    let s = plan.summary();
    assert_eq!(kind(&plan, "red_bee_station"), (0, 0.0, 0.0));
    assert_eq!(
        s.all_kinds.kinds,
        vec!["red_bee_station", "party_service_station", "commercial_hub"]
    );
    assert_eq!(s.all_kinds.missing, vec!["red_bee_station"]);
    assert_eq!(s.all_kinds.covered_population, 0.0);
    lifecircle::oracle::check(&plan).unwrap();
    // ... until the planner leaves it out of the life circle (不计入生活圈): then completeness asks
    // only for 党群 and 商圈.
    let red = plan.kinds().resolve("红蜂驿站").unwrap();
    plan.set_counted(red, false);
    let s = plan.summary();
    assert_eq!(
        s.all_kinds.kinds,
        vec!["party_service_station", "commercial_hub"]
    );
    assert_eq!(s.all_kinds.excluded, vec!["red_bee_station"]);
    assert!(s.all_kinds.missing.is_empty());
    assert_eq!(s.all_kinds.covered_population, 650.0);
    lifecircle::oracle::check(&plan).unwrap();

    // 5-minute life circle for 党群 (300 m): R2 (390 m from P1) drops out.
    let party = plan.kinds().resolve("党群服务站").unwrap();
    plan.set_kind("party_service_station", None, None, 300.0)
        .unwrap();
    assert!(near(
        kind(&plan, "party_service_station").1,
        100.0 + 300.0 + 50.0
    ));
    assert_eq!(plan.covering_count(party), vec![1, 0, 1, 0, 0, 1]);
    lifecircle::oracle::check(&plan).unwrap();

    // A station added where nobody lives changes nothing but its own (empty) figures.
    let (lon, lat) = at(0.0, -5000.0);
    let id = plan.add_station(party, lon, lat, "").unwrap();
    assert_eq!(id, 4);
    assert_eq!(plan.station(id).unwrap().name, "党群服务站3号");
    assert!(near(kind(&plan, "party_service_station").1, 450.0));
    lifecircle::oracle::check(&plan).unwrap();

    // A duplicate of P1 at the same place: P1 and its twin serve the same people, neither alone.
    let p1 = plan.station(0).unwrap().at;
    let twin = plan.add_station(party, p1.lon, p1.lat, "P1 twin").unwrap();
    let s = plan.summary();
    let p1f = s.stations.iter().find(|x| x.id == 0).unwrap();
    let tf = s.stations.iter().find(|x| x.id == twin).unwrap();
    assert_eq!((p1f.served_population, p1f.only_population), (150.0, 0.0));
    assert_eq!((tf.served_population, tf.only_population), (150.0, 0.0));
    lifecircle::oracle::check(&plan).unwrap();

    assert!(
        plan.move_station(2, 118.8, 32.0).is_err(),
        "removed stations cannot move"
    );
    assert!(plan.remove_station(99).is_err());
    assert!(plan.add_station(party, f64::NAN, 32.0, "x").is_err());
    lifecircle::oracle::check(&plan).unwrap();
}

/// Distance percentiles on paper (党群: P1 at 0, P2 at 800 m east; horizon 1000 m). Nearest
/// distances: R1 100, R6 250, R2 390, R3 400 (to P2); R4 (1500) and R5 (2500) beyond. In distance
/// order the population adds up 100, 150, 350, 650 of 1050: p50 (525) is R3's 400 m, p85 (892.5)
/// is not reached within the horizon (null), and 400 people (R4; R5 has none) are beyond it.
#[test]
fn distance_percentiles_on_paper() {
    let plan = town();
    let mut s = plan.summary();
    lifecircle::report::add_distances(&plan, &plan, &mut s);
    let party = |id: Option<&str>| {
        let d = match id {
            None => s.kinds[1].distance.clone(),
            Some(u) => unit(&s, u).kinds[1].distance.clone(),
        };
        let d = d.expect("distances");
        (d.p50_m, d.p85_m, d.beyond_horizon_population)
    };
    assert_eq!(s.kinds[1].kind, "party_service_station");
    let close = |got: Option<f64>, want: Option<f64>| match (got, want) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-3,
        (None, None) => true,
        _ => false,
    };
    for (unit_id, p50, p85, beyond) in [
        (None, Some(400.0), None, 400.0),
        // A: R1..R4, 1000 people: 100, 300, 600 within → p50 (500) at R3, p85 (850) beyond.
        (Some("A"), Some(400.0), None, 400.0),
        // A/a: R1, R2, R3, 600 people: 100, 300 (p50 = 300 at R2), 600 (p85 = 510 at R3).
        (Some("A/a"), Some(390.0), Some(400.0), 0.0),
        (Some("A/a/1"), Some(390.0), Some(390.0), 0.0),
        // A/b: R4 only, beyond the horizon.
        (Some("A/b"), None, None, 400.0),
        // B/c: R5 (0 people) and R6 (50 at 250 m).
        (Some("B/c"), Some(250.0), Some(250.0), 0.0),
    ] {
        let (a, b, c) = party(unit_id);
        assert!(
            close(a, p50) && close(b, p85) && (c - beyond).abs() < 1e-9,
            "{unit_id:?}: ({a:?}, {b:?}, {c}) against ({p50:?}, {p85:?}, {beyond})"
        );
    }
}
