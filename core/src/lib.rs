//! `kmipkit-core`: the portable heart of kmipkit.
//!
//! Everything here is `no_std` and free of I/O, clocks and OS randomness, so the same code runs on
//! a microcontroller, in WebAssembly and natively. Hosts (`kmipkit` for std, `kmipkit-wasm`) only
//! move bytes and keep time.
//!
//! Layers, each importing only from the ones above it:
//! 1. [`ttlv`] — the wire format: a checked borrowing reader, a writer into caller buffers, the
//!    stream framer, the tag/enumeration name tables, the KMIP JSON mapping and a printer.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod ttlv;
