//! Transport errors: the phase, the server, the address tried and the cause.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rustls::{AlertDescription, CertificateError};

use super::credentials::CredentialsError;

/// The phase of a connection or exchange in which a [`TransportError`] happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Reading the certificate, key and CA files and building the TLS configuration.
    Credentials,
    /// Turning the host name into addresses.
    Resolve,
    /// The TCP connection.
    Connect,
    /// The TLS handshake.
    TlsHandshake,
    /// Writing a request.
    Send,
    /// Reading a response.
    Receive,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::Credentials => "loading TLS credentials",
            Phase::Resolve => "resolve",
            Phase::Connect => "connect",
            Phase::TlsHandshake => "TLS handshake",
            Phase::Send => "send",
            Phase::Receive => "receive",
        })
    }
}

/// One failed TCP connection attempt to one resolved address.
#[derive(Debug)]
pub struct ConnectAttempt {
    /// The address tried.
    pub address: SocketAddr,
    /// Why it failed; [`io::ErrorKind::TimedOut`] when its share of the deadline ran out.
    pub error: io::Error,
    /// How long the attempt took.
    pub elapsed: Duration,
}

/// A TLS failure, classified so that the usual mistakes read differently.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum TlsFailure {
    /// The server certificate does not name the host or IP address we connected to.
    NameMismatch {
        /// The name or address we asked for.
        expected: String,
        /// The names and addresses in the certificate (may be empty when rustls did not say).
        presented: Vec<String>,
    },
    /// The server certificate chain does not lead to a trusted CA.
    UnknownIssuer {
        /// The `serverCAFile` in use, if any.
        server_ca_file: Option<PathBuf>,
        /// Whether the system roots were trusted as well.
        system_roots: bool,
    },
    /// The server certificate has expired.
    Expired,
    /// The server certificate is not valid yet (check the clock).
    NotYetValid,
    /// Another problem with the server certificate.
    BadServerCertificate {
        /// What rustls said.
        detail: String,
    },
    /// The server refused our client certificate (alert `bad_certificate`, `unknown_ca`,
    /// `certificate_required`, …). Under TLS 1.3 this shows on the first receive, since the
    /// server checks the client certificate after the client considers the handshake done.
    ClientCertificateRejected {
        /// The alert the server sent.
        alert: AlertDescription,
    },
    /// The server sent no certificate.
    NoServerCertificate,
    /// No common protocol version or cipher suite (e.g. an RSA server certificate on PyKMIP,
    /// which then offers only CBC suites that rustls does not implement).
    Incompatible {
        /// What rustls said, or the alert received.
        detail: String,
    },
    /// The peer is not speaking TLS, or broke the protocol.
    Protocol {
        /// What rustls said.
        detail: String,
    },
    /// The server ended the connection with a fatal alert.
    Alert {
        /// The alert the server sent.
        alert: AlertDescription,
    },
    /// Any other rustls error.
    Other(rustls::Error),
}

impl TlsFailure {
    /// Classifies a rustls error seen on the client side of a connection.
    pub fn from_client_error(
        error: &rustls::Error,
        server_ca_file: Option<&Path>,
        system_roots: bool,
    ) -> TlsFailure {
        use rustls::Error as E;
        match error {
            E::InvalidCertificate(cert) => match cert {
                CertificateError::NotValidForName => TlsFailure::NameMismatch {
                    expected: String::new(),
                    presented: Vec::new(),
                },
                CertificateError::NotValidForNameContext {
                    expected,
                    presented,
                } => TlsFailure::NameMismatch {
                    expected: server_name_text(expected),
                    presented: presented.iter().map(|p| presented_name(p)).collect(),
                },
                CertificateError::UnknownIssuer => TlsFailure::UnknownIssuer {
                    server_ca_file: server_ca_file.map(Path::to_path_buf),
                    system_roots,
                },
                CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                    TlsFailure::Expired
                }
                CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                    TlsFailure::NotYetValid
                }
                other => TlsFailure::BadServerCertificate {
                    detail: format!("{other:?}"),
                },
            },
            E::NoCertificatesPresented => TlsFailure::NoServerCertificate,
            E::AlertReceived(alert) => match alert {
                AlertDescription::BadCertificate
                | AlertDescription::UnsupportedCertificate
                | AlertDescription::CertificateRevoked
                | AlertDescription::CertificateExpired
                | AlertDescription::CertificateUnknown
                | AlertDescription::UnknownCA
                | AlertDescription::AccessDenied
                | AlertDescription::CertificateRequired => {
                    TlsFailure::ClientCertificateRejected { alert: *alert }
                }
                AlertDescription::HandshakeFailure
                | AlertDescription::ProtocolVersion
                | AlertDescription::InsufficientSecurity => TlsFailure::Incompatible {
                    detail: format!("the server sent the alert {alert:?}"),
                },
                other => TlsFailure::Alert { alert: *other },
            },
            E::PeerIncompatible(why) => TlsFailure::Incompatible {
                detail: format!("{why:?}"),
            },
            E::InvalidMessage(_)
            | E::InappropriateMessage { .. }
            | E::InappropriateHandshakeMessage { .. }
            | E::PeerMisbehaved(_)
            | E::DecryptError
            | E::PeerSentOversizedRecord => TlsFailure::Protocol {
                detail: error.to_string(),
            },
            other => TlsFailure::Other(other.clone()),
        }
    }
}

