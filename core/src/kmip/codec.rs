//! The small toolkit every typed structure of this layer is written with: checked field
//! readers that turn a wrong type, a duplicate or a missing field into an [`Error`] naming it,
//! the [`Element`] trait for things that repeat, the lazy [`Seq`] that holds them without a
//! capacity limit, and [`RawStructure`]/[`RawValue`] for fields this layer carries opaquely.

use super::{Error, Problem, ProtocolVersion};
use crate::ttlv::{
    AttestationType, Children, ClientRegistrationMethod, Encoder, Item, ItemType, ObjectType,
    Operation, ProtectionStorageMask, QueryFunction, Sink, Tag, Value,
};
use core::fmt;

// ---------------------------------------------------------------------------------------------
// Reading fields

#[cold]
#[inline(never)]
fn wrong(item: &Item<'_>, expected: ItemType) -> Error {
    Error::WrongType {
        field: item.tag(),
        expected,
        found: item.item_type(),
        offset: item.offset(),
    }
}

/// Checks that `item` has `tag`.
pub(crate) fn expect_tag(item: &Item<'_>, tag: Tag) -> Result<(), Error> {
    if item.tag() == tag {
        Ok(())
    } else {
        Err(Error::UnexpectedTag {
            expected: tag,
            found: item.tag(),
            offset: item.offset(),
        })
    }
}

/// Checks that `item` is a Structure.
#[inline]
pub(crate) fn expect_structure(item: &Item<'_>) -> Result<(), Error> {
    if item.item_type() == ItemType::Structure {
        Ok(())
    } else {
        Err(wrong(item, ItemType::Structure))
    }
}

/// Checks tag and Structure type at once.
pub(crate) fn expect_struct_tag(item: &Item<'_>, tag: Tag) -> Result<(), Error> {
    expect_tag(item, tag)?;
    expect_structure(item)
}

