//! Managed objects and the structures inside them: Key Block, Key Value, Key Material, Key
//! Wrapping Data and Specification, Cryptographic Parameters; Symmetric Key, Secret Data and
//! the other objects a Get may return.
//!
//! A wrapped Key Value arrives in two shapes (kmip-spec.md §7.5): a Byte String (the
//! specification's form) or a Structure whose Key Material holds the wrapped bytes (TC-WRAP-1-14).
//! Both decode; [`KeyBlock::wrapped_key`] gives the bytes in either case.

use super::attributes::{AttributeList, ListCollector};
use super::codec::{self, gate, put, RawStructure};
use super::uid::Uid;
use super::{Error, Problem, ProtocolVersion};
use crate::ttlv::{
    BlockCipherMode, CryptographicAlgorithm, DigitalSignatureAlgorithm, Encoder, EncodingOption,
    HashingAlgorithm, Item, KeyCompressionType, KeyFormatType, KeyRoleType, MaskGenerator,
    ObjectType, OpaqueDataType, PaddingMethod, SecretDataType, Sink, Tag, WrappingMethod,
};

const V1_2: ProtocolVersion = ProtocolVersion::V1_2;
const V1_4: ProtocolVersion = ProtocolVersion::V1_4;

/// Cryptographic Parameters (1.4 §2.1.6; 2.1 §2.1.11). Every field is optional. The fields
/// marked 1.2/1.4 are refused when encoding for an older version.
///
/// Units: `iv_length` is in **bits**, `tag_length` in **bytes**.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CryptographicParameters<'a> {
    /// Block Cipher Mode (CBC, GCM, NIST Key Wrap, …).
    pub block_cipher_mode: Option<BlockCipherMode>,
    /// Padding Method.
    pub padding_method: Option<PaddingMethod>,
    /// Hashing Algorithm.
    pub hashing_algorithm: Option<HashingAlgorithm>,
    /// Key Role Type.
    pub key_role_type: Option<KeyRoleType>,
    /// Digital Signature Algorithm (1.2).
    pub digital_signature_algorithm: Option<DigitalSignatureAlgorithm>,
    /// Cryptographic Algorithm (1.2).
    pub cryptographic_algorithm: Option<CryptographicAlgorithm>,
    /// Random IV: ask the server to generate the IV (1.2).
    pub random_iv: Option<bool>,
    /// IV Length, in bits (1.2).
    pub iv_length: Option<i32>,
    /// Tag Length, in bytes (1.2; required with GCM and CCM).
    pub tag_length: Option<i32>,
    /// Fixed Field Length, bits (1.2).
    pub fixed_field_length: Option<i32>,
    /// Invocation Field Length, bits (1.2).
    pub invocation_field_length: Option<i32>,
    /// Counter Length, bits (1.2).
    pub counter_length: Option<i32>,
    /// Initial Counter Value (1.2).
    pub initial_counter_value: Option<i32>,
    /// Salt Length (1.4).
    pub salt_length: Option<i32>,
    /// Mask Generator (1.4).
    pub mask_generator: Option<MaskGenerator>,
    /// Mask Generator Hashing Algorithm (1.4).
    pub mask_generator_hashing_algorithm: Option<HashingAlgorithm>,
    /// P Source (1.4).
    pub p_source: Option<&'a [u8]>,
    /// Trailer Field (1.4).
    pub trailer_field: Option<i32>,
}

