//! TTLV decoding speed, against the peers on the same bytes in the same run.
//!
//! `cargo bench -p kmipkit-core --features alloc --bench codec`
//!
//! Inputs come from the shared folder (`KMIPKIT_SHARED`, or `../shared` beside the checkout):
//! the 280-byte PyKMIP Get response `kmip14_07_get_resp.hex` and the whole corpus of accepted
//! vectors and captures. Compared:
//! * `naive_walk` — only reads headers and lengths (no checks): the floor.
//! * `kmipkit_validate` — [`decode`]: the strict, validating walk (every rule checked).
//! * `kmipkit_validate_and_read` — the same, then every value read through the `Item` API.
//! * `kmip_ttlv_walk` — the `kmip-ttlv` crate's walk over every item (`PrettyPrinter::to_diag_string`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kmipkit_core::ttlv::{decode, Item, Value};
use std::hint::black_box;
use std::path::PathBuf;

fn shared() -> PathBuf {
    if let Some(d) = std::env::var_os("KMIPKIT_SHARED") {
        return PathBuf::from(d);
    }
    let beside = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared"));
    assert!(
        beside.join("kmip").is_dir(),
        "the codec benchmark needs the shared vectors: set KMIPKIT_SHARED"
    );
    beside
}

fn corpus() -> (Vec<u8>, Vec<Vec<u8>>) {
    let dir = shared().join("kmip");
    let get = std::fs::read_to_string(dir.join("pykmip-captures/kmip14_07_get_resp.hex"))
        .expect("the Get response capture");
    let get = hex::decode(get.trim()).unwrap();
    let mut all = Vec::new();
    let vectors: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("vectors/public-vectors.json")).unwrap(),
    )
    .unwrap();
    for v in vectors.as_array().unwrap() {
        if v["expect"] == "accept" {
            all.push(hex::decode(v["hex"].as_str().unwrap()).unwrap());
        }
    }
    for e in std::fs::read_dir(dir.join("pykmip-captures")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "hex") {
            all.push(hex::decode(std::fs::read_to_string(&p).unwrap().trim()).unwrap());
        }
    }
    (get, all)
}

/// Reads headers and lengths only: descends into structures, skips every other value.
fn naive_walk(b: &[u8]) -> usize {
    let mut pos = 0;
    let mut items = 0;
    while pos + 8 <= b.len() {
        let len = u32::from_be_bytes([b[pos + 4], b[pos + 5], b[pos + 6], b[pos + 7]]) as usize;
        items += 1;
        pos += if b[pos + 3] == 1 {
            8
        } else {
            8 + ((len + 7) & !7)
        };
    }
    items
}

fn read_all(item: &Item<'_>) -> u64 {
    match item.value() {
        Value::Structure(children) => children.map(|c| read_all(&c)).sum::<u64>() + 1,
        Value::Integer(v) => v as u64,
        Value::LongInteger(v) | Value::DateTime(v) | Value::DateTimeExtended(v) => v as u64,
        Value::Enumeration(v) | Value::Interval(v) => v as u64,
        Value::Boolean(v) => v as u64,
        Value::TextString(s) => s.len() as u64,
        Value::ByteString(b) | Value::BigInteger(b) => b.len() as u64,
    }
}

fn bench(c: &mut Criterion) {
    let (get, all) = corpus();
    let printer = kmip_ttlv::PrettyPrinter::new();

    let mut g = c.benchmark_group("get_response_280B");
    g.throughput(Throughput::Bytes(get.len() as u64));
    g.bench_function("naive_walk", |b| b.iter(|| naive_walk(black_box(&get))));
    g.bench_function("kmipkit_validate", |b| {
        b.iter(|| decode(black_box(&get)).is_ok())
    });
    g.bench_function("kmipkit_validate_and_read", |b| {
        b.iter(|| read_all(&decode(black_box(&get)).unwrap()))
    });
    g.bench_function("kmip_ttlv_walk", |b| {
        b.iter(|| printer.to_diag_string(black_box(&get)).len())
    });
    g.finish();

    let total: usize = all.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group(format!("corpus_{}_messages_{}B", all.len(), total));
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("naive_walk", |b| {
        b.iter(|| all.iter().map(|m| naive_walk(black_box(m))).sum::<usize>())
    });
    g.bench_function("kmipkit_validate", |b| {
        b.iter(|| all.iter().filter(|m| decode(black_box(m)).is_ok()).count())
    });
    g.bench_function("kmip_ttlv_walk", |b| {
        b.iter(|| {
            all.iter()
                .map(|m| printer.to_diag_string(black_box(m)).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
