//! Profiling aid: times the full coverage of each kind on a generated district (best of N runs),
//! by nudging the kind's radius (which recomputes that kind only).
use lifecircle::demo::{generate, DemoConfig};
use lifecircle::Planner;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let runs: usize = std::env::args()
        .nth(2)
        .and_then(|v| v.parse().ok())
        .unwrap_or(9);
    let demo = generate(&DemoConfig {
        seed: 2018,
        residents: n,
        stations: Some(n / 100),
    });
    let mut plan = Planner::new();
    plan.load_residents(demo.resident_table());
    plan.load_stations(&demo.station_records(plan.kinds()));
    for k in 0..plan.kinds().len() {
        let kind = plan.kinds().get(k).clone();
        let mut best = f64::INFINITY;
        for run in 0..runs {
            let r = kind.radius_m + if run % 2 == 0 { 0.001 } else { 0.0 };
            let t = Instant::now();
            plan.set_kind(&kind.id, None, None, r).unwrap();
            best = best.min(t.elapsed().as_secs_f64() * 1e3);
        }
        println!("{:24} r={:5} best {best:.1} ms", kind.id, kind.radius_m);
    }
    let mut best = f64::INFINITY;
    for _ in 0..runs {
        let t = Instant::now();
        plan.recompute();
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
    }
    println!("recompute (all kinds + totals) best {best:.1} ms");
}
