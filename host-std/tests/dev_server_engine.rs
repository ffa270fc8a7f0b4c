//! The development server's engine, without sockets: each operation and lifecycle rule, in
//! the KMIP 1.x and 2.x dialects, driven with the core's own request types and read back with
//! its response types (one implementation of the protocol, both ends).
//!
//! The cases follow the OASIS test cases they are named after where there is one (SKLC-M-1/2/3,
//! TC-161, TC-171, CS-BC-M-GCM-1, BL-M-2/7/8).

use kmipkit::server::persist::{from_bytes, to_bytes};
use kmipkit::server::{Engine, FileStore, Persistence, Store};
use kmipkit_core::kmip::ops::*;
use kmipkit_core::kmip::*;
use kmipkit_core::ttlv::*;

const NOW: i64 = 1_700_000_000;
const V1_2: ProtocolVersion = ProtocolVersion::V1_2;
const V1_4: ProtocolVersion = ProtocolVersion::V1_4;
const V2_0: ProtocolVersion = ProtocolVersion::V2_0;
const V2_1: ProtocolVersion = ProtocolVersion::V2_1;
/// One version of each dialect, as the lifecycle tests run in both.
const DIALECTS: [ProtocolVersion; 2] = [V1_4, V2_1];

/// A client of the engine: an owner CN, a protocol version and a clock.
#[derive(Clone, Copy)]
struct Kmip<'e> {
    engine: &'e Engine,
    owner: &'static str,
    version: ProtocolVersion,
    now: i64,
}

fn encode_request(header: RequestHeader<'_>, items: &[RequestBatchItem<'_>]) -> Vec<u8> {
    let mut m: RequestMessage<'_, 16> = RequestMessage::new(header);
    for i in items {
        m.push(*i).unwrap();
    }
    let mut enc = Encoder::for_vec();
    m.encode(&mut enc).unwrap();
    enc.into_sink()
}

impl<'e> Kmip<'e> {
    fn new(engine: &'e Engine, version: ProtocolVersion) -> Self {
        Kmip {
            engine,
            owner: "john_doe",
            version,
            now: NOW,
        }
    }

    fn as_owner(self, owner: &'static str) -> Self {
        Kmip { owner, ..self }
    }

    fn at(self, now: i64) -> Self {
        Kmip { now, ..self }
    }

    fn raw(&self, bytes: &[u8]) -> Vec<u8> {
        self.engine
            .handle(bytes, self.owner, self.now)
            .response
            .to_vec()
    }

    fn batch_with(&self, header: RequestHeader<'_>, items: &[RequestBatchItem<'_>]) -> Vec<u8> {
        self.raw(&encode_request(header, items))
    }

    fn batch(&self, items: &[RequestBatchItem<'_>]) -> Vec<u8> {
        self.batch_with(RequestHeader::new(self.version), items)
    }

    fn send<'p>(&self, payload: impl Into<RequestPayload<'p>>) -> Vec<u8> {
        self.batch(&[RequestBatchItem::new(payload)])
    }

    /// Creates an AES key with these extra attributes; returns its UID.
    fn create_with(&self, bits: i32, extra: &[Attribute<'_>]) -> String {
        let mut attrs = aes(bits).to_vec();
        attrs.extend_from_slice(extra);
        let bytes = self.send(CreateRequest::symmetric_key(TemplateAttribute::new(&attrs)));
        let r = decode(&bytes, self.version);
        let c = ok::<CreateResponse>(&r);
        c.unique_identifier.as_text().unwrap().to_owned()
    }

    fn create(&self) -> String {
        self.create_with(256, &[])
    }

    fn activate(&self, uid: &str) {
        let bytes = self.send(ActivateRequest::new(uid));
        ok::<ActivateResponse>(&decode(&bytes, self.version));
    }

    fn attributes(&self, uid: &str) -> Vec<u8> {
        self.send(GetAttributesRequest {
            unique_identifier: Some(Uid::Text(uid)),
            attribute_references: Seq::empty(),
        })
    }
}

fn aes(bits: i32) -> [Attribute<'static>; 3] {
    [
        Attribute::new(AttributeValue::CryptographicAlgorithm(
            CryptographicAlgorithm::AES,
        )),
        Attribute::new(AttributeValue::CryptographicLength(bits)),
        Attribute::new(AttributeValue::CryptographicUsageMask(
            CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT,
        )),
    ]
}

fn decode(bytes: &[u8], version: ProtocolVersion) -> ResponseMessage<'_, 16> {
    ResponseMessage::decode(bytes, version).unwrap_or_else(|e| {
        panic!(
            "the engine's response does not decode: {e}\n{}",
            hex::encode(bytes)
        )
    })
}

fn ok<'a, 'r, P: Response<'a>>(r: &'r ResponseMessage<'a, 16>) -> &'r P {
    let item = r.first().expect("one item");
    assert_eq!(
        item.result_status,
        ResultStatus::SUCCESS,
        "{:?}: {:?}",
        item.result_reason,
        item.result_message
    );
    item.payload_as::<P>().expect("the operation's payload")
}

/// The reason and message of the single failed item.
fn failure(bytes: &[u8], version: ProtocolVersion) -> (ResultReason, String) {
    let r = decode(bytes, version);
    let item = r.first().expect("one item");
    assert_eq!(
        item.result_status,
        ResultStatus::OPERATION_FAILED,
        "{item:?}"
    );
    (
        item.result_reason.expect("a reason"),
        item.result_message.unwrap_or_default().to_owned(),
    )
}

fn state_of(bytes: &[u8], version: ProtocolVersion) -> State {
    ok::<GetAttributesResponse>(&decode(bytes, version))
        .attributes
        .state()
        .expect("State")
}

fn wrong_state(v: ProtocolVersion) -> ResultReason {
    if v.is_v2() {
        ResultReason::WRONG_KEY_LIFECYCLE_STATE
    } else {
        ResultReason::PERMISSION_DENIED
    }
}

// ---------------------------------------------------------------------------------------------
// Versions

#[test]
fn discover_versions_answers_the_intersection_in_server_order() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, ProtocolVersion::V1_1);
    let ask = |offer: &[ProtocolVersion]| -> Vec<ProtocolVersion> {
        let bytes = k.send(DiscoverVersionsRequest {
            protocol_versions: Seq::from_slice(offer),
        });
        let versions = ok::<DiscoverVersionsResponse>(&decode(&bytes, k.version))
            .protocol_versions
            .to_vec();
        versions
    };
    assert_eq!(ask(&[V1_2, V2_0, V1_4]), vec![V2_0, V1_4, V1_2]);
    assert_eq!(
        ask(&[]),
        vec![
            V2_1,
            V2_0,
            V1_4,
            ProtocolVersion::V1_3,
            V1_2,
            ProtocolVersion::V1_1,
            ProtocolVersion::V1_0
        ]
    );
    // TC-161: an unknown version gets an empty answer, still Success.
    assert_eq!(ask(&[ProtocolVersion::new(9, 31)]), vec![]);
    // Discover Versions is KMIP 1.1: a 1.0 request is refused, as PyKMIP does.
    let k10 = Kmip::new(&engine, ProtocolVersion::V1_0);
    let (reason, _) = failure(
        &k10.send(DiscoverVersionsRequest::default()),
        ProtocolVersion::V1_0,
    );
    assert_eq!(reason, ResultReason::OPERATION_NOT_SUPPORTED);
}

#[test]
fn another_major_version_is_an_invalid_message() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, ProtocolVersion::new(3, 0));
    let bytes = k.send(QueryRequest::default());
    let r = ResponseMessage::<'_, 4>::decode(&bytes, ProtocolVersion::new(3, 0)).unwrap();
    assert_eq!(
        r.header.protocol_version,
        ProtocolVersion::V1_0,
        "as PyKMIP answers"
    );
    let item = r.first().unwrap();
    assert_eq!(
        item.operation, None,
        "a failed message has no Operation (§2.5)"
    );
    assert_eq!(item.result_reason, Some(ResultReason::INVALID_MESSAGE));
    assert!(item.result_message.unwrap().contains("3.0"), "{item:?}");
}

#[test]
fn a_newer_minor_version_is_served_as_the_newest_known() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, ProtocolVersion::new(1, 5));
    let bytes = k.send(QueryRequest::default());
    let r = decode(&bytes, V1_4);
    assert_eq!(r.header.protocol_version, V1_4);
    ok::<QueryResponse>(&r);
}