impl<'a> CryptographicParameters<'a> {
    /// Decodes a Cryptographic Parameters structure (whatever its tag: as an attribute value
    /// in 1.x it is an Attribute Value).
    pub fn decode(item: Item<'a>) -> Result<Self, Error> {
        codec::expect_structure(&item)?;
        let mut p = CryptographicParameters::default();
        for c in item.children() {
            let i = &item;
            match c.tag() {
                Tag::BLOCK_CIPHER_MODE => put(
                    &mut p.block_cipher_mode,
                    i,
                    &c,
                    BlockCipherMode(codec::enumeration(&c)?),
                )?,
                Tag::PADDING_METHOD => put(
                    &mut p.padding_method,
                    i,
                    &c,
                    PaddingMethod(codec::enumeration(&c)?),
                )?,
                Tag::HASHING_ALGORITHM => put(
                    &mut p.hashing_algorithm,
                    i,
                    &c,
                    HashingAlgorithm(codec::enumeration(&c)?),
                )?,
                Tag::KEY_ROLE_TYPE => put(
                    &mut p.key_role_type,
                    i,
                    &c,
                    KeyRoleType(codec::enumeration(&c)?),
                )?,
                Tag::DIGITAL_SIGNATURE_ALGORITHM => put(
                    &mut p.digital_signature_algorithm,
                    i,
                    &c,
                    DigitalSignatureAlgorithm(codec::enumeration(&c)?),
                )?,
                Tag::CRYPTOGRAPHIC_ALGORITHM => put(
                    &mut p.cryptographic_algorithm,
                    i,
                    &c,
                    CryptographicAlgorithm(codec::enumeration(&c)?),
                )?,
                Tag::RANDOM_IV => put(&mut p.random_iv, i, &c, codec::boolean(&c)?)?,
                Tag::IV_LENGTH => put(&mut p.iv_length, i, &c, codec::int(&c)?)?,
                Tag::TAG_LENGTH => put(&mut p.tag_length, i, &c, codec::int(&c)?)?,
                Tag::FIXED_FIELD_LENGTH => put(&mut p.fixed_field_length, i, &c, codec::int(&c)?)?,
                Tag::INVOCATION_FIELD_LENGTH => {
                    put(&mut p.invocation_field_length, i, &c, codec::int(&c)?)?
                }
                Tag::COUNTER_LENGTH => put(&mut p.counter_length, i, &c, codec::int(&c)?)?,
                Tag::INITIAL_COUNTER_VALUE => {
                    put(&mut p.initial_counter_value, i, &c, codec::int(&c)?)?
                }
                Tag::SALT_LENGTH => put(&mut p.salt_length, i, &c, codec::int(&c)?)?,
                Tag::MASK_GENERATOR => put(
                    &mut p.mask_generator,
                    i,
                    &c,
                    MaskGenerator(codec::enumeration(&c)?),
                )?,
                Tag::MASK_GENERATOR_HASHING_ALGORITHM => put(
                    &mut p.mask_generator_hashing_algorithm,
                    i,
                    &c,
                    HashingAlgorithm(codec::enumeration(&c)?),
                )?,
                Tag::P_SOURCE => put(&mut p.p_source, i, &c, codec::bytes(&c)?)?,
                Tag::TRAILER_FIELD => put(&mut p.trailer_field, i, &c, codec::int(&c)?)?,
                _ => {}
            }
        }
        Ok(p)
    }

    /// Writes the structure under `tag` (Cryptographic Parameters, or Attribute Value in 1.x),
    /// in the specification's field order.
    pub fn encode<S: Sink>(
        &self,
        tag: Tag,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        codec::structure(enc, tag, |e| {
            if let Some(v) = self.block_cipher_mode {
                e.enumeration(Tag::BLOCK_CIPHER_MODE, v.0)?;
            }
            if let Some(v) = self.padding_method {
                e.enumeration(Tag::PADDING_METHOD, v.0)?;
            }
            if let Some(v) = self.hashing_algorithm {
                e.enumeration(Tag::HASHING_ALGORITHM, v.0)?;
            }
            if let Some(v) = self.key_role_type {
                e.enumeration(Tag::KEY_ROLE_TYPE, v.0)?;
            }
            if let Some(v) = self.digital_signature_algorithm {
                gate(version, V1_2, Tag::DIGITAL_SIGNATURE_ALGORITHM)?;
                e.enumeration(Tag::DIGITAL_SIGNATURE_ALGORITHM, v.0)?;
            }
            if let Some(v) = self.cryptographic_algorithm {
                gate(version, V1_2, Tag::CRYPTOGRAPHIC_ALGORITHM)?;
                e.enumeration(Tag::CRYPTOGRAPHIC_ALGORITHM, v.0)?;
            }
            if let Some(v) = self.random_iv {
                gate(version, V1_2, Tag::RANDOM_IV)?;
                e.boolean(Tag::RANDOM_IV, v)?;
            }
            let ints12 = [
                (Tag::IV_LENGTH, self.iv_length),
                (Tag::TAG_LENGTH, self.tag_length),
                (Tag::FIXED_FIELD_LENGTH, self.fixed_field_length),
                (Tag::INVOCATION_FIELD_LENGTH, self.invocation_field_length),
                (Tag::COUNTER_LENGTH, self.counter_length),
                (Tag::INITIAL_COUNTER_VALUE, self.initial_counter_value),
            ];
            for (t, v) in ints12 {
                if let Some(v) = v {
                    gate(version, V1_2, t)?;
                    e.integer(t, v)?;
                }
            }
            if let Some(v) = self.salt_length {
                gate(version, V1_4, Tag::SALT_LENGTH)?;
                e.integer(Tag::SALT_LENGTH, v)?;
            }
            if let Some(v) = self.mask_generator {
                gate(version, V1_4, Tag::MASK_GENERATOR)?;
                e.enumeration(Tag::MASK_GENERATOR, v.0)?;
            }
            if let Some(v) = self.mask_generator_hashing_algorithm {
                gate(version, V1_4, Tag::MASK_GENERATOR_HASHING_ALGORITHM)?;
                e.enumeration(Tag::MASK_GENERATOR_HASHING_ALGORITHM, v.0)?;
            }
            if let Some(v) = self.p_source {
                gate(version, V1_4, Tag::P_SOURCE)?;
                e.bytes(Tag::P_SOURCE, v)?;
            }
            if let Some(v) = self.trailer_field {
                gate(version, V1_4, Tag::TRAILER_FIELD)?;
                e.integer(Tag::TRAILER_FIELD, v)?;
            }
            Ok(())
        })
    }
}

