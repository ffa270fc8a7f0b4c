//! The `kmipkit` command line.

mod demo;
mod dev_server;
pub mod kmip;
mod ttlv;

pub use dev_server::{AcceptArg, DevServerArgs};

use crate::config::KmipArgs;
use crate::exit;
use clap::{Parser, Subcommand};
use std::fmt;

/// kmipkit: a KMIP client and master-key keystore for data-at-rest encryption.
#[derive(Debug, Parser)]
#[command(name = "kmipkit", version, after_help = exit::HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// The KMIP connection options (mongod's spellings), before or after the command.
    #[command(flatten)]
    pub kmip: KmipArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Inspect and build raw TTLV: decode bytes to a tree or JSON, encode JSON to bytes.
    #[command(subcommand)]
    Ttlv(ttlv::TtlvCommand),
    /// The end-to-end tour: a master key's life on a development KMIP server started here.
    ///
    /// Starts `dev-server` in this process on 127.0.0.1 (with a throwaway PKI), puts a dead
    /// address first in the server list to show failover, then creates and activates an
    /// AES-256 master key, reads its State, Gets it (redacted unless --reveal), wraps and
    /// unwraps a data key on the server with AES-GCM, locates it by name, revokes and
    /// destroys it. Everything is stopped and removed at the end.
    Demo(demo::DemoArgs),
    /// Run a KMIP server for development and testing (like `vault server -dev`).
    ///
    /// On first run it writes a test PKI (CA, server and client certificates) into --dir and
    /// prints the kmipkit flags and the mongod-style configuration that use it; later runs
    /// reuse it. KMIP 1.0-2.1 over TLS with client certificates; objects in memory, or in
    /// DIR/objects.json with --persist. It listens on 127.0.0.1 unless told otherwise. Not for
    /// production: its keys and PKI are not protected.
    DevServer(DevServerArgs),
    /// The KMIP commands (discover-versions, query, create, register, get, …).
    #[command(flatten)]
    Kmip(kmip::KmipCommand),
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
        Command::Demo(args) => demo::run(args),
        Command::DevServer(args) => dev_server::run(args),
        Command::Kmip(cmd) => kmip::run(cmd, &cli.kmip),
    }
}
