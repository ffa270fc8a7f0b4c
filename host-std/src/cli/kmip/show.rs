//! How results read: attribute values as text, and the raw response (recorded by the tap)
//! for `--json` and for the server's full Result Message.

use super::parse::state_name;
use kmipkit_core::kmip::{AttributeValue, CryptographicParameters, RawValue};
use kmipkit_core::ttlv::datetime::rfc3339;
use kmipkit_core::ttlv::json::{to_json_string, JsonOptions};
use kmipkit_core::ttlv::{
    decode_with, DecodeOptions, Item, NameType, Operation, ResultReason, ResultStatus, Tag,
};

/// A Date-Time as RFC 3339 (or the number of seconds outside years 0000–9999).
pub(crate) fn date(secs: i64) -> String {
    rfc3339(secs).map_or_else(|| secs.to_string(), |d| d.to_string())
}

fn raw(v: &RawValue<'_>) -> String {
    match v {
        RawValue::Structure(s) => format!("(a structure of {} bytes)", s.encoded_children().len()),
        RawValue::Integer(i) => i.to_string(),
        RawValue::LongInteger(i) => i.to_string(),
        RawValue::BigInteger(b) | RawValue::Bytes(b) => hex::encode(b),
        RawValue::Enumeration(e) => format!("0x{e:08X}"),
        RawValue::Boolean(b) => b.to_string(),
        RawValue::Text(t) => (*t).to_owned(),
        RawValue::DateTime(s) => date(*s),
        RawValue::Interval(s) => format!("{s} s"),
        RawValue::DateTimeExtended(us) => {
            format!("{} (+{} µs)", date(us / 1_000_000), us % 1_000_000)
        }
    }
}

fn parameters(p: &CryptographicParameters<'_>) -> String {
    let mut parts = Vec::new();
    if let Some(a) = p.cryptographic_algorithm {
        parts.push(format!("algorithm {a}"));
    }
    if let Some(m) = p.block_cipher_mode {
        parts.push(format!("mode {m}"));
    }
    if let Some(m) = p.padding_method {
        parts.push(format!("padding {m}"));
    }
    if let Some(h) = p.hashing_algorithm {
        parts.push(format!("hash {h}"));
    }
    if let Some(n) = p.iv_length {
        parts.push(format!("IV {n} bits"));
    }
    if let Some(n) = p.tag_length {
        parts.push(format!("tag {n} bytes"));
    }
    if let Some(r) = p.random_iv {
        parts.push(format!("random IV {r}"));
    }
    if parts.is_empty() {
        "(none)".to_owned()
    } else {
        parts.join(", ")
    }
}

/// An attribute's value as text.
pub(crate) fn attribute_value(v: &AttributeValue<'_>) -> String {
    use AttributeValue as A;
    match v {
        A::UniqueIdentifier(u) => u.to_string(),
        A::Name(n) if n.name_type == NameType::UNINTERPRETED_TEXT_STRING => n.value.to_owned(),
        A::Name(n) => format!("{} ({})", n.value, n.name_type),
        A::ObjectType(t) => t.to_string(),
        A::CryptographicAlgorithm(a) => a.to_string(),
        A::CryptographicLength(n) => n.to_string(),
        A::CryptographicParameters(p) => parameters(p),
        A::CryptographicUsageMask(m) => format!("{m:?}"),
        A::State(s) => state_name(*s),
        A::InitialDate(d)
        | A::ActivationDate(d)
        | A::DeactivationDate(d)
        | A::CompromiseDate(d)
        | A::CompromiseOccurrenceDate(d)
        | A::DestroyDate(d)
        | A::LastChangeDate(d)
        | A::ProcessStartDate(d)
        | A::ProtectStopDate(d) => date(*d),
        A::ObjectGroup(s)
        | A::OperationPolicyName(s)
        | A::ContactInformation(s)
        | A::Description(s)
        | A::Comment(s) => (*s).to_owned(),
        A::Link(l) => format!("{} {}", l.link_type, l.linked_object_identifier),
        A::ApplicationSpecificInformation(a) => match a.data {
            Some(d) => format!("{}: {d}", a.namespace),
            None => a.namespace.to_owned(),
        },
        A::RevocationReason(r) => match r.message {
            Some(m) => format!("{} ({m})", r.code),
            None => r.code.to_string(),
        },
        A::LeaseTime(s) => format!("{s} s"),
        A::Fresh(b) | A::Sensitive(b) | A::Extractable(b) => b.to_string(),
        A::Custom(c) => raw(&c.value),
        A::Other { value, .. } => raw(value),
        other => format!("{other:?}"),
    }
}

