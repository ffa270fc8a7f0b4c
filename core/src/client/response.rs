//! The final response of an operation, as the typed operations read it.
//!
//! The session decodes every response completely before it acts on it (strict TTLV walk,
//! header, batch items, payload), because a response that is not valid moves the operation on
//! to the next server. The typed result must then borrow the receive buffer for longer than
//! the session lives, and safe Rust cannot keep the session's decode past that point (the
//! buffer is lent to the session mutably, for the next read, until the operation ends). So the
//! session notes where the answer's parts are ([`Answer`]), and the typed layer reads only
//! what it returns, in place: the payload of the first batch item, with the version the
//! server answered in. It does not walk the message again: the bytes are the ones the session
//! checked, borrowed without a break since (the drivers check that the buffer is the same).
//! A batch ([`CheckedResponse::message`]) is decoded whole again; it is rare.
//!
//! A [`CheckedResponse`] made from any other bytes ([`Outcome::checked`](super::Outcome)) is
//! checked again from scratch: the strict walk and the whole typed decode, as the session did.

use super::session::{Answer, MAX_BATCH};
use crate::kmip::ops::{Response, ResponsePayload};
use crate::kmip::{self, ProtocolVersion, ResponseMessage};
use crate::ttlv::{decode_with, DecodeError, DecodeErrorKind, DecodeOptions, Item, Operation, Tag};

/// Where the session found the parts of a checked response (kept in its [`Answer`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Located {
    /// The address of the receive buffer the response was checked in.
    pub rx: usize,
    /// The version the server answered in: payloads are read in its dialect.
    pub received: ProtocolVersion,
    /// The first batch item's Operation.
    pub operation: Option<Operation>,
    /// The first batch item's Response Payload: offset and length of its encoding.
    pub payload: Option<(usize, usize)>,
}

impl Located {
    /// Nothing located (an answer whose response is not read, or not yet checked).
    pub const NOWHERE: Located = Located {
        rx: 0,
        received: ProtocolVersion::V1_0,
        operation: None,
        payload: None,
    };

    /// The parts of `root`, a response whose first batch item the session decoded as
    /// answered in `received` for `operation`.
    pub fn find(
        root: &Item<'_>,
        rx: usize,
        received: ProtocolVersion,
        operation: Option<Operation>,
    ) -> Located {
        let payload = root
            .children()
            .find(|c| c.tag() == Tag::BATCH_ITEM)
            .and_then(|b| b.children().find(|c| c.tag() == Tag::RESPONSE_PAYLOAD))
            .map(|p| (p.offset(), p.encoded().len()));
        Located {
            rx,
            received,
            operation,
            payload,
        }
    }
}

/// The final response of an operation, checked: what [`Op::output`](super::ops::Op) reads
/// the typed result from. It borrows the receive buffer.
#[derive(Clone, Copy, Debug)]
pub struct CheckedResponse<'r> {
    bytes: &'r [u8],
    answer: Answer,
}

impl<'r> CheckedResponse<'r> {
    /// The response in `rx` as the session checked it, read in place: only when `rx` is the
    /// buffer the session checked it in (the drivers call this right after the session,
    /// with the buffer they lent it).
    pub(crate) fn unchanged(rx: &'r [u8], answer: &Answer) -> Option<Self> {
        if rx.as_ptr() as usize != answer.located.rx {
            return None;
        }
        Some(CheckedResponse {
            bytes: rx.get(..answer.len)?,
            answer: *answer,
        })
    }

    /// Checks the response `rx[..answer.len]` again from scratch (strict TTLV walk and the
    /// whole typed decode, as the session does): for bytes the session did not check, or
    /// that may have changed since.
    pub fn check(rx: &'r [u8], answer: &Answer) -> Result<Self, kmip::Error> {
        let bytes = rx
            .get(..answer.len)
            .ok_or(truncated(answer.len, rx.len()))?;
        let opts = DecodeOptions {
            max_message_size: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
            ..DecodeOptions::STRICT
        };
        let root = decode_with(bytes, &opts)?;
        let msg = ResponseMessage::<MAX_BATCH>::decode_item(root, answer.version)?;
        let first = msg.first().and_then(|b| b.operation);
        let located = Located::find(
            &root,
            bytes.as_ptr() as usize,
            msg.header.protocol_version,
            first,
        );
        Ok(CheckedResponse {
            bytes,
            answer: Answer { located, ..*answer },
        })
    }

