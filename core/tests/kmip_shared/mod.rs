//! Reading the shared vectors and captures (`../shared/kmip/` beside the repository, or
//! `$KMIPKIT_SHARED`). Nothing is copied into the repository.
#![allow(dead_code)]

use kmipkit_core::kmip::{Error, RequestMessage, ResponseMessage};
use kmipkit_core::ttlv::{Encoder, Sink};
use std::path::PathBuf;

/// The shared folder, or `None` (after saying so loudly) when it is absent outside CI.
pub fn shared_dir() -> Option<PathBuf> {
    kmipkit_tests::shared_dir("KMIP message vector")
}

/// Hex to bytes.
pub fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s.trim()).expect("hex")
}

/// The request and response bytes of a PyKMIP capture (`kmip14_07_get`).
pub fn capture(dir: &std::path::Path, name: &str) -> (Vec<u8>, Vec<u8>) {
    let base = dir.join("kmip/pykmip-captures");
    let read = |suffix: &str| {
        let p = base.join(format!("{name}_{suffix}.hex"));
        unhex(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
    };
    (read("req"), read("resp"))
}

/// The vectors file, parsed.
pub fn vectors(dir: &std::path::Path) -> Vec<serde_json::Value> {
    kmipkit_tests::vectors_json(dir)
}

/// The bytes of the vector called `name`.
pub fn vector(all: &[serde_json::Value], name: &str) -> Vec<u8> {
    let v = all
        .iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no vector {name}"));
    unhex(v["hex"].as_str().expect("hex field"))
}

/// Encodes with a caller buffer (no allocation on the encoding side).
pub fn encode_with<F>(f: F) -> Result<Vec<u8>, Error>
where
    F: FnOnce(&mut Encoder<kmipkit_core::ttlv::SliceSink<'_>>) -> Result<(), Error>,
{
    let mut buf = vec![0u8; 8192];
    let mut enc = Encoder::for_slice(&mut buf);
    f(&mut enc)?;
    let n = enc.sink().position();
    Ok(buf[..n].to_vec())
}

pub fn encode_request<const N: usize>(m: &RequestMessage<'_, N>) -> Vec<u8> {
    encode_with(|e| m.encode(e)).expect("encode request")
}

pub fn encode_response<const N: usize>(m: &ResponseMessage<'_, N>) -> Vec<u8> {
    encode_with(|e| m.encode(e)).expect("encode response")
}

/// Asserts equal bytes, printing both in hex on failure.
pub fn assert_bytes(what: &str, got: &[u8], want: &[u8]) {
    if got != want {
        let h = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        panic!("{what}: bytes differ\n got: {}\nwant: {}", h(got), h(want));
    }
}