/// Encryption Key Information or MAC/Signature Key Information: which key wraps, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyInformation<'a> {
    /// The wrapping (or MAC/signing) key.
    pub unique_identifier: Uid<'a>,
    /// How to use it; absent means the key's own Cryptographic Parameters attribute.
    pub cryptographic_parameters: Option<CryptographicParameters<'a>>,
}

impl<'a> KeyInformation<'a> {
    /// Decodes either Key Information structure.
    pub fn decode(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        codec::expect_structure(&item)?;
        let mut uid = None;
        let mut params = None;
        for c in item.children() {
            match c.tag() {
                Tag::UNIQUE_IDENTIFIER => put(&mut uid, &item, &c, Uid::decode(c, version)?)?,
                Tag::CRYPTOGRAPHIC_PARAMETERS => {
                    put(&mut params, &item, &c, CryptographicParameters::decode(c)?)?
                }
                _ => {}
            }
        }
        Ok(KeyInformation {
            unique_identifier: codec::need(uid, Tag::UNIQUE_IDENTIFIER, &item)?,
            cryptographic_parameters: params,
        })
    }

    /// Writes it under `tag`.
    pub fn encode<S: Sink>(
        &self,
        tag: Tag,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        codec::structure(enc, tag, |e| {
            self.unique_identifier
                .encode(Tag::UNIQUE_IDENTIFIER, e, version)?;
            if let Some(p) = &self.cryptographic_parameters {
                p.encode(Tag::CRYPTOGRAPHIC_PARAMETERS, e, version)?;
            }
            Ok(())
        })
    }
}

/// Key Wrapping Data: how the Key Value of a Key Block was wrapped.
///
/// Without an Encoding Option the wrapped blob is the TTLV encoding of the Key Value
/// structure; with [`EncodingOption::NO_ENCODING`] it is the wrap of the raw key bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyWrappingData<'a> {
    /// Wrapping Method.
    pub wrapping_method: WrappingMethod,
    /// Encryption Key Information.
    pub encryption_key_information: Option<KeyInformation<'a>>,
    /// MAC/Signature Key Information.
    pub mac_signature_key_information: Option<KeyInformation<'a>>,
    /// MAC/Signature.
    pub mac_signature: Option<&'a [u8]>,
    /// IV/Counter/Nonce.
    pub iv_counter_nonce: Option<&'a [u8]>,
    /// Encoding Option (1.1).
    pub encoding_option: Option<EncodingOption>,
}

impl<'a> KeyWrappingData<'a> {
    /// Decodes a Key Wrapping Data structure.
    pub fn decode(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        codec::expect_structure(&item)?;
        let mut method = None;
        let (mut eki, mut mki, mut mac, mut iv, mut eo) = (None, None, None, None, None);
        for c in item.children() {
            let i = &item;
            match c.tag() {
                Tag::WRAPPING_METHOD => {
                    put(&mut method, i, &c, WrappingMethod(codec::enumeration(&c)?))?
                }
                Tag::ENCRYPTION_KEY_INFORMATION => {
                    put(&mut eki, i, &c, KeyInformation::decode(c, version)?)?
                }
                Tag::MAC_SIGNATURE_KEY_INFORMATION => {
                    put(&mut mki, i, &c, KeyInformation::decode(c, version)?)?
                }
                Tag::MAC_SIGNATURE => put(&mut mac, i, &c, codec::bytes(&c)?)?,
                Tag::IV_COUNTER_NONCE => put(&mut iv, i, &c, codec::bytes(&c)?)?,
                Tag::ENCODING_OPTION => {
                    put(&mut eo, i, &c, EncodingOption(codec::enumeration(&c)?))?
                }
                _ => {}
            }
        }
        Ok(KeyWrappingData {
            wrapping_method: codec::need(method, Tag::WRAPPING_METHOD, &item)?,
            encryption_key_information: eki,
            mac_signature_key_information: mki,
            mac_signature: mac,
            iv_counter_nonce: iv,
            encoding_option: eo,
        })
    }

    /// Writes a Key Wrapping Data structure.
    pub fn encode<S: Sink>(
        &self,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        codec::structure(enc, Tag::KEY_WRAPPING_DATA, |e| {
            e.enumeration(Tag::WRAPPING_METHOD, self.wrapping_method.0)?;
            if let Some(k) = &self.encryption_key_information {
                k.encode(Tag::ENCRYPTION_KEY_INFORMATION, e, version)?;
            }
            if let Some(k) = &self.mac_signature_key_information {
                k.encode(Tag::MAC_SIGNATURE_KEY_INFORMATION, e, version)?;
            }
            if let Some(v) = self.mac_signature {
                e.bytes(Tag::MAC_SIGNATURE, v)?;
            }
            if let Some(v) = self.iv_counter_nonce {
                e.bytes(Tag::IV_COUNTER_NONCE, v)?;
            }
            if let Some(v) = self.encoding_option {
                gate(version, ProtocolVersion::V1_1, Tag::ENCODING_OPTION)?;
                e.enumeration(Tag::ENCODING_OPTION, v.0)?;
            }
            Ok(())
        })
    }
}

