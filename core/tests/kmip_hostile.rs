//! Malformed and hostile messages: truncated payloads, wrong types for known tags, duplicated
//! fields, absurd counts, and mutated bytes. Each is an error naming the field, never a panic;
//! the tolerated oddities of real servers decode.

use kmipkit_core::kmip::ops::*;
use kmipkit_core::kmip::*;
use kmipkit_core::ttlv::{
    EncodeError, Encoder, ItemType, ObjectType, Operation, ResultReason, ResultStatus, SliceSink,
    State, Tag,
};
use proptest::prelude::*;

type E<'b> = Encoder<SliceSink<'b>>;

/// Writes a Response Message with a standard header (version `v`, Batch Count `count`) and
/// the batch items `items` writes.
fn response_bytes(
    v: ProtocolVersion,
    count: i32,
    header_extra: impl FnOnce(&mut E<'_>) -> Result<(), EncodeError>,
    items: impl FnOnce(&mut E<'_>) -> Result<(), EncodeError>,
) -> Vec<u8> {
    let mut buf = vec![0u8; 1 << 20];
    let mut e = Encoder::for_slice(&mut buf);
    e.structure(Tag::RESPONSE_MESSAGE, |e| {
        e.structure(Tag::RESPONSE_HEADER, |e| {
            e.structure(Tag::PROTOCOL_VERSION, |e| {
                e.integer(Tag::PROTOCOL_VERSION_MAJOR, v.major)?;
                e.integer(Tag::PROTOCOL_VERSION_MINOR, v.minor)
            })?;
            e.date_time(Tag::TIME_STAMP, 1_700_000_000)?;
            header_extra(e)?;
            e.integer(Tag::BATCH_COUNT, count)
        })?;
        items(e)
    })
    .unwrap();
    let n = e.position();
    buf.truncate(n);
    buf
}

/// One successful batch item of `op` whose payload `payload` writes.
fn item(
    e: &mut E<'_>,
    op: Operation,
    payload: impl FnOnce(&mut E<'_>) -> Result<(), EncodeError>,
) -> Result<(), EncodeError> {
    e.structure(Tag::BATCH_ITEM, |e| {
        e.enumeration(Tag::OPERATION, op)?;
        e.enumeration(Tag::RESULT_STATUS, ResultStatus::SUCCESS)?;
        e.structure(Tag::RESPONSE_PAYLOAD, payload)
    })
}

fn decode_err(bytes: &[u8], v: ProtocolVersion) -> Error {
    ResponseMessage::<4>::decode(bytes, v).expect_err("must be refused")
}

const V1_0: ProtocolVersion = ProtocolVersion::V1_0;
const V1_4: ProtocolVersion = ProtocolVersion::V1_4;
const V2_0: ProtocolVersion = ProtocolVersion::V2_0;

#[test]
fn a_missing_required_field_is_named() {
    // A Get response without its Unique Identifier.
    let b = response_bytes(
        V1_0,
        1,
        |_| Ok(()),
        |e| {
            item(e, Operation::GET, |e| {
                e.enumeration(Tag::OBJECT_TYPE, ObjectType::SYMMETRIC_KEY)
            })
        },
    );
    assert!(matches!(
        decode_err(&b, V1_0),
        Error::Missing {
            field: Tag::UNIQUE_IDENTIFIER,
            within: Tag::RESPONSE_PAYLOAD,
            ..
        }
    ));
    // A response without Time Stamp.
    let mut buf = [0u8; 256];
    let mut e = Encoder::for_slice(&mut buf);
    e.structure(Tag::RESPONSE_MESSAGE, |e| {
        e.structure(Tag::RESPONSE_HEADER, |e| {
            e.structure(Tag::PROTOCOL_VERSION, |e| {
                e.integer(Tag::PROTOCOL_VERSION_MAJOR, 1)?;
                e.integer(Tag::PROTOCOL_VERSION_MINOR, 0)
            })?;
            e.integer(Tag::BATCH_COUNT, 1)
        })?;
        item(e, Operation::ACTIVATE, |e| {
            e.text(Tag::UNIQUE_IDENTIFIER, "1")
        })
    })
    .unwrap();
    let n = e.position();
    assert!(matches!(
        decode_err(&buf[..n], V1_0),
        Error::Missing {
            field: Tag::TIME_STAMP,
            within: Tag::RESPONSE_HEADER,
            ..
        }
    ));
    // A failure without Result Reason; a Pending item without its correlation value.
    for (status, missing) in [
        (ResultStatus::OPERATION_FAILED, Tag::RESULT_REASON),
        (
            ResultStatus::OPERATION_PENDING,
            Tag::ASYNCHRONOUS_CORRELATION_VALUE,
        ),
    ] {
        let b = response_bytes(
            V1_0,
            1,
            |_| Ok(()),
            |e| {
                e.structure(Tag::BATCH_ITEM, |e| {
                    e.enumeration(Tag::RESULT_STATUS, status)
                })
            },
        );
        assert!(
            matches!(decode_err(&b, V1_0), Error::Missing { field, .. } if field == missing),
            "{missing:?}"
        );
    }
    // A Key Block without Key Value.
    let b = response_bytes(
        V1_0,
        1,
        |_| Ok(()),
        |e| {
            item(e, Operation::GET, |e| {
                e.enumeration(Tag::OBJECT_TYPE, ObjectType::SYMMETRIC_KEY)?;
                e.text(Tag::UNIQUE_IDENTIFIER, "1")?;
                e.structure(Tag::SYMMETRIC_KEY, |e| {
                    e.structure(Tag::KEY_BLOCK, |e| {
                        e.enumeration(Tag::KEY_FORMAT_TYPE, 1u32)
                    })
                })
            })
        },
    );
    assert!(matches!(
        decode_err(&b, V1_0),
        Error::Missing {
            field: Tag::KEY_VALUE,
            within: Tag::KEY_BLOCK,
            ..
        }
    ));
}

#[test]
fn a_wrong_type_for_a_known_tag_is_refused() {
    // Unique Identifier as an Integer: legal in 2.x (an index), not in 1.x.
    let uid_int = |v| {
        response_bytes(
            v,
            1,
            |_| Ok(()),
            |e| {
                item(e, Operation::ACTIVATE, |e| {
                    e.integer(Tag::UNIQUE_IDENTIFIER, 3)
                })
            },
        )
    };
    assert!(matches!(
        decode_err(&uid_int(V1_4), V1_4),
        Error::WrongType {
            field: Tag::UNIQUE_IDENTIFIER,
            expected: ItemType::TextString,
            found: ItemType::Integer,
            ..
        }
    ));
    let b20 = uid_int(V2_0);
    let m = ResponseMessage::<1>::decode(&b20, V2_0).unwrap();
    let p = m.first().unwrap().payload_as::<ActivateResponse>().unwrap();
    assert_eq!(p.unique_identifier, Uid::Index(3));

    // A 1.x State attribute whose value is text: the error names State, not Attribute Value.
    let b = response_bytes(
        V1_0,
        1,
        |_| Ok(()),
        |e| {
            item(e, Operation::GET_ATTRIBUTES, |e| {
                e.text(Tag::UNIQUE_IDENTIFIER, "1")?;
                e.structure(Tag::ATTRIBUTE, |e| {
                    e.text(Tag::ATTRIBUTE_NAME, "State")?;
                    e.text(Tag::ATTRIBUTE_VALUE, "Active")
                })
            })
        },
    );
    assert!(matches!(
        decode_err(&b, V1_0),
        Error::WrongType {
            field: Tag::STATE,
            expected: ItemType::Enumeration,
            ..
        }
    ));
    // Batch Count as an Enumeration.
    let mut buf = [0u8; 256];
    let mut e = Encoder::for_slice(&mut buf);
    e.structure(Tag::RESPONSE_MESSAGE, |e| {
        e.structure(Tag::RESPONSE_HEADER, |e| {
            e.structure(Tag::PROTOCOL_VERSION, |e| {
                e.integer(Tag::PROTOCOL_VERSION_MAJOR, 1)?;
                e.integer(Tag::PROTOCOL_VERSION_MINOR, 0)
            })?;
            e.date_time(Tag::TIME_STAMP, 1)?;
            e.enumeration(Tag::BATCH_COUNT, 1u32)
        })?;
        item(e, Operation::ACTIVATE, |e| {
            e.text(Tag::UNIQUE_IDENTIFIER, "1")
        })
    })
    .unwrap();
    let n = e.position();
    assert!(matches!(
        decode_err(&buf[..n], V1_0),
        Error::WrongType {
            field: Tag::BATCH_COUNT,
            ..
        }
    ));
    // Response Payload that is not a structure.
    let b = response_bytes(
        V1_0,
        1,
        |_| Ok(()),
        |e| {
            e.structure(Tag::BATCH_ITEM, |e| {
                e.enumeration(Tag::RESULT_STATUS, ResultStatus::SUCCESS)?;
                e.text(Tag::RESPONSE_PAYLOAD, "x")
            })
        },
    );
    assert!(matches!(
        decode_err(&b, V1_0),
        Error::WrongType {
            field: Tag::RESPONSE_PAYLOAD,
            ..
        }
    ));
}

#[test]
fn a_duplicated_field_is_refused() {
    let b = response_bytes(
        V1_0,
        1,
        |_| Ok(()),
        |e| {
            item(e, Operation::GET_ATTRIBUTES, |e| {
                e.text(Tag::UNIQUE_IDENTIFIER, "1")?;
                e.text(Tag::UNIQUE_IDENTIFIER, "2")
            })
        },
    );
    assert!(matches!(
        decode_err(&b, V1_0),
        Error::Duplicate {
            field: Tag::UNIQUE_IDENTIFIER,
            within: Tag::RESPONSE_PAYLOAD,
            ..
        }
    ));
    let b = response_bytes(
        V1_0,
        1,
        |e| e.date_time(Tag::TIME_STAMP, 2),
        |e| {
            item(e, Operation::ACTIVATE, |e| {
                e.text(Tag::UNIQUE_IDENTIFIER, "1")
            })
        },
    );
    assert!(matches!(
        decode_err(&b, V1_0),
        Error::Duplicate {
            field: Tag::TIME_STAMP,
            within: Tag::RESPONSE_HEADER,
            ..
        }
    ));
    let b = response_bytes(
        V1_0,
        1,
        |_| Ok(()),
        |e| {
            e.structure(Tag::BATCH_ITEM, |e| {
                e.enumeration(Tag::RESULT_STATUS, ResultStatus::SUCCESS)?;
                e.enumeration(Tag::RESULT_STATUS, ResultStatus::OPERATION_FAILED)
            })
        },
    );
    assert!(matches!(
        decode_err(&b, V1_0),
        Error::Duplicate {
            field: Tag::RESULT_STATUS,
            ..
        }
    ));
}

#[test]
fn absurd_counts_are_errors() {
    let one = |e: &mut E<'_>| {
        item(e, Operation::ACTIVATE, |e| {
            e.text(Tag::UNIQUE_IDENTIFIER, "1")
        })
    };
    for declared in [0, 2, 1000, -1, i32::MAX] {
        let b = response_bytes(V1_0, declared, |_| Ok(()), one);
        let err = decode_err(&b, V1_0);
        assert!(
            matches!(
                err,
                Error::BatchCountMismatch { .. } | Error::InvalidValue { .. }
            ),
            "{declared}: {err:?}"
        );
    }
    // No batch item at all.
    let b = response_bytes(V1_0, 0, |_| Ok(()), |_| Ok(()));
    assert!(matches!(
        decode_err(&b, V1_0),
        Error::Missing {
            field: Tag::BATCH_ITEM,
            ..
        }
    ));
    // More batch items than the caller's capacity: an error, not a truncation.
    let b = response_bytes(V1_0, 100, |_| Ok(()), |e| (0..100).try_for_each(|_| one(e)));
    assert!(matches!(
        decode_err(&b, V1_0),
        Error::TooMany {
            field: Tag::BATCH_ITEM,
            capacity: 4,
            ..
        }
    ));
    assert_eq!(
        ResponseMessage::<100>::decode(&b, V1_0)
            .unwrap()
            .batch_items
            .len(),
        100
    );
    // A negative Maximum Items.
    let mut buf = [0u8; 64];
    let mut e = Encoder::for_slice(&mut buf);
    e.structure(Tag::REQUEST_PAYLOAD, |e| e.integer(Tag::MAXIMUM_ITEMS, -5))
        .unwrap();
    let n = e.position();
    let item = kmipkit_core::ttlv::decode(&buf[..n]).unwrap();
    assert!(matches!(
        LocateRequest::decode(item, V1_4),
        Err(Error::InvalidValue {
            field: Tag::MAXIMUM_ITEMS,
            problem: Problem::Negative,
            ..
        })
    ));
    // A Locate answer with 20 000 identifiers needs no capacity at all: the list is lazy.
    let b = response_bytes(V1_4, 1, |_| Ok(()), |e| item_many(e, 20_000));
    let m = ResponseMessage::<1>::decode(&b, V1_4).unwrap();
    let p = m.first().unwrap().payload_as::<LocateResponse>().unwrap();
    assert_eq!(p.unique_identifiers.len(), 20_000);
    assert_eq!(
        p.unique_identifiers.iter().last(),
        Some(Uid::Text("id-19999"))
    );
}

fn item_many(e: &mut E<'_>, n: usize) -> Result<(), EncodeError> {
    item(e, Operation::LOCATE, |e| {
        e.integer(Tag::LOCATED_ITEMS, n as i32)?;
        (0..n).try_for_each(|i| e.text(Tag::UNIQUE_IDENTIFIER, &format!("id-{i}")))
    })
}

#[test]
fn real_server_oddities_are_tolerated() {
    // Vault: Server Correlation Value (1.4) in a 1.0 header; Object Type in a Register answer.
    let b = response_bytes(
        V1_0,
        1,
        |e| e.text(Tag::SERVER_CORRELATION_VALUE, "vault-1"),
        |e| {
            item(e, Operation::REGISTER, |e| {
                e.enumeration(Tag::OBJECT_TYPE, ObjectType::SYMMETRIC_KEY)?;
                e.text(Tag::UNIQUE_IDENTIFIER, "abc")
            })
        },
    );
    let m = ResponseMessage::<1>::decode(&b, V1_0).unwrap();
    assert_eq!(m.header.server_correlation_value, Some("vault-1"));
    let p = m.first().unwrap().payload_as::<RegisterResponse>().unwrap();
    assert_eq!(p.unique_identifier, Uid::Text("abc"));
    // Fields in an unexpected order, and an unknown vendor tag, in a batch item.
    let b = response_bytes(
        V1_0,
        1,
        |_| Ok(()),
        |e| {
            e.structure(Tag::BATCH_ITEM, |e| {
                e.structure(Tag::RESPONSE_PAYLOAD, |e| {
                    e.structure(Tag::ATTRIBUTE, |e| {
                        e.text(Tag::ATTRIBUTE_NAME, "State")?;
                        e.enumeration(Tag::ATTRIBUTE_VALUE, State::ACTIVE)
                    })?;
                    e.text(Tag(0x54_0001), "vendor")?;
                    e.text(Tag::UNIQUE_IDENTIFIER, "7")
                })?;
                e.enumeration(Tag::RESULT_STATUS, ResultStatus::SUCCESS)?;
                e.enumeration(Tag::OPERATION, Operation::GET_ATTRIBUTES)
            })
        },
    );
    let m = ResponseMessage::<1>::decode(&b, V1_0).unwrap();
    let p = m
        .first()
        .unwrap()
        .payload_as::<GetAttributesResponse>()
        .unwrap();
    assert_eq!(p.attributes.state(), Some(State::ACTIVE));
    // Pending: the correlation value is reported.
    let b = response_bytes(
        V1_0,
        1,
        |e| e.boolean(Tag(0x54_0002), true),
        |e| {
            e.structure(Tag::BATCH_ITEM, |e| {
                e.enumeration(Tag::OPERATION, Operation::CREATE)?;
                e.enumeration(Tag::RESULT_STATUS, ResultStatus::OPERATION_PENDING)?;
                e.bytes(Tag::ASYNCHRONOUS_CORRELATION_VALUE, b"poll-me")
            })
        },
    );
    let m = ResponseMessage::<1>::decode(&b, V1_0).unwrap();
    assert_eq!(m.first().unwrap().pending(), Some(&b"poll-me"[..]));
    // PyKMIP answers a 3.0 request with a 1.0 Invalid Message: accepted (it failed) …
    let fail = |e: &mut E<'_>| {
        e.structure(Tag::BATCH_ITEM, |e| {
            e.enumeration(Tag::RESULT_STATUS, ResultStatus::OPERATION_FAILED)?;
            e.enumeration(Tag::RESULT_REASON, ResultReason::INVALID_MESSAGE)
        })
    };
    let b = response_bytes(V1_0, 1, |_| Ok(()), fail);
    let m = ResponseMessage::<1>::decode(&b, ProtocolVersion::new(3, 0)).unwrap();
    assert_eq!(
        m.first().unwrap().failure_info().unwrap().reason,
        Some(ResultReason::INVALID_MESSAGE)
    );
    // … but a success in another major version than the request is not.
    let b = response_bytes(
        V1_4,
        1,
        |_| Ok(()),
        |e| {
            item(e, Operation::ACTIVATE, |e| {
                e.text(Tag::UNIQUE_IDENTIFIER, "1")
            })
        },
    );
    assert!(matches!(
        decode_err(&b, V2_0),
        Error::MajorVersionMismatch { .. }
    ));
}

#[test]
fn both_shapes_of_a_wrapped_key_value_decode() {
    let wrapped = [0x1F, 0xA6, 0x8B, 0x0A, 0x81, 0x12, 0xB4, 0x47];
    for as_structure in [false, true] {
        let b = response_bytes(
            V1_4,
            1,
            |_| Ok(()),
            |e| {
                item(e, Operation::GET, |e| {
                    e.enumeration(Tag::OBJECT_TYPE, ObjectType::SYMMETRIC_KEY)?;
                    e.text(Tag::UNIQUE_IDENTIFIER, "k")?;
                    e.structure(Tag::SYMMETRIC_KEY, |e| {
                        e.structure(Tag::KEY_BLOCK, |e| {
                            e.enumeration(Tag::KEY_FORMAT_TYPE, 1u32)?;
                            if as_structure {
                                e.structure(Tag::KEY_VALUE, |e| {
                                    e.bytes(Tag::KEY_MATERIAL, &wrapped)
                                })?;
                            } else {
                                e.bytes(Tag::KEY_VALUE, &wrapped)?;
                            }
                            e.enumeration(Tag::CRYPTOGRAPHIC_ALGORITHM, 3u32)?;
                            e.integer(Tag::CRYPTOGRAPHIC_LENGTH, 128)?;
                            e.structure(Tag::KEY_WRAPPING_DATA, |e| {
                                e.enumeration(Tag::WRAPPING_METHOD, 1u32)?;
                                e.structure(Tag::ENCRYPTION_KEY_INFORMATION, |e| {
                                    e.text(Tag::UNIQUE_IDENTIFIER, "kek")
                                })?;
                                e.enumeration(Tag::ENCODING_OPTION, 1u32)
                            })
                        })
                    })
                })
            },
        );
        let m = ResponseMessage::<1>::decode(&b, V1_4).unwrap();
        let p = m.first().unwrap().payload_as::<GetResponse>().unwrap();
        let kb = p.object.key_block().unwrap();
        assert!(kb.is_wrapped());
        assert_eq!(
            kb.wrapped_key(),
            Some(&wrapped[..]),
            "structure form: {as_structure}"
        );
        assert_eq!(kb.plain_key(), None);
        let kwd = kb.key_wrapping_data.unwrap();
        assert_eq!(
            kwd.encryption_key_information.unwrap().unique_identifier,
            Uid::Text("kek")
        );
    }
}

fn sample_messages() -> Vec<Vec<u8>> {
    let activate = response_bytes(
        V1_0,
        1,
        |_| Ok(()),
        |e| {
            item(e, Operation::ACTIVATE, |e| {
                e.text(Tag::UNIQUE_IDENTIFIER, "1")
            })
        },
    );
    let attrs = response_bytes(
        V2_0,
        1,
        |_| Ok(()),
        |e| {
            item(e, Operation::GET_ATTRIBUTES, |e| {
                e.text(Tag::UNIQUE_IDENTIFIER, "1")?;
                e.structure(Tag::ATTRIBUTES, |e| {
                    e.enumeration(Tag::STATE, 2u32)?;
                    e.structure(Tag::NAME, |e| {
                        e.text(Tag::NAME_VALUE, "n")?;
                        e.enumeration(Tag::NAME_TYPE, 1u32)
                    })
                })
            })
        },
    );
    vec![
        activate,
        attrs,
        response_bytes(V1_4, 1, |_| Ok(()), |e| item_many(e, 5)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Mutated and truncated messages: decoding never panics, and whatever decodes re-encodes.
    #[test]
    fn mutated_messages_never_panic(
        which in 0usize..3,
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut b = sample_messages().swap_remove(which);
        for (i, x) in flips {
            let i = i.index(b.len());
            b[i] = x;
        }
        if truncate {
            let n = cut.index(b.len());
            b.truncate(n);
        }
        for v in ProtocolVersion::ALL {
            if let Ok(m) = ResponseMessage::<4>::decode(&b, v) {
                let mut out = vec![0u8; b.len() + 64];
                let mut e = Encoder::for_slice(&mut out);
                let _ = m.encode(&mut e);
            }
            let _ = RequestMessage::<4>::decode(&b);
        }
    }

    /// Any bytes behind a valid message header: never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = ResponseMessage::<4>::decode(&body, V1_4);
        let _ = RequestMessage::<4>::decode(&body);
    }
}
