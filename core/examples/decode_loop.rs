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

use kmipkit_core::kmip::ops::{GetAttributesResponse, GetResponse, LocateResponse};
use kmipkit_core::kmip::{ProtocolVersion, RequestMessage, RequestPayload, ResponseMessage};
use kmipkit_core::ttlv::{decode, Encoder, Item, Operation, ResultStatus, Tag, Value};
use std::hint::black_box;
use std::path::PathBuf;

fn capture(name: &str) -> Vec<u8> {
    let dir = std::env::var_os("KMIPKIT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared")));
    let path = dir.join("kmip/pykmip-captures").join(format!("{name}.hex"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (set KMIPKIT_SHARED)", path.display()));
    hex::decode(text.trim()).unwrap()
}

/// The Locate response of `benches/messages.rs`.
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

/// The naive walk of `benches/codec.rs`: headers and lengths only.
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

fn get_typed(b: &[u8]) -> usize {
    let m = ResponseMessage::<1>::decode(b, ProtocolVersion::V1_4).unwrap();
    let p = m.batch_items[0].payload_as::<GetResponse>().unwrap();
    p.object
        .key_block()
        .and_then(|k| k.plain_key())
        .unwrap()
        .len()
}

fn locate_typed(b: &[u8]) -> usize {
    let m = ResponseMessage::<1>::decode(b, ProtocolVersion::V1_4).unwrap();
    let p = m.batch_items[0].payload_as::<LocateResponse>().unwrap();
    p.unique_identifiers
        .iter()
        .map(|u| u.as_text().unwrap().len())
        .sum()
}

fn create_request(b: &[u8]) -> usize {
    let m = RequestMessage::<4>::decode(b).unwrap();
    match m.batch_items[0].payload {
        RequestPayload::Create(c) => c.template_attribute.attributes.iter().count(),
        _ => 0,
    }
}

fn get_attributes_typed(b: &[u8]) -> usize {
    let m = ResponseMessage::<1>::decode(b, ProtocolVersion::V1_0).unwrap();
    let p = m.batch_items[0]
        .payload_as::<GetAttributesResponse>()
        .unwrap();
    p.attributes.state().unwrap().0 as usize
}

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
