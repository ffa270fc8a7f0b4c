//! The 3-byte TTLV tag.

use core::fmt;

/// A TTLV tag: a 24-bit number, `0x42xxxx` for tags the KMIP specification defines and
/// `0x54xxxx` for vendor extensions.
///
/// The named constants (`Tag::REQUEST_MESSAGE`, …) and the name table behind [`Tag::name`] are
/// generated from the single list in `names/data.rs`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(pub u32);

impl Tag {
    /// The largest value a 3-byte tag can hold.
    pub const MAX: u32 = 0x00FF_FFFF;

    /// The tag's number.
    pub const fn value(self) -> u32 {
        self.0
    }

    /// True for `0x42xxxx` (defined by the KMIP specification).
    pub const fn is_standard(self) -> bool {
        self.0 >> 16 == 0x42
    }

    /// True for `0x54xxxx` (vendor extensions).
    pub const fn is_extension(self) -> bool {
        self.0 >> 16 == 0x54
    }

    /// True when the tag lies in one of the two ranges KMIP allows on the wire.
    pub const fn in_kmip_range(self) -> bool {
        self.is_standard() || self.is_extension()
    }

    /// The KMIP XML/JSON name of the tag (`"ActivationDate"`), when it is a known tag.
    pub fn name(self) -> Option<&'static str> {
        super::names::tag_info(self).map(|t| t.name)
    }

    /// The name the specification text uses (`"Activation Date"`), which is also the KMIP 1.x
    /// Attribute Name of tags that are attributes.
    pub fn spec_name(self) -> Option<&'static str> {
        super::names::tag_info(self).map(|t| t.spec_name)
    }

    /// Looks a tag up by its XML/JSON name (`"ActivationDate"`) or its specification name
    /// (`"Activation Date"`).
    pub fn from_name(name: &str) -> Option<Tag> {
        super::names::tag_by_name(name)
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n}(0x{:06X})", self.0),
            None => write!(f, "Tag(0x{:06X})", self.0),
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "0x{:06X}", self.0),
        }
    }
}