macro_rules! reader {
    ($(#[$m:meta])* $name:ident, $as:ident, $ty:ty, $it:ident) => {
        $(#[$m])*
        #[inline]
        pub(crate) fn $name<'a>(item: &Item<'a>) -> Result<$ty, Error> {
            match item.$as() {
                Some(v) => Ok(v),
                None => Err(wrong(item, ItemType::$it)),
            }
        }
    };
}

reader!(/// An Integer field.
    int, as_integer, i32, Integer);
reader!(/// An Enumeration field.
    enumeration, as_enumeration, u32, Enumeration);
reader!(/// A Boolean field.
    boolean, as_boolean, bool, Boolean);
reader!(/// A Text String field.
    text, as_text, &'a str, TextString);
reader!(/// A Byte String field.
    bytes, as_bytes, &'a [u8], ByteString);
reader!(/// A Date-Time field.
    date_time, as_date_time, i64, DateTime);
reader!(/// An Interval field.
    interval, as_interval, u32, Interval);

/// An Integer field that counts something, so may not be negative.
pub(crate) fn count(item: &Item<'_>) -> Result<i32, Error> {
    let v = int(item)?;
    if v < 0 {
        return Err(Error::InvalidValue {
            field: item.tag(),
            offset: item.offset(),
            problem: Problem::Negative,
        });
    }
    Ok(v)
}

/// Stores a non-repeatable field, refusing a second occurrence.
#[inline]
pub(crate) fn put<T>(
    slot: &mut Option<T>,
    parent: &Item<'_>,
    child: &Item<'_>,
    value: T,
) -> Result<(), Error> {
    if slot.is_some() {
        return Err(Error::Duplicate {
            field: child.tag(),
            within: parent.tag(),
            offset: child.offset(),
        });
    }
    *slot = Some(value);
    Ok(())
}

/// A required field, or the error naming it.
#[inline]
pub(crate) fn need<T>(slot: Option<T>, field: Tag, parent: &Item<'_>) -> Result<T, Error> {
    slot.ok_or(Error::Missing {
        field,
        within: parent.tag(),
        offset: parent.offset(),
    })
}

/// Validates one more element of a repeated field (its value is read again, lazily, by the
/// [`Seq`] built from the count).
#[inline]
pub(crate) fn tally<'a, T: Element<'a>>(
    n: &mut usize,
    child: Item<'a>,
    version: ProtocolVersion,
) -> Result<(), Error> {
    T::decode_element(child, version)?;
    *n += 1;
    Ok(())
}

/// [`tally`] for a Text String element: its type is all there is to check (the walk checked
/// the UTF-8), so the text is not borrowed twice.
#[inline]
pub(crate) fn tally_text(n: &mut usize, child: &Item<'_>) -> Result<(), Error> {
    if child.item_type() != ItemType::TextString {
        return Err(wrong(child, ItemType::TextString));
    }
    *n += 1;
    Ok(())
}

/// [`tally`] for a Unique Identifier element.
#[inline]
pub(crate) fn tally_uid(
    n: &mut usize,
    child: &Item<'_>,
    version: ProtocolVersion,
) -> Result<(), Error> {
    super::uid::Uid::check(child, version)?;
    *n += 1;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Writing fields

/// Writes a Structure whose children `body` writes (the TTLV writer's `structure` with this
/// layer's error type).
#[inline]
pub(crate) fn structure<S: Sink, F>(enc: &mut Encoder<S>, tag: Tag, body: F) -> Result<(), Error>
where
    F: FnOnce(&mut Encoder<S>) -> Result<(), Error>,
{
    let mark = enc.begin_structure(tag)?;
    body(enc)?;
    enc.end_structure(mark)?;
    Ok(())
}

/// Refuses a field introduced in `since` when encoding for an older 1.x version.
#[inline]
pub(crate) fn gate(
    version: ProtocolVersion,
    since: ProtocolVersion,
    field: Tag,
) -> Result<(), Error> {
    if version.major == since.major && version.minor < since.minor || version.major < since.major {
        Err(Error::NotInVersion { field, version })
    } else {
        Ok(())
    }
}

/// Refuses a field that exists only in KMIP 1.x when encoding for 2.x.
#[inline]
pub(crate) fn gate_v1_only(version: ProtocolVersion, field: Tag) -> Result<(), Error> {
    if version.is_v2() {
        Err(Error::NotInVersion { field, version })
    } else {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Repeated fields

/// Something that may repeat in a structure: decoded from one item, encoded under a tag.
pub trait Element<'a>: Sized + Clone {
    /// Decodes one occurrence.
    fn decode_element(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error>;
    /// Encodes one occurrence with `tag` (elements whose tag is their own, like 2.x attributes,
    /// ignore it).
    fn encode_element<S: Sink>(
        &self,
        tag: Tag,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error>;
}

/// A repeated field: either the caller's slice (when building a message) or a lazy view over
/// the already validated items of a decoded message (no allocation, no capacity limit).
///
/// Two `Seq`s are equal when they yield equal elements, whichever form they have.
#[derive(Clone, Copy)]
pub struct Seq<'a, T> {
    repr: Repr<'a, T>,
}

#[derive(Clone, Copy)]
enum Repr<'a, T> {
    Slice(&'a [T]),
    Wire {
        parent: Item<'a>,
        filter: Option<Tag>,
        len: usize,
        version: ProtocolVersion,
    },
}

impl<'a, T> Seq<'a, T> {
    /// No elements.
    pub const fn empty() -> Self {
        Seq {
            repr: Repr::Slice(&[]),
        }
    }

    /// The elements of `slice`.
    pub const fn from_slice(slice: &'a [T]) -> Self {
        Seq {
            repr: Repr::Slice(slice),
        }
    }

    /// A view over the children of `parent` with tag `filter` (all children if `None`), which
    /// the caller has validated: `len` of them decode without error.
    pub(crate) fn from_wire(
        parent: Item<'a>,
        filter: Option<Tag>,
        len: usize,
        version: ProtocolVersion,
    ) -> Self {
        Seq {
            repr: Repr::Wire {
                parent,
                filter,
                len,
                version,
            },
        }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        match self.repr {
            Repr::Slice(s) => s.len(),
            Repr::Wire { len, .. } => len,
        }
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<'a, T: Element<'a>> Seq<'a, T> {
    /// The elements, in order.
    pub fn iter(&self) -> SeqIter<'a, T> {
        SeqIter {
            inner: match self.repr {
                Repr::Slice(s) => IterRepr::Slice(s.iter()),
                Repr::Wire {
                    parent,
                    filter,
                    version,
                    ..
                } => IterRepr::Wire {
                    children: parent.children(),
                    filter,
                    version,
                },
            },
        }
    }

    /// The first element.
    pub fn first(&self) -> Option<T> {
        self.iter().next()
    }

    /// Writes every element with `tag`.
    pub(crate) fn encode<S: Sink>(
        &self,
        tag: Tag,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        for e in self.iter() {
            e.encode_element(tag, enc, version)?;
        }
        Ok(())
    }

    /// The elements in a `Vec` (`alloc`).
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> alloc::vec::Vec<T> {
        self.iter().collect()
    }
}

impl<T> Default for Seq<'_, T> {
    fn default() -> Self {
        Seq::empty()
    }
}

impl<'a, T> From<&'a [T]> for Seq<'a, T> {
    fn from(s: &'a [T]) -> Self {
        Seq::from_slice(s)
    }
}

impl<'a, T, const N: usize> From<&'a [T; N]> for Seq<'a, T> {
    fn from(s: &'a [T; N]) -> Self {
        Seq::from_slice(s)
    }
}

impl<'a, T: Element<'a> + PartialEq> PartialEq for Seq<'a, T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<'a, T: Element<'a> + Eq> Eq for Seq<'a, T> {}

impl<'a, T: Element<'a> + fmt::Debug> fmt::Debug for Seq<'a, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a, T: Element<'a>> IntoIterator for &Seq<'a, T> {
    type Item = T;
    type IntoIter = SeqIter<'a, T>;
    fn into_iter(self) -> SeqIter<'a, T> {
        self.iter()
    }
}

/// Iterator over a [`Seq`].
pub struct SeqIter<'a, T> {
    inner: IterRepr<'a, T>,
}

