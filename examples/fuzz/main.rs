//! A fuzzer that runs on stable Rust: a seeded mutation loop over every importer (see
//! `targets.rs`), run for a time budget in worker processes that a supervisor restarts after an
//! abort, with a summary of executions, crashes, the slowest case and the peak memory.
//!
//! `cargo run --release --example fuzz -- --seconds 60 [--jobs 2] [--seed 1] [--shared DIR]`
//!
//! A crash is a panic, an abort (allocation beyond the cap, stack overflow), a hang, a broken
//! invariant (a `NaN` report, a resident off the earth) or an error longer than 400 characters;
//! each crashing input is saved under `target/fuzz/crashes/` and makes the command fail.

mod mutate;
mod targets;

use clap::Parser;
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// Bytes a worker may hold: beyond this an allocation fails (and the worker aborts, recorded).
const CAP: usize = 3 << 30;
/// A case slower than this is listed as slow.
const SLOW: Duration = Duration::from_secs(2);
/// A worker whose case has not changed for this long is killed as hung.
const HANG: Duration = Duration::from_secs(60);
/// Corpus entries kept per target (inputs with an outcome not seen before).
const MAX_CORPUS: usize = 400;

struct Counting;
static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(l.size(), Relaxed) + l.size();
        if now > CAP {
            CURRENT.fetch_sub(l.size(), Relaxed);
            return std::ptr::null_mut();
        }
        PEAK.fetch_max(now, Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        CURRENT.fetch_sub(l.size(), Relaxed);
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        if new > l.size() {
            let now = CURRENT.fetch_add(new - l.size(), Relaxed) + new - l.size();
            if now > CAP {
                CURRENT.fetch_sub(new - l.size(), Relaxed);
                return std::ptr::null_mut();
            }
            PEAK.fetch_max(now, Relaxed);
        } else {
            CURRENT.fetch_sub(l.size() - new, Relaxed);
        }
        System.realloc(p, l, new)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

#[derive(Parser, Debug)]
#[command(about = "Fuzzes every importer for a time budget and prints a summary")]
struct Args {
    /// Time budget, seconds.
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Worker processes (each with its own seed).
    #[arg(long, default_value_t = 1)]
    jobs: u64,
    /// Seed of the first worker.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The reference data folder (real OpenStreetMap extracts).
    #[arg(long, default_value = "../shared/data")]
    shared: PathBuf,
    /// Where crashes, slowest cases and the summary go.
    #[arg(long, default_value = "target/fuzz")]
    out: PathBuf,
    /// Internal: run as a worker until this many seconds after the epoch.
    #[arg(long, hide = true)]
    worker_until: Option<u64>,
    /// Internal: the worker's first case number.
    #[arg(long, hide = true, default_value_t = 0)]
    start_case: u64,
}

/// One target's figures from one worker run.
#[derive(serde::Serialize, serde::Deserialize, Default, Clone, Debug)]
struct Stats {
    execs: u64,
    accepted: u64,
    crashes: u64,
    outcomes: usize,
    slowest_ms: f64,
    slowest_bytes: usize,
    slowest_file: String,
    peak_bytes: usize,
    peak_input_bytes: usize,
    peak_file: String,
    slow_cases: u64,
}

fn epoch_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn main() {
    let args = Args::parse();
    match args.worker_until {
        Some(until) => worker(&args, until),
        None => std::process::exit(supervise(&args)),
    }
}

/// An outcome's class: accepted files by their shape, errors by their words (digits and quoted
/// text folded, so that the same complaint about another line or value is not new).
fn signature(outcome: &Result<String, String>) -> String {
    let (tag, text) = match outcome {
        Ok(s) => ("ok", s.as_str()),
        Err(e) => ("err", e.as_str()),
    };
    let mut out = String::from(tag);
    let mut quote = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, c) if c.is_ascii_digit() || c == '.' || c == '-' => {
                if !out.ends_with('#') {
                    out.push('#')
                }
            }
            (None, c) => out.push(c),
        }
        if out.len() > 80 {
            break;
        }
    }
    out
}

