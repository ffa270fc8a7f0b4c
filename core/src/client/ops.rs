//! Typed operations: each is a request (or a short sequence) in and a typed result out, so a
//! host never builds a message by hand. The drivers run them with `run(&op)` or with the named
//! methods (`client.get(uid)`, `client.create_symmetric_key(&spec)`, …).
//!
//! Results borrow the driver's receive buffer (no allocation): use them before the next
//! operation. Item Not Found is an answer, [`Lookup::NotFound`], not an error.

use super::error::{FailureKind, Mismatch, ServerError};
use super::plan::Plan;
use super::response::CheckedResponse;
use super::session::{Created, Outcome, MAX_BATCH};
use crate::kmip::ops::{
    ActivateRequest, CreateRequest, DecryptRequest, DecryptResponse, DestroyRequest,
    DiscoverVersionsRequest, DiscoverVersionsResponse, EncryptRequest, EncryptResponse,
    GetAttributesRequest, GetAttributesResponse, GetRequest, GetResponse, LocateRequest,
    LocateResponse, QueryRequest, QueryResponse, RegisterRequest, RequestPayload, Response,
    ResponsePayload, RevokeRequest,
};
use crate::kmip::{
    Attribute, AttributeReference, AttributeValue, KeyBlock, Name, Object, ProtocolVersion,
    RequestBatchItem, ResponseMessage, TemplateAttribute, Uid,
};
use crate::ttlv::{
    CryptographicAlgorithm, CryptographicUsageMask, QueryFunction, RevocationReasonCode, State,
};

/// An operation the drivers can run.
pub trait Op {
    /// The typed result, borrowing the receive buffer.
    type Output<'r>;
    /// What the session runs.
    fn plan(&self) -> Plan<'_>;
    /// The typed result from the session's outcome and the final response (when there is
    /// one), checked by the session: read what the result needs from it
    /// ([`CheckedResponse::payload_as`] decodes only the payload).
    fn output<'r>(
        outcome: Outcome,
        response: Option<CheckedResponse<'r>>,
    ) -> Result<Self::Output<'r>, FailureKind>;
}

/// The answer to a read of one object: found, or not there.
#[derive(Clone, Debug, PartialEq)]
pub enum Lookup<T> {
    /// The object's answer.
    Found(T),
    /// The server says the object does not exist (Item Not Found / Object Not Found).
    NotFound(ServerError),
}

impl<T> Lookup<T> {
    /// The answer, if found.
    pub fn found(self) -> Option<T> {
        match self {
            Lookup::Found(t) => Some(t),
            Lookup::NotFound(_) => None,
        }
    }

    /// True when found.
    pub fn is_found(&self) -> bool {
        matches!(self, Lookup::Found(_))
    }
}

/// The result of Activate, Revoke or Destroy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Changed {
    /// The server that answered.
    pub server: usize,
    /// True when the State check after an ambiguous attempt found the change already made
    /// (the request was not sent again).
    pub already: bool,
}

/// [`GetIfActive`]'s result.
// The key is borrowed in place; boxing it is not an option without `alloc`.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum KeyIfActive<'r> {
    /// The object is Active; here it is.
    Active(GetResponse<'r>),
    /// The object is in another State (`None`: the server did not say); no Get was sent.
    NotActive(Option<State>),
    /// The object does not exist.
    NotFound(ServerError),
}

/// Any operation's result, untyped ([`Call`]).
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Reply<'r> {
    /// The response payload.
    Payload(ResponsePayload<'r>),
    /// Item Not Found / Object Not Found.
    NotFound(ServerError),
    /// A Create or Register.
    Created(Created),
    /// A state change found already made after an ambiguous attempt.
    AlreadyDone(Option<State>),
}

fn unexpected<T>() -> Result<T, FailureKind> {
    Err(FailureKind::Unexpected(Mismatch::MissingPayload))
}

