//! Encrypt (1.2): data encrypted by the server with a key it holds. AES-GCM needs Tag Length
//! in the parameters and returns the tag in Authenticated Encryption Tag (1.4).
//!
//! Fields are gated against the version the operation came with: encoding an Encrypt for a
//! 1.0 server is allowed (it answers Operation Not Supported, as PyKMIP does in the captures),
//! with the 1.2 fields of Encrypt; the 1.3 streaming and 1.4 AEAD fields need those versions.

use super::Payload;
use crate::kmip::codec::{self, gate, put};
use crate::kmip::objects::CryptographicParameters;
use crate::kmip::uid::{encode_opt_uid, put_uid, Uid};
use crate::kmip::{Error, ProtocolVersion};
use crate::ttlv::{Encoder, Item, Operation, Sink, Tag};

/// The version the fields of Encrypt/Decrypt are checked against: at least 1.2, the version
/// that introduced the operations.
pub(crate) fn crypto_version(v: ProtocolVersion) -> ProtocolVersion {
    if v.major == 1 && v < ProtocolVersion::V1_2 {
        ProtocolVersion::V1_2
    } else {
        v
    }
}

/// Encrypt request payload.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EncryptRequest<'a> {
    /// The key (absent: the ID Placeholder).
    pub unique_identifier: Option<Uid<'a>>,
    /// How (absent: the key's Cryptographic Parameters attribute).
    pub cryptographic_parameters: Option<CryptographicParameters<'a>>,
    /// The plaintext (absent only for the later parts of a stream).
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
}

/// Encrypt response payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EncryptResponse<'a> {
    /// The key used.
    pub unique_identifier: Uid<'a>,
    /// The ciphertext.
    pub data: Option<&'a [u8]>,
    /// The IV the server generated (Random IV).
    pub iv_counter_nonce: Option<&'a [u8]>,
    /// Correlation Value (1.3 streaming).
    pub correlation_value: Option<&'a [u8]>,
    /// Authenticated Encryption Tag (1.4).
    pub authenticated_encryption_tag: Option<&'a [u8]>,
}

/// The request fields Encrypt and Decrypt share.
pub(crate) struct CryptoRequestFields<'a> {
    pub uid: Option<Uid<'a>>,
    pub params: Option<CryptographicParameters<'a>>,
    pub data: Option<&'a [u8]>,
    pub iv: Option<&'a [u8]>,
    pub correlation: Option<&'a [u8]>,
    pub init: Option<bool>,
    pub fin: Option<bool>,
    pub aad: Option<&'a [u8]>,
    pub tag: Option<&'a [u8]>,
}

pub(crate) fn decode_crypto_request<'a>(
    p: Item<'a>,
    v: ProtocolVersion,
) -> Result<CryptoRequestFields<'a>, Error> {
    let mut f = CryptoRequestFields {
        uid: None,
        params: None,
        data: None,
        iv: None,
        correlation: None,
        init: None,
        fin: None,
        aad: None,
        tag: None,
    };
    for c in p.children() {
        match c.tag() {
            Tag::UNIQUE_IDENTIFIER => put_uid(&mut f.uid, &p, &c, v)?,
            Tag::CRYPTOGRAPHIC_PARAMETERS => {
                put(&mut f.params, &p, &c, CryptographicParameters::decode(c)?)?
            }
            Tag::DATA => put(&mut f.data, &p, &c, codec::bytes(&c)?)?,
            Tag::IV_COUNTER_NONCE => put(&mut f.iv, &p, &c, codec::bytes(&c)?)?,
            Tag::CORRELATION_VALUE => put(&mut f.correlation, &p, &c, codec::bytes(&c)?)?,
            Tag::INIT_INDICATOR => put(&mut f.init, &p, &c, codec::boolean(&c)?)?,
            Tag::FINAL_INDICATOR => put(&mut f.fin, &p, &c, codec::boolean(&c)?)?,
            Tag::AUTHENTICATED_ENCRYPTION_ADDITIONAL_DATA => {
                put(&mut f.aad, &p, &c, codec::bytes(&c)?)?
            }
            Tag::AUTHENTICATED_ENCRYPTION_TAG => put(&mut f.tag, &p, &c, codec::bytes(&c)?)?,
            _ => {}
        }
    }
    Ok(f)
}

