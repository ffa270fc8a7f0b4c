//! Request and response headers.
//!
//! Field order follows 1.4 Tables 282/284 and 2.1 Tables 395/398. Fields newer than the
//! header's version are refused when encoding ([`Error::NotInVersion`]) and accepted when
//! decoding (servers put 1.4 fields in 1.0 answers; kmip-spec.md §7.1).

use super::codec::{self, gate, put, Element, RawValue, Seq};
use super::{Error, ProtocolVersion};
use crate::ttlv::{
    AttestationType, BatchErrorContinuationOption, CredentialType, Encoder, Item, Sink, Tag,
};

const V1_2: ProtocolVersion = ProtocolVersion::V1_2;
const V1_4: ProtocolVersion = ProtocolVersion::V1_4;

/// A Credential `{Credential Type, Credential Value}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential<'a> {
    /// Username and Password (type 1).
    UsernamePassword {
        /// Username.
        username: &'a str,
        /// Password (optional).
        password: Option<&'a str>,
    },
    /// Any other credential type, its value as is.
    Other {
        /// Credential Type.
        credential_type: CredentialType,
        /// Credential Value.
        value: RawValue<'a>,
    },
}

impl<'a> Element<'a> for Credential<'a> {
    fn decode_element(item: Item<'a>, _: ProtocolVersion) -> Result<Self, Error> {
        codec::expect_struct_tag(&item, Tag::CREDENTIAL)?;
        let (mut ty, mut value) = (None, None);
        for c in item.children() {
            match c.tag() {
                Tag::CREDENTIAL_TYPE => {
                    put(&mut ty, &item, &c, CredentialType(codec::enumeration(&c)?))?
                }
                Tag::CREDENTIAL_VALUE => put(&mut value, &item, &c, c)?,
                _ => {}
            }
        }
        let ty = codec::need(ty, Tag::CREDENTIAL_TYPE, &item)?;
        let value = codec::need(value, Tag::CREDENTIAL_VALUE, &item)?;
        if ty != CredentialType::USERNAME_AND_PASSWORD {
            return Ok(Credential::Other {
                credential_type: ty,
                value: RawValue::decode(value),
            });
        }
        codec::expect_structure(&value)?;
        let (mut user, mut pass) = (None, None);
        for c in value.children() {
            match c.tag() {
                Tag::USERNAME => put(&mut user, &value, &c, codec::text(&c)?)?,
                Tag::PASSWORD => put(&mut pass, &value, &c, codec::text(&c)?)?,
                _ => {}
            }
        }
        Ok(Credential::UsernamePassword {
            username: codec::need(user, Tag::USERNAME, &value)?,
            password: pass,
        })
    }

    fn encode_element<S: Sink>(
        &self,
        _: Tag,
        enc: &mut Encoder<S>,
        _: ProtocolVersion,
    ) -> Result<(), Error> {
        codec::structure(enc, Tag::CREDENTIAL, |e| match self {
            Credential::UsernamePassword { username, password } => {
                e.enumeration(
                    Tag::CREDENTIAL_TYPE,
                    CredentialType::USERNAME_AND_PASSWORD.0,
                )?;
                codec::structure(e, Tag::CREDENTIAL_VALUE, |e| {
                    e.text(Tag::USERNAME, username)?;
                    if let Some(p) = password {
                        e.text(Tag::PASSWORD, p)?;
                    }
                    Ok(())
                })
            }
            Credential::Other {
                credential_type,
                value,
            } => {
                e.enumeration(Tag::CREDENTIAL_TYPE, credential_type.0)?;
                value.encode(Tag::CREDENTIAL_VALUE, e)
            }
        })
    }
}

/// Authentication `{Credential*}` (one Credential before 1.2).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Authentication<'a> {
    /// The credentials.
    pub credentials: Seq<'a, Credential<'a>>,
}

impl<'a> Authentication<'a> {
    fn decode(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        codec::expect_structure(&item)?;
        let mut n = 0;
        for c in item.children() {
            if c.tag() == Tag::CREDENTIAL {
                codec::tally::<Credential>(&mut n, c, version)?;
            }
        }
        if n == 0 {
            return Err(Error::Missing {
                field: Tag::CREDENTIAL,
                within: Tag::AUTHENTICATION,
                offset: item.offset(),
            });
        }
        Ok(Authentication {
            credentials: Seq::from_wire(item, Some(Tag::CREDENTIAL), n, version),
        })
    }

    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, version: ProtocolVersion) -> Result<(), Error> {
        if self.credentials.is_empty() {
            return Err(Error::Required {
                field: Tag::CREDENTIAL,
                within: Tag::AUTHENTICATION,
            });
        }
        if self.credentials.len() > 1 {
            gate(version, V1_2, Tag::CREDENTIAL)?;
        }
        codec::structure(enc, Tag::AUTHENTICATION, |e| {
            self.credentials.encode(Tag::CREDENTIAL, e, version)
        })
    }
}

