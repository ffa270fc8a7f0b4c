//! The client: all the logic of talking to a list of KMIP servers, as a pure state machine
//! that hosts (std, WebAssembly, firmware) drive with bytes and time.
//!
//! * [`Session`] — one operation through the failover loop, sans-IO ([`Action`] out; bytes,
//!   completions and `now` in). It negotiates the protocol version ([`VersionMode`]), enforces
//!   the maximum response size, applies PSMDB's failover semantics ([`FailoverPolicy`]) and
//!   the repeat-safety rules ([`Repeat`]).
//! * [`Client`] — the configuration and what outlives an operation (the version negotiated
//!   with each server).
//! * [`Plan`] — what an operation is: one request, Create/Register (+ Activate) with recovery
//!   by Name, PSMDB's "State, then Get if Active", or a batch.
//! * [`ops`] — the typed operations (`Get`, `CreateSymmetricKey`, `Register`, `Activate`, …):
//!   a request in, a typed result out.
//! * Drivers that only move bytes: [`BlockingClient`] over `embedded-io`, [`AsyncClient`] over
//!   `embedded-io-async`, both generic over a [`Connector`] (open a transport to server `i`
//!   before a deadline) and a clock ([`Clock`] / [`AsyncClock`]).
//! * [`error`] — every failure as a type: phase, server, pass, cause; the [`Report`] of an
//!   operation; [`FailureKind::Unreachable`] vs [`FailureKind::Refused`].
//!
//! Failover, as in Percona Server for MongoDB (`kmipConnectRetries`, `kmipConnectTimeoutMS`):
//! every operation starts at the first server (no sticky server) and walks the list in order,
//! `connect_retries + 1` passes, optionally pausing between passes. Connect and TLS together
//! get one `attempt_timeout`; each request/response exchange gets its own, re-armed per
//! exchange. Connect, TLS, I/O, timeouts, framing or decoding errors and server error statuses
//! move on to the next server; Item Not Found (Object Not Found in 2.x) is an answer and ends
//! the operation.
//!
//! Connections: by default every operation opens its own and closes them (PSMDB). With
//! [`ClientConfig::keep_idle`] the drivers keep the connection of a successful operation,
//! one per server at most, and the session lets a later operation use it when its walk
//! reaches that server (see [`Session`] for the rules; the walk itself is unchanged).

mod asynch;
mod blocking;
mod config;
pub mod error;
mod kept;
pub mod ops;
mod plan;
mod policy;
mod repeat;
mod response;
mod session;
mod time;
mod transport;

#[cfg(test)]
mod sim;

pub use asynch::AsyncClient;
pub use blocking::BlockingClient;
pub use config::{Client, ClientConfig, VersionMode, DEFAULT_OFFER, MAX_SERVERS};
pub use error::{
    AttemptError, AttemptLog, Cause, ClientError, ConnectError, ConnectFailure, FailureKind,
    IoErrorKind, Mismatch, Orphan, Phase, Report, ServerError, Text,
};
pub use plan::{name_in, NewObject, Plan};
pub use policy::{Attempt, Failover, FailoverPolicy, Next};
pub use repeat::Repeat;
pub use response::CheckedResponse;
pub use session::{Action, Answer, Created, Outcome, Session, MAX_BATCH};
pub use time::Instant;
pub use transport::{AsyncClock, AsyncConnector, Clock, Connector, Transport};
