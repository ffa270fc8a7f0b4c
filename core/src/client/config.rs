//! The client's configuration and the state it keeps between operations: the protocol
//! version negotiated with each server.

use super::policy::FailoverPolicy;
use crate::kmip::ProtocolVersion;

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
/// (one pass, 5000 ms per attempt), version negotiation over [`DEFAULT_OFFER`], and the
/// receive buffer as the maximum response size.
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
