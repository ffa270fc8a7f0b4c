//! The `kmipkit` command line.

mod ttlv;

use crate::exit;
use clap::{Parser, Subcommand};
use std::fmt;

/// kmipkit: a KMIP client and master-key keystore for data-at-rest encryption.
#[derive(Debug, Parser)]
#[command(name = "kmipkit", version, about, after_help = exit::HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Inspect and build raw TTLV: decode bytes to a tree or JSON, encode JSON to bytes.
    #[command(subcommand)]
    Ttlv(ttlv::TtlvCommand),
}

/// A failed command: the exit code and what to tell the user.
#[derive(Debug)]
pub struct CliError {
    /// One of the codes in [`crate::exit`].
    pub code: u8,
    /// The message, printed after `kmipkit: error: `.
    pub message: String,
}

impl CliError {
    /// An error with this exit code.
    pub fn new(code: u8, message: impl Into<String>) -> Self {
        CliError {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Ttlv(cmd) => ttlv::run(cmd),
    }
}
