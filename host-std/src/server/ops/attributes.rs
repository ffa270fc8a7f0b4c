//! Attributes: setting them at creation, Get Attributes, Get Attribute List, Add, Modify,
//! Delete and Set Attribute, and Locate (which filters on them).

use kmipkit_core::kmip::ops::{
    AddAttributeRequest, AddAttributeResponse, DeleteAttributeRequest, DeleteAttributeResponse,
    GetAttributeListRequest, GetAttributeListResponse, GetAttributesRequest, GetAttributesResponse,
    LocateRequest, LocateResponse, ModifyAttributeRequest, ModifyAttributeResponse,
    SetAttributeRequest, SetAttributeResponse,
};
use kmipkit_core::kmip::{
    Attribute, AttributeList, AttributeReference, AttributeValue, Name, ProtocolVersion, Seq, Uid,
};
use kmipkit_core::ttlv::{State, StorageStatusMask, Tag, UniqueIdentifierEnum};

use super::{encode_payload, state_name, Ctx, Success};
use crate::server::attrs::{is_multi_valued, kind, Kind, View};
use crate::server::fault::{fail, Fault, OpError};
use crate::server::store::{AttrKey, ManagedObject, StoredAttribute};

/// The attribute's name for messages ("Activation Date", "x-Purpose").
pub(super) fn name_of(value: &AttributeValue<'_>) -> String {
    AttrKey::of(value).display()
}

fn read_only(value: &AttributeValue<'_>) -> OpError {
    OpError::new(
        Fault::ReadOnly,
        format!(
            "{} is set by the server; a client cannot set it",
            name_of(value)
        ),
    )
}

fn unsupported(value: &AttributeValue<'_>) -> OpError {
    let name = name_of(value);
    let hint = match value {
        AttributeValue::Custom(c) if c.vendor.is_empty() => {
            " (custom attributes are named x-…)".to_owned()
        }
        _ => String::new(),
    };
    OpError::new(
        Fault::UnsupportedAttribute,
        format!("{name} is not an attribute this server keeps{hint}"),
    )
}

fn stored(value: &AttributeValue<'_>) -> Result<StoredAttribute, OpError> {
    StoredAttribute::new(value).map_err(|e| {
        OpError::new(
            Fault::InvalidField,
            format!("{} cannot be kept: {e}", name_of(value)),
        )
    })
}

/// The kind of the attribute a key names.
fn kind_of_key(key: &AttrKey) -> Kind {
    match key {
        AttrKey::Vendor { vendor, .. } if vendor.is_empty() => Kind::Unsupported,
        AttrKey::Vendor { vendor, .. } if vendor == "y" => Kind::ReadOnly,
        AttrKey::Vendor { .. } => Kind::Multi,
        AttrKey::Tag(t) => match Tag(*t) {
            Tag::UNIQUE_IDENTIFIER
            | Tag::OBJECT_TYPE
            | Tag::STATE
            | Tag::INITIAL_DATE
            | Tag::LAST_CHANGE_DATE
            | Tag::COMPROMISE_DATE
            | Tag::COMPROMISE_OCCURRENCE_DATE
            | Tag::DESTROY_DATE
            | Tag::REVOCATION_REASON
            | Tag::FRESH
            | Tag::LEASE_TIME
            | Tag::DIGEST
            | Tag::ORIGINAL_CREATION_DATE
            | Tag::KEY_VALUE_PRESENT
            | Tag::ALWAYS_SENSITIVE
            | Tag::NEVER_EXTRACTABLE
            | Tag::RANDOM_NUMBER_GENERATOR
            | Tag::ARCHIVE_DATE => Kind::ReadOnly,
            Tag::NAME
            | Tag::OBJECT_GROUP
            | Tag::CRYPTOGRAPHIC_ALGORITHM
            | Tag::CRYPTOGRAPHIC_LENGTH
            | Tag::CRYPTOGRAPHIC_USAGE_MASK
            | Tag::ACTIVATION_DATE
            | Tag::DEACTIVATION_DATE => Kind::Typed,
            Tag::LINK | Tag::APPLICATION_SPECIFIC_INFORMATION | Tag::ALTERNATIVE_NAME => {
                Kind::Multi
            }
            Tag::CRYPTOGRAPHIC_PARAMETERS
            | Tag::CONTACT_INFORMATION
            | Tag::DESCRIPTION
            | Tag::COMMENT
            | Tag::PROCESS_START_DATE
            | Tag::PROTECT_STOP_DATE
            | Tag::SENSITIVE
            | Tag::EXTRACTABLE => Kind::Single,
            Tag::OPERATION_POLICY_NAME => Kind::Ignored,
            _ => Kind::Unsupported,
        },
    }
}

