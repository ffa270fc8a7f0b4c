//! The engine: request bytes, the client's identity and the time in; response bytes out.
//!
//! No I/O except the optional [`Persistence`] hook, no clock (the caller passes `now`), and
//! no panics on any input: whatever arrives, the answer is a well-formed Response Message
//! (Invalid Message when the request cannot be read). Requests are decoded and responses
//! encoded with the core's message types, the same ones the client uses.
//!
//! Batches (1.4 §7, 2.1 §8): items run in order; the ID Placeholder carries the Unique
//! Identifier of the latest Create, Register, Re-key or Locate to the items that omit theirs
//! (and 2.x Unique Identifier enumerations and indexes are resolved the same way); Unique Batch
//! Item IDs are echoed; Batch Error Continuation Option Stop (the default) answers the items
//! processed up to the failure, Continue runs them all, Undo restores the store as it was
//! before the batch and reports the items that had succeeded as Operation Undone.
//!
//! Versions (1.4 §11.1, Table 327): 1.0–1.4, 2.0 and 2.1 are served in their own dialect. A
//! newer minor version of a known major (1.5, 2.2) is served as the newest minor this server
//! has ("ignore unknown fields, process rest normally"); another major version gets Invalid
//! Message.

use std::sync::{Mutex, MutexGuard};

use kmipkit_core::kmip::{
    ProtocolVersion, RawStructure, RequestBatchItem, RequestHeader, ResponseBatchItem,
    ResponseHeader, ResponsePayload,
};
use kmipkit_core::ttlv::{
    decode_with, BatchErrorContinuationOption, DecodeOptions, Encoder, Item, ItemType, Operation,
    ResultReason, ResultStatus, Tag,
};
use zeroize::Zeroizing;

use super::crypto::{OsRandom, RandomSource};
use super::fault::{Fault, OpError};
use super::ops::{BatchState, Ctx, Success};
use super::persist::Persistence;
use super::store::Store;

/// The protocol versions served, in the server's order of preference (the order of a
/// Discover Versions answer).
pub const SUPPORTED_VERSIONS: [ProtocolVersion; 7] = [
    ProtocolVersion::V2_1,
    ProtocolVersion::V2_0,
    ProtocolVersion::V1_4,
    ProtocolVersion::V1_3,
    ProtocolVersion::V1_2,
    ProtocolVersion::V1_1,
    ProtocolVersion::V1_0,
];

/// The Vendor Identification this server gives in Query answers.
pub const VENDOR_IDENTIFICATION: &str = "kmipkit dev-server (development and testing only)";

/// What one request produced: the response and a summary for the log (never key material).
#[derive(Debug)]
pub struct Handled {
    /// The Response Message (zeroized when dropped: it may hold key material).
    pub response: Zeroizing<Vec<u8>>,
    /// The protocol version the request was served in, if its header could be read.
    pub version: Option<ProtocolVersion>,
    /// One entry per batch item answered.
    pub items: Vec<ItemSummary>,
}

/// The outcome of one batch item, for logs and tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemSummary {
    /// The operation, when the item named one.
    pub operation: Option<Operation>,
    /// Result Status.
    pub status: ResultStatus,
    /// Result Reason, for failures.
    pub reason: Option<ResultReason>,
    /// Result Message, for failures.
    pub message: Option<String>,
}

/// One answered batch item, before encoding.
pub(crate) struct ItemResult {
    pub(crate) operation: Option<Operation>,
    pub(crate) id: Option<Vec<u8>>,
    pub(crate) status: ResultStatus,
    pub(crate) reason: Option<ResultReason>,
    pub(crate) message: Option<String>,
    /// The payload's encoded children.
    pub(crate) payload: Option<Zeroizing<Vec<u8>>>,
}

impl ItemResult {
    fn failed(
        operation: Option<Operation>,
        id: Option<Vec<u8>>,
        error: &OpError,
        version: ProtocolVersion,
    ) -> ItemResult {
        ItemResult {
            operation,
            id,
            status: ResultStatus::OPERATION_FAILED,
            reason: Some(error.fault.reason(version)),
            message: Some(error.message.clone()),
            payload: None,
        }
    }

    fn summary(&self) -> ItemSummary {
        ItemSummary {
            operation: self.operation,
            status: self.status,
            reason: self.reason,
            message: self.message.clone(),
        }
    }
}

