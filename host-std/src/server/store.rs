//! The objects the server manages: their material, lifecycle state and dates, and attributes.
//!
//! The attributes with meaning for the server (state, dates, algorithm, names, groups, …) are
//! typed fields. Every other attribute a client sets (Description, Link, Cryptographic
//! Parameters, custom `x-…` attributes, …) is kept as the client gave it, as its KMIP 2.x
//! encoding (the attribute under its own tag, or a vendor `Attribute`): the core decodes it
//! again and writes it in whichever dialect a later request speaks. So there is one
//! implementation of every attribute's encoding, the core's.

use std::collections::BTreeMap;
use std::fmt;

use kmipkit_core::kmip::{Attribute, AttributeReference, AttributeValue, ProtocolVersion};
use kmipkit_core::ttlv::{
    self, CryptographicAlgorithm, CryptographicUsageMask, Encoder, KeyFormatType, NameType,
    ObjectType, RevocationReasonCode, SecretDataType, State, Tag,
};
use zeroize::Zeroizing;

/// The dialect stored attributes are encoded in.
pub(crate) const STORED_DIALECT: ProtocolVersion = ProtocolVersion::V2_1;

/// What an object holds until it is destroyed. Zeroized when dropped.
#[derive(Clone)]
pub enum Material {
    /// A symmetric key's bytes, and the Key Format Type it was created or registered in.
    SymmetricKey {
        /// The key.
        key: Zeroizing<Vec<u8>>,
        /// Raw or Transparent Symmetric Key.
        format: KeyFormatType,
    },
    /// Secret data (a password, a seed).
    SecretData {
        /// Password, Seed, ….
        secret_data_type: SecretDataType,
        /// The bytes.
        data: Zeroizing<Vec<u8>>,
        /// Raw or Opaque.
        format: KeyFormatType,
    },
}

impl Material {
    /// The secret bytes.
    pub fn bytes(&self) -> &[u8] {
        match self {
            Material::SymmetricKey { key, .. } => key,
            Material::SecretData { data, .. } => data,
        }
    }

    /// The Key Format Type it was created or registered in.
    pub fn format(&self) -> KeyFormatType {
        match self {
            Material::SymmetricKey { format, .. } | Material::SecretData { format, .. } => *format,
        }
    }
}

impl fmt::Debug for Material {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Material::SymmetricKey { key, format } => write!(
                f,
                "SymmetricKey {{ {} bytes <redacted>, {format:?} }}",
                key.len()
            ),
            Material::SecretData {
                secret_data_type,
                data,
                format,
            } => write!(
                f,
                "SecretData {{ {secret_data_type:?}, {} bytes <redacted>, {format:?} }}",
                data.len()
            ),
        }
    }
}

/// Names an attribute the server keeps for a client: by tag, or a vendor (1.x custom)
/// attribute by vendor and name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AttrKey {
    /// A standard attribute.
    Tag(u32),
    /// A vendor attribute (`x-Name` in 1.x is vendor `x`, name `Name`).
    Vendor {
        /// Vendor Identification.
        vendor: String,
        /// Attribute Name.
        name: String,
    },
}

impl AttrKey {
    /// The key of an attribute value.
    pub fn of(value: &AttributeValue<'_>) -> AttrKey {
        match value {
            AttributeValue::Custom(c) => AttrKey::Vendor {
                vendor: c.vendor.to_owned(),
                name: c.name.to_owned(),
            },
            other => AttrKey::Tag(other.tag().0),
        }
    }

    /// The key a reference designates.
    pub fn of_reference(reference: &AttributeReference<'_>) -> AttrKey {
        match reference {
            AttributeReference::Tag(t) => AttrKey::Tag(t.0),
            AttributeReference::Vendor { vendor, name } => AttrKey::Vendor {
                vendor: (*vendor).to_owned(),
                name: (*name).to_owned(),
            },
        }
    }

    /// The reference that names it.
    pub fn reference(&self) -> AttributeReference<'_> {
        match self {
            AttrKey::Tag(t) => AttributeReference::Tag(Tag(*t)),
            AttrKey::Vendor { vendor, name } => AttributeReference::Vendor { vendor, name },
        }
    }

    /// A readable name: the 1.x Attribute Name.
    pub fn display(&self) -> String {
        match self {
            AttrKey::Tag(t) => Tag(*t)
                .spec_name()
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{:?}", Tag(*t))),
            AttrKey::Vendor { vendor, name } if vendor.is_empty() => name.clone(),
            AttrKey::Vendor { vendor, name } => format!("{vendor}-{name}"),
        }
    }
}

/// An attribute kept as the client gave it: its key and its KMIP 2.x encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAttribute {
    /// Which attribute.
    pub key: AttrKey,
    /// The attribute encoded in KMIP 2.1 (under its own tag, or a vendor `Attribute`).
    pub encoded: Vec<u8>,
}

