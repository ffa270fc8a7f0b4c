//! Get Attributes: 1.x asks by Attribute Name strings and answers flat Attribute*; 2.x asks
//! by Attribute Reference and answers an Attributes structure. Attributes asked for but
//! unset are simply absent from the answer (SKLC-M-1).

use super::Payload;
use crate::kmip::attributes::{AttributeList, AttributeReference, ListCollector};
use crate::kmip::codec::{self, Seq};
use crate::kmip::uid::{encode_opt_uid, put_uid, Uid};
use crate::kmip::{Error, ProtocolVersion};
use crate::ttlv::{Encoder, Item, Operation, Sink, Tag};

/// Get Attributes request payload.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GetAttributesRequest<'a> {
    /// The object (absent: the ID Placeholder).
    pub unique_identifier: Option<Uid<'a>>,
    /// The attributes wanted (none: all of them).
    pub attribute_references: Seq<'a, AttributeReference<'a>>,
}

/// Get Attributes response payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GetAttributesResponse<'a> {
    /// Unique Identifier.
    pub unique_identifier: Uid<'a>,
    /// The attributes found.
    pub attributes: AttributeList<'a>,
}

impl<'a> Payload<'a> for GetAttributesRequest<'a> {
    const OPERATION: Operation = Operation::GET_ATTRIBUTES;
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
        Ok(GetAttributesRequest {
            unique_identifier: uid,
            attribute_references: Seq::from_wire(p, Some(ref_tag), n, v),
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        encode_opt_uid(&self.unique_identifier, enc, v)?;
        self.attribute_references
            .encode(AttributeReference::wire_tag(v), enc, v)
    }
}

impl<'a> Payload<'a> for GetAttributesResponse<'a> {
    const OPERATION: Operation = Operation::GET_ATTRIBUTES;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let mut uid = None;
        let mut list = ListCollector::default();
        for c in p.children() {
            if c.tag() == Tag::UNIQUE_IDENTIFIER {
                put_uid(&mut uid, &p, &c, v)?;
            } else {
                list.feed(&p, c, v)?;
            }
        }
        Ok(GetAttributesResponse {
            unique_identifier: codec::need(uid, Tag::UNIQUE_IDENTIFIER, &p)?,
            attributes: list.finish(p, v),
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        self.unique_identifier
            .encode(Tag::UNIQUE_IDENTIFIER, enc, v)?;
        if v.is_v2() {
            self.attributes.encode_v2_structure(enc, v)
        } else {
            self.attributes.encode_in(enc, v)
        }
    }
}
