//! The KMIP JSON mapping (`alloc`), both ways.
//!
//! Each item is `{"tag": NAME or "0x42XXXX", "type": TYPE, "value": VALUE}`:
//!
//! | type | value |
//! |---|---|
//! | `Structure` | an array of items |
//! | `Integer`, `Interval` | a number (Integer input may also be `"0x…"` hex or, for a mask, `"Encrypt|Decrypt"`) |
//! | `LongInteger`, `DateTimeExtended` | a number, or `"0x…"` (64-bit two's complement hex) where it does not fit a JSON number exactly (beyond ±2^53) |
//! | `BigInteger` | `"0x…"`, the two's complement bytes as encoded |
//! | `Enumeration` | the value's name where known, else `"0x0000000A"`; input also takes a number |
//! | `Boolean` | `true` / `false` |
//! | `TextString` | a string |
//! | `ByteString` | lower-case hex (input may carry a `0x` prefix) |
//! | `DateTime` | RFC 3339 UTC (`"2008-03-14T11:56:40Z"`), or `"0x…"` outside years 0000–9999; input also takes a number |
//!
//! Tags and enumerations are accepted as names or hex on input. Enumerations inside a 1.x
//! `AttributeValue` are named after the preceding `AttributeName`, and a 2.x
//! `AttributeReference` names the tag it refers to, the same way the printer shows them.
//!
//! The mapping is lossless: `from_json(to_json(item))` encodes to the same bytes, for every valid
//! message. With [`JsonOptions::reveal`] off, secret values become `"<redacted>"`, which
//! [`from_json`] refuses.

use super::context::{is_secret, Context};
use super::datetime::{parse_rfc3339, rfc3339};
use super::owned::{Element, OwnedValue};
use super::{Item, ItemType, Tag, Value};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use serde_json::{Map, Value as Json};
use zeroize::Zeroizing;

/// The largest integer a JSON number (an IEEE double) holds exactly.
const JSON_SAFE: i64 = (1 << 53) - 1;

/// The marker that replaces secret values when they are not revealed.
pub const REDACTED: &str = "<redacted>";

/// What [`to_json`] includes.
#[derive(Clone, Copy, Debug)]
pub struct JsonOptions {
    /// Include key material and other secrets; when off they become [`REDACTED`].
    pub reveal: bool,
}

impl Default for JsonOptions {
    /// Lossless: secrets included.
    fn default() -> Self {
        JsonOptions { reveal: true }
    }
}

/// Maps a decoded item (and its children) to JSON.
pub fn to_json(item: &Item<'_>, opts: &JsonOptions) -> Json {
    item_to_json(item, &Context::default(), opts)
}

fn item_to_json(item: &Item<'_>, ctx: &Context, opts: &JsonOptions) -> Json {
    let tag = item.tag();
    let mut obj = Map::new();
    obj.insert("tag".into(), Json::String(tag_to_string(tag)));
    obj.insert("type".into(), Json::String(item.item_type().name().into()));
    let value = if is_secret(tag) && !opts.reveal && item.item_type() != ItemType::Structure {
        Json::String(REDACTED.into())
    } else {
        match item.value() {
            Value::Structure(children) => {
                let mut inner = Context::default();
                let mut arr = Vec::new();
                for c in children {
                    arr.push(item_to_json(&c, &inner, opts));
                    inner.observe(c.tag(), c.as_text());
                }
                Json::Array(arr)
            }
            Value::Integer(v) => Json::Number(v.into()),
            Value::LongInteger(v) | Value::DateTimeExtended(v) => i64_to_json(v),
            Value::BigInteger(b) => Json::String(format!("0x{}", hex::encode_upper(b))),
            Value::Enumeration(v) => Json::String(match ctx.enum_name(tag, v) {
                Some(n) => n.into(),
                None => format!("0x{v:08X}"),
            }),
            Value::Boolean(v) => Json::Bool(v),
            Value::TextString(s) => Json::String(s.into()),
            Value::ByteString(b) => Json::String(hex::encode(b)),
            Value::DateTime(s) => Json::String(match rfc3339(s) {
                Some(d) => d.to_string(),
                None => format!("0x{:016X}", s as u64),
            }),
            Value::Interval(v) => Json::Number(v.into()),
        }
    };
    obj.insert("value".into(), value);
    Json::Object(obj)
}

fn tag_to_string(tag: Tag) -> String {
    match tag.name() {
        Some(n) => n.into(),
        None => format!("0x{:06X}", tag.0),
    }
}

