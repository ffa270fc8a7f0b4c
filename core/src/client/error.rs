//! What can go wrong, as types: which phase failed, at which server, on which pass, and why;
//! and, after the whole failover loop, what the operation ended as.
//!
//! Everything here is bounded and owns its data (no borrow of the receive buffer survives an
//! attempt), so a host can keep a [`Report`] after the buffers are reused and print it.

use super::time::Instant;
use crate::kmip;
use crate::ttlv::{DecodeError, Operation, ResultReason, ResultStatus, State};
use core::fmt;

pub use embedded_io::ErrorKind as IoErrorKind;

/// Bytes of a server's Result Message kept in an error (longer messages are cut at a
/// character boundary and marked as truncated).
pub const MESSAGE_CAPACITY: usize = 64;
/// Bytes of a Unique Identifier or Name kept by the session (PyKMIP's "1", Vault's 32
/// characters and UUIDs fit with room to spare).
pub const TEXT_CAPACITY: usize = 128;
/// Attempt errors a [`Report`] keeps; later ones are counted in [`AttemptLog::omitted`].
pub const ATTEMPT_LOG_CAPACITY: usize = 16;
/// Orphaned objects a [`Report`] keeps.
pub const ORPHAN_CAPACITY: usize = 4;

/// A bounded, owned text (a Unique Identifier or a Name).
pub type Text = heapless::String<TEXT_CAPACITY>;

/// Copies `s` into a [`Text`], or `None` if it is longer than [`TEXT_CAPACITY`].
pub fn text(s: &str) -> Option<Text> {
    let mut t = Text::new();
    t.push_str(s).ok()?;
    Some(t)
}

/// The phase of an attempt in which something failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Turning the server's name into addresses (reported by the host's connector).
    Resolve,
    /// The TCP (or other transport) connection.
    Connect,
    /// The TLS handshake.
    Tls,
    /// Writing a request.
    Send,
    /// Reading a response.
    Receive,
    /// The response bytes are not a valid answer (framing, TTLV, message, or not the answer to
    /// the request sent).
    Decode,
    /// The server answered with an error status (or no usable protocol version).
    Server,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::Resolve => "resolve",
            Phase::Connect => "connect",
            Phase::Tls => "TLS handshake",
            Phase::Send => "send",
            Phase::Receive => "receive",
            Phase::Decode => "decode",
            Phase::Server => "server",
        })
    }
}

/// How a host's connector says that opening a transport failed: the phase (resolve, connect
/// or TLS) and an [`IoErrorKind`] (`TimedOut` when the deadline passed).
///
/// The core keeps only these two facts; a host that wants the details (the TLS alert, the
/// certificate problem) logs its own error where it has it, in its connector.
pub trait ConnectFailure {
    /// Resolve, Connect or Tls.
    fn phase(&self) -> Phase;
    /// What went wrong.
    fn kind(&self) -> IoErrorKind;
}

/// A ready-made [`ConnectFailure`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectError {
    /// Resolve, Connect or Tls.
    pub phase: Phase,
    /// What went wrong.
    pub kind: IoErrorKind,
}

impl ConnectFailure for ConnectError {
    fn phase(&self) -> Phase {
        self.phase
    }
    fn kind(&self) -> IoErrorKind {
        self.kind
    }
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed: {:?}", self.phase, self.kind)
    }
}

/// A server's answer that is an error: the status, reason and message of the batch item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerError {
    /// The operation that failed.
    pub operation: Operation,
    /// Result Status (Operation Failed, Operation Undone, …).
    pub status: ResultStatus,
    /// Result Reason.
    pub reason: Option<ResultReason>,
    /// Result Message (at most [`MESSAGE_CAPACITY`] bytes of it).
    pub message: heapless::String<MESSAGE_CAPACITY>,
    /// True when the message was longer and has been cut.
    pub truncated: bool,
}

