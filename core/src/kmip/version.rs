//! Protocol Version: which KMIP a message speaks, and which payload dialect that implies.

use super::codec::{self, Element};
use super::Error;
use crate::ttlv::{Encoder, Item, Sink, Tag};
use core::fmt;

/// A KMIP protocol version (`Protocol Version` = {Major, Minor}).
///
/// Ordered by (major, minor), so `v >= ProtocolVersion::V1_4` reads as "1.4 or later". Versions
/// of other majors compare too, but the fields of a 1.x version and a 2.x version are not
/// comparable by order alone: use [`ProtocolVersion::dialect`] for the payload layout.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProtocolVersion {
    /// Protocol Version Major.
    pub major: i32,
    /// Protocol Version Minor.
    pub minor: i32,
}

/// The two payload layouts of KMIP: 1.x (Template-Attribute, attributes named by strings) and 2.x
/// (Attributes, attributes under their own tags, Attribute Reference).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// KMIP 1.0–1.4.
    V1,
    /// KMIP 2.0 and later.
    V2,
}

impl ProtocolVersion {
    /// KMIP 1.0 (2010).
    pub const V1_0: ProtocolVersion = ProtocolVersion::new(1, 0);
    /// KMIP 1.1: Discover Versions, Encoding Option, Fresh, Object Group Member.
    pub const V1_1: ProtocolVersion = ProtocolVersion::new(1, 1);
    /// KMIP 1.2: Encrypt/Decrypt and friends, attestation, IV/Tag Length.
    pub const V1_2: ProtocolVersion = ProtocolVersion::new(1, 2);
    /// KMIP 1.3: Offset/Located Items, streaming crypto.
    pub const V1_3: ProtocolVersion = ProtocolVersion::new(1, 3);
    /// KMIP 1.4: Key Wrap Type, AEAD data and tag, Client/Server Correlation Value.
    pub const V1_4: ProtocolVersion = ProtocolVersion::new(1, 4);
    /// KMIP 2.0: the 2.x dialect, Set Attribute, Ephemeral, polymorphic Unique Identifier.
    pub const V2_0: ProtocolVersion = ProtocolVersion::new(2, 0);
    /// KMIP 2.1.
    pub const V2_1: ProtocolVersion = ProtocolVersion::new(2, 1);

    /// Every version this layer speaks, oldest first.
    pub const ALL: [ProtocolVersion; 7] = [
        Self::V1_0,
        Self::V1_1,
        Self::V1_2,
        Self::V1_3,
        Self::V1_4,
        Self::V2_0,
        Self::V2_1,
    ];

    /// A version from its two numbers.
    pub const fn new(major: i32, minor: i32) -> Self {
        ProtocolVersion { major, minor }
    }

    /// The payload dialect: 2.x for major 2 and above, 1.x below.
    pub const fn dialect(self) -> Dialect {
        if self.major >= 2 {
            Dialect::V2
        } else {
            Dialect::V1
        }
    }

    /// True for KMIP 2.0 and later.
    pub const fn is_v2(self) -> bool {
        matches!(self.dialect(), Dialect::V2)
    }

    /// True when this version includes everything `other` defined: the same dialect, and not
    /// older (2.x carries every 1.x field this layer gates on, except those it reshapes).
    pub fn at_least(self, other: ProtocolVersion) -> bool {
        self >= other
    }

    /// What Batch Order Option means when the header leaves it out: False in 1.x, True from
    /// 2.0 ("If omitted, then True is assumed", 2.1 Table 395).
    pub const fn default_batch_order(self) -> bool {
        self.is_v2()
    }

    /// Decodes a Protocol Version structure (any tag: the header's and Discover Versions' use
    /// the same one).
    pub fn decode(item: Item<'_>) -> Result<Self, Error> {
        codec::expect_structure(&item)?;
        let mut major = None;
        let mut minor = None;
        for c in item.children() {
            match c.tag() {
                Tag::PROTOCOL_VERSION_MAJOR => codec::put(&mut major, &item, &c, codec::int(&c)?)?,
                Tag::PROTOCOL_VERSION_MINOR => codec::put(&mut minor, &item, &c, codec::int(&c)?)?,
                _ => {}
            }
        }
        Ok(ProtocolVersion {
            major: codec::need(major, Tag::PROTOCOL_VERSION_MAJOR, &item)?,
            minor: codec::need(minor, Tag::PROTOCOL_VERSION_MINOR, &item)?,
        })
    }

    /// Writes a Protocol Version structure.
    pub fn encode<S: Sink>(&self, enc: &mut Encoder<S>) -> Result<(), Error> {
        codec::structure(enc, Tag::PROTOCOL_VERSION, |e| {
            e.integer(Tag::PROTOCOL_VERSION_MAJOR, self.major)?;
            e.integer(Tag::PROTOCOL_VERSION_MINOR, self.minor)?;
            Ok(())
        })
    }
}

impl<'a> Element<'a> for ProtocolVersion {
    fn decode_element(item: Item<'a>, _: ProtocolVersion) -> Result<Self, Error> {
        ProtocolVersion::decode(item)
    }
    fn encode_element<S: Sink>(
        &self,
        _tag: Tag,
        enc: &mut Encoder<S>,
        _: ProtocolVersion,
    ) -> Result<(), Error> {
        self.encode(enc)
    }
}

impl fmt::Debug for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl fmt::Display for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_dialects() {
        assert!(ProtocolVersion::V1_4 > ProtocolVersion::V1_2);
        assert!(ProtocolVersion::V2_0 > ProtocolVersion::V1_4);
        assert_eq!(ProtocolVersion::V1_4.dialect(), Dialect::V1);
        assert_eq!(ProtocolVersion::V2_1.dialect(), Dialect::V2);
        assert!(!ProtocolVersion::V1_4.default_batch_order());
        assert!(ProtocolVersion::V2_0.default_batch_order());
    }
}
