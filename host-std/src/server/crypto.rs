//! The cryptography of the development server: AES-GCM and AES-CBC (RustCrypto), SHA-256
//! digests, and the random source for keys and IVs (the operating system's CSPRNG through
//! `getrandom`, or one a test supplies).
//!
//! Key schedules are zeroized when dropped (the `zeroize` features of `aes`, `aes-gcm` and
//! `cbc`); key bytes live in [`Zeroizing`] buffers.

use std::fmt;

use aes::{Aes128, Aes192, Aes256};
use aes_gcm::aead::array::typenum::{U12, U13, U14, U15, U16};
use aes_gcm::aead::array::Array;
use aes_gcm::aead::{AeadInOut, KeyInit};
use aes_gcm::AesGcm;
use cbc::cipher::block_padding::{NoPadding, Pkcs7};
use cbc::cipher::{
    BlockCipherDecrypt, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt, KeyIvInit,
};
use sha2::Digest;
use zeroize::Zeroizing;

/// A source of cryptographically secure random bytes.
pub trait RandomSource: Send + Sync {
    /// Fills `buf` with random bytes.
    fn fill(&self, buf: &mut [u8]) -> Result<(), RandomError>;
}

/// The operating system's CSPRNG (`getrandom`).
#[derive(Clone, Copy, Debug, Default)]
pub struct OsRandom;

impl RandomSource for OsRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<(), RandomError> {
        getrandom::fill(buf).map_err(|e| RandomError(e.to_string()))
    }
}

/// The random source failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RandomError(pub String);

impl fmt::Display for RandomError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the random number generator failed: {}", self.0)
    }
}

impl std::error::Error for RandomError {}

/// Why an AES operation could not be done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CryptoError {
    /// The key is not 16, 24 or 32 bytes.
    KeyLength(usize),
    /// The IV/nonce length is not one this mode takes here.
    IvLength(usize),
    /// The GCM tag length is not 12 to 16 bytes.
    TagLength(usize),
    /// CBC without padding needs whole 16-byte blocks.
    NotBlockAligned(usize),
    /// The tag does not authenticate the data (GCM), or the padding is wrong (CBC).
    Authentication,
}

impl fmt::Display for CryptoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CryptoError::KeyLength(n) => {
                write!(f, "an AES key has 16, 24 or 32 bytes, this one has {n}")
            }
            CryptoError::IvLength(n) => write!(f, "an IV of {n} bytes cannot be used here"),
            CryptoError::TagLength(n) => write!(
                f,
                "a GCM tag has 12 to 16 bytes (Tag Length is in bytes), not {n}"
            ),
            CryptoError::NotBlockAligned(n) => write!(
                f,
                "CBC without padding needs a multiple of 16 bytes, got {n}"
            ),
            CryptoError::Authentication => {
                f.write_str("the data does not authenticate (wrong key, IV, tag, data or AAD)")
            }
        }
    }
}

impl std::error::Error for CryptoError {}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(&sha2::Sha256::digest(data));
    out
}

/// The GCM IV lengths accepted, in bytes: 96 bits (the recommended size) and 128 bits.
pub const GCM_IV_LENGTHS: [usize; 2] = [12, 16];

fn gcm_seal<C: KeyInit + AeadInOut>(
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    data: &[u8],
) -> Result<(Vec<u8>, Vec<u8>), CryptoError> {
    let cipher = C::new_from_slice(key).map_err(|_| CryptoError::KeyLength(key.len()))?;
    let nonce = Array::try_from(iv).map_err(|_| CryptoError::IvLength(iv.len()))?;
    let mut buf = data.to_vec();
    let tag = cipher
        .encrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into())
        .map_err(|_| CryptoError::Authentication)?;
    Ok((buf, tag.to_vec()))
}

fn gcm_open<C: KeyInit + AeadInOut>(
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    data: &[u8],
    tag: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let cipher = C::new_from_slice(key).map_err(|_| CryptoError::KeyLength(key.len()))?;
    let nonce = Array::try_from(iv).map_err(|_| CryptoError::IvLength(iv.len()))?;
    let tag = Array::try_from(tag).map_err(|_| CryptoError::TagLength(tag.len()))?;
    let mut buf = Zeroizing::new(data.to_vec());
    cipher
        .decrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into(), &tag)
        .map_err(|_| CryptoError::Authentication)?;
    Ok(buf)
}