/// The typed payload of the final response.
fn payload<'r, P: Response<'r>>(response: Option<CheckedResponse<'r>>) -> Result<P, FailureKind> {
    let Some(response) = response else {
        return unexpected();
    };
    match response.payload_as::<P>() {
        Ok(Some(p)) => Ok(p),
        Ok(None) => unexpected(),
        Err(e) => Err(FailureKind::Request(e)),
    }
}

/// A typed lookup from an outcome.
fn lookup<'r, P: Response<'r>>(
    outcome: Outcome,
    response: Option<CheckedResponse<'r>>,
) -> Result<Lookup<P>, FailureKind> {
    match outcome {
        Outcome::NotFound { error, .. } => Ok(Lookup::NotFound(error)),
        Outcome::Answered(_) => payload(response).map(Lookup::Found),
        _ => unexpected(),
    }
}

macro_rules! lookup_op {
    ($(#[$m:meta])* $name:ident, $req:ident, $resp:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub struct $name<'a>(pub $req<'a>);

        impl Op for $name<'_> {
            type Output<'r> = Lookup<$resp<'r>>;
            fn plan(&self) -> Plan<'_> {
                Plan::Request(self.0.into())
            }
            fn output<'r>(
                outcome: Outcome,
                response: Option<CheckedResponse<'r>>,
            ) -> Result<Self::Output<'r>, FailureKind> {
                lookup(outcome, response)
            }
        }
    };
}

lookup_op!(
    /// Get: the object (its key) by Unique Identifier.
    Get, GetRequest, GetResponse
);
lookup_op!(
    /// Get Attributes.
    GetAttributes, GetAttributesRequest, GetAttributesResponse
);
lookup_op!(
    /// Encrypt on the server.
    Encrypt, EncryptRequest, EncryptResponse
);
lookup_op!(
    /// Decrypt on the server.
    Decrypt, DecryptRequest, DecryptResponse
);

impl<'a> Get<'a> {
    /// Get `uid` as stored (PSMDB's Get: the UID only).
    pub fn uid(uid: &'a str) -> Self {
        Get(GetRequest::new(uid))
    }
}

impl<'a> GetAttributes<'a> {
    /// Get these attributes of `uid`.
    pub fn of(uid: &'a str, attributes: &'a [AttributeReference<'a>]) -> Self {
        GetAttributes(GetAttributesRequest {
            unique_identifier: Some(Uid::Text(uid)),
            attribute_references: attributes.into(),
        })
    }
}

const STATE_REF: [AttributeReference<'static>; 1] =
    [AttributeReference::Tag(crate::ttlv::Tag::STATE)];

/// Get Attributes(State) of one object: its State (`None` when the server did not say).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GetState<'a>(pub &'a str);

impl Op for GetState<'_> {
    type Output<'r> = Lookup<Option<State>>;
    fn plan(&self) -> Plan<'_> {
        Plan::Request(
            GetAttributesRequest {
                unique_identifier: Some(Uid::Text(self.0)),
                attribute_references: (&STATE_REF).into(),
            }
            .into(),
        )
    }
    fn output<'r>(
        outcome: Outcome,
        response: Option<CheckedResponse<'r>>,
    ) -> Result<Self::Output<'r>, FailureKind> {
        Ok(
            match lookup::<GetAttributesResponse<'r>>(outcome, response)? {
                Lookup::Found(p) => Lookup::Found(p.attributes.state()),
                Lookup::NotFound(e) => Lookup::NotFound(e),
            },
        )
    }
}

/// PSMDB's read of a master key, on one connection: Get Attributes(State), then Get only if
/// the key is Active.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GetIfActive<'a>(pub &'a str);

impl Op for GetIfActive<'_> {
    type Output<'r> = KeyIfActive<'r>;
    fn plan(&self) -> Plan<'_> {
        Plan::GetIfActive(Uid::Text(self.0))
    }
    fn output<'r>(
        outcome: Outcome,
        response: Option<CheckedResponse<'r>>,
    ) -> Result<Self::Output<'r>, FailureKind> {
        match outcome {
            Outcome::NotActive { state, .. } => Ok(KeyIfActive::NotActive(state)),
            Outcome::NotFound { error, .. } => Ok(KeyIfActive::NotFound(error)),
            Outcome::Answered(_) => payload(response).map(KeyIfActive::Active),
            _ => unexpected(),
        }
    }
}