/// True when the object has at least one instance of the attribute.
fn has(o: &ManagedObject, key: &AttrKey) -> bool {
    match key {
        AttrKey::Tag(t) => match Tag(*t) {
            Tag::NAME => !o.names.is_empty(),
            Tag::OBJECT_GROUP => !o.groups.is_empty(),
            Tag::CRYPTOGRAPHIC_ALGORITHM => o.algorithm.is_some(),
            Tag::CRYPTOGRAPHIC_LENGTH => o.length.is_some(),
            Tag::CRYPTOGRAPHIC_USAGE_MASK => o.usage_mask.is_some(),
            Tag::ACTIVATION_DATE => o.activation_date.is_some(),
            Tag::DEACTIVATION_DATE => o.deactivation_date.is_some(),
            _ => o.extra_of(key).next().is_some(),
        },
        AttrKey::Vendor { .. } => o.extra_of(key).next().is_some(),
    }
}

/// Applies the attributes given to Create, Register or Re-key to a new object.
pub(super) fn apply_initial(
    o: &mut ManagedObject,
    attributes: &AttributeList<'_>,
) -> Result<(), OpError> {
    for a in attributes.iter() {
        let value = a.value;
        match kind(&value) {
            Kind::ReadOnly => match value {
                AttributeValue::ObjectType(t) if t == o.object_type => {}
                AttributeValue::ObjectType(t) => {
                    return fail(
                        Fault::InvalidField,
                        format!(
                            "the attributes say Object Type {t:?}, the request {:?}",
                            o.object_type
                        ),
                    )
                }
                _ => return Err(read_only(&value)),
            },
            Kind::Ignored => {}
            Kind::Unsupported => return Err(unsupported(&value)),
            Kind::Typed => match value {
                AttributeValue::Name(n) => {
                    if !o.names.iter().any(|(v, _)| v == n.value) {
                        o.names.push((n.value.to_owned(), n.name_type));
                    }
                }
                AttributeValue::ObjectGroup(g) => {
                    if !o.groups.iter().any(|x| x == g) {
                        o.groups.push(g.to_owned());
                    }
                }
                AttributeValue::CryptographicAlgorithm(x) => match o.algorithm {
                    Some(y) if y != x => {
                        return fail(
                            Fault::InvalidField,
                            format!(
                                "Cryptographic Algorithm {x:?} differs from the Key Block's {y:?}"
                            ),
                        )
                    }
                    _ => o.algorithm = Some(x),
                },
                AttributeValue::CryptographicLength(x) => match o.length {
                    Some(y) if y != x => {
                        return fail(
                            Fault::InvalidField,
                            format!("Cryptographic Length {x} differs from the Key Block's {y}"),
                        )
                    }
                    _ => o.length = Some(x),
                },
                AttributeValue::CryptographicUsageMask(m) => {
                    if o.usage_mask.is_some() {
                        return fail(
                            Fault::SingleValued,
                            "Cryptographic Usage Mask is given twice",
                        );
                    }
                    o.usage_mask = Some(m);
                }
                AttributeValue::ActivationDate(d) => o.activation_date = Some(d),
                AttributeValue::DeactivationDate(d) => o.deactivation_date = Some(d),
                _ => return Err(unsupported(&value)),
            },
            k @ (Kind::Multi | Kind::Single) => {
                let s = stored(&value)?;
                if k == Kind::Single && o.extra_of(&s.key).next().is_some() {
                    return fail(
                        Fault::SingleValued,
                        format!("{} is given twice", name_of(&value)),
                    );
                }
                o.extra.push(s);
            }
        }
    }
    Ok(())
}

