//! Unique Identifier: a Text String in 1.x; in 2.x also an Enumeration (ID Placeholder and
//! friends) or an Integer (the index of an earlier identifier in the batch).

use super::codec::{self, Element};
use super::{Error, ProtocolVersion};
use crate::ttlv::{Encoder, Item, ItemType, Sink, Tag, UniqueIdentifierEnum};
use core::fmt;

/// A Unique Identifier (2.1 §4.58). Clients should send [`Uid::Text`]; the other two forms are
/// read from any 2.x peer and sent only on request (they do not exist in 1.x).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum Uid<'a> {
    /// The usual form: the server's identifier text.
    Text(&'a str),
    /// 2.x: a placeholder (`ID Placeholder`, `Create`, `Register`, …).
    Enumeration(UniqueIdentifierEnum),
    /// 2.x: the index of a Unique Identifier returned earlier in the batch.
    Index(i32),
}

impl<'a> Uid<'a> {
    /// The text, when it is the text form.
    pub fn as_text(&self) -> Option<&'a str> {
        match self {
            Uid::Text(t) => Some(t),
            _ => None,
        }
    }

    /// Decodes a Unique Identifier item (whatever its tag: Linked Object Identifier, Private Key
    /// Unique Identifier, … share the shape). 1.x accepts only the text form.
    #[inline]
    pub fn decode(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        if let Some(t) = item.as_text() {
            return Ok(Uid::Text(t));
        }
        Self::check(&item, version)?;
        Ok(match item.as_enumeration() {
            Some(e) => Uid::Enumeration(UniqueIdentifierEnum(e)),
            None => Uid::Index(item.as_integer().unwrap_or(0)),
        })
    }

    /// What [`Uid::decode`] checks, without borrowing the text: a list of identifiers is
    /// checked when the message is decoded and read when it is iterated.
    #[inline]
    pub(crate) fn check(item: &Item<'a>, version: ProtocolVersion) -> Result<(), Error> {
        match item.item_type() {
            ItemType::TextString => Ok(()),
            ItemType::Enumeration | ItemType::Integer if version.is_v2() => Ok(()),
            found => Err(Error::WrongType {
                field: item.tag(),
                expected: ItemType::TextString,
                found,
                offset: item.offset(),
            }),
        }
    }

    /// Writes it under `tag`; the enumeration and integer forms only in 2.x.
    pub fn encode<S: Sink>(
        &self,
        tag: Tag,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        match *self {
            Uid::Text(t) => enc.text(tag, t)?,
            Uid::Enumeration(e) => {
                if !version.is_v2() {
                    return Err(Error::NotInVersion {
                        field: tag,
                        version,
                    });
                }
                enc.enumeration(tag, e.0)?
            }
            Uid::Index(i) => {
                if !version.is_v2() {
                    return Err(Error::NotInVersion {
                        field: tag,
                        version,
                    });
                }
                enc.integer(tag, i)?
            }
        }
        Ok(())
    }
}

impl<'a> From<&'a str> for Uid<'a> {
    fn from(t: &'a str) -> Self {
        Uid::Text(t)
    }
}

impl fmt::Debug for Uid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Uid::Text(t) => write!(f, "{t:?}"),
            Uid::Enumeration(e) => write!(f, "{e:?}"),
            Uid::Index(i) => write!(f, "Index({i})"),
        }
    }
}

impl<'a> Element<'a> for Uid<'a> {
    #[inline]
    fn decode_element(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        Uid::decode(item, version)
    }
    fn encode_element<S: Sink>(
        &self,
        tag: Tag,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        self.encode(tag, enc, version)
    }
}

/// Reads an optional Unique Identifier field of a payload.
pub(crate) fn put_uid<'a>(
    slot: &mut Option<Uid<'a>>,
    parent: &Item<'a>,
    child: &Item<'a>,
    version: ProtocolVersion,
) -> Result<(), Error> {
    codec::put(slot, parent, child, Uid::decode(*child, version)?)
}

/// Writes an optional Unique Identifier field.
pub(crate) fn encode_opt_uid<S: Sink>(
    uid: &Option<Uid<'_>>,
    enc: &mut Encoder<S>,
    version: ProtocolVersion,
) -> Result<(), Error> {
    match uid {
        Some(u) => u.encode(Tag::UNIQUE_IDENTIFIER, enc, version),
        None => Ok(()),
    }
}

/// The text form as is; the 2.x placeholder forms by name (`IDPlaceholder`) or as `#index`.
impl core::fmt::Display for Uid<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Uid::Text(t) => f.write_str(t),
            Uid::Enumeration(e) => write!(f, "{e}"),
            Uid::Index(i) => write!(f, "#{i}"),
        }
    }
}
