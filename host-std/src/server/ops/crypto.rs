//! Encrypt and Decrypt with a server-held AES key: GCM (IV 96 or 128 bits, tag 12–16 bytes,
//! additional data; KMIP 1.4 and later, whose messages carry the tag) and CBC (16-byte IV,
//! PKCS#5 padding or none).
//!
//! The parameters come from the request, or else from the key's Cryptographic Parameters
//! attribute. Without an IV, Encrypt makes a random one and returns it; Decrypt needs it. A
//! tag that does not authenticate is Cryptographic Failure.

use kmipkit_core::kmip::ops::{DecryptRequest, DecryptResponse, EncryptRequest, EncryptResponse};
use kmipkit_core::kmip::{AttributeValue, CryptographicParameters, ProtocolVersion, Uid};
use kmipkit_core::ttlv::{
    BlockCipherMode, CryptographicAlgorithm, CryptographicUsageMask, ObjectType, PaddingMethod,
    State, Tag,
};
use zeroize::Zeroizing;

use super::{encode_payload, state_name, Ctx, Success};
use crate::server::crypto::{self, CryptoError, GCM_IV_LENGTHS};
use crate::server::fault::{fail, Fault, OpError};
use crate::server::store::{AttrKey, Material};

/// The parameters that matter here, copied out of the request or the key's attribute.
#[derive(Clone, Copy, Debug)]
struct Params {
    mode: Option<BlockCipherMode>,
    padding: Option<PaddingMethod>,
    algorithm: Option<CryptographicAlgorithm>,
    random_iv: Option<bool>,
    iv_bits: Option<i32>,
    tag_len: Option<i32>,
}

impl From<&CryptographicParameters<'_>> for Params {
    fn from(p: &CryptographicParameters<'_>) -> Self {
        Params {
            mode: p.block_cipher_mode,
            padding: p.padding_method,
            algorithm: p.cryptographic_algorithm,
            random_iv: p.random_iv,
            iv_bits: p.iv_length,
            tag_len: p.tag_length,
        }
    }
}

/// The fields Encrypt and Decrypt share.
struct Job<'r> {
    uid: Option<Uid<'r>>,
    params: Option<CryptographicParameters<'r>>,
    data: Option<&'r [u8]>,
    iv: Option<&'r [u8]>,
    aad: Option<&'r [u8]>,
    streaming: bool,
}

fn crypto_fault(e: CryptoError) -> OpError {
    match e {
        CryptoError::Authentication => OpError::new(
            Fault::CryptographicFailure,
            "decryption failed: the tag (or the padding) does not match the key, IV, additional \
             data and ciphertext",
        ),
        CryptoError::KeyLength(_) => OpError::new(Fault::InvalidField, e.to_string()),
        CryptoError::NotBlockAligned(_) => OpError::new(Fault::InvalidField, e.to_string()),
        CryptoError::IvLength(_) | CryptoError::TagLength(_) => {
            OpError::new(Fault::BadCryptographicParameters, e.to_string())
        }
    }
}

/// What the key and parameters allow, checked once for both operations.
struct Prepared {
    uid: String,
    key: Zeroizing<Vec<u8>>,
    params: Params,
}

