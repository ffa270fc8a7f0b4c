//! Property tests: any message this layer builds decodes back to the same value, in every
//! version from 1.0 to 2.1 — requests and responses, with attributes in both dialects.

use kmipkit_core::kmip::ops::*;
use kmipkit_core::kmip::*;
use kmipkit_core::ttlv::{
    BlockCipherMode, CryptographicAlgorithm, CryptographicUsageMask, Encoder, KeyFormatType,
    LinkType, NameType, ObjectType, Operation, QueryFunction, ResultReason, RevocationReasonCode,
    SecretDataType, State, StorageStatusMask, Tag,
};
use proptest::prelude::*;

fn version() -> impl Strategy<Value = ProtocolVersion> {
    (0usize..ProtocolVersion::ALL.len()).prop_map(|i| ProtocolVersion::ALL[i])
}

/// Owned material an attribute borrows from.
#[derive(Clone, Debug)]
struct AttrSpec {
    kind: u8,
    n: i64,
    text: String,
    index: Option<i32>,
}

fn attr_spec() -> impl Strategy<Value = AttrSpec> {
    (
        0u8..12,
        any::<i64>(),
        "[a-zA-Z0-9 ]{0,12}",
        prop::option::of(0i32..3),
    )
        .prop_map(|(kind, n, text, index)| AttrSpec {
            kind,
            n,
            text,
            index,
        })
}

/// The attribute a spec stands for, in a form `v` can carry (`None` when it cannot).
fn attribute(s: &AttrSpec, v: ProtocolVersion) -> Option<Attribute<'_>> {
    let t = s.text.as_str();
    let value = match s.kind {
        0 => AttributeValue::State(State((s.n as u32) % 7)),
        1 => AttributeValue::CryptographicLength(s.n as i32),
        2 => AttributeValue::Name(Name {
            value: t,
            name_type: NameType((s.n as u32) % 3),
        }),
        3 => AttributeValue::ObjectGroup(t),
        4 => AttributeValue::ActivationDate(s.n),
        5 => AttributeValue::CryptographicUsageMask(CryptographicUsageMask(s.n as u32)),
        6 => AttributeValue::Link(Link {
            link_type: LinkType::REPLACEMENT_OBJECT_LINK,
            linked_object_identifier: Uid::Text(t),
        }),
        // A client custom attribute: `x-name` in 1.x, vendor `x` in 2.x.
        7 => AttributeValue::Custom(CustomAttribute::client(t, RawValue::Integer(s.n as i32))),
        // An attribute this layer does not type travels under its tag.
        8 => AttributeValue::Other {
            tag: Tag::ORIGINAL_CREATION_DATE,
            value: RawValue::DateTime(s.n),
        },
        9 if v >= ProtocolVersion::V1_1 => AttributeValue::Fresh(s.n % 2 == 0),
        10 if v >= ProtocolVersion::V1_4 => AttributeValue::Description(t),
        11 => AttributeValue::CryptographicParameters(CryptographicParameters {
            block_cipher_mode: Some(BlockCipherMode::NIST_KEY_WRAP),
            tag_length: (v >= ProtocolVersion::V1_2).then_some(16),
            ..Default::default()
        }),
        _ => AttributeValue::ContactInformation(t),
    };
    Some(Attribute {
        // Attribute Index is gone from 2.0.
        index: if v.is_v2() { None } else { s.index },
        value,
    })
}

#[derive(Clone, Debug)]
struct OpSpec {
    op: u8,
    uid: String,
    bytes: Vec<u8>,
    n: i32,
    attrs: Vec<AttrSpec>,
    id: Option<Vec<u8>>,
}

fn op_spec() -> impl Strategy<Value = OpSpec> {
    (
        0u8..18,
        "[a-z0-9-]{1,36}",
        prop::collection::vec(any::<u8>(), 0..40),
        0i32..1000,
        prop::collection::vec(attr_spec(), 0..5),
        prop::option::of(prop::collection::vec(any::<u8>(), 0..16)),
    )
        .prop_map(|(op, uid, bytes, n, attrs, id)| OpSpec {
            op,
            uid,
            bytes,
            n,
            attrs,
            id,
        })
}

const FUNCS: [QueryFunction; 3] = [
    QueryFunction::QUERY_OPERATIONS,
    QueryFunction::QUERY_OBJECTS,
    QueryFunction(0x0E),
];

