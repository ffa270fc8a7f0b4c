//! `protocolVersion`: which KMIP protocol version to speak (kmipkit's addition to PSMDB's
//! options; PSMDB always sends 1.0).

use std::fmt;

/// The configured KMIP protocol version: one fixed version, or `auto` (negotiate with
/// Discover Versions). The client maps this onto the core's protocol version type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ProtocolVersionChoice {
    /// Ask the server (Discover Versions) and use the highest version both sides speak.
    #[default]
    Auto,
    /// KMIP 1.0 (what PSMDB sends).
    V1_0,
    /// KMIP 1.1.
    V1_1,
    /// KMIP 1.2 (what MongoDB Enterprise sends).
    V1_2,
    /// KMIP 1.3.
    V1_3,
    /// KMIP 1.4.
    V1_4,
    /// KMIP 2.0.
    V2_0,
    /// KMIP 2.1.
    V2_1,
}

impl ProtocolVersionChoice {
    /// Every accepted value, in the order they are listed in messages.
    pub const ALL: [ProtocolVersionChoice; 8] = [
        ProtocolVersionChoice::V1_0,
        ProtocolVersionChoice::V1_1,
        ProtocolVersionChoice::V1_2,
        ProtocolVersionChoice::V1_3,
        ProtocolVersionChoice::V1_4,
        ProtocolVersionChoice::V2_0,
        ProtocolVersionChoice::V2_1,
        ProtocolVersionChoice::Auto,
    ];

    /// `(major, minor)` for a fixed version, `None` for `auto`.
    pub fn major_minor(self) -> Option<(u8, u8)> {
        match self {
            ProtocolVersionChoice::Auto => None,
            ProtocolVersionChoice::V1_0 => Some((1, 0)),
            ProtocolVersionChoice::V1_1 => Some((1, 1)),
            ProtocolVersionChoice::V1_2 => Some((1, 2)),
            ProtocolVersionChoice::V1_3 => Some((1, 3)),
            ProtocolVersionChoice::V1_4 => Some((1, 4)),
            ProtocolVersionChoice::V2_0 => Some((2, 0)),
            ProtocolVersionChoice::V2_1 => Some((2, 1)),
        }
    }

    /// The value as written in the configuration: `1.0` … `2.1`, or `auto`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProtocolVersionChoice::Auto => "auto",
            ProtocolVersionChoice::V1_0 => "1.0",
            ProtocolVersionChoice::V1_1 => "1.1",
            ProtocolVersionChoice::V1_2 => "1.2",
            ProtocolVersionChoice::V1_3 => "1.3",
            ProtocolVersionChoice::V1_4 => "1.4",
            ProtocolVersionChoice::V2_0 => "2.0",
            ProtocolVersionChoice::V2_1 => "2.1",
        }
    }

    /// Reads `1.0` … `2.1` or `auto` (any case), ignoring surrounding whitespace.
    pub fn parse(text: &str) -> Option<ProtocolVersionChoice> {
        let text = text.trim();
        ProtocolVersionChoice::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(text))
    }
}

impl fmt::Display for ProtocolVersionChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::ProtocolVersionChoice as P;

    #[test]
    fn parses_every_version_and_auto() {
        for v in P::ALL {
            assert_eq!(P::parse(v.as_str()), Some(v));
            assert_eq!(v.to_string(), v.as_str());
        }
        assert_eq!(P::parse("AUTO"), Some(P::Auto));
        assert_eq!(P::parse(" 1.4 "), Some(P::V1_4));
        assert_eq!(P::V2_1.major_minor(), Some((2, 1)));
        assert_eq!(P::Auto.major_minor(), None);
        assert_eq!(P::default(), P::Auto);
        for bad in ["1", "2", "1.5", "3.0", "v1.0", "", "1.0.0", "latest"] {
            assert_eq!(P::parse(bad), None, "{bad}");
        }
    }
}
