//! TTLV, the KMIP wire format: Tag (3 bytes) | Type (1 byte) | Length (4 bytes) | Value | padding.
//!
//! * [`decode`] / [`decode_with`]: the strict, validating, borrowing reader.
//! * [`Encoder`]: the writer, into a caller's buffer ([`SliceSink`]) or a `Vec` (`alloc`).
//! * [`frame`]: how many bytes a message on a stream still needs.
//! * [`names`]: the tag, enumeration and mask tables of KMIP 1.0–2.1.
//! * [`print`]: a one-line-per-item printer that redacts key material unless asked.
//! * `json` (`alloc`): the KMIP JSON mapping, both ways.

pub mod context;
pub mod datetime;
mod error;
mod framer;
mod item_type;
#[cfg(feature = "alloc")]
pub mod json;
pub mod names;
#[cfg(feature = "alloc")]
mod owned;
mod printer;
mod reader;
mod tag;
mod writer;

pub use error::{DecodeError, DecodeErrorKind, EncodeError};
pub use framer::{frame, Frame};
pub use item_type::{padded, ItemType};
pub use names::*;
#[cfg(feature = "alloc")]
pub use owned::{Element, OwnedValue};
pub use printer::{print, Pretty, PrintOptions};
pub use reader::{decode, decode_with, Children, DecodeOptions, Item, Value, MAX_DEPTH};
pub use tag::Tag;
pub use writer::{Encoder, Sink, SliceSink, StructureMark};
