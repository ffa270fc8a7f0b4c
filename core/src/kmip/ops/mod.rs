//! Operation payloads, one file per operation, and the [`Payload`] trait that lets the
//! message layer stay generic over them.
//!
//! Each operation has a `…Request` and a `…Response` type. [`RequestPayload`] and
//! [`ResponsePayload`] gather them (plus `Other`, for operations this layer does not type, so
//! a server or proxy can still carry them), and are what batch items hold.

use super::codec::RawStructure;
use super::{Error, ProtocolVersion};
use crate::ttlv::{Encoder, Item, Operation, Sink};

pub mod activate;
pub mod add_attribute;
pub mod create;
pub mod decrypt;
pub mod delete_attribute;
pub mod destroy;
pub mod discover_versions;
pub mod encrypt;
pub mod get;
pub mod get_attribute_list;
pub mod get_attributes;
pub mod locate;
pub mod modify_attribute;
pub mod query;
pub mod register;
pub mod rekey;
pub mod revoke;
pub mod set_attribute;

pub use activate::{ActivateRequest, ActivateResponse};
pub use add_attribute::{AddAttributeRequest, AddAttributeResponse};
pub use create::{CreateRequest, CreateResponse};
pub use decrypt::{DecryptRequest, DecryptResponse};
pub use delete_attribute::{DeleteAttributeRequest, DeleteAttributeResponse};
pub use destroy::{DestroyRequest, DestroyResponse};
pub use discover_versions::{DiscoverVersionsRequest, DiscoverVersionsResponse};
pub use encrypt::{EncryptRequest, EncryptResponse};
pub use get::{GetRequest, GetResponse};
pub use get_attribute_list::{GetAttributeListRequest, GetAttributeListResponse};
pub use get_attributes::{GetAttributesRequest, GetAttributesResponse};
pub use locate::{LocateRequest, LocateResponse};
pub use modify_attribute::{ModifyAttributeRequest, ModifyAttributeResponse};
pub use query::{QueryRequest, QueryResponse};
pub use register::{RegisterRequest, RegisterResponse};
pub use rekey::{ReKeyRequest, ReKeyResponse};
pub use revoke::{RevokeRequest, RevokeResponse};
pub use set_attribute::{SetAttributeRequest, SetAttributeResponse};

/// A request or response payload of one operation.
///
/// `decode` reads the children of a Request/Response Payload structure (the batch item
/// checked that it is one); `encode` writes the children (the batch item writes the payload
/// structure around them). Both take the protocol version, which picks the dialect.
pub trait Payload<'a>: Sized {
    /// The operation.
    const OPERATION: Operation;
    /// Reads the payload.
    fn decode(payload: Item<'a>, version: ProtocolVersion) -> Result<Self, Error>;
    /// Writes the payload's fields.
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, version: ProtocolVersion) -> Result<(), Error>;
}

/// A request payload, tied to the type of its response.
pub trait Request<'a>: Payload<'a> {
    /// The matching response payload.
    type Response<'r>: Response<'r>;
    /// Wraps it for a batch item.
    fn into_payload(self) -> RequestPayload<'a>;
}

/// A response payload.
pub trait Response<'a>: Payload<'a> {
    /// The typed payload, if `payload` is this operation's.
    fn from_payload<'p>(payload: &'p ResponsePayload<'a>) -> Option<&'p Self>;
    /// Wraps it for a batch item.
    fn into_payload(self) -> ResponsePayload<'a>;
}

