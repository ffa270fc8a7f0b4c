//! Errors of the TTLV layer. Each one names the byte offset and the rule that was broken.

use super::{ItemType, Tag};
use core::fmt;

/// A TTLV message that could not be decoded: where, and which rule it broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Byte offset, from the start of the message, of the item (or padding byte) at fault.
    pub offset: usize,
    /// The rule that was broken.
    pub kind: DecodeErrorKind,
}

/// The rules a TTLV decoder enforces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// The input ends inside an item header or value.
    Truncated {
        /// Bytes the item needs from its start (header, value and padding).
        needed: u64,
        /// Bytes that are there.
        available: u64,
    },
    /// The Type byte is not a TTLV type code.
    InvalidType(u8),
    /// Date-Time Extended (0x0B) where the protocol version is below 2.0.
    TypeNotAllowed(ItemType),
    /// The tag is outside 0x42xxxx (standard) and 0x54xxxx (extension).
    TagOutOfRange(Tag),
    /// A fixed-size type declares a Length other than its size.
    WrongLength {
        /// The item's type.
        item_type: ItemType,
        /// The declared Length.
        length: u32,
        /// The Length the type requires.
        expected: u32,
    },
    /// A Structure or Big Integer whose Length is not a multiple of 8.
    LengthNotMultipleOf8 {
        /// The item's type.
        item_type: ItemType,
        /// The declared Length.
        length: u32,
    },
    /// A Big Integer with Length 0 (zero is encoded as 8 zero bytes).
    EmptyBigInteger,
    /// A padding byte is not zero (the error's offset is where the padding starts).
    NonZeroPadding,
    /// A Boolean whose 8-byte value is neither 0 nor 1.
    InvalidBoolean(u64),
    /// A Text String that is not valid UTF-8.
    InvalidUtf8,
    /// A child item runs past the end of the Structure that contains it.
    ChildOverrunsParent {
        /// Offset where the child would end.
        child_end: u64,
        /// Offset where the parent ends.
        parent_end: u64,
    },
    /// A Structure's children end short of its Length, leaving bytes too few for an item.
    StructureNotFilled {
        /// The bytes left over.
        left_over: u64,
    },
    /// Bytes after the end of the top-level item.
    TrailingBytes {
        /// How many.
        count: u64,
    },
    /// Structures nested deeper than the configured limit.
    TooDeep {
        /// The limit.
        limit: u8,
    },
    /// The declared length exceeds the configured maximum message size.
    MessageTooLarge {
        /// Bytes the message declares (header included).
        declared: u64,
        /// The configured maximum.
        max: u32,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed TTLV at byte {}: {}", self.offset, self.kind)
    }
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DecodeErrorKind::Truncated { needed, available } => write!(
                f,
                "truncated: the item needs {needed} bytes but only {available} remain"
            ),
            DecodeErrorKind::InvalidType(t) => {
                write!(f, "type byte 0x{t:02X} is not a TTLV type (0x01..0x0B)")
            }
            DecodeErrorKind::TypeNotAllowed(t) => {
                write!(f, "type {t} is not allowed before KMIP 2.0")
            }
            DecodeErrorKind::TagOutOfRange(t) => write!(
                f,
                "tag 0x{:06X} is outside the KMIP ranges 0x42xxxx and 0x54xxxx",
                t.0
            ),
            DecodeErrorKind::WrongLength { item_type, length, expected } => write!(
                f,
                "bad length {length} for {item_type}: {item_type} values are always {expected} bytes long"
            ),
            DecodeErrorKind::LengthNotMultipleOf8 { item_type, length } => write!(
                f,
                "{item_type} length {length} is not a multiple of 8"
            ),
            DecodeErrorKind::EmptyBigInteger => {
                f.write_str("Big Integer of length 0 (zero is encoded as 8 zero bytes)")
            }
            DecodeErrorKind::NonZeroPadding => f.write_str("non-zero padding (padding bytes must be zero)"),
            DecodeErrorKind::InvalidBoolean(v) => {
                write!(f, "Boolean value 0x{v:016X} is neither 0 nor 1")
            }
            DecodeErrorKind::InvalidUtf8 => f.write_str("Text String is not valid UTF-8"),
            DecodeErrorKind::ChildOverrunsParent { child_end, parent_end } => write!(
                f,
                "child item overruns its parent Structure: it ends at byte {child_end}, the parent at {parent_end}"
            ),
            DecodeErrorKind::StructureNotFilled { left_over } => write!(
                f,
                "the children do not fill their Structure: {left_over} bytes left over, too few for an item"
            ),
            DecodeErrorKind::TrailingBytes { count } => {
                write!(f, "{count} trailing bytes after the end of the message")
            }
            DecodeErrorKind::TooDeep { limit } => {
                write!(f, "structures nested deeper than the limit of {limit}")
            }
            DecodeErrorKind::MessageTooLarge { declared, max } => write!(
                f,
                "declared length of {declared} bytes exceeds the maximum message size of {max} bytes"
            ),
        }
    }
}

impl core::error::Error for DecodeError {}

/// Why an item could not be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncodeError {
    /// The output buffer is too small.
    BufferFull {
        /// Bytes the write needed in total.
        needed: usize,
        /// The buffer's capacity.
        capacity: usize,
    },
    /// A tag that does not fit in 3 bytes.
    TagTooLarge(u32),
    /// A value or structure longer than a 32-bit Length can describe.
    TooLong(usize),
    /// `end_structure` was called with a mark that does not belong to an open structure.
    UnbalancedStructure,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            EncodeError::BufferFull { needed, capacity } => write!(
                f,
                "TTLV output buffer too small: {needed} bytes needed, capacity {capacity}"
            ),
            EncodeError::TagTooLarge(t) => write!(f, "tag 0x{t:X} does not fit in 3 bytes"),
            EncodeError::TooLong(n) => {
                write!(f, "a value of {n} bytes is too long for a TTLV Length")
            }
            EncodeError::UnbalancedStructure => {
                f.write_str("end of a structure that was not begun")
            }
        }
    }
}

impl core::error::Error for EncodeError {}