impl ServerError {
    /// From the fields of a failed batch item.
    pub fn new(
        operation: Operation,
        status: ResultStatus,
        reason: Option<ResultReason>,
        message: Option<&str>,
    ) -> Self {
        let mut m = heapless::String::new();
        let mut truncated = false;
        for ch in message.unwrap_or("").chars() {
            if m.push(ch).is_err() {
                truncated = true;
                break;
            }
        }
        ServerError {
            operation,
            status,
            reason,
            message: m,
            truncated,
        }
    }

    /// True for Item Not Found (1.x) and Object Not Found (2.x): an answer, not a failure.
    pub fn is_not_found(&self) -> bool {
        is_not_found(self.reason)
    }
}

/// Item Not Found (1.x) or Object Not Found (2.x).
pub(crate) fn is_not_found(reason: Option<ResultReason>) -> bool {
    matches!(
        reason,
        Some(ResultReason::ITEM_NOT_FOUND) | Some(ResultReason::OBJECT_NOT_FOUND)
    )
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} returned {}", self.operation, self.status)?;
        if let Some(r) = self.reason {
            write!(f, "; reason: {r}")?;
        }
        if !self.message.is_empty() {
            write!(f, "; message: {:?}", self.message.as_str())?;
            if self.truncated {
                f.write_str("…")?;
            }
        }
        Ok(())
    }
}

/// A well-formed response that is not an answer to the request sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mismatch {
    /// The batch item is for another operation.
    Operation {
        /// The operation sent.
        expected: Operation,
        /// The operation answered.
        found: Operation,
    },
    /// Another number of batch items than sent.
    BatchCount {
        /// Items sent.
        expected: usize,
        /// Items received.
        found: usize,
    },
    /// A successful item without the payload the operation returns.
    MissingPayload,
    /// Operation Pending, although the client never allows asynchronous answers.
    Pending,
    /// Bytes after the end of the response.
    TrailingBytes,
    /// A Unique Identifier that is not text, or longer than [`TEXT_CAPACITY`].
    UnusableUid,
    /// The object the session made is in a state it cannot use or settle.
    State(Option<State>),
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::Operation { expected, found } => {
                write!(f, "answer for {found}, but {expected} was sent")
            }
            Mismatch::BatchCount { expected, found } => {
                write!(f, "{found} batch items, but {expected} were sent")
            }
            Mismatch::MissingPayload => f.write_str("a successful answer without its payload"),
            Mismatch::Pending => f.write_str("Operation Pending, which was not allowed"),
            Mismatch::TrailingBytes => f.write_str("bytes after the end of the response"),
            Mismatch::UnusableUid => f.write_str("a Unique Identifier that cannot be used"),
            Mismatch::State(Some(s)) => write!(f, "the object is {s}"),
            Mismatch::State(None) => f.write_str("the object has no State"),
        }
    }
}

/// Why an attempt failed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cause {
    /// The phase's deadline passed (`connectTimeoutMS`).
    Timeout,
    /// The transport failed, as the host classified it (refused, reset, unreachable, …).
    Io(IoErrorKind),
    /// The server closed the connection.
    Closed,
    /// The bytes cannot be a KMIP message: a bad TTLV header, or a declared length beyond the
    /// maximum response size (refused before the body is read).
    Framing(DecodeError),
    /// A complete message that is not a valid KMIP response.
    Invalid(kmip::Error),
    /// A valid response that does not answer the request.
    Mismatch(Mismatch),
    /// The server's error status.
    Server(ServerError),
    /// Discover Versions found no version that both sides speak.
    NoCommonVersion,
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::Timeout => f.write_str("timed out"),
            Cause::Io(k) => write!(f, "I/O error: {k:?}"),
            Cause::Closed => f.write_str("connection closed by the server"),
            Cause::Framing(e) => write!(f, "not a KMIP message: {e}"),
            Cause::Invalid(e) => write!(f, "invalid response: {e}"),
            Cause::Mismatch(m) => write!(f, "unexpected response: {m}"),
            Cause::Server(e) => e.fmt(f),
            Cause::NoCommonVersion => f.write_str("no common KMIP protocol version"),
        }
    }
}