    /// The whole response.
    pub fn bytes(&self) -> &'r [u8] {
        self.bytes
    }

    /// Where it came from (server, pass, the version the request was sent in, its length).
    pub fn answer(&self) -> &Answer {
        &self.answer
    }

    /// The version the server answered in (payloads are read in its dialect).
    pub fn version(&self) -> ProtocolVersion {
        self.answer.located.received
    }

    /// The first batch item's Operation.
    pub fn operation(&self) -> Option<Operation> {
        self.answer.located.operation
    }

    /// The first batch item's Response Payload, as a TTLV item.
    fn payload_item(&self) -> Option<Item<'r>> {
        let (offset, len) = self.answer.located.payload?;
        Item::revisit(self.bytes, offset, len)
    }

    /// The first batch item's payload as `P`: `Ok(None)` when the item is another
    /// operation's or carries no payload. Only this payload is decoded.
    pub fn payload_as<P: Response<'r>>(&self) -> Result<Option<P>, kmip::Error> {
        if self.operation() != Some(P::OPERATION) {
            return Ok(None);
        }
        match self.payload_item() {
            Some(item) => P::decode(item, self.version()).map(Some),
            None => Ok(None),
        }
    }

    /// The first batch item's payload, untyped (`Ok(None)` when it carries none).
    pub fn payload(&self) -> Result<Option<ResponsePayload<'r>>, kmip::Error> {
        match self.payload_item() {
            Some(item) => ResponsePayload::decode(self.operation(), item, self.version()).map(Some),
            None => Ok(None),
        }
    }

    /// The whole message (header and every batch item), decoded again.
    pub fn message(&self) -> Result<ResponseMessage<'r, MAX_BATCH>, kmip::Error> {
        let root = Item::revisit(self.bytes, 0, self.bytes.len())
            .ok_or(truncated(self.bytes.len(), self.bytes.len()))?;
        ResponseMessage::decode_item(root, self.answer.version)
    }
}

/// A response shorter than the answer says (bytes that are not the ones checked).
fn truncated(needed: usize, available: usize) -> kmip::Error {
    kmip::Error::Ttlv(DecodeError {
        offset: 0,
        kind: DecodeErrorKind::Truncated {
            needed: needed as u64,
            available: available as u64,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::super::sim::{get, with_key, Server, Sim};
    use super::super::{ClientConfig, Outcome, VersionMode};
    use super::*;
    use crate::kmip::ops::{GetResponse, LocateResponse};

    fn answered() -> (Outcome, std::vec::Vec<u8>) {
        let config = ClientConfig {
            versions: VersionMode::Pinned(ProtocolVersion::V1_4),
            ..ClientConfig::default()
        };
        let mut sim = Sim::new(config, std::vec![Server::kms()]);
        with_key(&mut sim);
        let run = sim.run(get("1"));
        (run.result.unwrap(), run.response.unwrap())
    }

    #[test]
    fn the_payload_read_in_place_is_the_payload_of_the_whole_decode() {
        let (outcome, bytes) = answered();
        let whole = outcome.response(&bytes).unwrap().unwrap();
        let expected = whole.first().unwrap().payload_as::<GetResponse>().unwrap();
        let checked = outcome.checked(&bytes).unwrap().unwrap();
        assert_eq!(
            checked.payload_as::<GetResponse>().unwrap().as_ref(),
            Some(expected)
        );
        assert_eq!(checked.operation(), Some(Operation::GET));
        assert_eq!(checked.version(), ProtocolVersion::V1_4);
        // Another operation's payload is not there; the untyped one and the message are.
        assert_eq!(checked.payload_as::<LocateResponse>().unwrap(), None);
        assert!(checked.payload().unwrap().is_some());
        assert_eq!(checked.message().unwrap(), whole);
    }

    #[test]
    fn bytes_the_session_did_not_check_are_checked_again() {
        let (outcome, bytes) = answered();
        let answer = *outcome.answer().unwrap();
        // The simulation copied the response out of the session's buffer: not that buffer.
        assert!(CheckedResponse::unchanged(&bytes, &answer).is_none());
        assert!(outcome.checked_in(&bytes).unwrap().is_ok());
        // Changed bytes are refused, not read.
        let mut bad = bytes.clone();
        bad[3] = 0x7F;
        assert!(outcome.checked_in(&bad).unwrap().is_err());
        assert!(outcome.checked(&bytes[..bytes.len() - 8]).unwrap().is_err());
    }
}
