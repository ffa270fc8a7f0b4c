//! The name tables of KMIP 1.0–2.1: every tag, every enumeration and every bit mask, generated
//! from the one list in `data.rs` (the constants like `Tag::STATE` and `State::ACTIVE`, the tables
//! the printer and the JSON mapping read, and the lookups below all come from it).
//!
//! Names follow the KMIP XML/JSON encoding profile: tags in CamelCase (`ActivationDate`),
//! enumeration values as the profile writes them (`PreActive`, `SymmetricKey`, `SHA_256`).

use super::Tag;
use core::fmt;

/// What the table knows about one tag.
#[derive(Debug, Clone, Copy)]
pub struct TagInfo {
    /// The tag.
    pub tag: Tag,
    /// The KMIP XML/JSON name, e.g. `ActivationDate`.
    pub name: &'static str,
    /// The name in the specification text, e.g. `Activation Date` (the 1.x Attribute Name).
    pub spec_name: &'static str,
}

/// The values and names of one enumeration.
#[derive(Debug)]
pub struct EnumTable {
    /// The enumeration's name, e.g. `State`.
    pub name: &'static str,
    /// `(value, name)` pairs.
    pub values: &'static [(u32, &'static str)],
}

impl EnumTable {
    /// The name of `value`, if the enumeration defines it.
    pub fn name_of(&self, value: u32) -> Option<&'static str> {
        self.values
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(_, n)| *n)
    }

    /// The value called `name`, compared case-insensitively.
    pub fn value_of(&self, name: &str) -> Option<u32> {
        self.values
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
            .map(|(v, _)| *v)
    }
}

/// The bits and names of one bit mask (an Integer whose bits have names).
#[derive(Debug)]
pub struct MaskTable {
    /// The mask's name, e.g. `CryptographicUsageMask`.
    pub name: &'static str,
    /// `(bit, name)` pairs.
    pub bits: &'static [(u32, &'static str)],
}

impl MaskTable {
    /// Writes `value` as `Encrypt|Decrypt`, with any unnamed bits as a trailing hex number.
    pub fn write(&self, value: u32, out: &mut dyn fmt::Write) -> fmt::Result {
        let mut rest = value;
        let mut first = true;
        for (bit, name) in self.bits {
            if rest & bit == *bit && *bit != 0 {
                if !first {
                    out.write_char('|')?;
                }
                out.write_str(name)?;
                rest &= !bit;
                first = false;
            }
        }
        if rest != 0 || first {
            if !first {
                out.write_char('|')?;
            }
            write!(out, "0x{rest:08X}")?;
        }
        Ok(())
    }
}

macro_rules! tags {
    ($( $konst:ident = $value:literal, $name:literal, $spec:literal; )*) => {
        impl Tag {
            $(
                #[doc = concat!("`", $spec, "` (", stringify!($value), ")")]
                pub const $konst: Tag = Tag($value);
            )*
        }
        /// Every known tag, in ascending order.
        pub static TAGS: &[TagInfo] = &[
            $( TagInfo { tag: Tag($value), name: $name, spec_name: $spec }, )*
        ];
    };
}

macro_rules! enumerations {
    ($( $(#[$m:meta])* $ty:ident [$($tag:ident),* $(,)?] {
        $( $konst:ident = $value:literal, $name:literal; )*
    } )*) => {
        $(
            $(#[$m])*
            ///
            /// A newtype over the wire value, so values this table does not know still travel.
            #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct $ty(pub u32);

            impl $ty {
                $(
                    #[doc = concat!("`", $name, "` (", stringify!($value), ")")]
                    pub const $konst: $ty = $ty($value);
                )*
                /// Every value this enumeration defines, with its name.
                pub const TABLE: EnumTable = EnumTable {
                    name: stringify!($ty),
                    values: &[ $( ($value, $name), )* ],
                };
                /// The value's name, if known.
                pub fn name(self) -> Option<&'static str> {
                    Self::TABLE.name_of(self.0)
                }
            }

            impl core::fmt::Debug for $ty {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    match self.name() {
                        Some(n) => f.write_str(n),
                        None => write!(f, "{}(0x{:08X})", stringify!($ty), self.0),
                    }
                }
            }

            impl core::fmt::Display for $ty {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    match self.name() {
                        Some(n) => f.write_str(n),
                        None => write!(f, "0x{:08X}", self.0),
                    }
                }
            }

            impl From<u32> for $ty {
                fn from(v: u32) -> Self { $ty(v) }
            }

            impl From<$ty> for u32 {
                fn from(v: $ty) -> u32 { v.0 }
            }
        )*

        /// Which enumeration each Enumeration-typed tag holds.
        pub static ENUM_TAGS: &[(Tag, &EnumTable)] = &[
            $( $( (Tag::$tag, &$ty::TABLE), )* )*
        ];
    };
}