#[test]
fn query_lists_operations_objects_and_server_information() {
    let engine = Engine::new();
    for (v, has_set) in [(V1_2, false), (V2_0, true)] {
        let k = Kmip::new(&engine, v);
        let fns = [
            QueryFunction::QUERY_OPERATIONS,
            QueryFunction::QUERY_OBJECTS,
            QueryFunction::QUERY_SERVER_INFORMATION,
        ];
        let bytes = k.send(QueryRequest {
            query_functions: Seq::from_slice(&fns),
        });
        let r = decode(&bytes, v);
        let q = ok::<QueryResponse>(&r);
        let ops = q.operations.to_vec();
        assert!(ops.contains(&Operation::ENCRYPT) && ops.contains(&Operation::LOCATE));
        assert_eq!(ops.contains(&Operation::SET_ATTRIBUTE), has_set);
        assert_eq!(
            q.object_types.to_vec(),
            vec![ObjectType::SYMMETRIC_KEY, ObjectType::SECRET_DATA]
        );
        assert!(q.vendor_identification.unwrap().contains("kmipkit"));
        assert!(q.server_information.is_some());
    }
}

#[test]
fn maximum_response_size_gets_response_too_large() {
    // TC-121: Query with a Maximum Response Size too small for the answer.
    let engine = Engine::new();
    let k = Kmip::new(&engine, V1_4);
    let fns = [QueryFunction::QUERY_OPERATIONS];
    let mut header = RequestHeader::new(V1_4);
    header.maximum_response_size = Some(64);
    let bytes = k.batch_with(
        header,
        &[RequestBatchItem::new(QueryRequest {
            query_functions: Seq::from_slice(&fns),
        })],
    );
    assert_eq!(failure(&bytes, V1_4).0, ResultReason::RESPONSE_TOO_LARGE);
}

// ---------------------------------------------------------------------------------------------
// Lifecycle

#[test]
fn create_then_get_attributes_sklc_m_1() {
    let engine = Engine::new();
    for v in DIALECTS {
        let k = Kmip::new(&engine, v);
        let uid = k.create_with(
            256,
            &[Attribute::new(AttributeValue::Name(Name::text(
                if v.is_v2() {
                    "sklc-m-1-2x"
                } else {
                    "sklc-m-1-1x"
                },
            )))],
        );
        let refs = [
            AttributeReference::Tag(Tag::STATE),
            AttributeReference::Tag(Tag::CRYPTOGRAPHIC_USAGE_MASK),
            AttributeReference::Tag(Tag::UNIQUE_IDENTIFIER),
            AttributeReference::Tag(Tag::OBJECT_TYPE),
            AttributeReference::Tag(Tag::CRYPTOGRAPHIC_ALGORITHM),
            AttributeReference::Tag(Tag::CRYPTOGRAPHIC_LENGTH),
            AttributeReference::Tag(Tag::DIGEST),
            AttributeReference::Tag(Tag::INITIAL_DATE),
            AttributeReference::Tag(Tag::LAST_CHANGE_DATE),
            AttributeReference::Tag(Tag::ACTIVATION_DATE),
        ];
        let bytes = k.send(GetAttributesRequest {
            unique_identifier: Some(Uid::Text(&uid)),
            attribute_references: Seq::from_slice(&refs),
        });
        let r = decode(&bytes, v);
        let a = &ok::<GetAttributesResponse>(&r).attributes;
        assert_eq!(a.state(), Some(State::PRE_ACTIVE), "{v}");
        assert_eq!(
            a.get(Tag::CRYPTOGRAPHIC_ALGORITHM),
            Some(AttributeValue::CryptographicAlgorithm(
                CryptographicAlgorithm::AES
            ))
        );
        assert_eq!(
            a.get(Tag::CRYPTOGRAPHIC_LENGTH),
            Some(AttributeValue::CryptographicLength(256))
        );
        assert_eq!(
            a.get(Tag::INITIAL_DATE),
            Some(AttributeValue::InitialDate(NOW))
        );
        assert!(
            a.get(Tag::DIGEST).is_some(),
            "Digest (SHA-256 of the Raw key)"
        );
        assert_eq!(
            a.get(Tag::ACTIVATION_DATE),
            None,
            "asked for but unset attributes are absent"
        );
        assert_eq!(a.get(Tag::NAME), None, "not asked for");
    }
}

#[test]
fn activate_only_from_pre_active() {
    let engine = Engine::new();
    for v in DIALECTS {
        let k = Kmip::new(&engine, v);
        let uid = k.create();
        k.activate(&uid);
        assert_eq!(state_of(&k.attributes(&uid), v), State::ACTIVE);
        let (reason, message) = failure(&k.send(ActivateRequest::new(uid.as_str())), v);
        assert_eq!(reason, wrong_state(v));
        assert_eq!(
            message,
            format!("object {uid} is Active: only a Pre-Active object can be activated")
        );
    }
}

#[test]
fn destroy_refuses_an_active_key_then_revoke_and_destroy_sklc_m_2() {
    let engine = Engine::new();
    for v in DIALECTS {
        let k = Kmip::new(&engine, v);
        let uid = k.create();
        k.activate(&uid);
        let (reason, message) = failure(&k.send(DestroyRequest::new(uid.as_str())), v);
        assert_eq!(reason, wrong_state(v));
        assert_eq!(
            message,
            format!("object {uid} is Active: revoke it before destroying it")
        );
        // Revoke for Key Compromise with the Compromise Occurrence Date 6 (SKLC-M-2).
        let mut revoke = RevokeRequest::new(uid.as_str(), RevocationReasonCode::KEY_COMPROMISE);
        revoke.compromise_occurrence_date = Some(6);
        ok::<RevokeResponse>(&decode(&k.at(NOW + 5).send(revoke), v));
        let bytes = k.attributes(&uid);
        let r = decode(&bytes, v);
        let a = &ok::<GetAttributesResponse>(&r).attributes;
        assert_eq!(a.state(), Some(State::COMPROMISED));
        assert_eq!(
            a.get(Tag::COMPROMISE_OCCURRENCE_DATE),
            Some(AttributeValue::CompromiseOccurrenceDate(6))
        );
        assert_eq!(
            a.get(Tag::COMPROMISE_DATE),
            Some(AttributeValue::CompromiseDate(NOW + 5))
        );
        ok::<DestroyResponse>(&decode(
            &k.at(NOW + 9).send(DestroyRequest::new(uid.as_str())),
            v,
        ));
        let bytes = k.attributes(&uid);
        let r = decode(&bytes, v);
        let a = &ok::<GetAttributesResponse>(&r).attributes;
        assert_eq!(a.state(), Some(State::DESTROYED_COMPROMISED));
        assert_eq!(
            a.get(Tag::DESTROY_DATE),
            Some(AttributeValue::DestroyDate(NOW + 9))
        );
    }
}

#[test]
fn revoke_without_compromise_deactivates_an_active_key() {
    let engine = Engine::new();
    for v in DIALECTS {
        let k = Kmip::new(&engine, v);
        let uid = k.create();
        // A Pre-Active key was never used: revoking it for Cessation of Operation is refused.
        let pre = RevokeRequest::new(uid.as_str(), RevocationReasonCode::CESSATION_OF_OPERATION);
        let (reason, message) = failure(&k.send(pre), v);
        assert_eq!(reason, wrong_state(v));
        assert!(message.contains("Pre-Active"), "{message}");
        k.activate(&uid);
        ok::<RevokeResponse>(&decode(&k.at(NOW + 1).send(pre), v));
        let bytes = k.attributes(&uid);
        let r = decode(&bytes, v);
        let a = &ok::<GetAttributesResponse>(&r).attributes;
        assert_eq!(a.state(), Some(State::DEACTIVATED));
        assert_eq!(
            a.get(Tag::DEACTIVATION_DATE),
            Some(AttributeValue::DeactivationDate(NOW + 1))
        );
        assert!(matches!(
            a.get(Tag::REVOCATION_REASON),
            Some(AttributeValue::RevocationReason(RevocationReason {
                code: RevocationReasonCode::CESSATION_OF_OPERATION,
                ..
            }))
        ));
        // Key Compromise needs the date it happened.
        let (reason, _) = failure(
            &k.send(RevokeRequest::new(
                uid.as_str(),
                RevocationReasonCode::KEY_COMPROMISE,
            )),
            v,
        );
        assert_eq!(reason, ResultReason::MISSING_DATA);
        ok::<DestroyResponse>(&decode(&k.send(DestroyRequest::new(uid.as_str())), v));
        assert_eq!(state_of(&k.attributes(&uid), v), State::DESTROYED);
    }
}

