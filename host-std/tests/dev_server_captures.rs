//! The development server answers what a real PyKMIP 0.11 server answered: every request of
//! the PyKMIP client captures (`shared/kmip/pykmip-captures/kmip{10,12,14}_*`, one run of the
//! symmetric key lifecycle per version) is replayed, in order, against the engine, and each
//! answer is compared with PyKMIP's: the same operations and statuses, the same Unique
//! Identifiers, and, because the engine is handed PyKMIP's key when it creates one, the same
//! key bytes, CBC ciphertexts, GCM ciphertext and tag, and plaintexts.
//!
//! Where the two servers differ on purpose the test says so ([`DIVERGENCES`]). Fields a server
//! may add (Located Items, more versions in Discover Versions, richer Query answers) are
//! permitted variations (SKLC 1.0 profile §4.7).

use std::collections::VecDeque;
use std::sync::Mutex;

use kmipkit::server::crypto::{OsRandom, RandomError, RandomSource};
use kmipkit::server::{Engine, Store};
use kmipkit_core::kmip::ops::*;
use kmipkit_core::kmip::*;
use kmipkit_core::ttlv::{ResultReason, ResultStatus};

/// Requests whose answers differ from PyKMIP's on purpose: (file prefix, our status, reason).
const DIVERGENCES: &[(&str, ResultStatus, Option<ResultReason>, &str)] = &[(
    "kmip12_12_encrypt",
    ResultStatus::OPERATION_FAILED,
    Some(ResultReason::FEATURE_NOT_SUPPORTED),
    "AES-GCM under KMIP 1.2: PyKMIP encrypts and drops the tag (1.2 has no field for it), so \
     the ciphertext can never be authenticated; the dev server refuses and says to use 1.4",
)];

/// Hands out the bytes PyKMIP generated (the key), then the OS generator.
struct Replay(Mutex<VecDeque<Vec<u8>>>);

impl RandomSource for Replay {
    fn fill(&self, buf: &mut [u8]) -> Result<(), RandomError> {
        let mut q = self.0.lock().unwrap();
        match q.front() {
            Some(next) if next.len() == buf.len() => {
                buf.copy_from_slice(next);
                q.pop_front();
                Ok(())
            }
            _ => OsRandom.fill(buf),
        }
    }
}

struct Pair {
    name: String,
    request: Vec<u8>,
    response: Vec<u8>,
}

