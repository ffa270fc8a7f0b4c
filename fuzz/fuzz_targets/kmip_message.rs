//! KMIP message decoding on arbitrary bytes: requests and responses, in every protocol
//! version, must never panic; whatever decodes must re-encode, and decode again to the same
//! value (the encoder and decoder of the message layer agree).
#![no_main]

use kmipkit_core::kmip::{ProtocolVersion, RequestMessage, ResponseMessage};
use kmipkit_core::ttlv::Encoder;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = RequestMessage::<8>::decode(data) {
        let mut out = Vec::new();
        let mut e = Encoder::new(&mut out);
        if m.encode(&mut e).is_ok() {
            let again = RequestMessage::<8>::decode(&out).expect("our own encoding decodes");
            assert_eq!(again, m);
        }
    }
    for sent in ProtocolVersion::ALL {
        if let Ok(m) = ResponseMessage::<8>::decode(data, sent) {
            let mut out = Vec::new();
            let mut e = Encoder::new(&mut out);
            if m.encode(&mut e).is_ok() {
                let again =
                    ResponseMessage::<8>::decode(&out, sent).expect("our own encoding decodes");
                assert_eq!(again, m);
            }
        }
    }
});
