//! The PyKMIP captures (`shared/kmip/pykmip-captures`, KMIP 1.0, 1.2 and 1.4): every request is
//! rebuilt with this crate's API and compared byte for byte; every response is decoded and its
//! values checked. The 2.0 captures the README mentions are not in the folder; KMIP 2.x is
//! covered by the vectors (`kmip_vectors.rs`). See `core/tests/VECTORS.md` for the table.

mod kmip_shared;

use kmip_shared::*;
use kmipkit_core::kmip::ops::*;
use kmipkit_core::kmip::*;
use kmipkit_core::ttlv::{
    BlockCipherMode, CryptographicAlgorithm, CryptographicUsageMask, KeyFormatType, ObjectType,
    Operation, PaddingMethod, QueryFunction, ResultReason, ResultStatus, RevocationReasonCode,
    State, Tag,
};

/// What differs between the three runs of `kmip_ops.py`.
struct Run {
    v: ProtocolVersion,
    prefix: &'static str,
    key: &'static str,
    registered: &'static str,
    name: &'static str,
    reg_name: &'static str,
    /// The CBC ciphertext the run's Decrypt sends (from its Encrypt answer); none in 1.0.
    cbc_ciphertext: Option<&'static str>,
}

const RUNS: [Run; 3] = [
    Run {
        v: ProtocolVersion::V1_0,
        prefix: "kmip10",
        key: "19",
        registered: "20",
        name: "feas-key-1.0-8123",
        reg_name: "reg-1.0",
        cbc_ciphertext: None,
    },
    Run {
        v: ProtocolVersion::V1_2,
        prefix: "kmip12",
        key: "13",
        registered: "14",
        name: "feas-key-1.2-8073",
        reg_name: "reg-1.2",
        cbc_ciphertext: Some("fa3dd064ca0885d68d16b26de71dc980cd1b44cea43c2250b732c6355f3e75b2"),
    },
    Run {
        v: ProtocolVersion::V1_4,
        prefix: "kmip14",
        key: "15",
        registered: "16",
        name: "feas-key-1.4-8105",
        reg_name: "reg-1.4",
        cbc_ciphertext: Some("ce5faa0b83866f281b4d51a1ae3e3dc0696ae29d54e5762957ec8979accfd626"),
    },
];

#[derive(Clone, Copy, Debug)]
enum Step {
    DiscoverVersions,
    Query,
    Create,
    GetState(State),
    Activate,
    GetThree,
    GetKey,
    Locate,
    EncryptCbc,
    DecryptCbc,
    EncryptGcm,
    Revoke,
    Destroy,
    Register,
    GetRegistered,
    DestroyRegistered,
}

fn steps(v: ProtocolVersion) -> Vec<(&'static str, Step)> {
    use Step::*;
    let mut s = vec![
        ("01_discover_versions", DiscoverVersions),
        ("02_query", Query),
        ("03_create", Create),
        ("04_get_attributes", GetState(State::PRE_ACTIVE)),
        ("05_activate", Activate),
        ("06_get_attributes", GetThree),
        ("07_get", GetKey),
        ("08_get", GetKey),
        ("09_locate", Locate),
        ("10_encrypt", EncryptCbc),
    ];
    if v == ProtocolVersion::V1_0 {
        s.extend([
            ("11_encrypt", EncryptGcm),
            ("12_revoke", Revoke),
            ("13_get_attributes", GetState(State::DEACTIVATED)),
            ("14_destroy", Destroy),
            ("15_register", Register),
            ("16_get", GetRegistered),
            ("17_destroy", DestroyRegistered),
        ]);
    } else {
        s.extend([
            ("11_decrypt", DecryptCbc),
            ("12_encrypt", EncryptGcm),
            ("13_revoke", Revoke),
            ("14_get_attributes", GetState(State::DEACTIVATED)),
            ("15_destroy", Destroy),
            ("16_register", Register),
            ("17_get", GetRegistered),
            ("18_destroy", DestroyRegistered),
        ]);
    }
    s
}

const KEY128: [u8; 16] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

fn cbc_params() -> CryptographicParameters<'static> {
    CryptographicParameters {
        block_cipher_mode: Some(BlockCipherMode::CBC),
        padding_method: Some(PaddingMethod::PKCS5),
        cryptographic_algorithm: Some(CryptographicAlgorithm::AES),
        ..Default::default()
    }
}

