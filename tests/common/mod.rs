//! Shared helpers for integration tests: where `../shared/data` is.

use std::path::PathBuf;

/// `../shared/data` beside the checkout, or `None` (with a printed notice) when it is absent.
pub fn shared_data(test: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if p.is_dir() {
        Some(p)
    } else {
        println!("NOTICE: {test} skipped: ../shared/data is not beside the checkout");
        None
    }
}
