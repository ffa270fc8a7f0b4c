//! Boot-time unlock the way firmware does it: static buffers, no heap in the driving code, a
//! tick counter for a clock, failover from a dead first server to a live second one.
//!
//! `cargo run -p kmipkit-examples --example firmware_blocking`
//!
//! The driving code lives in the `no_std` library (`src/firmware.rs`), which also builds for
//! `thumbv7em-none-eabihf`; this file only gives it a `main` and prints the result.

use core::cell::RefCell;
use kmipkit_examples::firmware::{unlock, LoopbackServer, MASTER_KEY};

fn main() {
    let server = RefCell::new(LoopbackServer::new());
    let mut tx = [0u8; 1024];
    let mut rx = [0u8; 2048];
    let mut key = [0u8; 32];
    match unlock(&server, &mut tx, &mut rx, &mut key) {
        Ok(failed) => {
            assert_eq!(key, MASTER_KEY);
            println!("unlocked: master key \"1\" read after {failed} failed attempt(s) (server #0 is down)");
        }
        Err(e) => {
            eprintln!("unlock failed: {e:?}");
            std::process::exit(1);
        }
    }
}