/// An attribute's name as text: the specification's name (`Cryptographic Length`), a
/// custom attribute's `vendor-name`.
pub(crate) fn attribute_name(v: &AttributeValue<'_>) -> String {
    match v {
        AttributeValue::Custom(c) if c.vendor.is_empty() => c.name.to_owned(),
        AttributeValue::Custom(c) => format!("{}-{}", c.vendor, c.name),
        other => tag_name(other.tag()),
    }
}

/// A tag's specification name, or its hex.
pub(crate) fn tag_name(t: Tag) -> String {
    t.spec_name()
        .map_or_else(|| format!("0x{:06X}", t.0), str::to_owned)
}

fn decode_options() -> DecodeOptions {
    DecodeOptions {
        max_message_size: u32::MAX,
        ..DecodeOptions::STRICT
    }
}

/// Calls `each` with every batch item of a recorded response, newest response first.
fn batch_items<T>(responses: &[Vec<u8>], mut each: impl FnMut(Item<'_>) -> Option<T>) -> Option<T> {
    let opts = decode_options();
    for bytes in responses.iter().rev() {
        let Ok(message) = decode_with(bytes, &opts) else {
            continue;
        };
        let items: Vec<Item<'_>> = message
            .children()
            .filter(|c| c.tag() == Tag::BATCH_ITEM)
            .collect();
        for item in items.into_iter().rev() {
            if let Some(t) = each(item) {
                return Some(t);
            }
        }
    }
    None
}

fn operation_of(item: &Item<'_>) -> Option<Operation> {
    item.child(Tag::OPERATION)
        .and_then(|o| o.as_enumeration())
        .map(Operation)
}

/// The Response Payload of the newest recorded answer to `operation`, in the KMIP JSON
/// mapping (`kmipkit ttlv decode --json`), secrets only with `reveal`. A successful answer
/// without a payload is an empty structure.
pub(crate) fn payload_json(
    responses: &[Vec<u8>],
    operation: Operation,
    reveal: bool,
) -> Option<String> {
    batch_items(responses, |item| {
        if operation_of(&item) != Some(operation) {
            return None;
        }
        let status = item
            .child(Tag::RESULT_STATUS)
            .and_then(|s| s.as_enumeration());
        if status != Some(ResultStatus::SUCCESS.0) {
            return None;
        }
        Some(match item.child(Tag::RESPONSE_PAYLOAD) {
            Some(p) => to_json_string(&p, &JsonOptions { reveal }),
            None => {
                "{\"tag\": \"ResponsePayload\", \"type\": \"Structure\", \"value\": []}".to_owned()
            }
        })
    })
}

/// The newest recorded failure's reason and whole Result Message (the core keeps the first
/// 64 bytes of the message).
pub(crate) fn server_failure(
    responses: &[Vec<u8>],
) -> Option<(Option<ResultReason>, Option<String>)> {
    batch_items(responses, |item| {
        let status = item.child(Tag::RESULT_STATUS)?.as_enumeration()?;
        if status == ResultStatus::SUCCESS.0 {
            return None;
        }
        let reason = item
            .child(Tag::RESULT_REASON)
            .and_then(|r| r.as_enumeration())
            .map(ResultReason);
        let message = item
            .child(Tag::RESULT_MESSAGE)
            .and_then(|m| m.as_text())
            .map(str::to_owned);
        Some((reason, message))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kmipkit_core::kmip::Name;
    use kmipkit_core::ttlv::{CryptographicUsageMask, State};

    #[test]
    fn values_read_as_text() {
        assert_eq!(
            attribute_value(&AttributeValue::State(State::PRE_ACTIVE)),
            "Pre-Active"
        );
        assert_eq!(
            attribute_value(&AttributeValue::CryptographicUsageMask(
                CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT
            )),
            "Encrypt|Decrypt"
        );
        assert_eq!(
            attribute_value(&AttributeValue::InitialDate(0)),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            attribute_value(&AttributeValue::Name(Name::text("mk"))),
            "mk"
        );
        assert_eq!(
            attribute_name(&AttributeValue::CryptographicLength(256)),
            "Cryptographic Length"
        );
    }
}