/// A date only a Pre-Active object may change (SKLC-M-3: Modify Attribute of the Activation
/// Date of an Active key fails).
fn check_activation_change(o: &ManagedObject) -> Result<(), OpError> {
    if o.state == State::PRE_ACTIVE {
        Ok(())
    } else {
        fail(
            Fault::WrongState,
            format!(
                "object {} is {}: its Activation Date can no longer change",
                o.uid,
                state_name(o.state)
            ),
        )
    }
}

fn check_deactivation_change(o: &ManagedObject) -> Result<(), OpError> {
    if o.state == State::PRE_ACTIVE || o.state == State::ACTIVE {
        Ok(())
    } else {
        fail(
            Fault::WrongState,
            format!(
                "object {} is {}: its Deactivation Date can no longer change",
                o.uid,
                state_name(o.state)
            ),
        )
    }
}

/// Sets one of the single-valued typed attributes that Add Attribute and Modify Attribute
/// both change (Cryptographic Usage Mask, Activation Date, Deactivation Date): Add needs it
/// absent (`exists == false`), Modify present (`true`); otherwise `mismatch` is the error.
/// The date changes go through the same lifecycle checks either way. `Ok(None)` when
/// `value` is none of these attributes.
fn set_single(
    o: &mut ManagedObject,
    value: AttributeValue<'_>,
    exists: bool,
    mismatch: impl FnOnce(&ManagedObject) -> OpError,
) -> Result<Option<usize>, OpError> {
    let present = match value {
        AttributeValue::CryptographicUsageMask(_) => o.usage_mask.is_some(),
        AttributeValue::ActivationDate(_) => o.activation_date.is_some(),
        AttributeValue::DeactivationDate(_) => o.deactivation_date.is_some(),
        _ => return Ok(None),
    };
    if present != exists {
        return Err(mismatch(o));
    }
    match value {
        AttributeValue::CryptographicUsageMask(m) => o.usage_mask = Some(m),
        AttributeValue::ActivationDate(d) => {
            check_activation_change(o)?;
            o.activation_date = Some(d);
        }
        AttributeValue::DeactivationDate(d) => {
            check_deactivation_change(o)?;
            o.deactivation_date = Some(d);
        }
        _ => return Ok(None),
    }
    Ok(Some(0))
}

fn check_not_destroyed(o: &ManagedObject) -> Result<(), OpError> {
    if o.is_destroyed() {
        return fail(
            Fault::WrongState,
            format!(
                "object {} is {}: its attributes can no longer change",
                o.uid,
                state_name(o.state)
            ),
        );
    }
    Ok(())
}

/// A 1.x Attribute Index as the response carries it (absent for 0).
fn index_field(version: ProtocolVersion, i: usize) -> Option<i32> {
    if version.is_v2() || i == 0 {
        None
    } else {
        i32::try_from(i).ok()
    }
}

/// Which instance a Modify or Delete means: the 1.x index, or the 2.x Current Attribute's
/// value, or the first.
enum Instance<'r> {
    Index(usize),
    Value(AttributeValue<'r>),
}

fn pick(
    instances: &[Vec<u8>],
    which: &Instance<'_>,
    name: &str,
    uid: &str,
) -> Result<usize, OpError> {
    if instances.is_empty() {
        return fail(
            Fault::AttributeNotFound,
            format!("object {uid} has no {name}"),
        );
    }
    match which {
        Instance::Index(i) if *i < instances.len() => Ok(*i),
        Instance::Index(i) => fail(
            Fault::AttributeInstanceNotFound,
            format!(
                "object {uid} has {} {name} instance(s); there is no index {i}",
                instances.len()
            ),
        ),
        Instance::Value(v) => {
            let wanted = stored(v)?.encoded;
            instances.iter().position(|x| *x == wanted).ok_or_else(|| {
                OpError::new(
                    Fault::AttributeInstanceNotFound,
                    format!("object {uid} has no {name} with the Current Attribute's value"),
                )
            })
        }
    }
}

/// The encodings of an object's instances of a typed multi-valued attribute, to pick one.
fn typed_instances(o: &ManagedObject, tag: Tag) -> Vec<Vec<u8>> {
    let encode = |v: AttributeValue<'_>| stored(&v).map(|s| s.encoded).unwrap_or_default();
    match tag {
        Tag::NAME => o
            .names
            .iter()
            .map(|(value, name_type)| {
                encode(AttributeValue::Name(Name {
                    value,
                    name_type: *name_type,
                }))
            })
            .collect(),
        Tag::OBJECT_GROUP => o
            .groups
            .iter()
            .map(|g| encode(AttributeValue::ObjectGroup(g)))
            .collect(),
        _ => Vec::new(),
    }
}

