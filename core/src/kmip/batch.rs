//! Batch items: the request side (Operation, Ephemeral, Unique Batch Item ID, payload) and the
//! response side (Result Status/Reason/Message, Asynchronous Correlation Value, payload).
//!
//! A failed response item may lack Operation and payload (the official 1.0 UC 12.1 and
//! PyKMIP's Invalid Message answers do; libkmip crashed on it): every payload field of a
//! response item is optional, and an item without Operation keeps its payload untyped.

use super::codec::{self, gate, put, RawStructure};
use super::ops::{RequestPayload, Response, ResponsePayload};
use super::{Error, Problem, ProtocolVersion};
use crate::ttlv::{Encoder, Item, Operation, ResultReason, ResultStatus, Sink, Tag};

/// Message Extension `{Vendor Identification, Criticality Indicator, Vendor Extension}`.
/// A critical extension the receiver does not understand makes it reject the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageExtension<'a> {
    /// Vendor Identification.
    pub vendor_identification: &'a str,
    /// Criticality Indicator.
    pub criticality_indicator: bool,
    /// Vendor Extension (vendor-defined content).
    pub vendor_extension: RawStructure<'a>,
}

impl<'a> MessageExtension<'a> {
    fn decode(item: Item<'a>) -> Result<Self, Error> {
        codec::expect_structure(&item)?;
        let (mut vendor, mut critical, mut ext) = (None, None, None);
        for c in item.children() {
            match c.tag() {
                Tag::VENDOR_IDENTIFICATION => put(&mut vendor, &item, &c, codec::text(&c)?)?,
                Tag::CRITICALITY_INDICATOR => put(&mut critical, &item, &c, codec::boolean(&c)?)?,
                Tag::VENDOR_EXTENSION => put(&mut ext, &item, &c, RawStructure::decode(c)?)?,
                _ => {}
            }
        }
        Ok(MessageExtension {
            vendor_identification: codec::need(vendor, Tag::VENDOR_IDENTIFICATION, &item)?,
            criticality_indicator: codec::need(critical, Tag::CRITICALITY_INDICATOR, &item)?,
            vendor_extension: codec::need(ext, Tag::VENDOR_EXTENSION, &item)?,
        })
    }

    fn encode<S: Sink>(&self, enc: &mut Encoder<S>) -> Result<(), Error> {
        codec::structure(enc, Tag::MESSAGE_EXTENSION, |e| {
            e.text(Tag::VENDOR_IDENTIFICATION, self.vendor_identification)?;
            e.boolean(Tag::CRITICALITY_INDICATOR, self.criticality_indicator)?;
            self.vendor_extension.encode(Tag::VENDOR_EXTENSION, e)
        })
    }
}

/// A request Batch Item.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RequestBatchItem<'a> {
    /// The payload; it also gives the Operation.
    pub payload: RequestPayload<'a>,
    /// Ephemeral (2.0): the server should not keep the objects the operation creates.
    pub ephemeral: Option<bool>,
    /// Unique Batch Item ID (required when the batch has several items; echoed back).
    pub unique_batch_item_id: Option<&'a [u8]>,
    /// Message Extension.
    pub message_extension: Option<MessageExtension<'a>>,
}

impl<'a> RequestBatchItem<'a> {
    /// An item with this payload and nothing else.
    pub fn new(payload: impl Into<RequestPayload<'a>>) -> Self {
        RequestBatchItem {
            payload: payload.into(),
            ephemeral: None,
            unique_batch_item_id: None,
            message_extension: None,
        }
    }

    /// The same item with a Unique Batch Item ID.
    pub fn with_id(mut self, id: &'a [u8]) -> Self {
        self.unique_batch_item_id = Some(id);
        self
    }

    /// The Operation.
    pub fn operation(&self) -> Operation {
        self.payload.operation()
    }

    /// Decodes a request Batch Item.
    pub fn decode(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        let mut b = RequestBatchItem::unset();
        b.decode_into(item, version)?;
        Ok(b)
    }

    /// An item to decode into: [`RequestBatchItem::decode_into`] sets every field.
    #[inline(always)]
    pub(crate) fn unset() -> Self {
        RequestBatchItem {
            payload: RequestPayload::unset(),
            ephemeral: None,
            unique_batch_item_id: None,
            message_extension: None,
        }
    }

