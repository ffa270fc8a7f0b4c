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
use kmipkit_core::ttlv::decode;
use std::hint::black_box;

#[path = "support/workloads.rs"]
mod workloads;
use workloads::{capture, corpus, naive_walk, read_all};

fn bench(c: &mut Criterion) {
    let (get, all) = (capture("kmip14_07_get_resp"), corpus());
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
