//! `kmipkit`: the std host of kmipkit.
//!
//! The protocol and keystore logic live in [`kmipkit_core`]; this crate moves bytes, reads
//! files and keeps time, and holds the `kmipkit` command line.
#![deny(missing_docs)]

pub mod cli;
pub mod client;
pub mod config;
pub mod exit;
pub mod pki;
pub mod server;
pub mod tls;

pub use kmipkit_core as core;