#[test]
fn get_after_destroy_fails_but_attributes_remain() {
    let engine = Engine::new();
    for v in DIALECTS {
        let k = Kmip::new(&engine, v);
        let uid = k.create();
        ok::<DestroyResponse>(&decode(&k.send(DestroyRequest::new(uid.as_str())), v));
        let (reason, message) = failure(&k.send(GetRequest::new(uid.as_str())), v);
        let expected = if v.is_v2() {
            ResultReason::OBJECT_DESTROYED
        } else {
            ResultReason::ITEM_NOT_FOUND
        };
        assert_eq!(reason, expected);
        assert!(message.contains("destroyed"), "{message}");
        assert_eq!(state_of(&k.attributes(&uid), v), State::DESTROYED);
        // And a second Destroy says so.
        assert_eq!(
            failure(&k.send(DestroyRequest::new(uid.as_str())), v).0,
            expected
        );
    }
}

#[test]
fn an_unknown_uid_is_not_found() {
    let engine = Engine::new();
    for (v, reason) in [
        (V1_4, ResultReason::ITEM_NOT_FOUND),
        (V2_1, ResultReason::OBJECT_NOT_FOUND),
    ] {
        let k = Kmip::new(&engine, v);
        for uid in ["42", "not-a-number", ""] {
            let (r, m) = failure(&k.send(GetRequest::new(uid)), v);
            assert_eq!(r, reason);
            assert!(m.contains(uid), "{m}");
        }
    }
}

#[test]
fn another_owner_is_refused_and_sees_nothing() {
    let engine = Engine::new();
    for v in DIALECTS {
        let alice = Kmip::new(&engine, v).as_owner("alice");
        let bob = alice.as_owner("bob");
        let uid = alice.create();
        for bytes in [
            bob.send(GetRequest::new(uid.as_str())),
            bob.attributes(&uid),
            bob.send(ActivateRequest::new(uid.as_str())),
            bob.send(DestroyRequest::new(uid.as_str())),
        ] {
            let (reason, message) = failure(&bytes, v);
            assert_eq!(reason, ResultReason::PERMISSION_DENIED);
            assert!(message.contains("another client"), "{message}");
        }
        let bytes = bob.send(LocateRequest::default());
        let r = decode(&bytes, v);
        assert!(ok::<LocateResponse>(&r).unique_identifiers.is_empty());
        // Alice still has it, untouched.
        assert_eq!(state_of(&alice.attributes(&uid), v), State::PRE_ACTIVE);
    }
}

#[test]
fn an_activation_date_in_the_past_makes_an_active_key_and_a_future_one_waits() {
    let engine = Engine::new();
    for v in DIALECTS {
        let k = Kmip::new(&engine, v);
        let past = k.create_with(
            128,
            &[Attribute::new(AttributeValue::ActivationDate(NOW - 1))],
        );
        assert_eq!(state_of(&k.attributes(&past), v), State::ACTIVE);
        let future = k.create_with(
            128,
            &[Attribute::new(AttributeValue::ActivationDate(NOW + 60))],
        );
        assert_eq!(state_of(&k.attributes(&future), v), State::PRE_ACTIVE);
        assert_eq!(
            state_of(&k.at(NOW + 60).attributes(&future), v),
            State::ACTIVE
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Get, Register

#[test]
fn register_raw_and_transparent_keys_and_get_them_in_both_formats() {
    let engine = Engine::new();
    for v in DIALECTS {
        let k = Kmip::new(&engine, v);
        let key = [0x11u8; 32];
        for format in [KeyFormatType::RAW, KeyFormatType::TRANSPARENT_SYMMETRIC_KEY] {
            let material = if format == KeyFormatType::RAW {
                KeyMaterial::Bytes(&key)
            } else {
                KeyMaterial::TransparentSymmetricKey(&key)
            };
            let block = KeyBlock {
                key_format_type: format,
                key_compression_type: None,
                key_value: KeyValue::Structure {
                    key_material: material,
                    attributes: Seq::empty(),
                },
                cryptographic_algorithm: Some(CryptographicAlgorithm::AES),
                cryptographic_length: Some(256),
                key_wrapping_data: None,
            };
            let mask = [Attribute::new(AttributeValue::CryptographicUsageMask(
                CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT,
            ))];
            let bytes = k.send(RegisterRequest::new(
                Object::SymmetricKey(block),
                TemplateAttribute::new(&mask),
            ));
            let r = decode(&bytes, v);
            let uid = ok::<RegisterResponse>(&r)
                .unique_identifier
                .as_text()
                .unwrap()
                .to_owned();
            for wanted in [
                None,
                Some(KeyFormatType::RAW),
                Some(KeyFormatType::TRANSPARENT_SYMMETRIC_KEY),
            ] {
                let bytes = k.send(GetRequest {
                    key_format_type: wanted,
                    ..GetRequest::new(uid.as_str())
                });
                let r = decode(&bytes, v);
                let g = ok::<GetResponse>(&r);
                let Object::SymmetricKey(kb) = g.object else {
                    panic!("{:?}", g.object)
                };
                assert_eq!(kb.key_format_type, wanted.unwrap_or(format));
                assert_eq!(kb.plain_key(), Some(&key[..]));
                assert_eq!(kb.cryptographic_length, Some(256));
            }
            let (reason, message) = failure(
                &k.send(GetRequest {
                    key_format_type: Some(KeyFormatType::PKCS_1),
                    ..GetRequest::new(uid.as_str())
                }),
                v,
            );
            assert_eq!(reason, ResultReason::KEY_FORMAT_TYPE_NOT_SUPPORTED);
            assert!(
                message.contains("Raw or Transparent Symmetric Key"),
                "{message}"
            );
        }
    }
}

#[test]
fn register_secret_data_like_libmongocrypt() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, ProtocolVersion::V1_0);
    let seed = [7u8; 96];
    let block = KeyBlock {
        key_format_type: KeyFormatType::OPAQUE,
        key_compression_type: None,
        key_value: KeyValue::bytes(&seed),
        cryptographic_algorithm: None,
        cryptographic_length: None,
        key_wrapping_data: None,
    };
    let bytes = k.send(RegisterRequest::new(
        Object::SecretData {
            secret_data_type: SecretDataType::SEED,
            key_block: block,
        },
        TemplateAttribute::default(),
    ));
    let r = decode(&bytes, k.version);
    let uid = ok::<RegisterResponse>(&r)
        .unique_identifier
        .as_text()
        .unwrap()
        .to_owned();
    k.activate(&uid);
    let bytes = k.send(GetRequest::new(uid.as_str()));
    let r = decode(&bytes, k.version);
    let g = ok::<GetResponse>(&r);
    assert_eq!(g.object_type, ObjectType::SECRET_DATA);
    let Object::SecretData {
        secret_data_type,
        key_block,
    } = g.object
    else {
        panic!("{:?}", g.object)
    };
    assert_eq!(secret_data_type, SecretDataType::SEED);
    assert_eq!(key_block.plain_key(), Some(&seed[..]));
}

#[test]
fn register_refuses_inconsistent_keys() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, V1_4);
    let key = [1u8; 16];
    let mut block = KeyBlock::raw_symmetric(CryptographicAlgorithm::AES, &key);
    block.cryptographic_length = Some(256);
    let (reason, message) = failure(
        &k.send(RegisterRequest::new(
            Object::SymmetricKey(block),
            TemplateAttribute::default(),
        )),
        V1_4,
    );
    assert_eq!(reason, ResultReason::INVALID_FIELD);
    assert!(
        message.contains("256") && message.contains("128"),
        "{message}"
    );
}

// ---------------------------------------------------------------------------------------------
// Locate

