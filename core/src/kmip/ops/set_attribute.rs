//! Set Attribute (2.0): set a single-valued attribute, `{UID?, New Attribute}` → `{UID}`.

use super::Payload;
use crate::kmip::attributes::Attribute;
use crate::kmip::codec::{self, put};
use crate::kmip::uid::{encode_opt_uid, put_uid, Uid};
use crate::kmip::{Error, ProtocolVersion};
use crate::ttlv::{Encoder, Item, Operation, Sink, Tag};

/// Set Attribute request payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SetAttributeRequest<'a> {
    /// The object (absent: the ID Placeholder).
    pub unique_identifier: Option<Uid<'a>>,
    /// The attribute's new value.
    pub new_attribute: Attribute<'a>,
}

super::uid_only!(@response SET_ATTRIBUTE, SetAttributeResponse, "Set Attribute");

impl<'a> Payload<'a> for SetAttributeRequest<'a> {
    const OPERATION: Operation = Operation::SET_ATTRIBUTE;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let (mut uid, mut attr) = (None, None);
        for c in p.children() {
            match c.tag() {
                Tag::UNIQUE_IDENTIFIER => put_uid(&mut uid, &p, &c, v)?,
                Tag::NEW_ATTRIBUTE => put(
                    &mut attr,
                    &p,
                    &c,
                    Attribute::decode_wrapped(c, ProtocolVersion::V2_0.max(v))?,
                )?,
                _ => {}
            }
        }
        Ok(SetAttributeRequest {
            unique_identifier: uid,
            new_attribute: codec::need(attr, Tag::NEW_ATTRIBUTE, &p)?,
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        codec::gate(v, ProtocolVersion::V2_0, Tag::NEW_ATTRIBUTE)?;
        encode_opt_uid(&self.unique_identifier, enc, v)?;
        self.new_attribute
            .encode_wrapped(Tag::NEW_ATTRIBUTE, enc, v)
    }
}
