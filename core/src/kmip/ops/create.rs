//! Create: a new managed object (here: symmetric keys) from attributes. 1.x sends them in a
//! Template-Attribute, 2.x in Attributes (plus Protection Storage Masks).

use super::Payload;
use crate::kmip::attributes::TemplateAttribute;
use crate::kmip::codec::{self, put, Seq};
use crate::kmip::uid::{put_uid, Uid};
use crate::kmip::{Error, ProtocolVersion};
use crate::ttlv::{Encoder, Item, ObjectType, Operation, ProtectionStorageMask, Sink, Tag};

/// Create request payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CreateRequest<'a> {
    /// Object Type (Symmetric Key for this layer's users).
    pub object_type: ObjectType,
    /// The attributes of the new object (always sent, even when empty).
    pub template_attribute: TemplateAttribute<'a>,
    /// Protection Storage Masks (2.0): where the object may be stored.
    pub protection_storage_masks: Seq<'a, ProtectionStorageMask>,
}

impl<'a> CreateRequest<'a> {
    /// Create a symmetric key with these attributes.
    pub fn symmetric_key(attributes: TemplateAttribute<'a>) -> Self {
        CreateRequest {
            object_type: ObjectType::SYMMETRIC_KEY,
            template_attribute: attributes,
            protection_storage_masks: Seq::empty(),
        }
    }
}

/// Create response payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CreateResponse<'a> {
    /// Object Type.
    pub object_type: ObjectType,
    /// The new object's Unique Identifier.
    pub unique_identifier: Uid<'a>,
    /// Attributes the server set implicitly (1.x Template-Attribute only).
    pub template_attribute: Option<TemplateAttribute<'a>>,
}

/// Reads a 2.x Protection Storage Masks structure.
pub(crate) fn decode_masks<'a>(
    item: Item<'a>,
    v: ProtocolVersion,
) -> Result<Seq<'a, ProtectionStorageMask>, Error> {
    codec::expect_structure(&item)?;
    let mut n = 0;
    for c in item.children() {
        if c.tag() == Tag::PROTECTION_STORAGE_MASK {
            codec::tally::<ProtectionStorageMask>(&mut n, c, v)?;
        }
    }
    Ok(Seq::from_wire(
        item,
        Some(Tag::PROTECTION_STORAGE_MASK),
        n,
        v,
    ))
}

/// Writes a 2.x Protection Storage Masks structure when there are masks.
pub(crate) fn encode_masks<S: Sink>(
    masks: &Seq<'_, ProtectionStorageMask>,
    enc: &mut Encoder<S>,
    v: ProtocolVersion,
) -> Result<(), Error> {
    if masks.is_empty() {
        return Ok(());
    }
    codec::gate(v, ProtocolVersion::V2_0, Tag::PROTECTION_STORAGE_MASKS)?;
    codec::structure(enc, Tag::PROTECTION_STORAGE_MASKS, |e| {
        masks.encode(Tag::PROTECTION_STORAGE_MASK, e, v)
    })
}

impl<'a> Payload<'a> for CreateRequest<'a> {
    const OPERATION: Operation = Operation::CREATE;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let (mut ot, mut ta, mut masks) = (None, None, None);
        for c in p.children() {
            match c.tag() {
                Tag::OBJECT_TYPE => put(&mut ot, &p, &c, ObjectType(codec::enumeration(&c)?))?,
                t if TemplateAttribute::is_its_tag(t, v) => {
                    put(&mut ta, &p, &c, TemplateAttribute::decode(c, v)?)?
                }
                Tag::PROTECTION_STORAGE_MASKS => put(&mut masks, &p, &c, decode_masks(c, v)?)?,
                _ => {}
            }
        }
        Ok(CreateRequest {
            object_type: codec::need(ot, Tag::OBJECT_TYPE, &p)?,
            template_attribute: codec::need(ta, TemplateAttribute::tag(v), &p)?,
            protection_storage_masks: masks.unwrap_or_default(),
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        enc.enumeration(Tag::OBJECT_TYPE, self.object_type.0)?;
        self.template_attribute.encode(enc, v)?;
        encode_masks(&self.protection_storage_masks, enc, v)
    }
}

impl<'a> Payload<'a> for CreateResponse<'a> {
    const OPERATION: Operation = Operation::CREATE;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let (mut ot, mut uid, mut ta) = (None, None, None);
        for c in p.children() {
            match c.tag() {
                Tag::OBJECT_TYPE => put(&mut ot, &p, &c, ObjectType(codec::enumeration(&c)?))?,
                Tag::UNIQUE_IDENTIFIER => put_uid(&mut uid, &p, &c, v)?,
                Tag::TEMPLATE_ATTRIBUTE if !v.is_v2() => {
                    put(&mut ta, &p, &c, TemplateAttribute::decode(c, v)?)?
                }
                _ => {}
            }
        }
        Ok(CreateResponse {
            object_type: codec::need(ot, Tag::OBJECT_TYPE, &p)?,
            unique_identifier: codec::need(uid, Tag::UNIQUE_IDENTIFIER, &p)?,
            template_attribute: ta,
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        enc.enumeration(Tag::OBJECT_TYPE, self.object_type.0)?;
        self.unique_identifier
            .encode(Tag::UNIQUE_IDENTIFIER, enc, v)?;
        encode_v1_template(&self.template_attribute, enc, v)
    }
}

/// Writes the optional Template-Attribute of a 1.x response (refused in 2.x, which returns
/// none).
pub(crate) fn encode_v1_template<S: Sink>(
    ta: &Option<TemplateAttribute<'_>>,
    enc: &mut Encoder<S>,
    v: ProtocolVersion,
) -> Result<(), Error> {
    match ta {
        Some(t) => {
            codec::gate_v1_only(v, Tag::TEMPLATE_ATTRIBUTE)?;
            t.encode(enc, v)
        }
        None => Ok(()),
    }
}
