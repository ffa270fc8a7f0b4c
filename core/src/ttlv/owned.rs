//! An owned TTLV tree (`alloc`): for building messages in tests and tools, the JSON mapping
//! and property tests. Protocol code reads [`super::Item`]s and writes with [`super::Encoder`];
//! this is the convenience form.

use super::{EncodeError, Encoder, Item, ItemType, Sink, Tag, Value};
use alloc::string::String;
use alloc::vec::Vec;
use zeroize::Zeroizing;

/// One TTLV item with its value, owned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    /// The tag.
    pub tag: Tag,
    /// The value (its variant is the item's type).
    pub value: OwnedValue,
}

/// An owned TTLV value. Byte strings and big integers are zeroized when dropped, since they
/// may hold key material.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnedValue {
    /// Children.
    Structure(Vec<Element>),
    /// Integer.
    Integer(i32),
    /// Long Integer.
    LongInteger(i64),
    /// Big Integer, two's complement big-endian, a multiple of 8 bytes as encoded.
    BigInteger(Zeroizing<Vec<u8>>),
    /// Enumeration.
    Enumeration(u32),
    /// Boolean.
    Boolean(bool),
    /// Text String.
    TextString(String),
    /// Byte String.
    ByteString(Zeroizing<Vec<u8>>),
    /// Date-Time, POSIX seconds.
    DateTime(i64),
    /// Interval, seconds.
    Interval(u32),
    /// Date-Time Extended, microseconds.
    DateTimeExtended(i64),
}

impl OwnedValue {
    /// The TTLV type of this value.
    pub fn item_type(&self) -> ItemType {
        match self {
            OwnedValue::Structure(_) => ItemType::Structure,
            OwnedValue::Integer(_) => ItemType::Integer,
            OwnedValue::LongInteger(_) => ItemType::LongInteger,
            OwnedValue::BigInteger(_) => ItemType::BigInteger,
            OwnedValue::Enumeration(_) => ItemType::Enumeration,
            OwnedValue::Boolean(_) => ItemType::Boolean,
            OwnedValue::TextString(_) => ItemType::TextString,
            OwnedValue::ByteString(_) => ItemType::ByteString,
            OwnedValue::DateTime(_) => ItemType::DateTime,
            OwnedValue::Interval(_) => ItemType::Interval,
            OwnedValue::DateTimeExtended(_) => ItemType::DateTimeExtended,
        }
    }
}

impl Element {
    /// A new element.
    pub fn new(tag: Tag, value: OwnedValue) -> Self {
        Element { tag, value }
    }

    /// A Structure element.
    pub fn structure(tag: Tag, children: Vec<Element>) -> Self {
        Element::new(tag, OwnedValue::Structure(children))
    }

    /// Copies a decoded item and everything below it.
    pub fn from_item(item: &Item<'_>) -> Self {
        let value = match item.value() {
            Value::Structure(children) => {
                OwnedValue::Structure(children.map(|c| Element::from_item(&c)).collect())
            }
            Value::Integer(v) => OwnedValue::Integer(v),
            Value::LongInteger(v) => OwnedValue::LongInteger(v),
            Value::BigInteger(b) => OwnedValue::BigInteger(Zeroizing::new(b.to_vec())),
            Value::Enumeration(v) => OwnedValue::Enumeration(v),
            Value::Boolean(v) => OwnedValue::Boolean(v),
            Value::TextString(s) => OwnedValue::TextString(String::from(s)),
            Value::ByteString(b) => OwnedValue::ByteString(Zeroizing::new(b.to_vec())),
            Value::DateTime(v) => OwnedValue::DateTime(v),
            Value::Interval(v) => OwnedValue::Interval(v),
            Value::DateTimeExtended(v) => OwnedValue::DateTimeExtended(v),
        };
        Element {
            tag: item.tag(),
            value,
        }
    }

    /// Writes the element and its children.
    pub fn encode<S: Sink>(&self, enc: &mut Encoder<S>) -> Result<(), EncodeError> {
        let tag = self.tag;
        match &self.value {
            OwnedValue::Structure(children) => {
                enc.structure(tag, |e| children.iter().try_for_each(|c| c.encode(e)))
            }
            OwnedValue::Integer(v) => enc.integer(tag, *v),
            OwnedValue::LongInteger(v) => enc.long_integer(tag, *v),
            OwnedValue::BigInteger(b) => enc.big_integer(tag, b),
            OwnedValue::Enumeration(v) => enc.enumeration(tag, *v),
            OwnedValue::Boolean(v) => enc.boolean(tag, *v),
            OwnedValue::TextString(s) => enc.text(tag, s),
            OwnedValue::ByteString(b) => enc.bytes(tag, b),
            OwnedValue::DateTime(v) => enc.date_time(tag, *v),
            OwnedValue::Interval(v) => enc.interval(tag, *v),
            OwnedValue::DateTimeExtended(v) => enc.date_time_extended(tag, *v),
        }
    }

    /// The element's TTLV encoding.
    pub fn to_bytes(&self) -> Result<Vec<u8>, EncodeError> {
        let mut enc = Encoder::for_vec();
        self.encode(&mut enc)?;
        Ok(enc.into_sink())
    }

    /// The first child with this tag, for a Structure.
    pub fn child(&self, tag: Tag) -> Option<&Element> {
        match &self.value {
            OwnedValue::Structure(c) => c.iter().find(|e| e.tag == tag),
            _ => None,
        }
    }
}
