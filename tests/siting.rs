//! Siting suggestions against exhaustive search: exact answers on tiny problems, and on larger
//! ones local search never below greedy, the bound never below the optimum.

use lifecircle::demo::Rng;
use lifecircle::siting::{
    grid_in_area, keep_inside, solve, suggest, suggest_with_limit, Candidate, Demand, Goal,
    KindInfo, SuggestError, SuggestResult,
};
use lifecircle::tables::WeightColumn;
use lifecircle::{GeoPoint, Planner, ResidentTable};

/// A seeded town of `n` residents around (118.8, 32.06) with `stations` existing stations of
/// `party_service_station` (500 m), and `m` candidate sites.
fn town(seed: u64, n: usize, stations: usize, m: usize) -> (Planner, Vec<Candidate>) {
    let mut rng = Rng::new(seed);
    let mut t = ResidentTable::default();
    for i in 0..n {
        let (lon, lat) = (
            118.8 + rng.range(-0.03, 0.03),
            32.06 + rng.range(-0.025, 0.025),
        );
        let pop = if i % 7 == 0 {
            0.0
        } else {
            (rng.range(1.0, 300.0)).round()
        };
        t.push(lon, lat, pop, ["", "", ""], "");
    }
    // An elderly column unrelated to population, for kinds that serve it.
    t.weights.push(WeightColumn {
        name: "elderly".into(),
        values: (0..n).map(|i| ((i * 37) % 11) as f64 * 3.0).collect(),
    });
    let mut plan = Planner::new();
    plan.load_residents(t);
    let k = plan.kind_index("party_service_station").unwrap();
    for _ in 0..stations {
        let (lon, lat) = (
            118.8 + rng.range(-0.03, 0.03),
            32.06 + rng.range(-0.025, 0.025),
        );
        plan.add_station(k, lon, lat, "").unwrap();
    }
    let cands = (0..m)
        .map(|_| Candidate {
            lon: 118.8 + rng.range(-0.03, 0.03),
            lat: 32.06 + rng.range(-0.025, 0.025),
            id: None,
            name: None,
        })
        .collect();
    (plan, cands)
}

/// Independent brute force: demand (population or the kind's column) newly covered by a set of
/// candidates, by direct distance.
fn value(plan: &Planner, cands: &[Candidate], set: &[usize]) -> f64 {
    let k = plan.kind_index("party_service_station").unwrap();
    let r = plan.kinds().get(k).radius_m;
    let count = plan.covering_count(k);
    let pop = plan.demand(k);
    let c = plan.resident_coordinates();
    let at: Vec<GeoPoint> = set
        .iter()
        .map(|&s| GeoPoint::from_degrees(cands[s].lon, cands[s].lat))
        .collect();
    (0..pop.len())
        .filter(|&i| count[i] == 0)
        .filter(|&i| {
            let p = GeoPoint::from_degrees(c[2 * i], c[2 * i + 1]);
            at.iter().any(|a| a.distance2_m2(&p) <= r * r)
        })
        .map(|i| pop[i])
        .sum()
}

fn optimum(plan: &Planner, cands: &[Candidate], k: usize) -> f64 {
    fn walk(
        plan: &Planner,
        cands: &[Candidate],
        k: usize,
        from: usize,
        pick: &mut Vec<usize>,
        best: &mut f64,
    ) {
        if pick.len() == k {
            *best = best.max(value(plan, cands, pick));
            return;
        }
        for i in from..cands.len() {
            pick.push(i);
            walk(plan, cands, k, i + 1, pick, best);
            pick.pop();
        }
    }
    let mut best = 0.0;
    walk(
        plan,
        cands,
        k.min(cands.len()),
        0,
        &mut Vec::new(),
        &mut best,
    );
    best
}

fn new_covered(r: &SuggestResult) -> f64 {
    r.covered_after - r.covered_before
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(1.0)
}

#[test]
fn tiny_problems_equal_exhaustive_search() {
    for seed in 0..12 {
        let (plan, cands) = town(seed, 120, 2, 9);
        let kind = plan.kind_index("party_service_station").unwrap();
        for k in 1..=3 {
            let r = suggest(&plan, kind, &cands, Goal::Count(k)).unwrap();
            let best = optimum(&plan, &cands, k);
            assert!(
                close(new_covered(&r), best),
                "seed {seed} k {k}: {} vs {best}",
                new_covered(&r)
            );
            let chosen: Vec<usize> = r.suggestions.iter().map(|s| s.candidate).collect();
            assert!(close(value(&plan, &cands, &chosen), new_covered(&r)));
            let gains: f64 = r.suggestions.iter().map(|s| s.gain_population).sum();
            assert!(close(gains, new_covered(&r)));
            assert!(r.upper_bound + 1e-6 >= r.covered_after);
            // Same answer every time.
            assert_eq!(r, suggest(&plan, kind, &cands, Goal::Count(k)).unwrap());
        }
    }
}

