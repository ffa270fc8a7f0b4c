//! The lifecycle: Create, Register, Re-key, Get, Activate, Revoke, Destroy (KMIP 1.4 §3.22,
//! §4; the SKLC test cases).
//!
//! States: an object starts Pre-Active, or Active when its Activation Date has come; Activate
//! only from Pre-Active; Revoke moves an Active object to Deactivated, or any live object to
//! Compromised for Key Compromise / CA Compromise; Destroy refuses an Active object and
//! leaves Destroyed (or Destroyed Compromised), its attributes kept and its material wiped.

use kmipkit_core::kmip::ops::{
    ActivateRequest, ActivateResponse, CreateRequest, CreateResponse, DestroyRequest,
    DestroyResponse, GetRequest, GetResponse, ReKeyRequest, ReKeyResponse, RegisterRequest,
    RegisterResponse, RevokeRequest, RevokeResponse,
};
use kmipkit_core::kmip::{AttributeValue, KeyBlock, KeyMaterial, KeyValue, Link, Object, Uid};
use kmipkit_core::ttlv::{
    CryptographicAlgorithm, KeyFormatType, KeyWrapType, LinkType, ObjectType, RevocationReasonCode,
    State, Tag, UniqueIdentifierEnum,
};
use zeroize::Zeroizing;

use super::attributes::apply_initial;
use super::{date, encode_payload, state_name, Ctx, Success};
use crate::server::crypto::sha256;
use crate::server::fault::{fail, Fault, OpError};
use crate::server::store::{AttrKey, ManagedObject, Material, StoredAttribute};

const AES_KEY_BITS: [i32; 3] = [128, 192, 256];

fn destroyed(o: &ManagedObject) -> OpError {
    OpError::new(
        Fault::Destroyed,
        format!(
            "object {} was destroyed{}: its key material is gone (its attributes remain)",
            o.uid,
            o.destroy_date
                .map(|d| format!(" at {}", date(d)))
                .unwrap_or_default()
        ),
    )
}

fn link(link_type: LinkType, uid: &str) -> Result<StoredAttribute, OpError> {
    StoredAttribute::new(&AttributeValue::Link(Link {
        link_type,
        linked_object_identifier: Uid::Text(uid),
    }))
    .map_err(|e| OpError::new(Fault::GeneralFailure, format!("cannot record a Link: {e}")))
}

