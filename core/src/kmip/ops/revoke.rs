//! Revoke: `{UID?, Revocation Reason, Compromise Occurrence Date?}` → `{UID}`. Every
//! Revocation Reason Code travels (it is an open enumeration); Key Compromise and CA
//! Compromise take a Compromise Occurrence Date.

use super::Payload;
use crate::kmip::attributes::RevocationReason;
use crate::kmip::codec::{self, put};
use crate::kmip::uid::{encode_opt_uid, put_uid, Uid};
use crate::kmip::{Error, ProtocolVersion};
use crate::ttlv::{Encoder, Item, Operation, RevocationReasonCode, Sink, Tag};

/// Revoke request payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RevokeRequest<'a> {
    /// The object (absent: the ID Placeholder).
    pub unique_identifier: Option<Uid<'a>>,
    /// Why.
    pub revocation_reason: RevocationReason<'a>,
    /// When the compromise happened, POSIX seconds (for Key/CA Compromise).
    pub compromise_occurrence_date: Option<i64>,
}

impl<'a> RevokeRequest<'a> {
    /// Revoke `uid` for `code`, without message or date.
    pub fn new(uid: impl Into<Uid<'a>>, code: RevocationReasonCode) -> Self {
        RevokeRequest {
            unique_identifier: Some(uid.into()),
            revocation_reason: RevocationReason {
                code,
                message: None,
            },
            compromise_occurrence_date: None,
        }
    }
}

super::uid_only!(@response REVOKE, RevokeResponse, "Revoke");

impl<'a> Payload<'a> for RevokeRequest<'a> {
    const OPERATION: Operation = Operation::REVOKE;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let (mut uid, mut reason, mut date) = (None, None, None);
        for c in p.children() {
            match c.tag() {
                Tag::UNIQUE_IDENTIFIER => put_uid(&mut uid, &p, &c, v)?,
                Tag::REVOCATION_REASON => put(&mut reason, &p, &c, RevocationReason::decode(c)?)?,
                Tag::COMPROMISE_OCCURRENCE_DATE => put(&mut date, &p, &c, codec::date_time(&c)?)?,
                _ => {}
            }
        }
        Ok(RevokeRequest {
            unique_identifier: uid,
            revocation_reason: codec::need(reason, Tag::REVOCATION_REASON, &p)?,
            compromise_occurrence_date: date,
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        encode_opt_uid(&self.unique_identifier, enc, v)?;
        self.revocation_reason.encode(Tag::REVOCATION_REASON, enc)?;
        if let Some(d) = self.compromise_occurrence_date {
            enc.date_time(Tag::COMPROMISE_OCCURRENCE_DATE, d)?;
        }
        Ok(())
    }
}