/// Key Wrapping Specification: how a Get (or Export) should wrap the key it returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyWrappingSpecification<'a> {
    /// Wrapping Method.
    pub wrapping_method: WrappingMethod,
    /// Encryption Key Information.
    pub encryption_key_information: Option<KeyInformation<'a>>,
    /// MAC/Signature Key Information.
    pub mac_signature_key_information: Option<KeyInformation<'a>>,
    /// Attribute Name*: attributes to wrap with the key.
    pub attribute_names: codec::Seq<'a, &'a str>,
    /// Encoding Option (1.1).
    pub encoding_option: Option<EncodingOption>,
}

impl<'a> KeyWrappingSpecification<'a> {
    /// A specification that wraps with `method` under the key `wrapping_key`.
    pub fn new(method: WrappingMethod, wrapping_key: KeyInformation<'a>) -> Self {
        KeyWrappingSpecification {
            wrapping_method: method,
            encryption_key_information: Some(wrapping_key),
            mac_signature_key_information: None,
            attribute_names: codec::Seq::empty(),
            encoding_option: None,
        }
    }

    /// Decodes a Key Wrapping Specification structure.
    pub fn decode(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        codec::expect_structure(&item)?;
        let mut method = None;
        let (mut eki, mut mki, mut eo) = (None, None, None);
        let mut names = 0;
        for c in item.children() {
            let i = &item;
            match c.tag() {
                Tag::WRAPPING_METHOD => {
                    put(&mut method, i, &c, WrappingMethod(codec::enumeration(&c)?))?
                }
                Tag::ENCRYPTION_KEY_INFORMATION => {
                    put(&mut eki, i, &c, KeyInformation::decode(c, version)?)?
                }
                Tag::MAC_SIGNATURE_KEY_INFORMATION => {
                    put(&mut mki, i, &c, KeyInformation::decode(c, version)?)?
                }
                Tag::ATTRIBUTE_NAME => codec::tally_text(&mut names, &c)?,
                Tag::ENCODING_OPTION => {
                    put(&mut eo, i, &c, EncodingOption(codec::enumeration(&c)?))?
                }
                _ => {}
            }
        }
        Ok(KeyWrappingSpecification {
            wrapping_method: codec::need(method, Tag::WRAPPING_METHOD, &item)?,
            encryption_key_information: eki,
            mac_signature_key_information: mki,
            attribute_names: codec::Seq::from_wire(item, Some(Tag::ATTRIBUTE_NAME), names, version),
            encoding_option: eo,
        })
    }

    /// Writes a Key Wrapping Specification structure.
    pub fn encode<S: Sink>(
        &self,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        codec::structure(enc, Tag::KEY_WRAPPING_SPECIFICATION, |e| {
            e.enumeration(Tag::WRAPPING_METHOD, self.wrapping_method.0)?;
            if let Some(k) = &self.encryption_key_information {
                k.encode(Tag::ENCRYPTION_KEY_INFORMATION, e, version)?;
            }
            if let Some(k) = &self.mac_signature_key_information {
                k.encode(Tag::MAC_SIGNATURE_KEY_INFORMATION, e, version)?;
            }
            self.attribute_names
                .encode(Tag::ATTRIBUTE_NAME, e, version)?;
            if let Some(v) = self.encoding_option {
                gate(version, ProtocolVersion::V1_1, Tag::ENCODING_OPTION)?;
                e.enumeration(Tag::ENCODING_OPTION, v.0)?;
            }
            Ok(())
        })
    }
}