/// Builds the request of `step` with the public API and encodes it.
fn build(run: &Run, step: Step) -> Vec<u8> {
    let v = run.v;
    let key = Uid::Text(run.key);
    let name = [Attribute::new(AttributeValue::Name(Name::text(run.name)))];
    let create_attrs = [
        Attribute::new(AttributeValue::CryptographicAlgorithm(
            CryptographicAlgorithm::AES,
        )),
        Attribute::new(AttributeValue::CryptographicLength(256)),
        Attribute::new(AttributeValue::CryptographicUsageMask(
            CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT,
        )),
        Attribute::new(AttributeValue::Name(Name::text(run.name))),
    ];
    let reg_attrs = [
        Attribute::new(AttributeValue::CryptographicUsageMask(
            CryptographicUsageMask(12),
        )),
        Attribute::new(AttributeValue::Name(Name::text(run.reg_name))),
    ];
    let functions = [
        QueryFunction::QUERY_OPERATIONS,
        QueryFunction::QUERY_OBJECTS,
        QueryFunction::QUERY_SERVER_INFORMATION,
    ];
    let state = [AttributeReference::Tag(Tag::STATE)];
    let three = [
        AttributeReference::Tag(Tag::STATE),
        AttributeReference::Tag(Tag::NAME),
        AttributeReference::Tag(Tag::CRYPTOGRAPHIC_LENGTH),
    ];
    let ciphertext = run.cbc_ciphertext.map(unhex).unwrap_or_default();
    let iv16 = KEY128;
    let payload: RequestPayload = match step {
        Step::DiscoverVersions => DiscoverVersionsRequest::default().into(),
        Step::Query => QueryRequest {
            query_functions: Seq::from_slice(&functions),
        }
        .into(),
        Step::Create => CreateRequest::symmetric_key(TemplateAttribute::new(&create_attrs)).into(),
        Step::GetState(_) => GetAttributesRequest {
            unique_identifier: Some(key),
            attribute_references: Seq::from_slice(&state),
        }
        .into(),
        Step::GetThree => GetAttributesRequest {
            unique_identifier: Some(key),
            attribute_references: Seq::from_slice(&three),
        }
        .into(),
        Step::Activate => ActivateRequest::new(key).into(),
        Step::GetKey => GetRequest::new(key).into(),
        Step::Locate => LocateRequest {
            attributes: Seq::from_slice(&name),
            ..Default::default()
        }
        .into(),
        Step::EncryptCbc => EncryptRequest {
            unique_identifier: Some(key),
            cryptographic_parameters: Some(cbc_params()),
            data: Some(b"hello kmip world"),
            iv_counter_nonce: Some(&iv16),
            ..Default::default()
        }
        .into(),
        Step::DecryptCbc => DecryptRequest {
            unique_identifier: Some(key),
            cryptographic_parameters: Some(cbc_params()),
            data: Some(&ciphertext),
            iv_counter_nonce: Some(&iv16),
            ..Default::default()
        }
        .into(),
        Step::EncryptGcm => EncryptRequest {
            unique_identifier: Some(key),
            cryptographic_parameters: Some(CryptographicParameters {
                block_cipher_mode: Some(BlockCipherMode::GCM),
                cryptographic_algorithm: Some(CryptographicAlgorithm::AES),
                tag_length: Some(16),
                ..Default::default()
            }),
            data: Some(b"hello gcm"),
            iv_counter_nonce: Some(&[0u8; 12]),
            ..Default::default()
        }
        .into(),
        Step::Revoke => {
            RevokeRequest::new(key, RevocationReasonCode::CESSATION_OF_OPERATION).into()
        }
        Step::Destroy => DestroyRequest::new(key).into(),
        Step::Register => RegisterRequest::new(
            Object::SymmetricKey(KeyBlock::raw_symmetric(
                CryptographicAlgorithm::AES,
                &KEY128,
            )),
            TemplateAttribute::new(&reg_attrs),
        )
        .into(),
        Step::GetRegistered => GetRequest::new(run.registered).into(),
        Step::DestroyRegistered => DestroyRequest::new(run.registered).into(),
    };
    let m: RequestMessage<'_, 1> = RequestMessage::single(v, payload).expect("one item");
    encode_request(&m)
}

fn only<'a>(m: &'a ResponseMessage<'a, 1>) -> &'a ResponseBatchItem<'a> {
    assert_eq!(m.batch_items.len(), 1);
    &m.batch_items[0]
}

fn payload<'a, P: ops::Response<'a>>(item: &'a ResponseBatchItem<'a>) -> &'a P {
    assert!(item.is_success(), "{item:?}");
    item.payload_as::<P>().expect("typed payload")
}

