//! Register: hand the server an object made by the client (a symmetric key in Raw or
//! Transparent Symmetric Key format, secret data, …) with its attributes.

use super::create::{decode_masks, encode_masks, encode_v1_template};
use super::Payload;
use crate::kmip::attributes::TemplateAttribute;
use crate::kmip::codec::{self, put, Seq};
use crate::kmip::objects::Object;
use crate::kmip::uid::{put_uid, Uid};
use crate::kmip::{Error, ProtocolVersion};
use crate::ttlv::{Encoder, Item, ObjectType, Operation, ProtectionStorageMask, Sink, Tag};

/// Register request payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RegisterRequest<'a> {
    /// Object Type.
    pub object_type: ObjectType,
    /// The object's attributes (always sent, even when empty).
    pub template_attribute: TemplateAttribute<'a>,
    /// The object.
    pub object: Object<'a>,
    /// Protection Storage Masks (2.0).
    pub protection_storage_masks: Seq<'a, ProtectionStorageMask>,
}

impl<'a> RegisterRequest<'a> {
    /// Register `object` (its Object Type follows from it) with these attributes.
    pub fn new(object: Object<'a>, attributes: TemplateAttribute<'a>) -> Self {
        RegisterRequest {
            object_type: object.object_type(),
            template_attribute: attributes,
            object,
            protection_storage_masks: Seq::empty(),
        }
    }
}

/// Register response payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RegisterResponse<'a> {
    /// The new object's Unique Identifier.
    pub unique_identifier: Uid<'a>,
    /// Attributes the server set implicitly (1.x only).
    pub template_attribute: Option<TemplateAttribute<'a>>,
}

impl<'a> RegisterRequest<'a> {
    /// A payload to decode into: [`RegisterRequest::decode_into`] sets every field.
    #[inline(always)]
    pub(crate) fn unset() -> Self {
        RegisterRequest {
            object_type: ObjectType(0),
            template_attribute: TemplateAttribute::default(),
            object: Object::unset(),
            protection_storage_masks: Seq::empty(),
        }
    }

    /// Decodes the payload into `self`, the object in place (a Key Block is half a kilobyte).
    pub(crate) fn decode_into(&mut self, p: Item<'a>, v: ProtocolVersion) -> Result<(), Error> {
        let (mut ot, mut ta, mut masks, mut found) = (None, None, None, false);
        for c in p.children() {
            match c.tag() {
                Tag::OBJECT_TYPE => put(&mut ot, &p, &c, ObjectType(codec::enumeration(&c)?))?,
                t if TemplateAttribute::is_its_tag(t, v) => {
                    put(&mut ta, &p, &c, TemplateAttribute::decode(c, v)?)?
                }
                Tag::PROTECTION_STORAGE_MASKS => put(&mut masks, &p, &c, decode_masks(c, v)?)?,
                t if Object::is_object_tag(t) => {
                    if found {
                        // A second object: its own errors first, as for any repeated field.
                        Object::decode(c, v)?;
                        return Err(Error::Duplicate {
                            field: t,
                            within: p.tag(),
                            offset: c.offset(),
                        });
                    }
                    self.object.decode_into(c, v)?;
                    found = true;
                }
                _ => {}
            }
        }
        let ot = codec::need(ot, Tag::OBJECT_TYPE, &p)?;
        self.object_type = ot;
        self.template_attribute = codec::need(ta, TemplateAttribute::tag(v), &p)?;
        if !found {
            return Err(Error::Missing {
                field: Object::tag_of(ot).unwrap_or(Tag::SYMMETRIC_KEY),
                within: p.tag(),
                offset: p.offset(),
            });
        }
        self.protection_storage_masks = masks.unwrap_or_default();
        Ok(())
    }
}

impl<'a> Payload<'a> for RegisterRequest<'a> {
    const OPERATION: Operation = Operation::REGISTER;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let mut r = RegisterRequest::unset();
        r.decode_into(p, v)?;
        Ok(r)
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        enc.enumeration(Tag::OBJECT_TYPE, self.object_type.0)?;
        self.template_attribute.encode(enc, v)?;
        self.object.encode(enc, v)?;
        encode_masks(&self.protection_storage_masks, enc, v)
    }
}

impl<'a> Payload<'a> for RegisterResponse<'a> {
    const OPERATION: Operation = Operation::REGISTER;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let (mut uid, mut ta) = (None, None);
        for c in p.children() {
            match c.tag() {
                Tag::UNIQUE_IDENTIFIER => put_uid(&mut uid, &p, &c, v)?,
                Tag::TEMPLATE_ATTRIBUTE if !v.is_v2() => {
                    put(&mut ta, &p, &c, TemplateAttribute::decode(c, v)?)?
                }
                // Vault adds Object Type here (hashicorp/vault#9147): skipped like any field
                // the payload does not define.
                _ => {}
            }
        }
        Ok(RegisterResponse {
            unique_identifier: codec::need(uid, Tag::UNIQUE_IDENTIFIER, &p)?,
            template_attribute: ta,
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        self.unique_identifier
            .encode(Tag::UNIQUE_IDENTIFIER, enc, v)?;
        encode_v1_template(&self.template_attribute, enc, v)
    }
}