/// Locate. A server that answers Item Not Found gets an empty list.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Locate<'a>(pub LocateRequest<'a>);

impl Op for Locate<'_> {
    type Output<'r> = LocateResponse<'r>;
    fn plan(&self) -> Plan<'_> {
        Plan::Request(self.0.into())
    }
    fn output<'r>(
        outcome: Outcome,
        response: Option<CheckedResponse<'r>>,
    ) -> Result<Self::Output<'r>, FailureKind> {
        Ok(lookup(outcome, response)?.found().unwrap_or_default())
    }
}

/// Query.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Query<'a>(pub &'a [QueryFunction]);

impl Op for Query<'_> {
    type Output<'r> = QueryResponse<'r>;
    fn plan(&self) -> Plan<'_> {
        Plan::Request(
            QueryRequest {
                query_functions: self.0.into(),
            }
            .into(),
        )
    }
    fn output<'r>(
        _: Outcome,
        response: Option<CheckedResponse<'r>>,
    ) -> Result<Self::Output<'r>, FailureKind> {
        payload(response)
    }
}

/// Discover Versions, explicitly (the session negotiates on its own; this asks anyway).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiscoverVersions<'a>(pub &'a [ProtocolVersion]);

impl Op for DiscoverVersions<'_> {
    type Output<'r> = DiscoverVersionsResponse<'r>;
    fn plan(&self) -> Plan<'_> {
        Plan::Request(
            DiscoverVersionsRequest {
                protocol_versions: self.0.into(),
            }
            .into(),
        )
    }
    fn output<'r>(
        _: Outcome,
        response: Option<CheckedResponse<'r>>,
    ) -> Result<Self::Output<'r>, FailureKind> {
        payload(response)
    }
}

fn changed(outcome: Outcome) -> Result<Lookup<Changed>, FailureKind> {
    match outcome {
        Outcome::Answered(a) => Ok(Lookup::Found(Changed {
            server: a.server,
            already: false,
        })),
        Outcome::AlreadyDone { server, .. } => Ok(Lookup::Found(Changed {
            server,
            already: true,
        })),
        Outcome::NotFound { error, .. } => Ok(Lookup::NotFound(error)),
        _ => unexpected(),
    }
}

macro_rules! change_op {
    ($(#[$m:meta])* $name:ident, $req:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub struct $name<'a>(pub $req<'a>);

        impl Op for $name<'_> {
            type Output<'r> = Lookup<Changed>;
            fn plan(&self) -> Plan<'_> {
                Plan::Request(self.0.into())
            }
            fn output<'r>(
                outcome: Outcome,
                _: Option<CheckedResponse<'r>>,
            ) -> Result<Self::Output<'r>, FailureKind> {
                changed(outcome)
            }
        }
    };
}

change_op!(
    /// Activate (Pre-Active → Active). Checked with Get Attributes(State) before being sent
    /// again after an ambiguous attempt.
    Activate, ActivateRequest
);
change_op!(
    /// Revoke (→ Deactivated, or Compromised for a compromise reason). Checked like Activate.
    Revoke, RevokeRequest
);
change_op!(
    /// Destroy. Checked like Activate; an object gone counts as destroyed.
    Destroy, DestroyRequest
);

impl<'a> Activate<'a> {
    /// Activate `uid`.
    pub fn uid(uid: &'a str) -> Self {
        Activate(ActivateRequest::new(uid))
    }
}

impl<'a> Revoke<'a> {
    /// Revoke `uid` for `code`.
    pub fn uid(uid: &'a str, code: RevocationReasonCode) -> Self {
        Revoke(RevokeRequest::new(uid, code))
    }
}

