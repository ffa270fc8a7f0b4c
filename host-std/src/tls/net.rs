//! Name resolution and TCP connection inside one deadline.

use std::io;
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::error::{ConnectAttempt, Phase, TransportError};

/// `host:port`, with brackets around an IPv6 address (`[::1]:5696`), for messages.
pub fn format_server(host: &str, port: u16) -> String {
    let host = bare_host(host);
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// The host without the brackets of a `[v6]` literal.
pub(crate) fn bare_host(host: &str) -> &str {
    host.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
}

/// Resolves `host` (a DNS name, or an IPv4/IPv6 literal, bracketed or not) to socket
/// addresses, in the resolver's order, without duplicates.
///
/// The system resolver cannot be interrupted, so it runs on a short-lived thread and this call
/// returns [`TransportError::Timeout`] (phase `Resolve`) at the deadline; the thread then ends
/// by itself when the resolver gives up. IP literals need no thread.
pub fn resolve(
    host: &str,
    port: u16,
    deadline: Instant,
) -> Result<Vec<SocketAddr>, TransportError> {
    let bare = bare_host(host);
    let server = format_server(host, port);
    if let Some(address) = literal(host, port) {
        return Ok(vec![address]);
    }
    if bare.is_empty() {
        return Err(TransportError::InvalidServerName { server });
    }
    let now = Instant::now();
    if now >= deadline {
        return Err(TransportError::Timeout {
            server,
            address: None,
            phase: Phase::Resolve,
        });
    }
    let (tx, rx) = mpsc::channel();
    let name = bare.to_owned();
    thread::Builder::new()
        .name("kmipkit-resolve".into())
        .spawn(move || {
            // The receiver is gone when the deadline passed first: nothing to do then.
            let _ = tx.send(lookup(&name, port));
        })
        .map_err(|source| TransportError::Resolve {
            server: server.clone(),
            source,
        })?;
    match rx.recv_timeout(deadline.saturating_duration_since(now)) {
        Ok(result) => resolution(server, result),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(TransportError::Timeout {
            server,
            address: None,
            phase: Phase::Resolve,
        }),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(TransportError::Resolve {
            server,
            source: io::Error::other("the resolver thread ended without an answer"),
        }),
    }
}

/// The address of an IP literal (bracketed or not), which needs no resolver.
pub(crate) fn literal(host: &str, port: u16) -> Option<SocketAddr> {
    bare_host(host)
        .parse::<IpAddr>()
        .ok()
        .map(|ip| SocketAddr::new(ip, port))
}

/// The system resolver (blocking), duplicates removed, order kept.
pub(crate) fn lookup(name: &str, port: u16) -> io::Result<Vec<SocketAddr>> {
    let mut unique: Vec<SocketAddr> = Vec::new();
    for a in (name, port).to_socket_addrs()? {
        if !unique.contains(&a) {
            unique.push(a);
        }
    }
    Ok(unique)
}

pub(crate) fn resolution(
    server: String,
    result: io::Result<Vec<SocketAddr>>,
) -> Result<Vec<SocketAddr>, TransportError> {
    match result {
        Ok(addrs) if addrs.is_empty() => Err(TransportError::NoAddresses { server }),
        Ok(addrs) => Ok(addrs),
        Err(source) => Err(TransportError::Resolve { server, source }),
    }
}

/// How long the next address may take: an equal share of what is left, so that a silent
/// first address cannot eat the time of the others; the last address gets all of it.
pub(crate) fn attempt_budget(remaining: Duration, addresses_left: usize) -> Duration {
    if addresses_left <= 1 {
        return remaining;
    }
    let share = remaining / addresses_left as u32;
    if share.is_zero() {
        remaining
    } else {
        share
    }
}

/// Connects to the first of `addresses` that accepts, trying each in turn inside `deadline`
/// (each gets an equal share of the time left, the last one all of it), and sets
/// `TCP_NODELAY`. `server` (`host:port`) names the server in errors.
pub fn tcp_connect(
    server: &str,
    addresses: &[SocketAddr],
    deadline: Instant,
) -> Result<(TcpStream, SocketAddr), TransportError> {
    if addresses.is_empty() {
        return Err(TransportError::NoAddresses {
            server: server.to_owned(),
        });
    }
    let mut attempts = Vec::new();
    for (i, address) in addresses.iter().enumerate() {
        let start = Instant::now();
        if start >= deadline {
            return Err(TransportError::Connect {
                server: server.to_owned(),
                attempts,
                untried: addresses.len() - i,
                timed_out: true,
            });
        }
        let budget = attempt_budget(deadline - start, addresses.len() - i);
        match TcpStream::connect_timeout(address, budget) {
            Ok(stream) => {
                stream
                    .set_nodelay(true)
                    .map_err(|source| TransportError::Io {
                        server: server.to_owned(),
                        address: *address,
                        phase: Phase::Connect,
                        source,
                    })?;
                return Ok((stream, *address));
            }
            Err(error) => attempts.push(ConnectAttempt {
                address: *address,
                error,
                elapsed: start.elapsed(),
            }),
        }
    }
    Err(TransportError::Connect {
        server: server.to_owned(),
        attempts,
        untried: 0,
        timed_out: Instant::now() >= deadline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_labels_bracket_ipv6() {
        assert_eq!(format_server("kmip.example", 5696), "kmip.example:5696");
        assert_eq!(format_server("::1", 5696), "[::1]:5696");
        assert_eq!(format_server("[::1]", 5696), "[::1]:5696");
        assert_eq!(format_server("127.0.0.1", 1), "127.0.0.1:1");
    }

    #[test]
    fn budget_is_shared_and_the_last_address_gets_the_rest() {
        let five = Duration::from_secs(5);
        assert_eq!(attempt_budget(five, 1), five);
        assert_eq!(attempt_budget(five, 2), Duration::from_millis(2500));
        assert_eq!(
            attempt_budget(Duration::from_nanos(1), 3),
            Duration::from_nanos(1)
        );
    }

    #[test]
    fn literals_resolve_without_the_resolver() {
        let d = Instant::now(); // already passed: literals must not need time
        assert_eq!(
            resolve("[::1]", 7, d).unwrap(),
            vec!["[::1]:7".parse::<SocketAddr>().unwrap()]
        );
        assert_eq!(
            resolve("127.0.0.1", 7, d).unwrap(),
            vec!["127.0.0.1:7".parse::<SocketAddr>().unwrap()]
        );
    }
}
