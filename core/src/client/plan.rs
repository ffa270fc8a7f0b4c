//! What one operation of the client is: a single request, or one of the short sequences the
//! session runs on one connection (make an object and activate it; read the State, then the
//! key if it is Active).

use super::repeat::Repeat;
use crate::kmip::ops::RequestPayload;
use crate::kmip::{AttributeValue, Name, RequestBatchItem, Uid};
use crate::ttlv::{ObjectType, Operation, RevocationReasonCode, State};

/// The work of one operation, as the session runs it through the failover loop.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Plan<'a> {
    /// One request; what happens after an ambiguous failure follows [`Repeat::of`] its
    /// operation. Build it with [`Plan::request`], which turns a Create or Register into a
    /// [`Plan::NewObject`].
    Request(RequestPayload<'a>),
    /// Create or Register, with recovery by Name and an optional Activate.
    NewObject(NewObject<'a>),
    /// PSMDB's read of a master key: Get Attributes(State), then Get only if Active, on one
    /// connection.
    GetIfActive(Uid<'a>),
    /// Several batch items in one message. It is repeated after an ambiguous failure only if
    /// every item may be ([`Repeat::is_free`]); otherwise that ends as outcome unknown. The
    /// response is the answer whatever the items' statuses: the caller reads each item.
    Batch(&'a [RequestBatchItem<'a>]),
}

/// Create or Register a new object.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NewObject<'a> {
    /// The Create or Register request. Its attributes should include `name`.
    pub request: RequestPayload<'a>,
    /// The object's unique Name: what makes the outcome of an ambiguous attempt knowable
    /// (Locate by Name before making it again). Without one, an ambiguous attempt ends the
    /// operation as outcome unknown.
    pub name: Option<Name<'a>>,
    /// Activate the new object on the same connection (the object must not stay Pre-Active).
    pub activate: bool,
}

impl<'a> Plan<'a> {
    /// A plan for one request: a Create or Register becomes a [`Plan::NewObject`] whose Name
    /// is the request's Name attribute (if any), without Activate.
    pub fn request(payload: impl Into<RequestPayload<'a>>) -> Self {
        let payload = payload.into();
        match payload {
            RequestPayload::Create(_) | RequestPayload::Register(_) => Plan::NewObject(NewObject {
                request: payload,
                name: name_in(&payload),
                activate: false,
            }),
            p => Plan::Request(p),
        }
    }

    /// Create or Register `request` and, if `activate`, Activate the new object. The Name is
    /// taken from the request's attributes.
    pub fn new_object(request: impl Into<RequestPayload<'a>>, activate: bool) -> Self {
        let request = request.into();
        Plan::NewObject(NewObject {
            request,
            name: name_in(&request),
            activate,
        })
    }

    /// The operation of the plan's main request.
    pub fn operation(&self) -> Operation {
        match self {
            Plan::Request(p) => p.operation(),
            Plan::NewObject(n) => n.request.operation(),
            Plan::GetIfActive(_) => Operation::GET,
            Plan::Batch(items) => items.first().map(|i| i.operation()).unwrap_or(Operation(0)),
        }
    }
}

/// The first Name attribute of a Create or Register request.
pub fn name_in<'a>(payload: &RequestPayload<'a>) -> Option<Name<'a>> {
    let ta = match payload {
        RequestPayload::Create(c) => &c.template_attribute,
        RequestPayload::Register(r) => &r.template_attribute,
        _ => return None,
    };
    ta.attributes.iter().find_map(|a| match a.value {
        AttributeValue::Name(n) => Some(n),
        _ => None,
    })
}

/// The Object Type of a Create or Register request.
pub(crate) fn object_type_of(payload: &RequestPayload<'_>) -> Option<ObjectType> {
    match payload {
        RequestPayload::Create(c) => Some(c.object_type),
        RequestPayload::Register(r) => Some(r.object_type),
        _ => None,
    }
}

/// What a state-changing request wants the object's State to become, and its object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Target<'a> {
    pub uid: Uid<'a>,
    pub op: Operation,
    compromise: bool,
}

impl Target<'_> {
    /// True when `state` (None: the object is gone) is where the operation would have put it.
    pub fn reached(&self, state: Option<State>) -> bool {
        match self.op {
            Operation::ACTIVATE => state == Some(State::ACTIVE),
            Operation::REVOKE if self.compromise => matches!(
                state,
                Some(State::COMPROMISED) | Some(State::DESTROYED_COMPROMISED)
            ),
            Operation::REVOKE => state == Some(State::DEACTIVATED),
            Operation::DESTROY => matches!(
                state,
                None | Some(State::DESTROYED) | Some(State::DESTROYED_COMPROMISED)
            ),
            _ => false,
        }
    }
}

/// The target of an Activate, Revoke or Destroy that names its object.
pub(crate) fn target_of<'a>(payload: &RequestPayload<'a>) -> Option<Target<'a>> {
    let (uid, op, compromise) = match payload {
        RequestPayload::Activate(a) => (a.unique_identifier?, Operation::ACTIVATE, false),
        RequestPayload::Destroy(d) => (d.unique_identifier?, Operation::DESTROY, false),
        RequestPayload::Revoke(r) => (
            r.unique_identifier?,
            Operation::REVOKE,
            matches!(
                r.revocation_reason.code,
                RevocationReasonCode::KEY_COMPROMISE | RevocationReasonCode::CA_COMPROMISE
            ),
        ),
        _ => return None,
    };
    // Only a text UID can be asked about again.
    uid.as_text()?;
    debug_assert_eq!(Repeat::of(op), Repeat::StateChange);
    Some(Target {
        uid,
        op,
        compromise,
    })
}
