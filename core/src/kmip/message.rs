//! Whole messages: `Request Message {Request Header, Batch Item+}` and `Response Message
//! {Response Header, Batch Item+}`.
//!
//! Batch items live in a `heapless::Vec` whose capacity `N` is a const generic (default
//! [`DEFAULT_BATCH_CAPACITY`]); a message with more items is an [`Error::TooMany`], never
//! truncated. Everything inside an item borrows from the message bytes.

use super::batch::{RequestBatchItem, ResponseBatchItem};
use super::codec;
use super::header::{RequestHeader, ResponseHeader};
use super::ops::{RequestPayload, ResponsePayload};
use super::{Error, ProtocolVersion};
use crate::ttlv::{decode, Encoder, Item, ResultStatus, Sink, Tag};

/// The number of batch items a message holds unless the caller picks another capacity.
pub const DEFAULT_BATCH_CAPACITY: usize = 4;

fn push<T, const N: usize>(v: &mut heapless::Vec<T, N>, x: T, offset: usize) -> Result<(), Error> {
    v.push(x).map_err(|_| Error::TooMany {
        field: Tag::BATCH_ITEM,
        capacity: N,
        offset,
    })
}

fn count_of(n: usize) -> Result<i32, Error> {
    i32::try_from(n).map_err(|_| Error::BatchCountMismatch {
        declared: i32::MAX,
        found: n,
    })
}

/// A Request Message.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestMessage<'a, const N: usize = DEFAULT_BATCH_CAPACITY> {
    /// The header; its Protocol Version is the version of the whole message.
    pub header: RequestHeader<'a>,
    /// The batch items.
    pub batch_items: heapless::Vec<RequestBatchItem<'a>, N>,
}

impl<'a, const N: usize> RequestMessage<'a, N> {
    /// A message with this header and no items yet.
    pub fn new(header: RequestHeader<'a>) -> Self {
        RequestMessage {
            header,
            batch_items: heapless::Vec::new(),
        }
    }

    /// A one-item message with a bare header of `version`.
    pub fn single(
        version: ProtocolVersion,
        payload: impl Into<RequestPayload<'a>>,
    ) -> Result<Self, Error> {
        let mut m = RequestMessage::new(RequestHeader::new(version));
        m.push(RequestBatchItem::new(payload))?;
        Ok(m)
    }

    /// The protocol version.
    pub fn version(&self) -> ProtocolVersion {
        self.header.protocol_version
    }

    /// Adds a batch item (and keeps the header's Batch Count in step).
    pub fn push(&mut self, item: RequestBatchItem<'a>) -> Result<(), Error> {
        push(&mut self.batch_items, item, 0)?;
        self.header.batch_count = count_of(self.batch_items.len())?;
        Ok(())
    }

    /// Decodes a complete request (server side): the header's version picks the dialect.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        Self::decode_item(decode(bytes)?)
    }

    /// Decodes a request from an already validated TTLV item.
    pub fn decode_item(item: Item<'a>) -> Result<Self, Error> {
        codec::expect_struct_tag(&item, Tag::REQUEST_MESSAGE)?;
        let mut header = None;
        for c in item.children() {
            if c.tag() == Tag::REQUEST_HEADER {
                codec::put(&mut header, &item, &c, RequestHeader::decode(c)?)?;
            }
        }
        let header = codec::need(header, Tag::REQUEST_HEADER, &item)?;
        let version = header.protocol_version;
        let mut items = heapless::Vec::new();
        for c in item.children() {
            if c.tag() == Tag::BATCH_ITEM {
                push(
                    &mut items,
                    RequestBatchItem::decode(c, version)?,
                    c.offset(),
                )?;
            }
        }
        check_count(header.batch_count, items.len(), &item)?;
        Ok(RequestMessage {
            header,
            batch_items: items,
        })
    }

    /// Writes the message; the Batch Count written is the number of items.
    pub fn encode<S: Sink>(&self, enc: &mut Encoder<S>) -> Result<(), Error> {
        let version = self.header.protocol_version;
        codec::structure(enc, Tag::REQUEST_MESSAGE, |e| {
            self.header
                .encode_with_count(e, count_of(self.batch_items.len())?)?;
            for b in &self.batch_items {
                b.encode(e, version)?;
            }
            Ok(())
        })
    }
}

