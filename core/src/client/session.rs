//! The sans-IO session: one operation of the client, through the whole failover loop, as a
//! pure state machine (quinn-proto's shape). It never blocks, reads no clock and owns no
//! socket: the host feeds it events with the time they happened, and asks it what to do.
//!
//! ```text
//! host                                   session
//!  │ poll(now) ───────────────────────────▶ Discard { server }  (close a kept connection: too old)
//!  │ poll(now) ───────────────────────────▶ Connect { server, deadline, reuse_ok }
//!  │ connected(now) / reused(now) / connect_failed(now, e) ▶
//!  │ poll(now) ───────────────────────────▶ Send { bytes, deadline }
//!  │ sent(now) / send_failed(now, kind) ───▶
//!  │ poll(now) ───────────────────────────▶ Receive { deadline, max }
//!  │ receive_buffer() + received_in_place(now, n)    (or received(now, &bytes))
//!  │   … any chunking, one byte at a time included; closed(now) / receive_failed(now, kind)
//!  │ poll(now) ───────────────────────────▶ Close            (drop the transport)
//!  │ poll(now) ───────────────────────────▶ Release { server } (keep it idle for later)
//!  │ poll(now) ───────────────────────────▶ Sleep(until)     (pause between passes)
//!  │ timer_expired(now) ──────────────────▶                  (next_deadline() passed)
//!  │ poll(now) ───────────────────────────▶ Done(result)
//! ```
//!
//! `poll` describes what the session waits for: calling it again without an input returns the
//! same action (except `Close`, `Release` and `Discard`, which are said once). Every input and
//! `poll` check the current deadline first, so a host that only calls `poll` when its timer
//! fires gets the same result as one that calls [`Session::timer_expired`]. Inputs that do not
//! fit the current state are ignored; no input can make the session panic.
//!
//! Buffers are the caller's: requests are encoded into `tx`, responses are read into `rx`,
//! and the final response is decoded from `rx` ([`Session::response`]), borrowing it. The
//! maximum response size is enforced from the first 8 bytes of a response
//! ([`frame`](crate::ttlv::frame)), before its body is read.
//!
//! Deadlines: connect and TLS together get one `attempt_timeout`; each request/response
//! exchange then gets its own, armed when the request is handed out. A silent server
//! therefore costs exactly one `attempt_timeout`.
//!
//! Connection reuse ([`ClientConfig::keep_idle`](super::ClientConfig)) is decided here too;
//! the host only keeps the transports, one per server index at most:
//! * `Connect { reuse_ok: true }`: if the host keeps an idle connection to that server, it
//!   uses it and says [`Session::reused`]; otherwise (or with `reuse_ok: false`, after
//!   closing any kept one) it connects. `reuse_ok` is true when the connection was kept by an
//!   earlier successful operation less than `keep_idle` ago, and this operation's first
//!   request may be repeated. The walk over the list is unchanged: the first server first.
//! * The first exchange on a reused connection that fails before any byte of its answer,
//!   other than by timeout (the server closed the connection while it was idle), is not a
//!   failed attempt: the session asks for a new connection to the same server, once.
//! * At the end of a successful operation, `Release` instead of `Close`: the host keeps the
//!   transport for `server`. `Discard` asks it to close a kept one that has been idle too
//!   long (at the start of an operation).