fn refs_for<'a>(attrs: &'a [Attribute<'a>]) -> Vec<AttributeReference<'a>> {
    attrs.iter().map(|a| a.value.reference()).collect()
}

/// Builds a request from a spec, then hands it to `check`.
fn with_request(s: &OpSpec, v: ProtocolVersion, check: impl FnOnce(RequestPayload<'_>)) {
    let attrs: Vec<Attribute> = s.attrs.iter().filter_map(|a| attribute(a, v)).collect();
    let refs = refs_for(&attrs);
    let uid = Some(Uid::Text(&s.uid));
    let first = attrs.first().copied();
    let new_attr = first.unwrap_or(Attribute::new(AttributeValue::ObjectGroup("g")));
    let aes = KeyBlock::raw_symmetric(CryptographicAlgorithm::AES, &s.bytes);
    let transparent = KeyBlock {
        key_format_type: KeyFormatType::TRANSPARENT_SYMMETRIC_KEY,
        key_value: KeyValue::Structure {
            key_material: KeyMaterial::TransparentSymmetricKey(&s.bytes),
            attributes: Seq::from_slice(&attrs),
        },
        ..aes
    };
    let payload: RequestPayload = match s.op {
        0 => CreateRequest::symmetric_key(TemplateAttribute::new(&attrs)).into(),
        1 => RegisterRequest::new(Object::SymmetricKey(aes), TemplateAttribute::new(&attrs)).into(),
        2 => RegisterRequest::new(
            Object::SymmetricKey(transparent),
            TemplateAttribute::default(),
        )
        .into(),
        3 => RegisterRequest::new(
            Object::SecretData {
                secret_data_type: SecretDataType::SEED,
                key_block: KeyBlock {
                    key_format_type: KeyFormatType::OPAQUE,
                    cryptographic_algorithm: None,
                    cryptographic_length: None,
                    ..aes
                },
            },
            TemplateAttribute::new(&attrs),
        )
        .into(),
        4 => GetRequest {
            key_format_type: Some(KeyFormatType::RAW),
            ..GetRequest::new(Uid::Text(&s.uid))
        }
        .into(),
        5 => GetAttributesRequest {
            unique_identifier: uid,
            attribute_references: Seq::from_slice(&refs),
        }
        .into(),
        6 => GetAttributeListRequest {
            unique_identifier: uid,
        }
        .into(),
        7 => AddAttributeRequest {
            unique_identifier: uid,
            attribute: new_attr,
        }
        .into(),
        8 => ModifyAttributeRequest {
            unique_identifier: uid,
            current_attribute: if v.is_v2() { first } else { None },
            attribute: new_attr,
        }
        .into(),
        9 => DeleteAttributeRequest {
            unique_identifier: uid,
            attribute_reference: Some(new_attr.value.reference()),
            attribute_index: if v.is_v2() { None } else { Some(s.n) },
            current_attribute: None,
        }
        .into(),
        10 if v.is_v2() => SetAttributeRequest {
            unique_identifier: uid,
            new_attribute: new_attr,
        }
        .into(),
        11 => LocateRequest {
            maximum_items: Some(s.n),
            offset_items: (v >= ProtocolVersion::V1_3).then_some(s.n),
            storage_status_mask: Some(StorageStatusMask::ON_LINE_STORAGE),
            object_group_member: None,
            attributes: Seq::from_slice(&attrs),
        }
        .into(),
        12 => RevokeRequest {
            compromise_occurrence_date: Some(s.n as i64),
            revocation_reason: RevocationReason {
                code: RevocationReasonCode((s.n as u32) % 9),
                message: Some(&s.uid),
            },
            ..RevokeRequest::new(Uid::Text(&s.uid), RevocationReasonCode::KEY_COMPROMISE)
        }
        .into(),
        13 => EncryptRequest {
            unique_identifier: uid,
            cryptographic_parameters: Some(CryptographicParameters {
                block_cipher_mode: Some(BlockCipherMode::GCM),
                iv_length: Some(96),
                tag_length: Some(16),
                random_iv: Some(true),
                ..Default::default()
            }),
            data: Some(&s.bytes),
            authenticated_encryption_additional_data: (v >= ProtocolVersion::V1_4)
                .then_some(&s.bytes[..]),
            ..Default::default()
        }
        .into(),
        14 => DecryptRequest {
            unique_identifier: uid,
            data: Some(&s.bytes),
            iv_counter_nonce: Some(&s.bytes),
            authenticated_encryption_tag: (v >= ProtocolVersion::V1_4).then_some(&s.bytes[..]),
            ..Default::default()
        }
        .into(),
        15 => ReKeyRequest {
            unique_identifier: uid,
            offset: Some(s.n as u32),
            template_attribute: Some(TemplateAttribute::new(&attrs)),
            protection_storage_masks: Seq::empty(),
        }
        .into(),
        16 => QueryRequest {
            query_functions: Seq::from_slice(&FUNCS),
        }
        .into(),
        _ => DiscoverVersionsRequest {
            protocol_versions: Seq::from_slice(&ProtocolVersion::ALL),
        }
        .into(),
    };
    check(payload)
}

fn with_response(s: &OpSpec, v: ProtocolVersion, check: impl FnOnce(ResponseBatchItem<'_>)) {
    let attrs: Vec<Attribute> = s.attrs.iter().filter_map(|a| attribute(a, v)).collect();
    let refs = refs_for(&attrs);
    let uid = Uid::Text(&s.uid);
    let uids = [uid, Uid::Text("2"), uid];
    let ops = [Operation::GET, Operation::LOCATE, Operation(0x8000_0001)];
    let payload: ResponsePayload = match s.op % 9 {
        0 => CreateResponse {
            object_type: ObjectType::SYMMETRIC_KEY,
            unique_identifier: uid,
            template_attribute: (!v.is_v2()).then(|| TemplateAttribute::new(&attrs)),
        }
        .into(),
        1 => GetResponse {
            object_type: ObjectType::SYMMETRIC_KEY,
            unique_identifier: uid,
            object: Object::SymmetricKey(KeyBlock::raw_symmetric(
                CryptographicAlgorithm::AES,
                &s.bytes,
            )),
        }
        .into(),
        2 => GetAttributesResponse {
            unique_identifier: uid,
            attributes: Seq::from_slice(&attrs),
        }
        .into(),
        3 => GetAttributeListResponse {
            unique_identifier: uid,
            attribute_references: Seq::from_slice(&refs),
        }
        .into(),
        4 => LocateResponse {
            located_items: (v >= ProtocolVersion::V1_3).then_some(s.n),
            unique_identifiers: Seq::from_slice(&uids),
        }
        .into(),
        5 => EncryptResponse {
            unique_identifier: uid,
            data: Some(&s.bytes),
            iv_counter_nonce: None,
            correlation_value: None,
            authenticated_encryption_tag: (v >= ProtocolVersion::V1_4).then_some(&s.bytes[..]),
        }
        .into(),
        6 => QueryResponse {
            operations: Seq::from_slice(&ops),
            vendor_identification: Some(&s.uid),
            ..Default::default()
        }
        .into(),
        7 => {
            let mut item =
                ResponseBatchItem::failure(None, ResultReason((s.n as u32) % 0x4D), Some(&s.uid));
            item.unique_batch_item_id = s.id.as_deref();
            return check(item);
        }
        _ => DiscoverVersionsResponse {
            protocol_versions: Seq::from_slice(&ProtocolVersion::ALL[..(s.n as usize % 8)]),
        }
        .into(),
    };
    let mut item = ResponseBatchItem::success(payload);
    item.unique_batch_item_id = s.id.as_deref();
    check(item)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn requests_round_trip(v in version(), specs in prop::collection::vec(op_spec(), 1..4)) {
        for s in &specs {
            with_request(s, v, |p| {
                let mut m: RequestMessage<'_, 1> = RequestMessage::new(RequestHeader::new(v));
                let mut item = RequestBatchItem::new(p);
                item.unique_batch_item_id = s.id.as_deref();
                m.push(item).unwrap();
                let mut buf = vec![0u8; 16384];
                let mut enc = Encoder::for_slice(&mut buf);
                m.encode(&mut enc).unwrap_or_else(|e| panic!("{v} {p:?}: {e}"));
                let n = enc.position();
                let back = RequestMessage::<1>::decode(&buf[..n]).unwrap_or_else(|e| panic!("{v} {p:?}: {e}"));
                assert_eq!(back, m);
            });
        }
    }

    #[test]
    fn responses_round_trip(v in version(), specs in prop::collection::vec(op_spec(), 1..4), ts in any::<i64>()) {
        let mut bufs: Vec<Vec<u8>> = Vec::new();
        for s in &specs {
            with_response(s, v, |item| {
                let mut m: ResponseMessage<'_, 1> = ResponseMessage::new(ResponseHeader::new(v, ts));
                m.push(item).unwrap();
                let mut buf = vec![0u8; 16384];
                let mut enc = Encoder::for_slice(&mut buf);
                m.encode(&mut enc).unwrap_or_else(|e| panic!("{v} {item:?}: {e}"));
                let n = enc.position();
                let back = ResponseMessage::<1>::decode(&buf[..n], v).unwrap_or_else(|e| panic!("{v} {item:?}: {e}"));
                assert_eq!(back, m);
                bufs.push(buf[..n].to_vec());
            });
        }
        prop_assert_eq!(bufs.len(), specs.len());
    }
}

/// A batch of several items in one message round-trips too, in every version.
#[test]
fn a_batch_round_trips_in_every_version() {
    for v in ProtocolVersion::ALL {
        let ids: [&[u8]; 3] = [b"1", b"2", b"3"];
        let attrs = [Attribute::new(AttributeValue::CryptographicLength(256))];
        let mut header = RequestHeader::new(v);
        header.batch_order_option = Some(true);
        let mut m: RequestMessage<'_, 3> = RequestMessage::new(header);
        m.push(
            RequestBatchItem::new(CreateRequest::symmetric_key(TemplateAttribute::new(&attrs)))
                .with_id(ids[0]),
        )
        .unwrap();
        m.push(RequestBatchItem::new(ActivateRequest::default()).with_id(ids[1]))
            .unwrap();
        m.push(RequestBatchItem::new(GetRequest::default()).with_id(ids[2]))
            .unwrap();
        let mut buf = [0u8; 1024];
        let mut enc = Encoder::for_slice(&mut buf);
        m.encode(&mut enc).unwrap();
        let n = enc.position();
        let back = RequestMessage::<3>::decode(&buf[..n]).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.header.batch_count, 3);
        // Decoding into a smaller batch is an error naming the capacity.
        assert!(matches!(
            RequestMessage::<2>::decode(&buf[..n]),
            Err(Error::TooMany {
                field: Tag::BATCH_ITEM,
                capacity: 2,
                ..
            })
        ));
    }
}