#[test]
fn locate_filters_and_pages() {
    let engine = Engine::new();
    for v in [V1_2, V1_4, V2_1] {
        let k = Kmip::new(&engine, v).as_owner(if v.is_v2() {
            "two"
        } else if v == V1_2 {
            "twelve"
        } else {
            "fourteen"
        });
        let group = [Attribute::new(AttributeValue::ObjectGroup("fleet"))];
        let uids: Vec<String> = (0..5).map(|_| k.create_with(128, &group)).collect();
        let other = k.create_with(256, &[]);
        k.activate(&uids[1]);
        let locate = |attrs: &[Attribute<'_>], max: Option<i32>, offset: Option<i32>| {
            let bytes = k.send(LocateRequest {
                maximum_items: max,
                offset_items: offset,
                attributes: Seq::from_slice(attrs),
                ..LocateRequest::default()
            });
            let r = decode(&bytes, v);
            let l = ok::<LocateResponse>(&r);
            let found: Vec<String> = l
                .unique_identifiers
                .iter()
                .map(|u| u.as_text().unwrap().to_owned())
                .collect();
            (found, l.located_items)
        };
        let (all, count) = locate(&group, None, None);
        assert_eq!(all, uids);
        if v == V1_2 {
            // Offset Items and Located Items are KMIP 1.3.
            let paged = locate(&group, Some(2), None);
            assert_eq!(paged.0, uids[..2].to_vec());
            assert_eq!(paged.1, None);
            assert_eq!(count, None);
        } else {
            let paged = locate(&group, Some(2), Some(2));
            assert_eq!(paged.0, uids[2..4].to_vec());
            assert_eq!(paged.1, Some(5), "Located Items counts every match");
            let last = locate(&group, Some(2), Some(4));
            assert_eq!(last.0, uids[4..].to_vec());
        }
        let active = [Attribute::new(AttributeValue::State(State::ACTIVE))];
        assert_eq!(locate(&active, None, None).0, vec![uids[1].clone()]);
        let long = [Attribute::new(AttributeValue::CryptographicLength(256))];
        assert_eq!(locate(&long, None, None).0, vec![other.clone()]);
        let both = [
            Attribute::new(AttributeValue::ObjectType(ObjectType::SYMMETRIC_KEY)),
            Attribute::new(AttributeValue::CryptographicAlgorithm(
                CryptographicAlgorithm::AES,
            )),
            Attribute::new(AttributeValue::ObjectGroup("fleet")),
            Attribute::new(AttributeValue::State(State::PRE_ACTIVE)),
        ];
        assert_eq!(locate(&both, None, None).0.len(), 4);
        let secret = [Attribute::new(AttributeValue::ObjectType(
            ObjectType::SECRET_DATA,
        ))];
        assert!(locate(&secret, None, None).0.is_empty());
        // An Initial Date range (two instances of a date attribute).
        let range = [
            Attribute::new(AttributeValue::InitialDate(NOW - 1)),
            Attribute::new(AttributeValue::InitialDate(NOW + 1)),
        ];
        assert_eq!(locate(&range, None, None).0.len(), 6);
    }
}

#[test]
fn locate_by_name() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, V1_4);
    let uid = k.create_with(
        256,
        &[Attribute::new(AttributeValue::Name(Name::text("master")))],
    );
    k.create();
    let bytes = k.send(LocateRequest {
        attributes: Seq::from_slice(&[Attribute::new(AttributeValue::Name(Name::text("master")))]),
        ..LocateRequest::default()
    });
    let r = decode(&bytes, V1_4);
    assert_eq!(
        ok::<LocateResponse>(&r).unique_identifiers.to_vec(),
        vec![Uid::Text(&uid)]
    );
}

// ---------------------------------------------------------------------------------------------
// Batches

#[test]
fn id_placeholder_carries_the_created_key_through_the_batch() {
    let engine = Engine::new();
    for v in [V1_2, V1_4, V2_0, V2_1] {
        let k = Kmip::new(&engine, v);
        let attrs = aes(256);
        let mut header = RequestHeader::new(v);
        header.batch_order_option = Some(true);
        let bytes = k.batch_with(
            header,
            &[
                RequestBatchItem::new(CreateRequest::symmetric_key(TemplateAttribute::new(&attrs)))
                    .with_id(b"one"),
                RequestBatchItem::new(ActivateRequest::default()).with_id(b"two"),
                RequestBatchItem::new(GetRequest::default()).with_id(b"three"),
                RequestBatchItem::new(GetAttributesRequest::default()).with_id(b"four"),
            ],
        );
        let r = decode(&bytes, v);
        assert_eq!(r.batch_items.len(), 4);
        for (item, id) in r
            .batch_items
            .iter()
            .zip([b"one" as &[u8], b"two", b"three", b"four"])
        {
            assert_eq!(item.unique_batch_item_id, Some(id), "echoed");
            assert!(item.is_success(), "{item:?}");
        }
        let created = r.batch_items[0]
            .payload_as::<CreateResponse>()
            .unwrap()
            .unique_identifier;
        let got = r.batch_items[2].payload_as::<GetResponse>().unwrap();
        assert_eq!(got.unique_identifier, created);
        let attrs = &r.batch_items[3]
            .payload_as::<GetAttributesResponse>()
            .unwrap()
            .attributes;
        assert_eq!(attrs.state(), Some(State::ACTIVE));
    }
}

#[test]
fn v2_placeholder_enumerations_and_indexes() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, V2_1);
    let attrs = aes(128);
    let bytes = k.batch(&[
        RequestBatchItem::new(CreateRequest::symmetric_key(TemplateAttribute::new(&attrs))),
        RequestBatchItem::new(ActivateRequest {
            unique_identifier: Some(Uid::Enumeration(UniqueIdentifierEnum::ID_PLACEHOLDER)),
        }),
        RequestBatchItem::new(GetRequest {
            unique_identifier: Some(Uid::Enumeration(UniqueIdentifierEnum::CREATE)),
            ..GetRequest::default()
        }),
        RequestBatchItem::new(GetAttributesRequest {
            unique_identifier: Some(Uid::Index(0)),
            attribute_references: Seq::empty(),
        }),
    ]);
    let r = decode(&bytes, V2_1);
    assert!(r.batch_items.iter().all(|i| i.is_success()), "{r:?}");
}

#[test]
fn without_a_placeholder_an_item_lacking_its_uid_fails() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, V1_4);
    let (reason, message) = failure(&k.send(GetRequest::default()), V1_4);
    assert_eq!(reason, ResultReason::MISSING_DATA);
    assert!(message.contains("ID Placeholder"), "{message}");
}

#[test]
fn batch_error_continuation_stop_continue_and_undo() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, V1_4);
    let attrs = aes(128);
    let items = [
        RequestBatchItem::new(CreateRequest::symmetric_key(TemplateAttribute::new(&attrs)))
            .with_id(b"a"),
        RequestBatchItem::new(ActivateRequest::new("999")).with_id(b"b"),
        RequestBatchItem::new(QueryRequest::default()).with_id(b"c"),
    ];
    let run = |option: Option<BatchErrorContinuationOption>| {
        let mut header = RequestHeader::new(V1_4);
        header.batch_error_continuation_option = option;
        k.batch_with(header, &items)
    };
    // Stop (the default): the items after the failure are not run.
    let bytes = run(None);
    let r = decode(&bytes, V1_4);
    let statuses: Vec<ResultStatus> = r.batch_items.iter().map(|i| i.result_status).collect();
    assert_eq!(
        statuses,
        vec![ResultStatus::SUCCESS, ResultStatus::OPERATION_FAILED]
    );
    // Continue: all run.
    let bytes = run(Some(BatchErrorContinuationOption::CONTINUE));
    let r = decode(&bytes, V1_4);
    let statuses: Vec<ResultStatus> = r.batch_items.iter().map(|i| i.result_status).collect();
    assert_eq!(
        statuses,
        vec![
            ResultStatus::SUCCESS,
            ResultStatus::OPERATION_FAILED,
            ResultStatus::SUCCESS
        ]
    );
    assert_eq!(engine.snapshot().len(), 2);
    // Undo (BL-M-2): the Create is undone, the store is as before.
    let bytes = run(Some(BatchErrorContinuationOption::UNDO));
    let r = decode(&bytes, V1_4);
    let statuses: Vec<ResultStatus> = r.batch_items.iter().map(|i| i.result_status).collect();
    assert_eq!(
        statuses,
        vec![
            ResultStatus::OPERATION_UNDONE,
            ResultStatus::OPERATION_FAILED
        ]
    );
    assert_eq!(r.batch_items[0].unique_batch_item_id, Some(&b"a"[..]));
    assert_eq!(engine.snapshot().len(), 2, "the undone Create left nothing");
}