/// Picks the AesGcm instance for the key, nonce and tag sizes and calls `$f::<Instance>`.
macro_rules! gcm_dispatch {
    ($f:ident, $key:expr, $iv:expr, $tag_len:expr, ($($arg:expr),*)) => {{
        macro_rules! by_tag {
            ($aes:ty, $n:ty) => {
                match $tag_len {
                    12 => $f::<AesGcm<$aes, $n, U12>>($($arg),*),
                    13 => $f::<AesGcm<$aes, $n, U13>>($($arg),*),
                    14 => $f::<AesGcm<$aes, $n, U14>>($($arg),*),
                    15 => $f::<AesGcm<$aes, $n, U15>>($($arg),*),
                    16 => $f::<AesGcm<$aes, $n, U16>>($($arg),*),
                    n => Err(CryptoError::TagLength(n)),
                }
            };
        }
        macro_rules! by_iv {
            ($aes:ty) => {
                match $iv.len() {
                    12 => by_tag!($aes, U12),
                    16 => by_tag!($aes, U16),
                    n => Err(CryptoError::IvLength(n)),
                }
            };
        }
        match $key.len() {
            16 => by_iv!(Aes128),
            24 => by_iv!(Aes192),
            32 => by_iv!(Aes256),
            n => Err(CryptoError::KeyLength(n)),
        }
    }};
}

/// AES-GCM encryption: the ciphertext and a tag of `tag_len` bytes (12 to 16).
pub fn gcm_encrypt(
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
    tag_len: usize,
) -> Result<(Vec<u8>, Vec<u8>), CryptoError> {
    gcm_dispatch!(gcm_seal, key, iv, tag_len, (key, iv, aad, plaintext))
}

/// AES-GCM decryption; the tag's length (12 to 16 bytes) is the one it was made with.
pub fn gcm_decrypt(
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    gcm_dispatch!(
        gcm_open,
        key,
        iv,
        tag.len(),
        (key, iv, aad, ciphertext, tag)
    )
}

fn cbc_seal<C>(key: &[u8], iv: &[u8], data: &[u8], pad: bool) -> Result<Vec<u8>, CryptoError>
where
    C: BlockCipherEncrypt + cbc::cipher::KeyInit,
{
    let enc = cbc::Encryptor::<C>::new_from_slices(key, iv)
        .map_err(|_| CryptoError::IvLength(iv.len()))?;
    if pad {
        Ok(enc.encrypt_padded_vec::<Pkcs7>(data))
    } else if data.len() % 16 != 0 {
        Err(CryptoError::NotBlockAligned(data.len()))
    } else {
        Ok(enc.encrypt_padded_vec::<NoPadding>(data))
    }
}

fn cbc_open<C>(
    key: &[u8],
    iv: &[u8],
    data: &[u8],
    pad: bool,
) -> Result<Zeroizing<Vec<u8>>, CryptoError>
where
    C: BlockCipherDecrypt + cbc::cipher::KeyInit,
{
    let dec = cbc::Decryptor::<C>::new_from_slices(key, iv)
        .map_err(|_| CryptoError::IvLength(iv.len()))?;
    if data.len() % 16 != 0 {
        return Err(CryptoError::NotBlockAligned(data.len()));
    }
    let out = if pad {
        dec.decrypt_padded_vec::<Pkcs7>(data)
    } else {
        dec.decrypt_padded_vec::<NoPadding>(data)
    };
    out.map(Zeroizing::new)
        .map_err(|_| CryptoError::Authentication)
}

/// AES-CBC encryption with a 16-byte IV, PKCS#5 (PKCS#7) padding when `pad`.
pub fn cbc_encrypt(
    key: &[u8],
    iv: &[u8],
    plaintext: &[u8],
    pad: bool,
) -> Result<Vec<u8>, CryptoError> {
    if iv.len() != 16 {
        return Err(CryptoError::IvLength(iv.len()));
    }
    match key.len() {
        16 => cbc_seal::<Aes128>(key, iv, plaintext, pad),
        24 => cbc_seal::<Aes192>(key, iv, plaintext, pad),
        32 => cbc_seal::<Aes256>(key, iv, plaintext, pad),
        n => Err(CryptoError::KeyLength(n)),
    }
}

