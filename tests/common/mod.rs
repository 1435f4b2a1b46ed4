//! Shared helpers for integration tests: where `../shared/data` is.

use std::path::PathBuf;

/// `../shared/data` beside the checkout. When it is absent: a failure if the environment asks for
/// the reference data (`LIFECIRCLE_REQUIRE_SHARED`, set by `.ci/run`), otherwise `None` with a
/// printed notice (a fresh checkout without the data still runs the rest).
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