impl<'a> Destroy<'a> {
    /// Destroy `uid`.
    pub fn uid(uid: &'a str) -> Self {
        Destroy(DestroyRequest::new(uid))
    }
}

fn created(outcome: Outcome) -> Result<Created, FailureKind> {
    match outcome {
        Outcome::Created(c) => Ok(c),
        _ => unexpected(),
    }
}

/// Create a symmetric key on the server (Create), optionally Activate it.
///
/// Give it a unique `name` (the host generates one, e.g. from its RNG): it is what makes the
/// outcome of an ambiguous attempt knowable. Without a name, an ambiguous attempt ends the
/// operation as outcome unknown rather than risk a second key.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateSymmetricKey<'a> {
    attributes: [Attribute<'a>; 4],
    named: bool,
    object_type: crate::ttlv::ObjectType,
    /// Activate the new key on the same connection.
    pub activate: bool,
}

impl<'a> CreateSymmetricKey<'a> {
    /// An AES key of `bits` bits for Encrypt|Decrypt.
    pub fn aes(bits: i32, name: Option<&'a str>, activate: bool) -> Self {
        Self::new(
            CryptographicAlgorithm::AES,
            bits,
            CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT,
            name,
            activate,
        )
    }

    /// A key of `algorithm`, `bits` bits, usable for `usage`.
    pub fn new(
        algorithm: CryptographicAlgorithm,
        bits: i32,
        usage: CryptographicUsageMask,
        name: Option<&'a str>,
        activate: bool,
    ) -> Self {
        let (attributes, named) = key_attributes(algorithm, bits, usage, name);
        CreateSymmetricKey {
            attributes,
            named,
            object_type: crate::ttlv::ObjectType::SYMMETRIC_KEY,
            activate,
        }
    }
}

fn key_attributes<'a>(
    algorithm: CryptographicAlgorithm,
    bits: i32,
    usage: CryptographicUsageMask,
    name: Option<&'a str>,
) -> ([Attribute<'a>; 4], bool) {
    (
        [
            Attribute::new(AttributeValue::CryptographicAlgorithm(algorithm)),
            Attribute::new(AttributeValue::CryptographicLength(bits)),
            Attribute::new(AttributeValue::CryptographicUsageMask(usage)),
            Attribute::new(AttributeValue::Name(Name::text(name.unwrap_or("")))),
        ],
        name.is_some(),
    )
}

impl Op for CreateSymmetricKey<'_> {
    type Output<'r> = Created;
    fn plan(&self) -> Plan<'_> {
        let n = if self.named { 4 } else { 3 };
        let request = CreateRequest {
            object_type: self.object_type,
            template_attribute: TemplateAttribute::new(&self.attributes[..n]),
            protection_storage_masks: Default::default(),
        };
        Plan::new_object(request, self.activate)
    }
    fn output<'r>(
        outcome: Outcome,
        _: Option<CheckedResponse<'r>>,
    ) -> Result<Self::Output<'r>, FailureKind> {
        created(outcome)
    }
}

/// Register a symmetric key made by the caller (Raw format), optionally Activate it —
/// PSMDB's way of making a master key, with its weak spots fixed: a Name makes an ambiguous
/// attempt recoverable, and a failed Activate does not leave a Pre-Active key behind silently.
#[derive(Clone, Debug, PartialEq)]
pub struct RegisterSymmetricKey<'a> {
    key: &'a [u8],
    algorithm: CryptographicAlgorithm,
    attributes: [Attribute<'a>; 4],
    named: bool,
    /// Activate the new key on the same connection.
    pub activate: bool,
}

impl<'a> RegisterSymmetricKey<'a> {
    /// An AES key (its length in bits is the key's) for Encrypt|Decrypt.
    pub fn aes(key: &'a [u8], name: Option<&'a str>, activate: bool) -> Self {
        let bits = i32::try_from(key.len()).unwrap_or(0).saturating_mul(8);
        let (attributes, named) = key_attributes(
            CryptographicAlgorithm::AES,
            bits,
            CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT,
            name,
        );
        RegisterSymmetricKey {
            key,
            algorithm: CryptographicAlgorithm::AES,
            attributes,
            named,
            activate,
        }
    }
}