fn server_name_text(name: &rustls::pki_types::ServerName<'_>) -> String {
    match name {
        rustls::pki_types::ServerName::DnsName(d) => d.as_ref().to_owned(),
        rustls::pki_types::ServerName::IpAddress(ip) => std::net::IpAddr::from(*ip).to_string(),
        other => format!("{other:?}"),
    }
}

impl fmt::Display for TlsFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsFailure::NameMismatch {
                expected,
                presented,
            } => {
                write!(f, "server certificate not valid for name '{expected}'")?;
                if !presented.is_empty() {
                    write!(f, " (it is valid for: {})", presented.join(", "))?;
                }
                Ok(())
            }
            TlsFailure::UnknownIssuer {
                server_ca_file,
                system_roots,
            } => {
                f.write_str("server certificate not signed by a trusted CA (")?;
                match (server_ca_file, system_roots) {
                    (Some(p), true) => {
                        write!(f, "serverCAFile {}, and the system roots", p.display())
                    }
                    (Some(p), false) => write!(f, "serverCAFile {}", p.display()),
                    (None, true) => f.write_str("serverCAFile not set; system roots only"),
                    (None, false) => f.write_str("no trusted CA at all"),
                }?;
                f.write_str(")")
            }
            TlsFailure::Expired => f.write_str("server certificate has expired"),
            TlsFailure::NotYetValid => {
                f.write_str("server certificate is not valid yet (check the clock)")
            }
            TlsFailure::BadServerCertificate { detail } => {
                write!(f, "server certificate refused: {detail}")
            }
            TlsFailure::ClientCertificateRejected { alert } => write!(
                f,
                "the server refused our client certificate (alert {alert:?}): check \
                 clientCertificateFile and that the server trusts its CA"
            ),
            TlsFailure::NoServerCertificate => f.write_str("the server sent no certificate"),
            TlsFailure::Incompatible { detail } => write!(
                f,
                "no TLS version or cipher suite in common with the server ({detail}); \
                 kmipkit needs TLS 1.2 with an AEAD suite, or TLS 1.3"
            ),
            TlsFailure::Protocol { detail } => {
                write!(f, "TLS protocol error (is this a TLS server?): {detail}")
            }
            TlsFailure::Alert { alert } => write!(f, "the server sent the TLS alert {alert:?}"),
            TlsFailure::Other(e) => write!(f, "TLS error: {e}"),
        }
    }
}

impl std::error::Error for TlsFailure {}

