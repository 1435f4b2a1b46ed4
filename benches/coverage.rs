//! Native benchmark: the generator's 1,000,000 residents and 10,000 stations of three kinds.
//! `cargo bench` runs it (seeded, so runs compare); `cargo bench --no-run` compiles it in CI.
//! The WebAssembly figures come from `bench/bench.mjs` (see BENCHMARKS.md).

use lifecircle::demo::{generate, DemoConfig, Rng};
use lifecircle::{read_residents, ImportOptions, Planner};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Counts live and peak heap bytes, to report memory the way wasm's linear memory would see it.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        if new > l.size() {
            let now = LIVE.fetch_add(new - l.size(), Ordering::Relaxed) + new - l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(l.size() - new, Ordering::Relaxed);
        }
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let residents: usize = std::env::var("BENCH_RESIDENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let stations: usize = std::env::var("BENCH_STATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let demo = generate(&DemoConfig {
        seed: 2018,
        residents,
        stations: Some(stations),
    });
    let csv = demo.residents_csv();
    let mut plan = Planner::new();
    let records = demo.station_records(plan.kinds());
    drop(demo);
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);

    let t = Instant::now();
    let table = read_residents(csv.as_bytes(), &ImportOptions::default()).expect("demo CSV reads");
    let parse_s = t.elapsed().as_secs_f64();
    plan.load_residents(table);
    let load_s = t.elapsed().as_secs_f64();
    plan.load_stations(&records);
    let peak_load = PEAK.load(Ordering::Relaxed) - base;
    // The CSV text was counted in the base; the plan's own memory is what stays once it is gone.
    let base = base - csv.capacity();
    drop(csv);

    let mut full = Vec::new();
    let runs: usize = std::env::var("BENCH_FULL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    for _ in 0..runs {
        let t = Instant::now();
        plan.recompute();
        full.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let ids: Vec<u32> = plan.stations().map(|(id, _)| id).collect();
    let mut rng = Rng::new(7);
    let mut moves = Vec::new();
    for _ in 0..2000 {
        let id = ids[rng.below(ids.len())];
        let at = plan.station(id).unwrap().at;
        let (lon, lat) = (
            at.lon + rng.normal() * 0.0005,
            at.lat + rng.normal() * 0.0005,
        );
        let t = Instant::now();
        plan.move_station(id, lon, lat).unwrap();
        moves.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let live = LIVE.load(Ordering::Relaxed) - base;
    // The report with per-unit figures, and the distance percentiles the full summary adds.
    let (mut report, mut with_distances) = (Vec::new(), Vec::new());
    let mut access = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let mut s = plan.summary();
        report.push(t.elapsed().as_secs_f64() * 1e3);
        lifecircle::report::add_distances(&plan, &plan, &mut s);
        with_distances.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        lifecircle::report::add_access(&plan, &plan, &mut s);
        access.push(t.elapsed().as_secs_f64() * 1e3);
    }
    // What a user would otherwise write for 2SFCA: every station against every resident by
    // haversine, then the two steps (once: it is slow).
    let plain_access = {
        let c = plan.resident_coordinates();
        let pop = plan.resident_population();
        let t = Instant::now();
        let mut a = vec![0.0; pop.len()];
        for k in 0..plan.kinds().len() {
            let d0 = plan.kinds().get(k).radius_m;
            let w = |d: f64| {
                let e = (-0.5f64).exp();
                ((-d * d / (2.0 * d0 * d0)).exp() - e) / (1.0 - e)
            };
            for (_, s) in plan.stations().filter(|(_, s)| s.kind == k) {
                let near: Vec<(usize, f64)> = (0..pop.len())
                    .map(|i| (i, haversine(c[2 * i], c[2 * i + 1], s.at.lon, s.at.lat)))
                    .filter(|&(_, d)| d <= d0)
                    .collect();
                let demand: f64 = near.iter().map(|&(i, d)| pop[i] * w(d)).sum();
                if demand > 0.0 {
                    for &(i, d) in &near {
                        a[i] += w(d) / demand;
                    }
                }
            }
        }
        std::hint::black_box(&a);
        t.elapsed().as_secs_f64() * 1e3
    };
    let s = plan.summary();
    println!(
        "native: {residents} residents, {} stations",
        s.stations.len()
    );
    println!(
        "  load residents CSV: {:.0} ms (parse {:.0} ms, index {:.0} ms)",
        load_s * 1e3,
        parse_s * 1e3,
        (load_s - parse_s) * 1e3
    );
    let min = full.iter().cloned().fold(f64::INFINITY, f64::min);
    println!(
        "  full coverage, all kinds: median {:.1} ms, best {min:.1} ms over {} runs",
        median(full.clone()),
        full.len()
    );
    println!(
        "  summary (per-unit figures): median {:.1} ms; with distance percentiles p50/p85: median {:.1} ms",
        median(report),
        median(with_distances)
    );
    let access_ms = median(access);
    println!(
        "  2SFCA supply per 1,000 (every kind, per resident, unit and kind): median {access_ms:.1} ms; plain all-pairs haversine script: {plain_access:.0} ms ({:.0}×)",
        plain_access / access_ms
    );
    println!(
        "  move one station: median {:.3} ms, p95 {:.3} ms",
        median(moves.clone()),
        {
            let mut m = moves.clone();
            m.sort_by(f64::total_cmp);
            m[m.len() * 95 / 100]
        }
    );
    println!(
        "  heap: {:.0} MB live after load, peak {:.0} MB during load",
        live as f64 / 1e6,
        peak_load as f64 / 1e6
    );
    for k in &s.kinds {
        println!(
            "  {} ({} m): {} stations, {:.1}% covered",
            k.kind,
            k.radius_m,
            k.stations,
            100.0 * k.coverage_ratio
        );
    }
}

/// Great-circle distance in metres (a user's plain formula).
fn haversine(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = (p2 - p1, (lon2 - lon1).to_radians());
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().asin()
}
