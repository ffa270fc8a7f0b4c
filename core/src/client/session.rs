//! The sans-IO session: one operation of the client, through the whole failover loop, as a
//! pure state machine (quinn-proto's shape). It never blocks, reads no clock and owns no
//! socket: the host feeds it events with the time they happened, and asks it what to do.
//!
//! ```text
//! host                                   session
//!  │ poll(now) ───────────────────────────▶ Connect { server, deadline }
//!  │ connected(now) / connect_failed(now, e) ▶
//!  │ poll(now) ───────────────────────────▶ Send { bytes, deadline }
//!  │ sent(now) / send_failed(now, kind) ───▶
//!  │ poll(now) ───────────────────────────▶ Receive { deadline, max }
//!  │ receive_buffer() + received_in_place(now, n)    (or received(now, &bytes))
//!  │   … any chunking, one byte at a time included; closed(now) / receive_failed(now, kind)
//!  │ poll(now) ───────────────────────────▶ Close            (drop the transport)
//!  │ poll(now) ───────────────────────────▶ Sleep(until)     (pause between passes)
//!  │ timer_expired(now) ──────────────────▶                  (next_deadline() passed)
//!  │ poll(now) ───────────────────────────▶ Done(result)
//! ```
//!
//! `poll` describes what the session waits for: calling it again without an input returns the
//! same action (except `Close`, which is said once). Every input and `poll` check the current
//! deadline first, so a host that only calls `poll` when its timer fires gets the same result
//! as one that calls [`Session::timer_expired`]. Inputs that do not fit the current state are
//! ignored; no input can make the session panic.
//!
//! Buffers are the caller's: requests are encoded into `tx`, responses are read into `rx`,
//! and the final response is decoded from `rx` ([`Session::response`]), borrowing it. The
//! maximum response size is enforced from the first 8 bytes of a response
//! ([`frame`](crate::ttlv::frame)), before its body is read.
//!
//! Deadlines: connect and TLS together get one `attempt_timeout`; each request/response
//! exchange then gets its own, armed when the request is handed out. A silent server
//! therefore costs exactly one `attempt_timeout`.

use super::config::{Client, VersionMode};
use super::error::{
    is_not_found, text, AttemptError, Cause, ConnectFailure, FailureKind, IoErrorKind, Mismatch,
    Orphan, Phase, Report, ServerError, Text,
};
use super::plan::{object_type_of, target_of, Plan};
use super::policy::{Failover, Next};
use super::repeat::Repeat;
use super::time::Instant;
use crate::kmip::ops::{
    ActivateRequest, CreateResponse, DestroyRequest, DiscoverVersionsRequest,
    DiscoverVersionsResponse, GetAttributesRequest, GetAttributesResponse, GetRequest,
    LocateRequest, LocateResponse, RegisterResponse,
};
use crate::kmip::{
    self, Attribute, AttributeReference, AttributeValue, ProtocolVersion, RequestBatchItem,
    RequestHeader, RequestMessage, ResponseMessage, Uid,
};
use crate::ttlv::{
    decode_with, frame, DecodeOptions, Encoder, Frame, Operation, ResultStatus, State, Tag,
};

/// Batch items a session sends or reads in one message at most.
pub const MAX_BATCH: usize = 8;

const STATE_REF: [AttributeReference<'static>; 1] = [AttributeReference::Tag(Tag::STATE)];

/// What the host should do next.
#[derive(Debug, PartialEq)]
pub enum Action<'s> {
    /// Open a transport (TCP + TLS) to server `server` before `deadline`, then call
    /// [`Session::connected`] or [`Session::connect_failed`].
    Connect {
        /// The server's index in the host's list.
        server: usize,
        /// When connect and TLS together must be done.
        deadline: Instant,
    },
    /// Write all of `bytes` (one request) and flush, then call [`Session::sent`] (or
    /// [`Session::send_failed`]).
    Send {
        /// The request.
        bytes: &'s [u8],
        /// The end of this exchange.
        deadline: Instant,
    },
    /// Read up to `max` bytes into [`Session::receive_buffer`] and report them
    /// ([`Session::received_in_place`] or [`Session::received`]); `max` never goes past the
    /// end of the response.
    Receive {
        /// The end of this exchange.
        deadline: Instant,
        /// How many bytes the response still needs at least (never more than it needs).
        max: usize,
    },
    /// Close and drop the transport (an attempt ended). Said once; poll again.
    Close,
    /// Nothing to do until then (a pause between passes); poll again at that time.
    Sleep(Instant),
    /// The operation is over.
    Done(&'s Result<Outcome, FailureKind>),
}

/// Where the final answer came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The server that answered.
    pub server: usize,
    /// On which pass.
    pub pass: u32,
    /// The version the request was sent in (decode the response with it).
    pub version: ProtocolVersion,
    /// The response's length: it is `rx[..len]`.
    pub len: usize,
}

