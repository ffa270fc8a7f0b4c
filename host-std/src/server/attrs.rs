//! Which attributes a client may set, and how an object's attributes are listed in a given
//! protocol version.

use kmipkit_core::kmip::RawStructure;
use kmipkit_core::kmip::RawValue;
use kmipkit_core::kmip::{Attribute, AttributeValue, Name, ProtocolVersion, RevocationReason};
use kmipkit_core::ttlv::{Encoder, HashingAlgorithm, KeyFormatType, Tag};

use super::store::{AttrKey, ManagedObject};

/// How the server treats an attribute a client sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Set by the server only (State, dates of the lifecycle, Digest, …).
    ReadOnly,
    /// Kept in a typed field of the object (Name, Object Group, algorithm, length, usage
    /// mask, Activation and Deactivation Date).
    Typed,
    /// Kept as given, several instances allowed (Link, Application Specific Information,
    /// Alternative Name, custom/vendor attributes).
    Multi,
    /// Kept as given, one instance (Description, Cryptographic Parameters, …).
    Single,
    /// Accepted and ignored (Operation Policy Name: this server has no policies).
    Ignored,
    /// Not an attribute this server keeps.
    Unsupported,
}

/// The kind of an attribute value.
pub(crate) fn kind(value: &AttributeValue<'_>) -> Kind {
    use AttributeValue as A;
    match value {
        A::UniqueIdentifier(_)
        | A::ObjectType(_)
        | A::State(_)
        | A::InitialDate(_)
        | A::LastChangeDate(_)
        | A::CompromiseDate(_)
        | A::CompromiseOccurrenceDate(_)
        | A::DestroyDate(_)
        | A::RevocationReason(_)
        | A::Fresh(_)
        | A::LeaseTime(_) => Kind::ReadOnly,
        A::Name(_)
        | A::ObjectGroup(_)
        | A::CryptographicAlgorithm(_)
        | A::CryptographicLength(_)
        | A::CryptographicUsageMask(_)
        | A::ActivationDate(_)
        | A::DeactivationDate(_) => Kind::Typed,
        A::Link(_) | A::ApplicationSpecificInformation(_) => Kind::Multi,
        A::Custom(c) if c.vendor.is_empty() => Kind::Unsupported,
        // 1.4 §3.39: "y-" attributes are the server's; a client may not set them.
        A::Custom(c) if c.vendor == "y" => Kind::ReadOnly,
        A::Custom(_) => Kind::Multi,
        A::CryptographicParameters(_)
        | A::ContactInformation(_)
        | A::Description(_)
        | A::Comment(_)
        | A::ProcessStartDate(_)
        | A::ProtectStopDate(_)
        | A::Sensitive(_)
        | A::Extractable(_) => Kind::Single,
        A::OperationPolicyName(_) => Kind::Ignored,
        A::Other { tag, .. } => match *tag {
            Tag::DIGEST
            | Tag::ORIGINAL_CREATION_DATE
            | Tag::KEY_VALUE_PRESENT
            | Tag::ALWAYS_SENSITIVE
            | Tag::NEVER_EXTRACTABLE
            | Tag::RANDOM_NUMBER_GENERATOR
            | Tag::ARCHIVE_DATE => Kind::ReadOnly,
            Tag::ALTERNATIVE_NAME => Kind::Multi,
            _ => Kind::Unsupported,
        },
        _ => Kind::Unsupported,
    }
}

/// True for attributes that may have several instances.
pub(crate) fn is_multi_valued(key: &AttrKey) -> bool {
    match key {
        AttrKey::Vendor { .. } => true,
        AttrKey::Tag(t) => matches!(
            Tag(*t),
            Tag::NAME
                | Tag::OBJECT_GROUP
                | Tag::LINK
                | Tag::APPLICATION_SPECIFIC_INFORMATION
                | Tag::ALTERNATIVE_NAME
        ),
    }
}

/// True when `attribute` can be written in `version` (Description is 1.4, Fresh 1.1, …).
pub(crate) fn encodable(attribute: &Attribute<'_>, version: ProtocolVersion) -> bool {
    let mut scratch = Encoder::for_vec();
    attribute.encode(&mut scratch, version).is_ok()
}