/// Why a connection, a send or a receive failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum TransportError {
    /// The certificate, key or CA files could not be used (before any network traffic).
    Credentials(CredentialsError),
    /// The host is neither a DNS name nor an IP address.
    InvalidServerName {
        /// `host:port` as given.
        server: String,
    },
    /// The resolver failed.
    Resolve {
        /// `host:port` as given.
        server: String,
        /// The resolver's error.
        source: io::Error,
    },
    /// The resolver returned no address.
    NoAddresses {
        /// `host:port` as given.
        server: String,
    },
    /// No address accepted a TCP connection.
    Connect {
        /// `host:port` as given.
        server: String,
        /// Each address tried, in order, with its error.
        attempts: Vec<ConnectAttempt>,
        /// Addresses left untried because the deadline was reached.
        untried: usize,
        /// Whether the overall deadline was reached.
        timed_out: bool,
    },
    /// The deadline was reached in the given phase (resolve, TLS handshake, send, receive).
    Timeout {
        /// `host:port` as given.
        server: String,
        /// The address connected to, once there is one.
        address: Option<SocketAddr>,
        /// Where the time ran out.
        phase: Phase,
    },
    /// TLS failed (handshake, or an alert or bad record later).
    Tls {
        /// `host:port` as given.
        server: String,
        /// The address connected to.
        address: SocketAddr,
        /// Handshake, send or receive.
        phase: Phase,
        /// What went wrong (boxed: it is large, and errors are not on the hot path).
        failure: Box<TlsFailure>,
    },
    /// An I/O error on the established TCP connection.
    Io {
        /// `host:port` as given.
        server: String,
        /// The address connected to.
        address: SocketAddr,
        /// Handshake, send or receive.
        phase: Phase,
        /// The error.
        source: io::Error,
    },
    /// The server closed the connection (with or without TLS close_notify).
    Closed {
        /// `host:port` as given.
        server: String,
        /// The address connected to.
        address: SocketAddr,
        /// Handshake or receive.
        phase: Phase,
    },
}

impl TransportError {
    /// The phase in which the error happened.
    pub fn phase(&self) -> Phase {
        match self {
            TransportError::Credentials(_) => Phase::Credentials,
            TransportError::InvalidServerName { .. }
            | TransportError::Resolve { .. }
            | TransportError::NoAddresses { .. } => Phase::Resolve,
            TransportError::Connect { .. } => Phase::Connect,
            TransportError::Timeout { phase, .. }
            | TransportError::Tls { phase, .. }
            | TransportError::Io { phase, .. }
            | TransportError::Closed { phase, .. } => *phase,
        }
    }

    /// Whether the deadline ran out (as opposed to a refusal or an error).
    pub fn is_timeout(&self) -> bool {
        match self {
            TransportError::Timeout { .. } => true,
            TransportError::Connect { timed_out, .. } => *timed_out,
            _ => false,
        }
    }

    /// `host:port` of the server, when the error concerns one.
    pub fn server(&self) -> Option<&str> {
        match self {
            TransportError::Credentials(_) => None,
            TransportError::InvalidServerName { server }
            | TransportError::Resolve { server, .. }
            | TransportError::NoAddresses { server }
            | TransportError::Connect { server, .. }
            | TransportError::Timeout { server, .. }
            | TransportError::Tls { server, .. }
            | TransportError::Io { server, .. }
            | TransportError::Closed { server, .. } => Some(server),
        }
    }

    /// The TLS failure, if this is one.
    pub fn tls_failure(&self) -> Option<&TlsFailure> {
        match self {
            TransportError::Tls { failure, .. } => Some(&**failure),
            _ => None,
        }
    }
}

/// "TLS handshake with host:port", "receive from host:port", …
fn what(phase: Phase, server: &str) -> String {
    match phase {
        Phase::Credentials => format!("loading TLS credentials for {server}"),
        Phase::Resolve => format!("resolve {server}"),
        Phase::Connect => format!("connect to {server}"),
        Phase::TlsHandshake => format!("TLS handshake with {server}"),
        Phase::Send => format!("send to {server}"),
        Phase::Receive => format!("receive from {server}"),
    }
}