macro_rules! masks {
    ($( $(#[$m:meta])* $ty:ident [$($tag:ident),* $(,)?] {
        $( $konst:ident = $value:literal, $name:literal; )*
    } )*) => {
        $(
            $(#[$m])*
            #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
            pub struct $ty(pub u32);

            impl $ty {
                $(
                    #[doc = concat!("`", $name, "` (", stringify!($value), ")")]
                    pub const $konst: $ty = $ty($value);
                )*
                /// Every named bit.
                pub const TABLE: MaskTable = MaskTable {
                    name: stringify!($ty),
                    bits: &[ $( ($value, $name), )* ],
                };
                /// True when every bit of `other` is set in `self`.
                pub const fn contains(self, other: $ty) -> bool {
                    self.0 & other.0 == other.0
                }
            }

            impl core::ops::BitOr for $ty {
                type Output = $ty;
                fn bitor(self, rhs: $ty) -> $ty { $ty(self.0 | rhs.0) }
            }

            impl core::fmt::Debug for $ty {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    Self::TABLE.write(self.0, f)
                }
            }
        )*

        /// Which bit mask each mask-typed Integer tag holds.
        pub static MASK_TAGS: &[(Tag, &MaskTable)] = &[
            $( $( (Tag::$tag, &$ty::TABLE), )* )*
        ];
    };
}

mod data;
pub use data::*;

/// The table entry for `tag`, if it is a known tag.
pub fn tag_info(tag: Tag) -> Option<&'static TagInfo> {
    TAGS.binary_search_by_key(&tag, |t| t.tag)
        .ok()
        .map(|i| &TAGS[i])
}

/// Looks a tag up by its XML/JSON name or its specification name (exact match).
pub fn tag_by_name(name: &str) -> Option<Tag> {
    TAGS.iter()
        .find(|t| t.name == name || t.spec_name == name)
        .map(|t| t.tag)
}

/// The enumeration that Enumeration items with this tag hold, if known.
pub fn enum_table(tag: Tag) -> Option<&'static EnumTable> {
    ENUM_TAGS.iter().find(|(t, _)| *t == tag).map(|(_, e)| *e)
}

/// The bit mask that Integer items with this tag hold, if the tag is a known mask.
pub fn mask_table(tag: Tag) -> Option<&'static MaskTable> {
    MASK_TAGS.iter().find(|(t, _)| *t == tag).map(|(_, m)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_sorted_and_unique() {
        for w in TAGS.windows(2) {
            assert!(w[0].tag < w[1].tag, "{:?} before {:?}", w[0], w[1]);
        }
    }

    #[test]
    fn tag_names_are_unique() {
        for (i, a) in TAGS.iter().enumerate() {
            for b in &TAGS[i + 1..] {
                assert_ne!(a.name, b.name, "{:?} / {:?}", a, b);
            }
        }
    }

    #[test]
    fn enumeration_values_and_names_are_unique() {
        for (tag, table) in ENUM_TAGS {
            assert!(
                tag_info(*tag).is_some(),
                "enum bound to unknown tag {tag:?}"
            );
            for (i, (v, n)) in table.values.iter().enumerate() {
                for (v2, n2) in &table.values[i + 1..] {
                    assert_ne!(v, v2, "{} repeats value {v:#x}", table.name);
                    assert!(
                        !n.eq_ignore_ascii_case(n2),
                        "{} repeats name {n}",
                        table.name
                    );
                }
            }
        }
    }

    #[test]
    fn a_tag_maps_to_at_most_one_enumeration() {
        for (i, (a, _)) in ENUM_TAGS.iter().enumerate() {
            for (b, _) in &ENUM_TAGS[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(Tag::STATE.name(), Some("State"));
        assert_eq!(Tag::from_name("ActivationDate"), Some(Tag::ACTIVATION_DATE));
        assert_eq!(
            Tag::from_name("Activation Date"),
            Some(Tag::ACTIVATION_DATE)
        );
        assert_eq!(enum_table(Tag::STATE).unwrap().name_of(2), Some("Active"));
        assert_eq!(State::PRE_ACTIVE.name(), Some("PreActive"));
    }
}
