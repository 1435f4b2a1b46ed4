//! The `lifecircle` command line: batch coverage reports and the synthetic demo district.

mod cli;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::run(&args) {
        Ok(()) => {}
        Err(cli::Failure { message, code }) => {
            eprintln!("lifecircle: {message}");
            std::process::exit(code);
        }
    }
}
