//! Property tests of the TTLV layer: random well-formed trees round-trip through bytes and
//! through the KMIP JSON mapping; random and mutated bytes never panic the reader; the framer,
//! the slice writer and the `Vec` writer agree.
#![cfg(feature = "alloc")]

use kmipkit_core::ttlv::json::{from_json_str, to_json_string, JsonOptions};
use kmipkit_core::ttlv::names::TAGS;
use kmipkit_core::ttlv::{
    decode, decode_with, frame, print, DecodeOptions, Element, Encoder, Frame, OwnedValue,
    PrintOptions, Tag,
};
use proptest::prelude::*;
use zeroize::Zeroizing;

/// Known tags (so names, enumerations and masks are exercised) and unknown ones in both ranges.
fn tag() -> impl Strategy<Value = Tag> {
    prop_oneof![
        3 => (0..TAGS.len()).prop_map(|i| TAGS[i].tag),
        1 => (0x420000u32..=0x42FFFF).prop_map(Tag),
        1 => (0x540000u32..=0x54FFFF).prop_map(Tag),
    ]
}

fn big_integer() -> impl Strategy<Value = Vec<u8>> {
    (1usize..4).prop_flat_map(|words| proptest::collection::vec(any::<u8>(), words * 8))
}

fn primitive() -> impl Strategy<Value = OwnedValue> {
    prop_oneof![
        any::<i32>().prop_map(OwnedValue::Integer),
        any::<i64>().prop_map(OwnedValue::LongInteger),
        big_integer().prop_map(|b| OwnedValue::BigInteger(Zeroizing::new(b))),
        // Small values hit the named ones of whatever enumeration the tag has.
        prop_oneof![0u32..20, any::<u32>()].prop_map(OwnedValue::Enumeration),
        any::<bool>().prop_map(OwnedValue::Boolean),
        ".{0,24}".prop_map(OwnedValue::TextString),
        proptest::collection::vec(any::<u8>(), 0..40)
            .prop_map(|b| OwnedValue::ByteString(Zeroizing::new(b))),
        any::<i64>().prop_map(OwnedValue::DateTime),
        // Dates in the RFC 3339 range too, so both JSON forms are exercised.
        (-62_167_219_200i64..253_402_300_799).prop_map(OwnedValue::DateTime),
        any::<u32>().prop_map(OwnedValue::Interval),
        any::<i64>().prop_map(OwnedValue::DateTimeExtended),
    ]
}

fn element() -> impl Strategy<Value = Element> {
    let leaf = (tag(), primitive()).prop_map(|(t, v)| Element::new(t, v));
    leaf.prop_recursive(5, 64, 8, |inner| {
        (tag(), proptest::collection::vec(inner, 0..8))
            .prop_map(|(t, children)| Element::structure(t, children))
    })
}

/// A 1.x Attribute whose value is an enumeration named after its Attribute Name: the JSON
/// mapping must resolve the name through the sibling both ways.
fn attribute() -> impl Strategy<Value = Element> {
    (0usize..4, 0u32..8).prop_map(|(which, v)| {
        let name = ["State", "Object Type", "Cryptographic Algorithm", "Name"][which];
        Element::structure(
            Tag::ATTRIBUTE,
            vec![
                Element::new(Tag::ATTRIBUTE_NAME, OwnedValue::TextString(name.into())),
                Element::new(Tag::ATTRIBUTE_VALUE, OwnedValue::Enumeration(v)),
            ],
        )
    })
}