/// One failed attempt (or one failed step of an attempt) at one server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptError {
    /// The server's index in the host's list.
    pub server: usize,
    /// The pass over the list (0 for the first).
    pub pass: u32,
    /// The operation of the exchange that failed (`None` while connecting).
    pub operation: Option<Operation>,
    /// The phase that failed.
    pub phase: Phase,
    /// Why.
    pub cause: Cause,
    /// True when a request had been sent and no valid answer was read: the server may have
    /// carried it out.
    pub ambiguous: bool,
    /// When it failed.
    pub at: Instant,
}

impl fmt::Display for AttemptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "server #{} (pass {}): ", self.server, self.pass + 1)?;
        if let Some(op) = self.operation {
            write!(f, "{op}: ")?;
        }
        write!(f, "{} failed: {}", self.phase, self.cause)?;
        if self.ambiguous {
            f.write_str(" (the request may have been carried out)")?;
        }
        Ok(())
    }
}

/// The errors of every failed attempt of one operation, oldest first, bounded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttemptLog {
    entries: heapless::Vec<AttemptError, ATTEMPT_LOG_CAPACITY>,
    omitted: u32,
}

impl AttemptLog {
    /// Records an error (or counts it when the log is full).
    pub fn push(&mut self, e: AttemptError) {
        if self.entries.push(e).is_err() {
            self.omitted = self.omitted.saturating_add(1);
        }
    }

    /// The errors kept, oldest first.
    pub fn entries(&self) -> &[AttemptError] {
        &self.entries
    }

    /// Errors that did not fit.
    pub fn omitted(&self) -> u32 {
        self.omitted
    }

    /// True when no attempt failed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.omitted == 0
    }

    /// Forgets every error (in place: the log is a few KiB).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.omitted = 0;
    }

    /// The servers of the failed attempts, in order (what a test asserts).
    pub fn servers(&self) -> impl Iterator<Item = usize> + '_ {
        self.entries.iter().map(|e| e.server)
    }

    /// True when at least one server answered with an error status.
    pub fn any_server_answer(&self) -> bool {
        self.entries.iter().any(|e| {
            matches!(
                e.cause,
                Cause::Server(_) | Cause::NoCommonVersion | Cause::Mismatch(Mismatch::State(_))
            )
        })
    }
}

/// An object this client made and could not finish nor remove (a Register that succeeded
/// whose Activate failed, and whose clean-up Destroy failed too).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Orphan {
    /// The server that holds it.
    pub server: usize,
    /// Its Unique Identifier.
    pub uid: Text,
    /// Its State, when the session knows it.
    pub state: Option<State>,
}

impl fmt::Display for Orphan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "object {:?} left on server #{}",
            self.uid.as_str(),
            self.server
        )?;
        match self.state {
            Some(s) => write!(f, " in state {s}"),
            None => f.write_str(" in an unknown state"),
        }
    }
}

/// What an operation leaves behind besides its result: every failed attempt and every orphan.
/// Hosts log it even when the operation succeeded (a failed first server is worth a warning).
/// The drivers keep the last one (`report()`); it is too big (a few KiB) to travel in every
/// `Result`, or to be moved at all on the fast path: a session writes into the report its
/// driver owns ([`Session::new`](super::Session::new) clears it in place).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The failed attempts.
    pub attempts: AttemptLog,
    /// Objects made and left behind.
    pub orphans: heapless::Vec<Orphan, ORPHAN_CAPACITY>,
    /// The Name of the object the operation was making (Create/Register with a Name): what to
    /// look for after [`FailureKind::OutcomeUnknown`].
    pub name: Option<Text>,
    /// Kept idle connections that turned out closed by their server before any byte of the
    /// answer came back, and were replaced by a new connection to the same server (for a
    /// request that may be repeated). Not failed attempts: the server was never asked.
    pub reconnects: u32,
}

impl Report {
    /// Empties the report in place, for the next operation.
    pub fn clear(&mut self) {
        self.attempts.clear();
        self.orphans.clear();
        self.name = None;
        self.reconnects = 0;
    }
}