/// Inputs kept to mutate further: the seeds, accepted files of a new shape, refused files of a
/// new kind of error (fewer: most mutations of them are refused the same way).
struct Pool {
    seeds: Vec<Vec<u8>>,
    accepted: Vec<Vec<u8>>,
    refused: Vec<Vec<u8>>,
}

impl Pool {
    fn pick(&self, m: &mut mutate::Mutator) -> &[u8] {
        let from = match m.below(10) {
            0..=3 => &self.seeds,
            4..=7 if !self.accepted.is_empty() => &self.accepted,
            _ if !self.refused.is_empty() => &self.refused,
            _ => &self.seeds,
        };
        &from[m.below(from.len())]
    }

    fn keep(&mut self, input: Vec<u8>, accepted: bool) {
        if input.len() > 256 << 10 {
            return;
        }
        let (to, max) = if accepted {
            (&mut self.accepted, MAX_CORPUS)
        } else {
            (&mut self.refused, MAX_CORPUS / 4)
        };
        if to.len() < max {
            to.push(input);
        }
    }
}

thread_local! {
    static PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

fn worker(args: &Args, until: u64) {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        PANIC.with(|p| *p.borrow_mut() = format!("{info}{at}").chars().take(600).collect());
    }));
    let (ctx, targets) = targets::all(&args.shared);
    // Every seed must be read: a refused seed means a target that tests nothing.
    for t in &targets {
        for (i, seed) in t.seeds.iter().enumerate() {
            if let Err(e) = (t.run)(&ctx, seed) {
                eprintln!("fuzz: seed {i} of {} is refused: {e}", t.name);
                std::process::exit(3);
            }
        }
    }
    let dir = args.out.join(format!("job{}", args.seed));
    std::fs::create_dir_all(dir.join("cases")).expect("fuzz output folder");
    let crash_dir = args.out.join("crashes");
    std::fs::create_dir_all(&crash_dir).expect("crash folder");
    let mut corpus: Vec<Pool> = targets
        .iter()
        .map(|t| Pool {
            seeds: t.seeds.clone(),
            accepted: Vec::new(),
            refused: Vec::new(),
        })
        .collect();
    let mut seen: Vec<HashSet<String>> = vec![HashSet::new(); targets.len()];
    let mut stats: Vec<Stats> = vec![Stats::default(); targets.len()];
    let stats_file = dir.join(format!("stats-{}.json", args.start_case));
    let save_stats = |stats: &[Stats]| {
        let m: BTreeMap<&str, &Stats> = targets.iter().map(|t| t.name).zip(stats.iter()).collect();
        std::fs::write(&stats_file, serde_json::to_string(&m).expect("stats")).expect("stats file");
    };
    let mut last_save = Instant::now();
    let mut case = args.start_case;
    while epoch_secs() < until {
        let t = (case % targets.len() as u64) as usize;
        let mut m = mutate::Mutator::new(args.seed, case);
        let input = {
            let (a, b) = (corpus[t].pick(&mut m).to_vec(), corpus[t].pick(&mut m));
            m.mutate(&a, b)
        };
        // The case on disk before it runs: an abort or a hang leaves it for the supervisor.
        std::fs::write(dir.join("current.bin"), &input).expect("current case");
        std::fs::write(
            dir.join("current.txt"),
            format!("{} {case}", targets[t].name),
        )
        .expect("current case");
        let base = CURRENT.load(Relaxed);
        PEAK.store(base, Relaxed);
        let start = Instant::now();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            (targets[t].run)(&ctx, &input)
        }));
        let took = start.elapsed();
        let peak = PEAK.load(Relaxed).saturating_sub(base);
        let s = &mut stats[t];
        s.execs += 1;
        let name = format!("{}-{}-{case}.bin", targets[t].name, args.seed);
        if took.as_secs_f64() * 1e3 > s.slowest_ms {
            s.slowest_ms = took.as_secs_f64() * 1e3;
            s.slowest_bytes = input.len();
            s.slowest_file = format!("job{}/cases/slowest-{name}", args.seed);
            std::fs::write(args.out.join(&s.slowest_file), &input).expect("slowest case");
        }
        if took > SLOW {
            s.slow_cases += 1;
        }
        if peak > s.peak_bytes {
            s.peak_bytes = peak;
            s.peak_input_bytes = input.len();
            s.peak_file = format!("job{}/cases/peak-{name}", args.seed);
            std::fs::write(args.out.join(&s.peak_file), &input).expect("peak case");
        }
        let crash = match &r {
            Err(_) => Some(PANIC.with(|p| p.borrow().clone())),
            Ok(Err(e)) if e.chars().count() > lifecircle::error::MAX_MESSAGE_CHARS => {
                Some(format!("an error of {} characters", e.chars().count()))
            }
            Ok(_) => None,
        };
        if let Some(why) = crash {
            s.crashes += 1;
            std::fs::write(crash_dir.join(&name), &input).expect("crash file");
            std::fs::write(crash_dir.join(format!("{name}.txt")), &why).expect("crash file");
            eprintln!("fuzz: {} case {case} crashed: {why}", targets[t].name);
        } else if let Ok(outcome) = r {
            s.accepted += u64::from(outcome.is_ok());
            if seen[t].insert(signature(&outcome)) {
                corpus[t].keep(input, outcome.is_ok());
            }
            s.outcomes = seen[t].len();
        }
        if last_save.elapsed() > Duration::from_secs(5) {
            save_stats(&stats);
            last_save = Instant::now();
        }
        case += 1;
    }
    save_stats(&stats);
}