    /// Decodes a request Batch Item into `self`, where the message keeps it (the payload is
    /// written in place: see [`RequestPayload::decode_into`]).
    pub(crate) fn decode_into(
        &mut self,
        item: Item<'a>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        codec::expect_struct_tag(&item, Tag::BATCH_ITEM)?;
        let i = &item;
        *self = RequestBatchItem::unset();
        let (mut op, mut payload) = (None, None);
        for c in item.children() {
            match c.tag() {
                Tag::OPERATION => put(&mut op, i, &c, Operation(codec::enumeration(&c)?))?,
                Tag::EPHEMERAL => put(&mut self.ephemeral, i, &c, codec::boolean(&c)?)?,
                Tag::UNIQUE_BATCH_ITEM_ID => {
                    put(&mut self.unique_batch_item_id, i, &c, codec::bytes(&c)?)?
                }
                Tag::REQUEST_PAYLOAD => {
                    codec::expect_structure(&c)?;
                    put(&mut payload, i, &c, c)?
                }
                Tag::MESSAGE_EXTENSION => put(
                    &mut self.message_extension,
                    i,
                    &c,
                    MessageExtension::decode(c)?,
                )?,
                _ => {}
            }
        }
        let op = codec::need(op, Tag::OPERATION, &item)?;
        let payload = codec::need(payload, Tag::REQUEST_PAYLOAD, &item)?;
        self.payload.decode_into(op, payload, version)
    }

    /// Writes the Batch Item.
    pub fn encode<S: Sink>(
        &self,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        codec::structure(enc, Tag::BATCH_ITEM, |e| {
            e.enumeration(Tag::OPERATION, self.operation().0)?;
            if let Some(b) = self.ephemeral {
                gate(version, ProtocolVersion::V2_0, Tag::EPHEMERAL)?;
                e.boolean(Tag::EPHEMERAL, b)?;
            }
            if let Some(id) = self.unique_batch_item_id {
                e.bytes(Tag::UNIQUE_BATCH_ITEM_ID, id)?;
            }
            codec::structure(e, Tag::REQUEST_PAYLOAD, |e| self.payload.encode(e, version))?;
            if let Some(x) = &self.message_extension {
                x.encode(e)?;
            }
            Ok(())
        })
    }
}

/// Why a batch item did not succeed: its status, reason and message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Failure<'a> {
    /// Result Status (Operation Failed or Operation Undone).
    pub status: ResultStatus,
    /// Result Reason (Item Not Found, Operation Not Supported, …).
    pub reason: Option<ResultReason>,
    /// Result Message, free text.
    pub message: Option<&'a str>,
}

/// A response Batch Item.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ResponseBatchItem<'a> {
    /// Operation (present when the request item was understood).
    pub operation: Option<Operation>,
    /// Unique Batch Item ID, echoed from the request.
    pub unique_batch_item_id: Option<&'a [u8]>,
    /// Result Status.
    pub result_status: ResultStatus,
    /// Result Reason (required when the status is Operation Failed).
    pub result_reason: Option<ResultReason>,
    /// Result Message.
    pub result_message: Option<&'a str>,
    /// Asynchronous Correlation Value (required when the status is Operation Pending): poll
    /// or cancel with it.
    pub asynchronous_correlation_value: Option<&'a [u8]>,
    /// The payload (absent from most failures).
    pub payload: Option<ResponsePayload<'a>>,
    /// Message Extension.
    pub message_extension: Option<MessageExtension<'a>>,
}

impl<'a> ResponseBatchItem<'a> {
    /// A successful item with this payload.
    pub fn success(payload: impl Into<ResponsePayload<'a>>) -> Self {
        let payload = payload.into();
        ResponseBatchItem {
            operation: payload.operation(),
            unique_batch_item_id: None,
            result_status: ResultStatus::SUCCESS,
            result_reason: None,
            result_message: None,
            asynchronous_correlation_value: None,
            payload: Some(payload),
            message_extension: None,
        }
    }

    /// A failed item.
    pub fn failure(
        operation: Option<Operation>,
        reason: ResultReason,
        message: Option<&'a str>,
    ) -> Self {
        ResponseBatchItem {
            operation,
            unique_batch_item_id: None,
            result_status: ResultStatus::OPERATION_FAILED,
            result_reason: Some(reason),
            result_message: message,
            asynchronous_correlation_value: None,
            payload: None,
            message_extension: None,
        }
    }

    /// True for Success.
    pub fn is_success(&self) -> bool {
        self.result_status == ResultStatus::SUCCESS
    }