fn assert_not_supported(item: &ResponseBatchItem<'_>, op: Operation) {
    assert_eq!(item.operation, Some(op));
    assert_eq!(item.result_status, ResultStatus::OPERATION_FAILED);
    let f = item.failure_info().expect("failure");
    assert_eq!(f.reason, Some(ResultReason::OPERATION_NOT_SUPPORTED));
    assert!(f
        .message
        .is_some_and(|m| m.contains("not supported by KMIP 1.0")));
    assert!(item.payload.is_none());
}

/// Checks the decoded response of `step`.
fn check(run: &Run, step: Step, resp: &ResponseMessage<'_, 1>) {
    let v = run.v;
    assert_eq!(resp.header.protocol_version, v);
    assert!(resp.header.time_stamp > 1_700_000_000);
    let item = only(resp);
    let key = Uid::Text(run.key);
    match step {
        Step::DiscoverVersions if v == ProtocolVersion::V1_0 => {
            assert_not_supported(item, Operation::DISCOVER_VERSIONS)
        }
        Step::DiscoverVersions => {
            let p: &DiscoverVersionsResponse = payload(item);
            let got: Vec<_> = p.protocol_versions.iter().collect();
            assert_eq!(
                got,
                [
                    ProtocolVersion::V2_0,
                    ProtocolVersion::V1_4,
                    ProtocolVersion::V1_3,
                    ProtocolVersion::V1_2,
                    ProtocolVersion::V1_1,
                    ProtocolVersion::V1_0
                ]
            );
        }
        Step::Query => {
            let p: &QueryResponse = payload(item);
            assert_eq!(
                p.vendor_identification,
                Some("PyKMIP 0.11.0 Software Server")
            );
            let ops: Vec<_> = p.operations.iter().collect();
            assert!(ops.contains(&Operation::GET) && ops.contains(&Operation::LOCATE));
            // Encrypt, Decrypt, Sign, Signature Verify, MAC come with 1.2.
            assert_eq!(
                ops.contains(&Operation::ENCRYPT),
                v >= ProtocolVersion::V1_2
            );
            assert_eq!(ops.len(), if v >= ProtocolVersion::V1_2 { 18 } else { 12 });
            assert!(p.object_types.is_empty());
        }
        Step::Create => {
            let p: &CreateResponse = payload(item);
            assert_eq!(p.object_type, ObjectType::SYMMETRIC_KEY);
            assert_eq!(p.unique_identifier, key);
            assert!(p.template_attribute.is_none());
        }
        Step::GetState(want) => {
            let p: &GetAttributesResponse = payload(item);
            assert_eq!(p.unique_identifier, key);
            assert_eq!(p.attributes.len(), 1);
            assert_eq!(p.attributes.state(), Some(want));
        }
        Step::Activate | Step::Revoke | Step::Destroy => {
            let uid = match step {
                Step::Activate => payload::<ActivateResponse>(item).unique_identifier,
                Step::Revoke => payload::<RevokeResponse>(item).unique_identifier,
                _ => payload::<DestroyResponse>(item).unique_identifier,
            };
            assert_eq!(uid, key);
        }
        Step::GetThree => {
            let p: &GetAttributesResponse = payload(item);
            let attrs: Vec<_> = p.attributes.iter().collect();
            assert_eq!(attrs.len(), 3);
            assert_eq!(
                attrs[0],
                Attribute::new(AttributeValue::State(State::ACTIVE))
            );
            assert_eq!(
                attrs[1],
                Attribute {
                    index: Some(0),
                    value: AttributeValue::Name(Name::text(run.name))
                }
            );
            assert_eq!(attrs[2].value, AttributeValue::CryptographicLength(256));
        }
        Step::GetKey | Step::GetRegistered => {
            let p: &GetResponse = payload(item);
            assert_eq!(p.object_type, ObjectType::SYMMETRIC_KEY);
            let Object::SymmetricKey(kb) = p.object else {
                panic!("not a symmetric key: {:?}", p.object)
            };
            assert_eq!(kb.key_format_type, KeyFormatType::RAW);
            assert_eq!(
                kb.cryptographic_algorithm,
                Some(CryptographicAlgorithm::AES)
            );
            assert!(!kb.is_wrapped());
            let bytes = kb.plain_key().expect("plain key");
            if matches!(step, Step::GetKey) {
                assert_eq!(p.unique_identifier, key);
                assert_eq!(bytes.len(), 32);
                assert_eq!(kb.cryptographic_length, Some(256));
            } else {
                assert_eq!(p.unique_identifier, Uid::Text(run.registered));
                assert_eq!(bytes, KEY128);
                assert_eq!(kb.cryptographic_length, Some(128));
            }
        }
        Step::Locate => {
            let p: &LocateResponse = payload(item);
            assert_eq!(p.located_items, None);
            assert_eq!(p.unique_identifiers.iter().collect::<Vec<_>>(), [key]);
        }
        Step::EncryptCbc | Step::EncryptGcm if v == ProtocolVersion::V1_0 => {
            assert_not_supported(item, Operation::ENCRYPT)
        }
        Step::EncryptCbc => {
            let p: &EncryptResponse = payload(item);
            assert_eq!(p.unique_identifier, key);
            // 16 bytes of plaintext, PKCS#5 padded: two blocks; the next request sends them.
            assert_eq!(p.data.map(<[u8]>::len), Some(32));
            assert_eq!(p.data.map(<[u8]>::to_vec), run.cbc_ciphertext.map(unhex));
            assert_eq!(p.authenticated_encryption_tag, None);
        }
        Step::DecryptCbc => {
            let p: &DecryptResponse = payload(item);
            assert_eq!(p.data, Some(&b"hello kmip world"[..]));
        }
        Step::EncryptGcm => {
            let p: &EncryptResponse = payload(item);
            assert_eq!(p.data.map(<[u8]>::len), Some(9));
            // PyKMIP returns the GCM tag only from 1.4 (the tag's field is 1.4).
            match v {
                ProtocolVersion::V1_4 => {
                    assert_eq!(p.authenticated_encryption_tag.map(<[u8]>::len), Some(16))
                }
                _ => assert_eq!(p.authenticated_encryption_tag, None),
            }
        }
        Step::Register => {
            let p: &RegisterResponse = payload(item);
            assert_eq!(p.unique_identifier, Uid::Text(run.registered));
        }
        Step::DestroyRegistered => {
            let p: &DestroyResponse = payload(item);
            assert_eq!(p.unique_identifier, Uid::Text(run.registered));
        }
    }
}