/// Request Header.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RequestHeader<'a> {
    /// Protocol Version: the version the whole message is encoded in.
    pub protocol_version: ProtocolVersion,
    /// Maximum Response Size, bytes.
    pub maximum_response_size: Option<i32>,
    /// Client Correlation Value (1.4).
    pub client_correlation_value: Option<&'a str>,
    /// Server Correlation Value (1.4).
    pub server_correlation_value: Option<&'a str>,
    /// Asynchronous Indicator: the client accepts Operation Pending answers.
    pub asynchronous_indicator: Option<bool>,
    /// Attestation Capable Indicator (1.2).
    pub attestation_capable_indicator: Option<bool>,
    /// Attestation Type* (1.2).
    pub attestation_types: Seq<'a, AttestationType>,
    /// Authentication.
    pub authentication: Option<Authentication<'a>>,
    /// Batch Error Continuation Option (Stop when absent).
    pub batch_error_continuation_option: Option<BatchErrorContinuationOption>,
    /// Batch Order Option (see [`RequestHeader::batch_order`] for the default).
    pub batch_order_option: Option<bool>,
    /// Time Stamp, POSIX seconds (PyKMIP refuses time stamps in its future: leave it out
    /// unless the clock is synchronised).
    pub time_stamp: Option<i64>,
    /// Batch Count. When a whole message is encoded, the number of batch items is written
    /// instead; when decoded, it equals the number of items.
    pub batch_count: i32,
}

impl<'a> RequestHeader<'a> {
    /// A header with only the version (and Batch Count 1).
    pub fn new(version: ProtocolVersion) -> Self {
        RequestHeader {
            protocol_version: version,
            maximum_response_size: None,
            client_correlation_value: None,
            server_correlation_value: None,
            asynchronous_indicator: None,
            attestation_capable_indicator: None,
            attestation_types: Seq::empty(),
            authentication: None,
            batch_error_continuation_option: None,
            batch_order_option: None,
            time_stamp: None,
            batch_count: 1,
        }
    }

    /// Whether the server must process the batch in order: the Batch Order Option, or its
    /// default for the version (False in 1.x, True in 2.x).
    pub fn batch_order(&self) -> bool {
        self.batch_order_option
            .unwrap_or(self.protocol_version.default_batch_order())
    }

    /// What to do when a batch item fails: the option, or its default (Stop).
    pub fn batch_error_continuation(&self) -> BatchErrorContinuationOption {
        self.batch_error_continuation_option
            .unwrap_or(BatchErrorContinuationOption::STOP)
    }

    /// Decodes a Request Header.
    pub fn decode(item: Item<'a>) -> Result<Self, Error> {
        codec::expect_struct_tag(&item, Tag::REQUEST_HEADER)?;
        // The version decides how the rest reads; find it first.
        let mut version = None;
        for c in item.children() {
            if c.tag() == Tag::PROTOCOL_VERSION {
                put(&mut version, &item, &c, ProtocolVersion::decode(c)?)?;
            }
        }
        let version = codec::need(version, Tag::PROTOCOL_VERSION, &item)?;
        let mut h = RequestHeader::new(version);
        let mut count = None;
        let mut attestation = 0;
        let i = &item;
        for c in item.children() {
            match c.tag() {
                Tag::MAXIMUM_RESPONSE_SIZE => {
                    put(&mut h.maximum_response_size, i, &c, codec::count(&c)?)?
                }
                Tag::CLIENT_CORRELATION_VALUE => {
                    put(&mut h.client_correlation_value, i, &c, codec::text(&c)?)?
                }
                Tag::SERVER_CORRELATION_VALUE => {
                    put(&mut h.server_correlation_value, i, &c, codec::text(&c)?)?
                }
                Tag::ASYNCHRONOUS_INDICATOR => {
                    put(&mut h.asynchronous_indicator, i, &c, codec::boolean(&c)?)?
                }
                Tag::ATTESTATION_CAPABLE_INDICATOR => put(
                    &mut h.attestation_capable_indicator,
                    i,
                    &c,
                    codec::boolean(&c)?,
                )?,
                Tag::ATTESTATION_TYPE => {
                    codec::tally::<AttestationType>(&mut attestation, c, version)?
                }
                Tag::AUTHENTICATION => put(
                    &mut h.authentication,
                    i,
                    &c,
                    Authentication::decode(c, version)?,
                )?,
                Tag::BATCH_ERROR_CONTINUATION_OPTION => put(
                    &mut h.batch_error_continuation_option,
                    i,
                    &c,
                    BatchErrorContinuationOption(codec::enumeration(&c)?),
                )?,
                Tag::BATCH_ORDER_OPTION => {
                    put(&mut h.batch_order_option, i, &c, codec::boolean(&c)?)?
                }
                Tag::TIME_STAMP => put(&mut h.time_stamp, i, &c, codec::date_time(&c)?)?,
                Tag::BATCH_COUNT => put(&mut count, i, &c, codec::count(&c)?)?,
                _ => {}
            }
        }
        h.attestation_types =
            Seq::from_wire(item, Some(Tag::ATTESTATION_TYPE), attestation, version);
        h.batch_count = codec::need(count, Tag::BATCH_COUNT, &item)?;
        Ok(h)
    }