/// A Create or Register that succeeded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Created {
    /// The server that holds the object.
    pub server: usize,
    /// The object's Unique Identifier.
    pub uid: Text,
    /// True when the object was found by Name after an ambiguous attempt rather than made by
    /// the answered request.
    pub found_by_name: bool,
    /// True when it is Active (Activate succeeded, or it was found Active).
    pub activated: bool,
}

/// How an operation succeeded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The answer to the request is in the receive buffer ([`Session::response`]).
    Answered(Answer),
    /// The server says the object does not exist (Item Not Found, Object Not Found): an
    /// answer, not a failure, and no other server is asked.
    NotFound {
        /// Where the answer came from.
        answer: Answer,
        /// The status, reason and message.
        error: ServerError,
    },
    /// The new object (Create/Register, and Activate if asked).
    Created(Created),
    /// After an ambiguous attempt, the State check found the change already made (for
    /// Destroy, `None`: the object is gone). No request was sent again.
    AlreadyDone {
        /// The server that was checked.
        server: usize,
        /// The State found.
        state: Option<State>,
    },
    /// [`Plan::GetIfActive`]: the object is not Active, so no Get was sent.
    NotActive {
        /// The server that answered.
        server: usize,
        /// Its State (`None` when the server did not say).
        state: Option<State>,
    },
}

impl Outcome {
    /// Decodes the final response from the receive buffer `rx`, for the outcomes that have
    /// one ([`Outcome::Answered`], [`Outcome::NotFound`]).
    pub fn response<'r>(
        &self,
        rx: &'r [u8],
    ) -> Option<Result<ResponseMessage<'r, MAX_BATCH>, kmip::Error>> {
        let answer = match self {
            Outcome::Answered(a) | Outcome::NotFound { answer: a, .. } => a,
            _ => return None,
        };
        let bytes = rx.get(..answer.len)?;
        let opts = DecodeOptions {
            max_message_size: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
            ..DecodeOptions::STRICT
        };
        Some(
            decode_with(bytes, &opts)
                .map_err(kmip::Error::from)
                .and_then(|item| ResponseMessage::decode_item(item, answer.version)),
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum St {
    /// Choose the next attempt.
    Next,
    Paused(Instant),
    Connecting(Instant),
    Sending(Instant),
    Receiving(Instant),
    Finished,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Discover,
    Main,
    Locate,
    CheckState,
    Activate,
    Destroy,
    Get,
}

/// What a response said, copied out of the receive buffer.
enum Reply {
    Ok(Got),
    NotFound(ServerError),
    Failed(ServerError),
}

enum Got {
    Nothing,
    Uid(Text),
    Versions(Option<ProtocolVersion>),
    Located { count: usize, first: Option<Text> },
    State(Option<State>),
}

/// One operation in flight. See the module documentation for the protocol.
pub struct Session<'a> {
    client: &'a mut Client,
    tx: &'a mut [u8],
    rx: &'a mut [u8],
    plan: Plan<'a>,
    failover: Failover,
    st: St,
    // The current attempt.
    server: usize,
    pass: u32,
    open: bool,
    close_pending: bool,
    version: ProtocolVersion,
    step: Step,
    tx_len: usize,
    rx_len: usize,
    in_recovery: bool,
    // What the operation has learnt across attempts.
    doubt: Option<(usize, u32)>,
    locate_first: bool,
    recovery: Option<usize>,
    uid: Option<Text>,
    uid_state: Option<State>,
    found_by_name: bool,
    refused: bool,
    report: Report,
    result: Option<Result<Outcome, FailureKind>>,
}

impl<'a> Session<'a> {
    /// Starts `plan` with the caller's buffers: `tx` holds one request, `rx` one response
    /// (its size is the default maximum response size).
    pub fn new(client: &'a mut Client, plan: Plan<'a>, tx: &'a mut [u8], rx: &'a mut [u8]) -> Self {
        let failover = Failover::new(client.config().policy, client.servers());
        let mut s = Session {
            client,
            tx,
            rx,
            plan,
            failover,
            st: St::Next,
            server: 0,
            pass: 0,
            open: false,
            close_pending: false,
            version: ProtocolVersion::V1_0,
            step: Step::Main,
            tx_len: 0,
            rx_len: 0,
            in_recovery: false,
            doubt: None,
            locate_first: false,
            recovery: None,
            uid: None,
            uid_state: None,
            found_by_name: false,
            refused: false,
            report: Report::default(),
            result: None,
        };
        s.report.name = s.name_text();
        if let Plan::Batch(items) = plan {
            if items.is_empty() || items.len() > MAX_BATCH {
                s.finish(Err(FailureKind::Config("a batch holds 1 to 8 items")));
            }
        }
        s
    }

    // ----- outputs -------------------------------------------------------------------------