/// An object seen in one protocol version: its attributes as the core's types, borrowing
/// from the object.
pub(crate) struct View<'o> {
    object: &'o ManagedObject,
    version: ProtocolVersion,
    digest: Option<Vec<u8>>,
}

impl<'o> View<'o> {
    /// The view of `object` for a request in `version`.
    pub(crate) fn new(object: &'o ManagedObject, version: ProtocolVersion) -> View<'o> {
        let digest = object.digest.map(|d| {
            // Digest {Hashing Algorithm, Digest Value, Key Format Type (1.1)}: SHA-256 over the
            // Raw bytes (kmip-spec.md §7.16).
            let mut e = Encoder::for_vec();
            let _ = e.enumeration(Tag::HASHING_ALGORITHM, HashingAlgorithm::SHA_256.0);
            let _ = e.bytes(Tag::DIGEST_VALUE, &d);
            if version >= ProtocolVersion::V1_1 {
                let _ = e.enumeration(Tag::KEY_FORMAT_TYPE, KeyFormatType::RAW.0);
            }
            e.into_sink()
        });
        View {
            object,
            version,
            digest,
        }
    }

    /// Every attribute the object has that `version` can carry, in a stable order: Unique
    /// Identifier, Object Type, the cryptographic ones, Digest, Names, Object Groups, State,
    /// the dates, Revocation Reason, then the attributes kept as given. Instances of a
    /// multi-valued attribute carry their Attribute Index in 1.x (from 1).
    pub(crate) fn attributes<'s>(&'s self) -> Vec<Attribute<'s>> {
        use AttributeValue as A;
        let o = self.object;
        let mut out: Vec<Attribute<'s>> = Vec::new();
        let mut push = |value: AttributeValue<'s>, index: usize| {
            let index = if self.version.is_v2() || index == 0 {
                None
            } else {
                i32::try_from(index).ok()
            };
            let a = Attribute { index, value };
            if encodable(&a, self.version) {
                out.push(a);
            }
        };
        push(
            A::UniqueIdentifier(kmipkit_core::kmip::Uid::Text(&o.uid)),
            0,
        );
        push(A::ObjectType(o.object_type), 0);
        if let Some(a) = o.algorithm {
            push(A::CryptographicAlgorithm(a), 0);
        }
        if let Some(l) = o.length {
            push(A::CryptographicLength(l), 0);
        }
        if let Some(m) = o.usage_mask {
            push(A::CryptographicUsageMask(m), 0);
        }
        if let Some(d) = &self.digest {
            push(
                A::Other {
                    tag: Tag::DIGEST,
                    value: RawValue::Structure(RawStructure::from_encoded_children(d)),
                },
                0,
            );
        }
        for (i, (value, name_type)) in o.names.iter().enumerate() {
            push(
                A::Name(Name {
                    value,
                    name_type: *name_type,
                }),
                i,
            );
        }
        for (i, g) in o.groups.iter().enumerate() {
            push(A::ObjectGroup(g), i);
        }
        push(A::State(o.state), 0);
        push(A::InitialDate(o.initial_date), 0);
        if let Some(d) = o.activation_date {
            push(A::ActivationDate(d), 0);
        }
        if let Some(d) = o.deactivation_date {
            push(A::DeactivationDate(d), 0);
        }
        if let Some(d) = o.compromise_occurrence_date {
            push(A::CompromiseOccurrenceDate(d), 0);
        }
        if let Some(d) = o.compromise_date {
            push(A::CompromiseDate(d), 0);
        }
        if let Some((code, message)) = &o.revocation_reason {
            push(
                A::RevocationReason(RevocationReason {
                    code: *code,
                    message: message.as_deref(),
                }),
                0,
            );
        }
        if let Some(d) = o.destroy_date {
            push(A::DestroyDate(d), 0);
        }
        push(A::LastChangeDate(o.last_change_date), 0);
        let mut seen: Vec<&AttrKey> = Vec::new();
        for s in &o.extra {
            if seen.contains(&&s.key) {
                continue;
            }
            seen.push(&s.key);
            for (i, inst) in o.extra_of(&s.key).enumerate() {
                if let Some(v) = inst.value() {
                    push(v, i);
                }
            }
        }
        out
    }
}