use super::config::{Client, VersionMode, MAX_SERVERS};
use super::error::{
    is_not_found, text, AttemptError, Cause, ConnectFailure, FailureKind, IoErrorKind, Mismatch,
    Orphan, Phase, Report, ServerError, Text,
};
use super::plan::{object_type_of, target_of, Plan};
use super::policy::{Failover, Next};
use super::repeat::Repeat;
use super::response::{CheckedResponse, Located};
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
        /// The host may use the idle connection it keeps for this server (then it calls
        /// [`Session::reused`]). When false, it closes any it keeps and connects.
        reuse_ok: bool,
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
    /// The operation succeeded: keep the transport, idle, for a later operation to `server`
    /// (instead of closing it). Said once; poll again.
    Release {
        /// The server it is connected to.
        server: usize,
    },
    /// Close and drop the idle transport kept for `server` (it has been idle too long). Said
    /// once; poll again.
    Discard {
        /// The server it is connected to.
        server: usize,
    },
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
    /// Where its parts are, for the typed layer ([`CheckedResponse`]).
    pub(crate) located: Located,
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
    /// The answer, for the outcomes that have a response ([`Outcome::Answered`],
    /// [`Outcome::NotFound`]).
    pub fn answer(&self) -> Option<&Answer> {
        match self {
            Outcome::Answered(a) | Outcome::NotFound { answer: a, .. } => Some(a),
            _ => None,
        }
    }

    /// The final response in the receive buffer `rx`, checked again from scratch (see
    /// [`CheckedResponse::check`]), for the outcomes that have one.
    pub fn checked<'r>(&self, rx: &'r [u8]) -> Option<Result<CheckedResponse<'r>, kmip::Error>> {
        self.answer().map(|a| CheckedResponse::check(rx, a))
    }

    /// [`Outcome::checked`], read in place without a second check when `rx` is the buffer
    /// the session checked the response in: for the drivers, right after the session.
    pub(crate) fn checked_in<'r>(
        &self,
        rx: &'r [u8],
    ) -> Option<Result<CheckedResponse<'r>, kmip::Error>> {
        let answer = self.answer()?;
        Some(match CheckedResponse::unchanged(rx, answer) {
            Some(c) => Ok(c),
            None => CheckedResponse::check(rx, answer),
        })
    }

    /// Decodes the final response from the receive buffer `rx`, for the outcomes that have
    /// one ([`Outcome::Answered`], [`Outcome::NotFound`]).
    pub fn response<'r>(
        &self,
        rx: &'r [u8],
    ) -> Option<Result<ResponseMessage<'r, MAX_BATCH>, kmip::Error>> {
        let answer = self.answer()?;
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

/// How the current connection ends, said once by `poll`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    Close,
    Release,
}

/// One operation in flight. See the module documentation for the protocol.
pub struct Session<'a> {
    client: &'a mut Client,
    tx: &'a mut [u8],
    rx: &'a mut [u8],
    report: &'a mut Report,
    plan: Plan<'a>,
    failover: Failover,
    st: St,
    // The current attempt.
    server: usize,
    pass: u32,
    open: bool,
    end: Option<End>,
    version: ProtocolVersion,
    step: Step,
    tx_len: usize,
    rx_len: usize,
    in_recovery: bool,
    // Connection reuse.
    /// The host may reuse a kept connection for the attempt being connected.
    reuse_ok: bool,
    /// The connection is a reused one and no byte of an answer has come back on it yet.
    untried: bool,
    /// The kept connection turned out closed: connect to the same server again.
    reconnect: bool,
    /// Servers whose kept connections are to be discarded (one bit each).
    discard: u32,
    swept: bool,
    /// Where the parts of the last checked response are.
    located: Located,
    /// The latest time the host told (every input and `poll` say it).
    now: Instant,
    // What the operation has learnt across attempts.
    doubt: Option<(usize, u32)>,
    locate_first: bool,
    recovery: Option<usize>,
    uid: Option<Text>,
    uid_state: Option<State>,
    found_by_name: bool,
    refused: bool,
    result: Option<Result<Outcome, FailureKind>>,
}