/// How much a store may hold, so that no client can exhaust the server's memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EngineLimits {
    /// Objects kept (destroyed ones count: their attributes remain).
    pub max_objects: usize,
    /// Roughly the bytes the objects may hold ([`Store::bytes`]). Past it, requests that add
    /// (Create, Register, Re-key, Add/Modify/Set Attribute) fail until objects are destroyed.
    pub max_store_bytes: usize,
}

impl Default for EngineLimits {
    fn default() -> Self {
        EngineLimits {
            max_objects: 100_000,
            max_store_bytes: 256 << 20,
        }
    }
}

/// The KMIP server logic with its object store.
pub struct Engine {
    store: Mutex<Store>,
    random: Box<dyn RandomSource>,
    persistence: Option<Box<dyn Persistence>>,
    limits: EngineLimits,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("objects", &self.lock().len())
            .field("persistent", &self.persistence.is_some())
            .finish_non_exhaustive()
    }
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}

/// Operations that change the store (a batch holding one is saved, or undone, as a whole).
fn mutates(op: Option<Operation>) -> bool {
    !matches!(
        op,
        Some(
            Operation::GET
                | Operation::GET_ATTRIBUTES
                | Operation::GET_ATTRIBUTE_LIST
                | Operation::LOCATE
                | Operation::QUERY
                | Operation::DISCOVER_VERSIONS
                | Operation::ENCRYPT
                | Operation::DECRYPT
        )
    )
}

/// The version to serve a request of `requested` in, or (`Err`) the version to answer an
/// unsupported one in (1.0).
pub(crate) fn negotiate(requested: ProtocolVersion) -> Result<ProtocolVersion, ProtocolVersion> {
    if SUPPORTED_VERSIONS.contains(&requested) {
        return Ok(requested);
    }
    match requested.major {
        1 if requested.minor > 4 => Ok(ProtocolVersion::V1_4),
        2 if requested.minor > 1 => Ok(ProtocolVersion::V2_1),
        // As PyKMIP does: the failure in KMIP 1.0, which every client can read.
        _ => Err(ProtocolVersion::V1_0),
    }
}

fn decode_options() -> DecodeOptions {
    DecodeOptions {
        max_message_size: u32::MAX,
        ..DecodeOptions::STRICT
    }
}

impl Engine {
    /// An engine with an empty store, the OS random generator and no persistence.
    pub fn new() -> Engine {
        Engine::with_store(Store::new())
    }

    /// An engine serving `store`.
    pub fn with_store(store: Store) -> Engine {
        Engine {
            store: Mutex::new(store),
            random: Box::new(OsRandom),
            persistence: None,
            limits: EngineLimits::default(),
        }
    }

    /// The same engine with other limits.
    pub fn with_limits(mut self, limits: EngineLimits) -> Engine {
        self.limits = limits;
        self
    }

    /// Refuses an operation that would grow a store already at its limits.
    fn check_limits(&self, store: &Store, op: Operation) -> Result<(), OpError> {
        let creates = matches!(
            op,
            Operation::CREATE | Operation::REGISTER | Operation::RE_KEY
        );
        let grows = creates
            || matches!(
                op,
                Operation::ADD_ATTRIBUTE | Operation::MODIFY_ATTRIBUTE | Operation::SET_ATTRIBUTE
            );
        if creates && store.len() >= self.limits.max_objects {
            return Err(OpError::new(
                Fault::ServerLimit,
                format!(
                    "this development server keeps at most {} objects",
                    self.limits.max_objects
                ),
            ));
        }
        if grows && store.bytes() > self.limits.max_store_bytes {
            return Err(OpError::new(
                Fault::ServerLimit,
                format!(
                    "the objects hold about {} bytes, more than this development server's budget \
                     of {}: destroy some first",
                    store.bytes(),
                    self.limits.max_store_bytes
                ),
            ));
        }
        Ok(())
    }

    /// The same engine with another random source (for deterministic tests).
    pub fn with_random(mut self, random: Box<dyn RandomSource>) -> Engine {
        self.random = random;
        self
    }

    /// The same engine saving its store through `persistence` after every batch that changed
    /// it (before answering; if saving fails, the batch is rolled back and fails).
    pub fn with_persistence(mut self, persistence: Box<dyn Persistence>) -> Engine {
        self.persistence = Some(persistence);
        self
    }

