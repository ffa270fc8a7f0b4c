//! The one-pass, in-place message decoder reports the error a header-first, field-by-field
//! reading reports: header errors before batch item errors, an item's own errors before "no
//! room for it", a repeated object's own errors before "duplicate", the Key Material's errors
//! before those of the attributes beside it. And messages whose header comes last still decode.

use kmipkit_core::kmip::ops::{GetResponse, RegisterRequest};
use kmipkit_core::kmip::*;
use kmipkit_core::ttlv::{EncodeError, Encoder, ItemType, Operation, ResultStatus, SliceSink, Tag};

type E<'b> = Encoder<SliceSink<'b>>;
type Body<'f> = &'f dyn Fn(&mut E<'_>) -> Result<(), EncodeError>;

const V1_4: ProtocolVersion = ProtocolVersion::V1_4;

/// A Response Message whose children `parts` write, in that order.
fn message(tag: Tag, parts: &[Body<'_>]) -> Vec<u8> {
    let mut buf = vec![0u8; 4096];
    let mut e = Encoder::for_slice(&mut buf);
    e.structure(tag, |e| parts.iter().try_for_each(|p| p(e)))
        .unwrap();
    let n = e.position();
    buf.truncate(n);
    buf
}

fn header(e: &mut E<'_>) -> Result<(), EncodeError> {
    e.structure(Tag::RESPONSE_HEADER, |e| {
        e.structure(Tag::PROTOCOL_VERSION, |e| {
            e.integer(Tag::PROTOCOL_VERSION_MAJOR, 1)?;
            e.integer(Tag::PROTOCOL_VERSION_MINOR, 4)
        })?;
        e.date_time(Tag::TIME_STAMP, 1_700_000_000)?;
        e.integer(Tag::BATCH_COUNT, 1)
    })
}

fn request_header(e: &mut E<'_>) -> Result<(), EncodeError> {
    e.structure(Tag::REQUEST_HEADER, |e| {
        e.structure(Tag::PROTOCOL_VERSION, |e| {
            e.integer(Tag::PROTOCOL_VERSION_MAJOR, 1)?;
            e.integer(Tag::PROTOCOL_VERSION_MINOR, 4)
        })?;
        e.integer(Tag::BATCH_COUNT, 1)
    })
}

fn key_block(e: &mut E<'_>, key: &[u8]) -> Result<(), EncodeError> {
    e.structure(Tag::KEY_BLOCK, |e| {
        e.enumeration(Tag::KEY_FORMAT_TYPE, 1u32)?;
        e.structure(Tag::KEY_VALUE, |e| e.bytes(Tag::KEY_MATERIAL, key))?;
        e.enumeration(Tag::CRYPTOGRAPHIC_ALGORITHM, 3u32)?;
        e.integer(Tag::CRYPTOGRAPHIC_LENGTH, 256)
    })
}

fn get_item(e: &mut E<'_>, objects: Body<'_>) -> Result<(), EncodeError> {
    e.structure(Tag::BATCH_ITEM, |e| {
        e.enumeration(Tag::OPERATION, Operation::GET)?;
        e.enumeration(Tag::RESULT_STATUS, ResultStatus::SUCCESS)?;
        e.structure(Tag::RESPONSE_PAYLOAD, |e| {
            e.enumeration(Tag::OBJECT_TYPE, 2u32)?;
            e.text(Tag::UNIQUE_IDENTIFIER, "15")?;
            objects(e)
        })
    })
}

fn symmetric_key(e: &mut E<'_>) -> Result<(), EncodeError> {
    e.structure(Tag::SYMMETRIC_KEY, |e| key_block(e, &[7; 32]))
}

/// A batch item whose Result Status is a Text String.
fn bad_item(e: &mut E<'_>) -> Result<(), EncodeError> {
    e.structure(Tag::BATCH_ITEM, |e| e.text(Tag::RESULT_STATUS, "ok"))
}

fn response<const N: usize>(b: &[u8]) -> Result<ResponseMessage<'_, N>, Error> {
    ResponseMessage::<N>::decode(b, V1_4)
}

#[test]
fn a_get_response_decodes_in_place() {
    let b = message(
        Tag::RESPONSE_MESSAGE,
        &[&header, &|e| get_item(e, &symmetric_key)],
    );
    let m = response::<1>(&b).unwrap();
    let get = m.batch_items[0].payload_as::<GetResponse>().unwrap();
    assert_eq!(get.unique_identifier, Uid::Text("15"));
    let block = get.object.key_block().unwrap();
    assert_eq!(block.plain_key(), Some(&[7u8; 32][..]));
    assert_eq!(block.cryptographic_length, Some(256));
    // The same payload through the public per-layer decoders.
    let top = kmipkit_core::ttlv::decode(&b).unwrap();
    let item = top.children().nth(1).unwrap();
    assert_eq!(
        ResponseBatchItem::decode(item, V1_4).unwrap(),
        m.batch_items[0]
    );
}

#[test]
fn a_header_after_the_items_is_still_read_first() {
    let b = message(
        Tag::RESPONSE_MESSAGE,
        &[&|e| get_item(e, &symmetric_key), &header],
    );
    let m = response::<1>(&b).unwrap();
    assert_eq!(m.header.protocol_version, V1_4);
    assert!(m.batch_items[0].payload_as::<GetResponse>().is_some());
}

#[test]
fn header_errors_come_before_batch_item_errors() {
    // A bad item, then a second header: the duplicate header is the error.
    let b = message(Tag::RESPONSE_MESSAGE, &[&header, &bad_item, &header]);
    assert!(matches!(
        response::<4>(&b),
        Err(Error::Duplicate {
            field: Tag::RESPONSE_HEADER,
            within: Tag::RESPONSE_MESSAGE,
            ..
        })
    ));
    // Without the second header, the item's error.
    let b = message(Tag::RESPONSE_MESSAGE, &[&header, &bad_item]);
    assert!(matches!(
        response::<4>(&b),
        Err(Error::WrongType {
            field: Tag::RESULT_STATUS,
            expected: ItemType::Enumeration,
            ..
        })
    ));
    // An item and no header at all: the missing header.
    let b = message(Tag::RESPONSE_MESSAGE, &[&bad_item]);
    assert!(matches!(
        response::<4>(&b),
        Err(Error::Missing {
            field: Tag::RESPONSE_HEADER,
            ..
        })
    ));
}

#[test]
fn an_item_beyond_the_capacity_reports_its_own_errors_first() {
    let good = |e: &mut E<'_>| get_item(e, &symmetric_key);
    let b = message(Tag::RESPONSE_MESSAGE, &[&header, &good, &bad_item]);
    assert!(matches!(
        response::<1>(&b),
        Err(Error::WrongType {
            field: Tag::RESULT_STATUS,
            ..
        })
    ));
    let b = message(Tag::RESPONSE_MESSAGE, &[&header, &good, &good]);
    assert!(matches!(
        response::<1>(&b),
        Err(Error::TooMany {
            field: Tag::BATCH_ITEM,
            capacity: 1,
            ..
        })
    ));
}

#[test]
fn a_second_object_reports_its_own_errors_before_being_a_duplicate() {
    let broken = |e: &mut E<'_>| e.structure(Tag::SYMMETRIC_KEY, |_| Ok(()));
    let twice = |e: &mut E<'_>| {
        symmetric_key(e)?;
        broken(e)
    };
    let b = message(Tag::RESPONSE_MESSAGE, &[&header, &|e| get_item(e, &twice)]);
    assert!(matches!(
        response::<1>(&b),
        Err(Error::Missing {
            field: Tag::KEY_BLOCK,
            within: Tag::SYMMETRIC_KEY,
            ..
        })
    ));
    let twice = |e: &mut E<'_>| {
        symmetric_key(e)?;
        symmetric_key(e)
    };
    let b = message(Tag::RESPONSE_MESSAGE, &[&header, &|e| get_item(e, &twice)]);
    assert!(matches!(
        response::<1>(&b),
        Err(Error::Duplicate {
            field: Tag::SYMMETRIC_KEY,
            within: Tag::RESPONSE_PAYLOAD,
            ..
        })
    ));
    let none = |_: &mut E<'_>| Ok(());
    let b = message(Tag::RESPONSE_MESSAGE, &[&header, &|e| get_item(e, &none)]);
    assert!(matches!(
        response::<1>(&b),
        Err(Error::Missing {
            field: Tag::SYMMETRIC_KEY,
            within: Tag::RESPONSE_PAYLOAD,
            ..
        })
    ));
}