fn i64_to_json(v: i64) -> Json {
    if (-JSON_SAFE..=JSON_SAFE).contains(&v) {
        Json::Number(v.into())
    } else {
        Json::String(format!("0x{:016X}", v as u64))
    }
}

/// Maps a decoded item to pretty-printed JSON text.
pub fn to_json_string(item: &Item<'_>, opts: &JsonOptions) -> String {
    // Serializing a `serde_json::Value` cannot fail.
    serde_json::to_string_pretty(&to_json(item, opts)).unwrap_or_default()
}

/// A JSON document that is not a valid KMIP JSON item: where, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Where in the document, e.g. `$.value[2].tag` (or `line 3, column 7` for syntax errors).
    pub path: String,
    /// What is wrong.
    pub kind: JsonErrorKind,
}

/// The ways a KMIP JSON document can be wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// Not JSON at all.
    Syntax(String),
    /// An item is not an object.
    NotAnObject,
    /// An item lacks `tag`, `type` or `value`.
    MissingField(&'static str),
    /// An item has a member other than `tag`, `type` and `value`.
    UnknownField(String),
    /// A tag that is neither a known name nor `0x` hex of at most 3 bytes.
    UnknownTag(String),
    /// A type name that is not a TTLV type.
    UnknownType(String),
    /// The value does not have the JSON shape the type needs.
    WrongValue {
        /// The item's type.
        item_type: ItemType,
        /// What was expected.
        expected: &'static str,
    },
    /// An enumeration (or mask bit) name that the tag's enumeration does not define.
    UnknownName(String),
    /// A number outside the type's range.
    OutOfRange(ItemType),
    /// A redacted secret, which cannot be encoded.
    Redacted,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid KMIP JSON at {}: ", self.path)?;
        match &self.kind {
            JsonErrorKind::Syntax(m) => write!(f, "not JSON: {m}"),
            JsonErrorKind::NotAnObject => {
                f.write_str("an item must be an object {\"tag\", \"type\", \"value\"}")
            }
            JsonErrorKind::MissingField(n) => write!(f, "the item has no \"{n}\""),
            JsonErrorKind::UnknownField(n) => write!(
                f,
                "unexpected member \"{n}\" (an item has only \"tag\", \"type\" and \"value\")"
            ),
            JsonErrorKind::UnknownTag(t) => write!(
                f,
                "unknown tag {t:?}: use a KMIP tag name or hex such as \"0x420094\""
            ),
            JsonErrorKind::UnknownType(t) => write!(
                f,
                "unknown type {t:?}: one of Structure, Integer, LongInteger, BigInteger, Enumeration, Boolean, TextString, ByteString, DateTime, Interval, DateTimeExtended"
            ),
            JsonErrorKind::WrongValue { item_type, expected } => {
                write!(f, "a {item_type} value must be {expected}")
            }
            JsonErrorKind::UnknownName(n) => write!(
                f,
                "{n:?} is not a name this tag's enumeration defines (use hex such as \"0x00000001\")"
            ),
            JsonErrorKind::OutOfRange(t) => write!(f, "number out of range for {t}"),
            JsonErrorKind::Redacted => f.write_str(
                "the value was redacted and cannot be encoded (produce the JSON with key material revealed)",
            ),
        }
    }
}

impl core::error::Error for JsonError {}

/// Parses KMIP JSON text into an owned item.
pub fn from_json_str(text: &str) -> Result<Element, JsonError> {
    let v: Json = serde_json::from_str(text).map_err(|e| JsonError {
        path: format!("line {}, column {}", e.line(), e.column()),
        kind: JsonErrorKind::Syntax(e.to_string()),
    })?;
    from_json(&v)
}

/// Maps a JSON value to an owned item.
pub fn from_json(v: &Json) -> Result<Element, JsonError> {
    let mut path = String::from("$");
    item_from_json(v, &Context::default(), &mut path)
}

fn fail<T>(path: &str, kind: JsonErrorKind) -> Result<T, JsonError> {
    Err(JsonError {
        path: path.into(),
        kind,
    })
}