/// AES-CBC decryption; with `pad`, a wrong padding is [`CryptoError::Authentication`].
pub fn cbc_decrypt(
    key: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
    pad: bool,
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if iv.len() != 16 {
        return Err(CryptoError::IvLength(iv.len()));
    }
    match key.len() {
        16 => cbc_open::<Aes128>(key, iv, ciphertext, pad),
        24 => cbc_open::<Aes192>(key, iv, ciphertext, pad),
        32 => cbc_open::<Aes256>(key, iv, ciphertext, pad),
        n => Err(CryptoError::KeyLength(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcm_known_answer_cs_bc_m_gcm_1() {
        // AES-128, zero key, zero 96-bit IV, 16 zero bytes (kmip-spec.md §3.4).
        let (ct, tag) = gcm_encrypt(&[0; 16], &[0; 12], &[], &[0; 16], 16).unwrap();
        assert_eq!(hex::encode(ct), "0388dace60b6a392f328c2b971b2fe78");
        assert_eq!(hex::encode(&tag), "ab6e47d42cec13bdf53a67b21257bddf");
        let pt = gcm_decrypt(
            &[0; 16],
            &[0; 12],
            &[],
            &hex::decode("0388dace60b6a392f328c2b971b2fe78").unwrap(),
            &tag,
        )
        .unwrap();
        assert_eq!(pt.as_slice(), &[0; 16]);
    }

    #[test]
    fn gcm_truncated_tag_and_bad_tag() {
        let key = [7u8; 32];
        let (ct, tag) = gcm_encrypt(&key, &[1; 12], b"aad", b"secret", 12).unwrap();
        assert_eq!(tag.len(), 12);
        let (_, full) = gcm_encrypt(&key, &[1; 12], b"aad", b"secret", 16).unwrap();
        assert_eq!(
            &full[..12],
            &tag[..],
            "a truncated tag is the full tag's prefix"
        );
        assert_eq!(
            gcm_decrypt(&key, &[1; 12], b"aad", &ct, &tag)
                .unwrap()
                .as_slice(),
            b"secret"
        );
        let mut bad = tag.clone();
        bad[0] ^= 1;
        assert_eq!(
            gcm_decrypt(&key, &[1; 12], b"aad", &ct, &bad),
            Err(CryptoError::Authentication)
        );
        assert_eq!(
            gcm_decrypt(&key, &[1; 12], b"AAD", &ct, &tag),
            Err(CryptoError::Authentication)
        );
        assert_eq!(
            gcm_encrypt(&key, &[1; 12], b"", b"", 11),
            Err(CryptoError::TagLength(11))
        );
        assert_eq!(
            gcm_encrypt(&key, &[1; 7], b"", b"", 16),
            Err(CryptoError::IvLength(7))
        );
    }

    #[test]
    fn cbc_round_trip_and_padding() {
        let key = [3u8; 16];
        let ct = cbc_encrypt(&key, &[0; 16], b"hello", true).unwrap();
        assert_eq!(ct.len(), 16);
        assert_eq!(
            cbc_decrypt(&key, &[0; 16], &ct, true).unwrap().as_slice(),
            b"hello"
        );
        assert_eq!(
            cbc_encrypt(&key, &[0; 16], b"hello", false),
            Err(CryptoError::NotBlockAligned(5))
        );
        // NIST SP 800-38A F.2.1 CBC-AES128.Encrypt, first block.
        let key = hex::decode("2b7e151628aed2a6abf7158809cf4f3c").unwrap();
        let iv = hex::decode("000102030405060708090a0b0c0d0e0f").unwrap();
        let pt = hex::decode("6bc1bee22e409f96e93d7e117393172a").unwrap();
        let ct = cbc_encrypt(&key, &iv, &pt, false).unwrap();
        assert_eq!(hex::encode(ct), "7649abac8119b246cee98e9b12e9197d");
    }

    #[test]
    fn digest_is_sha256() {
        assert_eq!(
            hex::encode(sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
