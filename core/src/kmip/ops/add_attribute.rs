//! Add Attribute: 1.x `{UID?, Attribute}` → `{UID, Attribute}`; 2.x `{UID?, New Attribute}` →
//! `{UID}`.

use super::Payload;
use crate::kmip::attributes::Attribute;
use crate::kmip::codec::{self, put};
use crate::kmip::uid::{encode_opt_uid, put_uid, Uid};
use crate::kmip::{Error, ProtocolVersion};
use crate::ttlv::{Encoder, Item, Operation, Sink, Tag};

/// Add Attribute request payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AddAttributeRequest<'a> {
    /// The object (absent: the ID Placeholder).
    pub unique_identifier: Option<Uid<'a>>,
    /// The attribute to add.
    pub attribute: Attribute<'a>,
}

/// Add Attribute response payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AddAttributeResponse<'a> {
    /// Unique Identifier.
    pub unique_identifier: Uid<'a>,
    /// The attribute as added, with its index (1.x only).
    pub attribute: Option<Attribute<'a>>,
}

/// The tag of the single attribute of Add/Modify/Set requests: Attribute (1.x), New
/// Attribute (2.x).
pub(crate) fn new_attribute_tag(v: ProtocolVersion) -> Tag {
    if v.is_v2() {
        Tag::NEW_ATTRIBUTE
    } else {
        Tag::ATTRIBUTE
    }
}

/// Reads the single attribute of a payload: a 1.x Attribute or a 2.x New/Current Attribute.
pub(crate) fn decode_single<'a>(c: Item<'a>, v: ProtocolVersion) -> Result<Attribute<'a>, Error> {
    if v.is_v2() {
        Attribute::decode_wrapped(c, v)
    } else {
        Attribute::decode(c, v)
    }
}

/// Writes the single attribute of a request: a 1.x Attribute or a 2.x `wrapper_tag`.
pub(crate) fn encode_single<S: Sink>(
    a: &Attribute<'_>,
    wrapper_tag: Tag,
    enc: &mut Encoder<S>,
    v: ProtocolVersion,
) -> Result<(), Error> {
    if v.is_v2() {
        a.encode_wrapped(wrapper_tag, enc, v)
    } else {
        a.encode(enc, v)
    }
}

/// Reads a 1.x response's optional Attribute.
pub(crate) fn decode_v1_response<'a>(
    p: Item<'a>,
    v: ProtocolVersion,
) -> Result<(Uid<'a>, Option<Attribute<'a>>), Error> {
    let (mut uid, mut attr) = (None, None);
    for c in p.children() {
        match c.tag() {
            Tag::UNIQUE_IDENTIFIER => put_uid(&mut uid, &p, &c, v)?,
            Tag::ATTRIBUTE if !v.is_v2() => put(&mut attr, &p, &c, Attribute::decode(c, v)?)?,
            _ => {}
        }
    }
    Ok((codec::need(uid, Tag::UNIQUE_IDENTIFIER, &p)?, attr))
}

/// Writes `{UID, Attribute?}`; the attribute only in 1.x.
pub(crate) fn encode_v1_response<S: Sink>(
    uid: &Uid<'_>,
    attr: &Option<Attribute<'_>>,
    enc: &mut Encoder<S>,
    v: ProtocolVersion,
) -> Result<(), Error> {
    uid.encode(Tag::UNIQUE_IDENTIFIER, enc, v)?;
    if let Some(a) = attr {
        codec::gate_v1_only(v, Tag::ATTRIBUTE)?;
        a.encode(enc, v)?;
    }
    Ok(())
}

impl<'a> Payload<'a> for AddAttributeRequest<'a> {
    const OPERATION: Operation = Operation::ADD_ATTRIBUTE;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let (mut uid, mut attr) = (None, None);
        let at = new_attribute_tag(v);
        for c in p.children() {
            match c.tag() {
                Tag::UNIQUE_IDENTIFIER => put_uid(&mut uid, &p, &c, v)?,
                t if t == at => put(&mut attr, &p, &c, decode_single(c, v)?)?,
                _ => {}
            }
        }
        Ok(AddAttributeRequest {
            unique_identifier: uid,
            attribute: codec::need(attr, at, &p)?,
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        encode_opt_uid(&self.unique_identifier, enc, v)?;
        encode_single(&self.attribute, Tag::NEW_ATTRIBUTE, enc, v)
    }
}

impl<'a> Payload<'a> for AddAttributeResponse<'a> {
    const OPERATION: Operation = Operation::ADD_ATTRIBUTE;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let (unique_identifier, attribute) = decode_v1_response(p, v)?;
        Ok(AddAttributeResponse {
            unique_identifier,
            attribute,
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        encode_v1_response(&self.unique_identifier, &self.attribute, enc, v)
    }
}