fn item_from_json(v: &Json, ctx: &Context, path: &mut String) -> Result<Element, JsonError> {
    let Json::Object(obj) = v else {
        return fail(path, JsonErrorKind::NotAnObject);
    };
    if let Some(k) = obj
        .keys()
        .find(|k| !matches!(k.as_str(), "tag" | "type" | "value"))
    {
        return fail(path, JsonErrorKind::UnknownField(k.clone()));
    }
    let field = |name: &'static str| obj.get(name).ok_or(name);
    let tag = match field("tag") {
        Ok(Json::String(s)) => parse_tag(s).ok_or_else(|| JsonError {
            path: format!("{path}.tag"),
            kind: JsonErrorKind::UnknownTag(s.clone()),
        })?,
        Ok(other) => {
            return fail(
                &format!("{path}.tag"),
                JsonErrorKind::UnknownTag(other.to_string()),
            )
        }
        Err(n) => return fail(path, JsonErrorKind::MissingField(n)),
    };
    let item_type = match field("type") {
        Ok(Json::String(s)) => ItemType::from_name(s).ok_or_else(|| JsonError {
            path: format!("{path}.type"),
            kind: JsonErrorKind::UnknownType(s.clone()),
        })?,
        Ok(other) => {
            return fail(
                &format!("{path}.type"),
                JsonErrorKind::UnknownType(other.to_string()),
            )
        }
        Err(n) => return fail(path, JsonErrorKind::MissingField(n)),
    };
    let value = match field("value") {
        Ok(v) => v,
        Err(n) => return fail(path, JsonErrorKind::MissingField(n)),
    };
    let base = path.len();
    path.push_str(".value");
    let result = value_from_json(tag, item_type, value, ctx, path);
    let result = result.map(|value| Element { tag, value });
    path.truncate(base);
    result
}