impl Ctx<'_> {
    fn prepare(&mut self, job: &Job<'_>, encrypt: bool) -> Result<Prepared, OpError> {
        let op = if encrypt { "Encrypt" } else { "Decrypt" };
        if job.streaming {
            return fail(
                Fault::FeatureNotSupported,
                format!(
                    "streaming {op} (Correlation Value, Init/Final Indicator) is not supported"
                ),
            );
        }
        let id = self.target(job.uid)?;
        let o = self.obj(id)?;
        let uid = o.uid.clone();
        if o.object_type != ObjectType::SYMMETRIC_KEY {
            return fail(
                Fault::InvalidObjectType,
                format!("object {uid} is not a symmetric key"),
            );
        }
        let Some(Material::SymmetricKey { key, .. }) = &o.material else {
            return fail(
                Fault::Destroyed,
                format!("object {uid} was destroyed: it can no longer {op}"),
            );
        };
        if o.algorithm != Some(CryptographicAlgorithm::AES) {
            return fail(
                Fault::UnsupportedCryptographicParameters,
                format!("object {uid} is not an AES key: this server encrypts with AES only"),
            );
        }
        let allowed = if encrypt {
            o.state == State::ACTIVE
        } else {
            matches!(
                o.state,
                State::ACTIVE | State::DEACTIVATED | State::COMPROMISED
            )
        };
        if !allowed {
            let why = if encrypt {
                "only an Active key encrypts"
            } else {
                "only an Active, Deactivated or Compromised key decrypts"
            };
            return fail(
                Fault::WrongState,
                format!("object {uid} is {}: {why}", state_name(o.state)),
            );
        }
        let bit = if encrypt {
            CryptographicUsageMask::ENCRYPT
        } else {
            CryptographicUsageMask::DECRYPT
        };
        if o.usage_mask.is_some_and(|m| !m.contains(bit)) {
            return fail(
                Fault::IncompatibleUsageMask,
                format!("the Cryptographic Usage Mask of object {uid} does not allow {op}"),
            );
        }
        let params = match &job.params {
            Some(p) => Params::from(p),
            None => o
                .extra_of(&AttrKey::Tag(Tag::CRYPTOGRAPHIC_PARAMETERS.0))
                .find_map(|s| match s.value()? {
                    AttributeValue::CryptographicParameters(p) => Some(Params::from(&p)),
                    _ => None,
                })
                .ok_or_else(|| {
                    OpError::new(
                        Fault::BadCryptographicParameters,
                        format!(
                            "{op} needs Cryptographic Parameters (Block Cipher Mode GCM or CBC), \
                             in the request or as an attribute of object {uid}"
                        ),
                    )
                })?,
        };
        if let Some(a) = params.algorithm {
            if a != CryptographicAlgorithm::AES {
                return fail(
                    Fault::UnsupportedCryptographicParameters,
                    format!("Cryptographic Algorithm {a:?} is not supported: AES is"),
                );
            }
        }
        Ok(Prepared {
            uid,
            key: key.clone(),
            params,
        })
    }

    /// The IV to use: the request's, or a new random one of `default_len` bytes.
    fn iv_for_encrypt(
        &self,
        given: Option<&[u8]>,
        p: &Params,
        default_len: usize,
    ) -> Result<(Vec<u8>, bool), OpError> {
        match (given, p.random_iv) {
            (Some(_), Some(true)) => fail(
                Fault::BadCryptographicParameters,
                "Random IV is True but the request also gives an IV",
            ),
            (Some(iv), _) => Ok((iv.to_vec(), false)),
            (None, Some(false)) => fail(
                Fault::MissingIv,
                "Random IV is False but the request gives no IV/Counter/Nonce",
            ),
            (None, _) => {
                let len = p
                    .iv_bits
                    .and_then(|b| usize::try_from(b / 8).ok())
                    .unwrap_or(default_len);
                let mut iv = vec![0u8; len];
                self.random
                    .fill(&mut iv)
                    .map_err(|e| OpError::new(Fault::GeneralFailure, e.to_string()))?;
                Ok((iv, true))
            }
        }
    }

    pub(super) fn encrypt(&mut self, r: &EncryptRequest<'_>) -> Result<Success, OpError> {
        let v = self.version;
        let job = Job {
            uid: r.unique_identifier,
            params: r.cryptographic_parameters,
            data: r.data,
            iv: r.iv_counter_nonce,
            aad: r.authenticated_encryption_additional_data,
            streaming: r.correlation_value.is_some()
                || r.init_indicator == Some(true)
                || r.final_indicator == Some(false),
        };
        let p = self.prepare(&job, true)?;
        let Some(data) = job.data else {
            return fail(Fault::MissingData, "Encrypt needs Data");
        };
        let (ciphertext, iv, generated, tag) = match p.params.mode {
            Some(BlockCipherMode::GCM) => {
                gcm_checks(v, &p.params, job.iv)?;
                let tag_len = tag_length(&p.params)?;
                let (iv, generated) = self.iv_for_encrypt(job.iv, &p.params, 12)?;
                let (ct, tag) =
                    crypto::gcm_encrypt(&p.key, &iv, job.aad.unwrap_or_default(), data, tag_len)
                        .map_err(crypto_fault)?;
                (ct, iv, generated, Some(tag))
            }
            Some(BlockCipherMode::CBC) => {
                let pad = cbc_padding(&p.params, job.aad)?;
                let (iv, generated) = self.iv_for_encrypt(job.iv, &p.params, 16)?;
                let ct = crypto::cbc_encrypt(&p.key, &iv, data, pad).map_err(crypto_fault)?;
                (ct, iv, generated, None)
            }
            other => return Err(unsupported_mode(other)),
        };
        let payload = encode_payload(
            &EncryptResponse {
                unique_identifier: Uid::Text(&p.uid),
                data: Some(&ciphertext),
                iv_counter_nonce: generated.then_some(iv.as_slice()),
                correlation_value: None,
                authenticated_encryption_tag: tag.as_deref(),
            },
            v,
        )?;
        self.batch.returned(&p.uid);
        Ok(Success { payload })
    }

    pub(super) fn decrypt(&mut self, r: &DecryptRequest<'_>) -> Result<Success, OpError> {
        let v = self.version;
        let job = Job {
            uid: r.unique_identifier,
            params: r.cryptographic_parameters,
            data: r.data,
            iv: r.iv_counter_nonce,
            aad: r.authenticated_encryption_additional_data,
            streaming: r.correlation_value.is_some()
                || r.init_indicator == Some(true)
                || r.final_indicator == Some(false),
        };
        let p = self.prepare(&job, false)?;
        let Some(data) = job.data else {
            return fail(Fault::MissingData, "Decrypt needs Data");
        };
        let Some(iv) = job.iv else {
            return fail(
                Fault::MissingIv,
                "Decrypt needs the IV/Counter/Nonce the data was encrypted with",
            );
        };
        let plaintext = match p.params.mode {
            Some(BlockCipherMode::GCM) => {
                gcm_checks(v, &p.params, Some(iv))?;
                let Some(tag) = r.authenticated_encryption_tag else {
                    return fail(
                        Fault::MissingData,
                        "Decrypt with GCM needs the Authenticated Encryption Tag",
                    );
                };
                if let Some(t) = p.params.tag_len {
                    if usize::try_from(t).ok() != Some(tag.len()) {
                        return fail(
                            Fault::BadCryptographicParameters,
                            format!("Tag Length says {t} bytes but the tag has {}", tag.len()),
                        );
                    }
                }
                crypto::gcm_decrypt(&p.key, iv, job.aad.unwrap_or_default(), data, tag)
                    .map_err(crypto_fault)?
            }
            Some(BlockCipherMode::CBC) => {
                let pad = cbc_padding(&p.params, job.aad)?;
                crypto::cbc_decrypt(&p.key, iv, data, pad).map_err(crypto_fault)?
            }
            other => return Err(unsupported_mode(other)),
        };
        let payload = encode_payload(
            &DecryptResponse {
                unique_identifier: Uid::Text(&p.uid),
                data: Some(&plaintext),
                correlation_value: None,
            },
            v,
        )?;
        self.batch.returned(&p.uid);
        Ok(Success { payload })
    }
}

