//! Shared helpers for integration tests: where `../shared/data` is, and the demo district's files.

use std::path::PathBuf;

/// `../shared/data` beside the checkout. When it is absent: a failure if the environment asks for
/// the reference data (`LIFECIRCLE_REQUIRE_SHARED`, set by `.ci/run`), otherwise `None` with a
/// printed notice (a fresh checkout without the data still runs the rest).
#[allow(dead_code)]
pub fn shared_data(test: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if p.is_dir() {
        return Some(p);
    }
    if std::env::var_os("LIFECIRCLE_REQUIRE_SHARED").is_some_and(|v| !v.is_empty() && v != "0") {
        panic!(
            "{test}: ../shared/data is not beside the checkout, and LIFECIRCLE_REQUIRE_SHARED says it must be"
        );
    }
    println!("NOTICE: {test} skipped: ../shared/data is not beside the checkout");
    None
}

/// A file of the demo district as `lifecircle demo` writes it into www/demo (`residents.csv`,
/// else `stations.csv`): the Excel and Shapefile fixtures were made from its residents.
#[allow(dead_code)]
pub fn demo_file(name: &str) -> Vec<u8> {
    let d = lifecircle::demo::generate(&lifecircle::demo::DemoConfig::default());
    match name {
        "residents.csv" => d.residents_csv().into_bytes(),
        _ => d
            .stations_csv(&lifecircle::KindTable::default())
            .into_bytes(),
    }
}

/// Gaussian 2SFCA written from the formula, apart from the engine: `dist[j][i]` is the distance
/// from station j to resident i (infinite when out of reach), `pop` the demand, every station
/// supplying `supply` within `d0`. Returns each resident's access `A_i` (per person) and the
/// supply of the stations with any weighted demand. Resident-major, unlike the engine.
#[allow(dead_code)]
pub fn two_step_oracle(dist: &[Vec<f64>], pop: &[f64], supply: f64, d0: f64) -> (Vec<f64>, f64) {
    let w = |d: f64| {
        if d <= d0 {
            let e = (-0.5f64).exp();
            ((-d * d / (2.0 * d0 * d0)).exp() - e) / (1.0 - e)
        } else {
            0.0
        }
    };
    let ratios: Vec<f64> = dist
        .iter()
        .map(|row| {
            let demand: f64 = (0..pop.len()).map(|i| pop[i] * w(row[i])).sum();
            if demand > 0.0 {
                supply / demand
            } else {
                0.0
            }
        })
        .collect();
    let access = (0..pop.len())
        .map(|i| (0..dist.len()).map(|j| ratios[j] * w(dist[j][i])).sum())
        .collect();
    let with_demand = ratios.iter().filter(|&&r| r > 0.0).count() as f64 * supply;
    (access, with_demand)
}
