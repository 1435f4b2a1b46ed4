//! Profiling aid: reads the benchmark's residents CSV and loads it, three times, printing phases.
//! Run `./scripts/bench.sh` once first so that bench/data exists.
fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or("bench/data/1000000-10000/residents.csv".into());
    let csv = std::fs::read(&path).expect("run ./scripts/bench.sh first to make the data");
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let r = lifecircle::read_residents(&csv, &lifecircle::ImportOptions::default()).unwrap();
        let parsed = t.elapsed();
        let mut plan = lifecircle::Planner::new();
        plan.load_residents(r);
        println!(
            "{} rows: parse {parsed:?}, total {:?}",
            plan.resident_count(),
            t.elapsed()
        );
    }
}
