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
    ///
    /// One pass when the header comes first (as it must): each batch item is decoded where the
    /// message keeps it. Errors are those of a header-then-items reading: an item's error is
    /// held until the header is known to be sound.
    pub fn decode_item(item: Item<'a>) -> Result<Self, Error> {
        let mut out = RequestMessage::new(RequestHeader::new(ProtocolVersion::V1_0));
        out.decode_into(item)?;
        Ok(out)
    }

    /// Decodes into `self`, where every part of the message stays (as for a response).
    fn decode_into(&mut self, item: Item<'a>) -> Result<(), Error> {
        codec::expect_struct_tag(&item, Tag::REQUEST_MESSAGE)?;
        let mut header = None;
        let mut held = None;
        let mut item_before_header = false;
        for c in item.children() {
            match c.tag() {
                Tag::REQUEST_HEADER => {
                    codec::put(&mut header, &item, &c, RequestHeader::decode(c)?)?
                }
                Tag::BATCH_ITEM if held.is_none() && !item_before_header => match &header {
                    Some(h) => {
                        let version = h.protocol_version;
                        if let Err(e) = push_request_item(&mut self.batch_items, c, version) {
                            held = Some(e);
                        }
                    }
                    None => item_before_header = true,
                },
                _ => {}
            }
        }
        let header = codec::need(header, Tag::REQUEST_HEADER, &item)?;
        if item_before_header {
            // Out of order: read the items now that the version is known.
            for c in item.children() {
                if c.tag() == Tag::BATCH_ITEM {
                    push_request_item(&mut self.batch_items, c, header.protocol_version)?;
                }
            }
        } else if let Some(e) = held {
            return Err(e);
        }
        check_count(header.batch_count, self.batch_items.len(), &item)?;
        self.header = header;
        Ok(())
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

/// Decodes one request batch item at the end of `items`.
fn push_request_item<'a, const N: usize>(
    items: &mut heapless::Vec<RequestBatchItem<'a>, N>,
    c: Item<'a>,
    version: ProtocolVersion,
) -> Result<(), Error> {
    if items.is_full() {
        // The item's own errors come first, then that there is no room for it.
        RequestBatchItem::decode(c, version)?;
        return push(items, RequestBatchItem::unset(), c.offset());
    }
    push(items, RequestBatchItem::unset(), c.offset())?;
    match items.last_mut() {
        Some(b) => b.decode_into(c, version),
        None => Ok(()),
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
    ///
    /// One pass when the header comes first (as it must): each batch item is decoded where the
    /// message keeps it. Errors are those of a header-then-items reading: an item's error is
    /// held until the header is known to be sound.
    pub fn decode_item(item: Item<'a>, sent: ProtocolVersion) -> Result<Self, Error> {
        let mut out = ResponseMessage::new(ResponseHeader::new(sent, 0));
        out.decode_into(item, sent)?;
        Ok(out)
    }

    /// Decodes into `self`, where every part of the message stays: a message is most of a
    /// kilobyte, and moving its parts through each layer's `Result` cost more than reading them.
    /// (The one move left is the return: Rust does not promise to build a result in place.)
    fn decode_into(&mut self, item: Item<'a>, sent: ProtocolVersion) -> Result<(), Error> {
        codec::expect_struct_tag(&item, Tag::RESPONSE_MESSAGE)?;
        let mut header_seen = false;
        let mut held = None;
        let mut item_before_header = false;
        for c in item.children() {
            match c.tag() {
                Tag::RESPONSE_HEADER => {
                    if header_seen {
                        // A second header: its own errors first, as for any repeated field.
                        ResponseHeader::decode(c)?;
                        return Err(Error::Duplicate {
                            field: Tag::RESPONSE_HEADER,
                            within: item.tag(),
                            offset: c.offset(),
                        });
                    }
                    self.header.decode_into(c)?;
                    header_seen = true;
                }
                Tag::BATCH_ITEM if held.is_none() && !item_before_header => {
                    if !header_seen {
                        item_before_header = true;
                    } else if let Err(e) = Self::push_item(
                        &mut self.batch_items,
                        c,
                        self.header.protocol_version,
                        sent,
                    ) {
                        held = Some(e);
                    }
                }
                _ => {}
            }
        }
        if !header_seen {
            return Err(Error::Missing {
                field: Tag::RESPONSE_HEADER,
                within: item.tag(),
                offset: item.offset(),
            });
        }
        if item_before_header {
            // Out of order: read the items now that the version is known.
            for c in item.children() {
                if c.tag() == Tag::BATCH_ITEM {
                    Self::push_item(&mut self.batch_items, c, self.header.protocol_version, sent)?;
                }
            }
        } else if let Some(e) = held {
            return Err(e);
        }
        check_count(self.header.batch_count, self.batch_items.len(), &item)
    }

    /// Decodes one batch item at the end of `items`.
    fn push_item(
        items: &mut heapless::Vec<ResponseBatchItem<'a>, N>,
        c: Item<'a>,
        received: ProtocolVersion,
        sent: ProtocolVersion,
    ) -> Result<(), Error> {
        let check = |b: &ResponseBatchItem<'_>| {
            if received.major != sent.major && b.result_status != ResultStatus::OPERATION_FAILED {
                Err(Error::MajorVersionMismatch { sent, received })
            } else {
                Ok(())
            }
        };
        if items.is_full() {
            // The item's own errors come first, then that there is no room for it.
            check(&ResponseBatchItem::decode(c, received)?)?;
            return push(items, ResponseBatchItem::unset(), c.offset());
        }
        push(items, ResponseBatchItem::unset(), c.offset())?;
        match items.last_mut() {
            Some(b) => {
                b.decode_into(c, received)?;
                check(b)
            }
            None => Ok(()),
        }
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