impl Ctx<'_> {
    fn random_bytes(&self, n: usize) -> Result<Zeroizing<Vec<u8>>, OpError> {
        let mut buf = Zeroizing::new(vec![0u8; n]);
        self.random
            .fill(&mut buf)
            .map_err(|e| OpError::new(Fault::GeneralFailure, e.to_string()))?;
        Ok(buf)
    }

    /// Stores a new object and records its Unique Identifier for the ID Placeholder.
    fn add(&mut self, mut o: ManagedObject, source: UniqueIdentifierEnum) -> String {
        o.settle(self.now);
        let id = self.store.insert(o);
        let uid = id.to_string();
        self.batch.set_placeholder(source, &uid);
        self.batch.returned(&uid);
        uid
    }

    pub(super) fn create(&mut self, r: &CreateRequest<'_>) -> Result<Success, OpError> {
        if r.object_type != ObjectType::SYMMETRIC_KEY {
            return fail(
                Fault::InvalidObjectType,
                format!(
                    "Create makes Symmetric Keys here, not {:?} (Register secret data instead)",
                    r.object_type
                ),
            );
        }
        if !r.template_attribute.template_names.is_empty() {
            return fail(
                Fault::FeatureNotSupported,
                "templates are not supported: give the attributes themselves",
            );
        }
        let mut o = ManagedObject::new(self.owner, ObjectType::SYMMETRIC_KEY, self.now);
        apply_initial(&mut o, &r.template_attribute.attributes)?;
        let Some(algorithm) = o.algorithm else {
            return fail(
                Fault::InvalidField,
                "Create needs the Cryptographic Algorithm attribute (AES)",
            );
        };
        if algorithm != CryptographicAlgorithm::AES {
            return fail(
                Fault::FeatureNotSupported,
                format!("this server creates AES keys only, not {algorithm:?}"),
            );
        }
        let bits = match o.length {
            Some(b) if AES_KEY_BITS.contains(&b) => b,
            Some(b) => {
                return fail(
                    Fault::InvalidField,
                    format!("an AES key has 128, 192 or 256 bits, not {b}"),
                )
            }
            None => {
                return fail(
                    Fault::InvalidField,
                    "Create needs the Cryptographic Length attribute (128, 192 or 256)",
                )
            }
        };
        self.check_names(&o.names, None)?;
        let key = self.random_bytes(usize::try_from(bits / 8).unwrap_or(32))?;
        o.digest = Some(sha256(&key));
        o.material = Some(Material::SymmetricKey {
            key,
            format: KeyFormatType::RAW,
        });
        let uid = self.add(o, UniqueIdentifierEnum::CREATE);
        self.respond(&CreateResponse {
            object_type: ObjectType::SYMMETRIC_KEY,
            unique_identifier: Uid::Text(&uid),
            template_attribute: None,
        })
    }

    pub(super) fn register(&mut self, r: &RegisterRequest<'_>) -> Result<Success, OpError> {
        if !r.template_attribute.template_names.is_empty() {
            return fail(
                Fault::FeatureNotSupported,
                "templates are not supported: give the attributes themselves",
            );
        }
        let (block, secret_type) = match &r.object {
            Object::SymmetricKey(kb) => (kb, None),
            Object::SecretData {
                secret_data_type,
                key_block,
            } => (key_block, Some(*secret_data_type)),
            other => {
                return fail(
                    Fault::InvalidObjectType,
                    format!(
                        "this server registers Symmetric Keys and Secret Data, not {:?}",
                        other.object_type()
                    ),
                )
            }
        };
        let object_type = r.object.object_type();
        if r.object_type != object_type {
            return fail(
                Fault::InvalidField,
                format!(
                    "Object Type says {:?} but the object is a {object_type:?}",
                    r.object_type
                ),
            );
        }
        if block.is_wrapped() {
            return fail(
                Fault::FeatureNotSupported,
                "wrapped key blocks cannot be registered here: register the plain key",
            );
        }
        if let Some(c) = block.key_compression_type {
            return fail(
                Fault::KeyCompressionTypeNotSupported,
                format!("Key Compression Type {c:?} is not supported"),
            );
        }
        let format = block.key_format_type;
        let allowed: &[KeyFormatType] = if secret_type.is_some() {
            &[KeyFormatType::RAW, KeyFormatType::OPAQUE]
        } else {
            &[KeyFormatType::RAW, KeyFormatType::TRANSPARENT_SYMMETRIC_KEY]
        };
        if !allowed.contains(&format) {
            return fail(
                Fault::KeyFormatTypeNotSupported,
                format!(
                    "{object_type:?} objects are registered here as {}, not {format:?}",
                    if secret_type.is_some() {
                        "Raw or Opaque"
                    } else {
                        "Raw or Transparent Symmetric Key"
                    }
                ),
            );
        }
        let Some(bytes) = block.plain_key() else {
            return fail(
                Fault::InvalidField,
                format!("the Key Material does not fit Key Format Type {format:?}"),
            );
        };
        if bytes.is_empty() {
            return fail(Fault::InvalidField, "the Key Material is empty");
        }
        let mut o = ManagedObject::new(self.owner, object_type, self.now);
        o.algorithm = block.cryptographic_algorithm;
        o.length = block.cryptographic_length;
        apply_initial(&mut o, &r.template_attribute.attributes)?;
        let bits = i32::try_from(bytes.len().saturating_mul(8)).unwrap_or(i32::MAX);
        if secret_type.is_none() {
            let Some(algorithm) = o.algorithm else {
                return fail(
                    Fault::InvalidField,
                    "a symmetric key needs its Cryptographic Algorithm (in the Key Block or the \
                     attributes)",
                );
            };
            match o.length {
                Some(l) if l != bits => {
                    return fail(
                        Fault::InvalidField,
                        format!("Cryptographic Length says {l} bits but the key has {bits}"),
                    )
                }
                _ => o.length = Some(bits),
            }
            if algorithm == CryptographicAlgorithm::AES && !AES_KEY_BITS.contains(&bits) {
                return fail(
                    Fault::InvalidField,
                    format!("an AES key has 128, 192 or 256 bits, not {bits}"),
                );
            }
        }
        self.check_names(&o.names, None)?;
        let material = Zeroizing::new(bytes.to_vec());
        o.digest = Some(sha256(&material));
        o.material = Some(match secret_type {
            None => Material::SymmetricKey {
                key: material,
                format,
            },
            Some(secret_data_type) => Material::SecretData {
                secret_data_type,
                data: material,
                format,
            },
        });
        let uid = self.add(o, UniqueIdentifierEnum::REGISTER);
        self.respond(&RegisterResponse {
            unique_identifier: Uid::Text(&uid),
            template_attribute: None,
        })
    }

    pub(super) fn rekey(&mut self, r: &ReKeyRequest<'_>) -> Result<Success, OpError> {
        let now = self.now;
        let id = self.target(r.unique_identifier)?;
        let old = self.obj(id)?.clone();
        if old.object_type != ObjectType::SYMMETRIC_KEY {
            return fail(
                Fault::InvalidObjectType,
                format!(
                    "object {} is not a symmetric key: Re-key applies to symmetric keys",
                    old.uid
                ),
            );
        }
        let Some(Material::SymmetricKey { key: old_key, .. }) = &old.material else {
            return Err(destroyed(&old));
        };
        let mut o = ManagedObject::new(self.owner, ObjectType::SYMMETRIC_KEY, now);
        o.algorithm = old.algorithm;
        o.length = old.length;
        o.usage_mask = old.usage_mask;
        o.groups = old.groups.clone();
        o.names = old.names.clone();
        let link_key = AttrKey::Tag(Tag::LINK.0);
        o.extra = old
            .extra
            .iter()
            .filter(|s| s.key != link_key)
            .cloned()
            .collect();
        // 1.4 §4.4: without an Offset, the new key keeps the old one's distance between
        // Initial Date and Activation Date; the lifetime to the Deactivation Date is kept.
        let offset = r.offset.map(i64::from).or_else(|| {
            old.activation_date
                .map(|a| a.saturating_sub(old.initial_date).max(0))
        });
        if let Some(off) = offset {
            o.activation_date = Some(now.saturating_add(off));
        }
        if let Some(d) = old.deactivation_date {
            let lifetime = d.saturating_sub(old.activation_date.unwrap_or(old.initial_date));
            o.deactivation_date = o.activation_date.map(|a| a.saturating_add(lifetime));
        }
        if let Some(t) = &r.template_attribute {
            if !t.template_names.is_empty() {
                return fail(
                    Fault::FeatureNotSupported,
                    "templates are not supported: give the attributes themselves",
                );
            }
            apply_initial(&mut o, &t.attributes)?;
        }
        if o.algorithm != old.algorithm || o.length != old.length {
            return fail(
                Fault::InvalidField,
                "Re-key makes a key of the same algorithm and length",
            );
        }
        self.check_names(&o.names, Some(id))?;
        let key = self.random_bytes(old_key.len())?;
        o.digest = Some(sha256(&key));
        o.material = Some(Material::SymmetricKey {
            key,
            format: KeyFormatType::RAW,
        });
        o.extra
            .push(link(LinkType::REPLACED_OBJECT_LINK, &old.uid)?);
        let uid = self.add(o, UniqueIdentifierEnum::RE_KEY);
        let replacement = link(LinkType::REPLACEMENT_OBJECT_LINK, &uid)?;
        let old = self.obj(id)?;
        // The names move to the replacement (1.4 §4.4).
        old.names.clear();
        old.extra.retain(|s| {
            !(s.key == link_key
                && matches!(
                    s.value(),
                    Some(AttributeValue::Link(l)) if l.link_type == LinkType::REPLACEMENT_OBJECT_LINK
                ))
        });
        old.extra.push(replacement);
        old.last_change_date = now;
        self.respond(&ReKeyResponse {
            unique_identifier: Uid::Text(&uid),
            template_attribute: None,
        })
    }

    pub(super) fn get(&mut self, r: &GetRequest<'_>) -> Result<Success, OpError> {
        let v = self.version;
        let id = self.target(r.unique_identifier)?;
        let o = self.obj(id)?;
        if r.key_wrapping_specification.is_some() {
            return fail(
                Fault::FeatureNotSupported,
                "this server does not wrap keys on Get (Key Wrapping Specification)",
            );
        }
        if let Some(c) = r.key_compression_type {
            return fail(
                Fault::KeyCompressionTypeNotSupported,
                format!("Key Compression Type {c:?} is not supported"),
            );
        }
        if let Some(w) = r.key_wrap_type {
            if w != KeyWrapType::NOT_WRAPPED && w != KeyWrapType::AS_REGISTERED {
                return fail(Fault::InvalidField, format!("unknown Key Wrap Type {w:?}"));
            }
        }
        let Some(material) = &o.material else {
            return Err(destroyed(o));
        };
        let stored_format = material.format();
        let format = r.key_format_type.unwrap_or(stored_format);
        let object = match material {
            Material::SymmetricKey { key, .. } => {
                let key_material = match format {
                    KeyFormatType::RAW => KeyMaterial::Bytes(key),
                    KeyFormatType::TRANSPARENT_SYMMETRIC_KEY => {
                        KeyMaterial::TransparentSymmetricKey(key)
                    }
                    other => {
                        return fail(
                            Fault::KeyFormatTypeNotSupported,
                            format!(
                                "object {} can be returned as Raw or Transparent Symmetric Key, \
                                 not {other:?}",
                                o.uid
                            ),
                        )
                    }
                };
                Object::SymmetricKey(KeyBlock {
                    key_format_type: format,
                    key_compression_type: None,
                    key_value: KeyValue::Structure {
                        key_material,
                        attributes: Default::default(),
                    },
                    cryptographic_algorithm: o.algorithm,
                    cryptographic_length: o.length,
                    key_wrapping_data: None,
                })
            }
            Material::SecretData {
                secret_data_type,
                data,
                ..
            } => {
                if format != KeyFormatType::RAW && format != KeyFormatType::OPAQUE {
                    return fail(
                        Fault::KeyFormatTypeNotSupported,
                        format!(
                            "object {} can be returned as Raw or Opaque, not {format:?}",
                            o.uid
                        ),
                    );
                }
                Object::SecretData {
                    secret_data_type: *secret_data_type,
                    key_block: KeyBlock {
                        key_format_type: format,
                        key_compression_type: None,
                        key_value: KeyValue::bytes(data),
                        cryptographic_algorithm: None,
                        cryptographic_length: None,
                        key_wrapping_data: None,
                    },
                }
            }
        };
        let payload = encode_payload(
            &GetResponse {
                object_type: o.object_type,
                unique_identifier: Uid::Text(&o.uid),
                object,
            },
            v,
        )?;
        let uid = o.uid.clone();
        self.batch.returned(&uid);
        Ok(Success { payload })
    }

    pub(super) fn activate(&mut self, r: &ActivateRequest<'_>) -> Result<Success, OpError> {
        let now = self.now;
        let id = self.target(r.unique_identifier)?;
        let o = self.obj(id)?;
        if o.state != State::PRE_ACTIVE {
            return fail(
                Fault::WrongState,
                format!(
                    "object {} is {}: only a Pre-Active object can be activated",
                    o.uid,
                    state_name(o.state)
                ),
            );
        }
        o.state = State::ACTIVE;
        o.activation_date = Some(now);
        o.last_change_date = now;
        let uid = o.uid.clone();
        self.batch.returned(&uid);
        self.respond(&ActivateResponse {
            unique_identifier: Uid::Text(&uid),
        })
    }

    pub(super) fn revoke(&mut self, r: &RevokeRequest<'_>) -> Result<Success, OpError> {
        let now = self.now;
        let code = r.revocation_reason.code;
        let compromise = code == RevocationReasonCode::KEY_COMPROMISE
            || code == RevocationReasonCode::CA_COMPROMISE;
        let id = self.target(r.unique_identifier)?;
        let o = self.obj(id)?;
        let uid = o.uid.clone();
        let state = o.state;
        if compromise {
            let Some(occurred) = r.compromise_occurrence_date else {
                return fail(
                    Fault::MissingData,
                    format!("Revoke for {code:?} needs the Compromise Occurrence Date"),
                );
            };
            o.state = match state {
                State::PRE_ACTIVE | State::ACTIVE | State::DEACTIVATED => State::COMPROMISED,
                State::DESTROYED => State::DESTROYED_COMPROMISED,
                other => {
                    return fail(
                        Fault::WrongState,
                        format!("object {uid} is already {}", state_name(other)),
                    )
                }
            };
            o.compromise_occurrence_date = Some(occurred);
            o.compromise_date = Some(now);
        } else {
            if state != State::ACTIVE {
                let hint = if state == State::PRE_ACTIVE {
                    ": it was never activated, so destroy it (or revoke it for Key Compromise if \
                     it was exposed)"
                } else {
                    ""
                };
                return fail(
                    Fault::WrongState,
                    format!(
                        "object {uid} is {}: only an Active object can be revoked for {code:?}{hint}",
                        state_name(state)
                    ),
                );
            }
            o.state = State::DEACTIVATED;
            o.deactivation_date = Some(now);
        }
        o.revocation_reason = Some((code, r.revocation_reason.message.map(str::to_owned)));
        o.last_change_date = now;
        self.batch.returned(&uid);
        self.respond(&RevokeResponse {
            unique_identifier: Uid::Text(&uid),
        })
    }

    pub(super) fn destroy(&mut self, r: &DestroyRequest<'_>) -> Result<Success, OpError> {
        let now = self.now;
        let id = self.target(r.unique_identifier)?;
        let o = self.obj(id)?;
        o.state = match o.state {
            State::ACTIVE => {
                return fail(
                    Fault::WrongState,
                    format!("object {} is Active: revoke it before destroying it", o.uid),
                )
            }
            State::PRE_ACTIVE | State::DEACTIVATED => State::DESTROYED,
            State::COMPROMISED => State::DESTROYED_COMPROMISED,
            _ => return Err(destroyed(o)),
        };
        // Dropping the material zeroizes it.
        o.material = None;
        o.destroy_date = Some(now);
        o.last_change_date = now;
        let uid = o.uid.clone();
        self.batch.returned(&uid);
        self.respond(&DestroyResponse {
            unique_identifier: Uid::Text(&uid),
        })
    }
}