// ---------------------------------------------------------------------------------------------
// Encrypt, Decrypt

fn zero_aes128(k: &Kmip<'_>) -> String {
    let key = [0u8; 16];
    let block = KeyBlock::raw_symmetric(CryptographicAlgorithm::AES, &key);
    let bytes = k.send(RegisterRequest::new(
        Object::SymmetricKey(block),
        TemplateAttribute::default(),
    ));
    let r = decode(&bytes, k.version);
    let uid = ok::<RegisterResponse>(&r)
        .unique_identifier
        .as_text()
        .unwrap()
        .to_owned();
    k.activate(&uid);
    uid
}

fn gcm(tag_length: i32) -> CryptographicParameters<'static> {
    CryptographicParameters {
        block_cipher_mode: Some(BlockCipherMode::GCM),
        tag_length: Some(tag_length),
        ..CryptographicParameters::default()
    }
}

#[test]
fn gcm_known_answer_cs_bc_m_gcm_1_and_a_bad_tag() {
    let engine = Engine::new();
    for v in [V1_4, V2_0, V2_1] {
        let k = Kmip::new(&engine, v);
        let uid = zero_aes128(&k);
        let bytes = k.send(EncryptRequest {
            unique_identifier: Some(Uid::Text(&uid)),
            cryptographic_parameters: Some(gcm(16)),
            data: Some(&[0u8; 16]),
            iv_counter_nonce: Some(&[0u8; 12]),
            ..EncryptRequest::default()
        });
        let r = decode(&bytes, v);
        let e = ok::<EncryptResponse>(&r);
        assert_eq!(
            hex::encode(e.data.unwrap()),
            "0388dace60b6a392f328c2b971b2fe78"
        );
        let tag = e.authenticated_encryption_tag.unwrap();
        assert_eq!(hex::encode(tag), "ab6e47d42cec13bdf53a67b21257bddf");
        assert_eq!(e.iv_counter_nonce, None, "the IV was the client's");
        let decrypt = |tag: &[u8], tag_len: i32| {
            k.send(DecryptRequest {
                unique_identifier: Some(Uid::Text(&uid)),
                cryptographic_parameters: Some(gcm(tag_len)),
                data: e.data,
                iv_counter_nonce: Some(&[0u8; 12]),
                authenticated_encryption_tag: Some(tag),
                ..DecryptRequest::default()
            })
        };
        let bytes = decrypt(tag, 16);
        let r = decode(&bytes, v);
        assert_eq!(ok::<DecryptResponse>(&r).data, Some(&[0u8; 16][..]));
        // Tag Length 12 with the truncated tag still decrypts.
        let bytes = decrypt(&tag[..12], 12);
        let r = decode(&bytes, v);
        assert_eq!(ok::<DecryptResponse>(&r).data, Some(&[0u8; 16][..]));
        let mut bad = tag.to_vec();
        bad[15] ^= 0x80;
        let (reason, message) = failure(&decrypt(&bad, 16), v);
        assert_eq!(reason, ResultReason::CRYPTOGRAPHIC_FAILURE);
        assert!(message.contains("tag"), "{message}");
    }
}

#[test]
fn gcm_with_additional_data_and_a_server_made_iv() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, V1_4);
    let uid = k.create();
    k.activate(&uid);
    let bytes = k.send(EncryptRequest {
        unique_identifier: Some(Uid::Text(&uid)),
        cryptographic_parameters: Some(gcm(16)),
        data: Some(b"the KEK"),
        authenticated_encryption_additional_data: Some(b"keystore-1"),
        ..EncryptRequest::default()
    });
    let r = decode(&bytes, V1_4);
    let e = ok::<EncryptResponse>(&r);
    let iv = e
        .iv_counter_nonce
        .expect("the server made an IV and says which");
    assert_eq!(iv.len(), 12);
    for (aad, expect_ok) in [(&b"keystore-1"[..], true), (&b"keystore-2"[..], false)] {
        let bytes = k.send(DecryptRequest {
            unique_identifier: Some(Uid::Text(&uid)),
            cryptographic_parameters: Some(gcm(16)),
            data: e.data,
            iv_counter_nonce: Some(iv),
            authenticated_encryption_additional_data: Some(aad),
            authenticated_encryption_tag: e.authenticated_encryption_tag,
            ..DecryptRequest::default()
        });
        if expect_ok {
            assert_eq!(
                ok::<DecryptResponse>(&decode(&bytes, V1_4)).data,
                Some(&b"the KEK"[..])
            );
        } else {
            assert_eq!(failure(&bytes, V1_4).0, ResultReason::CRYPTOGRAPHIC_FAILURE);
        }
    }
}

#[test]
fn gcm_needs_kmip_1_4_and_cbc_works_from_1_2() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, V1_2);
    let uid = k.create();
    k.activate(&uid);
    let (reason, message) = failure(
        &k.send(EncryptRequest {
            unique_identifier: Some(Uid::Text(&uid)),
            cryptographic_parameters: Some(gcm(16)),
            data: Some(b"x"),
            ..EncryptRequest::default()
        }),
        V1_2,
    );
    assert_eq!(reason, ResultReason::FEATURE_NOT_SUPPORTED);
    assert!(message.contains("1.4"), "{message}");
    let cbc = CryptographicParameters {
        block_cipher_mode: Some(BlockCipherMode::CBC),
        padding_method: Some(PaddingMethod::PKCS5),
        ..CryptographicParameters::default()
    };
    let bytes = k.send(EncryptRequest {
        unique_identifier: Some(Uid::Text(&uid)),
        cryptographic_parameters: Some(cbc),
        data: Some(b"seventeen bytes!!"),
        ..EncryptRequest::default()
    });
    let r = decode(&bytes, V1_2);
    let e = ok::<EncryptResponse>(&r);
    assert_eq!(e.data.unwrap().len(), 32, "PKCS#5 pads 17 bytes to 32");
    let bytes = k.send(DecryptRequest {
        unique_identifier: Some(Uid::Text(&uid)),
        cryptographic_parameters: Some(cbc),
        data: e.data,
        iv_counter_nonce: e.iv_counter_nonce,
        ..DecryptRequest::default()
    });
    assert_eq!(
        ok::<DecryptResponse>(&decode(&bytes, V1_2)).data,
        Some(&b"seventeen bytes!!"[..])
    );
    // Encrypt is KMIP 1.2: a 1.1 request is refused.
    let k11 = Kmip::new(&engine, ProtocolVersion::V1_1);
    let (reason, _) = failure(
        &k11.send(EncryptRequest {
            unique_identifier: Some(Uid::Text(&uid)),
            cryptographic_parameters: Some(cbc),
            data: Some(b"x"),
            ..EncryptRequest::default()
        }),
        ProtocolVersion::V1_1,
    );
    assert_eq!(reason, ResultReason::OPERATION_NOT_SUPPORTED);
}

#[test]
fn encryption_follows_state_and_usage_mask() {
    let engine = Engine::new();
    for v in DIALECTS {
        let k = Kmip::new(&engine, v);
        let encrypt_only = [Attribute::new(AttributeValue::CryptographicUsageMask(
            CryptographicUsageMask::ENCRYPT,
        ))];
        let attrs = [aes(128)[0], aes(128)[1], encrypt_only[0]];
        let bytes = k.send(CreateRequest::symmetric_key(TemplateAttribute::new(&attrs)));
        let r = decode(&bytes, v);
        let uid = ok::<CreateResponse>(&r)
            .unique_identifier
            .as_text()
            .unwrap()
            .to_owned();
        let encrypt = EncryptRequest {
            unique_identifier: Some(Uid::Text(&uid)),
            cryptographic_parameters: Some(gcm(16)),
            data: Some(b"x"),
            ..EncryptRequest::default()
        };
        let (reason, message) = failure(&k.send(encrypt), v);
        assert_eq!(reason, wrong_state(v), "a Pre-Active key does not encrypt");
        assert!(message.contains("Pre-Active"), "{message}");
        k.activate(&uid);
        let bytes = k.send(encrypt);
        let r = decode(&bytes, v);
        let e = ok::<EncryptResponse>(&r);
        let (reason, _) = failure(
            &k.send(DecryptRequest {
                unique_identifier: Some(Uid::Text(&uid)),
                cryptographic_parameters: Some(gcm(16)),
                data: e.data,
                iv_counter_nonce: e.iv_counter_nonce,
                authenticated_encryption_tag: e.authenticated_encryption_tag,
                ..DecryptRequest::default()
            }),
            v,
        );
        let expected = if v.is_v2() {
            ResultReason::INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK
        } else {
            ResultReason::PERMISSION_DENIED
        };
        assert_eq!(reason, expected);
    }
}