fn extra_positions(o: &ManagedObject, key: &AttrKey) -> Vec<usize> {
    o.extra
        .iter()
        .enumerate()
        .filter(|(_, s)| &s.key == key)
        .map(|(i, _)| i)
        .collect()
}

/// One Locate criterion.
enum Criterion<'r> {
    Value(AttributeValue<'r>),
    Uid(String),
    Dates(Tag, Vec<i64>),
}

fn date_of(value: &AttributeValue<'_>) -> Option<i64> {
    use AttributeValue as A;
    match *value {
        A::InitialDate(d)
        | A::ActivationDate(d)
        | A::DeactivationDate(d)
        | A::CompromiseDate(d)
        | A::CompromiseOccurrenceDate(d)
        | A::DestroyDate(d)
        | A::LastChangeDate(d)
        | A::ProcessStartDate(d)
        | A::ProtectStopDate(d) => Some(d),
        _ => None,
    }
}

impl Ctx<'_> {
    /// The id of the object an item is about (checked: it exists and is this client's).
    pub(super) fn target(&mut self, uid: Option<Uid<'_>>) -> Result<u64, OpError> {
        self.object(uid).map(|o| o.id)
    }

    /// The object `id` (already checked by [`Ctx::target`]).
    pub(super) fn obj(&mut self, id: u64) -> Result<&mut ManagedObject, OpError> {
        self.store
            .get_mut(id)
            .ok_or_else(|| OpError::new(Fault::NotFound, format!("object {id} is gone")))
    }

    /// Refuses a Name another live object of this client already has.
    pub(super) fn check_names(
        &self,
        names: &[(String, kmipkit_core::ttlv::NameType)],
        except: Option<u64>,
    ) -> Result<(), OpError> {
        for (n, _) in names {
            if let Some(holder) = self.store.name_holder(self.owner, n, except) {
                return fail(
                    Fault::NonUniqueName,
                    format!("the name '{n}' is already used by object {holder}"),
                );
            }
        }
        Ok(())
    }

    pub(super) fn get_attributes(
        &mut self,
        r: &GetAttributesRequest<'_>,
    ) -> Result<Success, OpError> {
        let v = self.version;
        let refs: Vec<AttributeReference<'_>> = r.attribute_references.iter().collect();
        let keys: Vec<AttrKey> = refs.iter().map(AttrKey::of_reference).collect();
        for (i, k) in keys.iter().enumerate() {
            if keys[..i].contains(k) {
                return fail(
                    Fault::InvalidField,
                    format!("the attribute {} is asked for twice", k.display()),
                );
            }
        }
        let id = self.target(r.unique_identifier)?;
        let o = self.obj(id)?;
        let view = View::new(o, v);
        let all = view.attributes();
        let chosen: Vec<Attribute<'_>> = if keys.is_empty() {
            all
        } else {
            all.into_iter()
                .filter(|a| keys.contains(&AttrKey::of(&a.value)))
                .collect()
        };
        let payload = encode_payload(
            &GetAttributesResponse {
                unique_identifier: Uid::Text(&o.uid),
                attributes: Seq::from_slice(&chosen),
            },
            v,
        )?;
        let uid = o.uid.clone();
        self.batch.returned(&uid);
        Ok(Success { payload })
    }

    pub(super) fn get_attribute_list(
        &mut self,
        r: &GetAttributeListRequest<'_>,
    ) -> Result<Success, OpError> {
        let v = self.version;
        let id = self.target(r.unique_identifier)?;
        let o = self.obj(id)?;
        let view = View::new(o, v);
        let mut keys: Vec<AttrKey> = Vec::new();
        for a in view.attributes() {
            let k = AttrKey::of(&a.value);
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        let refs: Vec<AttributeReference<'_>> = keys.iter().map(AttrKey::reference).collect();
        let payload = encode_payload(
            &GetAttributeListResponse {
                unique_identifier: Uid::Text(&o.uid),
                attribute_references: Seq::from_slice(&refs),
            },
            v,
        )?;
        let uid = o.uid.clone();
        self.batch.returned(&uid);
        Ok(Success { payload })
    }

    pub(super) fn add_attribute(
        &mut self,
        r: &AddAttributeRequest<'_>,
    ) -> Result<Success, OpError> {
        let (v, now) = (self.version, self.now);
        let value = r.attribute.value;
        let key = AttrKey::of(&value);
        let id = self.target(r.unique_identifier)?;
        check_not_destroyed(self.obj(id)?)?;
        if let AttributeValue::Name(n) = value {
            self.check_names(&[(n.value.to_owned(), n.name_type)], Some(id))?;
        }
        let o = self.obj(id)?;
        let single_exists = |o: &ManagedObject| {
            OpError::new(
                Fault::SingleValued,
                format!(
                    "object {} already has a {}: use Modify Attribute",
                    o.uid,
                    key.display()
                ),
            )
        };
        let index = match kind(&value) {
            Kind::ReadOnly => return Err(read_only(&value)),
            Kind::Unsupported => return Err(unsupported(&value)),
            Kind::Ignored => 0,
            Kind::Typed => match value {
                AttributeValue::Name(n) => {
                    if o.names.iter().any(|(x, _)| x == n.value) {
                        return fail(
                            Fault::NonUniqueName,
                            format!("object {} already has the name '{}'", o.uid, n.value),
                        );
                    }
                    o.names.push((n.value.to_owned(), n.name_type));
                    o.names.len() - 1
                }
                AttributeValue::ObjectGroup(g) => {
                    o.groups.push(g.to_owned());
                    o.groups.len() - 1
                }
                AttributeValue::CryptographicAlgorithm(_)
                | AttributeValue::CryptographicLength(_) => {
                    return fail(
                        Fault::ReadOnly,
                        format!("{} is fixed when the object is made", key.display()),
                    )
                }
                other => match set_single(o, other, false, single_exists)? {
                    Some(i) => i,
                    None => return Err(unsupported(&value)),
                },
            },
            k @ (Kind::Multi | Kind::Single) => {
                let s = stored(&value)?;
                let count = o.extra_of(&key).count();
                if k == Kind::Single && count > 0 {
                    return Err(single_exists(o));
                }
                o.extra.push(s);
                count
            }
        };
        o.last_change_date = now;
        o.settle(now);
        let echoed = Attribute {
            index: index_field(v, index),
            value,
        };
        let payload = encode_payload(
            &AddAttributeResponse {
                unique_identifier: Uid::Text(&o.uid),
                attribute: (!v.is_v2()).then_some(echoed),
            },
            v,
        )?;
        let uid = o.uid.clone();
        self.batch.returned(&uid);
        Ok(Success { payload })
    }

    pub(super) fn modify_attribute(
        &mut self,
        r: &ModifyAttributeRequest<'_>,
    ) -> Result<Success, OpError> {
        let (v, now) = (self.version, self.now);
        let value = r.attribute.value;
        let key = AttrKey::of(&value);
        let which = match (&r.current_attribute, r.attribute.index) {
            (Some(c), _) => Instance::Value(c.value),
            (None, Some(i)) => Instance::Index(usize::try_from(i).unwrap_or(usize::MAX)),
            (None, None) => Instance::Index(0),
        };
        if let Instance::Value(c) = &which {
            if AttrKey::of(c) != key {
                return fail(
                    Fault::InvalidField,
                    "Current Attribute and New Attribute name different attributes",
                );
            }
        }
        let id = self.target(r.unique_identifier)?;
        check_not_destroyed(self.obj(id)?)?;
        if let AttributeValue::Name(n) = value {
            self.check_names(&[(n.value.to_owned(), n.name_type)], Some(id))?;
        }
        let o = self.obj(id)?;
        let name = key.display();
        let absent = |o: &ManagedObject| {
            OpError::new(
                Fault::AttributeNotFound,
                format!("object {} has no {name}: use Add Attribute", o.uid),
            )
        };
        let index = match kind(&value) {
            Kind::ReadOnly => return Err(read_only(&value)),
            Kind::Unsupported => return Err(unsupported(&value)),
            Kind::Ignored => 0,
            Kind::Typed => match value {
                AttributeValue::Name(n) => {
                    let i = pick(&typed_instances(o, Tag::NAME), &which, &name, &o.uid)?;
                    o.names[i] = (n.value.to_owned(), n.name_type);
                    i
                }
                AttributeValue::ObjectGroup(g) => {
                    let i = pick(
                        &typed_instances(o, Tag::OBJECT_GROUP),
                        &which,
                        &name,
                        &o.uid,
                    )?;
                    o.groups[i] = g.to_owned();
                    i
                }
                AttributeValue::CryptographicAlgorithm(_)
                | AttributeValue::CryptographicLength(_) => {
                    return fail(
                        Fault::ReadOnly,
                        format!("{name} is fixed when the object is made"),
                    )
                }
                other => match set_single(o, other, true, absent)? {
                    Some(i) => i,
                    None => return Err(unsupported(&value)),
                },
            },
            Kind::Multi | Kind::Single => {
                let positions = extra_positions(o, &key);
                let encodings: Vec<Vec<u8>> = positions
                    .iter()
                    .map(|p| o.extra[*p].encoded.clone())
                    .collect();
                let i = pick(&encodings, &which, &name, &o.uid)?;
                o.extra[positions[i]] = stored(&value)?;
                i
            }
        };
        o.last_change_date = now;
        o.settle(now);
        let echoed = Attribute {
            index: index_field(v, index),
            value,
        };
        let payload = encode_payload(
            &ModifyAttributeResponse {
                unique_identifier: Uid::Text(&o.uid),
                attribute: (!v.is_v2()).then_some(echoed),
            },
            v,
        )?;
        let uid = o.uid.clone();
        self.batch.returned(&uid);
        Ok(Success { payload })
    }

    pub(super) fn delete_attribute(
        &mut self,
        r: &DeleteAttributeRequest<'_>,
    ) -> Result<Success, OpError> {
        let (v, now) = (self.version, self.now);
        let (key, which, all) = match (&r.current_attribute, &r.attribute_reference) {
            (Some(c), _) => (AttrKey::of(&c.value), Instance::Value(c.value), false),
            (None, Some(reference)) if v.is_v2() => {
                (AttrKey::of_reference(reference), Instance::Index(0), true)
            }
            (None, Some(reference)) => (
                AttrKey::of_reference(reference),
                Instance::Index(
                    r.attribute_index
                        .map_or(0, |i| usize::try_from(i).unwrap_or(usize::MAX)),
                ),
                false,
            ),
            (None, None) => {
                return fail(
                    Fault::MissingData,
                    "Delete Attribute needs a Current Attribute or an Attribute Reference",
                )
            }
        };
        let name = key.display();
        let id = self.target(r.unique_identifier)?;
        let o = self.obj(id)?;
        check_not_destroyed(o)?;
        let kind = kind_of_key(&key);
        let fixed = matches!(
            &key,
            AttrKey::Tag(t) if matches!(Tag(*t), Tag::CRYPTOGRAPHIC_ALGORITHM | Tag::CRYPTOGRAPHIC_LENGTH | Tag::CRYPTOGRAPHIC_USAGE_MASK)
        );
        if kind == Kind::ReadOnly || fixed {
            return fail(Fault::ReadOnly, format!("{name} cannot be deleted"));
        }
        if kind == Kind::Unsupported || kind == Kind::Ignored || !has(o, &key) {
            return fail(
                Fault::AttributeNotFound,
                format!("object {} has no {name}", o.uid),
            );
        }
        // The deleted instance, owned, for the 1.x answer.
        let mut removed: Option<(usize, StoredAttribute)> = None;
        match &key {
            AttrKey::Tag(t) if Tag(*t) == Tag::NAME || Tag(*t) == Tag::OBJECT_GROUP => {
                let tag = Tag(*t);
                let encodings = typed_instances(o, tag);
                let picked: Vec<usize> = if all {
                    (0..encodings.len()).rev().collect()
                } else {
                    vec![pick(&encodings, &which, &name, &o.uid)?]
                };
                for i in picked {
                    let gone = if tag == Tag::NAME {
                        let (value, name_type) = o.names.remove(i);
                        stored(&AttributeValue::Name(Name {
                            value: &value,
                            name_type,
                        }))?
                    } else {
                        let g = o.groups.remove(i);
                        stored(&AttributeValue::ObjectGroup(&g))?
                    };
                    removed = Some((i, gone));
                }
            }
            AttrKey::Tag(t) if Tag(*t) == Tag::ACTIVATION_DATE => {
                check_activation_change(o)?;
                let d = o.activation_date.take().unwrap_or_default();
                removed = Some((0, stored(&AttributeValue::ActivationDate(d))?));
            }
            AttrKey::Tag(t) if Tag(*t) == Tag::DEACTIVATION_DATE => {
                check_deactivation_change(o)?;
                let d = o.deactivation_date.take().unwrap_or_default();
                removed = Some((0, stored(&AttributeValue::DeactivationDate(d))?));
            }
            _ => {
                let positions = extra_positions(o, &key);
                let encodings: Vec<Vec<u8>> = positions
                    .iter()
                    .map(|p| o.extra[*p].encoded.clone())
                    .collect();
                let picked: Vec<usize> = if all {
                    (0..positions.len()).rev().collect()
                } else {
                    vec![pick(&encodings, &which, &name, &o.uid)?]
                };
                for i in picked {
                    removed = Some((i, o.extra.remove(positions[i])));
                }
            }
        }
        o.last_change_date = now;
        let echoed = match (&removed, v.is_v2()) {
            (Some((i, s)), false) => s.value().map(|value| Attribute {
                index: index_field(v, *i),
                value,
            }),
            _ => None,
        };
        let payload = encode_payload(
            &DeleteAttributeResponse {
                unique_identifier: Uid::Text(&o.uid),
                attribute: echoed,
            },
            v,
        )?;
        let uid = o.uid.clone();
        self.batch.returned(&uid);
        Ok(Success { payload })
    }

    pub(super) fn set_attribute(
        &mut self,
        r: &SetAttributeRequest<'_>,
    ) -> Result<Success, OpError> {
        let (v, now) = (self.version, self.now);
        let value = r.new_attribute.value;
        let key = AttrKey::of(&value);
        let id = self.target(r.unique_identifier)?;
        let o = self.obj(id)?;
        check_not_destroyed(o)?;
        match kind(&value) {
            Kind::ReadOnly => return Err(read_only(&value)),
            Kind::Unsupported => return Err(unsupported(&value)),
            _ if is_multi_valued(&key) => {
                return fail(
                    Fault::MultiValued,
                    format!(
                        "{} may have several values: use Add, Modify or Delete Attribute",
                        key.display()
                    ),
                )
            }
            Kind::Ignored => {}
            Kind::Typed => match value {
                AttributeValue::CryptographicAlgorithm(_)
                | AttributeValue::CryptographicLength(_) => {
                    return fail(
                        Fault::ReadOnly,
                        format!("{} is fixed when the object is made", key.display()),
                    )
                }
                AttributeValue::CryptographicUsageMask(m) => o.usage_mask = Some(m),
                AttributeValue::ActivationDate(d) => {
                    check_activation_change(o)?;
                    o.activation_date = Some(d);
                }
                AttributeValue::DeactivationDate(d) => {
                    check_deactivation_change(o)?;
                    o.deactivation_date = Some(d);
                }
                _ => return Err(unsupported(&value)),
            },
            Kind::Multi | Kind::Single => {
                let s = stored(&value)?;
                match o.extra.iter().position(|x| x.key == key) {
                    Some(p) => o.extra[p] = s,
                    None => o.extra.push(s),
                }
            }
        }
        o.last_change_date = now;
        o.settle(now);
        let payload = encode_payload(
            &SetAttributeResponse {
                unique_identifier: Uid::Text(&o.uid),
            },
            v,
        )?;
        let uid = o.uid.clone();
        self.batch.returned(&uid);
        Ok(Success { payload })
    }

    pub(super) fn locate(&mut self, r: &LocateRequest<'_>) -> Result<Success, OpError> {
        let (v, now) = (self.version, self.now);
        let mut criteria: Vec<Criterion<'_>> = Vec::new();
        for a in r.attributes.iter() {
            let value = a.value;
            if let Some(d) = date_of(&value) {
                let tag = value.tag();
                match criteria
                    .iter_mut()
                    .find(|c| matches!(c, Criterion::Dates(t, _) if *t == tag))
                {
                    Some(Criterion::Dates(_, ds)) => ds.push(d),
                    _ => criteria.push(Criterion::Dates(tag, vec![d])),
                }
            } else if let AttributeValue::UniqueIdentifier(u) = value {
                criteria.push(Criterion::Uid(self.resolve(Some(u))?));
            } else {
                criteria.push(Criterion::Value(value));
            }
        }
        let wanted: Vec<(Criterion<'_>, Option<Vec<u8>>)> = criteria
            .into_iter()
            .map(|c| {
                let enc = match &c {
                    Criterion::Value(v) => StoredAttribute::new(v).ok().map(|s| s.encoded),
                    Criterion::Uid(_) | Criterion::Dates(..) => None,
                };
                (c, enc)
            })
            .collect();
        let mask = r
            .storage_status_mask
            .filter(|m| m.0 != 0)
            .unwrap_or(StorageStatusMask::ON_LINE_STORAGE);
        let owner = self.owner;
        for o in self.store.iter_mut() {
            o.settle(now);
        }
        let matches: Vec<&ManagedObject> = self
            .store
            .iter()
            .filter(|o| o.owner == owner)
            .filter(|o| {
                if o.is_destroyed() {
                    mask.contains(StorageStatusMask::DESTROYED_STORAGE)
                } else {
                    mask.contains(StorageStatusMask::ON_LINE_STORAGE)
                }
            })
            .filter(|o| wanted.iter().all(|(c, enc)| matches(o, c, enc.as_deref())))
            .collect();
        let located = matches.len();
        let offset = r
            .offset_items
            .map_or(0, |x| usize::try_from(x).unwrap_or(0));
        let max = r
            .maximum_items
            .map_or(usize::MAX, |x| usize::try_from(x).unwrap_or(0));
        let page: Vec<String> = matches
            .iter()
            .skip(offset)
            .take(max)
            .map(|o| o.uid.clone())
            .collect();
        let uids: Vec<Uid<'_>> = page.iter().map(|u| Uid::Text(u)).collect();
        let with_count = v.is_v2() || v >= ProtocolVersion::V1_3;
        let payload = encode_payload(
            &LocateResponse {
                located_items: with_count.then(|| i32::try_from(located).unwrap_or(i32::MAX)),
                unique_identifiers: Seq::from_slice(&uids),
            },
            v,
        )?;
        if let Some(first) = page.first() {
            self.batch
                .set_placeholder(UniqueIdentifierEnum::LOCATE, first);
        }
        for u in &page {
            self.batch.returned(u);
        }
        Ok(Success { payload })
    }
}

/// Whether object `o` meets one Locate criterion.
fn matches(o: &ManagedObject, c: &Criterion<'_>, encoded: Option<&[u8]>) -> bool {
    use AttributeValue as A;
    match c {
        Criterion::Uid(u) => o.uid == *u,
        Criterion::Dates(tag, ds) => {
            let Some(d) = o.date(*tag) else {
                return false;
            };
            match ds.as_slice() {
                [one] => d == *one,
                many => {
                    let lo = many.iter().copied().min().unwrap_or(i64::MIN);
                    let hi = many.iter().copied().max().unwrap_or(i64::MAX);
                    lo <= d && d <= hi
                }
            }
        }
        Criterion::Value(value) => match *value {
            A::Name(n) => o
                .names
                .iter()
                .any(|(v, t)| v == n.value && *t == n.name_type),
            A::ObjectType(t) => o.object_type == t,
            A::State(s) => o.state == s,
            A::ObjectGroup(g) => o.groups.iter().any(|x| x == g),
            A::CryptographicAlgorithm(a) => o.algorithm == Some(a),
            A::CryptographicLength(l) => o.length == Some(l),
            A::CryptographicUsageMask(m) => o.usage_mask.is_some_and(|x| x.contains(m)),
            A::RevocationReason(r) => o
                .revocation_reason
                .as_ref()
                .is_some_and(|(code, _)| *code == r.code),
            _ => {
                let key = AttrKey::of(value);
                match encoded {
                    Some(e) => o.extra_of(&key).any(|s| s.encoded == e),
                    None => false,
                }
            }
        },
    }
}