#[test]
fn key_material_errors_come_before_attribute_errors() {
    // An attribute with a wrong Attribute Name type, before a Key Material of the wrong type.
    let object = |e: &mut E<'_>| {
        e.structure(Tag::SYMMETRIC_KEY, |e| {
            e.structure(Tag::KEY_BLOCK, |e| {
                e.enumeration(Tag::KEY_FORMAT_TYPE, 1u32)?;
                e.structure(Tag::KEY_VALUE, |e| {
                    e.structure(Tag::ATTRIBUTE, |e| e.integer(Tag::ATTRIBUTE_NAME, 1))?;
                    e.integer(Tag::KEY_MATERIAL, 1)
                })
            })
        })
    };
    let b = message(Tag::RESPONSE_MESSAGE, &[&header, &|e| get_item(e, &object)]);
    assert!(matches!(
        response::<1>(&b),
        Err(Error::WrongType {
            field: Tag::KEY_MATERIAL,
            ..
        })
    ));
    // With a good Key Material, the attribute's error.
    let object = |e: &mut E<'_>| {
        e.structure(Tag::SYMMETRIC_KEY, |e| {
            e.structure(Tag::KEY_BLOCK, |e| {
                e.enumeration(Tag::KEY_FORMAT_TYPE, 1u32)?;
                e.structure(Tag::KEY_VALUE, |e| {
                    e.structure(Tag::ATTRIBUTE, |e| e.integer(Tag::ATTRIBUTE_NAME, 1))?;
                    e.bytes(Tag::KEY_MATERIAL, &[1; 16])
                })
            })
        })
    };
    let b = message(Tag::RESPONSE_MESSAGE, &[&header, &|e| get_item(e, &object)]);
    assert!(matches!(
        response::<1>(&b),
        Err(Error::WrongType {
            field: Tag::ATTRIBUTE_NAME,
            expected: ItemType::TextString,
            ..
        })
    ));
}