#[test]
fn a_deactivated_key_decrypts_but_does_not_encrypt() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, V2_1);
    let uid = k.create();
    k.activate(&uid);
    let bytes = k.send(EncryptRequest {
        unique_identifier: Some(Uid::Text(&uid)),
        cryptographic_parameters: Some(gcm(16)),
        data: Some(b"old data"),
        ..EncryptRequest::default()
    });
    let r = decode(&bytes, V2_1);
    let e = ok::<EncryptResponse>(&r);
    ok::<RevokeResponse>(&decode(
        &k.send(RevokeRequest::new(
            uid.as_str(),
            RevocationReasonCode::SUPERSEDED,
        )),
        V2_1,
    ));
    let decrypt = k.send(DecryptRequest {
        unique_identifier: Some(Uid::Text(&uid)),
        cryptographic_parameters: Some(gcm(16)),
        data: e.data,
        iv_counter_nonce: e.iv_counter_nonce,
        authenticated_encryption_tag: e.authenticated_encryption_tag,
        ..DecryptRequest::default()
    });
    assert_eq!(
        ok::<DecryptResponse>(&decode(&decrypt, V2_1)).data,
        Some(&b"old data"[..])
    );
    let (reason, _) = failure(
        &k.send(EncryptRequest {
            unique_identifier: Some(Uid::Text(&uid)),
            cryptographic_parameters: Some(gcm(16)),
            data: Some(b"new data"),
            ..EncryptRequest::default()
        }),
        V2_1,
    );
    assert_eq!(reason, ResultReason::WRONG_KEY_LIFECYCLE_STATE);
}

// ---------------------------------------------------------------------------------------------
// Attributes

#[test]
fn add_modify_delete_attributes_in_both_dialects() {
    let engine = Engine::new();
    for v in DIALECTS {
        let k = Kmip::new(&engine, v);
        let uid = k.create();
        let add = |value: AttributeValue<'static>| {
            k.send(AddAttributeRequest {
                unique_identifier: Some(Uid::Text(&uid)),
                attribute: Attribute::new(value),
            })
        };
        ok::<AddAttributeResponse>(&decode(&add(AttributeValue::Description("one")), v));
        // BL-M-5: a second Description is refused.
        let (reason, _) = failure(&add(AttributeValue::Description("two")), v);
        let expected = if v.is_v2() {
            ResultReason::ATTRIBUTE_SINGLE_VALUED
        } else {
            ResultReason::INVALID_FIELD
        };
        assert_eq!(reason, expected);
        // Custom attributes (1.x x-Name, 2.x vendor x) are multi-valued.
        let custom = |t: &'static str| {
            AttributeValue::Custom(CustomAttribute::client("Purpose", RawValue::Text(t)))
        };
        ok::<AddAttributeResponse>(&decode(&add(custom("backup")), v));
        let bytes = add(custom("audit"));
        let r = decode(&bytes, v);
        let echoed = ok::<AddAttributeResponse>(&r).attribute;
        if v.is_v2() {
            assert_eq!(echoed, None);
        } else {
            assert_eq!(echoed.unwrap().index, Some(1), "the second instance");
        }
        // Names: add two, modify the second, delete the first.
        ok::<AddAttributeResponse>(&decode(
            &add(AttributeValue::Name(Name::text(if v.is_v2() {
                "n2-a"
            } else {
                "n1-a"
            }))),
            v,
        ));
        ok::<AddAttributeResponse>(&decode(
            &add(AttributeValue::Name(Name::text(if v.is_v2() {
                "n2-b"
            } else {
                "n1-b"
            }))),
            v,
        ));
        let modify = if v.is_v2() {
            ModifyAttributeRequest {
                unique_identifier: Some(Uid::Text(&uid)),
                current_attribute: Some(Attribute::new(AttributeValue::Name(Name::text("n2-b")))),
                attribute: Attribute::new(AttributeValue::Name(Name::text("n2-c"))),
            }
        } else {
            ModifyAttributeRequest {
                unique_identifier: Some(Uid::Text(&uid)),
                current_attribute: None,
                attribute: Attribute {
                    index: Some(1),
                    value: AttributeValue::Name(Name::text("n1-c")),
                },
            }
        };
        ok::<ModifyAttributeResponse>(&decode(&k.send(modify), v));
        let delete = if v.is_v2() {
            DeleteAttributeRequest {
                unique_identifier: Some(Uid::Text(&uid)),
                current_attribute: Some(Attribute::new(AttributeValue::Name(Name::text("n2-a")))),
                ..DeleteAttributeRequest::default()
            }
        } else {
            DeleteAttributeRequest {
                unique_identifier: Some(Uid::Text(&uid)),
                attribute_reference: Some(AttributeReference::Tag(Tag::NAME)),
                attribute_index: Some(0),
                ..DeleteAttributeRequest::default()
            }
        };
        ok::<DeleteAttributeResponse>(&decode(&k.send(delete), v));
        let bytes = k.attributes(&uid);
        let r = decode(&bytes, v);
        let a = &ok::<GetAttributesResponse>(&r).attributes;
        let names: Vec<&str> = a
            .iter()
            .filter_map(|x| match x.value {
                AttributeValue::Name(n) => Some(n.value),
                _ => None,
            })
            .collect();
        assert_eq!(names, vec![if v.is_v2() { "n2-c" } else { "n1-c" }]);
        assert_eq!(
            a.get(Tag::DESCRIPTION),
            Some(AttributeValue::Description("one"))
        );
        let purposes = a
            .iter()
            .filter(|x| matches!(x.value, AttributeValue::Custom(c) if c.name == "Purpose"))
            .count();
        assert_eq!(purposes, 2);
        // Get Attribute List names each attribute once.
        let bytes = k.send(GetAttributeListRequest {
            unique_identifier: Some(Uid::Text(&uid)),
        });
        let r = decode(&bytes, v);
        let list = ok::<GetAttributeListResponse>(&r)
            .attribute_references
            .to_vec();
        assert!(list.contains(&AttributeReference::Tag(Tag::STATE)));
        assert!(list.contains(&AttributeReference::Tag(Tag::DESCRIPTION)));
        assert!(list.contains(&AttributeReference::Vendor {
            vendor: "x",
            name: "Purpose"
        }));
        assert_eq!(
            list.iter()
                .filter(|r| **r == AttributeReference::Tag(Tag::NAME))
                .count(),
            1
        );
    }
}

/// The single-valued typed attributes the client may change: Add needs them absent, Modify
/// present, and the dates go through the lifecycle checks either way.
#[test]
fn usage_mask_and_dates_add_only_when_absent_modify_only_when_present() {
    let engine = Engine::new();
    for v in DIALECTS {
        let k = Kmip::new(&engine, v);
        let uid = k.create();
        let add = |value: AttributeValue<'static>| {
            k.send(AddAttributeRequest {
                unique_identifier: Some(Uid::Text(&uid)),
                attribute: Attribute::new(value),
            })
        };
        let modify = |value: AttributeValue<'static>| {
            k.send(ModifyAttributeRequest {
                unique_identifier: Some(Uid::Text(&uid)),
                current_attribute: None,
                attribute: Attribute::new(value),
            })
        };
        let single = if v.is_v2() {
            ResultReason::ATTRIBUTE_SINGLE_VALUED
        } else {
            ResultReason::INVALID_FIELD
        };
        let not_found = if v.is_v2() {
            ResultReason::ATTRIBUTE_NOT_FOUND
        } else {
            ResultReason::ITEM_NOT_FOUND
        };
        let mask = CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT;
        // The key was made with a usage mask: Add is refused, Modify works.
        let (reason, _) = failure(&add(AttributeValue::CryptographicUsageMask(mask)), v);
        assert_eq!(reason, single, "{v}");
        ok::<ModifyAttributeResponse>(&decode(
            &modify(AttributeValue::CryptographicUsageMask(
                CryptographicUsageMask::ENCRYPT,
            )),
            v,
        ));
        // No Deactivation Date yet: Modify is refused, Add works, then a second Add is refused.
        let later = 4_000_000_000;
        let (reason, _) = failure(&modify(AttributeValue::DeactivationDate(later)), v);
        assert_eq!(reason, not_found, "{v}");
        ok::<AddAttributeResponse>(&decode(&add(AttributeValue::DeactivationDate(later)), v));
        let (reason, _) = failure(&add(AttributeValue::DeactivationDate(later)), v);
        assert_eq!(reason, single, "{v}");
        ok::<ModifyAttributeResponse>(&decode(
            &modify(AttributeValue::DeactivationDate(later + 1)),
            v,
        ));
    }
}