    /// What to do next (see [`Action`]).
    pub fn poll(&mut self, now: Instant) -> Action<'_> {
        self.check_deadline(now);
        loop {
            if self.close_pending {
                self.close_pending = false;
                return Action::Close;
            }
            match self.st {
                St::Next => self.next_attempt(now),
                St::Paused(until) if now >= until => self.st = St::Next,
                St::Paused(until) => return Action::Sleep(until),
                St::Connecting(deadline) => {
                    return Action::Connect {
                        server: self.server,
                        deadline,
                    }
                }
                St::Sending(deadline) => {
                    return Action::Send {
                        bytes: self.tx.get(..self.tx_len).unwrap_or(&[]),
                        deadline,
                    }
                }
                St::Receiving(deadline) => {
                    return Action::Receive {
                        deadline,
                        max: self.needed(),
                    }
                }
                St::Finished => {
                    return match &self.result {
                        Some(r) => Action::Done(r),
                        // Unreachable by construction; answer something true rather than panic.
                        None => Action::Close,
                    };
                }
            }
        }
    }

    /// When the session must be told the time even if nothing happens (the current phase's
    /// deadline, or the end of a pause); `None` when it waits for nothing.
    pub fn next_deadline(&self) -> Option<Instant> {
        match self.st {
            St::Paused(t) | St::Connecting(t) | St::Sending(t) | St::Receiving(t) => Some(t),
            St::Next | St::Finished => None,
        }
    }

    /// The result, once the session is done.
    pub fn outcome(&self) -> Option<&Result<Outcome, FailureKind>> {
        self.result.as_ref()
    }

    /// True once the session is done (and has said `Close` if a transport was open).
    pub fn is_done(&self) -> bool {
        self.st == St::Finished && !self.close_pending
    }

    /// The failed attempts and orphans so far.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Takes the report out (it is left empty).
    pub fn take_report(&mut self) -> Report {
        core::mem::take(&mut self.report)
    }

    /// The final response, decoded from the receive buffer (for [`Outcome::Answered`] and
    /// [`Outcome::NotFound`]).
    pub fn response(&self) -> Option<Result<ResponseMessage<'_, MAX_BATCH>, kmip::Error>> {
        match &self.result {
            Some(Ok(o)) => o.response(self.rx),
            _ => None,
        }
    }

    /// The receive buffer (the final response is `rx()[..answer.len]`).
    pub fn rx(&self) -> &[u8] {
        self.rx
    }

    // ----- inputs --------------------------------------------------------------------------

    /// The transport asked for by [`Action::Connect`] is open (TCP and TLS).
    pub fn connected(&mut self, now: Instant) {
        if self.check_deadline(now) {
            return;
        }
        if !matches!(self.st, St::Connecting(_)) {
            return;
        }
        self.open = true;
        let v = self.client.negotiated(self.server);
        match (&self.client.config().versions, v) {
            (_, Some(v)) => {
                self.version = v;
                self.step = self.first_step();
            }
            (VersionMode::Negotiate(offer), None) => {
                self.version = VersionMode::discovery_version(offer);
                self.step = Step::Discover;
            }
            // `negotiated` always answers for a pinned version.
            (VersionMode::Pinned(p), None) => {
                self.version = *p;
                self.step = self.first_step();
            }
        }
        self.start_exchange(now);
    }

    /// Opening the transport failed (resolve, connect or TLS).
    pub fn connect_failed(&mut self, now: Instant, error: &impl ConnectFailure) {
        if self.check_deadline(now) {
            return;
        }
        if !matches!(self.st, St::Connecting(_)) {
            return;
        }
        // The host holds no transport: nothing to close.
        self.open = false;
        let cause = io_cause(error.kind());
        let phase = match error.phase() {
            p @ (Phase::Resolve | Phase::Connect | Phase::Tls) => p,
            _ => Phase::Connect,
        };
        self.transport_failure(now, phase, cause);
    }

    /// The whole request was written and flushed.
    pub fn sent(&mut self, now: Instant) {
        if self.check_deadline(now) {
            return;
        }
        if let St::Sending(deadline) = self.st {
            self.rx_len = 0;
            self.st = St::Receiving(deadline);
        }
    }

    /// Writing the request failed.
    pub fn send_failed(&mut self, now: Instant, kind: IoErrorKind) {
        if self.check_deadline(now) {
            return;
        }
        if matches!(self.st, St::Sending(_)) {
            self.transport_failure(now, Phase::Send, io_cause(kind));
        }
    }

    /// Where to read the next bytes of the response: exactly as many as the response still
    /// needs at least (empty when no read is wanted). Report them with
    /// [`Session::received_in_place`].
    pub fn receive_buffer(&mut self) -> &mut [u8] {
        if !matches!(self.st, St::Receiving(_)) {
            return &mut [];
        }
        let need = self.needed();
        let start = self.rx_len;
        let end = start.saturating_add(need).min(self.rx.len());
        self.rx.get_mut(start..end).unwrap_or(&mut [])
    }

    /// `n` bytes were read into [`Session::receive_buffer`].
    pub fn received_in_place(&mut self, now: Instant, n: usize) {
        if self.check_deadline(now) {
            return;
        }
        if !matches!(self.st, St::Receiving(_)) || n == 0 {
            return;
        }
        let room = self.rx.len().saturating_sub(self.rx_len);
        self.rx_len += n.min(room);
        self.progress(now);
    }

    /// Bytes of the response arrived (in any chunking); they are copied into the receive
    /// buffer. Bytes past the end of the response are an error (the stream is out of step),
    /// except after the final one, where they are ignored (the connection is closed anyway).
    pub fn received(&mut self, now: Instant, mut bytes: &[u8]) {
        if self.check_deadline(now) {
            return;
        }
        while !bytes.is_empty() {
            match self.st {
                St::Receiving(_) => {}
                // The response was complete and the next request is due: out of step.
                St::Sending(_) => {
                    return self.transport_failure(
                        now,
                        Phase::Decode,
                        Cause::Mismatch(Mismatch::TrailingBytes),
                    )
                }
                _ => return,
            }
            let buf = self.receive_buffer();
            if buf.is_empty() {
                return;
            }
            let n = buf.len().min(bytes.len());
            buf[..n].copy_from_slice(&bytes[..n]);
            bytes = &bytes[n..];
            self.received_in_place(now, n);
        }
    }

    /// Reading the response failed.
    pub fn receive_failed(&mut self, now: Instant, kind: IoErrorKind) {
        if self.check_deadline(now) {
            return;
        }
        if matches!(self.st, St::Receiving(_)) {
            self.transport_failure(now, Phase::Receive, io_cause(kind));
        }
    }

    /// The server closed the connection (end of stream).
    pub fn closed(&mut self, now: Instant) {
        if self.check_deadline(now) {
            return;
        }
        let phase = match self.st {
            St::Sending(_) => Phase::Send,
            St::Receiving(_) => Phase::Receive,
            _ => return,
        };
        self.transport_failure(now, phase, Cause::Closed);
    }

    /// The host's timer fired: if the current deadline has passed, the phase times out.
    pub fn timer_expired(&mut self, now: Instant) {
        self.check_deadline(now);
    }

    // ----- the machine ---------------------------------------------------------------------

    fn check_deadline(&mut self, now: Instant) -> bool {
        let (deadline, phase) = match self.st {
            St::Connecting(d) => (d, Phase::Connect),
            St::Sending(d) => (d, Phase::Send),
            St::Receiving(d) => (d, Phase::Receive),
            _ => return false,
        };
        if now < deadline {
            return false;
        }
        // Whatever the host holds (a half-open connection included) must go.
        self.open = true;
        self.transport_failure(now, phase, Cause::Timeout);
        true
    }

    fn decode_options(&self) -> DecodeOptions {
        let rx = u32::try_from(self.rx.len()).unwrap_or(u32::MAX);
        let limit = self.client.config().max_response_size.unwrap_or(u32::MAX);
        DecodeOptions {
            max_message_size: rx.min(limit),
            ..DecodeOptions::STRICT
        }
    }

    /// Bytes the response still needs (0 when it is complete or refused).
    fn needed(&self) -> usize {
        match frame(
            self.rx.get(..self.rx_len).unwrap_or(&[]),
            &self.decode_options(),
        ) {
            Ok(Frame::NeedMore(n)) => n,
            _ => 0,
        }
    }

    fn next_attempt(&mut self, now: Instant) {
        self.in_recovery = false;
        self.uid_state = None;
        if let Some(server) = self.recovery.take() {
            // Settle the object made on `server`: same server, same pass, fresh deadline.
            self.server = server;
            self.in_recovery = true;
            self.st = St::Connecting(self.failover.deadline_from(now));
            return;
        }
        self.uid = None;
        self.found_by_name = false;
        match self.failover.next(now) {
            Next::Try(a) => {
                self.server = a.server;
                self.pass = a.pass;
                self.st = St::Connecting(a.deadline);
            }
            Next::Pause(until) => self.st = St::Paused(until),
            Next::Exhausted => {
                let kind = match self.doubt {
                    Some((server, pass)) => FailureKind::OutcomeUnknown {
                        server,
                        pass,
                        operation: self.plan.operation(),
                    },
                    None if self.refused => FailureKind::Refused,
                    None => FailureKind::Unreachable,
                };
                self.finish(Err(kind));
            }
        }
    }

    fn first_step(&self) -> Step {
        match &self.plan {
            Plan::Request(p) if self.doubt.is_some() && target_of(p).is_some() => Step::CheckState,
            Plan::Request(_) | Plan::Batch(_) | Plan::GetIfActive(_) => Step::Main,
            Plan::NewObject(_) if self.in_recovery => Step::CheckState,
            Plan::NewObject(n) if self.locate_first && n.name.is_some() => Step::Locate,
            Plan::NewObject(_) => Step::Main,
        }
    }

    fn finish(&mut self, result: Result<Outcome, FailureKind>) {
        if self.open {
            self.close_pending = true;
            self.open = false;
        }
        self.result = Some(result);
        self.st = St::Finished;
    }

    fn name_text(&self) -> Option<Text> {
        match &self.plan {
            Plan::NewObject(n) => n.name.and_then(|n| text(n.value)),
            _ => None,
        }
    }

    fn answer(&self, len: usize) -> Answer {
        Answer {
            server: self.server,
            pass: self.pass,
            version: self.version,
            len,
        }
    }

    fn operation_of(&self, step: Step) -> Operation {
        match step {
            Step::Discover => Operation::DISCOVER_VERSIONS,
            Step::Main => match &self.plan {
                Plan::GetIfActive(_) => Operation::GET_ATTRIBUTES,
                p => p.operation(),
            },
            Step::Locate => Operation::LOCATE,
            Step::CheckState => Operation::GET_ATTRIBUTES,
            Step::Activate => Operation::ACTIVATE,
            Step::Destroy => Operation::DESTROY,
            Step::Get => Operation::GET,
        }
    }

    fn log(
        &mut self,
        now: Instant,
        phase: Phase,
        cause: Cause,
        ambiguous: bool,
        in_exchange: bool,
    ) {
        if matches!(cause, Cause::Server(_) | Cause::NoCommonVersion) {
            self.refused = true;
        }
        let operation = in_exchange.then(|| self.operation_of(self.step));
        self.report.attempts.push(AttemptError {
            server: self.server,
            pass: self.pass,
            operation,
            phase,
            cause,
            ambiguous,
            at: now,
        });
    }

    /// A failure of the transport or of the bytes: the attempt is over.
    fn transport_failure(&mut self, now: Instant, phase: Phase, cause: Cause) {
        let (ambiguous, in_exchange) = match self.st {
            St::Connecting(_) => (false, false),
            St::Sending(_) | St::Receiving(_) => (true, true),
            _ => return,
        };
        // Discover Versions, Locate, Get Attributes and Get change nothing.
        let ambiguous = ambiguous
            && !matches!(
                self.step,
                Step::Discover | Step::Locate | Step::CheckState | Step::Get
            );
        self.log(now, phase, cause, ambiguous, in_exchange);
        self.end_attempt(ambiguous, true);
    }

    /// Closes the connection and decides what the failure means for the operation.
    /// `transport`: the connection failed (rather than the server refusing).
    fn end_attempt(&mut self, ambiguous: bool, transport: bool) {
        if self.open {
            self.close_pending = true;
            self.open = false;
        }
        self.st = St::Next;
        let (server, pass) = (self.server, self.pass);
        let unknown = |op| FailureKind::OutcomeUnknown {
            server,
            pass,
            operation: op,
        };
        match self.plan {
            Plan::Request(p) if ambiguous && self.step == Step::Main => {
                match Repeat::of(p.operation()) {
                    Repeat::Free | Repeat::Idempotent => {}
                    Repeat::StateChange if target_of(&p).is_some() => {
                        self.doubt.get_or_insert((server, pass));
                    }
                    _ => self.finish(Err(unknown(p.operation()))),
                }
            }
            Plan::Batch(items)
                if ambiguous && !items.iter().all(|i| Repeat::of(i.operation()).is_free()) =>
            {
                self.finish(Err(unknown(self.plan.operation())));
            }
            Plan::NewObject(n) => {
                if self.uid.is_some() {
                    // An object made (or found) here is not settled yet: reconnect to the same
                    // server once to settle it, or report it.
                    if transport
                        && !self.in_recovery
                        && matches!(self.step, Step::Activate | Step::CheckState)
                    {
                        self.recovery = Some(server);
                    } else {
                        self.orphan();
                    }
                } else if ambiguous && self.step == Step::Main {
                    if n.name.is_none() {
                        self.finish(Err(unknown(n.request.operation())));
                    } else {
                        self.doubt.get_or_insert((server, pass));
                        self.locate_first = true;
                    }
                }
            }
            _ => {}
        }
    }

    /// Records the object held as an orphan; later attempts look for it by Name first.
    fn orphan(&mut self) {
        if let Some(uid) = self.uid.take() {
            let o = Orphan {
                server: self.server,
                uid,
                state: self.uid_state,
            };
            // When the list is full the object is still named by the attempt log.
            let _ = self.report.orphans.push(o);
            self.locate_first = true;
        }
    }

    fn start_exchange(&mut self, now: Instant) {
        match self.encode() {
            Ok(n) => {
                self.tx_len = n;
                self.st = St::Sending(self.failover.deadline_from(now));
            }
            Err(e) => {
                self.orphan();
                self.finish(Err(FailureKind::Request(e)));
            }
        }
    }

    fn encode(&mut self) -> Result<usize, kmip::Error> {
        let version = self.version;
        let config = self.client.config();
        let mut header = RequestHeader::new(version);
        if config.send_max_response_size {
            let rx = u32::try_from(self.rx.len()).unwrap_or(u32::MAX);
            let limit = config.max_response_size.unwrap_or(u32::MAX).min(rx);
            header.maximum_response_size = Some(i32::try_from(limit).unwrap_or(i32::MAX));
        }
        let name_attrs;
        let mut msg = RequestMessage::<MAX_BATCH>::new(header);
        let uid = self.uid.as_deref().map(Uid::Text);
        let item = match self.step {
            Step::Discover => {
                let offer = match &config.versions {
                    VersionMode::Negotiate(o) => o.as_slice(),
                    VersionMode::Pinned(_) => &[],
                };
                RequestBatchItem::new(DiscoverVersionsRequest {
                    protocol_versions: offer.into(),
                })
            }
            Step::Main => match &self.plan {
                Plan::Request(p) => RequestBatchItem::new(*p),
                Plan::NewObject(n) => RequestBatchItem::new(n.request),
                Plan::GetIfActive(uid) => RequestBatchItem::new(GetAttributesRequest {
                    unique_identifier: Some(*uid),
                    attribute_references: (&STATE_REF).into(),
                }),
                Plan::Batch(items) => {
                    for i in items.iter() {
                        msg.push(*i)?;
                    }
                    return write(&msg, self.tx);
                }
            },
            Step::Locate => {
                let (ot, name) = match &self.plan {
                    Plan::NewObject(n) => (object_type_of(&n.request), n.name),
                    _ => (None, None),
                };
                name_attrs = [
                    Attribute::new(AttributeValue::ObjectType(
                        ot.unwrap_or(crate::ttlv::ObjectType::SYMMETRIC_KEY),
                    )),
                    Attribute::new(AttributeValue::Name(
                        name.unwrap_or(crate::kmip::Name::text("")),
                    )),
                ];
                RequestBatchItem::new(LocateRequest {
                    attributes: (&name_attrs).into(),
                    ..LocateRequest::default()
                })
            }
            Step::CheckState => {
                let uid = match &self.plan {
                    Plan::Request(p) => target_of(p).map(|t| t.uid),
                    _ => uid,
                };
                RequestBatchItem::new(GetAttributesRequest {
                    unique_identifier: uid,
                    attribute_references: (&STATE_REF).into(),
                })
            }
            Step::Activate => RequestBatchItem::new(ActivateRequest {
                unique_identifier: uid,
            }),
            Step::Destroy => RequestBatchItem::new(DestroyRequest {
                unique_identifier: uid,
            }),
            Step::Get => match &self.plan {
                Plan::GetIfActive(uid) => RequestBatchItem::new(GetRequest::new(*uid)),
                _ => RequestBatchItem::new(GetRequest {
                    unique_identifier: uid,
                    ..GetRequest::default()
                }),
            },
        };
        msg.push(item)?;
        write(&msg, self.tx)
    }

    /// New bytes arrived: is the response complete?
    fn progress(&mut self, now: Instant) {
        let opts = self.decode_options();
        let have = self.rx.get(..self.rx_len).unwrap_or(&[]);
        match frame(have, &opts) {
            Err(e) => self.transport_failure(now, Phase::Decode, Cause::Framing(e)),
            Ok(Frame::NeedMore(_)) => {}
            Ok(Frame::Complete(n)) if n < self.rx_len => {
                self.transport_failure(now, Phase::Decode, Cause::Mismatch(Mismatch::TrailingBytes))
            }
            Ok(Frame::Complete(n)) => match self.summarize(n, &opts) {
                Ok(reply) => self.act(now, reply, n),
                Err(cause) => self.transport_failure(now, Phase::Decode, cause),
            },
        }
    }

    /// Decodes the complete response `rx[..n]` and copies out what the next step needs.
    fn summarize(&self, n: usize, opts: &DecodeOptions) -> Result<Reply, Cause> {
        let bytes = self.rx.get(..n).unwrap_or(&[]);
        let item = decode_with(bytes, opts).map_err(|e| Cause::Invalid(e.into()))?;
        let msg = ResponseMessage::<MAX_BATCH>::decode_item(item, self.version)
            .map_err(Cause::Invalid)?;
        let expected_items = match (&self.plan, self.step) {
            (Plan::Batch(items), Step::Main) => items.len(),
            _ => 1,
        };
        if msg.batch_items.len() != expected_items {
            return Err(Cause::Mismatch(Mismatch::BatchCount {
                expected: expected_items,
                found: msg.batch_items.len(),
            }));
        }
        if expected_items > 1 {
            return Ok(Reply::Ok(Got::Nothing));
        }
        let Some(b) = msg.batch_items.first() else {
            return Err(Cause::Mismatch(Mismatch::MissingPayload));
        };
        let expected = self.operation_of(self.step);
        if let Some(found) = b.operation {
            if found != expected {
                return Err(Cause::Mismatch(Mismatch::Operation { expected, found }));
            }
        }
        match b.result_status {
            ResultStatus::SUCCESS => {}
            ResultStatus::OPERATION_PENDING => return Err(Cause::Mismatch(Mismatch::Pending)),
            status => {
                let e = ServerError::new(expected, status, b.result_reason, b.result_message);
                return Ok(
                    if status == ResultStatus::OPERATION_FAILED && is_not_found(b.result_reason) {
                        Reply::NotFound(e)
                    } else {
                        Reply::Failed(e)
                    },
                );
            }
        }
        if b.payload.is_none() {
            return Err(Cause::Mismatch(Mismatch::MissingPayload));
        }
        let missing = Cause::Mismatch(Mismatch::MissingPayload);
        let uid_text = |u: Uid<'_>| {
            u.as_text()
                .and_then(text)
                .ok_or(Cause::Mismatch(Mismatch::UnusableUid))
        };
        let got = match self.step {
            Step::Discover => {
                let p = b.payload_as::<DiscoverVersionsResponse>().ok_or(missing)?;
                let offer = match &self.client.config().versions {
                    VersionMode::Negotiate(o) => o.as_slice(),
                    VersionMode::Pinned(_) => &[],
                };
                Got::Versions(VersionMode::choose(offer, p.protocol_versions.iter()))
            }
            Step::Main => match &self.plan {
                Plan::NewObject(_) => {
                    let uid = if let Some(c) = b.payload_as::<CreateResponse>() {
                        c.unique_identifier
                    } else if let Some(r) = b.payload_as::<RegisterResponse>() {
                        r.unique_identifier
                    } else {
                        return Err(missing);
                    };
                    Got::Uid(uid_text(uid)?)
                }
                Plan::GetIfActive(_) => {
                    let p = b.payload_as::<GetAttributesResponse>().ok_or(missing)?;
                    Got::State(p.attributes.state())
                }
                _ => Got::Nothing,
            },
            Step::Locate => {
                let p = b.payload_as::<LocateResponse>().ok_or(missing)?;
                let first = match p.unique_identifiers.first() {
                    Some(u) => Some(uid_text(u)?),
                    None => None,
                };
                Got::Located {
                    count: p.unique_identifiers.len(),
                    first,
                }
            }
            Step::CheckState => {
                let p = b.payload_as::<GetAttributesResponse>().ok_or(missing)?;
                Got::State(p.attributes.state())
            }
            Step::Activate | Step::Destroy | Step::Get => Got::Nothing,
        };
        Ok(Reply::Ok(got))
    }

    /// A server error status: logged, not ambiguous.
    fn refused_by(&mut self, now: Instant, e: ServerError) {
        self.log(now, Phase::Server, Cause::Server(e), false, true);
    }

    fn next_step(&mut self, now: Instant, step: Step) {
        self.step = step;
        self.start_exchange(now);
    }

    fn act(&mut self, now: Instant, reply: Reply, len: usize) {
        let server = self.server;
        match (self.step, reply) {
            // --- version negotiation ---
            (Step::Discover, Reply::Ok(Got::Versions(Some(v)))) => {
                self.client.remember(server, v);
                self.version = v;
                let first = self.first_step();
                self.next_step(now, first);
            }
            (Step::Discover, Reply::Ok(_)) => {
                self.log(now, Phase::Server, Cause::NoCommonVersion, false, true);
                self.end_attempt(false, false);
            }
            (Step::Discover, Reply::Failed(e) | Reply::NotFound(e)) => {
                let offers_1_0 = matches!(&self.client.config().versions,
                    VersionMode::Negotiate(o) if o.contains(&ProtocolVersion::V1_0));
                if !offers_1_0 {
                    self.refused_by(now, e);
                    self.end_attempt(false, false);
                    return;
                }
                // "I do not do Discover Versions" (PyKMIP under 1.0: Operation Not
                // Supported): a 1.0 server. Other refusals (authentication…) are not
                // remembered, so the next connection asks again.
                if matches!(
                    e.reason,
                    Some(crate::ttlv::ResultReason::OPERATION_NOT_SUPPORTED)
                        | Some(crate::ttlv::ResultReason::INVALID_MESSAGE)
                        | Some(crate::ttlv::ResultReason::FEATURE_NOT_SUPPORTED)
                ) {
                    self.client.remember(server, ProtocolVersion::V1_0);
                }
                self.version = ProtocolVersion::V1_0;
                let first = self.first_step();
                self.next_step(now, first);
            }

            // --- the main request ---
            (Step::Main, reply) => self.act_main(now, reply, len),

            // --- a state change checked after an ambiguous attempt ---
            (Step::CheckState, reply) if matches!(self.plan, Plan::Request(_)) => {
                let Plan::Request(p) = self.plan else { return };
                let Some(target) = target_of(&p) else { return };
                match reply {
                    Reply::Ok(Got::State(s)) if target.reached(s) => {
                        self.finish(Ok(Outcome::AlreadyDone { server, state: s }))
                    }
                    Reply::NotFound(_) if target.reached(None) => {
                        self.finish(Ok(Outcome::AlreadyDone {
                            server,
                            state: None,
                        }))
                    }
                    Reply::NotFound(error) => self.finish(Ok(Outcome::NotFound {
                        answer: self.answer(len),
                        error,
                    })),
                    Reply::Ok(_) => self.next_step(now, Step::Main),
                    Reply::Failed(e) => {
                        self.refused_by(now, e);
                        self.end_attempt(false, false);
                    }
                }
            }

            // --- a new object: found by Name, or its State checked ---
            (Step::Locate, Reply::Ok(Got::Located { count: 0, .. }) | Reply::NotFound(_)) => {
                self.next_step(now, Step::Main)
            }
            (
                Step::Locate,
                Reply::Ok(Got::Located {
                    count: 1,
                    first: Some(uid),
                }),
            ) => {
                self.report.orphans.retain(|o| o.uid != uid);
                self.uid = Some(uid);
                self.found_by_name = true;
                if self.activate() {
                    self.next_step(now, Step::CheckState);
                } else {
                    self.created(false);
                }
            }
            (Step::Locate, Reply::Ok(Got::Located { count, .. })) => {
                self.finish(Err(FailureKind::NameNotUnique {
                    server,
                    found: count,
                }));
            }
            (Step::Locate, Reply::Ok(_)) => {}
            (Step::Locate, Reply::Failed(e)) => {
                self.refused_by(now, e);
                self.end_attempt(false, false);
            }
            (Step::CheckState, Reply::Ok(Got::State(s))) => {
                self.uid_state = s;
                match s {
                    Some(State::ACTIVE) => self.created(true),
                    Some(State::PRE_ACTIVE) if self.activate() => {
                        self.next_step(now, Step::Activate)
                    }
                    Some(State::PRE_ACTIVE) => self.created(false),
                    other => {
                        // Not an object this operation can hand over: remove it.
                        self.log(
                            now,
                            Phase::Server,
                            Cause::Mismatch(Mismatch::State(other)),
                            false,
                            true,
                        );
                        self.next_step(now, Step::Destroy);
                    }
                }
            }
            (Step::CheckState, Reply::Ok(_)) => {}
            (Step::CheckState, Reply::NotFound(e)) => {
                // The object is gone: nothing to settle; make it again elsewhere.
                self.uid = None;
                self.refused_by(now, e);
                self.end_attempt(false, false);
            }
            (Step::CheckState, Reply::Failed(e)) => {
                self.refused_by(now, e);
                self.end_attempt(false, false);
            }
            (Step::Activate, Reply::Ok(_)) => self.created(true),
            (Step::Activate, Reply::Failed(e) | Reply::NotFound(e)) => {
                // Not activated: do not leave the Pre-Active object behind.
                self.uid_state = Some(State::PRE_ACTIVE);
                self.refused_by(now, e);
                self.next_step(now, Step::Destroy);
            }
            (Step::Destroy, Reply::Ok(_)) => {
                self.uid = None;
                self.end_attempt(false, false);
            }
            (Step::Destroy, Reply::Failed(e) | Reply::NotFound(e)) => {
                self.refused_by(now, e);
                self.end_attempt(false, false);
            }

            // --- Get after an Active State ---
            (Step::Get, Reply::Ok(_)) => self.finish(Ok(Outcome::Answered(self.answer(len)))),
            (Step::Get, Reply::NotFound(error)) => self.finish(Ok(Outcome::NotFound {
                answer: self.answer(len),
                error,
            })),
            (Step::Get, Reply::Failed(e)) => {
                self.refused_by(now, e);
                self.end_attempt(false, false);
            }
        }
    }

    fn act_main(&mut self, now: Instant, reply: Reply, len: usize) {
        let server = self.server;
        match (&self.plan, reply) {
            (Plan::NewObject(_), Reply::Ok(Got::Uid(uid))) => {
                self.uid = Some(uid);
                self.doubt = None;
                if self.activate() {
                    self.next_step(now, Step::Activate);
                } else {
                    self.created(false);
                }
            }
            (Plan::GetIfActive(_), Reply::Ok(Got::State(Some(State::ACTIVE)))) => {
                self.next_step(now, Step::Get)
            }
            (Plan::GetIfActive(_), Reply::Ok(Got::State(state))) => {
                self.finish(Ok(Outcome::NotActive { server, state }))
            }
            (Plan::Request(_) | Plan::Batch(_), Reply::Ok(_)) => {
                self.finish(Ok(Outcome::Answered(self.answer(len))))
            }
            (Plan::Request(_) | Plan::GetIfActive(_), Reply::NotFound(error)) => {
                self.finish(Ok(Outcome::NotFound {
                    answer: self.answer(len),
                    error,
                }))
            }
            (_, Reply::Failed(e) | Reply::NotFound(e)) => {
                self.refused_by(now, e);
                self.end_attempt(false, false);
            }
            (_, Reply::Ok(_)) => {}
        }
    }

    fn activate(&self) -> bool {
        matches!(&self.plan, Plan::NewObject(n) if n.activate)
    }

    fn created(&mut self, activated: bool) {
        let Some(uid) = self.uid.take() else { return };
        self.doubt = None;
        self.finish(Ok(Outcome::Created(Created {
            server: self.server,
            uid,
            found_by_name: self.found_by_name,
            activated,
        })));
    }
}

fn io_cause(kind: IoErrorKind) -> Cause {
    match kind {
        IoErrorKind::TimedOut => Cause::Timeout,
        k => Cause::Io(k),
    }
}

fn write<const N: usize>(msg: &RequestMessage<'_, N>, tx: &mut [u8]) -> Result<usize, kmip::Error> {
    let mut enc = Encoder::for_slice(tx);
    msg.encode(&mut enc)?;
    Ok(enc.position())
}