fn check_count(declared: i32, found: usize, msg: &Item<'_>) -> Result<(), Error> {
    if found == 0 {
        return Err(Error::Missing {
            field: Tag::BATCH_ITEM,
            within: msg.tag(),
            offset: msg.offset(),
        });
    }
    if usize::try_from(declared).ok() != Some(found) {
        return Err(Error::BatchCountMismatch { declared, found });
    }
    Ok(())
}

/// A Response Message.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseMessage<'a, const N: usize = DEFAULT_BATCH_CAPACITY> {
    /// The header; its Protocol Version is what the server answered in.
    pub header: ResponseHeader<'a>,
    /// The batch items, in the server's order.
    pub batch_items: heapless::Vec<ResponseBatchItem<'a>, N>,
}

impl<'a, const N: usize> ResponseMessage<'a, N> {
    /// A message with this header and no items yet.
    pub fn new(header: ResponseHeader<'a>) -> Self {
        ResponseMessage {
            header,
            batch_items: heapless::Vec::new(),
        }
    }

    /// Adds a batch item (and keeps the header's Batch Count in step).
    pub fn push(&mut self, item: ResponseBatchItem<'a>) -> Result<(), Error> {
        push(&mut self.batch_items, item, 0)?;
        self.header.batch_count = count_of(self.batch_items.len())?;
        Ok(())
    }

    /// A one-item response.
    pub fn single(header: ResponseHeader<'a>, item: ResponseBatchItem<'a>) -> Result<Self, Error> {
        let mut m = ResponseMessage::new(header);
        m.push(item)?;
        Ok(m)
    }

    /// The first batch item (every valid response has one).
    pub fn first(&self) -> Option<&ResponseBatchItem<'a>> {
        self.batch_items.first()
    }

    /// The item whose Unique Batch Item ID is `id`.
    pub fn item_by_id(&self, id: &[u8]) -> Option<&ResponseBatchItem<'a>> {
        self.batch_items
            .iter()
            .find(|b| b.unique_batch_item_id == Some(id))
    }

    /// Decodes a complete response to a request sent in `sent`.
    ///
    /// Payloads are read in the dialect of the version the server answered in (a server
    /// answering 1.0 with 1.4 fields, or another minor version, is fine: unknown fields are
    /// skipped). A server answering in another *major* version is accepted only for items
    /// that failed (PyKMIP rejects a 3.0 request with a 1.0 Invalid Message answer); a
    /// successful item then is [`Error::MajorVersionMismatch`].
    pub fn decode(bytes: &'a [u8], sent: ProtocolVersion) -> Result<Self, Error> {
        Self::decode_item(decode(bytes)?, sent)
    }

    /// Decodes a response from an already validated TTLV item.
    pub fn decode_item(item: Item<'a>, sent: ProtocolVersion) -> Result<Self, Error> {
        codec::expect_struct_tag(&item, Tag::RESPONSE_MESSAGE)?;
        let mut header = None;
        for c in item.children() {
            if c.tag() == Tag::RESPONSE_HEADER {
                codec::put(&mut header, &item, &c, ResponseHeader::decode(c)?)?;
            }
        }
        let header = codec::need(header, Tag::RESPONSE_HEADER, &item)?;
        let received = header.protocol_version;
        let mut items = heapless::Vec::new();
        for c in item.children() {
            if c.tag() == Tag::BATCH_ITEM {
                let b = ResponseBatchItem::decode(c, received)?;
                if received.major != sent.major && b.result_status != ResultStatus::OPERATION_FAILED
                {
                    return Err(Error::MajorVersionMismatch { sent, received });
                }
                push(&mut items, b, c.offset())?;
            }
        }
        check_count(header.batch_count, items.len(), &item)?;
        Ok(ResponseMessage {
            header,
            batch_items: items,
        })
    }

    /// Writes the message; the Batch Count written is the number of items.
    pub fn encode<S: Sink>(&self, enc: &mut Encoder<S>) -> Result<(), Error> {
        let version = self.header.protocol_version;
        codec::structure(enc, Tag::RESPONSE_MESSAGE, |e| {
            self.header
                .encode_with_count(e, count_of(self.batch_items.len())?)?;
            for b in &self.batch_items {
                b.encode(e, version)?;
            }
            Ok(())
        })
    }
}

impl<'a> ResponsePayload<'a> {
    /// The typed payload, if this is `P`'s.
    pub fn as_op<P: super::ops::Response<'a>>(&self) -> Option<&P> {
        P::from_payload(self)
    }
}
