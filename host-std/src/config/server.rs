//! The server list (`serverName`): PSMDB's comma-separated hosts, with its weak spots fixed.
//!
//! PSMDB splits on `,` without trimming and uses one global port. Here each entry is trimmed,
//! an empty entry is an error naming its position, and an entry may be `host`, `host:port`,
//! `[IPv6]`, `[IPv6]:port` or a bare IPv6 address (`fd00::1`, which takes the global port:
//! `fd00::1:5697` is read as an address, so write `[fd00::1]:5697` to give a port). A port in
//! the entry overrides `port`. The same host and port twice is an error.

use super::error::{EntryProblem, Rule};
use std::fmt;
use std::net::{IpAddr, Ipv6Addr};

/// A KMIP server's host: a DNS name or an IP address.
///
/// The TLS layer needs the distinction: SNI is sent only for names, and the certificate is
/// checked against a DNS SAN for a name and an IP SAN for an address.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Host {
    /// A DNS name, as written (case kept).
    Name(String),
    /// An IPv4 or IPv6 address.
    Ip(IpAddr),
}

impl fmt::Display for Host {
    /// The name, or the address without brackets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Name(name) => f.write_str(name),
            Host::Ip(ip) => write!(f, "{ip}"),
        }
    }
}

/// One entry of the server list: where to connect.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ServerAddr {
    /// The host.
    pub host: Host,
    /// The port: the entry's own, or the configured `port`.
    pub port: u16,
}

impl fmt::Display for ServerAddr {
    /// `host:port`, with brackets around an IPv6 address: `[fd00::1]:5696`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.host {
            Host::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]:{}", self.port),
            host => write!(f, "{host}:{}", self.port),
        }
    }
}

impl ServerAddr {
    /// Reads one entry (already trimmed, not empty): `host`, `host:port`, `[IPv6]`,
    /// `[IPv6]:port` or a bare IPv6 address. Entries without a port get `default_port`.
    pub fn parse(entry: &str, default_port: u16) -> Result<ServerAddr, EntryProblem> {
        if entry.contains("://") {
            return Err(EntryProblem::Url);
        }
        if let Some(rest) = entry.strip_prefix('[') {
            let (inside, after) = rest.split_once(']').ok_or(EntryProblem::UnclosedBracket)?;
            let port = match after {
                "" => default_port,
                _ => match after.strip_prefix(':') {
                    Some(port) => parse_entry_port(port)?,
                    None => return Err(EntryProblem::AfterBracket(after.to_owned())),
                },
            };
            let ip: Ipv6Addr = inside.parse().map_err(|_| {
                if inside.parse::<std::net::Ipv4Addr>().is_ok() {
                    EntryProblem::BracketedIpv4
                } else {
                    EntryProblem::NotIpv6(inside.to_owned())
                }
            })?;
            return Ok(ServerAddr {
                host: Host::Ip(IpAddr::V6(ip)),
                port,
            });
        }
        match entry.matches(':').count() {
            0 => Ok(ServerAddr {
                host: parse_host(entry)?,
                port: default_port,
            }),
            1 => {
                let (host, port) = entry.split_once(':').unwrap_or((entry, ""));
                let port = parse_entry_port(port)?;
                Ok(ServerAddr {
                    host: parse_host(host)?,
                    port,
                })
            }
            _ => match entry.parse::<Ipv6Addr>() {
                Ok(ip) => Ok(ServerAddr {
                    host: Host::Ip(IpAddr::V6(ip)),
                    port: default_port,
                }),
                Err(_) => Err(EntryProblem::NotIpv6(entry.to_owned())),
            },
        }
    }

    /// The key under which two entries count as the same server: DNS names compare without
    /// case and without a final dot.
    fn identity(&self) -> (String, u16) {
        let host = match &self.host {
            Host::Name(name) => name.trim_end_matches('.').to_ascii_lowercase(),
            Host::Ip(ip) => ip.to_string(),
        };
        (host, self.port)
    }
}

fn parse_entry_port(text: &str) -> Result<u16, EntryProblem> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EntryProblem::Port(text.to_owned()));
    }
    match text.parse::<u16>() {
        Ok(0) => Err(EntryProblem::PortZero),
        Ok(port) => Ok(port),
        Err(_) => Err(EntryProblem::Port(text.to_owned())),
    }
}

