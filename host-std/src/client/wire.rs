//! A tap on the transports: `--trace` (every request and response as a TTLV tree on standard
//! error, key material redacted unless asked) and the record of responses that `--json`
//! prints. Messages are cut out of the byte stream with the core's framer, so a response read
//! in pieces is shown once, whole.
//!
//! Off by default: the transports then copy nothing.

use kmipkit_core::ttlv::{decode_with, frame, print, DecodeOptions, Frame, PrintOptions};
use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

/// What the tap does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WireOptions {
    /// Print every request and response as a TTLV tree on standard error.
    pub trace: bool,
    /// Show key material, passwords and plaintext in the trace.
    pub reveal: bool,
    /// Keep every complete response (see [`Wire::responses`]).
    pub record: bool,
}

impl WireOptions {
    /// True when the tap has something to do.
    pub fn active(&self) -> bool {
        self.trace || self.record
    }
}

/// The tap shared by a client's transports (cheap to clone: the clones share the record).
#[derive(Clone, Debug, Default)]
pub struct Wire {
    options: WireOptions,
    responses: Arc<Mutex<Vec<Vec<u8>>>>,
}

/// Messages larger than this are not traced or recorded (the session refuses them anyway).
const MAX_TRACED: u32 = 64 << 20;

impl Wire {
    /// A tap with these options.
    pub fn new(options: WireOptions) -> Self {
        Wire {
            options,
            responses: Arc::default(),
        }
    }

    /// The options.
    pub fn options(&self) -> WireOptions {
        self.options
    }

    /// The complete responses recorded since the last [`clear`](Self::clear), oldest first.
    pub fn responses(&self) -> Vec<Vec<u8>> {
        self.responses
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Forgets the recorded responses.
    pub fn clear(&self) {
        self.responses
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// A tap for one connection to `server` (`host:port`), or `None` when there is nothing
    /// to do.
    pub(crate) fn tap(&self, server: String) -> Option<Tap> {
        self.options.active().then(|| Tap {
            wire: self.clone(),
            server,
            sent: Vec::new(),
            received: Vec::new(),
        })
    }

    fn message(&self, direction: Direction, server: &str, bytes: &[u8]) {
        if self.options.trace {
            trace(direction, server, bytes, self.options.reveal);
        }
        if self.options.record && direction == Direction::Response {
            self.responses
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(bytes.to_vec());
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
}

/// The tap of one connection: reassembles whole messages in each direction.
#[derive(Debug)]
pub(crate) struct Tap {
    wire: Wire,
    server: String,
    sent: Vec<u8>,
    received: Vec<u8>,
}

impl Tap {
    /// Bytes written to the server.
    pub(crate) fn sent(&mut self, bytes: &[u8]) {
        self.sent.extend_from_slice(bytes);
        drain(&mut self.sent, |m| {
            self.wire.message(Direction::Request, &self.server, m)
        });
    }

    /// Bytes read from the server.
    pub(crate) fn received(&mut self, bytes: &[u8]) {
        self.received.extend_from_slice(bytes);
        drain(&mut self.received, |m| {
            self.wire.message(Direction::Response, &self.server, m)
        });
    }
}

/// Hands every complete message at the start of `buf` to `each` and removes it. Bytes that
/// cannot start a message are handed over as they are, and dropped.
fn drain(buf: &mut Vec<u8>, mut each: impl FnMut(&[u8])) {
    let opts = DecodeOptions {
        max_message_size: MAX_TRACED,
        ..DecodeOptions::STRICT
    };
    loop {
        match frame(buf, &opts) {
            Ok(Frame::Complete(n)) => {
                each(buf.get(..n).unwrap_or(&[]));
                buf.drain(..n.min(buf.len()));
            }
            Ok(Frame::NeedMore(_)) => return,
            Err(_) => {
                each(buf);
                buf.clear();
                return;
            }
        }
    }
}

fn trace(direction: Direction, server: &str, bytes: &[u8], reveal: bool) {
    let arrow = match direction {
        Direction::Request => format!("--> request to {server}"),
        Direction::Response => format!("<-- response from {server}"),
    };
    let mut text = format!("{arrow} ({} bytes)\n", bytes.len());
    let opts = DecodeOptions {
        max_message_size: MAX_TRACED,
        ..DecodeOptions::STRICT
    };
    match decode_with(bytes, &opts) {
        Ok(item) => {
            // Writing into a String cannot fail.
            let _ = print(&item, &PrintOptions { reveal }, &mut text);
        }
        Err(e) => {
            text.push_str(&format!("(not a valid TTLV message: {e})\n"));
            if reveal {
                text.push_str(&hex::encode(bytes));
                text.push('\n');
            }
        }
    }
    // Standard error is for the user: a failed write there has nowhere to be reported.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Response Message of 8 bytes of header and an empty body: `42007B 01 00000000`.
    const EMPTY: [u8; 8] = [0x42, 0x00, 0x7B, 0x01, 0, 0, 0, 0];

    #[test]
    fn responses_are_reassembled_from_pieces_and_recorded() {
        let wire = Wire::new(WireOptions {
            record: true,
            ..WireOptions::default()
        });
        let mut tap = wire.tap("kmip:5696".into()).unwrap();
        let two: Vec<u8> = EMPTY.iter().chain(EMPTY.iter()).copied().collect();
        for b in &two[..11] {
            tap.received(std::slice::from_ref(b));
        }
        assert_eq!(wire.responses(), vec![EMPTY.to_vec()]);
        tap.received(&two[11..]);
        assert_eq!(wire.responses().len(), 2);
        tap.sent(&EMPTY);
        assert_eq!(wire.responses().len(), 2, "requests are not recorded");
        wire.clear();
        assert!(wire.responses().is_empty());
    }

    #[test]
    fn an_idle_tap_is_no_tap() {
        assert!(Wire::default().tap("x:1".into()).is_none());
    }
}
