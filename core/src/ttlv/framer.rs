//! The stream framer: how many bytes a TTLV message on a byte stream needs.
//!
//! KMIP puts no framing above TTLV: a message is one item, so its first 8 bytes (the header) say
//! how long the rest is. Transports call [`frame`] on what they have buffered so far; short and
//! split reads are handled here, once, and an absurd declared length is refused before the
//! transport reserves or reads a single byte of it.

use super::{padded, DecodeError, DecodeErrorKind, DecodeOptions, ItemType, Tag};

/// What [`frame`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    /// The message is incomplete: at least this many more bytes are needed.
    NeedMore(usize),
    /// `buf[..n]` is one complete message (the rest, if any, belongs to the next one).
    Complete(usize),
}

/// Looks at the start of a byte stream and says how much of it is the next message.
///
/// Checks the header it can see (tag range, type, the length against
/// [`DecodeOptions::max_message_size`]) so that garbage is rejected at once, but does not
/// validate the body: hand `buf[..n]` of a [`Frame::Complete`] to [`super::decode_with`].
pub fn frame(buf: &[u8], opts: &DecodeOptions) -> Result<Frame, DecodeError> {
    let Some(h) = buf.first_chunk::<8>() else {
        return Ok(Frame::NeedMore(8 - buf.len()));
    };
    if opts.check_tag_range && h[0] != 0x42 && h[0] != 0x54 {
        return Err(DecodeError {
            offset: 0,
            kind: DecodeErrorKind::TagOutOfRange(Tag(u32::from_be_bytes([0, h[0], h[1], h[2]]))),
        });
    }
    if ItemType::from_code(h[3]).is_none() {
        return Err(DecodeError {
            offset: 0,
            kind: DecodeErrorKind::InvalidType(h[3]),
        });
    }
    let length = u32::from_be_bytes([h[4], h[5], h[6], h[7]]);
    let total = 8 + padded(length);
    if total > opts.max_message_size as u64 {
        return Err(DecodeError {
            offset: 0,
            kind: DecodeErrorKind::MessageTooLarge {
                declared: total,
                max: opts.max_message_size,
            },
        });
    }
    // `total <= max_message_size <= u32::MAX`, and usize is at least 32 bits on every target we build.
    let total = total as usize;
    if buf.len() >= total {
        Ok(Frame::Complete(total))
    } else {
        Ok(Frame::NeedMore(total - buf.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MSG: [u8; 24] = [
        0x42, 0x00, 0x20, 0x01, 0, 0, 0, 0x10, // structure of 16
        0x42, 0x00, 0x04, 0x05, 0, 0, 0, 0x04, 0, 0, 0, 0xFE, 0, 0, 0, 0,
    ];

    #[test]
    fn counts_header_then_body() {
        let o = DecodeOptions::STRICT;
        assert_eq!(frame(&[], &o), Ok(Frame::NeedMore(8)));
        assert_eq!(frame(&MSG[..3], &o), Ok(Frame::NeedMore(5)));
        assert_eq!(frame(&MSG[..8], &o), Ok(Frame::NeedMore(16)));
        assert_eq!(frame(&MSG[..23], &o), Ok(Frame::NeedMore(1)));
        assert_eq!(frame(&MSG, &o), Ok(Frame::Complete(24)));
        let mut two = [0u8; 30];
        two[..24].copy_from_slice(&MSG);
        assert_eq!(frame(&two, &o), Ok(Frame::Complete(24)));
    }

    #[test]
    fn refuses_absurd_lengths_before_reading_them() {
        let mut h = [0x42, 0x00, 0x78, 0x01, 0xFF, 0xFF, 0xFF, 0xF8];
        let e = frame(&h, &DecodeOptions::STRICT).unwrap_err();
        assert!(matches!(e.kind, DecodeErrorKind::MessageTooLarge { .. }));
        h[0] = 0x17;
        let e = frame(&h, &DecodeOptions::STRICT).unwrap_err();
        assert!(matches!(e.kind, DecodeErrorKind::TagOutOfRange(_)));
    }
}
