//! The `lifecircle` command line: batch coverage reports, siting, workbooks, OpenStreetMap import
//! and the synthetic demo district. Native only: in the browser the same engine is the
//! WebAssembly API.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Err(cli::Failure { message, code }) = cli::run(&args) {
        eprintln!("lifecircle: {message}");
        std::process::exit(code);
    }
}

/// The WebAssembly build has no command line (its tests only need the binary to compile).
#[cfg(target_arch = "wasm32")]
fn main() {}
