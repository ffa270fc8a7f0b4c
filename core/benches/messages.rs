//! Typed message decoding, against the peer `kmip-protocol` on the same bytes in the same run.
//!
//! `cargo bench -p kmipkit-core --features alloc --bench messages`
//!
//! Inputs: the 280-byte PyKMIP Get response (`kmip14_07_get_resp.hex` from the shared folder,
//! `KMIPKIT_SHARED` or `../shared`), and a Locate response with 500 Unique Identifiers built
//! here. Compared, per message:
//! * `kmipkit_typed` — [`ResponseMessage::decode`]: the strict TTLV walk, then the typed header,
//!   batch item and payload, reading the key bytes (or every identifier of the lazy list).
//! * `kmip_protocol_typed` — `kmip_ttlv::from_slice::<kmip_protocol::…::ResponseMessage>`.
//!
//! A counting allocator checks, before measuring, that the kmipkit decode allocates nothing.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[path = "support/workloads.rs"]
mod workloads;
use workloads::{capture, get_typed as ours_get, locate_response, locate_typed as ours_locate};

fn get_response() -> Vec<u8> {
    capture("kmip14_07_get_resp")
}

fn peer(bytes: &[u8]) -> usize {
    let m: kmip_protocol::types::response::ResponseMessage =
        kmip_ttlv::de::from_slice(bytes).unwrap();
    m.batch_items.len()
}

fn assert_no_allocation(f: impl Fn() -> usize) {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    black_box(f());
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    assert_eq!(after, before, "the kmipkit typed decode allocated");
}

fn bench(c: &mut Criterion) {
    let get = get_response();
    let locate = locate_response(500);
    assert_eq!(ours_get(&get), 32);
    assert_eq!(peer(&get), 1);
    assert_eq!(ours_locate(&locate), 500 * 8);
    assert_eq!(peer(&locate), 1);
    assert_no_allocation(|| ours_get(&get));
    assert_no_allocation(|| ours_locate(&locate));

    for (name, bytes, ours) in [
        ("get_response_280B", &get, ours_get as fn(&[u8]) -> usize),
        ("locate_response_500_ids", &locate, ours_locate),
    ] {
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function("kmipkit_typed", |b| b.iter(|| ours(black_box(bytes))));
        g.bench_function("kmip_protocol_typed", |b| b.iter(|| peer(black_box(bytes))));
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