impl fmt::Display for Report {
    /// One line per failed attempt and orphan (empty when there is nothing to say).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in self.attempts.entries() {
            writeln!(f, "{e}")?;
        }
        if self.attempts.omitted() > 0 {
            writeln!(f, "… and {} more failed attempts", self.attempts.omitted())?;
        }
        for o in &self.orphans {
            writeln!(f, "{o}")?;
        }
        if let Some(n) = &self.name {
            writeln!(f, "the new object's Name: {:?}", n.as_str())?;
        }
        if self.reconnects > 0 {
            writeln!(
                f,
                "{} kept connection(s) found closed by the server and opened again",
                self.reconnects
            )?;
        }
        Ok(())
    }
}

/// Why an operation did not succeed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailureKind {
    /// No server answered: every attempt failed in connect, TLS, I/O, time or decoding (the
    /// CLI's "KMIP server unreachable" exit code).
    Unreachable,
    /// At least one server answered and refused the operation with an error status (the
    /// CLI's "refused by the KMIP server" exit code).
    Refused,
    /// A request that must not be repeated blindly was sent and no answer came, and the
    /// session could not find out what happened: the object may or may not exist / the change
    /// may or may not have happened.
    OutcomeUnknown {
        /// The server that may have carried it out (the first such attempt).
        server: usize,
        /// On which pass.
        pass: u32,
        /// The operation.
        operation: Operation,
    },
    /// Locate by the new object's Name found several objects: the name was not unique, and
    /// the session does not guess which one is its own.
    NameNotUnique {
        /// The server asked.
        server: usize,
        /// How many objects it found.
        found: usize,
    },
    /// The request cannot be encoded (buffer too small, a field the version does not have).
    Request(kmip::Error),
    /// The final answer does not fit the typed operation (a session invariant broken; never
    /// expected).
    Unexpected(Mismatch),
    /// The configuration cannot work (e.g. more servers than the core keeps versions for).
    Config(&'static str),
}

impl fmt::Display for FailureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailureKind::Unreachable => {
                f.write_str("KMIP sessions failed for all the server hosts: none reachable")
            }
            FailureKind::Refused => {
                f.write_str("KMIP sessions failed for all the server hosts: the operation was refused")
            }
            FailureKind::OutcomeUnknown {
                server,
                pass,
                operation,
            } => write!(
                f,
                "outcome unknown: {operation} was sent to server #{server} (pass {}) and no answer came",
                pass + 1
            ),
            FailureKind::NameNotUnique { server, found } => write!(
                f,
                "server #{server} holds {found} objects with the new object's name: not unique"
            ),
            FailureKind::Request(e) => write!(f, "the request cannot be encoded: {e}"),
            FailureKind::Unexpected(m) => write!(f, "unexpected answer: {m}"),
            FailureKind::Config(m) => write!(f, "configuration: {m}"),
        }
    }
}

/// The error of an operation: what it ended as. The details (every failed attempt, orphans,
/// the new object's Name) are in the driver's [`Report`], kept small enough here to return on
/// a microcontroller's stack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientError {
    /// What it ended as.
    pub kind: FailureKind,
    /// How many attempts failed (the report has them).
    pub failed_attempts: u32,
    /// How many objects were left behind (the report has them).
    pub orphans: u32,
}

impl ClientError {
    /// The error for `kind`, counting what `report` holds.
    pub fn new(kind: FailureKind, report: &Report) -> Self {
        let kept = u32::try_from(report.attempts.entries().len()).unwrap_or(u32::MAX);
        ClientError {
            kind,
            failed_attempts: kept.saturating_add(report.attempts.omitted()),
            orphans: u32::try_from(report.orphans.len()).unwrap_or(u32::MAX),
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)?;
        if self.orphans > 0 {
            write!(f, " ({} object(s) left behind)", self.orphans)?;
        }
        Ok(())
    }
}

impl core::error::Error for ClientError {}