    /// Writes the header with this Batch Count.
    pub(crate) fn encode_with_count<S: Sink>(
        &self,
        enc: &mut Encoder<S>,
        batch_count: i32,
    ) -> Result<(), Error> {
        let v = self.protocol_version;
        codec::structure(enc, Tag::REQUEST_HEADER, |e| {
            v.encode(e)?;
            if let Some(x) = self.maximum_response_size {
                e.integer(Tag::MAXIMUM_RESPONSE_SIZE, x)?;
            }
            if let Some(x) = self.client_correlation_value {
                gate(v, V1_4, Tag::CLIENT_CORRELATION_VALUE)?;
                e.text(Tag::CLIENT_CORRELATION_VALUE, x)?;
            }
            if let Some(x) = self.server_correlation_value {
                gate(v, V1_4, Tag::SERVER_CORRELATION_VALUE)?;
                e.text(Tag::SERVER_CORRELATION_VALUE, x)?;
            }
            if let Some(x) = self.asynchronous_indicator {
                e.boolean(Tag::ASYNCHRONOUS_INDICATOR, x)?;
            }
            if let Some(x) = self.attestation_capable_indicator {
                gate(v, V1_2, Tag::ATTESTATION_CAPABLE_INDICATOR)?;
                e.boolean(Tag::ATTESTATION_CAPABLE_INDICATOR, x)?;
            }
            if !self.attestation_types.is_empty() {
                gate(v, V1_2, Tag::ATTESTATION_TYPE)?;
                self.attestation_types.encode(Tag::ATTESTATION_TYPE, e, v)?;
            }
            if let Some(a) = &self.authentication {
                a.encode(e, v)?;
            }
            if let Some(x) = self.batch_error_continuation_option {
                e.enumeration(Tag::BATCH_ERROR_CONTINUATION_OPTION, x.0)?;
            }
            if let Some(x) = self.batch_order_option {
                e.boolean(Tag::BATCH_ORDER_OPTION, x)?;
            }
            if let Some(x) = self.time_stamp {
                e.date_time(Tag::TIME_STAMP, x)?;
            }
            e.integer(Tag::BATCH_COUNT, batch_count)?;
            Ok(())
        })
    }

    /// Writes the header as it is (with its own Batch Count).
    pub fn encode<S: Sink>(&self, enc: &mut Encoder<S>) -> Result<(), Error> {
        self.encode_with_count(enc, self.batch_count)
    }
}

/// Nonce `{Nonce ID, Nonce Value}` (1.2), sent by a server that wants attestation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Nonce<'a> {
    /// Nonce ID.
    pub id: &'a [u8],
    /// Nonce Value.
    pub value: &'a [u8],
}

/// Response Header.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ResponseHeader<'a> {
    /// Protocol Version the server answered in.
    pub protocol_version: ProtocolVersion,
    /// Time Stamp, POSIX seconds (required).
    pub time_stamp: i64,
    /// Nonce (1.2).
    pub nonce: Option<Nonce<'a>>,
    /// Server Hashed Password (2.0).
    pub server_hashed_password: Option<&'a [u8]>,
    /// Attestation Type* (1.2).
    pub attestation_types: Seq<'a, AttestationType>,
    /// Client Correlation Value (1.4).
    pub client_correlation_value: Option<&'a str>,
    /// Server Correlation Value (1.4).
    pub server_correlation_value: Option<&'a str>,
    /// Batch Count (see [`RequestHeader::batch_count`]).
    pub batch_count: i32,
}

impl<'a> ResponseHeader<'a> {
    /// A header with the version and time stamp only.
    pub fn new(version: ProtocolVersion, time_stamp: i64) -> Self {
        ResponseHeader {
            protocol_version: version,
            time_stamp,
            nonce: None,
            server_hashed_password: None,
            attestation_types: Seq::empty(),
            client_correlation_value: None,
            server_correlation_value: None,
            batch_count: 1,
        }
    }

    /// Decodes a Response Header.
    pub fn decode(item: Item<'a>) -> Result<Self, Error> {
        let mut h = ResponseHeader::new(ProtocolVersion::V1_0, 0);
        h.decode_into(item)?;
        Ok(h)
    }