macro_rules! operations {
    ($( $variant:ident: $req:ident, $resp:ident; )*) => {
        /// The request payload of any operation.
        // Variants differ in size (a Register holds a whole Key Block); boxing is not an option
        // without `alloc`, and batch items are few.
        #[allow(clippy::large_enum_variant)]
        #[derive(Clone, Copy, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum RequestPayload<'a> {
            $(
                #[doc = concat!("`", stringify!($variant), "`.")]
                $variant($req<'a>),
            )*
            /// An operation this layer does not type, its payload as is.
            Other {
                /// The operation.
                operation: Operation,
                /// The payload's content.
                payload: RawStructure<'a>,
            },
        }

        /// The response payload of any operation.
        #[allow(clippy::large_enum_variant)]
        #[derive(Clone, Copy, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum ResponsePayload<'a> {
            $(
                #[doc = concat!("`", stringify!($variant), "`.")]
                $variant($resp<'a>),
            )*
            /// An operation this layer does not type (or a payload whose batch item names no
            /// operation), as is.
            Other {
                /// The operation, if the batch item named one.
                operation: Option<Operation>,
                /// The payload's content.
                payload: RawStructure<'a>,
            },
        }

        impl<'a> RequestPayload<'a> {
            /// The operation.
            pub fn operation(&self) -> Operation {
                match self {
                    $( RequestPayload::$variant(_) => <$req as Payload>::OPERATION, )*
                    RequestPayload::Other { operation, .. } => *operation,
                }
            }

            /// Decodes the payload of `operation`.
            pub fn decode(operation: Operation, payload: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
                let mut out = Self::unset();
                out.decode_into(operation, payload, version)?;
                Ok(out)
            }

            /// A payload to decode into.
            #[inline(always)]
            pub(crate) fn unset() -> Self {
                RequestPayload::Other { operation: Operation(0), payload: RawStructure::from_encoded_children(&[]) }
            }

            /// Decodes the payload of `operation` into `self`, where the batch item keeps it:
            /// each payload is written once, the Register request's object in place.
            pub(crate) fn decode_into(
                &mut self,
                operation: Operation,
                payload: Item<'a>,
                version: ProtocolVersion,
            ) -> Result<(), Error> {
                if operation == Operation::REGISTER {
                    *self = RequestPayload::Register(RegisterRequest::unset());
                    if let RequestPayload::Register(r) = self {
                        return r.decode_into(payload, version);
                    }
                }
                $( if operation == <$req as Payload>::OPERATION {
                    *self = RequestPayload::$variant(<$req as Payload>::decode(payload, version)?);
                    return Ok(());
                } )*
                *self = RequestPayload::Other { operation, payload: RawStructure::decode(payload)? };
                Ok(())
            }

            /// Writes the payload's fields.
            pub fn encode<S: Sink>(&self, enc: &mut Encoder<S>, version: ProtocolVersion) -> Result<(), Error> {
                match self {
                    $( RequestPayload::$variant(p) => p.encode(enc, version), )*
                    RequestPayload::Other { payload, .. } => {
                        enc.raw_item(payload.encoded_children())?;
                        Ok(())
                    }
                }
            }
        }

        impl<'a> ResponsePayload<'a> {
            /// The operation, if known.
            pub fn operation(&self) -> Option<Operation> {
                match self {
                    $( ResponsePayload::$variant(_) => Some(<$resp as Payload>::OPERATION), )*
                    ResponsePayload::Other { operation, .. } => *operation,
                }
            }

            /// Decodes the payload of `operation`.
            pub fn decode(operation: Option<Operation>, payload: Item<'a>, version: ProtocolVersion) -> Result<Self, Error> {
                let mut out = Self::unset();
                out.decode_into(operation, payload, version)?;
                Ok(out)
            }

            /// A payload to decode into.
            #[inline(always)]
            pub(crate) fn unset() -> Self {
                ResponsePayload::Other { operation: None, payload: RawStructure::from_encoded_children(&[]) }
            }

            /// Decodes the payload of `operation` into `self`, where the batch item keeps it:
            /// each payload is written once, the Get response's object in place.
            pub(crate) fn decode_into(
                &mut self,
                operation: Option<Operation>,
                payload: Item<'a>,
                version: ProtocolVersion,
            ) -> Result<(), Error> {
                if let Some(operation) = operation {
                    if operation == Operation::GET {
                        *self = ResponsePayload::Get(GetResponse::unset());
                        if let ResponsePayload::Get(g) = self {
                            return g.decode_into(payload, version);
                        }
                    }
                    $( if operation == <$resp as Payload>::OPERATION {
                        *self = ResponsePayload::$variant(<$resp as Payload>::decode(payload, version)?);
                        return Ok(());
                    } )*
                }
                *self = ResponsePayload::Other { operation, payload: RawStructure::decode(payload)? };
                Ok(())
            }

            /// Writes the payload's fields.
            pub fn encode<S: Sink>(&self, enc: &mut Encoder<S>, version: ProtocolVersion) -> Result<(), Error> {
                match self {
                    $( ResponsePayload::$variant(p) => p.encode(enc, version), )*
                    ResponsePayload::Other { payload, .. } => {
                        enc.raw_item(payload.encoded_children())?;
                        Ok(())
                    }
                }
            }
        }

        $(
            impl<'a> Request<'a> for $req<'a> {
                type Response<'r> = $resp<'r>;
                fn into_payload(self) -> RequestPayload<'a> {
                    RequestPayload::$variant(self)
                }
            }

            impl<'a> From<$req<'a>> for RequestPayload<'a> {
                fn from(p: $req<'a>) -> Self {
                    RequestPayload::$variant(p)
                }
            }

            impl<'a> Response<'a> for $resp<'a> {
                fn from_payload<'p>(payload: &'p ResponsePayload<'a>) -> Option<&'p Self> {
                    match payload {
                        ResponsePayload::$variant(p) => Some(p),
                        _ => None,
                    }
                }
                fn into_payload(self) -> ResponsePayload<'a> {
                    ResponsePayload::$variant(self)
                }
            }

            impl<'a> From<$resp<'a>> for ResponsePayload<'a> {
                fn from(p: $resp<'a>) -> Self {
                    ResponsePayload::$variant(p)
                }
            }
        )*
    };
}