enum IterRepr<'a, T> {
    Slice(core::slice::Iter<'a, T>),
    Wire {
        children: Children<'a>,
        filter: Option<Tag>,
        version: ProtocolVersion,
    },
}

impl<'a, T: Element<'a>> Iterator for SeqIter<'a, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        match &mut self.inner {
            IterRepr::Slice(it) => it.next().cloned(),
            IterRepr::Wire {
                children,
                filter,
                version,
            } => {
                for c in children.by_ref() {
                    if filter.is_none_or(|t| t == c.tag()) {
                        // Validated when the Seq was built, so this does not fail.
                        if let Ok(v) = T::decode_element(c, *version) {
                            return Some(v);
                        }
                    }
                }
                None
            }
        }
    }
}

macro_rules! enum_elements {
    ($($ty:ty),*) => {$(
        impl<'a> Element<'a> for $ty {
            fn decode_element(item: Item<'a>, _: ProtocolVersion) -> Result<Self, Error> {
                enumeration(&item).map(<$ty>::from)
            }
            fn encode_element<S: Sink>(&self, tag: Tag, enc: &mut Encoder<S>, _: ProtocolVersion) -> Result<(), Error> {
                enc.enumeration(tag, self.0)?;
                Ok(())
            }
        }
    )*};
}

enum_elements!(
    Operation,
    ObjectType,
    QueryFunction,
    AttestationType,
    ClientRegistrationMethod
);

impl<'a> Element<'a> for ProtectionStorageMask {
    fn decode_element(item: Item<'a>, _: ProtocolVersion) -> Result<Self, Error> {
        int(&item).map(|v| ProtectionStorageMask(v as u32))
    }
    fn encode_element<S: Sink>(
        &self,
        tag: Tag,
        enc: &mut Encoder<S>,
        _: ProtocolVersion,
    ) -> Result<(), Error> {
        enc.integer(tag, self.0 as i32)?;
        Ok(())
    }
}

impl<'a> Element<'a> for &'a str {
    fn decode_element(item: Item<'a>, _: ProtocolVersion) -> Result<Self, Error> {
        text(&item)
    }
    fn encode_element<S: Sink>(
        &self,
        tag: Tag,
        enc: &mut Encoder<S>,
        _: ProtocolVersion,
    ) -> Result<(), Error> {
        enc.text(tag, self)?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Opaque values

/// A Structure this layer does not interpret (vendor extensions, Server Information, the
/// richer Query answers, key material of asymmetric formats): its children's encoding.
///
/// Decoded ones also keep the [`Item`], to walk the children. Equality compares the encoding.
#[derive(Clone, Copy)]
pub struct RawStructure<'a> {
    children: &'a [u8],
    item: Option<Item<'a>>,
}

impl<'a> RawStructure<'a> {
    /// A structure whose children are these already encoded TTLV items (written verbatim; a
    /// malformed encoding makes a malformed message).
    pub const fn from_encoded_children(children: &'a [u8]) -> Self {
        RawStructure {
            children,
            item: None,
        }
    }

    /// The children's encoding.
    pub fn encoded_children(&self) -> &'a [u8] {
        self.children
    }

    /// The decoded structure, when this came from a message.
    pub fn item(&self) -> Option<Item<'a>> {
        self.item
    }

    /// Reads a Structure item.
    pub fn decode(item: Item<'a>) -> Result<Self, Error> {
        expect_structure(&item)?;
        Ok(RawStructure {
            children: item.raw_value(),
            item: Some(item),
        })
    }

    /// Writes it under `tag`.
    pub fn encode<S: Sink>(&self, tag: Tag, enc: &mut Encoder<S>) -> Result<(), Error> {
        let mark = enc.begin_structure(tag)?;
        enc.raw_item(self.children)?;
        enc.end_structure(mark)?;
        Ok(())
    }
}

