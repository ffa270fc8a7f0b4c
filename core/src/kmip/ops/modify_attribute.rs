//! Modify Attribute: 1.x `{UID?, Attribute}` (the index picks the instance); 2.x `{UID?,
//! Current Attribute?, New Attribute}`.

use super::add_attribute::{
    decode_single, decode_v1_response, encode_single, encode_v1_response, new_attribute_tag,
};
use super::Payload;
use crate::kmip::attributes::Attribute;
use crate::kmip::codec::{self, put};
use crate::kmip::uid::{encode_opt_uid, put_uid, Uid};
use crate::kmip::{Error, ProtocolVersion};
use crate::ttlv::{Encoder, Item, Operation, Sink, Tag};

/// Modify Attribute request payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModifyAttributeRequest<'a> {
    /// The object (absent: the ID Placeholder).
    pub unique_identifier: Option<Uid<'a>>,
    /// The instance to change (2.x only; absent: the only or first instance).
    pub current_attribute: Option<Attribute<'a>>,
    /// The new value (1.x Attribute, 2.x New Attribute).
    pub attribute: Attribute<'a>,
}

/// Modify Attribute response payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModifyAttributeResponse<'a> {
    /// Unique Identifier.
    pub unique_identifier: Uid<'a>,
    /// The attribute as modified (1.x only).
    pub attribute: Option<Attribute<'a>>,
}

impl<'a> Payload<'a> for ModifyAttributeRequest<'a> {
    const OPERATION: Operation = Operation::MODIFY_ATTRIBUTE;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let (mut uid, mut current, mut attr) = (None, None, None);
        let at = new_attribute_tag(v);
        for c in p.children() {
            match c.tag() {
                Tag::UNIQUE_IDENTIFIER => put_uid(&mut uid, &p, &c, v)?,
                Tag::CURRENT_ATTRIBUTE if v.is_v2() => {
                    put(&mut current, &p, &c, Attribute::decode_wrapped(c, v)?)?
                }
                t if t == at => put(&mut attr, &p, &c, decode_single(c, v)?)?,
                _ => {}
            }
        }
        Ok(ModifyAttributeRequest {
            unique_identifier: uid,
            current_attribute: current,
            attribute: codec::need(attr, at, &p)?,
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        encode_opt_uid(&self.unique_identifier, enc, v)?;
        if let Some(c) = &self.current_attribute {
            codec::gate(v, ProtocolVersion::V2_0, Tag::CURRENT_ATTRIBUTE)?;
            c.encode_wrapped(Tag::CURRENT_ATTRIBUTE, enc, v)?;
        }
        encode_single(&self.attribute, Tag::NEW_ATTRIBUTE, enc, v)
    }
}

impl<'a> Payload<'a> for ModifyAttributeResponse<'a> {
    const OPERATION: Operation = Operation::MODIFY_ATTRIBUTE;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let (unique_identifier, attribute) = decode_v1_response(p, v)?;
        Ok(ModifyAttributeResponse {
            unique_identifier,
            attribute,
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        encode_v1_response(&self.unique_identifier, &self.attribute, enc, v)
    }
}
