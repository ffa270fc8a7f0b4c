//! The `kmipkit` binary.

use clap::Parser;
use kmipkit::cli::{run, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kmipkit: error: {e}");
            ExitCode::from(e.code)
        }
    }
}
