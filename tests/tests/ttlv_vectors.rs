//! The TTLV layer against the shared vectors and the real PyKMIP captures.
//!
//! * every `accept` vector decodes strictly, its tree matches the vector's own `decoded` listing
//!   (tag and type of every item, in order, at the right depth), it re-encodes byte for byte,
//!   and it round-trips through the KMIP JSON mapping byte for byte;
//! * every `reject` vector is rejected, for the rule its reference checker names;
//! * every captured PyKMIP message decodes and round-trips the same way.

use kmipkit_core::ttlv::json::{from_json_str, to_json_string, JsonOptions};
use kmipkit_core::ttlv::{
    decode, print, DecodeErrorKind, Element, Item, ItemType, PrintOptions, Tag,
};
use kmipkit_tests::{captures, public_vectors, shared_dir};

/// Flattens a tree into (depth, tag, type) in document order.
fn flatten(item: &Item<'_>, depth: usize, out: &mut Vec<(usize, Tag, ItemType)>) {
    out.push((depth, item.tag(), item.item_type()));
    for c in item.children() {
        flatten(&c, depth + 1, out);
    }
}

/// Reads `(depth, tag, type)` from a line of a vector's `decoded` listing, such as
/// `    ProtocolVersionMajor [42006A] Integer: 1`.
fn parse_listing_line(line: &str) -> (usize, Tag, ItemType) {
    let depth = (line.len() - line.trim_start().len()) / 2;
    let open = line
        .find('[')
        .unwrap_or_else(|| panic!("no tag in {line:?}"));
    let close = line[open..]
        .find(']')
        .unwrap_or_else(|| panic!("no tag in {line:?}"))
        + open;
    let tag = u32::from_str_radix(&line[open + 1..close], 16).expect("hex tag");
    let rest = line[close + 1..].trim_start();
    let ty_name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let ty = ItemType::from_name(&ty_name)
        .unwrap_or_else(|| panic!("unknown type {ty_name:?} in {line:?}"));
    (depth, Tag(tag), ty)
}

/// Asserts the three round trips of a valid message.
fn assert_round_trips(what: &str, bytes: &[u8]) -> Vec<(usize, Tag, ItemType)> {
    let item = decode(bytes).unwrap_or_else(|e| panic!("{what}: rejected: {e}"));
    let owned = Element::from_item(&item);
    assert_eq!(
        owned.to_bytes().unwrap(),
        bytes,
        "{what}: re-encoding differs"
    );
    let json = to_json_string(&item, &JsonOptions::default());
    let back = from_json_str(&json).unwrap_or_else(|e| panic!("{what}: JSON refused: {e}\n{json}"));
    assert_eq!(back, owned, "{what}: JSON round trip changed the tree");
    assert_eq!(
        back.to_bytes().unwrap(),
        bytes,
        "{what}: JSON round trip differs"
    );
    let mut text = String::new();
    print(&item, &PrintOptions::default(), &mut text).unwrap();
    let mut flat = Vec::new();
    flatten(&item, 0, &mut flat);
    assert_eq!(
        text.lines().count(),
        flat.len(),
        "{what}: one printed line per item"
    );
    flat
}