fn at(address: &Option<SocketAddr>) -> String {
    match address {
        Some(a) => format!(" ({a})"),
        None => String::new(),
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportError::Credentials(e) => e.fmt(f),
            TransportError::InvalidServerName { server } => {
                write!(
                    f,
                    "{server}: the host is neither a DNS name nor an IP address"
                )
            }
            TransportError::Resolve { server, source } => {
                write!(f, "resolve {server} failed: {source}")
            }
            TransportError::NoAddresses { server } => {
                write!(f, "resolve {server} failed: no address")
            }
            TransportError::Connect {
                server,
                attempts,
                untried,
                timed_out,
            } => {
                if *timed_out {
                    write!(f, "connect to {server} timed out")?;
                } else {
                    write!(f, "connect to {server} failed")?;
                }
                let mut sep = ": ";
                for a in attempts {
                    write!(
                        f,
                        "{sep}{}: {} (after {} ms)",
                        a.address,
                        a.error,
                        a.elapsed.as_millis()
                    )?;
                    sep = "; ";
                }
                if *untried > 0 {
                    write!(
                        f,
                        "{sep}{untried} more address(es) not tried before the deadline"
                    )?;
                }
                Ok(())
            }
            TransportError::Timeout {
                server,
                address,
                phase,
            } => write!(f, "{}{} timed out", what(*phase, server), at(address)),
            TransportError::Tls {
                server,
                address,
                phase,
                failure,
            } => write!(f, "{} ({address}) failed: {failure}", what(*phase, server)),
            TransportError::Io {
                server,
                address,
                phase,
                source,
            } => write!(f, "{} ({address}) failed: {source}", what(*phase, server)),
            TransportError::Closed {
                server,
                address,
                phase,
            } => write!(
                f,
                "{} ({address}) failed: the server closed the connection",
                what(*phase, server)
            ),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TransportError::Credentials(e) => Some(e),
            TransportError::Resolve { source, .. } | TransportError::Io { source, .. } => {
                Some(source)
            }
            TransportError::Tls { failure, .. } => Some(&**failure),
            _ => None,
        }
    }
}

impl From<CredentialsError> for TransportError {
    fn from(e: CredentialsError) -> Self {
        TransportError::Credentials(e)
    }
}

/// What the trust store held, to explain an unknown-CA failure.
#[derive(Clone, Debug, Default)]
pub(crate) struct TrustNote {
    pub(crate) server_ca_file: Option<PathBuf>,
    pub(crate) system_roots: bool,
}

/// Classifies an I/O error from a TLS stream (rustls wraps its errors in
/// [`io::ErrorKind::InvalidData`]) into a [`TransportError`] for `phase`.
pub(crate) fn classify_io(
    error: io::Error,
    server: &str,
    address: SocketAddr,
    phase: Phase,
    trust: &TrustNote,
) -> TransportError {
    if let Some(tls) = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    {
        let mut failure =
            TlsFailure::from_client_error(tls, trust.server_ca_file.as_deref(), trust.system_roots);
        if let TlsFailure::NameMismatch { expected, .. } = &mut failure {
            if expected.is_empty() {
                // Older rustls errors carry no name: it is the host of `host:port`.
                let host = server.rsplit_once(':').map_or(server, |(h, _)| h);
                *expected = host
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .to_owned();
            }
        }
        return TransportError::Tls {
            server: server.to_owned(),
            address,
            phase,
            failure: Box::new(failure),
        };
    }
    match error.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => TransportError::Timeout {
            server: server.to_owned(),
            address: Some(address),
            phase,
        },
        io::ErrorKind::UnexpectedEof | io::ErrorKind::BrokenPipe => TransportError::Closed {
            server: server.to_owned(),
            address,
            phase,
        },
        _ => TransportError::Io {
            server: server.to_owned(),
            address,
            phase,
            source: error,
        },
    }
}

/// A name the certificate presents, as rustls reports it (`DnsName("localhost")`,
/// `IpAddress(127.0.0.1)`), shown plainly (`localhost`, `127.0.0.1`).
fn presented_name(reported: &str) -> String {
    for prefix in ["DnsName(", "IpAddress(", "UriName(", "Other("] {
        if let Some(inner) = reported
            .strip_prefix(prefix)
            .and_then(|r| r.strip_suffix(')'))
        {
            return inner.trim_matches('"').to_owned();
        }
    }
    reported.to_owned()
}

#[cfg(test)]
mod presented_tests {
    use super::presented_name;

    #[test]
    fn names_are_shown_without_their_rust_wrappers() {
        assert_eq!(presented_name("DnsName(\"localhost\")"), "localhost");
        assert_eq!(presented_name("IpAddress(127.0.0.1)"), "127.0.0.1");
        assert_eq!(presented_name("IpAddress(::1)"), "::1");
        assert_eq!(presented_name("kmip.example"), "kmip.example");
    }
}
