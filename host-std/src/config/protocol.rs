//! `protocolVersion`: which KMIP protocol version to speak (kmipkit's addition to PSMDB's
//! options; PSMDB always sends 1.0).
//!
//! The versions themselves are the core's [`ProtocolVersion`]; this module only adds `auto`
//! and the mapping onto the client's [`VersionMode`].

use kmipkit_core::client::VersionMode;
use kmipkit_core::kmip::ProtocolVersion;
use std::fmt;

/// The configured KMIP protocol version: one fixed version, or `auto` (negotiate with
/// Discover Versions).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ProtocolVersionChoice {
    /// Ask each server (Discover Versions, once per server) and use the first version of its
    /// answer that kmipkit offers: the 1.x versions, 1.4 first (the core's
    /// [`DEFAULT_OFFER`](kmipkit_core::client::DEFAULT_OFFER); 2.x only when pinned), falling
    /// back to 1.0 for a server that has no Discover Versions.
    #[default]
    Auto,
    /// Always this version, without Discover Versions (PSMDB pins 1.0; MongoDB Enterprise
    /// 1.2).
    Pinned(ProtocolVersion),
}

impl ProtocolVersionChoice {
    /// Every accepted value, in the order they are listed in messages: the core's versions
    /// (1.0 … 2.1), then `auto`.
    pub const ALL: [ProtocolVersionChoice; 8] = [
        ProtocolVersionChoice::Pinned(ProtocolVersion::ALL[0]),
        ProtocolVersionChoice::Pinned(ProtocolVersion::ALL[1]),
        ProtocolVersionChoice::Pinned(ProtocolVersion::ALL[2]),
        ProtocolVersionChoice::Pinned(ProtocolVersion::ALL[3]),
        ProtocolVersionChoice::Pinned(ProtocolVersion::ALL[4]),
        ProtocolVersionChoice::Pinned(ProtocolVersion::ALL[5]),
        ProtocolVersionChoice::Pinned(ProtocolVersion::ALL[6]),
        ProtocolVersionChoice::Auto,
    ];

    /// The fixed version, `None` for `auto`.
    pub fn pinned(self) -> Option<ProtocolVersion> {
        match self {
            ProtocolVersionChoice::Auto => None,
            ProtocolVersionChoice::Pinned(v) => Some(v),
        }
    }

    /// How the client chooses the version of a connection.
    pub fn version_mode(self) -> VersionMode {
        match self {
            ProtocolVersionChoice::Auto => VersionMode::default(),
            ProtocolVersionChoice::Pinned(v) => VersionMode::Pinned(v),
        }
    }

    /// Reads `1.0` … `2.1` or `auto` (any case), ignoring surrounding whitespace.
    pub fn parse(text: &str) -> Option<ProtocolVersionChoice> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("auto") {
            return Some(ProtocolVersionChoice::Auto);
        }
        ProtocolVersion::ALL
            .into_iter()
            .find(|v| v.to_string() == text)
            .map(ProtocolVersionChoice::Pinned)
    }
}

impl From<ProtocolVersion> for ProtocolVersionChoice {
    fn from(v: ProtocolVersion) -> Self {
        ProtocolVersionChoice::Pinned(v)
    }
}

impl fmt::Display for ProtocolVersionChoice {
    /// As written in the configuration: `1.0` … `2.1`, or `auto`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolVersionChoice::Auto => f.write_str("auto"),
            ProtocolVersionChoice::Pinned(v) => v.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ProtocolVersionChoice as P;
    use kmipkit_core::client::{VersionMode, DEFAULT_OFFER};
    use kmipkit_core::kmip::ProtocolVersion;

    #[test]
    fn parses_every_version_and_auto() {
        for v in P::ALL {
            assert_eq!(P::parse(&v.to_string()), Some(v));
        }
        assert_eq!(P::ALL[0].to_string(), "1.0");
        assert_eq!(P::ALL[6].to_string(), "2.1");
        assert_eq!(P::ALL[7].to_string(), "auto");
        assert_eq!(P::parse("AUTO"), Some(P::Auto));
        assert_eq!(P::parse(" 1.4 "), Some(P::Pinned(ProtocolVersion::V1_4)));
        assert_eq!(
            P::Pinned(ProtocolVersion::V2_1).pinned(),
            Some(ProtocolVersion::V2_1)
        );
        assert_eq!(P::Auto.pinned(), None);
        assert_eq!(P::default(), P::Auto);
        for bad in ["1", "2", "1.5", "3.0", "v1.0", "", "1.0.0", "latest"] {
            assert_eq!(P::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn maps_onto_the_cores_version_mode() {
        assert_eq!(
            P::Pinned(ProtocolVersion::V1_0).version_mode(),
            VersionMode::Pinned(ProtocolVersion::V1_0)
        );
        assert_eq!(
            P::Auto.version_mode(),
            VersionMode::negotiate(&DEFAULT_OFFER)
        );
    }
}