impl Op for RegisterSymmetricKey<'_> {
    type Output<'r> = Created;
    fn plan(&self) -> Plan<'_> {
        let n = if self.named { 4 } else { 3 };
        let request = RegisterRequest::new(
            Object::SymmetricKey(KeyBlock::raw_symmetric(self.algorithm, self.key)),
            TemplateAttribute::new(&self.attributes[..n]),
        );
        Plan::new_object(request, self.activate)
    }
    fn output<'r>(
        outcome: Outcome,
        _: Option<CheckedResponse<'r>>,
    ) -> Result<Self::Output<'r>, FailureKind> {
        created(outcome)
    }
}

/// Any request, untyped: the plan [`Plan::request`] makes of it (a Create or Register gets
/// Name recovery, without Activate).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Call<'a>(pub RequestPayload<'a>);

impl Op for Call<'_> {
    type Output<'r> = Reply<'r>;
    fn plan(&self) -> Plan<'_> {
        Plan::request(self.0)
    }
    fn output<'r>(
        outcome: Outcome,
        response: Option<CheckedResponse<'r>>,
    ) -> Result<Self::Output<'r>, FailureKind> {
        match outcome {
            Outcome::Answered(_) => match response.map(|r| r.payload()) {
                Some(Ok(Some(p))) => Ok(Reply::Payload(p)),
                Some(Err(e)) => Err(FailureKind::Request(e)),
                _ => unexpected(),
            },
            Outcome::NotFound { error, .. } => Ok(Reply::NotFound(error)),
            Outcome::Created(c) => Ok(Reply::Created(c)),
            Outcome::AlreadyDone { state, .. } => Ok(Reply::AlreadyDone(state)),
            Outcome::NotActive { .. } => unexpected(),
        }
    }
}

/// Several requests in one message; the response is returned whole (read each item's
/// status). Repeated after an ambiguous failure only if every item may be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Batch<'a>(pub &'a [RequestBatchItem<'a>]);

impl Op for Batch<'_> {
    type Output<'r> = ResponseMessage<'r, MAX_BATCH>;
    fn plan(&self) -> Plan<'_> {
        Plan::Batch(self.0)
    }
    fn output<'r>(
        _: Outcome,
        response: Option<CheckedResponse<'r>>,
    ) -> Result<Self::Output<'r>, FailureKind> {
        match response.map(|r| r.message()) {
            Some(Ok(m)) => Ok(m),
            Some(Err(e)) => Err(FailureKind::Request(e)),
            None => unexpected(),
        }
    }
}

