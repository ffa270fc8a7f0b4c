//! `kmipkit-core`: the portable heart of kmipkit.
//!
//! Everything here is `no_std` and free of I/O, clocks and OS randomness, so the same code runs on
//! a microcontroller, in WebAssembly and natively. Hosts (`kmipkit` for std, `kmipkit-wasm`) only
//! move bytes and keep time.
//!
//! Layers, each importing only from the ones above it:
//! 1. [`ttlv`] — the wire format: a checked borrowing reader, a writer into caller buffers, the
//!    stream framer, the tag/enumeration name tables, the KMIP JSON mapping and a printer.
//! 2. [`kmip`] — typed KMIP 1.0–2.1 messages: headers, batch items, results and one payload type
//!    per operation, both directions; the 1.x/2.x attribute dialects live there and nowhere else.
//! 3. [`client`] — the sans-IO client session: failover over a list of servers, deadlines,
//!    version negotiation, repeat safety, typed operations, and thin blocking (`embedded-io`)
//!    and async (`embedded-io-async`) drivers.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod client;
pub mod kmip;
pub mod ttlv;