/// Runs the workers until the budget is spent, restarting any that dies; prints the summary.
/// Returns the exit code: 1 when anything crashed.
fn supervise(args: &Args) -> i32 {
    if !args.shared.join("osm/nanjing_xinjiekou").is_dir() {
        eprintln!(
            "fuzz: {} has no osm/nanjing_xinjiekou: give --shared DIR (the reference data)",
            args.shared.display()
        );
        return 2;
    }
    let _ = std::fs::remove_dir_all(&args.out);
    std::fs::create_dir_all(args.out.join("crashes")).expect("fuzz output folder");
    let until = epoch_secs() + args.seconds;
    let exe = std::env::current_exe().expect("the fuzzer's path");
    let spawn = |seed: u64, start: u64| {
        std::process::Command::new(&exe)
            .args([
                "--seed",
                &seed.to_string(),
                "--start-case",
                &start.to_string(),
                "--worker-until",
                &until.to_string(),
            ])
            .arg("--shared")
            .arg(&args.shared)
            .arg("--out")
            .arg(&args.out)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("a worker")
    };
    let mut aborts = 0;
    let handles: Vec<_> = (0..args.jobs)
        .map(|j| (args.seed + j, &spawn, &args.out))
        .collect();
    std::thread::scope(|scope| {
        let mut running = Vec::new();
        for (seed, spawn, out) in handles {
            running.push(scope.spawn(move || {
                let mut aborts = 0;
                let mut start = 0;
                loop {
                    let mut child = spawn(seed, start);
                    let stderr = child.stderr.take().expect("stderr");
                    let reader = std::thread::spawn(move || {
                        std::io::read_to_string(stderr).unwrap_or_default()
                    });
                    let dir = out.join(format!("job{seed}"));
                    let status = loop {
                        if let Some(s) = child.try_wait().expect("worker status") {
                            break s;
                        }
                        let stale = std::fs::metadata(dir.join("current.txt"))
                            .and_then(|m| m.modified())
                            .map(|t| t.elapsed().unwrap_or_default() > HANG)
                            .unwrap_or(false);
                        if stale {
                            let _ = child.kill();
                            break child.wait().expect("worker status");
                        }
                        std::thread::sleep(Duration::from_millis(200));
                    };
                    let log = reader.join().unwrap_or_default();
                    eprint!("{log}");
                    if status.success() {
                        return aborts;
                    }
                    if status.code() == Some(3) {
                        // A seed the target refuses: the fuzzer is misconfigured, not the engine.
                        std::process::exit(3);
                    }
                    // An abort, a stack overflow or a hang: keep the case, restart after it.
                    aborts += 1;
                    let current =
                        std::fs::read_to_string(dir.join("current.txt")).unwrap_or_default();
                    let (target, case) = current.split_once(' ').unwrap_or(("unknown", "0"));
                    let case: u64 = case.trim().parse().unwrap_or(0);
                    let name = format!("{target}-{seed}-{case}.bin");
                    let _ = std::fs::copy(dir.join("current.bin"), out.join("crashes").join(&name));
                    let why = format!(
                        "worker ended with {status}: {}",
                        log.lines().rev().take(3).collect::<Vec<_>>().join(" / ")
                    );
                    let _ = std::fs::write(out.join("crashes").join(format!("{name}.txt")), &why);
                    eprintln!("fuzz: {target} case {case}: {why}");
                    if epoch_secs() >= until {
                        return aborts;
                    }
                    start = case + 1;
                }
            }));
        }
        for h in running {
            aborts += h.join().unwrap_or(1);
        }
    });
    let summary = summarize(&args.out, args.seconds, args.jobs, aborts);
    print!("{summary}");
    std::fs::write(args.out.join("summary.md"), &summary).expect("summary");
    let crashed = std::fs::read_dir(args.out.join("crashes")).map_or(0, |d| d.count());
    i32::from(crashed > 0)
}