impl<'a> Session<'a> {
    /// Starts `plan` with the caller's buffers: `tx` holds one request, `rx` one response
    /// (its size is the default maximum response size), and `report` receives the failed
    /// attempts and orphans (it is cleared first, in place).
    pub fn new(
        client: &'a mut Client,
        plan: Plan<'a>,
        tx: &'a mut [u8],
        rx: &'a mut [u8],
        report: &'a mut Report,
    ) -> Self {
        let failover = Failover::new(client.config().policy, client.servers());
        report.clear();
        let mut s = Session {
            client,
            tx,
            rx,
            report,
            plan,
            failover,
            st: St::Next,
            server: 0,
            pass: 0,
            open: false,
            end: None,
            version: ProtocolVersion::V1_0,
            step: Step::Main,
            tx_len: 0,
            rx_len: 0,
            in_recovery: false,
            reuse_ok: false,
            untried: false,
            reconnect: false,
            discard: 0,
            swept: false,
            located: Located::NOWHERE,
            now: Instant(0),
            doubt: None,
            locate_first: false,
            recovery: None,
            uid: None,
            uid_state: None,
            found_by_name: false,
            refused: false,
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
        if !self.swept {
            self.sweep(now);
        }
        loop {
            if let Some(end) = self.end.take() {
                return match end {
                    End::Close => Action::Close,
                    End::Release => Action::Release {
                        server: self.server,
                    },
                };
            }
            if self.discard != 0 {
                let server = self.discard.trailing_zeros() as usize;
                self.discard &= self.discard - 1;
                return Action::Discard { server };
            }
            match self.st {
                St::Next => self.next_attempt(now),
                St::Paused(until) if now >= until => self.st = St::Next,
                St::Paused(until) => return Action::Sleep(until),
                St::Connecting(deadline) => {
                    return Action::Connect {
                        server: self.server,
                        deadline,
                        reuse_ok: self.reuse_ok,
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

    /// True once the session is done (and has said `Close` or `Release` if a transport was
    /// open, and every `Discard`).
    pub fn is_done(&self) -> bool {
        self.st == St::Finished && self.end.is_none() && self.discard == 0
    }

    /// The failed attempts and orphans so far.
    pub fn report(&self) -> &Report {
        self.report
    }

    /// The final response, decoded from the receive buffer (for [`Outcome::Answered`] and
    /// [`Outcome::NotFound`]).
    pub fn response(&self) -> Option<Result<ResponseMessage<'_, MAX_BATCH>, kmip::Error>> {
        match &self.result {
            Some(Ok(o)) => o.response(self.rx),
            _ => None,
        }
    }

    /// The final response as the session checked it, for the typed operations
    /// ([`Op::output`](super::ops::Op::output)): read in place, not decoded again.
    pub fn checked(&self) -> Option<Result<CheckedResponse<'_>, kmip::Error>> {
        match &self.result {
            Some(Ok(o)) => o.checked_in(self.rx),
            _ => None,
        }
    }

    /// The receive buffer (the final response is `rx()[..answer.len]`).
    pub fn rx(&self) -> &[u8] {
        self.rx
    }

    // ----- inputs --------------------------------------------------------------------------

    /// The transport asked for by [`Action::Connect`] is open (TCP and TLS): a new one.
    pub fn connected(&mut self, now: Instant) {
        self.opened(now, false);
    }

    /// The host used the idle connection it kept for the server of [`Action::Connect`]
    /// (allowed by `reuse_ok`).
    pub fn reused(&mut self, now: Instant) {
        if self.reuse_ok {
            self.opened(now, true);
        } else {
            // Not allowed: treat it as a new connection (nothing is retried on it).
            self.opened(now, false);
        }
    }

    fn opened(&mut self, now: Instant, reused: bool) {
        if self.check_deadline(now) {
            return;
        }
        if !matches!(self.st, St::Connecting(_)) {
            return;
        }
        self.open = true;
        self.untried = reused;
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
        // The connection answers: it was not closed while idle.
        self.untried = false;
        self.progress(now);
    }

    /// Bytes of the response arrived (in any chunking); they are copied into the receive
    /// buffer. Bytes past the end of the response are an error (the stream is out of step),
    /// except after the final one, where they are ignored and the connection is closed rather
    /// than kept (a host that reads more than [`Action::Receive`] asks for gives them in the
    /// same call, or does not keep the connection).
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
                St::Finished => {
                    // Out of step: the connection must not serve another operation.
                    if self.end == Some(End::Release) {
                        self.end = Some(End::Close);
                        self.client.take_idle(self.server, now);
                    }
                    return;
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
        self.now = now;
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

    /// Once, at the start: the kept connections idle for too long are to be closed.
    fn sweep(&mut self, now: Instant) {
        self.swept = true;
        for server in 0..self.client.servers().min(MAX_SERVERS) {
            if self.client.idle_expired(server, now) {
                self.client.take_idle(server, now);
                self.discard |= 1 << server;
            }
        }
    }

    fn next_attempt(&mut self, now: Instant) {
        self.in_recovery = false;
        self.uid_state = None;
        self.reuse_ok = false;
        if self.reconnect {
            // The kept connection was closed while idle: a new one to the same server, same
            // pass, as if the attempt had just started.
            self.reconnect = false;
            self.st = St::Connecting(self.failover.deadline_from(now));
            return;
        }
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
                // A kept connection serves only a first request that may be sent again: if
                // it turns out closed, the request goes again on a new connection. Anything
                // else gets a new connection, as without reuse (the host closes the kept one).
                let kept = self.client.take_idle(a.server, now);
                self.reuse_ok = kept && self.repeatable(self.first_step());
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

    /// True when the request of `step` may be sent again after it failed without an answer.
    fn repeatable(&self, step: Step) -> bool {
        match step {
            Step::Discover | Step::Locate | Step::CheckState | Step::Get => true,
            Step::Main => match &self.plan {
                Plan::Request(p) => Repeat::of(p.operation()).is_free(),
                Plan::GetIfActive(_) => true,
                Plan::Batch(items) => items.iter().all(|i| Repeat::of(i.operation()).is_free()),
                Plan::NewObject(_) => false,
            },
            Step::Activate | Step::Destroy => false,
        }
    }

    fn finish(&mut self, result: Result<Outcome, FailureKind>) {
        if self.open {
            self.open = false;
            // A successful operation leaves its connection in step: keep it if asked to.
            let keep = self.client.config().keep_idle.is_some_and(|d| !d.is_zero());
            if result.is_ok() && keep {
                self.client.keep(self.server, self.now);
                self.end = Some(End::Release);
            } else {
                self.end = Some(End::Close);
            }
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
            located: self.located,
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
        if self.untried && in_exchange && cause != Cause::Timeout && self.repeatable(self.step) {
            // The first exchange on a kept connection failed before any byte of its answer,
            // and not by silence: the server closed the connection while it was idle. Not a
            // failed attempt; the request goes again on a new connection to the same server.
            self.untried = false;
            self.report.reconnects = self.report.reconnects.saturating_add(1);
            self.reconnect = true;
            if self.open {
                self.end = Some(End::Close);
                self.open = false;
            }
            self.st = St::Next;
            return;
        }
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
            self.end = Some(End::Close);
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

    /// Decodes the complete response `rx[..n]` (the only time it is decoded whole), copies
    /// out what the next step needs, and notes where the typed layer will find its parts.
    fn summarize(&mut self, n: usize, opts: &DecodeOptions) -> Result<Reply, Cause> {
        let bytes = self.rx.get(..n).unwrap_or(&[]);
        let root = decode_with(bytes, opts).map_err(|e| Cause::Invalid(e.into()))?;
        let (reply, located) = match (&self.plan, self.step) {
            (Plan::Batch(items), Step::Main) => {
                let msg = ResponseMessage::<MAX_BATCH>::decode_item(root, self.version)
                    .map_err(Cause::Invalid)?;
                self.judge(&msg, &root, items.len())?
            }
            // One item is expected: a message with room for one is a seventh of the size.
            _ => match ResponseMessage::<1>::decode_item(root, self.version) {
                Ok(msg) => self.judge(&msg, &root, 1)?,
                // More items than sent: read them all, for the verdict any other count gets.
                Err(kmip::Error::TooMany { field, .. }) if field == Tag::BATCH_ITEM => {
                    let msg = ResponseMessage::<MAX_BATCH>::decode_item(root, self.version)
                        .map_err(Cause::Invalid)?;
                    self.judge(&msg, &root, 1)?
                }
                Err(e) => return Err(Cause::Invalid(e)),
            },
        };
        self.located = located;
        Ok(reply)
    }

    /// The checks of a decoded response against the request, and what it says.
    fn judge<const N: usize>(
        &self,
        msg: &ResponseMessage<'_, N>,
        root: &crate::ttlv::Item<'_>,
        expected_items: usize,
    ) -> Result<(Reply, Located), Cause> {
        if msg.batch_items.len() != expected_items {
            return Err(Cause::Mismatch(Mismatch::BatchCount {
                expected: expected_items,
                found: msg.batch_items.len(),
            }));
        }
        // Only an answer that can end the operation is read again, by the typed layer.
        let located = match (&self.plan, self.step) {
            (Plan::Request(_) | Plan::Batch(_), Step::Main) | (_, Step::Get) => Located::find(
                root,
                self.rx.as_ptr() as usize,
                msg.header.protocol_version,
                msg.first().and_then(|b| b.operation),
            ),
            _ => Located::NOWHERE,
        };
        if expected_items > 1 {
            return Ok((Reply::Ok(Got::Nothing), located));
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
                let reply =
                    if status == ResultStatus::OPERATION_FAILED && is_not_found(b.result_reason) {
                        Reply::NotFound(e)
                    } else {
                        Reply::Failed(e)
                    };
                return Ok((reply, located));
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
        Ok((Reply::Ok(got), located))
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