#[test]
fn heuristic_is_never_below_greedy_and_the_bound_holds() {
    let mut worst: f64 = 1.0;
    for seed in 100..106 {
        let (plan, cands) = town(seed, 400, 3, 22);
        let kind = plan.kind_index("party_service_station").unwrap();
        for k in [3, 5] {
            let r = suggest_with_limit(&plan, kind, &cands, Goal::Count(k), 0.0).unwrap();
            assert_eq!(r.method, "greedy+swap");
            let best = optimum(&plan, &cands, k);
            let got = new_covered(&r);
            assert!(
                r.covered_after + 1e-6 >= r.covered_after_greedy,
                "local search lost coverage"
            );
            assert!(
                r.upper_bound - r.covered_before + 1e-6 >= best,
                "bound {} below optimum {best}",
                r.upper_bound - r.covered_before
            );
            assert!(got <= best + 1e-6);
            // Greedy's guarantee is 1 − 1/e of the optimum; local search only adds.
            assert!(got >= (1.0 - 1.0 / std::f64::consts::E) * best - 1e-6);
            worst = worst.min(if best > 0.0 { got / best } else { 1.0 });
        }
    }
    eprintln!("worst heuristic / optimum on seeded problems: {worst:.4}");
}

#[test]
fn set_covering_reaches_the_target_with_few_stations_or_says_it_cannot() {
    let mut reached = 0;
    for seed in 200..206 {
        let (plan, cands) = town(seed, 300, 1, 30);
        let kind = plan.kind_index("party_service_station").unwrap();
        let r = suggest(&plan, kind, &cands, Goal::Target(0.3)).unwrap();
        let total: f64 = plan.resident_population().iter().sum();
        if r.target_reachable {
            reached += 1;
            assert!(r.covered_after + 1e-6 >= 0.3 * total);
            assert!(r.min_stations_bound <= r.suggestions.len());
            // No proper subset of the answer reaches the target (each pick is needed).
            let chosen: Vec<usize> = r.suggestions.iter().map(|s| s.candidate).collect();
            for drop in 0..chosen.len() {
                let rest: Vec<usize> = chosen
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != drop)
                    .map(|(_, &c)| c)
                    .collect();
                assert!(r.covered_before + value(&plan, &cands, &rest) < 0.3 * total - 1e-6);
            }
        } else {
            let all: Vec<usize> = (0..cands.len()).collect();
            assert!(close(
                r.max_reachable_population,
                r.covered_before + value(&plan, &cands, &all)
            ));
            assert!(r.max_reachable_population < 0.3 * total);
        }
    }
    assert!(
        reached >= 3,
        "only {reached} of 6 seeded towns could reach 30 %"
    );
    // An unreachable target is said so.
    let (plan, cands) = town(7, 300, 0, 2);
    let kind = plan.kind_index("party_service_station").unwrap();
    let r = suggest(&plan, kind, &cands, Goal::Target(0.99)).unwrap();
    assert!(!r.target_reachable);
}

#[test]
fn bad_goals_and_empty_inputs_are_errors() {
    let (plan, cands) = town(1, 50, 0, 5);
    let kind = plan.kind_index("party_service_station").unwrap();
    for goal in [
        Goal::Count(0),
        Goal::Target(0.0),
        Goal::Target(1.5),
        Goal::Target(f64::NAN),
    ] {
        let e = suggest(&plan, kind, &cands, goal).unwrap_err();
        assert!(e.to_string().contains("out of range"), "{e}");
    }
    assert!(suggest(&plan, kind, &[], Goal::Count(1))
        .unwrap_err()
        .to_string()
        .contains("candidate"));
    assert!(suggest(&Planner::new(), kind, &cands, Goal::Count(1))
        .unwrap_err()
        .to_string()
        .contains("residents"));
}

#[test]
fn grid_candidates_cover_the_area() {
    let (plan, _) = town(3, 200, 0, 0);
    let g = lifecircle::siting::grid_candidates(&plan, 500.0).unwrap();
    // ~5.7 km × ~5.5 km at 500 m: about 12 × 12 sites.
    assert!((100..=200).contains(&g.len()), "{}", g.len());
    assert!(lifecircle::siting::grid_candidates(&plan, 1.0).is_err());
}