impl PartialEq for RawStructure<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.children == other.children
    }
}

impl Eq for RawStructure<'_> {}

impl fmt::Debug for RawStructure<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawStructure({} bytes)", self.children.len())
    }
}

impl<'a> Element<'a> for RawStructure<'a> {
    fn decode_element(item: Item<'a>, _: ProtocolVersion) -> Result<Self, Error> {
        RawStructure::decode(item)
    }
    fn encode_element<S: Sink>(
        &self,
        tag: Tag,
        enc: &mut Encoder<S>,
        _: ProtocolVersion,
    ) -> Result<(), Error> {
        self.encode(tag, enc)
    }
}

/// Any TTLV value, carried as is: custom and vendor attribute values, attributes this layer
/// does not type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawValue<'a> {
    /// A Structure.
    Structure(RawStructure<'a>),
    /// Integer.
    Integer(i32),
    /// Long Integer.
    LongInteger(i64),
    /// Big Integer (two's complement, as encoded).
    BigInteger(&'a [u8]),
    /// Enumeration.
    Enumeration(u32),
    /// Boolean.
    Boolean(bool),
    /// Text String.
    Text(&'a str),
    /// Byte String.
    Bytes(&'a [u8]),
    /// Date-Time, POSIX seconds.
    DateTime(i64),
    /// Interval, seconds.
    Interval(u32),
    /// Date-Time Extended, microseconds (2.0+).
    DateTimeExtended(i64),
}

impl<'a> RawValue<'a> {
    /// The value of any item.
    pub fn decode(item: Item<'a>) -> Self {
        match item.value() {
            Value::Structure(_) => RawValue::Structure(RawStructure {
                children: item.raw_value(),
                item: Some(item),
            }),
            Value::Integer(v) => RawValue::Integer(v),
            Value::LongInteger(v) => RawValue::LongInteger(v),
            Value::BigInteger(v) => RawValue::BigInteger(v),
            Value::Enumeration(v) => RawValue::Enumeration(v),
            Value::Boolean(v) => RawValue::Boolean(v),
            Value::TextString(v) => RawValue::Text(v),
            Value::ByteString(v) => RawValue::Bytes(v),
            Value::DateTime(v) => RawValue::DateTime(v),
            Value::Interval(v) => RawValue::Interval(v),
            Value::DateTimeExtended(v) => RawValue::DateTimeExtended(v),
        }
    }

    /// Writes the value under `tag`.
    pub fn encode<S: Sink>(&self, tag: Tag, enc: &mut Encoder<S>) -> Result<(), Error> {
        match *self {
            RawValue::Structure(s) => return s.encode(tag, enc),
            RawValue::Integer(v) => enc.integer(tag, v),
            RawValue::LongInteger(v) => enc.long_integer(tag, v),
            RawValue::BigInteger(v) => enc.big_integer(tag, v),
            RawValue::Enumeration(v) => enc.enumeration(tag, v),
            RawValue::Boolean(v) => enc.boolean(tag, v),
            RawValue::Text(v) => enc.text(tag, v),
            RawValue::Bytes(v) => enc.bytes(tag, v),
            RawValue::DateTime(v) => enc.date_time(tag, v),
            RawValue::Interval(v) => enc.interval(tag, v),
            RawValue::DateTimeExtended(v) => enc.date_time_extended(tag, v),
        }?;
        Ok(())
    }

    /// The value's TTLV type.
    pub fn item_type(&self) -> ItemType {
        match self {
            RawValue::Structure(_) => ItemType::Structure,
            RawValue::Integer(_) => ItemType::Integer,
            RawValue::LongInteger(_) => ItemType::LongInteger,
            RawValue::BigInteger(_) => ItemType::BigInteger,
            RawValue::Enumeration(_) => ItemType::Enumeration,
            RawValue::Boolean(_) => ItemType::Boolean,
            RawValue::Text(_) => ItemType::TextString,
            RawValue::Bytes(_) => ItemType::ByteString,
            RawValue::DateTime(_) => ItemType::DateTime,
            RawValue::Interval(_) => ItemType::Interval,
            RawValue::DateTimeExtended(_) => ItemType::DateTimeExtended,
        }
    }
}