operations! {
    Create: CreateRequest, CreateResponse;
    Register: RegisterRequest, RegisterResponse;
    ReKey: ReKeyRequest, ReKeyResponse;
    Locate: LocateRequest, LocateResponse;
    Get: GetRequest, GetResponse;
    GetAttributes: GetAttributesRequest, GetAttributesResponse;
    GetAttributeList: GetAttributeListRequest, GetAttributeListResponse;
    AddAttribute: AddAttributeRequest, AddAttributeResponse;
    ModifyAttribute: ModifyAttributeRequest, ModifyAttributeResponse;
    DeleteAttribute: DeleteAttributeRequest, DeleteAttributeResponse;
    SetAttribute: SetAttributeRequest, SetAttributeResponse;
    Activate: ActivateRequest, ActivateResponse;
    Revoke: RevokeRequest, RevokeResponse;
    Destroy: DestroyRequest, DestroyResponse;
    Query: QueryRequest, QueryResponse;
    DiscoverVersions: DiscoverVersionsRequest, DiscoverVersionsResponse;
    Encrypt: EncryptRequest, EncryptResponse;
    Decrypt: DecryptRequest, DecryptResponse;
}

/// Defines a request payload that is only an optional Unique Identifier (the ID Placeholder
/// when absent) and a response payload that is only a Unique Identifier.
macro_rules! uid_only {
    ($op:ident, $req:ident, $resp:ident, $name:literal) => {
        #[doc = concat!($name, " request payload: `{Unique Identifier?}` (absent: the ID Placeholder).")]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $req<'a> {
            /// Unique Identifier.
            pub unique_identifier: Option<$crate::kmip::Uid<'a>>,
        }

        impl<'a> $req<'a> {
            /// The request for the object `uid`.
            pub fn new(uid: impl Into<$crate::kmip::Uid<'a>>) -> Self {
                $req {
                    unique_identifier: Some(uid.into()),
                }
            }
        }

        impl<'a> $crate::kmip::ops::Payload<'a> for $req<'a> {
            const OPERATION: $crate::ttlv::Operation = $crate::ttlv::Operation::$op;
            fn decode(
                p: $crate::ttlv::Item<'a>,
                v: $crate::kmip::ProtocolVersion,
            ) -> Result<Self, $crate::kmip::Error> {
                let mut r = $req::default();
                for c in p.children() {
                    if c.tag() == $crate::ttlv::Tag::UNIQUE_IDENTIFIER {
                        $crate::kmip::uid::put_uid(&mut r.unique_identifier, &p, &c, v)?;
                    }
                }
                Ok(r)
            }
            fn encode<S: $crate::ttlv::Sink>(
                &self,
                enc: &mut $crate::ttlv::Encoder<S>,
                v: $crate::kmip::ProtocolVersion,
            ) -> Result<(), $crate::kmip::Error> {
                $crate::kmip::uid::encode_opt_uid(&self.unique_identifier, enc, v)
            }
        }

        $crate::kmip::ops::uid_only!(@response $op, $resp, $name);
    };
    (@response $op:ident, $resp:ident, $name:literal) => {
        #[doc = concat!($name, " response payload: `{Unique Identifier}`.")]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $resp<'a> {
            /// Unique Identifier.
            pub unique_identifier: $crate::kmip::Uid<'a>,
        }

        impl<'a> $crate::kmip::ops::Payload<'a> for $resp<'a> {
            const OPERATION: $crate::ttlv::Operation = $crate::ttlv::Operation::$op;
            fn decode(
                p: $crate::ttlv::Item<'a>,
                v: $crate::kmip::ProtocolVersion,
            ) -> Result<Self, $crate::kmip::Error> {
                let mut uid = None;
                for c in p.children() {
                    if c.tag() == $crate::ttlv::Tag::UNIQUE_IDENTIFIER {
                        $crate::kmip::uid::put_uid(&mut uid, &p, &c, v)?;
                    }
                }
                Ok($resp {
                    unique_identifier: $crate::kmip::codec::need(
                        uid,
                        $crate::ttlv::Tag::UNIQUE_IDENTIFIER,
                        &p,
                    )?,
                })
            }
            fn encode<S: $crate::ttlv::Sink>(
                &self,
                enc: &mut $crate::ttlv::Encoder<S>,
                v: $crate::kmip::ProtocolVersion,
            ) -> Result<(), $crate::kmip::Error> {
                self.unique_identifier
                    .encode($crate::ttlv::Tag::UNIQUE_IDENTIFIER, enc, v)
            }
        }
    };
}
pub(crate) use uid_only;
