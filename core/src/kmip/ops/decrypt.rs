//! Decrypt (1.2): the inverse of Encrypt; for AES-GCM the request carries the Authenticated
//! Encryption Tag (1.4), and a wrong tag gets Operation Failed (Cryptographic Failure, or
//! General Failure from PyKMIP).

use super::encrypt::{
    crypto_version, decode_crypto_request, encode_crypto_request, CryptoRequestFields,
};
use super::Payload;
use crate::kmip::codec::{self, gate, put};
use crate::kmip::objects::CryptographicParameters;
use crate::kmip::uid::{put_uid, Uid};
use crate::kmip::{Error, ProtocolVersion};
use crate::ttlv::{Encoder, Item, Operation, Sink, Tag};

/// Decrypt request payload.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DecryptRequest<'a> {
    /// The key (absent: the ID Placeholder).
    pub unique_identifier: Option<Uid<'a>>,
    /// How (absent: the key's Cryptographic Parameters attribute).
    pub cryptographic_parameters: Option<CryptographicParameters<'a>>,
    /// The ciphertext.
    pub data: Option<&'a [u8]>,
    /// IV/Counter/Nonce.
    pub iv_counter_nonce: Option<&'a [u8]>,
    /// Correlation Value (1.3 streaming).
    pub correlation_value: Option<&'a [u8]>,
    /// Init Indicator (1.3 streaming).
    pub init_indicator: Option<bool>,
    /// Final Indicator (1.3 streaming).
    pub final_indicator: Option<bool>,
    /// Authenticated Encryption Additional Data (1.4).
    pub authenticated_encryption_additional_data: Option<&'a [u8]>,
    /// Authenticated Encryption Tag (1.4).
    pub authenticated_encryption_tag: Option<&'a [u8]>,
}

/// Decrypt response payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecryptResponse<'a> {
    /// The key used.
    pub unique_identifier: Uid<'a>,
    /// The plaintext.
    pub data: Option<&'a [u8]>,
    /// Correlation Value (1.3 streaming).
    pub correlation_value: Option<&'a [u8]>,
}

impl<'a> Payload<'a> for DecryptRequest<'a> {
    const OPERATION: Operation = Operation::DECRYPT;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let f = decode_crypto_request(p, v)?;
        Ok(DecryptRequest {
            unique_identifier: f.uid,
            cryptographic_parameters: f.params,
            data: f.data,
            iv_counter_nonce: f.iv,
            correlation_value: f.correlation,
            init_indicator: f.init,
            final_indicator: f.fin,
            authenticated_encryption_additional_data: f.aad,
            authenticated_encryption_tag: f.tag,
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        encode_crypto_request(
            &CryptoRequestFields {
                uid: self.unique_identifier,
                params: self.cryptographic_parameters,
                data: self.data,
                iv: self.iv_counter_nonce,
                correlation: self.correlation_value,
                init: self.init_indicator,
                fin: self.final_indicator,
                aad: self.authenticated_encryption_additional_data,
                tag: self.authenticated_encryption_tag,
            },
            enc,
            v,
        )
    }
}

impl<'a> Payload<'a> for DecryptResponse<'a> {
    const OPERATION: Operation = Operation::DECRYPT;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let (mut uid, mut data, mut corr) = (None, None, None);
        for c in p.children() {
            match c.tag() {
                Tag::UNIQUE_IDENTIFIER => put_uid(&mut uid, &p, &c, v)?,
                Tag::DATA => put(&mut data, &p, &c, codec::bytes(&c)?)?,
                Tag::CORRELATION_VALUE => put(&mut corr, &p, &c, codec::bytes(&c)?)?,
                _ => {}
            }
        }
        Ok(DecryptResponse {
            unique_identifier: codec::need(uid, Tag::UNIQUE_IDENTIFIER, &p)?,
            data,
            correlation_value: corr,
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        self.unique_identifier
            .encode(Tag::UNIQUE_IDENTIFIER, enc, v)?;
        if let Some(d) = self.data {
            enc.bytes(Tag::DATA, d)?;
        }
        if let Some(d) = self.correlation_value {
            gate(
                crypto_version(v),
                ProtocolVersion::V1_3,
                Tag::CORRELATION_VALUE,
            )?;
            enc.bytes(Tag::CORRELATION_VALUE, d)?;
        }
        Ok(())
    }
}