/// Key Material: bytes (Raw, Opaque, PKCS#1/#8, X.509, …) or a structure (Transparent …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyMaterial<'a> {
    /// A Byte String: the key bytes for Raw, the DER for PKCS formats, or (TC-WRAP-1-14 shape)
    /// the wrapped blob.
    Bytes(&'a [u8]),
    /// Transparent Symmetric Key: `{Key}`.
    TransparentSymmetricKey(&'a [u8]),
    /// Another structured format (transparent asymmetric keys), carried as is.
    Structure(RawStructure<'a>),
}

impl<'a> KeyMaterial<'a> {
    /// Decodes a Key Material item of a key in `format` (the structure of a Transparent
    /// Symmetric Key is typed; other structures are carried as is).
    pub fn decode(item: Item<'a>, format: KeyFormatType) -> Result<Self, Error> {
        match item.item_type() {
            crate::ttlv::ItemType::ByteString => Ok(KeyMaterial::Bytes(codec::bytes(&item)?)),
            crate::ttlv::ItemType::Structure
                if format == KeyFormatType::TRANSPARENT_SYMMETRIC_KEY =>
            {
                let mut key = None;
                for c in item.children() {
                    if c.tag() == Tag::KEY {
                        put(&mut key, &item, &c, codec::bytes(&c)?)?;
                    }
                }
                Ok(KeyMaterial::TransparentSymmetricKey(codec::need(
                    key,
                    Tag::KEY,
                    &item,
                )?))
            }
            crate::ttlv::ItemType::Structure => {
                Ok(KeyMaterial::Structure(RawStructure::decode(item)?))
            }
            found => Err(Error::WrongType {
                field: Tag::KEY_MATERIAL,
                expected: crate::ttlv::ItemType::ByteString,
                found,
                offset: item.offset(),
            }),
        }
    }

    /// Writes the Key Material item.
    pub fn encode<S: Sink>(&self, enc: &mut Encoder<S>) -> Result<(), Error> {
        match self {
            KeyMaterial::Bytes(b) => enc.bytes(Tag::KEY_MATERIAL, b)?,
            KeyMaterial::TransparentSymmetricKey(k) => {
                codec::structure(enc, Tag::KEY_MATERIAL, |e| {
                    e.bytes(Tag::KEY, k)?;
                    Ok(())
                })?
            }
            KeyMaterial::Structure(s) => s.encode(Tag::KEY_MATERIAL, enc)?,
        }
        Ok(())
    }

    /// The symmetric key bytes: Raw bytes or the Transparent Symmetric Key's Key.
    pub fn symmetric_key(&self) -> Option<&'a [u8]> {
        match self {
            KeyMaterial::Bytes(b) | KeyMaterial::TransparentSymmetricKey(b) => Some(b),
            KeyMaterial::Structure(_) => None,
        }
    }
}

/// Key Value: plaintext (a structure) or wrapped (a Byte String).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum KeyValue<'a> {
    /// The structure form: Key Material and attributes bound to it (1.x Attribute*, 2.x
    /// Attributes). When the Key Block has Key Wrapping Data, Key Material holds the wrapped
    /// bytes (the TC-WRAP-1-14 shape).
    Structure {
        /// Key Material.
        key_material: KeyMaterial<'a>,
        /// Attributes carried inside the Key Value.
        attributes: AttributeList<'a>,
    },
    /// The wrapped form: the wrapped bytes.
    Wrapped(&'a [u8]),
}

impl<'a> KeyValue<'a> {
    /// A plaintext Key Value of raw key bytes, without attributes.
    pub fn bytes(key: &'a [u8]) -> Self {
        KeyValue::Structure {
            key_material: KeyMaterial::Bytes(key),
            attributes: AttributeList::empty(),
        }
    }

    fn decode(
        item: Item<'a>,
        format: KeyFormatType,
        version: ProtocolVersion,
    ) -> Result<Self, Error> {
        match item.item_type() {
            crate::ttlv::ItemType::ByteString => Ok(KeyValue::Wrapped(codec::bytes(&item)?)),
            crate::ttlv::ItemType::Structure => {
                // One pass for the Key Material and the attributes. Errors keep their order:
                // the Key Material's first, then the attributes' (the first one is held).
                let mut material = None;
                let mut list = ListCollector::default();
                let mut list_error = None;
                for c in item.children() {
                    if c.tag() == Tag::KEY_MATERIAL {
                        put(&mut material, &item, &c, KeyMaterial::decode(c, format)?)?;
                    } else if list_error.is_none() {
                        if let Err(e) = list.feed(&item, c, version) {
                            list_error = Some(e);
                        }
                    }
                }
                let key_material = codec::need(material, Tag::KEY_MATERIAL, &item)?;
                if let Some(e) = list_error {
                    return Err(e);
                }
                Ok(KeyValue::Structure {
                    key_material,
                    attributes: list.finish(item, version),
                })
            }
            found => Err(Error::WrongType {
                field: Tag::KEY_VALUE,
                expected: crate::ttlv::ItemType::Structure,
                found,
                offset: item.offset(),
            }),
        }
    }

    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, version: ProtocolVersion) -> Result<(), Error> {
        match self {
            KeyValue::Wrapped(b) => {
                enc.bytes(Tag::KEY_VALUE, b)?;
                Ok(())
            }
            KeyValue::Structure {
                key_material,
                attributes,
            } => codec::structure(enc, Tag::KEY_VALUE, |e| {
                key_material.encode(e)?;
                attributes.encode_in(e, version)
            }),
        }
    }
}

/// Key Block: the key (or secret) with its format and, if wrapped, how.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeyBlock<'a> {
    /// Key Format Type.
    pub key_format_type: KeyFormatType,
    /// Key Compression Type.
    pub key_compression_type: Option<KeyCompressionType>,
    /// Key Value.
    pub key_value: KeyValue<'a>,
    /// Cryptographic Algorithm (required for keys, absent for Secret Data).
    pub cryptographic_algorithm: Option<CryptographicAlgorithm>,
    /// Cryptographic Length, bits.
    pub cryptographic_length: Option<i32>,
    /// Key Wrapping Data, when the Key Value is wrapped.
    pub key_wrapping_data: Option<KeyWrappingData<'a>>,
}

