//! The client's configuration and the state it keeps between operations: the protocol
//! version negotiated with each server.

use super::policy::FailoverPolicy;
use super::time::Instant;
use crate::kmip::ProtocolVersion;
use core::time::Duration;

/// Servers a [`Client`] can keep a negotiated version for. A longer list is a configuration
/// error (PSMDB deployments list two or three).
pub const MAX_SERVERS: usize = 16;

/// The versions offered by default, preferred first: the 1.x dialect, highest minor first.
/// 1.4 is what Vault's KMIP engine speaks; PyKMIP, Thales and Cosmian speak it too, and every
/// 1.x server accepts the older minors. 2.x is opt-in ([`VersionMode::Negotiate`]), because a
/// server that offers 2.0 first (PyKMIP does) would otherwise switch the dialect.
pub const DEFAULT_OFFER: [ProtocolVersion; 5] = [
    ProtocolVersion::V1_4,
    ProtocolVersion::V1_3,
    ProtocolVersion::V1_2,
    ProtocolVersion::V1_1,
    ProtocolVersion::V1_0,
];

/// How the protocol version of a connection is chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionMode {
    /// Discover Versions on the first connection to each server, offering these versions in
    /// preference order; the first version in the server's answer that is offered wins and
    /// is remembered for that server (see [`Client::negotiated`]).
    ///
    /// The Discover Versions request itself carries the lowest offered 1.x version that has
    /// the operation (1.1; 1.0 has no Discover Versions, and PyKMIP answers a 1.0 one with
    /// Operation Not Supported), because a 1.x server must accept every older minor of its
    /// major version; when only 2.x is offered, the lowest 2.x offered.
    ///
    /// A server that answers Discover Versions with an error status is spoken to in 1.0, if
    /// 1.0 is offered (otherwise it is a [`Cause::NoCommonVersion`](super::Cause) failure).
    Negotiate(heapless::Vec<ProtocolVersion, 8>),
    /// Always this version, no Discover Versions (PSMDB sends 1.0 and never negotiates).
    Pinned(ProtocolVersion),
}

impl Default for VersionMode {
    fn default() -> Self {
        VersionMode::Negotiate(heapless::Vec::from_iter(DEFAULT_OFFER))
    }
}

impl VersionMode {
    /// Negotiation over `offer` (preferred first; at most 8 versions are kept).
    pub fn negotiate(offer: &[ProtocolVersion]) -> Self {
        VersionMode::Negotiate(offer.iter().copied().take(8).collect())
    }

    /// The header version of the Discover Versions request (see [`VersionMode::Negotiate`]).
    pub fn discovery_version(offer: &[ProtocolVersion]) -> ProtocolVersion {
        let lowest = |major: i32, floor: ProtocolVersion| {
            offer
                .iter()
                .copied()
                .filter(|v| v.major == major && *v >= floor)
                .min()
        };
        lowest(1, ProtocolVersion::V1_1)
            .or_else(|| offer.iter().copied().filter(|v| v.major >= 2).min())
            .unwrap_or(ProtocolVersion::V1_1)
    }

    /// The first version of the server's answer that is also offered.
    pub fn choose(
        offer: &[ProtocolVersion],
        answer: impl IntoIterator<Item = ProtocolVersion>,
    ) -> Option<ProtocolVersion> {
        answer.into_iter().find(|v| offer.contains(v))
    }
}

/// Everything the session needs to know about how to talk. The default is PSMDB's policy
/// (one pass, 5000 ms per attempt, a new connection for every operation), version negotiation
/// over [`DEFAULT_OFFER`], and the receive buffer as the maximum response size.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientConfig {
    /// Failover: passes, per-attempt timeout, pause between passes.
    pub policy: FailoverPolicy,
    /// How the protocol version is chosen.
    pub versions: VersionMode,
    /// The largest response accepted, in bytes (also bounded by the receive buffer). A
    /// response that declares a greater length is refused from its first 8 bytes, before the
    /// body is read. `None`: the receive buffer's size.
    pub max_response_size: Option<u32>,
    /// Send that limit to the server as Maximum Response Size in every request header (the
    /// server then answers Response Too Large instead of an oversized message).
    pub send_max_response_size: bool,
    /// Connection reuse. `None` (the default, PSMDB's behaviour): every operation opens its
    /// connections and closes them when it ends. `Some(limit)`: the connection of a successful
    /// operation is kept (by the driver, at most one per server), and a later operation whose
    /// walk over the list reaches that server uses it instead of connecting, if it has been
    /// idle for less than `limit` and the operation's first request may be repeated
    /// ([`Repeat::is_free`](super::Repeat::is_free); Create, Register, state changes and the
    /// like always get a new connection). The walk itself does not change: every operation
    /// still starts at the first server. A kept connection that the server closed while idle
    /// is noticed when the first exchange on it fails before any byte of the answer; the
    /// session then connects to the same server once more, without counting a failed attempt
    /// (see [`Report::reconnects`](super::Report::reconnects)). A timeout on it is an ordinary
    /// failure: a silent server costs one `attempt_timeout`, as without reuse.
    ///
    /// A kept connection goes on with the client certificate it was opened with; a renewed
    /// certificate file is read at the next new connection. `Some(Duration::ZERO)` is `None`.
    pub keep_idle: Option<Duration>,
}