    /// The correlation value of an Operation Pending item.
    pub fn pending(&self) -> Option<&'a [u8]> {
        if self.result_status == ResultStatus::OPERATION_PENDING {
            self.asynchronous_correlation_value
        } else {
            None
        }
    }

    /// Status, reason and message of an item that neither succeeded nor is pending.
    pub fn failure_info(&self) -> Option<Failure<'a>> {
        match self.result_status {
            ResultStatus::SUCCESS | ResultStatus::OPERATION_PENDING => None,
            status => Some(Failure {
                status,
                reason: self.result_reason,
                message: self.result_message,
            }),
        }
    }

    /// The typed payload, if the item carries `P`'s.
    pub fn payload_as<P: Response<'a>>(&self) -> Option<&P> {
        self.payload.as_ref().and_then(P::from_payload)
    }

    /// Decodes a response Batch Item.
    pub fn decode(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        let mut b = ResponseBatchItem::unset();
        b.decode_into(item, version)?;
        Ok(b)
    }

    /// An item to decode into: [`ResponseBatchItem::decode_into`] sets every field.
    #[inline(always)]
    pub(crate) fn unset() -> Self {
        ResponseBatchItem {
            operation: None,
            unique_batch_item_id: None,
            result_status: ResultStatus(0),
            result_reason: None,
            result_message: None,
            asynchronous_correlation_value: None,
            payload: None,
            message_extension: None,
        }
    }

    /// Decodes a response Batch Item into `self`, where the message keeps it (the payload is
    /// written in place: see [`ResponsePayload::decode_into`]).
    pub(crate) fn decode_into(
        &mut self,
        item: Item<'a>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        codec::expect_struct_tag(&item, Tag::BATCH_ITEM)?;
        let i = &item;
        *self = ResponseBatchItem::unset();
        let (mut status, mut payload) = (None, None);
        for c in item.children() {
            match c.tag() {
                Tag::OPERATION => put(
                    &mut self.operation,
                    i,
                    &c,
                    Operation(codec::enumeration(&c)?),
                )?,
                Tag::UNIQUE_BATCH_ITEM_ID => {
                    put(&mut self.unique_batch_item_id, i, &c, codec::bytes(&c)?)?
                }
                Tag::RESULT_STATUS => {
                    put(&mut status, i, &c, ResultStatus(codec::enumeration(&c)?))?
                }
                Tag::RESULT_REASON => put(
                    &mut self.result_reason,
                    i,
                    &c,
                    ResultReason(codec::enumeration(&c)?),
                )?,
                Tag::RESULT_MESSAGE => put(&mut self.result_message, i, &c, codec::text(&c)?)?,
                Tag::ASYNCHRONOUS_CORRELATION_VALUE => put(
                    &mut self.asynchronous_correlation_value,
                    i,
                    &c,
                    codec::bytes(&c)?,
                )?,
                Tag::RESPONSE_PAYLOAD => {
                    codec::expect_structure(&c)?;
                    put(&mut payload, i, &c, c)?
                }
                Tag::MESSAGE_EXTENSION => put(
                    &mut self.message_extension,
                    i,
                    &c,
                    MessageExtension::decode(c)?,
                )?,
                _ => {}
            }
        }
        let status = codec::need(status, Tag::RESULT_STATUS, &item)?;
        if status == ResultStatus::OPERATION_FAILED && self.result_reason.is_none() {
            return Err(Error::Missing {
                field: Tag::RESULT_REASON,
                within: Tag::BATCH_ITEM,
                offset: item.offset(),
            });
        }
        if status == ResultStatus::OPERATION_PENDING
            && self.asynchronous_correlation_value.is_none()
        {
            return Err(Error::Missing {
                field: Tag::ASYNCHRONOUS_CORRELATION_VALUE,
                within: Tag::BATCH_ITEM,
                offset: item.offset(),
            });
        }
        self.result_status = status;
        if let Some(p) = payload {
            self.payload.insert(ResponsePayload::unset()).decode_into(
                self.operation,
                p,
                version,
            )?;
        }
        Ok(())
    }

    /// Writes the Batch Item.
    pub fn encode<S: Sink>(
        &self,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        if let (Some(op), Some(p)) = (self.operation, &self.payload) {
            if p.operation().is_some_and(|po| po != op) {
                return Err(Error::InvalidValue {
                    field: Tag::RESPONSE_PAYLOAD,
                    offset: 0,
                    problem: Problem::OperationMismatch,
                });
            }
        }
        if self.result_status == ResultStatus::OPERATION_FAILED && self.result_reason.is_none() {
            return Err(Error::Required {
                field: Tag::RESULT_REASON,
                within: Tag::BATCH_ITEM,
            });
        }
        if self.result_status == ResultStatus::OPERATION_PENDING
            && self.asynchronous_correlation_value.is_none()
        {
            return Err(Error::Required {
                field: Tag::ASYNCHRONOUS_CORRELATION_VALUE,
                within: Tag::BATCH_ITEM,
            });
        }
        codec::structure(enc, Tag::BATCH_ITEM, |e| {
            if let Some(op) = self.operation {
                e.enumeration(Tag::OPERATION, op.0)?;
            }
            if let Some(id) = self.unique_batch_item_id {
                e.bytes(Tag::UNIQUE_BATCH_ITEM_ID, id)?;
            }
            e.enumeration(Tag::RESULT_STATUS, self.result_status.0)?;
            if let Some(r) = self.result_reason {
                e.enumeration(Tag::RESULT_REASON, r.0)?;
            }
            if let Some(m) = self.result_message {
                e.text(Tag::RESULT_MESSAGE, m)?;
            }
            if let Some(a) = self.asynchronous_correlation_value {
                e.bytes(Tag::ASYNCHRONOUS_CORRELATION_VALUE, a)?;
            }
            if let Some(p) = &self.payload {
                codec::structure(e, Tag::RESPONSE_PAYLOAD, |e| p.encode(e, version))?;
            }
            if let Some(x) = &self.message_extension {
                x.encode(e)?;
            }
            Ok(())
        })
    }
}
