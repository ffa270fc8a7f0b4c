//! Argument values read with the core's name tables: enumerations (`--state Active`), bit
//! masks (`--usage Encrypt|Decrypt`), attribute names, and hex. A wrong value is a usage
//! error (exit 2) whose message lists the valid names.

use kmipkit_core::ttlv::names::{EnumTable, MaskTable, TAGS};
use kmipkit_core::ttlv::{
    CryptographicAlgorithm, CryptographicUsageMask, ObjectType, RevocationReasonCode, State, Tag,
};
use std::fmt;
use zeroize::Zeroizing;

/// Lower case, without `-`, `_` and spaces: `Pre-Active`, `pre_active` and `PreActive` meet.
fn loose(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The value of `text` in `table` (its name in any case, with or without `-`/`_`/spaces).
pub(crate) fn enum_value(table: &EnumTable, text: &str) -> Result<u32, String> {
    let text = text.trim();
    if let Some(v) = table.value_of(text) {
        return Ok(v);
    }
    let wanted = loose(text);
    table
        .values
        .iter()
        .find(|(_, name)| loose(name) == wanted)
        .map(|(v, _)| *v)
        .ok_or_else(|| {
            let names: Vec<&str> = table.values.iter().map(|(_, n)| *n).collect();
            format!(
                "'{text}' is not a known {}; valid values: {}",
                table.name,
                names.join(", ")
            )
        })
}

/// A bit mask from names joined by `|` or `,` (`Encrypt|Decrypt`), or a number (`12`,
/// `0x0C`).
pub(crate) fn mask_value(table: &MaskTable, text: &str) -> Result<u32, String> {
    let text = text.trim();
    if let Some(n) = number(text) {
        return Ok(n);
    }
    let mut mask = 0u32;
    for part in text.split(['|', ',']) {
        let part = part.trim();
        let wanted = loose(part);
        match table.bits.iter().find(|(_, name)| loose(name) == wanted) {
            Some((bit, _)) if !part.is_empty() => mask |= bit,
            _ => {
                let names: Vec<&str> = table.bits.iter().map(|(_, n)| *n).collect();
                return Err(format!(
                    "'{part}' is not a known {} bit; valid bits (join them with |): {}",
                    table.name,
                    names.join(", ")
                ));
            }
        }
    }
    Ok(mask)
}

fn number(text: &str) -> Option<u32> {
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(h) => u32::from_str_radix(h, 16).ok(),
        None => text.parse().ok(),
    }
}

/// `--state`.
pub(crate) fn state(text: &str) -> Result<State, String> {
    enum_value(&State::TABLE, text).map(State)
}

/// `--object-type`.
pub(crate) fn object_type(text: &str) -> Result<ObjectType, String> {
    enum_value(&ObjectType::TABLE, text).map(ObjectType)
}

/// `--algorithm`.
pub(crate) fn algorithm(text: &str) -> Result<CryptographicAlgorithm, String> {
    enum_value(&CryptographicAlgorithm::TABLE, text).map(CryptographicAlgorithm)
}

/// `--reason`.
pub(crate) fn revocation_reason(text: &str) -> Result<RevocationReasonCode, String> {
    enum_value(&RevocationReasonCode::TABLE, text).map(RevocationReasonCode)
}

/// `--usage`.
pub(crate) fn usage(text: &str) -> Result<CryptographicUsageMask, String> {
    mask_value(&CryptographicUsageMask::TABLE, text).map(CryptographicUsageMask)
}

/// Attributes offered as examples when a name is unknown.
const COMMON_ATTRIBUTES: &[Tag] = &[
    Tag::STATE,
    Tag::NAME,
    Tag::OBJECT_TYPE,
    Tag::CRYPTOGRAPHIC_ALGORITHM,
    Tag::CRYPTOGRAPHIC_LENGTH,
    Tag::CRYPTOGRAPHIC_USAGE_MASK,
    Tag::UNIQUE_IDENTIFIER,
    Tag::INITIAL_DATE,
    Tag::ACTIVATION_DATE,
    Tag::DEACTIVATION_DATE,
    Tag::LAST_CHANGE_DATE,
];

/// `--attribute`: a tag's name (`CryptographicLength`) or its specification name
/// (`Cryptographic Length`), in any case.
pub(crate) fn attribute(text: &str) -> Result<Tag, String> {
    let text = text.trim();
    if let Some(t) = Tag::from_name(text) {
        return Ok(t);
    }
    let wanted = loose(text);
    TAGS.iter()
        .find(|t| loose(t.name) == wanted || loose(t.spec_name) == wanted)
        .map(|t| t.tag)
        .ok_or_else(|| {
            let names: Vec<&str> = COMMON_ATTRIBUTES.iter().filter_map(|t| t.name()).collect();
            format!(
                "'{text}' is not a KMIP attribute name; for example: {}",
                names.join(", ")
            )
        })
}

