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

    #[test]
    fn tag_table_covers_kmip_1_0_to_2_1() {
        // 0x420001..=0x420176, less 0x42013E and 0x42013F, which were never assigned.
        assert_eq!(TAGS.first().map(|t| t.tag), Some(Tag(0x42_0001)));
        assert_eq!(TAGS.last().map(|t| t.tag), Some(Tag(0x42_0176)));
        assert_eq!(TAGS.len(), 0x176 - 2);
        assert!(tag_info(Tag(0x42_013E)).is_none());
        // Tags that 2.0 made "(Reserved)" keep their 1.x names.
        assert_eq!(Tag::ATTRIBUTE_INDEX.spec_name(), Some("Attribute Index"));
        assert_eq!(
            Tag::TEMPLATE_ATTRIBUTE.spec_name(),
            Some("Template-Attribute")
        );
        assert_eq!(Tag::CUSTOM_ATTRIBUTE.spec_name(), Some("Custom Attribute"));
        assert_eq!(
            Tag::OPERATION_POLICY_NAME.spec_name(),
            Some("Operation Policy Name")
        );
        assert_eq!(Tag::TEMPLATE.0, 0x42_0090);
    }

    #[test]
    fn both_names_find_their_tag() {
        for t in TAGS {
            assert_eq!(tag_by_name(t.name), Some(t.tag), "{t:?}");
            assert_eq!(tag_by_name(t.spec_name), Some(t.tag), "{t:?}");
            assert!(
                t.name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_'),
                "{t:?}"
            );
        }
    }

    #[test]
    fn spellings_of_the_xml_test_cases() {
        assert_eq!(Tag::REQUEST_MESSAGE.name(), Some("RequestMessage"));
        assert_eq!(
            Tag::PROTOCOL_VERSION_MAJOR.name(),
            Some("ProtocolVersionMajor")
        );
        assert_eq!(Tag::IV_COUNTER_NONCE.name(), Some("IVCounterNonce"));
        assert_eq!(Tag::IV_COUNTER_NONCE.spec_name(), Some("IV/Counter/Nonce"));
        assert_eq!(Tag::MAC_SIGNATURE.name(), Some("MACSignature"));
        assert_eq!(Tag::TEMPLATE_ATTRIBUTE.name(), Some("TemplateAttribute"));
        assert_eq!(Tag::UNIQUE_BATCH_ITEM_ID.name(), Some("UniqueBatchItemID"));
        assert_eq!(Tag::CRT_COEFFICIENT.name(), Some("CRTCoefficient"));
        assert_eq!(
            Tag::X_509_CERTIFICATE_IDENTIFIER.name(),
            Some("X_509CertificateIdentifier")
        );
        assert_eq!(
            Tag::X_509_CERTIFICATE_IDENTIFIER.spec_name(),
            Some("X.509 Certificate Identifier")
        );
        assert_eq!(
            Tag::PKCS_12_FRIENDLY_NAME.spec_name(),
            Some("PKCS#12 Friendly Name")
        );
        assert_eq!(
            Tag::from_name("Cryptographic Usage Mask"),
            Some(Tag::CRYPTOGRAPHIC_USAGE_MASK)
        );
        assert_eq!(ObjectType::SYMMETRIC_KEY.name(), Some("SymmetricKey"));
        assert_eq!(CryptographicAlgorithm::DES3.name(), Some("DES3"));
        assert_eq!(CryptographicAlgorithm::AES.0, 3);
        assert_eq!(HashingAlgorithm::SHA_256.name(), Some("SHA_256"));
        assert_eq!(BlockCipherMode::NIST_KEY_WRAP.name(), Some("NISTKeyWrap"));
        assert_eq!(PaddingMethod::PKCS5.name(), Some("PKCS5"));
        assert_eq!(
            KeyFormatType::TRANSPARENT_SYMMETRIC_KEY.name(),
            Some("TransparentSymmetricKey")
        );
        assert_eq!(
            LinkType::PKCS_12_PASSWORD_LINK.name(),
            Some("PKCS_12PasswordLink")
        );
        assert_eq!(CertificateType::X_509.name(), Some("X_509"));
        assert_eq!(
            SplitKeyMethod::POLYNOMIAL_SHARING_GF_2_8.name(),
            Some("PolynomialSharingGF2_8")
        );
        assert_eq!(MaskGenerator::MGF1.name(), Some("MGF1"));
        assert_eq!(
            RevocationReasonCode::CESSATION_OF_OPERATION.name(),
            Some("CessationOfOperation")
        );
        assert_eq!(
            CredentialType::USERNAME_AND_PASSWORD.name(),
            Some("UsernameAndPassword")
        );
        assert_eq!(
            Operation::DISCOVER_VERSIONS.name(),
            Some("DiscoverVersions")
        );
        assert_eq!(
            ResultStatus::OPERATION_FAILED.name(),
            Some("OperationFailed")
        );
        assert_eq!(ResultReason::ITEM_NOT_FOUND.name(), Some("ItemNotFound"));
        assert_eq!(ResultReason::GENERAL_FAILURE.0, 0x100);
        assert_eq!(ResultReason::DUPLICATE_PROCESS_REQUEST.0, 0x4C);
    }

    #[test]
    fn enumeration_bindings() {
        let hashing = |t| enum_table(t).map(|e| e.name);
        assert_eq!(hashing(Tag::HASHING_ALGORITHM), Some("HashingAlgorithm"));
        assert_eq!(
            hashing(Tag::MASK_GENERATOR_HASHING_ALGORITHM),
            Some("HashingAlgorithm")
        );
        assert_eq!(
            enum_table(Tag::LINK_TYPE).and_then(|e| e.name_of(0x10E)),
            Some("WrappingKeyLink")
        );
        assert_eq!(
            enum_table(Tag::BATCH_ERROR_CONTINUATION_OPTION).and_then(|e| e.value_of("undo")),
            Some(3)
        );
        assert_eq!(
            enum_table(Tag::UNIQUE_IDENTIFIER).and_then(|e| e.name_of(1)),
            Some("IDPlaceholder")
        );
        assert!(enum_table(Tag::ATTRIBUTE_REFERENCE).is_none());
        assert!(enum_table(Tag::CRYPTOGRAPHIC_USAGE_MASK).is_none());
        // Every enumeration and mask table: unique values and names, names in XML form.
        let tables = ENUM_TAGS
            .iter()
            .map(|(_, e)| *e)
            .chain([&ItemTypeEnum::TABLE]);
        for e in tables {
            for (i, (v, n)) in e.values.iter().enumerate() {
                assert!(
                    n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
                    "{n}"
                );
                assert!(
                    e.values[i + 1..].iter().all(|(v2, _)| v2 > v),
                    "{} not sorted",
                    e.name
                );
            }
        }
    }

    #[test]
    fn masks() {
        for (tag, m) in MASK_TAGS {
            assert!(enum_table(*tag).is_none());
            for (i, (bit, n)) in m.bits.iter().enumerate() {
                assert_eq!(bit.count_ones(), 1, "{n}");
                assert!(
                    m.bits[i + 1..].iter().all(|(b2, n2)| b2 > bit && n2 != n),
                    "{n}"
                );
            }
        }
        let mut out = heapless::String::<64>::new();
        let usage = mask_table(Tag::CRYPTOGRAPHIC_USAGE_MASK).map(|m| m.write(12, &mut out));
        assert!(matches!(usage, Some(Ok(()))));
        assert_eq!(out.as_str(), "Encrypt|Decrypt");
        assert_eq!(
            CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT,
            CryptographicUsageMask(12)
        );
        assert!(mask_table(Tag::STORAGE_STATUS_MASK).is_some());
        assert!(mask_table(Tag::PROTECTION_STORAGE_MASK).is_some());
    }
}