fn unsupported_mode(mode: Option<BlockCipherMode>) -> OpError {
    match mode {
        None => OpError::new(
            Fault::BadCryptographicParameters,
            "Cryptographic Parameters lack the Block Cipher Mode (GCM or CBC)",
        ),
        Some(m) => OpError::new(
            Fault::UnsupportedCryptographicParameters,
            format!("Block Cipher Mode {m:?} is not supported: GCM and CBC are"),
        ),
    }
}

/// GCM needs KMIP 1.4 (Authenticated Encryption Tag), no padding and a 96- or 128-bit IV.
fn gcm_checks(v: ProtocolVersion, p: &Params, iv: Option<&[u8]>) -> Result<(), OpError> {
    if !v.is_v2() && v < ProtocolVersion::V1_4 {
        return fail(
            Fault::FeatureNotSupported,
            format!(
                "AES-GCM needs KMIP 1.4 or later: the tag travels in Authenticated Encryption \
                 Tag, which KMIP {v} does not have (use CBC, or KMIP 1.4)"
            ),
        );
    }
    if p.padding.is_some_and(|m| m != PaddingMethod::NONE) {
        return fail(
            Fault::BadCryptographicParameters,
            "GCM takes no Padding Method (or None)",
        );
    }
    let len = iv.map(<[u8]>::len).or_else(|| {
        p.iv_bits
            .and_then(|b| usize::try_from(b).ok())
            .map(|b| b / 8)
    });
    if let Some(len) = len {
        if !GCM_IV_LENGTHS.contains(&len) {
            return fail(
                Fault::BadCryptographicParameters,
                format!("a GCM IV of {len} bytes is not supported: 12 or 16 bytes are"),
            );
        }
        if let (Some(bits), Some(iv)) = (p.iv_bits, iv) {
            if usize::try_from(bits).ok() != Some(iv.len() * 8) {
                return fail(
                    Fault::BadCryptographicParameters,
                    format!(
                        "IV Length says {bits} bits but the IV has {} bytes",
                        iv.len()
                    ),
                );
            }
        }
    }
    Ok(())
}

/// The GCM tag length in bytes (16 when not given).
fn tag_length(p: &Params) -> Result<usize, OpError> {
    match p.tag_len {
        None => Ok(16),
        Some(t) if (12..=16).contains(&t) => Ok(usize::try_from(t).unwrap_or(16)),
        Some(t) => fail(
            Fault::BadCryptographicParameters,
            format!("Tag Length {t}: a GCM tag has 12 to 16 bytes (Tag Length is in bytes)"),
        ),
    }
}

/// CBC padding: PKCS#5, or None (also when absent).
fn cbc_padding(p: &Params, aad: Option<&[u8]>) -> Result<bool, OpError> {
    if aad.is_some() {
        return fail(
            Fault::BadCryptographicParameters,
            "Authenticated Encryption Additional Data applies to GCM, not CBC",
        );
    }
    match p.padding {
        Some(PaddingMethod::PKCS5) => Ok(true),
        None | Some(PaddingMethod::NONE) => Ok(false),
        Some(m) => fail(
            Fault::UnsupportedCryptographicParameters,
            format!("Padding Method {m:?} is not supported with CBC: PKCS5 and None are"),
        ),
    }
}