impl StoredAttribute {
    /// Encodes an attribute value for keeping. Fails for values KMIP 2.x cannot carry (a 1.x
    /// custom attribute without `x-`/`y-` prefix, Operation Policy Name).
    pub fn new(value: &AttributeValue<'_>) -> Result<StoredAttribute, kmipkit_core::kmip::Error> {
        let mut enc = Encoder::for_vec();
        Attribute::new(*value).encode(&mut enc, STORED_DIALECT)?;
        Ok(StoredAttribute {
            key: AttrKey::of(value),
            encoded: enc.into_sink(),
        })
    }

    /// The attribute, decoded again (`None` only if the bytes were damaged, e.g. in a file
    /// edited by hand).
    pub fn value(&self) -> Option<AttributeValue<'_>> {
        let item = ttlv::decode(&self.encoded).ok()?;
        Attribute::decode(item, STORED_DIALECT)
            .ok()
            .map(|a| a.value)
    }
}

/// A managed object.
#[derive(Clone, Debug)]
pub struct ManagedObject {
    /// The number behind its Unique Identifier.
    pub id: u64,
    /// Its Unique Identifier: the number in decimal (`"7"`), as PyKMIP does.
    pub uid: String,
    /// The client certificate CN of its creator; only that client may use it.
    pub owner: String,
    /// Symmetric Key or Secret Data.
    pub object_type: ObjectType,
    /// The key or secret; `None` once destroyed.
    pub material: Option<Material>,
    /// Cryptographic Algorithm.
    pub algorithm: Option<CryptographicAlgorithm>,
    /// Cryptographic Length, bits.
    pub length: Option<i32>,
    /// Cryptographic Usage Mask.
    pub usage_mask: Option<CryptographicUsageMask>,
    /// State.
    pub state: State,
    /// Initial Date.
    pub initial_date: i64,
    /// Last Change Date.
    pub last_change_date: i64,
    /// Activation Date.
    pub activation_date: Option<i64>,
    /// Deactivation Date.
    pub deactivation_date: Option<i64>,
    /// Compromise Occurrence Date.
    pub compromise_occurrence_date: Option<i64>,
    /// Compromise Date.
    pub compromise_date: Option<i64>,
    /// Destroy Date.
    pub destroy_date: Option<i64>,
    /// Revocation Reason: code and message.
    pub revocation_reason: Option<(RevocationReasonCode, Option<String>)>,
    /// Names (value, type).
    pub names: Vec<(String, NameType)>,
    /// Object Groups.
    pub groups: Vec<String>,
    /// SHA-256 of the key or secret bytes (the Digest attribute, kept after destruction).
    pub digest: Option<[u8; 32]>,
    /// Every other attribute, as the client gave it.
    pub extra: Vec<StoredAttribute>,
    /// The size last counted into [`Store::bytes`].
    pub(crate) accounted: usize,
}

impl ManagedObject {
    /// A new object of `object_type` for `owner`, Pre-Active, created `now`.
    pub fn new(owner: &str, object_type: ObjectType, now: i64) -> ManagedObject {
        ManagedObject {
            id: 0,
            uid: String::new(),
            owner: owner.to_owned(),
            object_type,
            material: None,
            algorithm: None,
            length: None,
            usage_mask: None,
            state: State::PRE_ACTIVE,
            initial_date: now,
            last_change_date: now,
            activation_date: None,
            deactivation_date: None,
            compromise_occurrence_date: None,
            compromise_date: None,
            destroy_date: None,
            revocation_reason: None,
            names: Vec::new(),
            groups: Vec::new(),
            digest: None,
            extra: Vec::new(),
            accounted: 0,
        }
    }

    /// Roughly how many bytes of memory the object holds (for the store's budget).
    pub fn approx_size(&self) -> usize {
        let material = self.material.as_ref().map_or(0, |m| m.bytes().len());
        let names: usize = self.names.iter().map(|(n, _)| n.len() + 32).sum();
        let groups: usize = self.groups.iter().map(|g| g.len() + 24).sum();
        let extra: usize = self.extra.iter().map(|e| e.encoded.len() + 64).sum();
        let reason = self
            .revocation_reason
            .as_ref()
            .map_or(0, |(_, m)| m.as_ref().map_or(0, String::len));
        256 + self.owner.len() + self.uid.len() + material + names + groups + extra + reason
    }

    /// True once destroyed (Destroyed or Destroyed Compromised).
    pub fn is_destroyed(&self) -> bool {
        self.state == State::DESTROYED || self.state == State::DESTROYED_COMPROMISED
    }