impl<'a> KeyBlock<'a> {
    /// A Raw, unwrapped symmetric key block.
    pub fn raw_symmetric(algorithm: CryptographicAlgorithm, key: &'a [u8]) -> Self {
        KeyBlock {
            key_format_type: KeyFormatType::RAW,
            key_compression_type: None,
            key_value: KeyValue::bytes(key),
            cryptographic_algorithm: Some(algorithm),
            cryptographic_length: Some((key.len() as i32).saturating_mul(8)),
            key_wrapping_data: None,
        }
    }

    /// True when the block carries Key Wrapping Data.
    pub fn is_wrapped(&self) -> bool {
        self.key_wrapping_data.is_some()
    }

    /// The plaintext key bytes (Raw, Opaque or Transparent Symmetric Key), if the block is not
    /// wrapped.
    pub fn plain_key(&self) -> Option<&'a [u8]> {
        if self.is_wrapped() {
            return None;
        }
        match self.key_value {
            KeyValue::Structure { key_material, .. } => key_material.symmetric_key(),
            KeyValue::Wrapped(_) => None,
        }
    }

    /// The wrapped bytes of a wrapped block, from either shape of Key Value.
    pub fn wrapped_key(&self) -> Option<&'a [u8]> {
        if !self.is_wrapped() {
            return None;
        }
        match self.key_value {
            KeyValue::Wrapped(b) => Some(b),
            KeyValue::Structure {
                key_material: KeyMaterial::Bytes(b),
                ..
            } => Some(b),
            KeyValue::Structure { .. } => None,
        }
    }

    /// Decodes a Key Block structure.
    pub fn decode(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        let mut block = KeyBlock::unset();
        block.decode_into(item, version)?;
        Ok(block)
    }

    /// A block to decode into: [`KeyBlock::decode_into`] sets every field.
    #[inline(always)]
    pub(crate) fn unset() -> Self {
        KeyBlock {
            key_format_type: KeyFormatType(0),
            key_compression_type: None,
            key_value: KeyValue::Wrapped(&[]),
            cryptographic_algorithm: None,
            cryptographic_length: None,
            key_wrapping_data: None,
        }
    }

    /// Decodes a Key Block structure into `self`, where the message that holds it will keep it
    /// (a Key Block is half a kilobyte: moving it through every layer's `Result` costs more
    /// than reading it).
    pub(crate) fn decode_into(
        &mut self,
        item: Item<'a>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        codec::expect_structure(&item)?;
        let mut format = None;
        let mut value_item = None;
        self.key_compression_type = None;
        self.cryptographic_algorithm = None;
        self.cryptographic_length = None;
        self.key_wrapping_data = None;
        for c in item.children() {
            let i = &item;
            match c.tag() {
                Tag::KEY_FORMAT_TYPE => {
                    put(&mut format, i, &c, KeyFormatType(codec::enumeration(&c)?))?
                }
                Tag::KEY_COMPRESSION_TYPE => put(
                    &mut self.key_compression_type,
                    i,
                    &c,
                    KeyCompressionType(codec::enumeration(&c)?),
                )?,
                Tag::KEY_VALUE => put(&mut value_item, i, &c, c)?,
                Tag::CRYPTOGRAPHIC_ALGORITHM => put(
                    &mut self.cryptographic_algorithm,
                    i,
                    &c,
                    CryptographicAlgorithm(codec::enumeration(&c)?),
                )?,
                Tag::CRYPTOGRAPHIC_LENGTH => {
                    put(&mut self.cryptographic_length, i, &c, codec::int(&c)?)?
                }
                Tag::KEY_WRAPPING_DATA => put(
                    &mut self.key_wrapping_data,
                    i,
                    &c,
                    KeyWrappingData::decode(c, version)?,
                )?,
                _ => {}
            }
        }
        let format = codec::need(format, Tag::KEY_FORMAT_TYPE, &item)?;
        let value_item = codec::need(value_item, Tag::KEY_VALUE, &item)?;
        self.key_format_type = format;
        self.key_value = KeyValue::decode(value_item, format, version)?;
        Ok(())
    }

    /// Writes a Key Block structure.
    pub fn encode<S: Sink>(
        &self,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        if let (
            KeyValue::Structure {
                key_material: KeyMaterial::TransparentSymmetricKey(_),
                ..
            },
            f,
        ) = (&self.key_value, self.key_format_type)
        {
            if f != KeyFormatType::TRANSPARENT_SYMMETRIC_KEY {
                return Err(Error::InvalidValue {
                    field: Tag::KEY_MATERIAL,
                    offset: 0,
                    problem: Problem::KeyMaterialShape,
                });
            }
        }
        codec::structure(enc, Tag::KEY_BLOCK, |e| {
            e.enumeration(Tag::KEY_FORMAT_TYPE, self.key_format_type.0)?;
            if let Some(v) = self.key_compression_type {
                e.enumeration(Tag::KEY_COMPRESSION_TYPE, v.0)?;
            }
            self.key_value.encode(e, version)?;
            if let Some(v) = self.cryptographic_algorithm {
                e.enumeration(Tag::CRYPTOGRAPHIC_ALGORITHM, v.0)?;
            }
            if let Some(v) = self.cryptographic_length {
                e.integer(Tag::CRYPTOGRAPHIC_LENGTH, v)?;
            }
            if let Some(k) = &self.key_wrapping_data {
                k.encode(e, version)?;
            }
            Ok(())
        })
    }
}