#[test]
fn server_attributes_are_read_only_bl_m_7() {
    let engine = Engine::new();
    for v in DIALECTS {
        let k = Kmip::new(&engine, v);
        let uid = k.create();
        let (reason, message) = failure(
            &k.send(AddAttributeRequest {
                unique_identifier: Some(Uid::Text(&uid)),
                attribute: Attribute::new(AttributeValue::State(State::ACTIVE)),
            }),
            v,
        );
        let expected = if v.is_v2() {
            ResultReason::ATTRIBUTE_READ_ONLY
        } else {
            ResultReason::PERMISSION_DENIED
        };
        assert_eq!(reason, expected);
        assert!(message.contains("State"), "{message}");
        if v.is_v2() {
            let (reason, _) = failure(
                &k.send(SetAttributeRequest {
                    unique_identifier: Some(Uid::Text(&uid)),
                    new_attribute: Attribute::new(AttributeValue::State(State::ACTIVE)),
                }),
                v,
            );
            assert_eq!(reason, ResultReason::ATTRIBUTE_READ_ONLY);
        }
    }
}

#[test]
fn the_activation_date_of_an_active_key_cannot_change_sklc_m_3() {
    let engine = Engine::new();
    for v in DIALECTS {
        let k = Kmip::new(&engine, v);
        let uid = k.create();
        k.activate(&uid);
        let (reason, message) = failure(
            &k.send(ModifyAttributeRequest {
                unique_identifier: Some(Uid::Text(&uid)),
                current_attribute: None,
                attribute: Attribute::new(AttributeValue::ActivationDate(NOW + 100)),
            }),
            v,
        );
        assert_eq!(reason, wrong_state(v));
        assert!(message.contains("Active"), "{message}");
    }
}

#[test]
fn set_attribute_is_2_x_and_single_valued() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, V2_0);
    let uid = k.create();
    let set = |value: AttributeValue<'static>| {
        k.send(SetAttributeRequest {
            unique_identifier: Some(Uid::Text(&uid)),
            new_attribute: Attribute::new(value),
        })
    };
    ok::<SetAttributeResponse>(&decode(&set(AttributeValue::Comment("a")), V2_0));
    ok::<SetAttributeResponse>(&decode(&set(AttributeValue::Comment("b")), V2_0));
    let bytes = k.attributes(&uid);
    let r = decode(&bytes, V2_0);
    assert_eq!(
        ok::<GetAttributesResponse>(&r).attributes.get(Tag::COMMENT),
        Some(AttributeValue::Comment("b"))
    );
    let (reason, _) = failure(&set(AttributeValue::Name(Name::text("x"))), V2_0);
    assert_eq!(reason, ResultReason::MULTI_VALUED_ATTRIBUTE);
}

#[test]
fn asking_twice_for_one_attribute_is_an_invalid_field_tc_171() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, V1_4);
    let uid = k.create();
    let refs = [
        AttributeReference::Tag(Tag::STATE),
        AttributeReference::Tag(Tag::STATE),
    ];
    let (reason, message) = failure(
        &k.send(GetAttributesRequest {
            unique_identifier: Some(Uid::Text(&uid)),
            attribute_references: Seq::from_slice(&refs),
        }),
        V1_4,
    );
    assert_eq!(reason, ResultReason::INVALID_FIELD);
    assert!(message.contains("State"), "{message}");
}

#[test]
fn names_are_unique_among_live_objects_bl_m_8() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, V2_1);
    let name = [Attribute::new(AttributeValue::Name(Name::text("unique")))];
    let first = k.create_with(128, &name);
    let attrs = [aes(128)[0], aes(128)[1], name[0]];
    let (reason, message) = failure(
        &k.send(CreateRequest::symmetric_key(TemplateAttribute::new(&attrs))),
        V2_1,
    );
    assert_eq!(reason, ResultReason::NON_UNIQUE_NAME_ATTRIBUTE);
    assert!(message.contains(&first), "{message}");
    // Another client may use the name; once the first key is destroyed, so may this one.
    k.as_owner("someone_else").create_with(128, &name);
    ok::<DestroyResponse>(&decode(&k.send(DestroyRequest::new(first.as_str())), V2_1));
    k.create_with(128, &name);
}

#[test]
fn rekey_replaces_the_key_and_moves_its_names() {
    let engine = Engine::new();
    for v in DIALECTS {
        let k = Kmip::new(&engine, v);
        let name = if v.is_v2() {
            "rotating-2"
        } else {
            "rotating-1"
        };
        let old = k.create_with(
            256,
            &[Attribute::new(AttributeValue::Name(Name::text(name)))],
        );
        k.activate(&old);
        let bytes = k.at(NOW + 10).send(ReKeyRequest {
            unique_identifier: Some(Uid::Text(&old)),
            offset: Some(0),
            ..ReKeyRequest::default()
        });
        let r = decode(&bytes, v);
        let new = ok::<ReKeyResponse>(&r)
            .unique_identifier
            .as_text()
            .unwrap()
            .to_owned();
        assert_ne!(new, old);
        let k2 = k.at(NOW + 10);
        let bytes = k2.attributes(&new);
        let r = decode(&bytes, v);
        let a = &ok::<GetAttributesResponse>(&r).attributes;
        assert_eq!(a.state(), Some(State::ACTIVE), "Offset 0: active at once");
        assert_eq!(
            a.get(Tag::NAME),
            Some(AttributeValue::Name(Name::text(name)))
        );
        assert!(matches!(
            a.get(Tag::LINK),
            Some(AttributeValue::Link(Link {
                link_type: LinkType::REPLACED_OBJECT_LINK,
                ..
            }))
        ));
        let bytes = k2.attributes(&old);
        let r = decode(&bytes, v);
        let a = &ok::<GetAttributesResponse>(&r).attributes;
        assert_eq!(a.get(Tag::NAME), None, "the name moved");
        assert!(matches!(
            a.get(Tag::LINK),
            Some(AttributeValue::Link(Link {
                link_type: LinkType::REPLACEMENT_OBJECT_LINK,
                ..
            }))
        ));
        // Different key bytes.
        let get = |uid: &str| {
            let bytes = k2.send(GetRequest::new(uid));
            let r = decode(&bytes, v);
            ok::<GetResponse>(&r)
                .object
                .key_block()
                .unwrap()
                .plain_key()
                .unwrap()
                .to_vec()
        };
        assert_ne!(get(&old), get(&new));
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile input

/// A small deterministic generator (xorshift) for the mutation loop.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Whatever bytes arrive, the engine answers a Response Message that decodes (and does not
/// panic or hang).
#[test]
fn hostile_bytes_always_get_a_well_formed_answer() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, V1_4);
    let uid = k.create();
    let attrs = aes(128);
    let seeds: Vec<Vec<u8>> = [V1_4, V2_1]
        .into_iter()
        .flat_map(|v| {
            let h = RequestHeader::new(v);
            [
                encode_request(
                    h,
                    &[
                        RequestBatchItem::new(CreateRequest::symmetric_key(
                            TemplateAttribute::new(&attrs),
                        ))
                        .with_id(b"1"),
                        RequestBatchItem::new(ActivateRequest::default()).with_id(b"2"),
                        RequestBatchItem::new(GetRequest::default()).with_id(b"3"),
                    ],
                ),
                encode_request(
                    h,
                    &[RequestBatchItem::new(GetAttributesRequest {
                        unique_identifier: Some(Uid::Text(&uid)),
                        attribute_references: Seq::empty(),
                    })],
                ),
                encode_request(
                    h,
                    &[RequestBatchItem::new(EncryptRequest {
                        unique_identifier: Some(Uid::Text(&uid)),
                        cryptographic_parameters: Some(gcm(16)),
                        data: Some(b"abc"),
                        ..EncryptRequest::default()
                    })],
                ),
            ]
        })
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut answered = 0;
    for round in 0..3000 {
        let mut bytes = seeds[round % seeds.len()].clone();
        match rng.below(4) {
            0 => {
                let n = rng.below(bytes.len());
                bytes.truncate(n);
            }
            1 => {
                for _ in 0..1 + rng.below(4) {
                    let i = rng.below(bytes.len());
                    bytes[i] ^= 1 << rng.below(8);
                }
            }
            2 => {
                let i = rng.below(bytes.len());
                bytes[i] = rng.next() as u8;
            }
            _ => bytes = (0..rng.below(64)).map(|_| rng.next() as u8).collect(),
        }
        let response = engine.handle(&bytes, "fuzzer", NOW).response;
        let r = ResponseMessage::<'_, 16>::decode(&response, ProtocolVersion::V1_0)
            .or_else(|_| ResponseMessage::<'_, 16>::decode(&response, V2_1))
            .unwrap_or_else(|e| panic!("round {round}: {e}: {}", hex::encode(&response)));
        assert!(!r.batch_items.is_empty());
        answered += 1;
    }
    assert_eq!(answered, 3000);
}

#[test]
fn garbage_gets_invalid_message_in_kmip_1_0() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, ProtocolVersion::V1_0);
    let bytes = k.raw(b"GET / HTTP/1.1\r\n\r\n");
    let r = decode(&bytes, ProtocolVersion::V1_0);
    assert_eq!(r.header.protocol_version, ProtocolVersion::V1_0);
    let item = r.first().unwrap();
    assert_eq!(item.result_reason, Some(ResultReason::INVALID_MESSAGE));
    assert_eq!(item.operation, None);
}

