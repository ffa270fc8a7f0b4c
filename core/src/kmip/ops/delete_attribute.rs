//! Delete Attribute: 1.x `{UID?, Attribute Name, Attribute Index?}`; 2.x `{UID?, Current
//! Attribute?, Attribute Reference?}`.

use super::add_attribute::{decode_v1_response, encode_v1_response};
use super::Payload;
use crate::kmip::attributes::{Attribute, AttributeReference};
use crate::kmip::codec::{self, gate, put};
use crate::kmip::uid::{encode_opt_uid, put_uid, Uid};
use crate::kmip::{Error, ProtocolVersion};
use crate::ttlv::{Encoder, Item, Operation, Sink, Tag};

/// Delete Attribute request payload.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DeleteAttributeRequest<'a> {
    /// The object (absent: the ID Placeholder).
    pub unique_identifier: Option<Uid<'a>>,
    /// The attribute to delete, by name (required in 1.x).
    pub attribute_reference: Option<AttributeReference<'a>>,
    /// Which instance (1.x; absent: index 0).
    pub attribute_index: Option<i32>,
    /// The instance to delete, by value (2.x).
    pub current_attribute: Option<Attribute<'a>>,
}

/// Delete Attribute response payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DeleteAttributeResponse<'a> {
    /// Unique Identifier.
    pub unique_identifier: Uid<'a>,
    /// The attribute deleted (1.x only).
    pub attribute: Option<Attribute<'a>>,
}

impl<'a> Payload<'a> for DeleteAttributeRequest<'a> {
    const OPERATION: Operation = Operation::DELETE_ATTRIBUTE;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let mut r = DeleteAttributeRequest::default();
        let ref_tag = AttributeReference::wire_tag(v);
        for c in p.children() {
            match c.tag() {
                Tag::UNIQUE_IDENTIFIER => put_uid(&mut r.unique_identifier, &p, &c, v)?,
                Tag::ATTRIBUTE_INDEX if !v.is_v2() => {
                    put(&mut r.attribute_index, &p, &c, codec::int(&c)?)?
                }
                Tag::CURRENT_ATTRIBUTE if v.is_v2() => put(
                    &mut r.current_attribute,
                    &p,
                    &c,
                    Attribute::decode_wrapped(c, v)?,
                )?,
                t if t == ref_tag => put(
                    &mut r.attribute_reference,
                    &p,
                    &c,
                    AttributeReference::decode(c, v)?,
                )?,
                _ => {}
            }
        }
        if !v.is_v2() && r.attribute_reference.is_none() {
            return Err(Error::Missing {
                field: Tag::ATTRIBUTE_NAME,
                within: p.tag(),
                offset: p.offset(),
            });
        }
        Ok(r)
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        encode_opt_uid(&self.unique_identifier, enc, v)?;
        if v.is_v2() {
            if self.attribute_index.is_some() {
                return Err(Error::NotInVersion {
                    field: Tag::ATTRIBUTE_INDEX,
                    version: v,
                });
            }
            if let Some(c) = &self.current_attribute {
                c.encode_wrapped(Tag::CURRENT_ATTRIBUTE, enc, v)?;
            }
            if let Some(r) = &self.attribute_reference {
                r.encode(enc, v)?;
            }
            return Ok(());
        }
        if self.current_attribute.is_some() {
            gate(v, ProtocolVersion::V2_0, Tag::CURRENT_ATTRIBUTE)?;
        }
        match &self.attribute_reference {
            Some(r) => r.encode(enc, v)?,
            None => {
                return Err(Error::Required {
                    field: Tag::ATTRIBUTE_NAME,
                    within: Tag::REQUEST_PAYLOAD,
                })
            }
        }
        if let Some(i) = self.attribute_index {
            enc.integer(Tag::ATTRIBUTE_INDEX, i)?;
        }
        Ok(())
    }
}

impl<'a> Payload<'a> for DeleteAttributeResponse<'a> {
    const OPERATION: Operation = Operation::DELETE_ATTRIBUTE;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let (unique_identifier, attribute) = decode_v1_response(p, v)?;
        Ok(DeleteAttributeResponse {
            unique_identifier,
            attribute,
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        encode_v1_response(&self.unique_identifier, &self.attribute, enc, v)
    }
}
