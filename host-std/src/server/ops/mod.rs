//! The operations, one function each, over one batch's context: the store, the batch's ID
//! Placeholder, the version, the client and the time.
//!
//! Each operation reads the core's typed request payload and answers with the core's typed
//! response payload, encoded at once (the answer may borrow key bytes from the store, so it is
//! written while the store is at hand).

mod attributes;
mod crypto;
mod info;
mod lifecycle;

use kmipkit_core::kmip::ops::Payload;
use kmipkit_core::kmip::{ProtocolVersion, RequestPayload, Uid};
use kmipkit_core::ttlv::{Encoder, Operation, UniqueIdentifierEnum};
use zeroize::Zeroizing;

use super::crypto::RandomSource;
use super::fault::{fail, Fault, OpError};
use super::store::{ManagedObject, Store};

/// What a batch remembers between its items.
#[derive(Debug, Default)]
pub(crate) struct BatchState {
    /// The ID Placeholder: the Unique Identifier of the latest Create, Register, Re-key or
    /// Locate.
    placeholder: Option<String>,
    /// The latest Unique Identifier each kind of operation returned (2.x Unique Identifier
    /// enumerations `Create`, `Register`, `Re-key`, `Locate`).
    by_operation: Vec<(UniqueIdentifierEnum, String)>,
    /// Every Unique Identifier returned so far, in order (2.x Integer Unique Identifiers index
    /// this list, from 0).
    returned: Vec<String>,
    /// True once an item changed the store.
    pub(crate) mutated: bool,
    /// Objects an item may have changed, to count again afterwards.
    pub(crate) touched: Vec<u64>,
}

impl BatchState {
    /// Records the Unique Identifier an operation that sets the ID Placeholder returned.
    fn set_placeholder(&mut self, source: UniqueIdentifierEnum, uid: &str) {
        self.placeholder = Some(uid.to_owned());
        self.by_operation.retain(|(s, _)| *s != source);
        self.by_operation.push((source, uid.to_owned()));
    }

    /// Records a Unique Identifier an item returned.
    fn returned(&mut self, uid: &str) {
        self.returned.push(uid.to_owned());
    }
}

/// A successful item: its encoded payload.
pub(crate) struct Success {
    /// The Response Payload's encoded children (zeroized when dropped).
    pub(crate) payload: Zeroizing<Vec<u8>>,
}

/// One batch item's view of the server.
pub(crate) struct Ctx<'a> {
    pub(crate) store: &'a mut Store,
    pub(crate) batch: &'a mut BatchState,
    pub(crate) version: ProtocolVersion,
    pub(crate) owner: &'a str,
    pub(crate) now: i64,
    pub(crate) random: &'a dyn RandomSource,
}