    /// Decodes a Response Header into `self`, where the message keeps it.
    pub(crate) fn decode_into(&mut self, item: Item<'a>) -> Result<(), Error> {
        codec::expect_struct_tag(&item, Tag::RESPONSE_HEADER)?;
        let i = &item;
        *self = ResponseHeader::new(ProtocolVersion::V1_0, 0);
        let (mut version, mut ts, mut count) = (None, None, None);
        let mut attestation = 0;
        for c in item.children() {
            match c.tag() {
                Tag::PROTOCOL_VERSION => put(&mut version, i, &c, ProtocolVersion::decode(c)?)?,
                Tag::TIME_STAMP => put(&mut ts, i, &c, codec::date_time(&c)?)?,
                Tag::NONCE => {
                    codec::expect_structure(&c)?;
                    let (mut id, mut value) = (None, None);
                    for n in c.children() {
                        match n.tag() {
                            Tag::NONCE_ID => put(&mut id, &c, &n, codec::bytes(&n)?)?,
                            Tag::NONCE_VALUE => put(&mut value, &c, &n, codec::bytes(&n)?)?,
                            _ => {}
                        }
                    }
                    let n = Nonce {
                        id: codec::need(id, Tag::NONCE_ID, &c)?,
                        value: codec::need(value, Tag::NONCE_VALUE, &c)?,
                    };
                    put(&mut self.nonce, i, &c, n)?
                }
                Tag::SERVER_HASHED_PASSWORD => {
                    put(&mut self.server_hashed_password, i, &c, codec::bytes(&c)?)?
                }
                // Counted now, read lazily; the version is not known yet, and does not matter
                // for an Enumeration.
                Tag::ATTESTATION_TYPE => {
                    codec::tally::<AttestationType>(&mut attestation, c, ProtocolVersion::V1_2)?
                }
                Tag::CLIENT_CORRELATION_VALUE => {
                    put(&mut self.client_correlation_value, i, &c, codec::text(&c)?)?
                }
                Tag::SERVER_CORRELATION_VALUE => {
                    put(&mut self.server_correlation_value, i, &c, codec::text(&c)?)?
                }
                Tag::BATCH_COUNT => put(&mut count, i, &c, codec::count(&c)?)?,
                _ => {}
            }
        }
        let version = codec::need(version, Tag::PROTOCOL_VERSION, &item)?;
        self.protocol_version = version;
        self.time_stamp = codec::need(ts, Tag::TIME_STAMP, &item)?;
        self.attestation_types =
            Seq::from_wire(item, Some(Tag::ATTESTATION_TYPE), attestation, version);
        self.batch_count = codec::need(count, Tag::BATCH_COUNT, &item)?;
        Ok(())
    }

    pub(crate) fn encode_with_count<S: Sink>(
        &self,
        enc: &mut Encoder<S>,
        batch_count: i32,
    ) -> Result<(), Error> {
        let v = self.protocol_version;
        codec::structure(enc, Tag::RESPONSE_HEADER, |e| {
            v.encode(e)?;
            e.date_time(Tag::TIME_STAMP, self.time_stamp)?;
            if let Some(n) = &self.nonce {
                gate(v, V1_2, Tag::NONCE)?;
                codec::structure(e, Tag::NONCE, |e| {
                    e.bytes(Tag::NONCE_ID, n.id)?;
                    e.bytes(Tag::NONCE_VALUE, n.value)?;
                    Ok(())
                })?;
            }
            if let Some(x) = self.server_hashed_password {
                gate(v, ProtocolVersion::V2_0, Tag::SERVER_HASHED_PASSWORD)?;
                e.bytes(Tag::SERVER_HASHED_PASSWORD, x)?;
            }
            if !self.attestation_types.is_empty() {
                gate(v, V1_2, Tag::ATTESTATION_TYPE)?;
                self.attestation_types.encode(Tag::ATTESTATION_TYPE, e, v)?;
            }
            if let Some(x) = self.client_correlation_value {
                gate(v, V1_4, Tag::CLIENT_CORRELATION_VALUE)?;
                e.text(Tag::CLIENT_CORRELATION_VALUE, x)?;
            }
            if let Some(x) = self.server_correlation_value {
                gate(v, V1_4, Tag::SERVER_CORRELATION_VALUE)?;
                e.text(Tag::SERVER_CORRELATION_VALUE, x)?;
            }
            e.integer(Tag::BATCH_COUNT, batch_count)?;
            Ok(())
        })
    }

    /// Writes the header as it is (with its own Batch Count).
    pub fn encode<S: Sink>(&self, enc: &mut Encoder<S>) -> Result<(), Error> {
        self.encode_with_count(enc, self.batch_count)
    }
}