#[test]
fn a_demand_column_is_what_gets_covered() {
    for seed in 300..306 {
        let (mut plan, cands) = town(seed, 150, 2, 9);
        let kind = plan.kind_index("party_service_station").unwrap();
        plan.set_demand(kind, Some("elderly")).unwrap();
        let count = plan.covering_count(kind);
        let elderly = plan.demand(kind).into_owned();
        let before: f64 = (0..elderly.len())
            .filter(|&i| count[i] > 0)
            .map(|i| elderly[i])
            .sum();
        for k in 1..=3 {
            let r = suggest(&plan, kind, &cands, Goal::Count(k)).unwrap();
            assert_eq!(r.demand.as_deref(), Some("elderly"));
            assert!(close(r.covered_before, before));
            assert!(close(r.total_population, elderly.iter().sum()));
            let best = optimum(&plan, &cands, k);
            assert!(close(new_covered(&r), best), "seed {seed} k {k}");
            let h = suggest_with_limit(&plan, kind, &cands, Goal::Count(k), 0.0).unwrap();
            assert!(
                new_covered(&h) <= best + 1e-6 && h.upper_bound - h.covered_before + 1e-6 >= best
            );
        }
        // The summary reports the same covered demand.
        let s = plan.summary();
        let d = s.kinds[kind].demand.as_ref().unwrap();
        assert!(close(d.covered, before));
        // Back to population.
        plan.set_demand(kind, None).unwrap();
        assert!(plan.summary().kinds[kind].demand.is_none());
        assert_eq!(
            suggest(&plan, kind, &cands, Goal::Count(1)).unwrap().demand,
            None
        );
    }
}

#[test]
fn an_area_keeps_only_the_candidates_inside_it() {
    let (plan, cands) = town(5, 300, 1, 400);
    // A triangle over part of the town, with a hole.
    let area = geo::MultiPolygon::new(vec![geo::Polygon::new(
        vec![
            (118.78, 32.04),
            (118.83, 32.04),
            (118.80, 32.08),
            (118.78, 32.04),
        ]
        .into(),
        vec![vec![
            (118.80, 32.05),
            (118.805, 32.05),
            (118.80, 32.055),
            (118.80, 32.05),
        ]
        .into()],
    )]);
    let inside = keep_inside(cands.clone(), &area);
    use geo::Contains;
    let expected: Vec<&Candidate> = cands
        .iter()
        .filter(|c| area.contains(&geo::Point::new(c.lon, c.lat)))
        .collect();
    assert_eq!(inside.len(), expected.len());
    assert!(!inside.is_empty() && inside.len() < cands.len());
    let grid = grid_in_area(&area, 200.0).unwrap();
    assert!(grid.iter().all(|c| {
        use geo::Intersects;
        area.intersects(&geo::Point::new(c.lon, c.lat))
    }));
    // ~ area 4.7 km × 4.4 km / 2 over 0.04 km² a site: about 250 sites.
    assert!((150..400).contains(&grid.len()), "{}", grid.len());
    let kind = plan.kind_index("party_service_station").unwrap();
    let r = suggest(&plan, kind, &grid, Goal::Count(3)).unwrap();
    assert!(r.suggestions.iter().all(|s| {
        use geo::Intersects;
        area.intersects(&geo::Point::new(s.lon, s.lat))
    }));
}

#[test]
fn progress_rises_to_one_and_a_false_answer_stops_the_run() {
    let (plan, cands) = town(9, 3000, 2, 2000);
    let kind = plan.kind_index("party_service_station").unwrap();
    let demand = Demand::uncovered(&plan, kind);
    let info = KindInfo::of(&plan, kind);
    for (goal, limit) in [
        (Goal::Count(8), 0.0),
        (Goal::Count(2), 1e7),
        (Goal::Target(0.6), 0.0),
    ] {
        let mut seen = Vec::new();
        let r = solve(&info, &demand, &cands, goal, limit, &mut |f| {
            seen.push(f);
            true
        })
        .unwrap();
        assert!(seen.len() >= 3, "{goal:?}: {seen:?}");
        assert!(
            seen.windows(2).all(|w| w[0] <= w[1] + 1e-12),
            "{goal:?}: {seen:?}"
        );
        assert_eq!(*seen.last().unwrap(), 1.0);
        assert!(seen.iter().all(|f| (0.0..=1.0).contains(f)));
        // The same answer as the planner's own call.
        assert_eq!(
            r,
            suggest_with_limit(&plan, kind, &cands, goal, limit).unwrap()
        );
        // Stopping at any reported point ends the run with Cancelled.
        for stop_at in [0, seen.len() / 2, seen.len() - 2] {
            let mut n = 0;
            let e = solve(&info, &demand, &cands, goal, limit, &mut |_| {
                n += 1;
                n <= stop_at
            })
            .unwrap_err();
            assert_eq!(e, SuggestError::Cancelled);
            assert_eq!(n, stop_at + 1, "{goal:?}: stopped late");
        }
    }
}
