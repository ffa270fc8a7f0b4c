//! The KMIP JSON parser on arbitrary text: it must never panic, and whatever it accepts must
//! encode to TTLV that the reader accepts (tag range not checked: JSON may name any 3-byte tag)
//! and that maps back to the same tree.
#![no_main]

use kmipkit_core::ttlv::json::{from_json, from_json_str, to_json, JsonOptions};
use kmipkit_core::ttlv::{decode_with, DecodeOptions, Element};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(element) = from_json_str(text) else {
        return;
    };
    let Ok(bytes) = element.to_bytes() else {
        return;
    };
    let opts = DecodeOptions {
        check_tag_range: false,
        max_depth: kmipkit_core::ttlv::MAX_DEPTH,
        max_message_size: u32::MAX,
        ..DecodeOptions::STRICT
    };
    // Deeper than the reader's hard cap is the only way valid JSON can fail to decode.
    let Ok(item) = decode_with(&bytes, &opts) else {
        fn depth(e: &Element) -> usize {
            match &e.value {
                kmipkit_core::ttlv::OwnedValue::Structure(c) => {
                    1 + c.iter().map(depth).max().unwrap_or(0)
                }
                _ => 0,
            }
        }
        assert!(
            depth(&element) > kmipkit_core::ttlv::MAX_DEPTH as usize,
            "{text}"
        );
        return;
    };
    assert_eq!(Element::from_item(&item), element);
    let again = from_json(&to_json(&item, &JsonOptions::default())).expect("round trip");
    assert_eq!(again, element);
});