fn value_from_json(
    tag: Tag,
    item_type: ItemType,
    v: &Json,
    ctx: &Context,
    path: &mut String,
) -> Result<OwnedValue, JsonError> {
    if v.as_str() == Some(REDACTED) && item_type != ItemType::TextString {
        return fail(path, JsonErrorKind::Redacted);
    }
    if v.as_str() == Some(REDACTED) && is_secret(tag) {
        return fail(path, JsonErrorKind::Redacted);
    }
    let wrong = |expected| JsonError {
        path: path.clone(),
        kind: JsonErrorKind::WrongValue {
            item_type,
            expected,
        },
    };
    let range = || JsonError {
        path: path.clone(),
        kind: JsonErrorKind::OutOfRange(item_type),
    };
    Ok(match item_type {
        ItemType::Structure => {
            let Json::Array(items) = v else {
                return Err(wrong("an array of items"));
            };
            let mut inner = Context::default();
            let mut children = Vec::with_capacity(items.len());
            let base = path.len();
            for (i, c) in items.iter().enumerate() {
                path.truncate(base);
                path.push_str(&format!("[{i}]"));
                let e = item_from_json(c, &inner, path)?;
                if let OwnedValue::TextString(s) = &e.value {
                    inner.observe(e.tag, Some(s));
                } else {
                    inner.observe(e.tag, None);
                }
                children.push(e);
            }
            path.truncate(base);
            OwnedValue::Structure(children)
        }
        ItemType::Integer => match v {
            Json::Number(n) => OwnedValue::Integer(
                n.as_i64()
                    .and_then(|x| i32::try_from(x).ok())
                    .ok_or_else(range)?,
            ),
            Json::String(s) => {
                if let Some(bits) = parse_hex_u64(s, 8) {
                    OwnedValue::Integer(bits as u32 as i32)
                } else if let Some(mask) = ctx.mask_table(tag) {
                    let mut bits = 0u32;
                    for part in s.split('|').map(str::trim) {
                        bits |= match mask.bits.iter().find(|(_, n)| n.eq_ignore_ascii_case(part)) {
                            Some((b, _)) => *b,
                            None => parse_hex_u64(part, 8).map(|b| b as u32).ok_or_else(|| {
                                JsonError {
                                    path: path.clone(),
                                    kind: JsonErrorKind::UnknownName(part.into()),
                                }
                            })?,
                        };
                    }
                    OwnedValue::Integer(bits as i32)
                } else {
                    return Err(wrong("a number or \"0x\" hex"));
                }
            }
            _ => return Err(wrong("a number")),
        },
        ItemType::LongInteger | ItemType::DateTimeExtended => {
            let x = match v {
                Json::Number(n) => n.as_i64().ok_or_else(range)?,
                Json::String(s) => parse_hex_u64(s, 16)
                    .ok_or_else(|| wrong("a number or \"0x\" hex of at most 16 digits"))?
                    as i64,
                _ => return Err(wrong("a number or \"0x\" hex")),
            };
            if item_type == ItemType::LongInteger {
                OwnedValue::LongInteger(x)
            } else {
                OwnedValue::DateTimeExtended(x)
            }
        }
        ItemType::BigInteger => {
            let bytes = match v {
                Json::String(s) => {
                    let h = s
                        .strip_prefix("0x")
                        .or_else(|| s.strip_prefix("0X"))
                        .ok_or_else(|| wrong("\"0x\" followed by two's complement hex"))?;
                    decode_hex_any(h)
                        .ok_or_else(|| wrong("\"0x\" followed by two's complement hex"))?
                }
                Json::Number(n) => {
                    let x = n.as_i64().ok_or_else(range)?;
                    x.to_be_bytes().to_vec()
                }
                _ => return Err(wrong("\"0x\" hex")),
            };
            // Sign-extend on the left to a multiple of 8, as the encoder does.
            let n = bytes.len();
            let ext = if n == 0 { 8 } else { (8 - n % 8) % 8 };
            let fill = if bytes.first().is_some_and(|b| b & 0x80 != 0) {
                0xFF
            } else {
                0
            };
            let mut full = Vec::with_capacity(n + ext);
            full.resize(ext, fill);
            full.extend_from_slice(&bytes);
            OwnedValue::BigInteger(Zeroizing::new(full))
        }
        ItemType::Enumeration => match v {
            Json::String(s) => OwnedValue::Enumeration(match parse_hex_u64(s, 8) {
                Some(x) => x as u32,
                None => ctx.enum_value(tag, s).ok_or_else(|| JsonError {
                    path: path.clone(),
                    kind: JsonErrorKind::UnknownName(s.clone()),
                })?,
            }),
            Json::Number(n) => OwnedValue::Enumeration(
                n.as_u64()
                    .and_then(|x| u32::try_from(x).ok())
                    .ok_or_else(range)?,
            ),
            _ => return Err(wrong("a name or \"0x\" hex")),
        },
        ItemType::Boolean => match v {
            Json::Bool(b) => OwnedValue::Boolean(*b),
            _ => return Err(wrong("true or false")),
        },
        ItemType::TextString => match v {
            Json::String(s) => OwnedValue::TextString(s.clone()),
            _ => return Err(wrong("a string")),
        },
        ItemType::ByteString => match v {
            Json::String(s) => {
                let h = s
                    .strip_prefix("0x")
                    .or_else(|| s.strip_prefix("0X"))
                    .unwrap_or(s);
                if h.len() % 2 != 0 {
                    return Err(wrong("hex with an even number of digits"));
                }
                OwnedValue::ByteString(Zeroizing::new(
                    hex::decode(h).map_err(|_| wrong("a hex string"))?,
                ))
            }
            _ => return Err(wrong("a hex string")),
        },
        ItemType::DateTime => match v {
            Json::String(s) => OwnedValue::DateTime(match parse_hex_u64(s, 16) {
                Some(x) => x as i64,
                None => {
                    let (secs, micros) = parse_rfc3339(s).map_err(|_| {
                        wrong("an RFC 3339 date-time such as \"2008-03-14T11:56:40Z\"")
                    })?;
                    if micros != 0 {
                        return Err(wrong("whole seconds (a Date-Time has no fraction)"));
                    }
                    secs
                }
            }),
            Json::Number(n) => OwnedValue::DateTime(n.as_i64().ok_or_else(range)?),
            _ => return Err(wrong("an RFC 3339 date-time")),
        },
        ItemType::Interval => match v {
            Json::Number(n) => OwnedValue::Interval(
                n.as_u64()
                    .and_then(|x| u32::try_from(x).ok())
                    .ok_or_else(range)?,
            ),
            _ => return Err(wrong("a number of seconds")),
        },
    })
}

/// A tag name, a specification name, or `0x` hex of at most 6 digits.
fn parse_tag(s: &str) -> Option<Tag> {
    if let Some(v) = parse_hex_u64(s, 6) {
        return Some(Tag(v as u32));
    }
    Tag::from_name(s)
}

/// `0x` followed by 1..=`max_digits` hex digits.
fn parse_hex_u64(s: &str, max_digits: usize) -> Option<u64> {
    let h = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"))?;
    if h.is_empty() || h.len() > max_digits || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(h, 16).ok()
}

/// Hex of any length; an odd number of digits is padded with a leading zero nibble.
fn decode_hex_any(h: &str) -> Option<Vec<u8>> {
    if h.is_empty() {
        return None;
    }
    if h.len() % 2 == 1 {
        let mut s = String::with_capacity(h.len() + 1);
        s.push('0');
        s.push_str(h);
        hex::decode(s).ok()
    } else {
        hex::decode(h).ok()
    }
}
