//! Get: the object itself, optionally in another format or wrapped under another key.

use super::Payload;
use crate::kmip::codec::{self, gate, put};
use crate::kmip::objects::{KeyWrappingSpecification, Object};
use crate::kmip::uid::{encode_opt_uid, put_uid, Uid};
use crate::kmip::{Error, ProtocolVersion};
use crate::ttlv::{
    Encoder, Item, KeyCompressionType, KeyFormatType, KeyWrapType, ObjectType, Operation, Sink, Tag,
};

/// Get request payload.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetRequest<'a> {
    /// The object (absent: the ID Placeholder).
    pub unique_identifier: Option<Uid<'a>>,
    /// Key Format Type wanted (Raw, Transparent Symmetric Key, …).
    pub key_format_type: Option<KeyFormatType>,
    /// Key Wrap Type (1.4): Not Wrapped or As Registered.
    pub key_wrap_type: Option<KeyWrapType>,
    /// Key Compression Type wanted.
    pub key_compression_type: Option<KeyCompressionType>,
    /// Wrap the returned key as specified.
    pub key_wrapping_specification: Option<KeyWrappingSpecification<'a>>,
}

impl<'a> GetRequest<'a> {
    /// Get the object `uid` as stored.
    pub fn new(uid: impl Into<Uid<'a>>) -> Self {
        GetRequest {
            unique_identifier: Some(uid.into()),
            ..GetRequest::default()
        }
    }
}

/// Get response payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GetResponse<'a> {
    /// Object Type.
    pub object_type: ObjectType,
    /// Unique Identifier.
    pub unique_identifier: Uid<'a>,
    /// The object.
    pub object: Object<'a>,
}

impl<'a> Payload<'a> for GetRequest<'a> {
    const OPERATION: Operation = Operation::GET;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let mut r = GetRequest::default();
        for c in p.children() {
            match c.tag() {
                Tag::UNIQUE_IDENTIFIER => put_uid(&mut r.unique_identifier, &p, &c, v)?,
                Tag::KEY_FORMAT_TYPE => put(
                    &mut r.key_format_type,
                    &p,
                    &c,
                    KeyFormatType(codec::enumeration(&c)?),
                )?,
                Tag::KEY_WRAP_TYPE => put(
                    &mut r.key_wrap_type,
                    &p,
                    &c,
                    KeyWrapType(codec::enumeration(&c)?),
                )?,
                Tag::KEY_COMPRESSION_TYPE => put(
                    &mut r.key_compression_type,
                    &p,
                    &c,
                    KeyCompressionType(codec::enumeration(&c)?),
                )?,
                Tag::KEY_WRAPPING_SPECIFICATION => put(
                    &mut r.key_wrapping_specification,
                    &p,
                    &c,
                    KeyWrappingSpecification::decode(c, v)?,
                )?,
                _ => {}
            }
        }
        Ok(r)
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        encode_opt_uid(&self.unique_identifier, enc, v)?;
        if let Some(x) = self.key_format_type {
            enc.enumeration(Tag::KEY_FORMAT_TYPE, x.0)?;
        }
        if let Some(x) = self.key_wrap_type {
            gate(v, ProtocolVersion::V1_4, Tag::KEY_WRAP_TYPE)?;
            enc.enumeration(Tag::KEY_WRAP_TYPE, x.0)?;
        }
        if let Some(x) = self.key_compression_type {
            enc.enumeration(Tag::KEY_COMPRESSION_TYPE, x.0)?;
        }
        if let Some(x) = &self.key_wrapping_specification {
            x.encode(enc, v)?;
        }
        Ok(())
    }
}

impl<'a> GetResponse<'a> {
    /// A payload to decode into: [`GetResponse::decode_into`] sets every field.
    #[inline(always)]
    pub(crate) fn unset() -> Self {
        GetResponse {
            object_type: ObjectType(0),
            unique_identifier: Uid::Index(0),
            object: Object::unset(),
        }
    }

    /// Decodes the payload into `self`, the object (and its half-kilobyte Key Block) in place.
    pub(crate) fn decode_into(&mut self, p: Item<'a>, v: ProtocolVersion) -> Result<(), Error> {
        let (mut ot, mut uid, mut found) = (None, None, false);
        for c in p.children() {
            match c.tag() {
                Tag::OBJECT_TYPE => put(&mut ot, &p, &c, ObjectType(codec::enumeration(&c)?))?,
                Tag::UNIQUE_IDENTIFIER => put_uid(&mut uid, &p, &c, v)?,
                t if Object::is_object_tag(t) => {
                    if found {
                        // A second object: its own errors first, as for any repeated field.
                        Object::decode(c, v)?;
                        return Err(Error::Duplicate {
                            field: t,
                            within: p.tag(),
                            offset: c.offset(),
                        });
                    }
                    self.object.decode_into(c, v)?;
                    found = true;
                }
                _ => {}
            }
        }
        let ot = codec::need(ot, Tag::OBJECT_TYPE, &p)?;
        self.object_type = ot;
        self.unique_identifier = codec::need(uid, Tag::UNIQUE_IDENTIFIER, &p)?;
        if !found {
            return Err(Error::Missing {
                field: Object::tag_of(ot).unwrap_or(Tag::SYMMETRIC_KEY),
                within: p.tag(),
                offset: p.offset(),
            });
        }
        Ok(())
    }
}

impl<'a> Payload<'a> for GetResponse<'a> {
    const OPERATION: Operation = Operation::GET;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let mut r = GetResponse::unset();
        r.decode_into(p, v)?;
        Ok(r)
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        enc.enumeration(Tag::OBJECT_TYPE, self.object_type.0)?;
        self.unique_identifier
            .encode(Tag::UNIQUE_IDENTIFIER, enc, v)?;
        self.object.encode(enc, v)
    }
}
