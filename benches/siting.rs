//! Siting quality benchmark: greedy + swaps against the exact optimum (enumeration) on seeded
//! problems small enough to enumerate, on the demo generator's clustered districts.
//! `cargo bench --bench siting`; compiled in CI by `cargo bench --no-run`. See BENCHMARKS.md.

use lifecircle::demo::{generate, DemoConfig, Rng};
use lifecircle::siting::{
    grid_candidates, resident_candidates, suggest_with_limit, Candidate, Goal,
};
use lifecircle::Planner;
use std::time::Instant;

fn main() {
    let (mut n, mut optimal, mut worst, mut sum) = (0, 0, f64::INFINITY, 0.0);
    let (mut t_exact, mut t_heur) = (0.0, 0.0);
    let mut worst_case = String::new();
    for seed in 0..12u64 {
        let demo = generate(&DemoConfig {
            residents: 3_000,
            seed: 1000 + seed,
            ..DemoConfig::default()
        });
        let mut plan = Planner::new();
        plan.load_residents(demo.resident_table());
        plan.load_stations(&demo.station_records(plan.kinds()));
        // 40 candidate sites drawn from the residents' own locations (even seeds) or from a
        // 150 m grid (odd seeds: neighbours overlap heavily, which is harder for greedy).
        let all = if seed % 2 == 0 {
            resident_candidates(&plan)
        } else {
            grid_candidates(&plan, 150.0).unwrap()
        };
        let mut rng = Rng::new(seed);
        let cands: Vec<Candidate> = (0..40).map(|_| all[rng.below(all.len())].clone()).collect();
        for kind_id in ["party_service_station", "red_bee_station"] {
            let kind = plan.kind_index(kind_id).unwrap();
            for k in [3, 5] {
                let t0 = Instant::now();
                let exact = suggest_with_limit(&plan, kind, &cands, Goal::Count(k), 1e9).unwrap();
                let t1 = Instant::now();
                let heur = suggest_with_limit(&plan, kind, &cands, Goal::Count(k), 0.0).unwrap();
                let t2 = Instant::now();
                assert_eq!(exact.method, "exact");
                assert_eq!(heur.method, "greedy+swap");
                t_exact += (t1 - t0).as_secs_f64();
                t_heur += (t2 - t1).as_secs_f64();
                let best = exact.covered_after - exact.covered_before;
                let got = heur.covered_after - heur.covered_before;
                let ratio = if best > 0.0 { got / best } else { 1.0 };
                assert!(ratio <= 1.0 + 1e-9, "heuristic above the optimum?");
                assert!(
                    heur.upper_bound + 1e-6 >= exact.covered_after,
                    "bound below the optimum"
                );
                n += 1;
                sum += ratio;
                optimal += usize::from(ratio >= 1.0 - 1e-9);
                if ratio < worst {
                    worst = ratio;
                    worst_case = format!(
                        "seed {seed}, {kind_id}, k = {k}: {got:.0} of {best:.0} newly covered"
                    );
                }
            }
        }
    }
    println!("siting quality: {n} problems (3,000-resident demo districts, 40 candidate sites from residents or a 150 m grid, k = 3 and 5, two kinds)");
    println!("  greedy + swaps found the optimum in {optimal} of {n}");
    println!(
        "  new coverage vs optimum: mean {:.4} %, worst {:.4} % ({worst_case})",
        100.0 * sum / n as f64,
        100.0 * worst
    );
    println!(
        "  time: exact enumeration {:.2} s in all, greedy + swaps {:.3} s in all",
        t_exact, t_heur
    );
}