fn pairs(shared: &std::path::Path, prefix: &str) -> Vec<Pair> {
    let all = kmipkit_tests::captures(shared);
    let mut out = Vec::new();
    for c in &all {
        let Some(name) = c.file.strip_suffix("_req.hex") else {
            continue;
        };
        if !name.starts_with(prefix) {
            continue;
        }
        let resp = format!("{name}_resp.hex");
        let response = all
            .iter()
            .find(|r| r.file == resp)
            .unwrap_or_else(|| panic!("{resp} is missing"));
        out.push(Pair {
            name: name.to_owned(),
            request: c.bytes.clone(),
            response: response.bytes.clone(),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn version_of(request: &[u8]) -> ProtocolVersion {
    RequestMessage::<'_, 8>::decode(request)
        .expect("a captured request decodes")
        .version()
}

fn uid_text(u: &Uid<'_>) -> String {
    u.as_text().unwrap_or_default().to_owned()
}

/// Compares one successful item's payload with PyKMIP's.
fn compare_payloads(name: &str, ours: &ResponsePayload<'_>, theirs: &ResponsePayload<'_>) {
    use ResponsePayload as P;
    match (ours, theirs) {
        (P::Create(a), P::Create(b)) => {
            assert_eq!(
                uid_text(&a.unique_identifier),
                uid_text(&b.unique_identifier),
                "{name}"
            )
        }
        (P::Register(a), P::Register(b)) => {
            assert_eq!(
                uid_text(&a.unique_identifier),
                uid_text(&b.unique_identifier),
                "{name}"
            )
        }
        (P::Activate(a), P::Activate(b)) => assert_eq!(a, b, "{name}"),
        (P::Revoke(a), P::Revoke(b)) => assert_eq!(a, b, "{name}"),
        (P::Destroy(a), P::Destroy(b)) => assert_eq!(a, b, "{name}"),
        (P::Get(a), P::Get(b)) => {
            assert_eq!(a.object_type, b.object_type, "{name}");
            assert_eq!(a.unique_identifier, b.unique_identifier, "{name}");
            let (ka, kb) = (a.object.key_block().unwrap(), b.object.key_block().unwrap());
            assert_eq!(ka.key_format_type, kb.key_format_type, "{name}");
            assert_eq!(ka.plain_key(), kb.plain_key(), "{name}: the same key bytes");
            assert_eq!(
                ka.cryptographic_algorithm, kb.cryptographic_algorithm,
                "{name}"
            );
            assert_eq!(ka.cryptographic_length, kb.cryptographic_length, "{name}");
        }
        (P::GetAttributes(a), P::GetAttributes(b)) => {
            assert_eq!(a.unique_identifier, b.unique_identifier, "{name}");
            for attr in b.attributes.iter() {
                assert!(
                    a.attributes.iter().any(|x| x.value == attr.value),
                    "{name}: PyKMIP's {:?} is not in ours: {:?}",
                    attr.value,
                    a.attributes
                );
            }
        }
        (P::Locate(a), P::Locate(b)) => {
            assert_eq!(
                a.unique_identifiers.to_vec(),
                b.unique_identifiers.to_vec(),
                "{name}"
            );
        }
        (P::Encrypt(a), P::Encrypt(b)) => {
            assert_eq!(a.unique_identifier, b.unique_identifier, "{name}");
            assert_eq!(a.data, b.data, "{name}: the same ciphertext");
            assert_eq!(
                a.authenticated_encryption_tag, b.authenticated_encryption_tag,
                "{name}: the same tag"
            );
            assert_eq!(a.iv_counter_nonce, b.iv_counter_nonce, "{name}");
        }
        (P::Decrypt(a), P::Decrypt(b)) => {
            assert_eq!(a.data, b.data, "{name}: the same plaintext")
        }
        (P::DiscoverVersions(a), P::DiscoverVersions(b)) => {
            // Ours may list more (2.1), in the same order.
            let ours = a.protocol_versions.to_vec();
            let mut at = 0;
            for v in b.protocol_versions.iter() {
                let found = ours[at..].iter().position(|x| *x == v);
                assert!(
                    found.is_some(),
                    "{name}: {v} missing or out of order in {ours:?}"
                );
                at += found.unwrap_or(0) + 1;
            }
        }
        (P::Query(_), P::Query(_)) => {}
        (a, b) => panic!("{name}: different payloads\nours:   {a:?}\nPyKMIP: {b:?}"),
    }
}

fn replay(prefix: &str) {
    let Some(shared) = kmipkit_tests::shared_dir("dev-server capture replay") else {
        return;
    };
    let run = pairs(&shared, prefix);
    assert!(run.len() >= 15, "{prefix}: {} pairs", run.len());
    // PyKMIP's numbering and its generated key, so that the answers can be compared byte for
    // byte.
    let created = run
        .iter()
        .find(|p| p.name.ends_with("_create"))
        .expect("a Create");
    let v = version_of(&created.request);
    let r = ResponseMessage::<'_, 8>::decode(&created.response, v).unwrap();
    let first_uid: u64 = uid_text(
        &r.first()
            .unwrap()
            .payload_as::<CreateResponse>()
            .unwrap()
            .unique_identifier,
    )
    .parse()
    .unwrap();
    let get = run
        .iter()
        .find(|p| p.name.ends_with("_get"))
        .expect("a Get");
    let r = ResponseMessage::<'_, 8>::decode(&get.response, v).unwrap();
    let key = r
        .first()
        .unwrap()
        .payload_as::<GetResponse>()
        .unwrap()
        .object;
    let key = key.key_block().unwrap().plain_key().unwrap().to_vec();
    let engine = Engine::with_store(Store::from_objects(Vec::new(), first_uid))
        .with_random(Box::new(Replay(Mutex::new(VecDeque::from([key])))));

    let mut compared = 0;
    for p in &run {
        let v = version_of(&p.request);
        let theirs = ResponseMessage::<'_, 8>::decode(&p.response, v).unwrap();
        let now = theirs.header.time_stamp;
        let bytes = engine.handle(&p.request, "john_doe", now).response;
        let ours = ResponseMessage::<'_, 8>::decode(&bytes, v)
            .unwrap_or_else(|e| panic!("{}: our answer does not decode: {e}", p.name));
        assert_eq!(
            ours.header.protocol_version, theirs.header.protocol_version,
            "{}",
            p.name
        );
        assert_eq!(
            ours.batch_items.len(),
            theirs.batch_items.len(),
            "{}",
            p.name
        );
        for (a, b) in ours.batch_items.iter().zip(theirs.batch_items.iter()) {
            if let Some((_, status, reason, why)) =
                DIVERGENCES.iter().find(|(n, ..)| p.name.starts_with(n))
            {
                assert_eq!(
                    (a.result_status, a.result_reason),
                    (*status, *reason),
                    "{}",
                    p.name
                );
                eprintln!("{}: differs from PyKMIP on purpose: {why}", p.name);
                continue;
            }
            assert_eq!(
                (a.result_status, a.result_reason),
                (b.result_status, b.result_reason),
                "{}: ours {:?} / PyKMIP {:?}",
                p.name,
                a.result_message,
                b.result_message
            );
            if let (Some(oa), Some(ob)) = (a.operation, b.operation) {
                assert_eq!(oa, ob, "{}", p.name);
            }
            if let (Some(pa), Some(pb)) = (&a.payload, &b.payload) {
                compare_payloads(&p.name, pa, pb);
            }
            compared += 1;
        }
    }
    assert!(compared >= 15, "{prefix}: {compared} items compared");
}

#[test]
fn replay_pykmip_client_kmip_1_0() {
    replay("kmip10_");
}

#[test]
fn replay_pykmip_client_kmip_1_2() {
    replay("kmip12_");
}

#[test]
fn replay_pykmip_client_kmip_1_4() {
    replay("kmip14_");
}
