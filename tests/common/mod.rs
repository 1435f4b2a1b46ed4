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
