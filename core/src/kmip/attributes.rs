//! Attributes, and the one place where the two KMIP dialects of attributes meet.
//!
//! * **1.x**: an attribute travels as `Attribute {Attribute Name (text), Attribute Index?,
//!   Attribute Value}`; a Create or Register carries them in a `Template-Attribute` (which may
//!   also name templates); attribute lists in Locate and Get Attributes are flat `Attribute*`;
//!   Get Attributes asks by `Attribute Name` strings. Custom attributes are named `x-…`
//!   (clients) or `y-…` (servers).
//! * **2.x**: attributes travel under their own tags inside an `Attributes` structure; they are
//!   referred to by `Attribute Reference` (an Enumeration holding the attribute's tag, or a
//!   `{Vendor Identification, Attribute Name}` structure); Add/Modify/Set/Delete use `New
//!   Attribute` and `Current Attribute`; custom attributes become vendor attributes
//!   `Attribute {Vendor Identification, Attribute Name, Attribute Value}`, the 1.x `x-Name`
//!   mapping to vendor `x`, name `Name`.
//!
//! Everything else in this layer holds an [`Attribute`] or an [`AttributeReference`] and asks
//! this module to read or write it in the version at hand.

use super::codec::{self, gate, put, Element, RawValue, Seq};
use super::objects::CryptographicParameters;
use super::uid::Uid;
use super::{Error, Problem, ProtocolVersion};
use crate::ttlv::{
    CryptographicAlgorithm, CryptographicUsageMask, Encoder, Item, ItemType, LinkType, NameType,
    ObjectType, RevocationReasonCode, Sink, State, Tag,
};

/// Name `{Name Value, Name Type}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name<'a> {
    /// Name Value.
    pub value: &'a str,
    /// Name Type.
    pub name_type: NameType,
}

impl<'a> Name<'a> {
    /// An Uninterpreted Text String name.
    pub const fn text(value: &'a str) -> Self {
        Name {
            value,
            name_type: NameType::UNINTERPRETED_TEXT_STRING,
        }
    }

    fn decode(item: Item<'a>) -> Result<Self, Error> {
        codec::expect_structure(&item)?;
        let (mut value, mut name_type) = (None, None);
        for c in item.children() {
            match c.tag() {
                Tag::NAME_VALUE => put(&mut value, &item, &c, codec::text(&c)?)?,
                Tag::NAME_TYPE => {
                    put(&mut name_type, &item, &c, NameType(codec::enumeration(&c)?))?
                }
                _ => {}
            }
        }
        Ok(Name {
            value: codec::need(value, Tag::NAME_VALUE, &item)?,
            name_type: codec::need(name_type, Tag::NAME_TYPE, &item)?,
        })
    }

    fn encode<S: Sink>(&self, tag: Tag, enc: &mut Encoder<S>) -> Result<(), Error> {
        codec::structure(enc, tag, |e| {
            e.text(Tag::NAME_VALUE, self.value)?;
            e.enumeration(Tag::NAME_TYPE, self.name_type.0)?;
            Ok(())
        })
    }
}

impl<'a> Element<'a> for Name<'a> {
    fn decode_element(item: Item<'a>, _: ProtocolVersion) -> Result<Self, Error> {
        Name::decode(item)
    }
    fn encode_element<S: Sink>(
        &self,
        tag: Tag,
        enc: &mut Encoder<S>,
        _: ProtocolVersion,
    ) -> Result<(), Error> {
        self.encode(tag, enc)
    }
}

/// Link `{Link Type, Linked Object Identifier}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link<'a> {
    /// Link Type.
    pub link_type: LinkType,
    /// Linked Object Identifier.
    pub linked_object_identifier: Uid<'a>,
}

/// Application Specific Information `{Application Namespace, Application Data}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApplicationSpecificInformation<'a> {
    /// Application Namespace.
    pub namespace: &'a str,
    /// Application Data (optional from 1.3).
    pub data: Option<&'a str>,
}

/// Revocation Reason `{Revocation Reason Code, Revocation Message?}`: an attribute, and the
/// main argument of Revoke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RevocationReason<'a> {
    /// Revocation Reason Code.
    pub code: RevocationReasonCode,
    /// Revocation Message.
    pub message: Option<&'a str>,
}

impl<'a> RevocationReason<'a> {
    /// Decodes a Revocation Reason structure.
    pub fn decode(item: Item<'a>) -> Result<Self, Error> {
        codec::expect_structure(&item)?;
        let (mut code, mut message) = (None, None);
        for c in item.children() {
            match c.tag() {
                Tag::REVOCATION_REASON_CODE => put(
                    &mut code,
                    &item,
                    &c,
                    RevocationReasonCode(codec::enumeration(&c)?),
                )?,
                Tag::REVOCATION_MESSAGE => put(&mut message, &item, &c, codec::text(&c)?)?,
                _ => {}
            }
        }
        Ok(RevocationReason {
            code: codec::need(code, Tag::REVOCATION_REASON_CODE, &item)?,
            message,
        })
    }

    /// Writes it under `tag`.
    pub fn encode<S: Sink>(&self, tag: Tag, enc: &mut Encoder<S>) -> Result<(), Error> {
        codec::structure(enc, tag, |e| {
            e.enumeration(Tag::REVOCATION_REASON_CODE, self.code.0)?;
            if let Some(m) = self.message {
                e.text(Tag::REVOCATION_MESSAGE, m)?;
            }
            Ok(())
        })
    }
}