    fn lock(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave a half-done change behind that matters
        // more than refusing every later request would; carry on with the data as it is.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A copy of the store (tests, inspection).
    pub fn snapshot(&self) -> Store {
        self.lock().clone()
    }

    /// Serves one request from the client whose certificate CN is `owner`, at `now` (POSIX
    /// seconds).
    pub fn handle(&self, request: &[u8], owner: &str, now: i64) -> Handled {
        let item = match decode_with(request, &decode_options()) {
            Ok(i) => i,
            Err(e) => {
                return self.whole_failure(
                    ProtocolVersion::V1_0,
                    now,
                    Fault::InvalidMessage,
                    format!("the request is not a valid TTLV message: {e}"),
                )
            }
        };
        if item.tag() != Tag::REQUEST_MESSAGE || item.item_type() != ItemType::Structure {
            return self.whole_failure(
                ProtocolVersion::V1_0,
                now,
                Fault::InvalidMessage,
                format!("expected a Request Message, found {}", item.tag()),
            );
        }
        let mut header_item = None;
        let mut batch = Vec::new();
        for c in item.children() {
            match c.tag() {
                Tag::REQUEST_HEADER if header_item.is_some() => {
                    return self.whole_failure(
                        ProtocolVersion::V1_0,
                        now,
                        Fault::InvalidMessage,
                        "the Request Message has two Request Headers",
                    )
                }
                Tag::REQUEST_HEADER => header_item = Some(c),
                Tag::BATCH_ITEM => batch.push(c),
                _ => {}
            }
        }
        let Some(header_item) = header_item else {
            return self.whole_failure(
                ProtocolVersion::V1_0,
                now,
                Fault::InvalidMessage,
                "the Request Message has no Request Header",
            );
        };
        let header = match RequestHeader::decode(header_item) {
            Ok(h) => h,
            Err(e) => {
                let v = header_item
                    .child(Tag::PROTOCOL_VERSION)
                    .and_then(|p| ProtocolVersion::decode(p).ok())
                    .map(|v| negotiate(v).unwrap_or_else(|answer| answer))
                    .unwrap_or(ProtocolVersion::V1_0);
                return self.whole_failure(
                    v,
                    now,
                    Fault::InvalidMessage,
                    format!("cannot read the Request Header: {e}"),
                );
            }
        };
        let requested = header.protocol_version;
        let version = match negotiate(requested) {
            Ok(v) => v,
            Err(answer) => {
                return self.whole_failure(
                    answer,
                    now,
                    Fault::InvalidMessage,
                    format!(
                        "KMIP {requested} is not supported: this server speaks 2.1, 2.0, 1.4, 1.3, \
                         1.2, 1.1 and 1.0"
                    ),
                )
            }
        };
        if batch.is_empty() {
            return self.whole_failure(
                version,
                now,
                Fault::InvalidMessage,
                "the Request Message has no Batch Item",
            );
        }
        if usize::try_from(header.batch_count).ok() != Some(batch.len()) {
            return self.whole_failure(
                version,
                now,
                Fault::InvalidMessage,
                format!(
                    "Batch Count says {} but the message holds {} Batch Items",
                    header.batch_count,
                    batch.len()
                ),
            );
        }
        let results = self.run_batch(&header, version, &batch, owner, now);
        let summaries = results.iter().map(ItemResult::summary).collect();
        let mut response = match encode_response(version, now, &results) {
            Ok(r) => r,
            Err(e) => {
                return self.whole_failure(
                    version,
                    now,
                    Fault::GeneralFailure,
                    format!("the server could not encode its response: {e}"),
                )
            }
        };
        if let Some(max) = header.maximum_response_size {
            if response.len() > usize::try_from(max).unwrap_or(0) {
                let too_large: Vec<ItemResult> = results
                    .iter()
                    .map(|r| {
                        ItemResult::failed(
                            r.operation,
                            r.id.clone(),
                            &OpError::new(
                                Fault::ResponseTooLarge,
                                format!(
                                    "the response has {} bytes, more than the Maximum Response \
                                     Size of {max}",
                                    response.len()
                                ),
                            ),
                            version,
                        )
                    })
                    .collect();
                let summaries = too_large.iter().map(ItemResult::summary).collect();
                response = encode_response(version, now, &too_large).unwrap_or_default();
                return Handled {
                    response,
                    version: Some(version),
                    items: summaries,
                };
            }
        }
        Handled {
            response,
            version: Some(version),
            items: summaries,
        }
    }

    fn run_batch(
        &self,
        header: &RequestHeader<'_>,
        version: ProtocolVersion,
        batch: &[Item<'_>],
        owner: &str,
        now: i64,
    ) -> Vec<ItemResult> {
        let option = header.batch_error_continuation();
        let undo = option == BatchErrorContinuationOption::UNDO;
        let keep_going = option == BatchErrorContinuationOption::CONTINUE;
        let any_mutation = batch.iter().any(|c| mutates(raw_operation(c)));
        let mut store = self.lock();
        let snapshot = if any_mutation && (undo || self.persistence.is_some()) {
            Some(store.clone())
        } else {
            None
        };
        let mut state = BatchState::default();
        let mut results: Vec<ItemResult> = Vec::with_capacity(batch.len());
        let mut failed = false;
        for c in batch {
            let r = self.run_item(&mut store, &mut state, c, version, owner, now);
            let item_failed = r.status != ResultStatus::SUCCESS;
            results.push(r);
            if item_failed {
                failed = true;
                if !keep_going {
                    break;
                }
            }
        }
        if undo && failed {
            if let Some(s) = snapshot.clone() {
                *store = s;
                for r in results.iter_mut() {
                    if r.status == ResultStatus::SUCCESS {
                        r.status = ResultStatus::OPERATION_UNDONE;
                        r.payload = None;
                    }
                }
                state.mutated = false;
            }
        }
        if state.mutated {
            if let Some(p) = &self.persistence {
                if let Err(e) = p.save(&store) {
                    if let Some(s) = snapshot {
                        *store = s;
                    }
                    let error = OpError::new(
                        Fault::GeneralFailure,
                        format!("the change could not be saved, so it was not made: {e}"),
                    );
                    for r in results.iter_mut() {
                        if r.status == ResultStatus::SUCCESS {
                            *r = ItemResult::failed(r.operation, r.id.take(), &error, version);
                        }
                    }
                }
            }
        }
        results
    }

    fn run_item(
        &self,
        store: &mut Store,
        state: &mut BatchState,
        item: &Item<'_>,
        version: ProtocolVersion,
        owner: &str,
        now: i64,
    ) -> ItemResult {
        let operation = raw_operation(item);
        let id = item
            .child(Tag::UNIQUE_BATCH_ITEM_ID)
            .and_then(|i| i.as_bytes())
            .map(<[u8]>::to_vec);
        let decoded = match RequestBatchItem::decode(*item, version) {
            Ok(d) => d,
            Err(e) => {
                let what =
                    operation.map_or_else(|| "Batch Item".to_owned(), |o| format!("{o} request"));
                let error = OpError::new(
                    Fault::InvalidMessage,
                    format!("cannot read the {what}: {e}"),
                );
                return ItemResult::failed(operation, id, &error, version);
            }
        };
        let operation = Some(decoded.operation());
        if let Some(x) = &decoded.message_extension {
            if x.criticality_indicator {
                let error = OpError::new(
                    Fault::FeatureNotSupported,
                    format!(
                        "the critical message extension of vendor '{}' is not understood",
                        x.vendor_identification
                    ),
                );
                return ItemResult::failed(operation, id, &error, version);
            }
        }
        if decoded.ephemeral == Some(true) {
            let error = OpError::new(
                Fault::FeatureNotSupported,
                "Ephemeral batch items are not supported by this server",
            );
            return ItemResult::failed(operation, id, &error, version);
        }
        if let Err(e) = self.check_limits(store, decoded.operation()) {
            return ItemResult::failed(operation, id, &e, version);
        }
        let mut ctx = Ctx {
            store,
            batch: state,
            version,
            owner,
            now,
            random: self.random.as_ref(),
        };
        let outcome = ctx.execute(&decoded.payload);
        for touched in state.touched.drain(..) {
            store.recount(touched);
        }
        match outcome {
            Ok(Success { payload }) => {
                if mutates(operation) {
                    state.mutated = true;
                }
                ItemResult {
                    operation,
                    id,
                    status: ResultStatus::SUCCESS,
                    reason: None,
                    message: None,
                    payload: Some(payload),
                }
            }
            Err(e) => ItemResult::failed(operation, id, &e, version),
        }
    }

    fn whole_failure(
        &self,
        version: ProtocolVersion,
        now: i64,
        fault: Fault,
        message: impl Into<String>,
    ) -> Handled {
        let r = ItemResult::failed(None, None, &OpError::new(fault, message), version);
        let items = vec![r.summary()];
        Handled {
            response: encode_response(version, now, &[r]).unwrap_or_default(),
            version: Some(version),
            items,
        }
    }

    /// An answer to bytes that could not even be framed (a declared length over the limit,
    /// garbage): one failed item without Operation, in KMIP 1.0 (every client reads it).
    pub fn reject(&self, fault: Fault, message: &str, now: i64) -> Zeroizing<Vec<u8>> {
        self.whole_failure(ProtocolVersion::V1_0, now, fault, message)
            .response
    }

    /// Fault injection: answers every item of `request` with Operation Failed and `reason`
    /// (keeping each item's Operation and Unique Batch Item ID), without running anything.
    pub fn fail_all(
        &self,
        request: &[u8],
        reason: ResultReason,
        message: &str,
        now: i64,
    ) -> Zeroizing<Vec<u8>> {
        let parsed = decode_with(request, &decode_options()).ok();
        let version = parsed
            .and_then(|m| m.child(Tag::REQUEST_HEADER))
            .and_then(|h| h.child(Tag::PROTOCOL_VERSION))
            .and_then(|p| ProtocolVersion::decode(p).ok())
            .map(|v| negotiate(v).unwrap_or_else(|a| a))
            .unwrap_or(ProtocolVersion::V1_0);
        let mut items: Vec<ItemResult> = parsed
            .map(|m| {
                m.children()
                    .filter(|c| c.tag() == Tag::BATCH_ITEM)
                    .map(|c| ItemResult {
                        operation: raw_operation(&c),
                        id: c
                            .child(Tag::UNIQUE_BATCH_ITEM_ID)
                            .and_then(|i| i.as_bytes())
                            .map(<[u8]>::to_vec),
                        status: ResultStatus::OPERATION_FAILED,
                        reason: Some(reason),
                        message: Some(message.to_owned()),
                        payload: None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        if items.is_empty() {
            items.push(ItemResult {
                operation: None,
                id: None,
                status: ResultStatus::OPERATION_FAILED,
                reason: Some(reason),
                message: Some(message.to_owned()),
                payload: None,
            });
        }
        encode_response(version, now, &items).unwrap_or_default()
    }
}

/// The Operation an item names, read directly (also when the rest of the item is malformed).
fn raw_operation(item: &Item<'_>) -> Option<Operation> {
    item.child(Tag::OPERATION)
        .and_then(|o| o.as_enumeration())
        .map(Operation)
}

/// Writes the Response Message: the header (version, time stamp, batch count) and the items,
/// whose payloads are already encoded.
fn encode_response(
    version: ProtocolVersion,
    now: i64,
    items: &[ItemResult],
) -> Result<Zeroizing<Vec<u8>>, kmipkit_core::kmip::Error> {
    let capacity = 128
        + items
            .iter()
            .map(|r| {
                96 + r.payload.as_ref().map_or(0, |p| p.len())
                    + r.message.as_ref().map_or(0, |m| m.len())
            })
            .sum::<usize>();
    // Sized up front so that the buffer holding key material is not reallocated (and the
    // old copy left behind) while it is written.
    let mut enc = Encoder::new(Vec::with_capacity(capacity));
    let written = write_response(&mut enc, version, now, items);
    let bytes = Zeroizing::new(enc.into_sink());
    written.map(|()| bytes)
}

fn write_response(
    enc: &mut Encoder<Vec<u8>>,
    version: ProtocolVersion,
    now: i64,
    items: &[ItemResult],
) -> Result<(), kmipkit_core::kmip::Error> {
    let mut header = ResponseHeader::new(version, now);
    header.batch_count = i32::try_from(items.len()).unwrap_or(i32::MAX);
    let mark = enc.begin_structure(Tag::RESPONSE_MESSAGE)?;
    header.encode(enc)?;
    for r in items {
        let item = ResponseBatchItem {
            operation: r.operation,
            unique_batch_item_id: r.id.as_deref(),
            result_status: r.status,
            result_reason: r.reason,
            result_message: r.message.as_deref(),
            asynchronous_correlation_value: None,
            payload: r.payload.as_ref().map(|p| ResponsePayload::Other {
                operation: r.operation,
                payload: RawStructure::from_encoded_children(p),
            }),
            message_extension: None,
        };
        item.encode(enc, version)?;
    }
    enc.end_structure(mark)?;
    Ok(())
}