// ---------------------------------------------------------------------------------------------
// Persistence

#[test]
fn the_store_survives_a_round_trip_through_its_file_format() {
    let engine = Engine::new();
    let k = Kmip::new(&engine, V1_4);
    let uid = k.create_with(
        256,
        &[
            Attribute::new(AttributeValue::Name(Name::text("kept"))),
            Attribute::new(AttributeValue::Custom(CustomAttribute::client(
                "Owner",
                RawValue::Text("ops"),
            ))),
        ],
    );
    k.activate(&uid);
    let store = engine.snapshot();
    let bytes = to_bytes(&store);
    let again = from_bytes(&bytes, std::path::Path::new("objects.json")).unwrap();
    let engine2 = Engine::with_store(again);
    let k2 = Kmip::new(&engine2, V2_1);
    let a1 = k.attributes(&uid);
    let a2 = k2.attributes(&uid);
    let r1 = decode(&a1, V1_4);
    let r2 = decode(&a2, V2_1);
    let l1 = &ok::<GetAttributesResponse>(&r1).attributes;
    let l2 = &ok::<GetAttributesResponse>(&r2).attributes;
    assert_eq!(l1.len(), l2.len());
    assert_eq!(l2.state(), Some(State::ACTIVE));
    let get = |k: &Kmip<'_>| {
        let b = k.send(GetRequest::new(uid.as_str()));
        let r = decode(&b, k.version);
        ok::<GetResponse>(&r)
            .object
            .key_block()
            .unwrap()
            .plain_key()
            .unwrap()
            .to_vec()
    };
    assert_eq!(get(&k), get(&k2));
    // Numbering goes on after the loaded objects.
    assert_eq!(k2.create(), "2");
}

#[test]
fn a_damaged_store_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("objects.json");
    std::fs::write(
        &path,
        b"{\"format\": \"kmipkit-dev-server-objects/1\", \"next_id\": 1, \"objects\": [{}]}",
    )
    .unwrap();
    let err = FileStore::new(&path).load().unwrap_err();
    let text = err.to_string();
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert!(text.contains("never reset silently"), "{text}");
    std::fs::write(&path, b"not json").unwrap();
    assert!(FileStore::new(&path).load().is_err());
    assert!(FileStore::new(dir.path().join("absent.json"))
        .load()
        .unwrap()
        .is_none());
}

#[test]
fn a_persistent_engine_saves_every_change_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("objects.json");
    let engine = Engine::new().with_persistence(Box::new(FileStore::new(&path)));
    let k = Kmip::new(&engine, V1_4);
    let uid = k.create();
    let saved = FileStore::new(&path).load().unwrap().expect("saved");
    assert_eq!(saved.len(), 1);
    k.activate(&uid);
    let saved = FileStore::new(&path).load().unwrap().unwrap();
    assert_eq!(saved.iter().next().unwrap().state, State::ACTIVE);
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["objects.json".to_owned()]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the file holds keys");
    }
}

#[test]
fn when_saving_fails_the_change_is_not_made() {
    struct Broken;
    impl Persistence for Broken {
        fn save(&self, _: &Store) -> Result<(), kmipkit::server::PersistError> {
            Err(kmipkit::server::PersistError::Write {
                path: "/nowhere/objects.json".into(),
                source: std::io::Error::other("disk full"),
            })
        }
    }
    let engine = Engine::new().with_persistence(Box::new(Broken));
    let k = Kmip::new(&engine, V1_4);
    let attrs = aes(128);
    let (reason, message) = failure(
        &k.send(CreateRequest::symmetric_key(TemplateAttribute::new(&attrs))),
        V1_4,
    );
    assert_eq!(reason, ResultReason::GENERAL_FAILURE);
    assert!(message.contains("disk full"), "{message}");
    assert!(engine.snapshot().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Limits

#[test]
fn the_store_is_bounded_in_objects_and_bytes() {
    use kmipkit::server::EngineLimits;
    let engine = Engine::new().with_limits(EngineLimits {
        max_objects: 2,
        ..EngineLimits::default()
    });
    let k = Kmip::new(&engine, V2_1);
    let first = k.create();
    k.create();
    let attrs = aes(128);
    let (reason, message) = failure(
        &k.send(CreateRequest::symmetric_key(TemplateAttribute::new(&attrs))),
        V2_1,
    );
    assert_eq!(reason, ResultReason::SERVER_LIMIT_EXCEEDED);
    assert!(message.contains("at most 2 objects"), "{message}");
    // Destroying still works at the limit.
    ok::<DestroyResponse>(&decode(&k.send(DestroyRequest::new(first.as_str())), V2_1));

    let engine = Engine::new().with_limits(EngineLimits {
        max_store_bytes: 4096,
        ..EngineLimits::default()
    });
    let k = Kmip::new(&engine, V1_4);
    let big = [7u8; 3000];
    let register = |k: &Kmip<'_>| {
        let block = KeyBlock {
            key_format_type: KeyFormatType::OPAQUE,
            key_compression_type: None,
            key_value: KeyValue::bytes(&big),
            cryptographic_algorithm: None,
            cryptographic_length: None,
            key_wrapping_data: None,
        };
        k.send(RegisterRequest::new(
            Object::SecretData {
                secret_data_type: SecretDataType::PASSWORD,
                key_block: block,
            },
            TemplateAttribute::default(),
        ))
    };
    let bytes = register(&k);
    let r = decode(&bytes, V1_4);
    let uid = ok::<RegisterResponse>(&r)
        .unique_identifier
        .as_text()
        .unwrap()
        .to_owned();
    let bytes = register(&k);
    ok::<RegisterResponse>(&decode(&bytes, V1_4));
    let (reason, message) = failure(&register(&k), V1_4);
    assert_eq!(reason, ResultReason::GENERAL_FAILURE);
    assert!(message.contains("budget"), "{message}");
    // Destroying frees the material, and the budget with it.
    ok::<DestroyResponse>(&decode(&k.send(DestroyRequest::new(uid.as_str())), V1_4));
    ok::<RegisterResponse>(&decode(&register(&k), V1_4));
}
