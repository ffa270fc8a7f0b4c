//! Errors of the message layer: typed, each naming the field (by tag) and where it was.

use super::ProtocolVersion;
use crate::ttlv::{DecodeError, EncodeError, ItemType, Tag};
use core::fmt;

/// Why a KMIP message or payload could not be decoded or encoded.
///
/// Decoding errors carry the byte offset (from the start of the message) of the item at fault,
/// and the tag of the field and of the structure it belongs to, so a log line can say
/// "Unique Identifier missing in Response Payload at byte 80".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not valid TTLV.
    Ttlv(DecodeError),
    /// The TTLV writer failed (buffer full, value too long).
    Encode(EncodeError),
    /// An item has another tag than the one expected here (e.g. the message is not a Response
    /// Message).
    UnexpectedTag {
        /// The tag expected.
        expected: Tag,
        /// The tag found.
        found: Tag,
        /// Offset of the item.
        offset: usize,
    },
    /// A required field is absent.
    Missing {
        /// The missing field.
        field: Tag,
        /// The structure that lacks it.
        within: Tag,
        /// Offset of that structure.
        offset: usize,
    },
    /// A known field has the wrong TTLV type.
    WrongType {
        /// The field.
        field: Tag,
        /// The type this layer expects (for a field with several legal types, the usual one).
        expected: ItemType,
        /// The type found.
        found: ItemType,
        /// Offset of the item.
        offset: usize,
    },
    /// A field that may appear once appears twice (the specification's Invalid Message).
    Duplicate {
        /// The field.
        field: Tag,
        /// The structure holding it.
        within: Tag,
        /// Offset of the second occurrence.
        offset: usize,
    },
    /// More items than the bounded collection that receives them can hold. Raise the
    /// capacity (a const generic parameter) rather than lose items.
    TooMany {
        /// The repeated field.
        field: Tag,
        /// The collection's capacity.
        capacity: usize,
        /// Offset of the first item that did not fit.
        offset: usize,
    },
    /// Batch Count disagrees with the number of Batch Items in the message.
    BatchCountMismatch {
        /// The header's Batch Count.
        declared: i32,
        /// The Batch Items present.
        found: usize,
    },
    /// A field's value is not acceptable here.
    InvalidValue {
        /// The field.
        field: Tag,
        /// Offset of the item (0 when encoding).
        offset: usize,
        /// What is wrong with it.
        problem: Problem,
    },
    /// Encoding: a field or form that the protocol version does not define (this layer sends
    /// only what the negotiated version defines, and refuses rather than silently drops).
    NotInVersion {
        /// The field.
        field: Tag,
        /// The version the message is encoded for.
        version: ProtocolVersion,
    },
    /// A response in another major version than the request, for an item that did not fail
    /// (its payload would be in another dialect than the client expects).
    MajorVersionMismatch {
        /// The version of the request.
        sent: ProtocolVersion,
        /// The version of the response.
        received: ProtocolVersion,
    },
    /// Encoding: a field the version requires was not given.
    Required {
        /// The field.
        field: Tag,
        /// The structure that needs it.
        within: Tag,
    },
}

/// What is wrong with a value ([`Error::InvalidValue`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// A count or length that must not be negative is.
    Negative,
    /// An attribute's tag has no 1.x Attribute Name (it cannot be sent in 1.x).
    NoAttributeName,
    /// A vendor attribute without Vendor Identification (2.x needs one).
    NoVendor,
    /// Key Material of a shape the Key Format Type does not allow.
    KeyMaterialShape,
    /// A structure this layer reads as a single attribute holds none, or several.
    NotOneAttribute,
    /// The payload's operation differs from the batch item's Operation.
    OperationMismatch,
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Ttlv(e)
    }
}

impl From<EncodeError> for Error {
    fn from(e: EncodeError) -> Self {
        Error::Encode(e)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Problem::Negative => "must not be negative",
            Problem::NoAttributeName => "has no KMIP 1.x Attribute Name",
            Problem::NoVendor => "needs a Vendor Identification in KMIP 2.x",
            Problem::KeyMaterialShape => "has a shape the Key Format Type does not allow",
            Problem::NotOneAttribute => "must hold exactly one attribute",
            Problem::OperationMismatch => "belongs to another operation than the batch item's",
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::Ttlv(e) => e.fmt(f),
            Error::Encode(e) => e.fmt(f),
            Error::UnexpectedTag {
                expected,
                found,
                offset,
            } => {
                write!(f, "expected {expected} at byte {offset}, found {found}")
            }
            Error::Missing {
                field,
                within,
                offset,
            } => write!(
                f,
                "required field {field} missing in {within} at byte {offset}"
            ),
            Error::WrongType {
                field,
                expected,
                found,
                offset,
            } => write!(
                f,
                "{field} at byte {offset} is a {found}, expected a {expected}"
            ),
            Error::Duplicate {
                field,
                within,
                offset,
            } => write!(
                f,
                "{field} appears twice in {within} (second at byte {offset})"
            ),
            Error::TooMany {
                field,
                capacity,
                offset,
            } => write!(
                f,
                "more than {capacity} {field} items (at byte {offset}); raise the capacity"
            ),
            Error::BatchCountMismatch { declared, found } => write!(
                f,
                "Batch Count says {declared} but the message holds {found} Batch Items"
            ),
            Error::InvalidValue {
                field,
                offset,
                problem,
            } => {
                write!(f, "{field} at byte {offset} {problem}")
            }
            Error::MajorVersionMismatch { sent, received } => write!(
                f,
                "request sent in KMIP {sent}, but the server answered in KMIP {received}"
            ),
            Error::NotInVersion { field, version } => {
                write!(f, "{field} is not defined in KMIP {version}")
            }
            Error::Required { field, within } => {
                write!(f, "{within} needs {field} in this version")
            }
        }
    }
}

impl core::error::Error for Error {}