/// The rule a reference checker's message names, as one of ours. Several of ours may fit one
/// of theirs (an overrun is "truncated" at the top level and "overruns its parent" inside).
fn expected_rule(check_error: &str) -> (&'static str, fn(&DecodeErrorKind) -> bool) {
    let e = check_error.to_ascii_lowercase();
    if e.contains("padding") {
        ("non-zero padding", |k| {
            matches!(k, DecodeErrorKind::NonZeroPadding)
        })
    } else if e.contains("multiple of 8") {
        ("length not a multiple of 8", |k| {
            matches!(k, DecodeErrorKind::LengthNotMultipleOf8 { .. })
        })
    } else if e.contains("bad length") || e.contains("wrong length") {
        ("wrong fixed length", |k| {
            matches!(k, DecodeErrorKind::WrongLength { .. })
        })
    } else if e.contains("bad type") || e.contains("invalid type") {
        ("invalid type", |k| {
            matches!(k, DecodeErrorKind::InvalidType(_))
        })
    } else if e.contains("overrun") || e.contains("truncat") || e.contains("needs") {
        ("overrun / truncated", |k| {
            matches!(
                k,
                DecodeErrorKind::Truncated { .. } | DecodeErrorKind::ChildOverrunsParent { .. }
            )
        })
    } else if e.contains("bool") {
        ("invalid boolean", |k| {
            matches!(k, DecodeErrorKind::InvalidBoolean(_))
        })
    } else if e.contains("utf") {
        ("invalid UTF-8", |k| {
            matches!(k, DecodeErrorKind::InvalidUtf8)
        })
    } else if e.contains("tag") {
        ("tag out of range", |k| {
            matches!(k, DecodeErrorKind::TagOutOfRange(_))
        })
    } else if e.contains("trailing") {
        ("trailing bytes", |k| {
            matches!(k, DecodeErrorKind::TrailingBytes { .. })
        })
    } else if e.contains("deep") || e.contains("depth") || e.contains("nest") {
        ("too deep", |k| matches!(k, DecodeErrorKind::TooDeep { .. }))
    } else if e.contains("fill") || e.contains("left over") || e.contains("leftover") {
        ("structure not filled", |k| {
            matches!(
                k,
                DecodeErrorKind::StructureNotFilled { .. }
                    | DecodeErrorKind::ChildOverrunsParent { .. }
            )
        })
    } else {
        panic!("this test does not know the rule named by {check_error:?}: teach expected_rule")
    }
}

/// The `at N` offset of a reference message, for the rules whose offset convention is known.
fn expected_offset(check_error: &str) -> Option<usize> {
    let i = check_error.rfind(" at ")?;
    let n: String = check_error[i + 4..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    n.parse().ok()
}

#[test]
fn public_vectors_accept_and_reject_for_the_right_reason() {
    let Some(shared) = shared_dir("TTLV public-vector") else {
        return;
    };
    let vectors = public_vectors(&shared);
    assert!(vectors.len() >= 50, "only {} vectors read", vectors.len());
    let (mut accepted, mut rejected) = (0, 0);
    for v in &vectors {
        if v.accept {
            let flat = assert_round_trips(&v.name, &v.bytes);
            if !v.decoded.is_empty() {
                let listed: Vec<_> = v.decoded.iter().map(|l| parse_listing_line(l)).collect();
                assert_eq!(
                    flat, listed,
                    "{}: the tree differs from the vector's listing",
                    v.name
                );
            }
            accepted += 1;
        } else {
            let err = match decode(&v.bytes) {
                Ok(item) => panic!("{}: accepted a reject vector: {item:?}", v.name),
                Err(e) => e,
            };
            let check = v
                .check_error
                .as_deref()
                .unwrap_or_else(|| panic!("{}: a reject vector without check_error", v.name));
            let (rule, fits) = expected_rule(check);
            assert!(
                fits(&err.kind),
                "{}: expected {rule} ({check:?}), got: {err}",
                v.name
            );
            // Offsets are compared for the rules whose reference convention is the item's
            // start (or, for padding, the start of the padding).
            if let (Some(at), true) = (
                expected_offset(check),
                matches!(
                    err.kind,
                    DecodeErrorKind::WrongLength { .. }
                        | DecodeErrorKind::LengthNotMultipleOf8 { .. }
                        | DecodeErrorKind::InvalidType(_)
                        | DecodeErrorKind::NonZeroPadding
                        | DecodeErrorKind::Truncated { .. }
                ),
            ) {
                assert_eq!(err.offset, at, "{}: offset of {err} vs {check:?}", v.name);
            }
            rejected += 1;
        }
    }
    eprintln!("{accepted} accept and {rejected} reject vectors checked");
    assert!(accepted > 0 && rejected > 0);
}

#[test]
fn pykmip_captures_decode_and_round_trip() {
    let Some(shared) = shared_dir("PyKMIP capture") else {
        return;
    };
    let caps = captures(&shared);
    assert!(caps.len() >= 100, "only {} captures found", caps.len());
    for c in &caps {
        let flat = assert_round_trips(&c.file, &c.bytes);
        let top = flat[0].1;
        assert!(
            top == Tag::REQUEST_MESSAGE || top == Tag::RESPONSE_MESSAGE,
            "{}: top-level item is {top:?}",
            c.file
        );
    }
}
