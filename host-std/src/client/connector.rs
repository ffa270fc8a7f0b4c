//! The connectors: server `i` of the configured list, opened with [`tls::connect`] (blocking)
//! or [`tls::connect_async`] (smol), the certificate files read again for each connection.
//!
//! The core only learns a failure's phase and kind ([`ConnectError`]); the whole
//! [`TransportError`] goes to the [`Diagnostics`] log for the user's report.

use super::diagnostics::Diagnostics;
use super::time::Origin;
use super::transport::{AsyncStdTransport, StdTransport};
use super::wire::Wire;
use crate::config::{Host, ServerAddr};
use crate::tls::{self, TlsClientSettings, TransportError};
use kmipkit_core::client::{AsyncConnector, ConnectError, Connector, Instant, IoErrorKind, Phase};
use std::fmt;
use std::io;

/// `host:port` of server `i`, or `server #i` for an index outside the list.
pub(crate) struct ServerLabel<'a>(Option<&'a ServerAddr>, usize);

impl<'a> ServerLabel<'a> {
    pub(crate) fn of(servers: &'a [ServerAddr], i: usize) -> Self {
        ServerLabel(servers.get(i), i)
    }
}

impl fmt::Display for ServerLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(s) => s.fmt(f),
            None => write!(f, "server #{}", self.1),
        }
    }
}

/// The host as the TLS layer takes it: a DNS name, or an IP address without brackets.
fn host_text(addr: &ServerAddr) -> String {
    match &addr.host {
        Host::Name(name) => name.clone(),
        Host::Ip(ip) => ip.to_string(),
    }
}

/// The core's phase for a transport phase (reading the credentials is part of TLS).
pub(crate) fn core_phase(phase: tls::Phase) -> Phase {
    match phase {
        tls::Phase::Credentials | tls::Phase::TlsHandshake => Phase::Tls,
        tls::Phase::Resolve => Phase::Resolve,
        tls::Phase::Connect => Phase::Connect,
        tls::Phase::Send => Phase::Send,
        tls::Phase::Receive => Phase::Receive,
    }
}

/// The core's error kind for a std one.
pub(crate) fn io_kind(kind: io::ErrorKind) -> IoErrorKind {
    use io::ErrorKind as S;
    match kind {
        S::NotFound => IoErrorKind::NotFound,
        S::PermissionDenied => IoErrorKind::PermissionDenied,
        S::ConnectionRefused => IoErrorKind::ConnectionRefused,
        S::ConnectionReset => IoErrorKind::ConnectionReset,
        S::ConnectionAborted => IoErrorKind::ConnectionAborted,
        S::NotConnected => IoErrorKind::NotConnected,
        S::AddrInUse => IoErrorKind::AddrInUse,
        S::AddrNotAvailable => IoErrorKind::AddrNotAvailable,
        S::BrokenPipe => IoErrorKind::BrokenPipe,
        S::AlreadyExists => IoErrorKind::AlreadyExists,
        S::InvalidInput => IoErrorKind::InvalidInput,
        S::InvalidData => IoErrorKind::InvalidData,
        S::TimedOut | S::WouldBlock => IoErrorKind::TimedOut,
        S::Interrupted => IoErrorKind::Interrupted,
        S::Unsupported => IoErrorKind::Unsupported,
        S::OutOfMemory => IoErrorKind::OutOfMemory,
        S::WriteZero => IoErrorKind::WriteZero,
        _ => IoErrorKind::Other,
    }
}

/// The core's kind for a transport error.
pub(crate) fn error_kind(e: &TransportError) -> IoErrorKind {
    if e.is_timeout() {
        return IoErrorKind::TimedOut;
    }
    match e {
        TransportError::Credentials(_) | TransportError::InvalidServerName { .. } => {
            IoErrorKind::InvalidInput
        }
        TransportError::Resolve { .. } | TransportError::NoAddresses { .. } => {
            IoErrorKind::NotFound
        }
        TransportError::Connect { attempts, .. } => attempts
            .last()
            .map_or(IoErrorKind::Other, |a| io_kind(a.error.kind())),
        TransportError::Tls { .. } => IoErrorKind::InvalidData,
        TransportError::Io { source, .. } => io_kind(source.kind()),
        TransportError::Closed { .. } => IoErrorKind::ConnectionReset,
        _ => IoErrorKind::Other,
    }
}

