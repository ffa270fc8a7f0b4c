//! How a value's meaning depends on where it stands: the enumeration or bit mask that names an
//! Enumeration or Integer item, and whether an item holds key material. Shared by the printer
//! and the JSON mapping so both name values the same way.

use super::names::{enum_table, mask_table, EnumTable, MaskTable};
use super::Tag;

const ATTRIBUTE_NAME: Tag = Tag::ATTRIBUTE_NAME;
const ATTRIBUTE_VALUE: Tag = Tag::ATTRIBUTE_VALUE;
const ATTRIBUTE_REFERENCE: Tag = Tag::ATTRIBUTE_REFERENCE;

/// Tags whose values are secret: key material, passwords, plaintext, private key parts and
/// one-time credentials. The printer shows them as redacted unless asked, and the JSON mapping
/// does too when asked.
pub const SECRET_TAGS: &[Tag] = &[
    Tag::CRT_COEFFICIENT,
    Tag::D,
    Tag::KEY,
    Tag::KEY_MATERIAL,
    Tag::KEY_VALUE,
    Tag::P,
    Tag::PRIME_EXPONENT_P,
    Tag::PRIME_EXPONENT_Q,
    Tag::PRIVATE_EXPONENT,
    Tag::Q,
    Tag::X,
    Tag::PASSWORD,
    Tag::DATA,
    Tag::NONCE_VALUE,
    Tag::TICKET_VALUE,
    Tag::SERVER_HASHED_PASSWORD,
    Tag::ONE_TIME_PASSWORD,
    Tag::HASHED_PASSWORD,
];

/// True when items with this tag hold secrets (see [`SECRET_TAGS`]).
pub fn is_secret(tag: Tag) -> bool {
    SECRET_TAGS.contains(&tag)
}

/// What the siblings seen so far in a Structure say about the items that follow: a KMIP 1.x
/// `Attribute` names its attribute in `Attribute Name` before the `Attribute Value`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context {
    attribute: Option<Tag>,
}

impl Context {
    /// Updates the context after the child `tag` (with text value `text`, if a Text String).
    pub fn observe(&mut self, tag: Tag, text: Option<&str>) {
        if tag == ATTRIBUTE_NAME {
            self.attribute = text.and_then(Tag::from_name);
        }
    }

    /// The tag whose enumeration or mask a value with `tag` uses here.
    fn meaning(&self, tag: Tag) -> Tag {
        match (tag, self.attribute) {
            (ATTRIBUTE_VALUE, Some(attr)) => attr,
            _ => tag,
        }
    }

    /// The enumeration table for an Enumeration item with `tag`.
    pub fn enum_table(&self, tag: Tag) -> Option<&'static EnumTable> {
        enum_table(self.meaning(tag))
    }

    /// The bit mask table for an Integer item with `tag`.
    pub fn mask_table(&self, tag: Tag) -> Option<&'static MaskTable> {
        mask_table(self.meaning(tag))
    }

    /// The name of Enumeration `value` in an item with `tag`: from the enumeration the tag (or
    /// the attribute it holds) uses, or, for a 2.x Attribute Reference, the name of the tag the
    /// value designates.
    pub fn enum_name(&self, tag: Tag, value: u32) -> Option<&'static str> {
        if tag == ATTRIBUTE_REFERENCE {
            return Tag(value).name();
        }
        self.enum_table(tag)?.name_of(value)
    }

    /// The value called `name` in an Enumeration item with `tag` (the inverse of
    /// [`Context::enum_name`]).
    pub fn enum_value(&self, tag: Tag, name: &str) -> Option<u32> {
        if tag == ATTRIBUTE_REFERENCE {
            return Tag::from_name(name).map(|t| t.0);
        }
        self.enum_table(tag)?.value_of(name)
    }
}
