//! The message, structure and payload vectors of `shared/kmip/vectors/public-vectors.json`:
//! requests and structures rebuilt with the API and compared byte for byte (1.0, 1.1, 1.3,
//! 1.4, 2.0 and 2.1), responses decoded with assertions on their values, and every accepted
//! message decoded and re-encoded to the same bytes. See `core/tests/VECTORS.md`.

mod kmip_shared;

use kmip_shared::*;
use kmipkit_core::kmip::ops::*;
use kmipkit_core::kmip::*;
use kmipkit_core::ttlv::{
    decode, AttestationType, BatchErrorContinuationOption, BlockCipherMode, CryptographicAlgorithm,
    CryptographicUsageMask, DigitalSignatureAlgorithm, Encoder, EncodingOption, HashingAlgorithm,
    KeyFormatType, KeyRoleType, ObjectGroupMember, ObjectType, Operation, PaddingMethod,
    ProtectionStorageMask, QueryFunction, ResultReason, ResultStatus, SecretDataType, Sink, State,
    StorageStatusMask, Tag, WrappingMethod,
};

const V1_0: ProtocolVersion = ProtocolVersion::V1_0;
const V1_1: ProtocolVersion = ProtocolVersion::V1_1;
const V1_4: ProtocolVersion = ProtocolVersion::V1_4;
const V2_0: ProtocolVersion = ProtocolVersion::V2_0;
const V2_1: ProtocolVersion = ProtocolVersion::V2_1;

fn attr(v: AttributeValue<'_>) -> Attribute<'_> {
    Attribute::new(v)
}

fn single<'a>(v: ProtocolVersion, p: impl Into<RequestPayload<'a>>) -> Vec<u8> {
    encode_request(&RequestMessage::<1>::single(v, p).unwrap())
}

fn payload_bytes<'a, P: Payload<'a>>(tag: Tag, p: &P, v: ProtocolVersion) -> Vec<u8> {
    encode_with(|e| {
        let m = e.begin_structure(tag)?;
        p.encode(e, v)?;
        e.end_structure(m)?;
        Ok(())
    })
    .unwrap()
}

fn decode_payload<'a, P: Payload<'a>>(bytes: &'a [u8], v: ProtocolVersion) -> P {
    P::decode(decode(bytes).expect("ttlv"), v).expect("payload")
}

