//! The TTLV reader on arbitrary bytes: it must never panic, and whatever it accepts must
//! print, map to JSON and back, and re-encode to the same bytes.
#![no_main]

use kmipkit_core::ttlv::json::{from_json, to_json, JsonOptions};
use kmipkit_core::ttlv::{decode, frame, print, DecodeOptions, Element, PrintOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = frame(data, &DecodeOptions::STRICT);
    let Ok(item) = decode(data) else { return };
    let mut text = String::new();
    print(&item, &PrintOptions::default(), &mut text).expect("printing into a String");
    let owned = Element::from_item(&item);
    assert_eq!(owned.to_bytes().expect("re-encode"), data);
    let json = to_json(&item, &JsonOptions::default());
    let back = from_json(&json).expect("our own JSON is accepted");
    assert_eq!(back, owned);
});