/// A managed object as Register sends it and Get returns it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Object<'a> {
    /// Symmetric Key `{Key Block}`.
    SymmetricKey(KeyBlock<'a>),
    /// Public Key `{Key Block}`.
    PublicKey(KeyBlock<'a>),
    /// Private Key `{Key Block}`.
    PrivateKey(KeyBlock<'a>),
    /// Secret Data `{Secret Data Type, Key Block}`.
    SecretData {
        /// Secret Data Type (Password, Seed).
        secret_data_type: SecretDataType,
        /// Key Block.
        key_block: KeyBlock<'a>,
    },
    /// Opaque Object `{Opaque Data Type, Opaque Data Value}`.
    OpaqueObject {
        /// Opaque Data Type.
        opaque_data_type: OpaqueDataType,
        /// Opaque Data Value.
        value: &'a [u8],
    },
    /// Any other object (certificates, split keys, …), carried as is under its tag.
    Other {
        /// The object's tag (Certificate, Split Key, …).
        tag: Tag,
        /// Its content.
        body: RawStructure<'a>,
    },
}

/// The object tags this layer knows, with the Object Type each stands for.
const OBJECT_TAGS: [(Tag, ObjectType); 10] = [
    (Tag::CERTIFICATE, ObjectType::CERTIFICATE),
    (Tag::SYMMETRIC_KEY, ObjectType::SYMMETRIC_KEY),
    (Tag::PUBLIC_KEY, ObjectType::PUBLIC_KEY),
    (Tag::PRIVATE_KEY, ObjectType::PRIVATE_KEY),
    (Tag::SPLIT_KEY, ObjectType::SPLIT_KEY),
    (Tag::TEMPLATE, ObjectType::TEMPLATE),
    (Tag::SECRET_DATA, ObjectType::SECRET_DATA),
    (Tag::OPAQUE_OBJECT, ObjectType::OPAQUE_OBJECT),
    (Tag::PGP_KEY, ObjectType::PGP_KEY),
    (Tag::CERTIFICATE_REQUEST, ObjectType::CERTIFICATE_REQUEST),
];

impl<'a> Object<'a> {
    /// True when `tag` is the tag of a managed object.
    #[inline]
    pub fn is_object_tag(tag: Tag) -> bool {
        // The tags of OBJECT_TAGS, as a `match` the compiler turns into a range and mask test.
        matches!(
            tag,
            Tag::CERTIFICATE
                | Tag::SYMMETRIC_KEY
                | Tag::PUBLIC_KEY
                | Tag::PRIVATE_KEY
                | Tag::SPLIT_KEY
                | Tag::TEMPLATE
                | Tag::SECRET_DATA
                | Tag::OPAQUE_OBJECT
                | Tag::PGP_KEY
                | Tag::CERTIFICATE_REQUEST
        )
    }

    /// The tag of objects of this type, if it is one this layer knows.
    pub fn tag_of(object_type: ObjectType) -> Option<Tag> {
        OBJECT_TAGS
            .iter()
            .find(|(_, o)| *o == object_type)
            .map(|(t, _)| *t)
    }

    /// The Object Type this object is.
    pub fn object_type(&self) -> ObjectType {
        match self {
            Object::SymmetricKey(_) => ObjectType::SYMMETRIC_KEY,
            Object::PublicKey(_) => ObjectType::PUBLIC_KEY,
            Object::PrivateKey(_) => ObjectType::PRIVATE_KEY,
            Object::SecretData { .. } => ObjectType::SECRET_DATA,
            Object::OpaqueObject { .. } => ObjectType::OPAQUE_OBJECT,
            Object::Other { tag, .. } => OBJECT_TAGS
                .iter()
                .find(|(t, _)| t == tag)
                .map(|(_, o)| *o)
                .unwrap_or(ObjectType(0)),
        }
    }

    /// The object's Key Block, for the objects that have one.
    pub fn key_block(&self) -> Option<&KeyBlock<'a>> {
        match self {
            Object::SymmetricKey(k) | Object::PublicKey(k) | Object::PrivateKey(k) => Some(k),
            Object::SecretData { key_block, .. } => Some(key_block),
            _ => None,
        }
    }

    /// Decodes an object item (its tag says which object it is).
    pub fn decode(item: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
        let mut object = Object::unset();
        object.decode_into(item, version)?;
        Ok(object)
    }

    /// An object to decode into: [`Object::decode_into`] replaces it.
    #[inline(always)]
    pub(crate) fn unset() -> Self {
        Object::OpaqueObject {
            opaque_data_type: OpaqueDataType(0),
            value: &[],
        }
    }

    /// Decodes an object item into `self`, the Key Block in place.
    pub(crate) fn decode_into(
        &mut self,
        item: Item<'a>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        codec::expect_structure(&item)?;
        let tag = item.tag();
        match tag {
            Tag::SYMMETRIC_KEY | Tag::PUBLIC_KEY | Tag::PRIVATE_KEY => {
                *self = match tag {
                    Tag::SYMMETRIC_KEY => Object::SymmetricKey(KeyBlock::unset()),
                    Tag::PUBLIC_KEY => Object::PublicKey(KeyBlock::unset()),
                    _ => Object::PrivateKey(KeyBlock::unset()),
                };
                match self {
                    Object::SymmetricKey(k) | Object::PublicKey(k) | Object::PrivateKey(k) => {
                        key_block_of(&item, version, k)
                    }
                    _ => Ok(()),
                }
            }
            Tag::SECRET_DATA => {
                let mut sdt = None;
                for c in item.children() {
                    if c.tag() == Tag::SECRET_DATA_TYPE {
                        put(&mut sdt, &item, &c, SecretDataType(codec::enumeration(&c)?))?;
                    }
                }
                *self = Object::SecretData {
                    secret_data_type: codec::need(sdt, Tag::SECRET_DATA_TYPE, &item)?,
                    key_block: KeyBlock::unset(),
                };
                match self {
                    Object::SecretData { key_block, .. } => key_block_of(&item, version, key_block),
                    _ => Ok(()),
                }
            }
            Tag::OPAQUE_OBJECT => {
                let (mut t, mut v) = (None, None);
                for c in item.children() {
                    match c.tag() {
                        Tag::OPAQUE_DATA_TYPE => {
                            put(&mut t, &item, &c, OpaqueDataType(codec::enumeration(&c)?))?
                        }
                        Tag::OPAQUE_DATA_VALUE => put(&mut v, &item, &c, codec::bytes(&c)?)?,
                        _ => {}
                    }
                }
                *self = Object::OpaqueObject {
                    opaque_data_type: codec::need(t, Tag::OPAQUE_DATA_TYPE, &item)?,
                    value: codec::need(v, Tag::OPAQUE_DATA_VALUE, &item)?,
                };
                Ok(())
            }
            _ => {
                *self = Object::Other {
                    tag,
                    body: RawStructure::decode(item)?,
                };
                Ok(())
            }
        }
    }

    /// Writes the object under its own tag.
    pub fn encode<S: Sink>(
        &self,
        enc: &mut Encoder<S>,
        version: ProtocolVersion,
    ) -> Result<(), Error> {
        match self {
            Object::SymmetricKey(k) => {
                codec::structure(enc, Tag::SYMMETRIC_KEY, |e| k.encode(e, version))
            }
            Object::PublicKey(k) => {
                codec::structure(enc, Tag::PUBLIC_KEY, |e| k.encode(e, version))
            }
            Object::PrivateKey(k) => {
                codec::structure(enc, Tag::PRIVATE_KEY, |e| k.encode(e, version))
            }
            Object::SecretData {
                secret_data_type,
                key_block,
            } => codec::structure(enc, Tag::SECRET_DATA, |e| {
                e.enumeration(Tag::SECRET_DATA_TYPE, secret_data_type.0)?;
                key_block.encode(e, version)
            }),
            Object::OpaqueObject {
                opaque_data_type,
                value,
            } => codec::structure(enc, Tag::OPAQUE_OBJECT, |e| {
                e.enumeration(Tag::OPAQUE_DATA_TYPE, opaque_data_type.0)?;
                e.bytes(Tag::OPAQUE_DATA_VALUE, value)?;
                Ok(())
            }),
            Object::Other { tag, body } => body.encode(*tag, enc),
        }
    }
}

/// Reads the one Key Block child of `object` into `block`.
fn key_block_of<'a>(
    object: &Item<'a>,
    version: ProtocolVersion,
    block: &mut KeyBlock<'a>,
) -> Result<(), Error> {
    let mut found = false;
    for c in object.children() {
        if c.tag() == Tag::KEY_BLOCK {
            if found {
                // A second one: its own errors first, as for any repeated field.
                KeyBlock::decode(c, version)?;
                return Err(Error::Duplicate {
                    field: c.tag(),
                    within: object.tag(),
                    offset: c.offset(),
                });
            }
            block.decode_into(c, version)?;
            found = true;
        }
    }
    if !found {
        return Err(Error::Missing {
            field: Tag::KEY_BLOCK,
            within: object.tag(),
            offset: object.offset(),
        });
    }
    Ok(())
}
