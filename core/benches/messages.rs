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
use kmipkit_core::kmip::ops::{GetResponse, LocateResponse};
use kmipkit_core::kmip::{ProtocolVersion, ResponseMessage};
use kmipkit_core::ttlv::{Encoder, Operation, ResultStatus, Tag};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::PathBuf;
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

fn shared() -> PathBuf {
    if let Some(d) = std::env::var_os("KMIPKIT_SHARED") {
        return PathBuf::from(d);
    }
    let beside = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared"));
    assert!(
        beside.join("kmip").is_dir(),
        "the messages benchmark needs the shared captures: set KMIPKIT_SHARED"
    );
    beside
}

fn get_response() -> Vec<u8> {
    let p = shared().join("kmip/pykmip-captures/kmip14_07_get_resp.hex");
    hex::decode(std::fs::read_to_string(p).unwrap().trim()).unwrap()
}

fn locate_response(ids: usize) -> Vec<u8> {
    let mut buf = vec![0u8; 64 + ids * 24];
    let mut e = Encoder::for_slice(&mut buf);
    e.structure(Tag::RESPONSE_MESSAGE, |e| {
        e.structure(Tag::RESPONSE_HEADER, |e| {
            e.structure(Tag::PROTOCOL_VERSION, |e| {
                e.integer(Tag::PROTOCOL_VERSION_MAJOR, 1)?;
                e.integer(Tag::PROTOCOL_VERSION_MINOR, 4)
            })?;
            e.date_time(Tag::TIME_STAMP, 1_795_857_744)?;
            e.integer(Tag::BATCH_COUNT, 1)
        })?;
        e.structure(Tag::BATCH_ITEM, |e| {
            e.enumeration(Tag::OPERATION, Operation::LOCATE)?;
            e.enumeration(Tag::RESULT_STATUS, ResultStatus::SUCCESS)?;
            e.structure(Tag::RESPONSE_PAYLOAD, |e| {
                (0..ids).try_for_each(|i| e.text(Tag::UNIQUE_IDENTIFIER, &format!("{i:08}")))
            })
        })
    })
    .unwrap();
    let n = e.position();
    buf.truncate(n);
    buf
}

fn ours_get(bytes: &[u8]) -> usize {
    let m = ResponseMessage::<1>::decode(bytes, ProtocolVersion::V1_4).unwrap();
    let p = m.batch_items[0].payload_as::<GetResponse>().unwrap();
    p.object
        .key_block()
        .and_then(|k| k.plain_key())
        .unwrap()
        .len()
}

fn ours_locate(bytes: &[u8]) -> usize {
    let m = ResponseMessage::<1>::decode(bytes, ProtocolVersion::V1_4).unwrap();
    let p = m.batch_items[0].payload_as::<LocateResponse>().unwrap();
    p.unique_identifiers
        .iter()
        .map(|u| u.as_text().unwrap().len())
        .sum()
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
