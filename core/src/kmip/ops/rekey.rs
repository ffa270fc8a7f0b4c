//! Re-key: a new symmetric key replacing an existing one, optionally with an Offset (an
//! Interval) for its dates and new attributes.

use super::create::{decode_masks, encode_masks, encode_v1_template};
use super::Payload;
use crate::kmip::attributes::TemplateAttribute;
use crate::kmip::codec::{self, put, Seq};
use crate::kmip::uid::{encode_opt_uid, put_uid, Uid};
use crate::kmip::{Error, ProtocolVersion};
use crate::ttlv::{Encoder, Item, Operation, ProtectionStorageMask, Sink, Tag};

/// Re-key request payload.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ReKeyRequest<'a> {
    /// The key to replace (absent: the ID Placeholder).
    pub unique_identifier: Option<Uid<'a>>,
    /// Offset, seconds (an Interval), between the old key's and the new key's dates.
    pub offset: Option<u32>,
    /// Attributes for the new key.
    pub template_attribute: Option<TemplateAttribute<'a>>,
    /// Protection Storage Masks (2.0).
    pub protection_storage_masks: Seq<'a, ProtectionStorageMask>,
}

/// Re-key response payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReKeyResponse<'a> {
    /// The new key's Unique Identifier.
    pub unique_identifier: Uid<'a>,
    /// Attributes the server set implicitly (1.x only).
    pub template_attribute: Option<TemplateAttribute<'a>>,
}

impl<'a> Payload<'a> for ReKeyRequest<'a> {
    const OPERATION: Operation = Operation::RE_KEY;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let mut r = ReKeyRequest::default();
        let mut masks = None;
        for c in p.children() {
            match c.tag() {
                Tag::UNIQUE_IDENTIFIER => put_uid(&mut r.unique_identifier, &p, &c, v)?,
                Tag::OFFSET => put(&mut r.offset, &p, &c, codec::interval(&c)?)?,
                t if TemplateAttribute::is_its_tag(t, v) => put(
                    &mut r.template_attribute,
                    &p,
                    &c,
                    TemplateAttribute::decode(c, v)?,
                )?,
                Tag::PROTECTION_STORAGE_MASKS => put(&mut masks, &p, &c, decode_masks(c, v)?)?,
                _ => {}
            }
        }
        r.protection_storage_masks = masks.unwrap_or_default();
        Ok(r)
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        encode_opt_uid(&self.unique_identifier, enc, v)?;
        if let Some(o) = self.offset {
            enc.interval(Tag::OFFSET, o)?;
        }
        if let Some(t) = &self.template_attribute {
            t.encode(enc, v)?;
        }
        encode_masks(&self.protection_storage_masks, enc, v)
    }
}

impl<'a> Payload<'a> for ReKeyResponse<'a> {
    const OPERATION: Operation = Operation::RE_KEY;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let (mut uid, mut ta) = (None, None);
        for c in p.children() {
            match c.tag() {
                Tag::UNIQUE_IDENTIFIER => put_uid(&mut uid, &p, &c, v)?,
                Tag::TEMPLATE_ATTRIBUTE if !v.is_v2() => {
                    put(&mut ta, &p, &c, TemplateAttribute::decode(c, v)?)?
                }
                _ => {}
            }
        }
        Ok(ReKeyResponse {
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