    /// Applies the time-driven transitions (KMIP 1.4 §3.22): a Pre-Active object whose
    /// Activation Date has come becomes Active; a Pre-Active or Active object whose
    /// Deactivation Date has come becomes Deactivated.
    pub fn settle(&mut self, now: i64) {
        if self.state == State::PRE_ACTIVE && self.activation_date.is_some_and(|d| d <= now) {
            self.state = State::ACTIVE;
        }
        if (self.state == State::PRE_ACTIVE || self.state == State::ACTIVE)
            && self.deactivation_date.is_some_and(|d| d <= now)
        {
            self.state = State::DEACTIVATED;
        }
    }

    /// The kept attributes with this key.
    pub fn extra_of<'s>(&'s self, key: &'s AttrKey) -> impl Iterator<Item = &'s StoredAttribute> {
        self.extra.iter().filter(move |s| &s.key == key)
    }

    /// A date attribute, typed or kept (Process Start Date, Protect Stop Date).
    pub fn date(&self, tag: Tag) -> Option<i64> {
        match tag {
            Tag::INITIAL_DATE => Some(self.initial_date),
            Tag::LAST_CHANGE_DATE => Some(self.last_change_date),
            Tag::ACTIVATION_DATE => self.activation_date,
            Tag::DEACTIVATION_DATE => self.deactivation_date,
            Tag::COMPROMISE_DATE => self.compromise_date,
            Tag::COMPROMISE_OCCURRENCE_DATE => self.compromise_occurrence_date,
            Tag::DESTROY_DATE => self.destroy_date,
            _ => {
                self.extra_of(&AttrKey::Tag(tag.0))
                    .find_map(|s| match s.value()? {
                        AttributeValue::ProcessStartDate(d)
                        | AttributeValue::ProtectStopDate(d) => Some(d),
                        _ => None,
                    })
            }
        }
    }
}

/// Every object, by number, and the next number to give out.
#[derive(Clone, Debug)]
pub struct Store {
    objects: BTreeMap<u64, ManagedObject>,
    next_id: u64,
    bytes: usize,
}

impl Default for Store {
    fn default() -> Self {
        Store::new()
    }
}

impl Store {
    /// An empty store; the first object gets Unique Identifier `"1"`.
    pub fn new() -> Store {
        Store {
            objects: BTreeMap::new(),
            next_id: 1,
            bytes: 0,
        }
    }

    /// A store with these objects (as read back from a file); `next_id` is raised above the
    /// largest id if needed.
    pub fn from_objects(objects: Vec<ManagedObject>, next_id: u64) -> Store {
        let max = objects.iter().map(|o| o.id).max().unwrap_or(0);
        let mut store = Store {
            objects: objects
                .into_iter()
                .map(|mut o| {
                    o.uid = o.id.to_string();
                    o.accounted = o.approx_size();
                    (o.id, o)
                })
                .collect(),
            next_id: next_id.max(max.saturating_add(1)),
            bytes: 0,
        };
        store.bytes = store.objects.values().map(|o| o.accounted).sum();
        store
    }

    /// Roughly how many bytes the objects hold, as last counted.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Counts the object `id` again after a change.
    pub fn recount(&mut self, id: u64) {
        if let Some(o) = self.objects.get_mut(&id) {
            let now = o.approx_size();
            self.bytes = self.bytes.saturating_sub(o.accounted).saturating_add(now);
            o.accounted = now;
        }
    }

    /// The number the next object will get.
    pub fn next_id(&self) -> u64 {
        self.next_id
    }

    /// How many objects there are (destroyed ones included: their attributes remain).
    pub fn len(&self) -> usize {
        self.objects.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// Adds `object` under the next number and returns that number.
    pub fn insert(&mut self, mut object: ManagedObject) -> u64 {
        let id = self.next_id;
        self.next_id = self.next_id.saturating_add(1);
        object.id = id;
        object.uid = id.to_string();
        object.accounted = object.approx_size();
        self.bytes = self.bytes.saturating_add(object.accounted);
        self.objects.insert(id, object);
        id
    }

    /// The object numbered `id`.
    pub fn get(&self, id: u64) -> Option<&ManagedObject> {
        self.objects.get(&id)
    }

    /// The object numbered `id`, mutably.
    pub fn get_mut(&mut self, id: u64) -> Option<&mut ManagedObject> {
        self.objects.get_mut(&id)
    }

    /// Every object, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &ManagedObject> {
        self.objects.values()
    }

    /// Every object, mutably.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut ManagedObject> {
        self.objects.values_mut()
    }

    /// The live (not destroyed) object of `owner`, other than `except`, that has the name
    /// `name`.
    pub fn name_holder(&self, owner: &str, name: &str, except: Option<u64>) -> Option<u64> {
        self.objects
            .values()
            .find(|o| {
                Some(o.id) != except
                    && o.owner == owner
                    && !o.is_destroyed()
                    && o.names.iter().any(|(n, _)| n == name)
            })
            .map(|o| o.id)
    }
}