impl Ctx<'_> {
    /// Runs the operation of `payload`.
    pub(crate) fn execute(&mut self, payload: &RequestPayload<'_>) -> Result<Success, OpError> {
        let v = self.version;
        match payload {
            RequestPayload::DiscoverVersions(_) if !v.is_v2() && v < ProtocolVersion::V1_1 => {
                not_in_version(Operation::DISCOVER_VERSIONS, "1.1", v)
            }
            RequestPayload::DiscoverVersions(r) => self.discover_versions(r),
            RequestPayload::Query(r) => self.query(r),
            RequestPayload::Create(r) => self.create(r),
            RequestPayload::Register(r) => self.register(r),
            RequestPayload::ReKey(r) => self.rekey(r),
            RequestPayload::Get(r) => self.get(r),
            RequestPayload::GetAttributes(r) => self.get_attributes(r),
            RequestPayload::GetAttributeList(r) => self.get_attribute_list(r),
            RequestPayload::AddAttribute(r) => self.add_attribute(r),
            RequestPayload::ModifyAttribute(r) => self.modify_attribute(r),
            RequestPayload::DeleteAttribute(r) => self.delete_attribute(r),
            RequestPayload::SetAttribute(r) if v.is_v2() => self.set_attribute(r),
            RequestPayload::SetAttribute(_) => not_in_version(Operation::SET_ATTRIBUTE, "2.0", v),
            RequestPayload::Locate(r) => self.locate(r),
            RequestPayload::Activate(r) => self.activate(r),
            RequestPayload::Revoke(r) => self.revoke(r),
            RequestPayload::Destroy(r) => self.destroy(r),
            RequestPayload::Encrypt(_) | RequestPayload::Decrypt(_)
                if !v.is_v2() && v < ProtocolVersion::V1_2 =>
            {
                not_in_version(payload.operation(), "1.2", v)
            }
            RequestPayload::Encrypt(r) => self.encrypt(r),
            RequestPayload::Decrypt(r) => self.decrypt(r),
            other => fail(
                Fault::OperationNotSupported,
                format!(
                    "{} is not supported by the kmipkit development server",
                    other.operation()
                ),
            ),
        }
    }

    /// The Unique Identifier an item means: its own, or (absent, or a 2.x placeholder form)
    /// the one this batch produced.
    fn resolve(&self, uid: Option<Uid<'_>>) -> Result<String, OpError> {
        let missing = || {
            OpError::new(
                Fault::MissingData,
                "no Unique Identifier given, and no earlier item of this batch set the ID \
                 Placeholder",
            )
        };
        match uid {
            None => self.batch.placeholder.clone().ok_or_else(missing),
            Some(Uid::Text(t)) => Ok(t.to_owned()),
            Some(Uid::Enumeration(UniqueIdentifierEnum::ID_PLACEHOLDER)) => {
                self.batch.placeholder.clone().ok_or_else(missing)
            }
            Some(Uid::Enumeration(e)) => self
                .batch
                .by_operation
                .iter()
                .find(|(s, _)| *s == e)
                .map(|(_, u)| u.clone())
                .ok_or_else(|| {
                    OpError::new(
                        Fault::MissingData,
                        format!("no earlier item of this batch returned a {e} Unique Identifier"),
                    )
                }),
            Some(Uid::Index(i)) => usize::try_from(i)
                .ok()
                .and_then(|i| self.batch.returned.get(i).cloned())
                .ok_or_else(|| {
                    OpError::new(
                        Fault::InvalidField,
                        format!(
                            "Unique Identifier index {i}: this batch has returned {} identifiers \
                             so far",
                            self.batch.returned.len()
                        ),
                    )
                }),
        }
    }

    /// The object an item is about, if it exists and belongs to this client, with its
    /// time-driven transitions applied.
    fn object(&mut self, uid: Option<Uid<'_>>) -> Result<&mut ManagedObject, OpError> {
        let uid = self.resolve(uid)?;
        let not_found = || {
            OpError::new(
                Fault::NotFound,
                format!("no object has the Unique Identifier '{uid}'"),
            )
        };
        let id: u64 = uid.parse().map_err(|_| not_found())?;
        let owner = self.owner;
        let now = self.now;
        let object = self.store.get_mut(id).ok_or_else(not_found)?;
        self.batch.touched.push(id);
        if object.owner != owner {
            return fail(
                Fault::PermissionDenied,
                format!("object {uid} belongs to another client; '{owner}' may not use it"),
            );
        }
        object.settle(now);
        Ok(object)
    }

    /// Encodes a response payload.
    fn respond<'p, P: Payload<'p>>(&self, payload: &P) -> Result<Success, OpError> {
        encode_payload(payload, self.version).map(|payload| Success { payload })
    }
}

/// Encodes a payload's fields.
pub(crate) fn encode_payload<'p, P: Payload<'p>>(
    payload: &P,
    version: ProtocolVersion,
) -> Result<Zeroizing<Vec<u8>>, OpError> {
    let mut enc = Encoder::new(Vec::with_capacity(256));
    let written = payload.encode(&mut enc, version);
    let bytes = Zeroizing::new(enc.into_sink());
    match written {
        Ok(()) => Ok(bytes),
        Err(e) => fail(
            Fault::GeneralFailure,
            format!("the server could not encode its answer in KMIP {version}: {e}"),
        ),
    }
}

fn not_in_version<T>(op: Operation, since: &str, v: ProtocolVersion) -> Result<T, OpError> {
    fail(
        Fault::OperationNotSupported,
        format!("{op} exists from KMIP {since}; this request is KMIP {v}"),
    )
}

/// A date for messages: `2024-05-01T12:00:00Z`.
pub(crate) fn date(secs: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(secs) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => format!("{secs} (POSIX seconds)"),
    }
}

/// A state's name for messages ("Pre-Active").
pub(crate) fn state_name(s: kmipkit_core::ttlv::State) -> String {
    match s {
        kmipkit_core::ttlv::State::PRE_ACTIVE => "Pre-Active".into(),
        kmipkit_core::ttlv::State::ACTIVE => "Active".into(),
        kmipkit_core::ttlv::State::DEACTIVATED => "Deactivated".into(),
        kmipkit_core::ttlv::State::COMPROMISED => "Compromised".into(),
        kmipkit_core::ttlv::State::DESTROYED => "Destroyed".into(),
        kmipkit_core::ttlv::State::DESTROYED_COMPROMISED => "Destroyed Compromised".into(),
        other => format!("{other:?}"),
    }
}
