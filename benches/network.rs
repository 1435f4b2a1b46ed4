//! Walking-network benchmark (native): a street grid of about 500,000 edges over the generator's
//! 1,000,000-resident district; graph build, snapping every resident, one kind's bounded
//! multi-source search, and the whole network report. `cargo bench --bench network`; the wasm
//! figures come from `bench/bench.mjs`. See BENCHMARKS.md.

use lifecircle::demo::{generate, DemoConfig};
use lifecircle::network::{
    network_summary, NetworkCoverage, Pieces, SnapRule, StreetGraph, StreetLine,
    DEFAULT_MIN_PIECE_PCT,
};
use lifecircle::Planner;
use std::time::Instant;

fn main() {
    let demo = generate(&DemoConfig {
        residents: 1_000_000,
        ..DemoConfig::default()
    });
    let mut plan = Planner::new();
    plan.load_residents(demo.resident_table());
    plan.load_stations(&demo.station_records(plan.kinds()));
    let [w, s, e, n] = plan.resident_bounds().unwrap();
    const G: usize = 500;
    let mut lines = Vec::new();
    for j in 0..=G {
        let f = j as f64 / G as f64;
        lines.push(StreetLine {
            points: (0..=G)
                .map(|i| (w + (e - w) * i as f64 / G as f64, s + (n - s) * f))
                .collect(),
            walkable: true,
        });
        lines.push(StreetLine {
            points: (0..=G)
                .map(|i| (w + (e - w) * f, s + (n - s) * i as f64 / G as f64))
                .collect(),
            walkable: true,
        });
    }
    let t = Instant::now();
    let g = StreetGraph::from_lines(&lines);
    let build = t.elapsed().as_secs_f64() * 1e3;
    let edges = g.edge_count();
    // The connected pieces and the rule joining them (part of the snapping below).
    let t = Instant::now();
    let pieces = Pieces::of(&g, DEFAULT_MIN_PIECE_PCT);
    let pieces_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let net = NetworkCoverage::new(&plan, g, SnapRule::default());
    let snap = t.elapsed().as_secs_f64() * 1e3;
    let k = plan.kind_index("party_service_station").unwrap();
    let mut runs = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        std::hint::black_box(net.nearest(&plan, k));
        runs.push(t.elapsed().as_secs_f64() * 1e3);
    }
    runs.sort_by(f64::total_cmp);
    let t = Instant::now();
    let (summary, _) = network_summary(&plan, &net);
    let report = t.elapsed().as_secs_f64() * 1e3;
    println!(
        "network (native): {edges} edges, {} residents, {} stations",
        plan.resident_count(),
        summary.stations.len()
    );
    println!("  graph build {build:.0} ms; snapping every resident {snap:.0} ms (of which the connected pieces, {} of them, {pieces_ms:.1} ms)", pieces.length_m.len());
    println!(
        "  one kind (party_service_station, {} stations), multi-source search: median {:.0} ms",
        plan.station_count(k),
        runs[2]
    );
    println!("  whole network report (3 kinds, + one search per station): {report:.0} ms");
    // Dragging one station on foot: the remembered kind brought up to date around the old and new
    // places, against computing the kind afresh, same moves, same run.
    let id = plan
        .stations()
        .find(|(_, s)| s.kind == k)
        .map(|(id, _)| id)
        .unwrap();
    let at = plan.station(id).unwrap().at;
    net.kind_cached(&plan, k);
    let fresh_before = net.fresh_computations();
    let (mut updated, mut fresh) = (Vec::new(), Vec::new());
    for i in 0..30 {
        let f = i as f64 * 2e-4;
        plan.move_station(id, at.lon + f, at.lat + f / 2.0).unwrap();
        let t = Instant::now();
        let a = net.kind_cached(&plan, k);
        updated.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let b = net.kind(&plan, k);
        fresh.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(*a, b, "the update equals a fresh computation");
    }
    assert_eq!(
        net.fresh_computations(),
        fresh_before,
        "every step was an update"
    );
    updated.sort_by(f64::total_cmp);
    fresh.sort_by(f64::total_cmp);
    println!(
        "  drag one station (30 steps of ~25 m): update around it median {:.1} ms, fresh computation median {:.1} ms ({:.1}x)",
        updated[15],
        fresh[15],
        fresh[15] / updated[15]
    );
}