fn run_version(v: ProtocolVersion) {
    let Some(dir) = shared_dir() else { return };
    let run = RUNS.iter().find(|r| r.v == v).expect("run");
    for (suffix, step) in steps(v) {
        let name = format!("{}_{suffix}", run.prefix);
        let (req, resp) = capture(&dir, &name);
        // Client side: the request, built with the API, equals PyKMIP's bytes.
        assert_bytes(&name, &build(run, step), &req);
        // Server side: the request decodes and re-encodes to the same bytes.
        let decoded = RequestMessage::<1>::decode(&req).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(decoded.version(), v);
        assert_bytes(&name, &encode_request(&decoded), &req);
        // The response decodes into the expected values, and re-encodes to the same bytes.
        let r = ResponseMessage::<1>::decode(&resp, v).unwrap_or_else(|e| panic!("{name}: {e}"));
        check(run, step, &r);
        assert_bytes(&name, &encode_response(&r), &resp);
    }
}

#[test]
fn pykmip_captures_kmip_1_0() {
    run_version(ProtocolVersion::V1_0);
}

#[test]
fn pykmip_captures_kmip_1_2() {
    run_version(ProtocolVersion::V1_2);
}

#[test]
fn pykmip_captures_kmip_1_4() {
    run_version(ProtocolVersion::V1_4);
}

/// A 1.4-only field cannot be sent in 1.2, so the GCM tag of a Decrypt is refused there (not
/// silently dropped), while 1.4 sends it.
#[test]
fn aead_fields_are_refused_before_1_4() {
    let req = DecryptRequest {
        unique_identifier: Some(Uid::Text("15")),
        data: Some(b"x"),
        authenticated_encryption_tag: Some(&[0u8; 16]),
        ..Default::default()
    };
    let m12: RequestMessage<'_, 1> = RequestMessage::single(ProtocolVersion::V1_2, req).unwrap();
    let err = encode_with(|e| m12.encode(e)).unwrap_err();
    assert_eq!(
        err,
        Error::NotInVersion {
            field: Tag::AUTHENTICATED_ENCRYPTION_TAG,
            version: ProtocolVersion::V1_2
        }
    );
    let m14: RequestMessage<'_, 1> = RequestMessage::single(ProtocolVersion::V1_4, req).unwrap();
    assert!(encode_with(|e| m14.encode(e)).is_ok());
}