#[test]
fn a_register_request_decodes_in_place() {
    let item = |e: &mut E<'_>| {
        e.structure(Tag::BATCH_ITEM, |e| {
            e.enumeration(Tag::OPERATION, Operation::REGISTER)?;
            e.structure(Tag::REQUEST_PAYLOAD, |e| {
                e.enumeration(Tag::OBJECT_TYPE, 2u32)?;
                e.structure(Tag::TEMPLATE_ATTRIBUTE, |_| Ok(()))?;
                symmetric_key(e)
            })
        })
    };
    let b = message(Tag::REQUEST_MESSAGE, &[&request_header, &item]);
    let m = RequestMessage::<1>::decode(&b).unwrap();
    let RequestPayload::Register(RegisterRequest { object, .. }) = m.batch_items[0].payload else {
        panic!("not a Register request: {:?}", m.batch_items[0].payload);
    };
    assert_eq!(
        object.key_block().and_then(|k| k.plain_key()),
        Some(&[7u8; 32][..])
    );
    // Header last: the same message.
    let b2 = message(Tag::REQUEST_MESSAGE, &[&item, &request_header]);
    let m2 = RequestMessage::<1>::decode(&b2).unwrap();
    assert_eq!(m2.batch_items[0], m.batch_items[0]);
    // A bad item, then a second header: the duplicate header is the error.
    let b3 = message(
        Tag::REQUEST_MESSAGE,
        &[
            &request_header,
            &|e| e.structure(Tag::BATCH_ITEM, |_| Ok(())),
            &request_header,
        ],
    );
    assert!(matches!(
        RequestMessage::<1>::decode(&b3),
        Err(Error::Duplicate {
            field: Tag::REQUEST_HEADER,
            ..
        })
    ));
}