/// Named methods over `run`, shared by the blocking and the async driver.
macro_rules! named_ops {
    ($($async:ident)?; $($await:tt)*) => {
        /// Get the object `uid` (PSMDB's Get: the UID only).
        pub $($async)? fn get<'s>(&'s mut self, uid: &str) -> Result<$crate::client::ops::Lookup<$crate::kmip::ops::GetResponse<'s>>, $crate::client::ClientError> {
            self.run(&$crate::client::ops::Get::uid(uid)) $($await)*
        }

        /// Get Attributes of `uid`.
        pub $($async)? fn get_attributes<'s>(&'s mut self, uid: &str, attributes: &[$crate::kmip::AttributeReference<'_>]) -> Result<$crate::client::ops::Lookup<$crate::kmip::ops::GetAttributesResponse<'s>>, $crate::client::ClientError> {
            self.run(&$crate::client::ops::GetAttributes::of(uid, attributes)) $($await)*
        }

        /// The State of `uid` (Get Attributes(State)).
        pub $($async)? fn get_state(&mut self, uid: &str) -> Result<$crate::client::ops::Lookup<Option<$crate::ttlv::State>>, $crate::client::ClientError> {
            self.run(&$crate::client::ops::GetState(uid)) $($await)*
        }

        /// PSMDB's read: the State, then the key if it is Active, on one connection.
        pub $($async)? fn get_if_active<'s>(&'s mut self, uid: &str) -> Result<$crate::client::ops::KeyIfActive<'s>, $crate::client::ClientError> {
            self.run(&$crate::client::ops::GetIfActive(uid)) $($await)*
        }

        /// Locate.
        pub $($async)? fn locate<'s>(&'s mut self, request: $crate::kmip::ops::LocateRequest<'_>) -> Result<$crate::kmip::ops::LocateResponse<'s>, $crate::client::ClientError> {
            self.run(&$crate::client::ops::Locate(request)) $($await)*
        }

        /// Query.
        pub $($async)? fn query<'s>(&'s mut self, functions: &[$crate::ttlv::QueryFunction]) -> Result<$crate::kmip::ops::QueryResponse<'s>, $crate::client::ClientError> {
            self.run(&$crate::client::ops::Query(functions)) $($await)*
        }

        /// Discover Versions, offering `versions`.
        pub $($async)? fn discover_versions<'s>(&'s mut self, versions: &[$crate::kmip::ProtocolVersion]) -> Result<$crate::kmip::ops::DiscoverVersionsResponse<'s>, $crate::client::ClientError> {
            self.run(&$crate::client::ops::DiscoverVersions(versions)) $($await)*
        }

        /// Create a symmetric key (and Activate it if asked).
        pub $($async)? fn create_symmetric_key(&mut self, spec: &$crate::client::ops::CreateSymmetricKey<'_>) -> Result<$crate::client::Created, $crate::client::ClientError> {
            self.run(spec) $($await)*
        }

        /// Register a symmetric key (and Activate it if asked).
        pub $($async)? fn register_symmetric_key(&mut self, spec: &$crate::client::ops::RegisterSymmetricKey<'_>) -> Result<$crate::client::Created, $crate::client::ClientError> {
            self.run(spec) $($await)*
        }

        /// Activate `uid`.
        pub $($async)? fn activate(&mut self, uid: &str) -> Result<$crate::client::ops::Lookup<$crate::client::ops::Changed>, $crate::client::ClientError> {
            self.run(&$crate::client::ops::Activate::uid(uid)) $($await)*
        }

        /// Revoke `uid` for `code`.
        pub $($async)? fn revoke(&mut self, uid: &str, code: $crate::ttlv::RevocationReasonCode) -> Result<$crate::client::ops::Lookup<$crate::client::ops::Changed>, $crate::client::ClientError> {
            self.run(&$crate::client::ops::Revoke::uid(uid, code)) $($await)*
        }

        /// Destroy `uid`.
        pub $($async)? fn destroy(&mut self, uid: &str) -> Result<$crate::client::ops::Lookup<$crate::client::ops::Changed>, $crate::client::ClientError> {
            self.run(&$crate::client::ops::Destroy::uid(uid)) $($await)*
        }

        /// Encrypt on the server.
        pub $($async)? fn encrypt<'s>(&'s mut self, request: $crate::kmip::ops::EncryptRequest<'_>) -> Result<$crate::client::ops::Lookup<$crate::kmip::ops::EncryptResponse<'s>>, $crate::client::ClientError> {
            self.run(&$crate::client::ops::Encrypt(request)) $($await)*
        }

        /// Decrypt on the server.
        pub $($async)? fn decrypt<'s>(&'s mut self, request: $crate::kmip::ops::DecryptRequest<'_>) -> Result<$crate::client::ops::Lookup<$crate::kmip::ops::DecryptResponse<'s>>, $crate::client::ClientError> {
            self.run(&$crate::client::ops::Decrypt(request)) $($await)*
        }

        /// Any request, untyped.
        pub $($async)? fn call<'s>(&'s mut self, request: $crate::kmip::ops::RequestPayload<'_>) -> Result<$crate::client::ops::Reply<'s>, $crate::client::ClientError> {
            self.run(&$crate::client::ops::Call(request)) $($await)*
        }
    };
}
pub(crate) use named_ops;
