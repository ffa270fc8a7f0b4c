//! kmipkit examples. The library part is `no_std` and allocation-free, so the firmware example
//! builds for a microcontroller (`cargo build -p kmipkit-examples --lib --target
//! thumbv7em-none-eabihf`); `firmware_blocking.rs` runs the same code on the host.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod firmware;
