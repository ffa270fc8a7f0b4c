//! Locate: find objects by attributes, with paging (Maximum Items, Offset Items from 1.3),
//! Storage Status Mask and Object Group Member (1.1). Located Items (1.3) is what the server
//! says it found in all; do not trust a 0 there (kmip-spec.md §7.12).

use super::Payload;
use crate::kmip::attributes::{AttributeList, ListCollector};
use crate::kmip::codec::{self, gate, put, Seq};
use crate::kmip::uid::Uid;
use crate::kmip::{Error, ProtocolVersion};
use crate::ttlv::{Encoder, Item, ObjectGroupMember, Operation, Sink, StorageStatusMask, Tag};

/// Locate request payload.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LocateRequest<'a> {
    /// Maximum Items: at most this many identifiers.
    pub maximum_items: Option<i32>,
    /// Offset Items (1.3): skip this many matches first.
    pub offset_items: Option<i32>,
    /// Storage Status Mask: on-line, archived, destroyed (2.0) objects.
    pub storage_status_mask: Option<StorageStatusMask>,
    /// Object Group Member (1.1): fresh or default members of the Object Group searched for.
    pub object_group_member: Option<ObjectGroupMember>,
    /// The attributes the objects must have.
    pub attributes: AttributeList<'a>,
}

/// Locate response payload.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LocateResponse<'a> {
    /// Located Items (1.3): how many objects matched in all.
    pub located_items: Option<i32>,
    /// The identifiers of this page.
    pub unique_identifiers: Seq<'a, Uid<'a>>,
}

impl<'a> Payload<'a> for LocateRequest<'a> {
    const OPERATION: Operation = Operation::LOCATE;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let mut r = LocateRequest::default();
        let mut list = ListCollector::default();
        for c in p.children() {
            match c.tag() {
                Tag::MAXIMUM_ITEMS => put(&mut r.maximum_items, &p, &c, codec::count(&c)?)?,
                Tag::OFFSET_ITEMS => put(&mut r.offset_items, &p, &c, codec::count(&c)?)?,
                Tag::STORAGE_STATUS_MASK => put(
                    &mut r.storage_status_mask,
                    &p,
                    &c,
                    StorageStatusMask(codec::int(&c)? as u32),
                )?,
                Tag::OBJECT_GROUP_MEMBER => put(
                    &mut r.object_group_member,
                    &p,
                    &c,
                    ObjectGroupMember(codec::enumeration(&c)?),
                )?,
                _ => {
                    list.feed(&p, c, v)?;
                }
            }
        }
        r.attributes = list.finish(p, v);
        Ok(r)
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        if let Some(x) = self.maximum_items {
            enc.integer(Tag::MAXIMUM_ITEMS, x)?;
        }
        if let Some(x) = self.offset_items {
            gate(v, ProtocolVersion::V1_3, Tag::OFFSET_ITEMS)?;
            enc.integer(Tag::OFFSET_ITEMS, x)?;
        }
        if let Some(x) = self.storage_status_mask {
            enc.integer(Tag::STORAGE_STATUS_MASK, x.0 as i32)?;
        }
        if let Some(x) = self.object_group_member {
            gate(v, ProtocolVersion::V1_1, Tag::OBJECT_GROUP_MEMBER)?;
            enc.enumeration(Tag::OBJECT_GROUP_MEMBER, x.0)?;
        }
        if v.is_v2() {
            self.attributes.encode_v2_structure(enc, v)
        } else {
            self.attributes.encode_in(enc, v)
        }
    }
}

impl<'a> Payload<'a> for LocateResponse<'a> {
    const OPERATION: Operation = Operation::LOCATE;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let mut located = None;
        let mut n = 0;
        for c in p.children() {
            match c.tag() {
                Tag::LOCATED_ITEMS => put(&mut located, &p, &c, codec::count(&c)?)?,
                Tag::UNIQUE_IDENTIFIER => codec::tally_uid(&mut n, &c, v)?,
                _ => {}
            }
        }
        Ok(LocateResponse {
            located_items: located,
            unique_identifiers: Seq::from_wire(p, Some(Tag::UNIQUE_IDENTIFIER), n, v),
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        if let Some(x) = self.located_items {
            gate(v, ProtocolVersion::V1_3, Tag::LOCATED_ITEMS)?;
            enc.integer(Tag::LOCATED_ITEMS, x)?;
        }
        self.unique_identifiers
            .encode(Tag::UNIQUE_IDENTIFIER, enc, v)
    }
}