/// A custom (1.x) or vendor (2.x) attribute. The 1.x name `x-Purpose` is vendor `x`, name
/// `Purpose`; a 1.x name without an `x-`/`y-` prefix has an empty vendor (and cannot be sent
/// in 2.x, which needs a Vendor Identification).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CustomAttribute<'a> {
    /// Vendor Identification (2.x), or the 1.x prefix `x`/`y` (empty if none).
    pub vendor: &'a str,
    /// Attribute Name, without the prefix.
    pub name: &'a str,
    /// The value, of any type.
    pub value: RawValue<'a>,
}

impl<'a> CustomAttribute<'a> {
    /// A client custom attribute (1.x `x-name`, 2.x vendor `x`).
    pub const fn client(name: &'a str, value: RawValue<'a>) -> Self {
        CustomAttribute {
            vendor: "x",
            name,
            value,
        }
    }
}

/// Splits a 1.x custom attribute name into (vendor prefix, name).
fn split_custom_name(full: &str) -> (&str, &str) {
    match full.split_once('-') {
        Some((p @ ("x" | "y"), rest)) => (p, rest),
        _ => ("", full),
    }
}

/// An attribute value, typed for the attributes a key lifecycle needs; any other attribute is
/// [`AttributeValue::Other`], carried under its tag.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum AttributeValue<'a> {
    /// Unique Identifier.
    UniqueIdentifier(Uid<'a>),
    /// Name.
    Name(Name<'a>),
    /// Object Type.
    ObjectType(ObjectType),
    /// Cryptographic Algorithm.
    CryptographicAlgorithm(CryptographicAlgorithm),
    /// Cryptographic Length, bits.
    CryptographicLength(i32),
    /// Cryptographic Parameters.
    CryptographicParameters(CryptographicParameters<'a>),
    /// Cryptographic Usage Mask.
    CryptographicUsageMask(CryptographicUsageMask),
    /// State.
    State(State),
    /// Initial Date.
    InitialDate(i64),
    /// Activation Date.
    ActivationDate(i64),
    /// Deactivation Date.
    DeactivationDate(i64),
    /// Compromise Date.
    CompromiseDate(i64),
    /// Compromise Occurrence Date.
    CompromiseOccurrenceDate(i64),
    /// Destroy Date.
    DestroyDate(i64),
    /// Last Change Date.
    LastChangeDate(i64),
    /// Process Start Date.
    ProcessStartDate(i64),
    /// Protect Stop Date.
    ProtectStopDate(i64),
    /// Object Group.
    ObjectGroup(&'a str),
    /// Operation Policy Name (1.x only; Reserved in 2.0).
    OperationPolicyName(&'a str),
    /// Contact Information.
    ContactInformation(&'a str),
    /// Description (1.4).
    Description(&'a str),
    /// Comment (1.4).
    Comment(&'a str),
    /// Link.
    Link(Link<'a>),
    /// Application Specific Information.
    ApplicationSpecificInformation(ApplicationSpecificInformation<'a>),
    /// Revocation Reason.
    RevocationReason(RevocationReason<'a>),
    /// Lease Time, seconds (an Interval).
    LeaseTime(u32),
    /// Fresh (1.1).
    Fresh(bool),
    /// Sensitive (1.4).
    Sensitive(bool),
    /// Extractable (1.4).
    Extractable(bool),
    /// A custom (1.x) or vendor (2.x) attribute.
    Custom(CustomAttribute<'a>),
    /// Any other attribute, under its tag, its value as is.
    Other {
        /// The attribute's tag.
        tag: Tag,
        /// Its value.
        value: RawValue<'a>,
    },
}

/// The attributes typed here with the version that introduced them (encoding for an older 1.x
/// version refuses them).
const TYPED: &[(Tag, ProtocolVersion)] = &[
    (Tag::UNIQUE_IDENTIFIER, ProtocolVersion::V1_0),
    (Tag::NAME, ProtocolVersion::V1_0),
    (Tag::OBJECT_TYPE, ProtocolVersion::V1_0),
    (Tag::CRYPTOGRAPHIC_ALGORITHM, ProtocolVersion::V1_0),
    (Tag::CRYPTOGRAPHIC_LENGTH, ProtocolVersion::V1_0),
    (Tag::CRYPTOGRAPHIC_PARAMETERS, ProtocolVersion::V1_0),
    (Tag::CRYPTOGRAPHIC_USAGE_MASK, ProtocolVersion::V1_0),
    (Tag::STATE, ProtocolVersion::V1_0),
    (Tag::INITIAL_DATE, ProtocolVersion::V1_0),
    (Tag::ACTIVATION_DATE, ProtocolVersion::V1_0),
    (Tag::DEACTIVATION_DATE, ProtocolVersion::V1_0),
    (Tag::COMPROMISE_DATE, ProtocolVersion::V1_0),
    (Tag::COMPROMISE_OCCURRENCE_DATE, ProtocolVersion::V1_0),
    (Tag::DESTROY_DATE, ProtocolVersion::V1_0),
    (Tag::LAST_CHANGE_DATE, ProtocolVersion::V1_0),
    (Tag::PROCESS_START_DATE, ProtocolVersion::V1_0),
    (Tag::PROTECT_STOP_DATE, ProtocolVersion::V1_0),
    (Tag::OBJECT_GROUP, ProtocolVersion::V1_0),
    (Tag::OPERATION_POLICY_NAME, ProtocolVersion::V1_0),
    (Tag::CONTACT_INFORMATION, ProtocolVersion::V1_0),
    (Tag::DESCRIPTION, ProtocolVersion::V1_4),
    (Tag::COMMENT, ProtocolVersion::V1_4),
    (Tag::LINK, ProtocolVersion::V1_0),
    (Tag::APPLICATION_SPECIFIC_INFORMATION, ProtocolVersion::V1_0),
    (Tag::REVOCATION_REASON, ProtocolVersion::V1_0),
    (Tag::LEASE_TIME, ProtocolVersion::V1_0),
    (Tag::FRESH, ProtocolVersion::V1_1),
    (Tag::SENSITIVE, ProtocolVersion::V1_4),
    (Tag::EXTRACTABLE, ProtocolVersion::V1_4),
];

/// The tag a 1.x Attribute Name designates, if it is a standard attribute name.
///
/// The names of [`TYPED`] are matched as literals (the compiler compares lengths, then bytes);
/// the test below checks that this gives what the name table gives, for every name in it.
fn tag_of_v1_name(name: &str) -> Option<Tag> {
    Some(match name {
        "Unique Identifier" => Tag::UNIQUE_IDENTIFIER,
        "Name" => Tag::NAME,
        "Object Type" => Tag::OBJECT_TYPE,
        "Cryptographic Algorithm" => Tag::CRYPTOGRAPHIC_ALGORITHM,
        "Cryptographic Length" => Tag::CRYPTOGRAPHIC_LENGTH,
        "Cryptographic Parameters" => Tag::CRYPTOGRAPHIC_PARAMETERS,
        "Cryptographic Usage Mask" => Tag::CRYPTOGRAPHIC_USAGE_MASK,
        "State" => Tag::STATE,
        "Initial Date" => Tag::INITIAL_DATE,
        "Activation Date" => Tag::ACTIVATION_DATE,
        "Deactivation Date" => Tag::DEACTIVATION_DATE,
        "Compromise Date" => Tag::COMPROMISE_DATE,
        "Compromise Occurrence Date" => Tag::COMPROMISE_OCCURRENCE_DATE,
        "Destroy Date" => Tag::DESTROY_DATE,
        "Last Change Date" => Tag::LAST_CHANGE_DATE,
        "Process Start Date" => Tag::PROCESS_START_DATE,
        "Protect Stop Date" => Tag::PROTECT_STOP_DATE,
        "Object Group" => Tag::OBJECT_GROUP,
        "Operation Policy Name" => Tag::OPERATION_POLICY_NAME,
        "Contact Information" => Tag::CONTACT_INFORMATION,
        "Description" => Tag::DESCRIPTION,
        "Comment" => Tag::COMMENT,
        "Link" => Tag::LINK,
        "Application Specific Information" => Tag::APPLICATION_SPECIFIC_INFORMATION,
        "Revocation Reason" => Tag::REVOCATION_REASON,
        "Lease Time" => Tag::LEASE_TIME,
        "Fresh" => Tag::FRESH,
        "Sensitive" => Tag::SENSITIVE,
        "Extractable" => Tag::EXTRACTABLE,
        // Custom attributes are named by nothing in the table (checked below): no scan.
        _ if name.starts_with("x-") || name.starts_with("y-") => return None,
        _ => return Tag::from_name(name).filter(|t| t.spec_name() == Some(name)),
    })
}

/// Replaces the field of a type error on a 1.x Attribute Value by the attribute's tag, so
/// the error says "State is a Text String" rather than "Attribute Value is …".
fn retag(e: Error, tag: Tag) -> Error {
    match e {
        Error::WrongType {
            field: Tag::ATTRIBUTE_VALUE,
            expected,
            found,
            offset,
        } => Error::WrongType {
            field: tag,
            expected,
            found,
            offset,
        },
        other => other,
    }
}

impl<'a> AttributeValue<'a> {
    /// The attribute's tag (its 2.x wire tag; [`Tag::ATTRIBUTE`] for vendor attributes).
    pub fn tag(&self) -> Tag {
        use AttributeValue as A;
        match self {
            A::UniqueIdentifier(_) => Tag::UNIQUE_IDENTIFIER,
            A::Name(_) => Tag::NAME,
            A::ObjectType(_) => Tag::OBJECT_TYPE,
            A::CryptographicAlgorithm(_) => Tag::CRYPTOGRAPHIC_ALGORITHM,
            A::CryptographicLength(_) => Tag::CRYPTOGRAPHIC_LENGTH,
            A::CryptographicParameters(_) => Tag::CRYPTOGRAPHIC_PARAMETERS,
            A::CryptographicUsageMask(_) => Tag::CRYPTOGRAPHIC_USAGE_MASK,
            A::State(_) => Tag::STATE,
            A::InitialDate(_) => Tag::INITIAL_DATE,
            A::ActivationDate(_) => Tag::ACTIVATION_DATE,
            A::DeactivationDate(_) => Tag::DEACTIVATION_DATE,
            A::CompromiseDate(_) => Tag::COMPROMISE_DATE,
            A::CompromiseOccurrenceDate(_) => Tag::COMPROMISE_OCCURRENCE_DATE,
            A::DestroyDate(_) => Tag::DESTROY_DATE,
            A::LastChangeDate(_) => Tag::LAST_CHANGE_DATE,
            A::ProcessStartDate(_) => Tag::PROCESS_START_DATE,
            A::ProtectStopDate(_) => Tag::PROTECT_STOP_DATE,
            A::ObjectGroup(_) => Tag::OBJECT_GROUP,
            A::OperationPolicyName(_) => Tag::OPERATION_POLICY_NAME,
            A::ContactInformation(_) => Tag::CONTACT_INFORMATION,
            A::Description(_) => Tag::DESCRIPTION,
            A::Comment(_) => Tag::COMMENT,
            A::Link(_) => Tag::LINK,
            A::ApplicationSpecificInformation(_) => Tag::APPLICATION_SPECIFIC_INFORMATION,
            A::RevocationReason(_) => Tag::REVOCATION_REASON,
            A::LeaseTime(_) => Tag::LEASE_TIME,
            A::Fresh(_) => Tag::FRESH,
            A::Sensitive(_) => Tag::SENSITIVE,
            A::Extractable(_) => Tag::EXTRACTABLE,
            A::Custom(_) => Tag::ATTRIBUTE,
            A::Other { tag, .. } => *tag,
        }
    }

    /// The reference that names this attribute (for Get Attributes, Delete Attribute).
    pub fn reference(&self) -> AttributeReference<'a> {
        match self {
            AttributeValue::Custom(c) => AttributeReference::Vendor {
                vendor: c.vendor,
                name: c.name,
            },
            other => AttributeReference::Tag(other.tag()),
        }
    }

    /// Decodes the value of the attribute `tag` from `item` (the 1.x Attribute Value, or the
    /// 2.x item under its own tag).
    fn decode_value(tag: Tag, item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        use AttributeValue as A;
        let i = &item;
        let date = |i: &Item<'a>| codec::date_time(i);
        let v = match tag {
            Tag::UNIQUE_IDENTIFIER => A::UniqueIdentifier(Uid::decode(item, version)?),
            Tag::NAME => A::Name(Name::decode(item)?),
            Tag::OBJECT_TYPE => A::ObjectType(ObjectType(codec::enumeration(i)?)),
            Tag::CRYPTOGRAPHIC_ALGORITHM => {
                A::CryptographicAlgorithm(CryptographicAlgorithm(codec::enumeration(i)?))
            }
            Tag::CRYPTOGRAPHIC_LENGTH => A::CryptographicLength(codec::int(i)?),
            Tag::CRYPTOGRAPHIC_PARAMETERS => {
                A::CryptographicParameters(CryptographicParameters::decode(item)?)
            }
            Tag::CRYPTOGRAPHIC_USAGE_MASK => {
                A::CryptographicUsageMask(CryptographicUsageMask(codec::int(i)? as u32))
            }
            Tag::STATE => A::State(State(codec::enumeration(i)?)),
            Tag::INITIAL_DATE => A::InitialDate(date(i)?),
            Tag::ACTIVATION_DATE => A::ActivationDate(date(i)?),
            Tag::DEACTIVATION_DATE => A::DeactivationDate(date(i)?),
            Tag::COMPROMISE_DATE => A::CompromiseDate(date(i)?),
            Tag::COMPROMISE_OCCURRENCE_DATE => A::CompromiseOccurrenceDate(date(i)?),
            Tag::DESTROY_DATE => A::DestroyDate(date(i)?),
            Tag::LAST_CHANGE_DATE => A::LastChangeDate(date(i)?),
            Tag::PROCESS_START_DATE => A::ProcessStartDate(date(i)?),
            Tag::PROTECT_STOP_DATE => A::ProtectStopDate(date(i)?),
            Tag::OBJECT_GROUP => A::ObjectGroup(codec::text(i)?),
            Tag::OPERATION_POLICY_NAME => A::OperationPolicyName(codec::text(i)?),
            Tag::CONTACT_INFORMATION => A::ContactInformation(codec::text(i)?),
            Tag::DESCRIPTION => A::Description(codec::text(i)?),
            Tag::COMMENT => A::Comment(codec::text(i)?),
            Tag::LINK => {
                codec::expect_structure(i)?;
                let (mut lt, mut id) = (None, None);
                for c in item.children() {
                    match c.tag() {
                        Tag::LINK_TYPE => put(&mut lt, i, &c, LinkType(codec::enumeration(&c)?))?,
                        Tag::LINKED_OBJECT_IDENTIFIER => {
                            put(&mut id, i, &c, Uid::decode(c, version)?)?
                        }
                        _ => {}
                    }
                }
                A::Link(Link {
                    link_type: codec::need(lt, Tag::LINK_TYPE, i)?,
                    linked_object_identifier: codec::need(id, Tag::LINKED_OBJECT_IDENTIFIER, i)?,
                })
            }
            Tag::APPLICATION_SPECIFIC_INFORMATION => {
                codec::expect_structure(i)?;
                let (mut ns, mut data) = (None, None);
                for c in item.children() {
                    match c.tag() {
                        Tag::APPLICATION_NAMESPACE => put(&mut ns, i, &c, codec::text(&c)?)?,
                        Tag::APPLICATION_DATA => put(&mut data, i, &c, codec::text(&c)?)?,
                        _ => {}
                    }
                }
                A::ApplicationSpecificInformation(ApplicationSpecificInformation {
                    namespace: codec::need(ns, Tag::APPLICATION_NAMESPACE, i)?,
                    data,
                })
            }
            Tag::REVOCATION_REASON => A::RevocationReason(RevocationReason::decode(item)?),
            Tag::LEASE_TIME => A::LeaseTime(codec::interval(i)?),
            Tag::FRESH => A::Fresh(codec::boolean(i)?),
            Tag::SENSITIVE => A::Sensitive(codec::boolean(i)?),
            Tag::EXTRACTABLE => A::Extractable(codec::boolean(i)?),
            _ => A::Other {
                tag,
                value: RawValue::decode(item),
            },
        };
        Ok(v)
    }

    /// Writes the value under `wire_tag` (Attribute Value in 1.x, the attribute's tag in 2.x).
    fn encode_value<S: Sink>(
        &self,
        wire_tag: Tag,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        use AttributeValue as A;
        let t = wire_tag;
        match *self {
            A::UniqueIdentifier(u) => u.encode(t, enc, version)?,
            A::Name(n) => n.encode(t, enc)?,
            A::ObjectType(v) => enc.enumeration(t, v.0)?,
            A::CryptographicAlgorithm(v) => enc.enumeration(t, v.0)?,
            A::CryptographicLength(v) => enc.integer(t, v)?,
            A::CryptographicParameters(p) => p.encode(t, enc, version)?,
            A::CryptographicUsageMask(m) => enc.integer(t, m.0 as i32)?,
            A::State(s) => enc.enumeration(t, s.0)?,
            A::InitialDate(d)
            | A::ActivationDate(d)
            | A::DeactivationDate(d)
            | A::CompromiseDate(d)
            | A::CompromiseOccurrenceDate(d)
            | A::DestroyDate(d)
            | A::LastChangeDate(d)
            | A::ProcessStartDate(d)
            | A::ProtectStopDate(d) => enc.date_time(t, d)?,
            A::ObjectGroup(s)
            | A::OperationPolicyName(s)
            | A::ContactInformation(s)
            | A::Description(s)
            | A::Comment(s) => enc.text(t, s)?,
            A::Link(l) => codec::structure(enc, t, |e| {
                e.enumeration(Tag::LINK_TYPE, l.link_type.0)?;
                l.linked_object_identifier
                    .encode(Tag::LINKED_OBJECT_IDENTIFIER, e, version)
            })?,
            A::ApplicationSpecificInformation(a) => codec::structure(enc, t, |e| {
                e.text(Tag::APPLICATION_NAMESPACE, a.namespace)?;
                if let Some(d) = a.data {
                    e.text(Tag::APPLICATION_DATA, d)?;
                }
                Ok(())
            })?,
            A::RevocationReason(r) => r.encode(t, enc)?,
            A::LeaseTime(v) => enc.interval(t, v)?,
            A::Fresh(b) | A::Sensitive(b) | A::Extractable(b) => enc.boolean(t, b)?,
            A::Custom(c) => c.value.encode(t, enc)?,
            A::Other { value, .. } => value.encode(t, enc)?,
        }
        Ok(())
    }
}

/// One attribute: its value and, in 1.x, its Attribute Index (which instance of a
/// multi-valued attribute; 2.x removed it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Attribute<'a> {
    /// Attribute Index (1.x only).
    pub index: Option<i32>,
    /// The attribute.
    pub value: AttributeValue<'a>,
}

impl<'a> From<AttributeValue<'a>> for Attribute<'a> {
    fn from(value: AttributeValue<'a>) -> Self {
        Attribute { index: None, value }
    }
}

impl<'a> Attribute<'a> {
    /// An attribute without index.
    pub const fn new(value: AttributeValue<'a>) -> Self {
        Attribute { index: None, value }
    }

    /// Decodes a 1.x `Attribute {Attribute Name, Attribute Index?, Attribute Value}`.
    fn decode_v1(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        codec::expect_struct_tag(&item, Tag::ATTRIBUTE)?;
        let (mut name, mut index, mut value) = (None, None, None);
        for c in item.children() {
            match c.tag() {
                Tag::ATTRIBUTE_NAME => put(&mut name, &item, &c, codec::text(&c)?)?,
                Tag::ATTRIBUTE_INDEX => put(&mut index, &item, &c, codec::int(&c)?)?,
                Tag::ATTRIBUTE_VALUE => put(&mut value, &item, &c, c)?,
                _ => {}
            }
        }
        let name = codec::need(name, Tag::ATTRIBUTE_NAME, &item)?;
        let value = codec::need(value, Tag::ATTRIBUTE_VALUE, &item)?;
        let v = match tag_of_v1_name(name) {
            Some(tag) => {
                AttributeValue::decode_value(tag, value, version).map_err(|e| retag(e, tag))?
            }
            None => {
                let (vendor, name) = split_custom_name(name);
                AttributeValue::Custom(CustomAttribute {
                    vendor,
                    name,
                    value: RawValue::decode(value),
                })
            }
        };
        Ok(Attribute { index, value: v })
    }

    /// Decodes a 2.x attribute: any item of an Attributes structure (or of New/Current
    /// Attribute), under its own tag, or a vendor `Attribute`.
    fn decode_v2(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        if item.tag() != Tag::ATTRIBUTE {
            return Ok(Attribute::new(AttributeValue::decode_value(
                item.tag(),
                item,
                version,
            )?));
        }
        codec::expect_structure(&item)?;
        let (mut vendor, mut name, mut value) = (None, None, None);
        for c in item.children() {
            match c.tag() {
                Tag::VENDOR_IDENTIFICATION => put(&mut vendor, &item, &c, codec::text(&c)?)?,
                Tag::ATTRIBUTE_NAME => put(&mut name, &item, &c, codec::text(&c)?)?,
                Tag::ATTRIBUTE_VALUE => put(&mut value, &item, &c, c)?,
                _ => {}
            }
        }
        Ok(Attribute::new(AttributeValue::Custom(CustomAttribute {
            vendor: codec::need(vendor, Tag::VENDOR_IDENTIFICATION, &item)?,
            name: codec::need(name, Tag::ATTRIBUTE_NAME, &item)?,
            value: RawValue::decode(codec::need(value, Tag::ATTRIBUTE_VALUE, &item)?),
        })))
    }

    /// Decodes an attribute in the dialect of `version`.
    pub fn decode(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        if version.is_v2() {
            Attribute::decode_v2(item, version)
        } else {
            Attribute::decode_v1(item, version)
        }
    }

    /// Writes the attribute in the dialect of `version`: a 1.x `Attribute` structure, or the
    /// 2.x item under its own tag.
    pub fn encode<S: Sink>(
        &self,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        let tag = self.value.tag();
        if let Some((_, since)) = TYPED.iter().find(|(t, _)| *t == tag) {
            gate(version, *since, tag)?;
        }
        if version.is_v2() {
            if self.index.is_some() {
                return Err(Error::NotInVersion {
                    field: Tag::ATTRIBUTE_INDEX,
                    version,
                });
            }
            if tag == Tag::OPERATION_POLICY_NAME {
                return Err(Error::NotInVersion {
                    field: tag,
                    version,
                });
            }
            return match &self.value {
                AttributeValue::Custom(c) => {
                    if c.vendor.is_empty() {
                        return Err(Error::InvalidValue {
                            field: Tag::VENDOR_IDENTIFICATION,
                            offset: 0,
                            problem: Problem::NoVendor,
                        });
                    }
                    codec::structure(enc, Tag::ATTRIBUTE, |e| {
                        e.text(Tag::VENDOR_IDENTIFICATION, c.vendor)?;
                        e.text(Tag::ATTRIBUTE_NAME, c.name)?;
                        c.value.encode(Tag::ATTRIBUTE_VALUE, e)
                    })
                }
                v => v.encode_value(tag, enc, version),
            };
        }
        codec::structure(enc, Tag::ATTRIBUTE, |e| {
            self.value.reference().encode_v1_name(e)?;
            if let Some(i) = self.index {
                e.integer(Tag::ATTRIBUTE_INDEX, i)?;
            }
            self.value.encode_value(Tag::ATTRIBUTE_VALUE, e, version)
        })
    }

    /// Decodes the single attribute inside a 2.x `New Attribute` / `Current Attribute`.
    pub(crate) fn decode_wrapped(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        codec::expect_structure(&item)?;
        let mut children = item.children();
        match (children.next(), children.next()) {
            (Some(only), None) => Attribute::decode_v2(only, version),
            _ => Err(Error::InvalidValue {
                field: item.tag(),
                offset: item.offset(),
                problem: Problem::NotOneAttribute,
            }),
        }
    }

    /// Writes a 2.x `New Attribute` / `Current Attribute` holding this attribute.
    pub(crate) fn encode_wrapped<S: Sink>(
        &self,
        tag: Tag,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        codec::structure(enc, tag, |e| self.encode(e, version))
    }
}

impl<'a> Element<'a> for Attribute<'a> {
    fn decode_element(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        Attribute::decode(item, version)
    }
    fn encode_element<S: Sink>(
        &self,
        _tag: Tag,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        self.encode(enc, version)
    }
}

/// A list of attributes: flat `Attribute*` in 1.x, the children of an `Attributes` structure
/// in 2.x.
pub type AttributeList<'a> = Seq<'a, Attribute<'a>>;

impl<'a> Seq<'a, Attribute<'a>> {
    /// The first attribute with this tag.
    pub fn get(&self, tag: Tag) -> Option<AttributeValue<'a>> {
        self.iter().map(|a| a.value).find(|v| v.tag() == tag)
    }

    /// The State attribute, if present.
    pub fn state(&self) -> Option<State> {
        match self.get(Tag::STATE) {
            Some(AttributeValue::State(s)) => Some(s),
            _ => None,
        }
    }

    /// Writes the list in the dialect of `version`; in 2.x an empty list writes no
    /// `Attributes` structure.
    pub(crate) fn encode_in<S: Sink>(
        &self,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        if version.is_v2() {
            if self.is_empty() {
                return Ok(());
            }
            return self.encode_v2_structure(enc, version);
        }
        self.encode(Tag::ATTRIBUTE, enc, version)
    }

    /// Writes the 2.x `Attributes` structure, even when empty.
    pub(crate) fn encode_v2_structure<S: Sink>(
        &self,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        codec::structure(enc, Tag::ATTRIBUTES, |e| {
            self.encode(Tag::ATTRIBUTE, e, version)
        })
    }
}

/// Reads an attribute list during the single pass over a payload's children.
#[derive(Default)]
pub(crate) struct ListCollector<'a> {
    count: usize,
    structure: Option<Item<'a>>,
}

impl<'a> ListCollector<'a> {
    /// Looks at one child of the payload; returns whether it belonged to the list.
    pub(crate) fn feed(
        &mut self,
        parent: &Item<'a>,
        child: Item<'a>,
        version: ProtocolVersion,
    ) -> Result<bool, Error> {
        match child.tag() {
            Tag::ATTRIBUTE if !version.is_v2() => {
                codec::tally::<Attribute>(&mut self.count, child, version)?;
                Ok(true)
            }
            Tag::ATTRIBUTES if version.is_v2() => {
                codec::expect_structure(&child)?;
                put(&mut self.structure, parent, &child, child)?;
                for a in child.children() {
                    codec::tally::<Attribute>(&mut self.count, a, version)?;
                }
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// The list.
    pub(crate) fn finish(self, parent: Item<'a>, version: ProtocolVersion) -> AttributeList<'a> {
        match self.structure {
            Some(s) => Seq::from_wire(s, None, self.count, version),
            None if version.is_v2() => Seq::empty(),
            None => Seq::from_wire(parent, Some(Tag::ATTRIBUTE), self.count, version),
        }
    }
}

/// The attributes given to Create, Register and Re-key: a 1.x `Template-Attribute` (template
/// names and attributes) or the 2.x `Attributes` structure.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TemplateAttribute<'a> {
    /// Names of templates to apply (1.x only; templates are gone from 2.0).
    pub template_names: Seq<'a, Name<'a>>,
    /// The attributes.
    pub attributes: AttributeList<'a>,
}

impl<'a> TemplateAttribute<'a> {
    /// Attributes only.
    pub fn new(attributes: &'a [Attribute<'a>]) -> Self {
        TemplateAttribute {
            template_names: Seq::empty(),
            attributes: Seq::from_slice(attributes),
        }
    }

    /// The tag that carries it in `version`: Template-Attribute (1.x) or Attributes (2.x).
    pub const fn tag(version: ProtocolVersion) -> Tag {
        if version.is_v2() {
            Tag::ATTRIBUTES
        } else {
            Tag::TEMPLATE_ATTRIBUTE
        }
    }

    /// True when this is the tag that carries it in `version`.
    pub(crate) fn is_its_tag(tag: Tag, version: ProtocolVersion) -> bool {
        tag == Self::tag(version)
    }

    /// Decodes the 1.x `Template-Attribute` or 2.x `Attributes` item.
    pub fn decode(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        codec::expect_structure(&item)?;
        if version.is_v2() {
            let mut n = 0;
            for a in item.children() {
                codec::tally::<Attribute>(&mut n, a, version)?;
            }
            return Ok(TemplateAttribute {
                template_names: Seq::empty(),
                attributes: Seq::from_wire(item, None, n, version),
            });
        }
        let (mut names, mut attrs) = (0, 0);
        for c in item.children() {
            match c.tag() {
                Tag::NAME => codec::tally::<Name>(&mut names, c, version)?,
                Tag::ATTRIBUTE => codec::tally::<Attribute>(&mut attrs, c, version)?,
                _ => {}
            }
        }
        Ok(TemplateAttribute {
            template_names: Seq::from_wire(item, Some(Tag::NAME), names, version),
            attributes: Seq::from_wire(item, Some(Tag::ATTRIBUTE), attrs, version),
        })
    }

    /// Writes it in the dialect of `version` (always, even when empty).
    pub fn encode<S: Sink>(
        &self,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        if version.is_v2() {
            if !self.template_names.is_empty() {
                return Err(Error::NotInVersion {
                    field: Tag::TEMPLATE,
                    version,
                });
            }
            return self.attributes.encode_v2_structure(enc, version);
        }
        codec::structure(enc, Tag::TEMPLATE_ATTRIBUTE, |e| {
            self.template_names.encode(Tag::NAME, e, version)?;
            self.attributes.encode(Tag::ATTRIBUTE, e, version)
        })
    }
}

/// Names an attribute: by tag (1.x sends its Attribute Name, 2.x an Attribute Reference
/// Enumeration holding the tag) or a custom/vendor attribute by vendor and name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttributeReference<'a> {
    /// A standard attribute.
    Tag(Tag),
    /// A custom (1.x `x-name`) or vendor (2.x) attribute.
    Vendor {
        /// Vendor Identification, or the 1.x prefix (`x`, `y`, or empty).
        vendor: &'a str,
        /// Attribute Name.
        name: &'a str,
    },
}

impl<'a> AttributeReference<'a> {
    /// The tag a list of references uses in `version`: Attribute Name (1.x), Attribute
    /// Reference (2.x).
    pub const fn wire_tag(version: ProtocolVersion) -> Tag {
        if version.is_v2() {
            Tag::ATTRIBUTE_REFERENCE
        } else {
            Tag::ATTRIBUTE_NAME
        }
    }

    /// Decodes a 1.x Attribute Name or a 2.x Attribute Reference.
    pub fn decode(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        if !version.is_v2() {
            let name = codec::text(&item)?;
            return Ok(match tag_of_v1_name(name) {
                Some(t) => AttributeReference::Tag(t),
                None => {
                    let (vendor, name) = split_custom_name(name);
                    AttributeReference::Vendor { vendor, name }
                }
            });
        }
        match item.item_type() {
            ItemType::Enumeration => Ok(AttributeReference::Tag(Tag(codec::enumeration(&item)?))),
            ItemType::Structure => {
                let (mut vendor, mut name) = (None, None);
                for c in item.children() {
                    match c.tag() {
                        Tag::VENDOR_IDENTIFICATION => {
                            put(&mut vendor, &item, &c, codec::text(&c)?)?
                        }
                        Tag::ATTRIBUTE_NAME => put(&mut name, &item, &c, codec::text(&c)?)?,
                        _ => {}
                    }
                }
                Ok(AttributeReference::Vendor {
                    vendor: codec::need(vendor, Tag::VENDOR_IDENTIFICATION, &item)?,
                    name: codec::need(name, Tag::ATTRIBUTE_NAME, &item)?,
                })
            }
            found => Err(Error::WrongType {
                field: item.tag(),
                expected: ItemType::Enumeration,
                found,
                offset: item.offset(),
            }),
        }
    }

    /// Writes the 1.x Attribute Name text.
    fn encode_v1_name<S: Sink>(&self, enc: &mut Encoder<S>) -> Result<(), Error> {
        match *self {
            AttributeReference::Tag(t) => match t.spec_name() {
                Some(n) => enc.text(Tag::ATTRIBUTE_NAME, n)?,
                None => {
                    return Err(Error::InvalidValue {
                        field: t,
                        offset: 0,
                        problem: Problem::NoAttributeName,
                    })
                }
            },
            AttributeReference::Vendor { vendor: "", name } => {
                enc.text(Tag::ATTRIBUTE_NAME, name)?
            }
            AttributeReference::Vendor { vendor, name } => {
                text_concat(enc, Tag::ATTRIBUTE_NAME, &[vendor, "-", name])?
            }
        }
        Ok(())
    }

    /// Writes it in the dialect of `version`.
    pub fn encode<S: Sink>(
        &self,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        if !version.is_v2() {
            return self.encode_v1_name(enc);
        }
        match *self {
            AttributeReference::Tag(t) => enc.enumeration(Tag::ATTRIBUTE_REFERENCE, t.0)?,
            AttributeReference::Vendor { vendor, name } => {
                if vendor.is_empty() {
                    return Err(Error::InvalidValue {
                        field: Tag::VENDOR_IDENTIFICATION,
                        offset: 0,
                        problem: Problem::NoVendor,
                    });
                }
                codec::structure(enc, Tag::ATTRIBUTE_REFERENCE, |e| {
                    e.text(Tag::VENDOR_IDENTIFICATION, vendor)?;
                    e.text(Tag::ATTRIBUTE_NAME, name)?;
                    Ok(())
                })?
            }
        }
        Ok(())
    }
}

impl<'a> Element<'a> for AttributeReference<'a> {
    fn decode_element(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        AttributeReference::decode(item, version)
    }
    fn encode_element<S: Sink>(
        &self,
        _tag: Tag,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        self.encode(enc, version)
    }
}

/// Writes a Text String made of several parts, without concatenating them in memory.
fn text_concat<S: Sink>(enc: &mut Encoder<S>, tag: Tag, parts: &[&str]) -> Result<(), Error> {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let len32 = u32::try_from(len).map_err(|_| crate::ttlv::EncodeError::TooLong(len))?;
    if tag.0 > Tag::MAX || len32 > u32::MAX - 7 {
        return Err(crate::ttlv::EncodeError::TooLong(len).into());
    }
    let t = tag.0.to_be_bytes();
    let l = len32.to_be_bytes();
    enc.raw_item(&[
        t[1],
        t[2],
        t[3],
        ItemType::TextString.code(),
        l[0],
        l[1],
        l[2],
        l[3],
    ])?;
    for p in parts {
        enc.raw_item(p.as_bytes())?;
    }
    enc.raw_item(&[0u8; 8][..(8 - len % 8) % 8])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `tag_of_v1_name` computed before it matched literals: the first typed attribute
    /// whose specification name it is, else any tag whose specification name it is.
    fn by_table(name: &str) -> Option<Tag> {
        if let Some((t, _)) = TYPED.iter().find(|(t, _)| t.spec_name() == Some(name)) {
            return Some(*t);
        }
        Tag::from_name(name).filter(|t| t.spec_name() == Some(name))
    }

    #[test]
    fn attribute_names_resolve_as_the_name_table_says() {
        let mut names = 0;
        for info in crate::ttlv::names::TAGS {
            for name in [info.name, info.spec_name] {
                assert_eq!(tag_of_v1_name(name), by_table(name), "{name:?}");
                names += 1;
            }
        }
        assert!(names > 600);
        for (t, _) in TYPED {
            assert_eq!(tag_of_v1_name(t.spec_name().unwrap()), Some(*t));
        }
        for name in [
            "x-Purpose",
            "y-Rotation",
            "x-",
            "Purpose",
            "",
            "state",
            "x-State",
        ] {
            assert_eq!(tag_of_v1_name(name), by_table(name), "{name:?}");
        }
    }
}
