//! The inputs and decode workloads shared by the `codec` and `messages` benchmarks and by
//! `examples/decode_loop.rs` (which runs them under callgrind for instruction counts), so
//! that the three measure exactly the same work. Included with `#[path]`; each user takes
//! the part it needs.
#![allow(dead_code)]

use kmipkit_core::kmip::ops::{GetAttributesResponse, GetResponse, LocateResponse};
use kmipkit_core::kmip::{ProtocolVersion, RequestMessage, RequestPayload, ResponseMessage};
use kmipkit_core::ttlv::{Encoder, Item, Operation, ResultStatus, Tag, Value};
use std::path::PathBuf;

/// The shared folder: `KMIPKIT_SHARED`, or `../shared` beside the checkout.
pub fn shared() -> PathBuf {
    if let Some(d) = std::env::var_os("KMIPKIT_SHARED") {
        return PathBuf::from(d);
    }
    let beside = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared"));
    assert!(
        beside.join("kmip").is_dir(),
        "the benchmarks need the shared vectors and captures: set KMIPKIT_SHARED"
    );
    beside
}

/// A PyKMIP capture, e.g. `kmip14_07_get_resp` (the 280-byte Get response).
pub fn capture(name: &str) -> Vec<u8> {
    let path = shared()
        .join("kmip/pykmip-captures")
        .join(format!("{name}.hex"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (set KMIPKIT_SHARED)", path.display()));
    hex::decode(text.trim()).unwrap()
}

/// Every accepted vector and every capture.
pub fn corpus() -> Vec<Vec<u8>> {
    let dir = shared().join("kmip");
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
    all
}

/// A KMIP 1.4 Locate response with `ids` eight-character identifiers.
pub fn locate_response(ids: usize) -> Vec<u8> {
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

/// The floor: reads headers and lengths only, descends into structures, checks nothing.
pub fn naive_walk(b: &[u8]) -> usize {
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

/// Reads every value of a decoded tree through the `Item` API.
pub fn read_all(item: &Item<'_>) -> u64 {
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

/// Typed decode of a Get response; the key's length.
pub fn get_typed(b: &[u8]) -> usize {
    let m = ResponseMessage::<1>::decode(b, ProtocolVersion::V1_4).unwrap();
    let p = m.batch_items[0].payload_as::<GetResponse>().unwrap();
    p.object
        .key_block()
        .and_then(|k| k.plain_key())
        .unwrap()
        .len()
}

/// Typed decode of a Locate response; the total length of the identifiers.
pub fn locate_typed(b: &[u8]) -> usize {
    let m = ResponseMessage::<1>::decode(b, ProtocolVersion::V1_4).unwrap();
    let p = m.batch_items[0].payload_as::<LocateResponse>().unwrap();
    p.unique_identifiers
        .iter()
        .map(|u| u.as_text().unwrap().len())
        .sum()
}

/// A Create request as a server decodes it; the number of template attributes.
pub fn create_request(b: &[u8]) -> usize {
    let m = RequestMessage::<4>::decode(b).unwrap();
    match m.batch_items[0].payload {
        RequestPayload::Create(c) => c.template_attribute.attributes.iter().count(),
        _ => 0,
    }
}

/// A KMIP 1.0 Get Attributes response, State read.
pub fn get_attributes_typed(b: &[u8]) -> usize {
    let m = ResponseMessage::<1>::decode(b, ProtocolVersion::V1_0).unwrap();
    let p = m.batch_items[0]
        .payload_as::<GetAttributesResponse>()
        .unwrap();
    p.attributes.state().unwrap().0 as usize
}