/// The long-lived client: the configuration, the number of servers, and the protocol
/// version negotiated with each (kept across operations so that Discover Versions runs once
/// per server, not once per connection).
///
/// Servers are named by their index in the host's list; the core never needs their names.
#[derive(Clone, Debug)]
pub struct Client {
    config: ClientConfig,
    servers: usize,
    versions: [Option<ProtocolVersion>; MAX_SERVERS],
    /// Since when the driver keeps an idle connection to each server
    /// ([`ClientConfig::keep_idle`]).
    idle: [Option<Instant>; MAX_SERVERS],
}

impl Client {
    /// A client for `servers` servers (at most [`MAX_SERVERS`]).
    pub fn new(config: ClientConfig, servers: usize) -> Result<Self, &'static str> {
        if servers > MAX_SERVERS {
            return Err("more KMIP servers than the client supports (16)");
        }
        if let VersionMode::Negotiate(offer) = &config.versions {
            if offer.is_empty() {
                return Err("no KMIP protocol version to offer");
            }
        }
        Ok(Client {
            config,
            servers,
            versions: [None; MAX_SERVERS],
            idle: [None; MAX_SERVERS],
        })
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The number of servers.
    pub fn servers(&self) -> usize {
        self.servers
    }

    /// The version negotiated with `server`, if any yet (always the pinned version when
    /// pinned).
    pub fn negotiated(&self, server: usize) -> Option<ProtocolVersion> {
        match &self.config.versions {
            VersionMode::Pinned(v) => Some(*v),
            VersionMode::Negotiate(_) => self.versions.get(server).copied().flatten(),
        }
    }

    /// Forgets every negotiated version (e.g. after a server was upgraded): the next
    /// connection to each server negotiates again.
    pub fn forget_versions(&mut self) {
        self.versions = [None; MAX_SERVERS];
    }

    pub(crate) fn remember(&mut self, server: usize, v: ProtocolVersion) {
        if let Some(slot) = self.versions.get_mut(server) {
            *slot = Some(v);
        }
    }

    /// Since when the driver keeps an idle connection to `server` for the next operation
    /// (`None`: it keeps none).
    pub fn idle_since(&self, server: usize) -> Option<Instant> {
        self.idle.get(server).copied().flatten()
    }

    /// Forgets every kept connection: the next operation connects anew to every server. The
    /// drivers' `close_idle` calls it after closing them.
    pub fn forget_idle(&mut self) {
        self.idle = [None; MAX_SERVERS];
    }

    /// The connection to `server` is kept, idle from `now`.
    pub(crate) fn keep(&mut self, server: usize, now: Instant) {
        if let Some(slot) = self.idle.get_mut(server) {
            *slot = Some(now);
        }
    }

    /// True when the connection kept for `server` has been idle too long at `now` (or reuse
    /// is off).
    pub(crate) fn idle_expired(&self, server: usize, now: Instant) -> bool {
        match (self.idle_since(server), self.config.keep_idle) {
            (Some(since), Some(limit)) => now.since(since) >= limit,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }

    /// Takes the record of the connection kept for `server` (it is now in use, or to be
    /// closed): true when it may be used at `now`.
    pub(crate) fn take_idle(&mut self, server: usize, now: Instant) -> bool {
        let usable = self.idle_since(server).is_some() && !self.idle_expired(server, now);
        if let Some(slot) = self.idle.get_mut(server) {
            *slot = None;
        }
        usable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_discovery_header_is_the_lowest_offered_version_that_has_the_operation() {
        assert_eq!(
            VersionMode::discovery_version(&DEFAULT_OFFER),
            ProtocolVersion::V1_1
        );
        assert_eq!(
            VersionMode::discovery_version(&[ProtocolVersion::V1_4, ProtocolVersion::V1_2]),
            ProtocolVersion::V1_2
        );
        assert_eq!(
            VersionMode::discovery_version(&[ProtocolVersion::V2_1, ProtocolVersion::V2_0]),
            ProtocolVersion::V2_0
        );
    }

    #[test]
    fn client_takes_the_first_version_of_the_servers_answer_that_it_offers() {
        let pykmip = [
            ProtocolVersion::V2_0,
            ProtocolVersion::V1_4,
            ProtocolVersion::V1_3,
        ];
        assert_eq!(
            VersionMode::choose(&DEFAULT_OFFER, pykmip),
            Some(ProtocolVersion::V1_4)
        );
        assert_eq!(VersionMode::choose(&DEFAULT_OFFER, []), None);
    }

    #[test]
    fn client_refuses_too_many_servers_and_an_empty_offer() {
        assert!(Client::new(ClientConfig::default(), MAX_SERVERS + 1).is_err());
        let c = ClientConfig {
            versions: VersionMode::negotiate(&[]),
            ..ClientConfig::default()
        };
        assert!(Client::new(c, 1).is_err());
    }
}