/// Merges the workers' stats files into the summary table.
fn summarize(out: &Path, seconds: u64, jobs: u64, aborts: u64) -> String {
    let mut all: BTreeMap<String, Stats> = BTreeMap::new();
    for job in std::fs::read_dir(out).into_iter().flatten().flatten() {
        for f in std::fs::read_dir(job.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = f.file_name().to_string_lossy().into_owned();
            if !name.starts_with("stats-") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(f.path()) else {
                continue;
            };
            let Ok(m) = serde_json::from_str::<BTreeMap<String, Stats>>(&text) else {
                continue;
            };
            for (target, s) in m {
                let a = all.entry(target).or_default();
                a.execs += s.execs;
                a.accepted += s.accepted;
                a.crashes += s.crashes;
                a.slow_cases += s.slow_cases;
                a.outcomes = a.outcomes.max(s.outcomes);
                if s.slowest_ms > a.slowest_ms {
                    (a.slowest_ms, a.slowest_bytes, a.slowest_file) =
                        (s.slowest_ms, s.slowest_bytes, s.slowest_file);
                }
                if s.peak_bytes > a.peak_bytes {
                    (a.peak_bytes, a.peak_input_bytes, a.peak_file) =
                        (s.peak_bytes, s.peak_input_bytes, s.peak_file);
                }
            }
        }
    }
    let mut t = String::new();
    let _ = writeln!(
        t,
        "lifecircle fuzz: {seconds} s, {jobs} worker(s), {aborts} worker abort(s)\n"
    );
    let _ = writeln!(t, "| target | executions | accepted | outcomes | crashes | slow (>2 s) | slowest case | peak memory |");
    let _ = writeln!(t, "|---|---:|---:|---:|---:|---:|---|---|");
    let mut total = Stats::default();
    for (name, s) in &all {
        let _ =
            writeln!(
            t,
            "| {name} | {} | {} | {} | {} | {} | {:.1} ms ({} B input) | {:.1} MiB ({} B input) |",
            s.execs, s.accepted, s.outcomes, s.crashes, s.slow_cases, s.slowest_ms, s.slowest_bytes,
            s.peak_bytes as f64 / 1048576.0, s.peak_input_bytes
        );
        total.execs += s.execs;
        total.crashes += s.crashes;
    }
    let crashes = std::fs::read_dir(out.join("crashes")).map_or(0, |d| {
        d.filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "bin"))
            .count()
    });
    let _ = writeln!(
        t,
        "\n{} executions, {} crashing input(s) kept in {}",
        total.execs,
        crashes,
        out.join("crashes").display()
    );
    t
}

use std::fmt::Write as _;