fn message() -> impl Strategy<Value = Element> {
    (
        proptest::collection::vec(prop_oneof![element(), attribute()], 0..6),
        tag(),
    )
        .prop_map(|(children, t)| Element::structure(t, children))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn trees_round_trip_through_bytes(msg in message()) {
        let bytes = msg.to_bytes().unwrap();
        let item = decode(&bytes).unwrap();
        prop_assert_eq!(&Element::from_item(&item), &msg);
        prop_assert_eq!(item.encoded(), &bytes[..]);
    }

    #[test]
    fn trees_round_trip_through_json(msg in message()) {
        let bytes = msg.to_bytes().unwrap();
        let item = decode(&bytes).unwrap();
        let json = to_json_string(&item, &JsonOptions::default());
        let back = from_json_str(&json).unwrap();
        prop_assert_eq!(&back, &msg, "{}", json);
        prop_assert_eq!(back.to_bytes().unwrap(), bytes);
    }

    #[test]
    fn the_printer_writes_one_line_per_item(msg in message()) {
        fn count(e: &Element) -> usize {
            1 + match &e.value {
                OwnedValue::Structure(c) => c.iter().map(count).sum(),
                _ => 0,
            }
        }
        let bytes = msg.to_bytes().unwrap();
        let mut out = String::new();
        print(&decode(&bytes).unwrap(), &PrintOptions::default(), &mut out).unwrap();
        prop_assert_eq!(out.lines().count(), count(&msg));
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = decode(&bytes);
        let _ = frame(&bytes, &DecodeOptions::STRICT);
    }

    #[test]
    fn plausible_headers_never_panic(
        body in proptest::collection::vec(any::<u8>(), 0..200),
        len in 0u32..256,
        ty in 0u8..13,
    ) {
        // A valid-looking top-level header over random bodies reaches the deeper checks.
        let mut bytes = vec![0x42, 0x00, 0x78, ty];
        bytes.extend_from_slice(&len.to_be_bytes());
        bytes.extend_from_slice(&body);
        if let Ok(item) = decode(&bytes) {
            prop_assert_eq!(Element::from_item(&item).to_bytes().unwrap(), bytes);
        }
    }

    #[test]
    fn mutated_messages_never_panic_and_what_passes_round_trips(
        msg in message(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let mut bytes = msg.to_bytes().unwrap();
        for (i, b) in flips {
            let i = i.index(bytes.len());
            bytes[i] ^= b | 1;
        }
        let lenient = DecodeOptions { check_tag_range: false, check_padding: false, ..DecodeOptions::STRICT };
        for opts in [DecodeOptions::STRICT, lenient] {
            if let Ok(item) = decode_with(&bytes, &opts) {
                let again = Element::from_item(&item).to_bytes().unwrap();
                if opts.check_padding {
                    prop_assert_eq!(&again, &bytes);
                } else {
                    prop_assert_eq!(again.len(), bytes.len());
                }
            }
        }
    }

    #[test]
    fn the_framer_counts_every_prefix(msg in message(), extra in 0usize..16) {
        let mut bytes = msg.to_bytes().unwrap();
        let n = bytes.len();
        for k in 0..n {
            let want = if k < 8 { 8 - k } else { n - k };
            prop_assert_eq!(frame(&bytes[..k], &DecodeOptions::STRICT), Ok(Frame::NeedMore(want)));
        }
        bytes.extend(std::iter::repeat_n(0x42, extra));
        prop_assert_eq!(frame(&bytes, &DecodeOptions::STRICT), Ok(Frame::Complete(n)));
    }

    #[test]
    fn slice_and_vec_writers_agree(msg in message(), cap in 0usize..512) {
        let full = msg.to_bytes().unwrap();
        let mut buf = vec![0u8; cap];
        let mut enc = Encoder::for_slice(&mut buf);
        match msg.encode(&mut enc) {
            Ok(()) => {
                prop_assert!(cap >= full.len());
                let sink = enc.into_sink();
                prop_assert_eq!(sink.written(), &full[..]);
            }
            Err(_) => prop_assert!(cap < full.len()),
        }
    }
}

#[test]
fn nesting_is_bounded_without_recursion_or_allocation() {
    // 100 nested structures, each 8 bytes longer than its child.
    let depth = 100u32;
    let mut bytes = Vec::new();
    for level in 0..depth {
        bytes.extend_from_slice(&[0x42, 0x00, 0x20, 0x01]);
        bytes.extend_from_slice(&((depth - 1 - level) * 8).to_be_bytes());
    }
    let err = decode(&bytes).unwrap_err();
    assert_eq!(err.offset, 32 * 8, "{err}");
    let deep = DecodeOptions {
        max_depth: 200,
        ..DecodeOptions::STRICT
    };
    let err = decode_with(&bytes, &deep).unwrap_err();
    assert_eq!(err.offset, 64 * 8, "the hard cap applies: {err}");
    let ok = DecodeOptions {
        max_depth: 64,
        ..DecodeOptions::STRICT
    };
    assert!(decode_with(&bytes[(depth as usize - 64) * 8..], &ok).is_ok());
}