pub(crate) fn encode_crypto_request<S: Sink>(
    f: &CryptoRequestFields<'_>,
    enc: &mut Encoder<S>,
    v: ProtocolVersion,
) -> Result<(), Error> {
    let fv = crypto_version(v);
    encode_opt_uid(&f.uid, enc, v)?;
    if let Some(p) = &f.params {
        p.encode(Tag::CRYPTOGRAPHIC_PARAMETERS, enc, fv)?;
    }
    if let Some(d) = f.data {
        enc.bytes(Tag::DATA, d)?;
    }
    if let Some(d) = f.iv {
        enc.bytes(Tag::IV_COUNTER_NONCE, d)?;
    }
    if let Some(d) = f.correlation {
        gate(fv, ProtocolVersion::V1_3, Tag::CORRELATION_VALUE)?;
        enc.bytes(Tag::CORRELATION_VALUE, d)?;
    }
    if let Some(b) = f.init {
        gate(fv, ProtocolVersion::V1_3, Tag::INIT_INDICATOR)?;
        enc.boolean(Tag::INIT_INDICATOR, b)?;
    }
    if let Some(b) = f.fin {
        gate(fv, ProtocolVersion::V1_3, Tag::FINAL_INDICATOR)?;
        enc.boolean(Tag::FINAL_INDICATOR, b)?;
    }
    if let Some(d) = f.aad {
        gate(
            fv,
            ProtocolVersion::V1_4,
            Tag::AUTHENTICATED_ENCRYPTION_ADDITIONAL_DATA,
        )?;
        enc.bytes(Tag::AUTHENTICATED_ENCRYPTION_ADDITIONAL_DATA, d)?;
    }
    if let Some(d) = f.tag {
        gate(fv, ProtocolVersion::V1_4, Tag::AUTHENTICATED_ENCRYPTION_TAG)?;
        enc.bytes(Tag::AUTHENTICATED_ENCRYPTION_TAG, d)?;
    }
    Ok(())
}

impl<'a> Payload<'a> for EncryptRequest<'a> {
    const OPERATION: Operation = Operation::ENCRYPT;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let f = decode_crypto_request(p, v)?;
        Ok(EncryptRequest {
            unique_identifier: f.uid,
            cryptographic_parameters: f.params,
            data: f.data,
            iv_counter_nonce: f.iv,
            correlation_value: f.correlation,
            init_indicator: f.init,
            final_indicator: f.fin,
            authenticated_encryption_additional_data: f.aad,
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
                tag: None,
            },
            enc,
            v,
        )
    }
}

impl<'a> Payload<'a> for EncryptResponse<'a> {
    const OPERATION: Operation = Operation::ENCRYPT;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let (mut uid, mut data, mut iv, mut corr, mut tag) = (None, None, None, None, None);
        for c in p.children() {
            match c.tag() {
                Tag::UNIQUE_IDENTIFIER => put_uid(&mut uid, &p, &c, v)?,
                Tag::DATA => put(&mut data, &p, &c, codec::bytes(&c)?)?,
                Tag::IV_COUNTER_NONCE => put(&mut iv, &p, &c, codec::bytes(&c)?)?,
                Tag::CORRELATION_VALUE => put(&mut corr, &p, &c, codec::bytes(&c)?)?,
                Tag::AUTHENTICATED_ENCRYPTION_TAG => put(&mut tag, &p, &c, codec::bytes(&c)?)?,
                _ => {}
            }
        }
        Ok(EncryptResponse {
            unique_identifier: codec::need(uid, Tag::UNIQUE_IDENTIFIER, &p)?,
            data,
            iv_counter_nonce: iv,
            correlation_value: corr,
            authenticated_encryption_tag: tag,
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        let fv = crypto_version(v);
        self.unique_identifier
            .encode(Tag::UNIQUE_IDENTIFIER, enc, v)?;
        if let Some(d) = self.data {
            enc.bytes(Tag::DATA, d)?;
        }
        if let Some(d) = self.iv_counter_nonce {
            enc.bytes(Tag::IV_COUNTER_NONCE, d)?;
        }
        if let Some(d) = self.correlation_value {
            gate(fv, ProtocolVersion::V1_3, Tag::CORRELATION_VALUE)?;
            enc.bytes(Tag::CORRELATION_VALUE, d)?;
        }
        if let Some(d) = self.authenticated_encryption_tag {
            gate(fv, ProtocolVersion::V1_4, Tag::AUTHENTICATED_ENCRYPTION_TAG)?;
            enc.bytes(Tag::AUTHENTICATED_ENCRYPTION_TAG, d)?;
        }
        Ok(())
    }
}
