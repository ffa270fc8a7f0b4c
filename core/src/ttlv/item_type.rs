//! The TTLV item types (the 1-byte Type field).

use core::fmt;

/// The type of a TTLV item (KMIP 1.4 §9.1.1.2, 2.1 §10.1.3).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[repr(u8)]
pub enum ItemType {
    /// A sequence of items; Length is the total length of the children (a multiple of 8).
    Structure = 0x01,
    /// Signed 32-bit integer, 4 bytes and 4 bytes of padding.
    Integer = 0x02,
    /// Signed 64-bit integer, 8 bytes.
    LongInteger = 0x03,
    /// Two's complement big-endian integer; Length is a multiple of 8.
    BigInteger = 0x04,
    /// Unsigned 32-bit enumeration value, 4 bytes and 4 bytes of padding.
    Enumeration = 0x05,
    /// 8 bytes holding 0 or 1.
    Boolean = 0x06,
    /// UTF-8 text; Length excludes the padding to a multiple of 8.
    TextString = 0x07,
    /// Raw bytes; Length excludes the padding to a multiple of 8.
    ByteString = 0x08,
    /// Signed 64-bit POSIX seconds.
    DateTime = 0x09,
    /// Unsigned 32-bit seconds, 4 bytes and 4 bytes of padding.
    Interval = 0x0A,
    /// Signed 64-bit microseconds since the epoch (KMIP 2.0+).
    DateTimeExtended = 0x0B,
}

impl ItemType {
    /// Every type, in code order.
    pub const ALL: [ItemType; 11] = [
        ItemType::Structure,
        ItemType::Integer,
        ItemType::LongInteger,
        ItemType::BigInteger,
        ItemType::Enumeration,
        ItemType::Boolean,
        ItemType::TextString,
        ItemType::ByteString,
        ItemType::DateTime,
        ItemType::Interval,
        ItemType::DateTimeExtended,
    ];

    /// The type for a wire code, if it is one.
    #[inline]
    pub const fn from_code(code: u8) -> Option<ItemType> {
        Some(match code {
            0x01 => ItemType::Structure,
            0x02 => ItemType::Integer,
            0x03 => ItemType::LongInteger,
            0x04 => ItemType::BigInteger,
            0x05 => ItemType::Enumeration,
            0x06 => ItemType::Boolean,
            0x07 => ItemType::TextString,
            0x08 => ItemType::ByteString,
            0x09 => ItemType::DateTime,
            0x0A => ItemType::Interval,
            0x0B => ItemType::DateTimeExtended,
            _ => return None,
        })
    }

    /// The wire code.
    #[inline]
    pub const fn code(self) -> u8 {
        self as u8
    }

    /// The name used by the KMIP JSON and XML encodings (`"LongInteger"`, `"DateTimeExtended"`).
    pub const fn name(self) -> &'static str {
        match self {
            ItemType::Structure => "Structure",
            ItemType::Integer => "Integer",
            ItemType::LongInteger => "LongInteger",
            ItemType::BigInteger => "BigInteger",
            ItemType::Enumeration => "Enumeration",
            ItemType::Boolean => "Boolean",
            ItemType::TextString => "TextString",
            ItemType::ByteString => "ByteString",
            ItemType::DateTime => "DateTime",
            ItemType::Interval => "Interval",
            ItemType::DateTimeExtended => "DateTimeExtended",
        }
    }

    /// The type called `name` in the KMIP JSON/XML encodings.
    pub fn from_name(name: &str) -> Option<ItemType> {
        ItemType::ALL.iter().copied().find(|t| t.name() == name)
    }

    /// The only Length this type may declare, for fixed-size types.
    #[inline]
    pub const fn fixed_length(self) -> Option<u32> {
        match self {
            ItemType::Integer | ItemType::Enumeration | ItemType::Interval => Some(4),
            ItemType::LongInteger
            | ItemType::Boolean
            | ItemType::DateTime
            | ItemType::DateTimeExtended => Some(8),
            ItemType::Structure
            | ItemType::BigInteger
            | ItemType::TextString
            | ItemType::ByteString => None,
        }
    }
}

impl fmt::Display for ItemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The number of bytes a value of `len` bytes occupies once padded to a multiple of 8.
#[inline]
pub const fn padded(len: u32) -> u64 {
    (len as u64 + 7) & !7
}