/// Encoded attributes, for the untyped Template object of UC 3.1.2.
fn encoded_attrs(attrs: &[Attribute<'_>], v: ProtocolVersion) -> Vec<u8> {
    encode_with(|e| {
        for a in attrs {
            a.encode(e, v)?;
        }
        Ok(())
    })
    .unwrap()
}

fn with_vectors(f: impl FnOnce(&[serde_json::Value])) {
    let Some(dir) = shared_dir() else { return };
    f(&vectors(&dir));
}

#[test]
fn kmip_1_0_requests() {
    with_vectors(|vs| {
        let uid = "61b10614-d8b5-46f9-8d17-2fa6ea1d747a";
        let mask = CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT;
        let names = [Name::text("Template1")];
        let attrs = [
            attr(AttributeValue::CryptographicAlgorithm(
                CryptographicAlgorithm::AES,
            )),
            attr(AttributeValue::CryptographicLength(128)),
            attr(AttributeValue::CryptographicUsageMask(mask)),
        ];
        let ta = TemplateAttribute {
            template_names: Seq::from_slice(&names),
            attributes: Seq::from_slice(&attrs),
        };
        assert_bytes(
            "uc3.1.2 create",
            &single(V1_0, CreateRequest::symmetric_key(ta)),
            &vector(vs, "kmip10-uc3.1.2-create-request-with-template-name"),
        );

        // Register of a Template object (1.x only), carried untyped.
        let template_attrs = [
            attr(AttributeValue::ObjectGroup("Group1")),
            attr(AttributeValue::ApplicationSpecificInformation(
                ApplicationSpecificInformation {
                    namespace: "ssl",
                    data: Some("www.example.com"),
                },
            )),
            attr(AttributeValue::ContactInformation("Joe")),
            attr(AttributeValue::Custom(CustomAttribute::client(
                "Purpose",
                RawValue::Text("demonstration"),
            ))),
            attr(AttributeValue::Name(Name::text("Template1"))),
        ];
        let body = encoded_attrs(&template_attrs, V1_0);
        let reg = RegisterRequest {
            object_type: ObjectType::TEMPLATE,
            template_attribute: TemplateAttribute::default(),
            object: Object::Other {
                tag: Tag::TEMPLATE,
                body: RawStructure::from_encoded_children(&body),
            },
            protection_storage_masks: Seq::empty(),
        };
        assert_bytes(
            "uc3.1.2 register template",
            &single(V1_0, reg),
            &vector(vs, "kmip10-uc3.1.2-register-template-request"),
        );

        let refs = [
            AttributeReference::Tag(Tag::OBJECT_GROUP),
            AttributeReference::Tag(Tag::APPLICATION_SPECIFIC_INFORMATION),
            AttributeReference::Tag(Tag::CONTACT_INFORMATION),
            AttributeReference::Vendor {
                vendor: "x",
                name: "Purpose",
            },
        ];
        let ga = GetAttributesRequest {
            unique_identifier: Some(Uid::Text(uid)),
            attribute_references: Seq::from_slice(&refs),
        };
        assert_bytes(
            "uc3.1.2 get attributes",
            &single(V1_0, ga),
            &vector(vs, "kmip10-uc3.1.2-get-attributes-request"),
        );
        assert_bytes(
            "uc3.1.2 destroy",
            &single(V1_0, DestroyRequest::new(uid)),
            &vector(vs, "kmip10-uc3.1.2-destroy-request"),
        );

        let key = "21d28b8a-06df-43c0-b72f-2a161633ada9";
        let filters = [
            attr(AttributeValue::ObjectType(ObjectType::SYMMETRIC_KEY)),
            attr(AttributeValue::Name(Name::text("Key1"))),
        ];
        let locate = LocateRequest {
            attributes: Seq::from_slice(&filters),
            ..Default::default()
        };
        assert_bytes(
            "uc4.1 locate",
            &single(V1_0, locate),
            &vector(vs, "kmip10-uc4.1-locate-request"),
        );
        assert_bytes(
            "uc4.1 get",
            &single(V1_0, GetRequest::new(key)),
            &vector(vs, "kmip10-uc4.1-get-request"),
        );

        let mut batch: RequestMessage<'_, 2> = RequestMessage::new(RequestHeader::new(V1_0));
        let ids: [&[u8]; 2] = [
            &[0x9D, 0x40, 0x7F, 0xFB, 0x45, 0xC9, 0x56, 0x72],
            &[0xD6, 0x21, 0x07, 0xC3, 0x15, 0x84, 0x09, 0xD8],
        ];
        for (i, id) in ids.iter().enumerate() {
            let name = ["attribute1", "attribute2"][i];
            let value = ["Value1", "Value2"][i];
            let add = AddAttributeRequest {
                unique_identifier: Some(Uid::Text(key)),
                attribute: attr(AttributeValue::Custom(CustomAttribute::client(
                    name,
                    RawValue::Text(value),
                ))),
            };
            batch.push(RequestBatchItem::new(add).with_id(id)).unwrap();
        }
        assert_bytes(
            "uc4.1 batched add attribute",
            &encode_request(&batch),
            &vector(vs, "kmip10-uc4.1-batched-add-attribute-request"),
        );
        // A third item does not fit a batch of capacity 2: an error, not a dropped item.
        let extra = RequestBatchItem::new(GetRequest::new(key));
        assert!(matches!(
            batch.push(extra),
            Err(Error::TooMany { capacity: 2, .. })
        ));

        let f = [
            QueryFunction::QUERY_OPERATIONS,
            QueryFunction::QUERY_OBJECTS,
        ];
        let mut header = RequestHeader::new(V1_0);
        header.maximum_response_size = Some(256);
        let mut q: RequestMessage<'_, 1> = RequestMessage::new(header);
        q.push(RequestBatchItem::new(QueryRequest {
            query_functions: Seq::from_slice(&f),
        }))
        .unwrap();
        assert_bytes(
            "uc12.1 query",
            &encode_request(&q),
            &vector(vs, "kmip10-uc12.1-query-request-max-256"),
        );

        // libmongocrypt: Secret Data (Seed), Opaque, 96 bytes, usage mask 0.
        let mongo = vector(vs, "mongodb-libmongocrypt-register-secretdata");
        let secret = &mongo[mongo.len() - 96..];
        let mask0 = [attr(AttributeValue::CryptographicUsageMask(
            CryptographicUsageMask(0),
        ))];
        let kb = KeyBlock {
            key_format_type: KeyFormatType::OPAQUE,
            key_compression_type: None,
            key_value: KeyValue::bytes(secret),
            cryptographic_algorithm: None,
            cryptographic_length: None,
            key_wrapping_data: None,
        };
        let reg = RegisterRequest::new(
            Object::SecretData {
                secret_data_type: SecretDataType::SEED,
                key_block: kb,
            },
            TemplateAttribute::new(&mask0),
        );
        assert_eq!(reg.object_type, ObjectType::SECRET_DATA);
        assert_bytes("libmongocrypt register", &single(V1_0, reg), &mongo);

        // The request header of libkmip: authentication and the batch options.
        let creds = [Credential::UsernamePassword {
            username: "Barney",
            password: Some("secret2"),
        }];
        let mut h = RequestHeader::new(V1_0);
        h.authentication = Some(Authentication {
            credentials: Seq::from_slice(&creds),
        });
        h.batch_error_continuation_option = Some(BatchErrorContinuationOption::CONTINUE);
        h.batch_order_option = Some(true);
        h.batch_count = 2;
        let want = vector(vs, "libkmip-request-header-auth-batch");
        assert_bytes(
            "libkmip header",
            &encode_with(|e| h.encode(e)).unwrap(),
            &want,
        );
        let back = RequestHeader::decode(decode(&want).unwrap()).unwrap();
        assert_eq!(back, h);
        assert!(back.batch_order());
        assert!(!RequestHeader::new(V1_0).batch_order());
        assert!(RequestHeader::new(V2_0).batch_order());
    });
}

#[test]
fn kmip_1_1_to_1_3_requests() {
    with_vectors(|vs| {
        assert_bytes(
            "tc16.1 discover versions",
            &single(V1_1, DiscoverVersionsRequest::default()),
            &vector(vs, "kmip11-tc16.1-discover-versions-request-empty"),
        );
        let refs = [AttributeReference::Tag(Tag::OBJECT_TYPE); 2];
        let ga = GetAttributesRequest {
            unique_identifier: Some(Uid::Text("28c7bad1-bc9b-41df-b439-1ba04a6fd982")),
            attribute_references: Seq::from_slice(&refs),
        };
        assert_bytes(
            "tc17.1 duplicate names",
            &single(V1_1, ga),
            &vector(vs, "kmip11-tc17.1-get-attributes-duplicate-name-request"),
        );
        assert_bytes(
            "pykmip get",
            &single(
                V1_1,
                GetRequest::new("49a1ca88-6bea-4fb2-b450-7e58802c3038"),
            ),
            &vector(vs, "pykmip-get-request-1.1"),
        );
        assert_bytes(
            "pykmip destroy",
            &single(
                V1_1,
                DestroyRequest::new("fb4b5b9c-6188-4c63-8142-fe9c328129fc"),
            ),
            &vector(vs, "pykmip-destroy-request-1.1"),
        );

        let vmware_ids: [&[u8]; 3] = [b"QLKC\x01\0\0\0", b"QLKC\x02\0\0\0", b"QLKC\x03\0\0\0"];
        let f = [QueryFunction::QUERY_SERVER_INFORMATION];
        let mut q: RequestMessage<'_, 1> = RequestMessage::new(RequestHeader::new(V1_1));
        q.push(
            RequestBatchItem::new(QueryRequest {
                query_functions: Seq::from_slice(&f),
            })
            .with_id(vmware_ids[0]),
        )
        .unwrap();
        assert_bytes(
            "vmware query",
            &encode_request(&q),
            &vector(vs, "vmware-query-server-information-request"),
        );
        let mut b: RequestMessage<'_, 3> = RequestMessage::new(RequestHeader::new(V1_1));
        let adds = [
            ("Product_Version", "7.0.3 build-19480866"),
            ("Vendor", "VMware, Inc."),
            ("Product", "VMware vSphere"),
        ];
        for (i, (n, val)) in adds.iter().enumerate() {
            let add = AddAttributeRequest {
                unique_identifier: Some(Uid::Text("1")),
                attribute: attr(AttributeValue::Custom(CustomAttribute::client(
                    n,
                    RawValue::Text(val),
                ))),
            };
            b.push(RequestBatchItem::new(add).with_id(vmware_ids[i]))
                .unwrap();
        }
        assert_bytes(
            "vmware batched add",
            &encode_request(&b),
            &vector(vs, "vmware-batched-add-attribute-request"),
        );

        // Operations this layer does not type travel as raw payloads: RNG Retrieve (1.3), MAC.
        let body = encode_with(|e| {
            e.integer(Tag::DATA_LENGTH, 32)?;
            Ok(())
        })
        .unwrap();
        let rng = RequestPayload::Other {
            operation: Operation::RNG_RETRIEVE,
            payload: RawStructure::from_encoded_children(&body),
        };
        assert_bytes(
            "rng retrieve",
            &single(ProtocolVersion::V1_3, rng),
            &vector(vs, "kmip13-cs-rng-m-1-rng-retrieve-request"),
        );
        let mac_params = CryptographicParameters {
            cryptographic_algorithm: Some(CryptographicAlgorithm::HMAC_SHA512),
            ..Default::default()
        };
        let body = encode_with(|e| {
            Uid::Text("1").encode(Tag::UNIQUE_IDENTIFIER, e, ProtocolVersion::V1_2)?;
            mac_params.encode(Tag::CRYPTOGRAPHIC_PARAMETERS, e, ProtocolVersion::V1_2)?;
            e.bytes(Tag::DATA, &(0u8..16).collect::<Vec<_>>())?;
            Ok(())
        })
        .unwrap();
        let mac = RequestPayload::Other {
            operation: Operation::MAC,
            payload: RawStructure::from_encoded_children(&body),
        };
        assert_bytes(
            "mac",
            &single(ProtocolVersion::V1_2, mac),
            &vector(vs, "pykmip-mac-request-1.2"),
        );
    });
}

#[test]
fn wrapping_and_crypto_structures() {
    with_vectors(|vs| {
        let nist = CryptographicParameters {
            block_cipher_mode: Some(BlockCipherMode::NIST_KEY_WRAP),
            ..Default::default()
        };
        let kek = KeyInformation {
            unique_identifier: Uid::Text("100182d5-72b8-47aa-8383-4d97d512e98a"),
            cryptographic_parameters: Some(nist),
        };
        let mut kwd = KeyWrappingData {
            wrapping_method: WrappingMethod::ENCRYPT,
            encryption_key_information: Some(kek),
            mac_signature_key_information: None,
            mac_signature: None,
            iv_counter_nonce: None,
            encoding_option: None,
        };
        let want = vector(vs, "libkmip-key-wrapping-data-nist-kw");
        assert_bytes("kwd", &encode_with(|e| kwd.encode(e, V1_0)).unwrap(), &want);
        assert_eq!(
            KeyWrappingData::decode(decode(&want).unwrap(), V1_0).unwrap(),
            kwd
        );

        kwd.encoding_option = Some(EncodingOption::NO_ENCODING);
        // Encoding Option is a 1.1 field.
        assert!(matches!(
            encode_with(|e| kwd.encode(e, V1_0)),
            Err(Error::NotInVersion {
                field: Tag::ENCODING_OPTION,
                ..
            })
        ));
        let want = vector(vs, "libkmip-key-wrapping-data-no-encoding");
        assert_bytes(
            "kwd no enc",
            &encode_with(|e| kwd.encode(e, V1_1)).unwrap(),
            &want,
        );
        assert_eq!(
            KeyWrappingData::decode(decode(&want).unwrap(), V1_1).unwrap(),
            kwd
        );

        let names = ["Cryptographic Usage Mask"];
        let spec = KeyWrappingSpecification {
            attribute_names: Seq::from_slice(&names),
            ..KeyWrappingSpecification::new(
                WrappingMethod::ENCRYPT,
                KeyInformation {
                    unique_identifier: Uid::Text("f4b2b4c3-4c19-4ecf-827a-011ca6057d3e"),
                    cryptographic_parameters: Some(nist),
                },
            )
        };
        let want = vector(vs, "libkmip-key-wrapping-specification");
        assert_bytes(
            "kws",
            &encode_with(|e| spec.encode(e, V1_0)).unwrap(),
            &want,
        );
        assert_eq!(
            KeyWrappingSpecification::decode(decode(&want).unwrap(), V1_0).unwrap(),
            spec
        );

        let get = GetRequest {
            key_wrapping_specification: Some(KeyWrappingSpecification::new(
                WrappingMethod::ENCRYPT,
                kek,
            )),
            ..GetRequest::new("bff7347b-3a39-4ccb-8234-ba2560ca1598")
        };
        let want = vector(vs, "libkmip-get-request-payload-wrapped");
        assert_bytes(
            "get wrapped",
            &payload_bytes(Tag::REQUEST_PAYLOAD, &get, V1_0),
            &want,
        );
        assert_eq!(decode_payload::<GetRequest>(&want, V1_0), get);

        let want = vector(vs, "libkmip-key-material-transparent-symmetric");
        let km = KeyMaterial::decode(
            decode(&want).unwrap(),
            KeyFormatType::TRANSPARENT_SYMMETRIC_KEY,
        )
        .unwrap();
        let KeyMaterial::TransparentSymmetricKey(k) = km else {
            panic!("{km:?}")
        };
        assert_eq!(k.len(), 32);
        assert_eq!(k[..4], [0, 0, 0x11, 0x11]);
        assert_bytes(
            "key material",
            &encode_with(|e| km.encode(e)).unwrap(),
            &want,
        );

        let params = CryptographicParameters {
            block_cipher_mode: Some(BlockCipherMode::CBC),
            padding_method: Some(PaddingMethod::PKCS5),
            hashing_algorithm: Some(HashingAlgorithm::SHA_1),
            key_role_type: Some(KeyRoleType::KEK),
            ..Default::default()
        };
        let want = vector(vs, "libkmip-cryptographic-parameters");
        assert_bytes(
            "params",
            &encode_with(|e| params.encode(Tag::CRYPTOGRAPHIC_PARAMETERS, e, V1_0)).unwrap(),
            &want,
        );

        // 1.4 AEAD payloads (PyKMIP's synthetic values: Tag Length 128 is in bytes, as sent).
        let resp = EncryptResponse {
            unique_identifier: Uid::Text("b4faee10-aa2a-4446-8ad4-0881f3422959"),
            data: Some(&[0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF]),
            iv_counter_nonce: Some(&[0x01]),
            correlation_value: None,
            authenticated_encryption_tag: Some(&[0x01, 0x90, 0xFE]),
        };
        let want = vector(vs, "pykmip-encrypt-response-payload-aead");
        assert_bytes(
            "encrypt aead",
            &payload_bytes(Tag::RESPONSE_PAYLOAD, &resp, V1_4),
            &want,
        );
        assert_eq!(decode_payload::<EncryptResponse>(&want, V1_4), resp);
        // The tag is a 1.4 field: a 1.3 encoder refuses it.
        assert!(encode_with(|e| resp.encode(e, ProtocolVersion::V1_3)).is_err());

        let dreq = DecryptRequest {
            unique_identifier: Some(Uid::Text("b4faee10-aa2a-4446-8ad4-0881f3422959")),
            cryptographic_parameters: Some(CryptographicParameters {
                digital_signature_algorithm: Some(DigitalSignatureAlgorithm(5)),
                cryptographic_algorithm: Some(CryptographicAlgorithm::AES),
                random_iv: Some(true),
                iv_length: Some(96),
                tag_length: Some(128),
                fixed_field_length: Some(32),
                invocation_field_length: Some(64),
                counter_length: Some(0),
                initial_counter_value: Some(1),
                ..params
            }),
            data: Some(&[0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF]),
            iv_counter_nonce: Some(&[0x01]),
            authenticated_encryption_additional_data: Some(&[0x01, 0x10, 0x80, 0xFF]),
            authenticated_encryption_tag: Some(&[0x01, 0x90, 0xFE]),
            ..Default::default()
        };
        let want = vector(vs, "pykmip-decrypt-request-payload-aead");
        assert_bytes(
            "decrypt aead",
            &payload_bytes(Tag::REQUEST_PAYLOAD, &dreq, V1_4),
            &want,
        );
        assert_eq!(decode_payload::<DecryptRequest>(&want, V1_4), dreq);
    });
}

#[test]
fn kmip_2_x_payloads_and_headers() {
    with_vectors(|vs| {
        let item = RequestBatchItem {
            ephemeral: Some(false),
            ..RequestBatchItem::new(GetRequest::new("49a1ca88-6bea-4fb2-b450-7e58802c3038"))
        };
        let want = vector(vs, "libkmip-request-batch-item-2.0-ephemeral");
        assert_bytes(
            "ephemeral",
            &encode_with(|e| item.encode(e, V2_0)).unwrap(),
            &want,
        );
        assert_eq!(
            RequestBatchItem::decode(decode(&want).unwrap(), V2_0).unwrap(),
            item
        );
        // Ephemeral is a 2.0 field.
        assert!(encode_with(|e| item.encode(e, V1_4)).is_err());

        let att = [AttestationType::TPM_QUOTE, AttestationType::SAML_ASSERTION];
        let h = ResponseHeader {
            nonce: Some(Nonce {
                id: &[1, 2, 3, 4],
                value: &[0xFF; 6],
            }),
            server_hashed_password: Some(&unhex(
                "301EC144E9C6C4F64C29C01C3E11839C97D6E7D2BC0C5DBC68377B679AE51D4D",
            )),
            attestation_types: Seq::from_slice(&att),
            client_correlation_value: Some("client 1"),
            server_correlation_value: Some("server 1"),
            ..ResponseHeader::new(V2_0, 1335514341)
        };
        let want = vector(vs, "libkmip-response-header-2.0");
        assert_bytes(
            "response header",
            &encode_with(|e| h.encode(e)).unwrap(),
            &want,
        );
        assert_eq!(ResponseHeader::decode(decode(&want).unwrap()).unwrap(), h);
        let want = vector(vs, "pykmip-response-header-2.0");
        let h2 = ResponseHeader::decode(decode(&want).unwrap()).unwrap();
        assert_eq!(h2.protocol_version, V2_0);
        assert_eq!(h2.server_hashed_password.map(<[u8]>::len), Some(32));
        assert_bytes(
            "pykmip response header",
            &encode_with(|e| h2.encode(e)).unwrap(),
            &want,
        );

        let attrs = [
            attr(AttributeValue::CryptographicAlgorithm(
                CryptographicAlgorithm::AES,
            )),
            attr(AttributeValue::CryptographicLength(128)),
            attr(AttributeValue::CryptographicUsageMask(
                CryptographicUsageMask(12),
            )),
        ];
        let masks = [ProtectionStorageMask(3)];
        let create = CreateRequest {
            protection_storage_masks: Seq::from_slice(&masks),
            ..CreateRequest::symmetric_key(TemplateAttribute::new(&attrs))
        };
        let want = vector(vs, "pykmip-create-request-payload-2.0");
        assert_bytes(
            "create 2.0",
            &payload_bytes(Tag::REQUEST_PAYLOAD, &create, V2_0),
            &want,
        );
        assert_eq!(decode_payload::<CreateRequest>(&want, V2_0), create);
        // Protection Storage Masks are 2.0 only.
        assert!(encode_with(|e| create.encode(e, V1_4)).is_err());

        let ot = [attr(AttributeValue::ObjectType(ObjectType::PUBLIC_KEY))];
        let locate = LocateRequest {
            maximum_items: Some(1),
            offset_items: Some(1),
            storage_status_mask: Some(StorageStatusMask(3)),
            object_group_member: Some(ObjectGroupMember::GROUP_MEMBER_DEFAULT),
            attributes: Seq::from_slice(&ot),
        };
        let want = vector(vs, "pykmip-locate-request-payload-2.0");
        assert_bytes(
            "locate 2.0",
            &payload_bytes(Tag::REQUEST_PAYLOAD, &locate, V2_0),
            &want,
        );
        assert_eq!(decode_payload::<LocateRequest>(&want, V2_0), locate);
        // Offset Items is a 1.3 field.
        assert!(matches!(
            encode_with(|e| locate.encode(e, ProtocolVersion::V1_2)),
            Err(Error::NotInVersion {
                field: Tag::OFFSET_ITEMS,
                ..
            })
        ));

        let uid = "1703250b-4d40-4de2-93a0-c494a1d4ae40";
        let refs = [
            AttributeReference::Tag(Tag::OBJECT_GROUP),
            AttributeReference::Tag(Tag::APPLICATION_SPECIFIC_INFORMATION),
            AttributeReference::Tag(Tag::CONTACT_INFORMATION),
        ];
        let ga = GetAttributesRequest {
            unique_identifier: Some(Uid::Text(uid)),
            attribute_references: Seq::from_slice(&refs),
        };
        let want = vector(vs, "pykmip-get-attributes-request-payload-2.0");
        assert_bytes(
            "get attributes 2.0",
            &payload_bytes(Tag::REQUEST_PAYLOAD, &ga, V2_0),
            &want,
        );
        assert_eq!(decode_payload::<GetAttributesRequest>(&want, V2_0), ga);

        let want = vector(vs, "pykmip-get-attributes-response-payload-2.0");
        let gr: GetAttributesResponse = decode_payload(&want, V2_0);
        assert_eq!(gr.unique_identifier, Uid::Text(uid));
        let got: Vec<_> = gr.attributes.iter().map(|a| a.value).collect();
        assert_eq!(
            got,
            [
                AttributeValue::ApplicationSpecificInformation(ApplicationSpecificInformation {
                    namespace: "ssl",
                    data: Some("www.example.com")
                }),
                AttributeValue::ContactInformation("Joe"),
            ]
        );
        assert_bytes(
            "get attributes resp 2.0",
            &payload_bytes(Tag::RESPONSE_PAYLOAD, &gr, V2_0),
            &want,
        );

        let modify = ModifyAttributeRequest {
            unique_identifier: Some(Uid::Text("b4faee10-aa2a-4446-8ad4-0881f3422959")),
            current_attribute: Some(attr(AttributeValue::CryptographicAlgorithm(
                CryptographicAlgorithm::AES,
            ))),
            attribute: attr(AttributeValue::CryptographicAlgorithm(
                CryptographicAlgorithm::RSA,
            )),
        };
        let want = vector(vs, "pykmip-modify-attribute-request-payload-2.0");
        assert_bytes(
            "modify 2.0",
            &payload_bytes(Tag::REQUEST_PAYLOAD, &modify, V2_0),
            &want,
        );
        assert_eq!(
            decode_payload::<ModifyAttributeRequest>(&want, V2_0),
            modify
        );

        let delete = DeleteAttributeRequest {
            unique_identifier: Some(Uid::Text("b4faee10-aa2a-4446-8ad4-0881f3422959")),
            current_attribute: Some(attr(AttributeValue::CryptographicAlgorithm(
                CryptographicAlgorithm::AES,
            ))),
            attribute_reference: Some(AttributeReference::Vendor {
                vendor: "Acme Corporation",
                name: "Delivery Date",
            }),
            attribute_index: None,
        };
        let want = vector(vs, "pykmip-delete-attribute-request-payload-2.0");
        assert_bytes(
            "delete 2.0",
            &payload_bytes(Tag::REQUEST_PAYLOAD, &delete, V2_0),
            &want,
        );
        assert_eq!(
            decode_payload::<DeleteAttributeRequest>(&want, V2_0),
            delete
        );
    });
}

#[test]
fn kmip_2_1_messages() {
    with_vectors(|vs| {
        let attrs = [
            attr(AttributeValue::CryptographicAlgorithm(
                CryptographicAlgorithm::AES,
            )),
            attr(AttributeValue::CryptographicLength(256)),
            attr(AttributeValue::CryptographicUsageMask(
                CryptographicUsageMask(12),
            )),
            attr(AttributeValue::Name(Name::text("SKLC-M-1-21"))),
        ];
        let mut h = RequestHeader::new(V2_1);
        h.client_correlation_value = Some("SKLC-M-1-21 step=0");
        let mut m: RequestMessage<'_, 1> = RequestMessage::new(h);
        m.push(RequestBatchItem::new(CreateRequest::symmetric_key(
            TemplateAttribute::new(&attrs),
        )))
        .unwrap();
        let want = vector(vs, "kmip21-sklc-m-1-create-request");
        assert_bytes("sklc-m-1-21", &encode_request(&m), &want);
        // Client Correlation Value is a 1.4 field: a 1.2 header refuses it.
        let mut h12 = h;
        h12.protocol_version = ProtocolVersion::V1_2;
        assert!(encode_with(|e| h12.encode(e)).is_err());

        let key = unhex("0123456789ABCDEF0123456789ABCDEF");
        let attrs = [
            attr(AttributeValue::Name(Name::text("BL-M-1-21"))),
            attr(AttributeValue::CryptographicUsageMask(
                CryptographicUsageMask::ENCRYPT,
            )),
            attr(AttributeValue::CryptographicAlgorithm(
                CryptographicAlgorithm::AES,
            )),
            attr(AttributeValue::CryptographicLength(128)),
        ];
        let reg = RegisterRequest::new(
            Object::SymmetricKey(KeyBlock::raw_symmetric(CryptographicAlgorithm::AES, &key)),
            TemplateAttribute::new(&attrs),
        );
        assert_bytes(
            "bl-m-1-21",
            &single(V2_1, reg),
            &vector(vs, "kmip21-bl-m-1-register-request"),
        );

        let custom = |n, v| {
            attr(AttributeValue::Custom(CustomAttribute::client(
                n,
                RawValue::Text(v),
            )))
        };
        let attrs = [
            attr(AttributeValue::ObjectGroup("SASED-M-2-21-group")),
            custom("CustomAttribute1", "CustomValue1"),
            custom("CustomAttribute2", "CustomValue2"),
            custom("CustomAttribute3", "CustomValue3"),
            custom("CustomAttribute4", "CustomValue4"),
            attr(AttributeValue::Name(Name::text("SASED-M-2-21-name"))),
        ];
        let secret = [0x2Au8; 32];
        let reg = RegisterRequest::new(
            Object::SecretData {
                secret_data_type: SecretDataType::PASSWORD,
                key_block: KeyBlock {
                    key_format_type: KeyFormatType::OPAQUE,
                    key_compression_type: None,
                    key_value: KeyValue::bytes(&secret),
                    cryptographic_algorithm: None,
                    cryptographic_length: None,
                    key_wrapping_data: None,
                },
            },
            TemplateAttribute::new(&attrs),
        );
        let mut h = RequestHeader::new(V2_1);
        h.client_correlation_value = Some("SASED-M-2-21 step=1");
        let mut m: RequestMessage<'_, 1> = RequestMessage::new(h);
        m.push(RequestBatchItem::new(reg)).unwrap();
        let want = vector(vs, "kmip21-sased-m-2-register-secretdata-vendor-attrs");
        assert_bytes("sased-m-2-21", &encode_request(&m), &want);
        // The same custom attributes in 1.4 are `x-CustomAttribute1` names.
        let ta = TemplateAttribute::new(&attrs);
        let v14 = encode_with(|e| ta.encode(e, V1_4)).unwrap();
        let back = TemplateAttribute::decode(decode(&v14).unwrap(), V1_4).unwrap();
        assert_eq!(back, ta);
        assert!(v14.windows(18).any(|w| w == b"x-CustomAttribute1"));
    });
}

/// Decodes a response vector (the bytes are leaked: a test process is short-lived).
fn response(
    vs: &[serde_json::Value],
    name: &str,
    v: ProtocolVersion,
) -> ResponseMessage<'static, 1> {
    let bytes: &'static [u8] = Box::leak(vector(vs, name).into_boxed_slice());
    ResponseMessage::<1>::decode(bytes, v).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn responses_decode_to_expected_values() {
    with_vectors(|vs| {
        for (name, uid) in [
            (
                "kmip10-uc3.1.1-create-response",
                "fc8833de-70d2-4ece-b063-fede3a3c59fe",
            ),
            (
                "kmip10-uc4.1-create-response",
                "21d28b8a-06df-43c0-b72f-2a161633ada9",
            ),
            (
                "pykmip-create-response-1.1",
                "fb4b5b9c-6188-4c63-8142-fe9c328129fc",
            ),
            ("pykmip-create-response-uid-1", "1"),
        ] {
            let m = response(vs, name, V1_0);
            let p = m.first().unwrap().payload_as::<CreateResponse>().unwrap();
            assert_eq!(
                (p.object_type, p.unique_identifier),
                (ObjectType::SYMMETRIC_KEY, Uid::Text(uid)),
                "{name}"
            );
        }
        let m = response(vs, "pykmip-create-response-uid-1", V1_1);
        assert_eq!(
            m.first().unwrap().unique_batch_item_id,
            Some(&b"QLKC\x01\0\0\0"[..])
        );

        for (name, uid) in [
            (
                "kmip10-uc3.1.2-destroy-response",
                "61b10614-d8b5-46f9-8d17-2fa6ea1d747a",
            ),
            (
                "pykmip-destroy-response-1.1",
                "fb4b5b9c-6188-4c63-8142-fe9c328129fc",
            ),
        ] {
            let m = response(vs, name, V1_0);
            let p = m.first().unwrap().payload_as::<DestroyResponse>().unwrap();
            assert_eq!(p.unique_identifier, Uid::Text(uid));
        }
        let m = response(vs, "kmip10-uc4.1-activate-response", V1_0);
        assert!(m
            .first()
            .unwrap()
            .payload_as::<ActivateResponse>()
            .is_some());
        assert_eq!(m.header.time_stamp, 1258024235);

        for (name, state) in [
            (
                "kmip10-uc4.1-get-attributes-state-preactive",
                State::PRE_ACTIVE,
            ),
            (
                "kmip10-uc4.1-get-attributes-state-compromised",
                State::COMPROMISED,
            ),
        ] {
            let m = response(vs, name, V1_0);
            let p = m
                .first()
                .unwrap()
                .payload_as::<GetAttributesResponse>()
                .unwrap();
            assert_eq!(p.attributes.state(), Some(state), "{name}");
        }

        for (name, key) in [
            (
                "kmip10-uc4.1-get-response-aes128",
                "EF7833AB15F5A1EE5874BC0D9BBC4BE7",
            ),
            (
                "pykmip-get-response-aes256",
                "1C5D9DE2A8BAF74903D662382546C085EDB2FEED0C279465394B418CC7A613BD",
            ),
        ] {
            let m = response(vs, name, V1_0);
            let p = m.first().unwrap().payload_as::<GetResponse>().unwrap();
            let kb = p.object.key_block().unwrap();
            assert_eq!(
                kb.plain_key().map(<[u8]>::to_vec),
                Some(unhex(key)),
                "{name}"
            );
            assert_eq!(kb.cryptographic_length, Some(key.len() as i32 * 4));
        }

        for name in [
            "kmip10-uc12.1-error-response-too-large",
            "pykmip-error-invalid-message",
        ] {
            let m = response(vs, name, V1_0);
            let item = m.first().unwrap();
            assert_eq!(item.operation, None, "{name}: no Operation");
            assert!(item.payload.is_none());
            let f = item.failure_info().unwrap();
            assert_eq!(f.status, ResultStatus::OPERATION_FAILED);
            let (reason, text) = if name.contains("too-large") {
                (ResultReason::RESPONSE_TOO_LARGE, "Maximum Response Size")
            } else {
                (ResultReason::INVALID_MESSAGE, "No operations supported")
            };
            assert_eq!(f.reason, Some(reason));
            assert!(f.message.unwrap().contains(text));
        }

        let m = response(vs, "kmip11-tc16.1-discover-versions-response", V1_1);
        let p = m
            .first()
            .unwrap()
            .payload_as::<DiscoverVersionsResponse>()
            .unwrap();
        assert_eq!(p.protocol_versions.iter().collect::<Vec<_>>(), [V1_1, V1_0]);
        let m = response(vs, "kmip11-tc16.1-discover-versions-response-empty", V1_1);
        let p = m
            .first()
            .unwrap()
            .payload_as::<DiscoverVersionsResponse>()
            .unwrap();
        assert!(p.protocol_versions.is_empty());

        let m = response(vs, "locate-response-empty-payload", V1_0);
        let p = m.first().unwrap().payload_as::<LocateResponse>().unwrap();
        assert!(p.unique_identifiers.is_empty() && p.located_items.is_none());
        let m = response(vs, "pykmip-locate-response-1.1", V1_1);
        let p = m.first().unwrap().payload_as::<LocateResponse>().unwrap();
        assert_eq!(
            p.unique_identifiers.first(),
            Some(Uid::Text("49a1ca88-6bea-4fb2-b450-7e58802c3038"))
        );

        let m = response(vs, "pykmip-query-server-information-response", V1_1);
        let item = m.item_by_id(b"QLKC\x01\0\0\0").unwrap();
        let p = item.payload_as::<QueryResponse>().unwrap();
        assert_eq!(
            p.vendor_identification,
            Some("PyKMIP 0.11.0.dev1 Software Server")
        );
        assert!(p.operations.is_empty());
        let m = response(vs, "pykmip-server-query-operations-response-1.4", V1_4);
        let p = m.first().unwrap().payload_as::<QueryResponse>().unwrap();
        assert_eq!(p.operations.len(), 18);
        assert_eq!(p.operations.iter().last(), Some(Operation::MAC));
    });
}

/// Every accepted message vector decodes (as a request or a response, in its version) and
/// re-encodes to the same bytes; every rejected one is an error.
#[test]
fn every_message_vector_round_trips_or_is_rejected() {
    with_vectors(|vs| {
        let mut checked = 0;
        for v in vs {
            let name = v["name"].as_str().unwrap();
            let bytes = unhex(v["hex"].as_str().unwrap());
            let reject = v["expect"] == "reject";
            let Ok(item) = decode(&bytes) else {
                assert!(reject, "{name}");
                assert!(ResponseMessage::<4>::decode(&bytes, V1_0).is_err());
                continue;
            };
            if item.tag() == Tag::REQUEST_MESSAGE {
                let m =
                    RequestMessage::<4>::decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_bytes(name, &encode_request(&m), &bytes);
                checked += 1;
            } else if item.tag() == Tag::RESPONSE_MESSAGE {
                let sent = RequestMessage::<4>::decode(&bytes)
                    .map(|m| m.version())
                    .unwrap_or(V1_0);
                let m = ResponseMessage::<4>::decode(&bytes, sent)
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_bytes(name, &encode_response(&m), &bytes);
                checked += 1;
            }
        }
        assert!(checked >= 39, "only {checked} message vectors");
    });
}

#[test]
fn no_allocation_needed_to_encode_into_a_small_buffer() {
    // A Get request for a 36-character UID is 152 bytes: 151 are too few, and that is an error.
    let m = RequestMessage::<1>::single(
        V1_0,
        GetRequest::new("21d28b8a-06df-43c0-b72f-2a161633ada9"),
    )
    .unwrap();
    let mut buf = [0u8; 152];
    let mut enc = Encoder::for_slice(&mut buf[..151]);
    assert!(matches!(m.encode(&mut enc), Err(Error::Encode(_))));
    let mut enc = Encoder::for_slice(&mut buf);
    m.encode(&mut enc).unwrap();
    assert_eq!(enc.sink().position(), 152);
}