/// Bytes given as hex on the command line (wiped from memory when dropped: a key, plaintext).
#[derive(Clone, PartialEq, Eq)]
pub struct HexBytes(pub Zeroizing<Vec<u8>>);

impl fmt::Debug for HexBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0.len())
    }
}

impl HexBytes {
    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

/// `--key`, `--data`, `--iv`, `--aad`, `--tag`: hex, whitespace ignored, optional `0x`.
pub(crate) fn hex_bytes(text: &str) -> Result<HexBytes, String> {
    super::super::ttlv::parse_hex(text, "the value")
        .map(|b| HexBytes(Zeroizing::new(b)))
        .map_err(|e| e.message)
}

/// `register --key`: an AES key, hex, of 16, 24 or 32 bytes.
pub(crate) fn aes_key(text: &str) -> Result<HexBytes, String> {
    let key = hex_bytes(text)?;
    match key.0.len() {
        16 | 24 | 32 => Ok(key),
        n => Err(format!(
            "an AES key has 16, 24 or 32 bytes (32, 48 or 64 hex digits), not {n}"
        )),
    }
}

/// Display names of the KMIP specification where the name tables use the JSON spelling.
pub(crate) fn state_name(s: State) -> String {
    match s {
        State::PRE_ACTIVE => "Pre-Active".to_owned(),
        State::DESTROYED_COMPROMISED => "Destroyed Compromised".to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerations_in_any_spelling() {
        assert_eq!(state("Active"), Ok(State::ACTIVE));
        assert_eq!(state("pre-active"), Ok(State::PRE_ACTIVE));
        assert_eq!(state("PRE_ACTIVE"), Ok(State::PRE_ACTIVE));
        assert_eq!(object_type("symmetrickey"), Ok(ObjectType::SYMMETRIC_KEY));
        assert_eq!(algorithm("aes"), Ok(CryptographicAlgorithm::AES));
        assert_eq!(
            revocation_reason("key-compromise"),
            Ok(RevocationReasonCode::KEY_COMPROMISE)
        );
        let e = state("Activ").unwrap_err();
        assert!(
            e.starts_with("'Activ' is not a known State; valid values: PreActive, Active"),
            "{e}"
        );
    }

    #[test]
    fn masks_by_names_or_number() {
        assert_eq!(
            usage("Encrypt|Decrypt"),
            Ok(CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT)
        );
        assert_eq!(usage("encrypt, wrap-key").map(|m| m.0), Ok(4 | 16));
        assert_eq!(usage("12").map(|m| m.0), Ok(12));
        assert_eq!(usage("0x0C").map(|m| m.0), Ok(12));
        let e = usage("Encrypt|Dekrypt").unwrap_err();
        assert!(
            e.contains("'Dekrypt' is not a known CryptographicUsageMask bit"),
            "{e}"
        );
        assert!(e.contains("Sign, Verify, Encrypt, Decrypt"), "{e}");
        assert!(usage("Encrypt||Decrypt").is_err());
    }

    #[test]
    fn attribute_names() {
        assert_eq!(attribute("State"), Ok(Tag::STATE));
        assert_eq!(
            attribute("Cryptographic Length"),
            Ok(Tag::CRYPTOGRAPHIC_LENGTH)
        );
        assert_eq!(
            attribute("cryptographic-usage-mask"),
            Ok(Tag::CRYPTOGRAPHIC_USAGE_MASK)
        );
        let e = attribute("Colour").unwrap_err();
        assert!(
            e.contains("not a KMIP attribute name; for example: State, Name"),
            "{e}"
        );
    }

    #[test]
    fn hex() {
        assert_eq!(hex_bytes("0x00ff").unwrap().bytes(), &[0, 255]);
        assert_eq!(hex_bytes("00 11\n22").unwrap().bytes(), &[0, 0x11, 0x22]);
        assert!(hex_bytes("0g").unwrap_err().contains("not hex"));
        assert!(hex_bytes("abc").unwrap_err().contains("odd number"));
        assert_eq!(format!("{:?}", hex_bytes("0011").unwrap()), "<2 bytes>");
        assert_eq!(aes_key(&"ab".repeat(32)).unwrap().bytes().len(), 32);
        assert!(aes_key(&"ab".repeat(31)).unwrap_err().contains("not 31"));
    }

    #[test]
    fn spec_state_names() {
        assert_eq!(state_name(State::PRE_ACTIVE), "Pre-Active");
        assert_eq!(state_name(State::DEACTIVATED), "Deactivated");
        assert_eq!(state_name(State(99)), "0x00000063");
    }
}