/// An IPv4 address, or a DNS name (RFC 1123 labels; `_` is allowed since internal names use
/// it; a final dot is allowed).
fn parse_host(text: &str) -> Result<Host, EntryProblem> {
    if let Ok(ip) = text.parse::<std::net::Ipv4Addr>() {
        return Ok(Host::Ip(IpAddr::V4(ip)));
    }
    if let Some(c) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        return Err(EntryProblem::BadCharacter(c));
    }
    let name = text.strip_suffix('.').unwrap_or(text);
    if name.is_empty() {
        return Err(EntryProblem::HostName("it is empty"));
    }
    if name.len() > 253 {
        return Err(EntryProblem::HostName("longer than 253 characters"));
    }
    let mut all_numeric = true;
    for label in name.split('.') {
        if label.is_empty() {
            return Err(EntryProblem::HostName(
                "empty label (a leading dot or two dots in a row)",
            ));
        }
        if label.len() > 63 {
            return Err(EntryProblem::HostName(
                "a label is longer than 63 characters",
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(EntryProblem::HostName("a label starts or ends with '-'"));
        }
        all_numeric &= label.bytes().all(|b| b.is_ascii_digit());
    }
    if all_numeric {
        return Err(EntryProblem::HostName(
            "only digits and dots, but not an IPv4 address",
        ));
    }
    Ok(Host::Name(text.to_owned()))
}

/// Reads the comma-separated list. `Ok(empty)` when the text is blank (no server given).
pub(crate) fn parse_list(text: &str, default_port: u16) -> Result<Vec<ServerAddr>, Rule> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut servers: Vec<ServerAddr> = Vec::new();
    for (index, raw) in text.split(',').enumerate() {
        let position = index + 1;
        let entry = raw.trim();
        if entry.is_empty() {
            return Err(Rule::EmptyEntry { position });
        }
        let server = ServerAddr::parse(entry, default_port).map_err(|problem| Rule::Entry {
            position,
            entry: entry.to_owned(),
            problem,
        })?;
        if let Some(first) = servers
            .iter()
            .position(|s| s.identity() == server.identity())
        {
            return Err(Rule::DuplicateEntry {
                position,
                entry: entry.to_owned(),
                first: first + 1,
            });
        }
        servers.push(server);
    }
    Ok(servers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(host: &str, port: u16) -> ServerAddr {
        ServerAddr {
            host: Host::Name(host.into()),
            port,
        }
    }

    fn ip(host: &str, port: u16) -> ServerAddr {
        ServerAddr {
            host: Host::Ip(host.parse().unwrap()),
            port,
        }
    }

    fn list(text: &str) -> Result<Vec<ServerAddr>, Rule> {
        parse_list(text, 5696)
    }

    fn problem(entry: &str) -> EntryProblem {
        ServerAddr::parse(entry, 5696).unwrap_err()
    }

    #[test]
    fn one_host_takes_the_global_port() {
        assert_eq!(
            list("kmip.example.com"),
            Ok(vec![name("kmip.example.com", 5696)])
        );
        assert_eq!(parse_list("kmip", 7000), Ok(vec![name("kmip", 7000)]));
    }

    #[test]
    fn entries_are_trimmed_and_ports_per_entry_override() {
        assert_eq!(
            list(" kmip1 ,kmip2:5697,\t10.0.0.7 , 10.0.0.8:1 "),
            Ok(vec![
                name("kmip1", 5696),
                name("kmip2", 5697),
                ip("10.0.0.7", 5696),
                ip("10.0.0.8", 1),
            ])
        );
    }

    #[test]
    fn ipv6_forms() {
        assert_eq!(
            list("fd00::1, [fd00::2], [fd00::3]:5697, ::1"),
            Ok(vec![
                ip("fd00::1", 5696),
                ip("fd00::2", 5696),
                ip("fd00::3", 5697),
                ip("::1", 5696),
            ])
        );
        // A bare address is all address: the last group is not a port.
        assert_eq!(list("fd00::1:5697"), Ok(vec![ip("fd00::1:5697", 5696)]));
    }

    #[test]
    fn display_brackets_ipv6_only() {
        assert_eq!(ip("fd00::1", 5697).to_string(), "[fd00::1]:5697");
        assert_eq!(ip("10.1.2.3", 5696).to_string(), "10.1.2.3:5696");
        assert_eq!(name("kmip", 1).to_string(), "kmip:1");
        assert_eq!(Host::Ip("fd00::1".parse().unwrap()).to_string(), "fd00::1");
    }

    #[test]
    fn blank_means_no_server() {
        assert_eq!(list(""), Ok(vec![]));
        assert_eq!(list("  "), Ok(vec![]));
    }

    #[test]
    fn empty_entries_are_named_by_position() {
        assert_eq!(list("a,,b"), Err(Rule::EmptyEntry { position: 2 }));
        assert_eq!(list("a, "), Err(Rule::EmptyEntry { position: 2 }));
        assert_eq!(list(",a"), Err(Rule::EmptyEntry { position: 1 }));
        assert_eq!(list(","), Err(Rule::EmptyEntry { position: 1 }));
    }

    #[test]
    fn duplicates_are_reported() {
        let dup = |position, entry: &str, first| {
            Err(Rule::DuplicateEntry {
                position,
                entry: entry.into(),
                first,
            })
        };
        assert_eq!(list("a, b, a"), dup(3, "a", 1));
        // Same host and port, spelt differently.
        assert_eq!(list("kmip, KMIP.:5696"), dup(2, "KMIP.:5696", 1));
        assert_eq!(list("[::1], ::1"), dup(2, "::1", 1));
        assert_eq!(list("[fd00::0:1]:7, [fd00::1]:7"), dup(2, "[fd00::1]:7", 1));
        // Same host, different ports: two servers.
        assert!(list("a, a:5697").is_ok());
    }

    #[test]
    fn malformed_entries() {
        assert_eq!(problem("kmip:"), EntryProblem::Port(String::new()));
        assert_eq!(problem("kmip:abc"), EntryProblem::Port("abc".into()));
        assert_eq!(problem("kmip:+1"), EntryProblem::Port("+1".into()));
        assert_eq!(problem("kmip:65536"), EntryProblem::Port("65536".into()));
        assert_eq!(problem("kmip:0"), EntryProblem::PortZero);
        assert_eq!(problem("[fd00::1]:0"), EntryProblem::PortZero);
        assert_eq!(problem("[fd00::1"), EntryProblem::UnclosedBracket);
        assert_eq!(
            problem("[fd00::1]5697"),
            EntryProblem::AfterBracket("5697".into())
        );
        assert_eq!(problem("[kmip]:1"), EntryProblem::NotIpv6("kmip".into()));
        assert_eq!(problem("[10.0.0.1]:1"), EntryProblem::BracketedIpv4);
        assert_eq!(problem("fd00::g"), EntryProblem::NotIpv6("fd00::g".into()));
        assert_eq!(problem("https://kmip:5696"), EntryProblem::Url);
        assert_eq!(problem("kmip1 kmip2"), EntryProblem::BadCharacter(' '));
        assert_eq!(problem("km/ip"), EntryProblem::BadCharacter('/'));
        assert!(matches!(problem("a..b"), EntryProblem::HostName(_)));
        assert!(matches!(problem(".a"), EntryProblem::HostName(_)));
        assert!(matches!(problem("-a.b"), EntryProblem::HostName(_)));
        assert!(matches!(problem("10.0.0.256"), EntryProblem::HostName(_)));
        assert!(matches!(
            problem(&"a".repeat(64)),
            EntryProblem::HostName(_)
        ));
        assert!(matches!(problem("."), EntryProblem::HostName(_)));
    }

    #[test]
    fn unusual_but_valid_names() {
        assert_eq!(
            list("kmip.example.com."),
            Ok(vec![name("kmip.example.com.", 5696)])
        );
        assert_eq!(
            list("kmip_1.internal"),
            Ok(vec![name("kmip_1.internal", 5696)])
        );
        assert_eq!(list("1kmip"), Ok(vec![name("1kmip", 5696)]));
    }

    #[test]
    fn rule_text_names_the_entry() {
        let e = list("kmip1, kmip2:99999").unwrap_err();
        assert_eq!(
            e.to_string(),
            "entry 2 (kmip2:99999): port 99999 must be a whole number from 1 to 65535"
        );
        assert_eq!(
            list("a,,b").unwrap_err().to_string(),
            "entry 2 of the comma-separated list is empty"
        );
        assert_eq!(
            list("a,b,a").unwrap_err().to_string(),
            "entry 3 (a) names the same server and port as entry 1"
        );
    }
}
