//! Reading planners' formats: the same residents as WGS-84 CSV, as CSV in a Gauss-Krüger zone
//! (every point through proj4rs), and as an Excel workbook, timed in one run.
//! `cargo bench --bench formats`; compiled in CI by `cargo bench --no-run`. See BENCHMARKS.md.

use lifecircle::crs::Crs;
use lifecircle::demo::{generate, DemoConfig};
use lifecircle::import::{read_residents, ImportOptions};
use std::time::Instant;

/// The best of `runs` timings of `f`, in milliseconds.
fn best(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let n = 200_000;
    let d = generate(&DemoConfig {
        residents: n,
        ..DemoConfig::default()
    });
    let csv = d.residents_csv();
    // The same table in CGCS2000 / 3-degree Gauss-Kruger zone 40 (EPSG:4528), northing first.
    let gk = Crs::Epsg(4528);
    let mut projected = String::with_capacity(csv.len() + n * 8);
    for (i, line) in csv.lines().enumerate() {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        if i > 0 {
            let (e, no) = gk.from_wgs84(cells[0].parse().unwrap(), cells[1].parse().unwrap());
            cells[0] = format!("{no:.3}");
            cells[1] = format!("{e:.3}");
        }
        projected.push_str(&cells.join(","));
        projected.push('\n');
    }
    // And as an .xlsx (numbers as numbers).
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    for (r, line) in csv.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(v) => sheet.write_number(r, c, v),
                Err(_) => sheet.write_string(r, c, cell),
            }
            .unwrap();
        }
    }
    let xlsx = wb.save_to_buffer().unwrap();
    let wgs = ImportOptions::default();
    let in_gk = ImportOptions {
        crs: gk,
        ..Default::default()
    };
    let t_csv = best(5, || {
        assert_eq!(read_residents(csv.as_bytes(), &wgs).unwrap().len(), n)
    });
    let t_gk = best(5, || {
        assert_eq!(
            read_residents(projected.as_bytes(), &in_gk).unwrap().len(),
            n
        )
    });
    let t_xlsx = best(3, || {
        assert_eq!(read_residents(&xlsx, &wgs).unwrap().len(), n)
    });
    let per_point = best(5, || {
        let mut s = 0.0;
        for i in 0..n {
            let (x, y) = gk.to_wgs84(3_500_000.0 + i as f64, 40_500_000.0);
            s += x + y;
        }
        assert!(s.is_finite());
    }) * 1e6
        / n as f64;
    println!("reading {n} residents (best of runs; the demo district's columns):");
    println!(
        "  CSV, WGS-84                      {t_csv:8.1} ms  (1.00×, {} MB)",
        csv.len() >> 20
    );
    println!(
        "  CSV, Gauss-Krüger EPSG:4528      {t_gk:8.1} ms  ({:.2}×)",
        t_gk / t_csv
    );
    println!(
        "  Excel .xlsx, WGS-84              {t_xlsx:8.1} ms  ({:.2}×, {} MB)",
        t_xlsx / t_csv,
        xlsx.len() >> 20
    );
    println!("  one Gauss-Krüger point to WGS-84 {per_point:8.0} ns");
}
