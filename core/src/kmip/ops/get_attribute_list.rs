//! Get Attribute List: which attributes an object has (1.x by name, 2.x by reference).

use super::Payload;
use crate::kmip::attributes::AttributeReference;
use crate::kmip::codec::{self, Seq};
use crate::kmip::uid::{encode_opt_uid, put_uid, Uid};
use crate::kmip::{Error, ProtocolVersion};
use crate::ttlv::{Encoder, Item, Operation, Sink, Tag};

/// Get Attribute List request payload: `{Unique Identifier?}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetAttributeListRequest<'a> {
    /// The object (absent: the ID Placeholder).
    pub unique_identifier: Option<Uid<'a>>,
}

/// Get Attribute List response payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GetAttributeListResponse<'a> {
    /// Unique Identifier.
    pub unique_identifier: Uid<'a>,
    /// The attributes the object has (1.x Attribute Name*, 2.x Attribute Reference*).
    pub attribute_references: Seq<'a, AttributeReference<'a>>,
}

impl<'a> Payload<'a> for GetAttributeListRequest<'a> {
    const OPERATION: Operation = Operation::GET_ATTRIBUTE_LIST;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let mut r = GetAttributeListRequest::default();
        for c in p.children() {
            if c.tag() == Tag::UNIQUE_IDENTIFIER {
                put_uid(&mut r.unique_identifier, &p, &c, v)?;
            }
        }
        Ok(r)
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        encode_opt_uid(&self.unique_identifier, enc, v)
    }
}

impl<'a> Payload<'a> for GetAttributeListResponse<'a> {
    const OPERATION: Operation = Operation::GET_ATTRIBUTE_LIST;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let mut uid = None;
        let mut n = 0;
        let ref_tag = AttributeReference::wire_tag(v);
        for c in p.children() {
            match c.tag() {
                Tag::UNIQUE_IDENTIFIER => put_uid(&mut uid, &p, &c, v)?,
                t if t == ref_tag => codec::tally::<AttributeReference>(&mut n, c, v)?,
                _ => {}
            }
        }
        Ok(GetAttributeListResponse {
            unique_identifier: codec::need(uid, Tag::UNIQUE_IDENTIFIER, &p)?,
            attribute_references: Seq::from_wire(p, Some(ref_tag), n, v),
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        self.unique_identifier
            .encode(Tag::UNIQUE_IDENTIFIER, enc, v)?;
        self.attribute_references
            .encode(AttributeReference::wire_tag(v), enc, v)
    }
}