/// What the connectors share: the list, the TLS settings, the time origin, the logs.
#[derive(Clone, Debug)]
struct Shared {
    servers: Vec<ServerAddr>,
    settings: TlsClientSettings,
    origin: Origin,
    diagnostics: Diagnostics,
    wire: Wire,
}

impl Shared {
    fn target(&self, server: usize) -> Result<(String, u16, String), ConnectError> {
        let addr = self.servers.get(server).ok_or(ConnectError {
            phase: Phase::Connect,
            kind: IoErrorKind::InvalidInput,
        })?;
        Ok((host_text(addr), addr.port, addr.to_string()))
    }

    fn failed(&self, server: usize, e: TransportError) -> ConnectError {
        let failure = ConnectError {
            phase: core_phase(e.phase()),
            kind: error_kind(&e),
        };
        self.diagnostics
            .record(server, failure.phase, failure.kind, e);
        failure
    }
}

/// Opens blocking TLS connections to the configured servers ([`tls::connect`]).
#[derive(Clone, Debug)]
pub struct TlsConnector {
    shared: Shared,
}

impl TlsConnector {
    /// A connector for `servers` (the core's server `i` is `servers[i]`), with deadlines
    /// counted from `origin`.
    pub fn new(servers: Vec<ServerAddr>, settings: TlsClientSettings, origin: Origin) -> Self {
        TlsConnector {
            shared: Shared {
                servers,
                settings,
                origin,
                diagnostics: Diagnostics::new(),
                wire: Wire::default(),
            },
        }
    }

    /// Taps every connection with `wire` (`--trace`, `--json`).
    pub fn with_wire(mut self, wire: Wire) -> Self {
        self.shared.wire = wire;
        self
    }

    /// The servers.
    pub fn servers(&self) -> &[ServerAddr] {
        &self.shared.servers
    }

    /// The TLS settings.
    pub fn settings(&self) -> &TlsClientSettings {
        &self.shared.settings
    }

    /// The log of detailed transport failures.
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.shared.diagnostics
    }

    /// The tap.
    pub fn wire(&self) -> &Wire {
        &self.shared.wire
    }
}

impl Connector for TlsConnector {
    type Transport = StdTransport;
    type Error = ConnectError;

    fn connect(&mut self, server: usize, deadline: Instant) -> Result<StdTransport, ConnectError> {
        let s = &self.shared;
        let (host, port, label) = s.target(server)?;
        match tls::connect(&host, port, &s.settings, s.origin.to_std(deadline)) {
            Ok(stream) => Ok(StdTransport::new(
                stream,
                server,
                s.origin,
                s.diagnostics.clone(),
                s.wire.tap(label),
            )),
            Err(e) => Err(s.failed(server, e)),
        }
    }
}

/// Opens async TLS connections to the configured servers ([`tls::connect_async`], smol).
#[derive(Clone, Debug)]
pub struct AsyncTlsConnector {
    shared: Shared,
}

impl AsyncTlsConnector {
    /// A connector for `servers`, with deadlines counted from `origin`.
    pub fn new(servers: Vec<ServerAddr>, settings: TlsClientSettings, origin: Origin) -> Self {
        AsyncTlsConnector {
            shared: TlsConnector::new(servers, settings, origin).shared,
        }
    }

    /// Taps every connection with `wire`.
    pub fn with_wire(mut self, wire: Wire) -> Self {
        self.shared.wire = wire;
        self
    }

    /// The servers.
    pub fn servers(&self) -> &[ServerAddr] {
        &self.shared.servers
    }

    /// The log of detailed transport failures.
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.shared.diagnostics
    }

    /// The tap.
    pub fn wire(&self) -> &Wire {
        &self.shared.wire
    }
}

impl AsyncConnector for AsyncTlsConnector {
    type Transport = AsyncStdTransport;
    type Error = ConnectError;

    async fn connect(
        &mut self,
        server: usize,
        deadline: Instant,
    ) -> Result<AsyncStdTransport, ConnectError> {
        let s = &self.shared;
        let (host, port, label) = s.target(server)?;
        match tls::connect_async(&host, port, &s.settings, s.origin.to_std(deadline)).await {
            Ok(stream) => Ok(AsyncStdTransport::new(
                stream,
                server,
                s.diagnostics.clone(),
                s.wire.tap(label),
            )),
            Err(e) => Err(s.failed(server, e)),
        }
    }
}
