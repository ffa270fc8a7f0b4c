//! Runs one decode of the benchmarks `N` times, for instruction counts that do not depend on
//! how busy the machine is:
//!
//! ```sh
//! cargo build --release -p kmipkit-core --example decode_loop
//! for n in 0 1000; do
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/decode_loop get_typed $n 2>&1 | grep Collected
//! done   # instructions per decode = (second - first) / 1000
//! ```
//!
//! Workloads (inputs from `KMIPKIT_SHARED`, or `../shared` beside the checkout):
//! * `naive_walk`, `validate`, `validate_and_read` — the 280-byte PyKMIP Get response, as in
//!   `benches/codec.rs`;
//! * `get_typed`, `locate_typed` — as in `benches/messages.rs` (the Locate response has 500
//!   identifiers);
//! * `create_request` — PyKMIP's KMIP 1.0 Create request (four template attributes), as a server
//!   decodes it;
//! * `get_attributes_typed` — PyKMIP's KMIP 1.0 Get Attributes response, State read.

use kmipkit_core::ttlv::decode;
use std::hint::black_box;

#[path = "../benches/support/workloads.rs"]
mod workloads;
use workloads::{
    capture, create_request, get_attributes_typed, get_typed, locate_response, locate_typed,
    naive_walk, read_all,
};

/// One workload: a decode that returns something to keep.
type Workload = fn(&[u8]) -> usize;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(workload), Some(n)) = (args.next(), args.next()) else {
        eprintln!("usage: decode_loop <workload> <times>");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("a number of times");
    let (bytes, run): (Vec<u8>, Workload) = match workload.as_str() {
        "naive_walk" => (capture("kmip14_07_get_resp"), naive_walk),
        "validate" => (capture("kmip14_07_get_resp"), |b| {
            decode(b).is_ok() as usize
        }),
        "validate_and_read" => (capture("kmip14_07_get_resp"), |b| {
            read_all(&decode(b).unwrap()) as usize
        }),
        "get_typed" => (capture("kmip14_07_get_resp"), get_typed),
        "locate_typed" => (locate_response(500), locate_typed),
        "create_request" => (capture("kmip10_03_create_req"), create_request),
        "get_attributes_typed" => (
            capture("kmip10_04_get_attributes_resp"),
            get_attributes_typed,
        ),
        other => {
            eprintln!("unknown workload {other}");
            std::process::exit(2);
        }
    };
    let mut sum = 0usize;
    for _ in 0..n {
        sum = sum.wrapping_add(run(black_box(&bytes)));
    }
    println!("{workload} x{n}: {sum}");
}
