//! What the core's report cannot hold: the full transport error behind each failed attempt
//! (the TLS detail such as "server certificate not valid for name …", every address tried),
//! and the lines that print a report with the servers' names and that detail.
//!
//! The core keeps only the phase and an error kind of a transport failure (it is `no_std` and
//! bounded). The connector and the transports record the detailed [`TransportError`] here as
//! it happens; [`attempt_details`] then pairs each attempt of the core's [`Report`] with its
//! detail. Events are paired from the newest backwards, so a log shared by several
//! operations still pairs the last operation's report correctly. A kept connection found
//! closed by its server is not a failed attempt ([`Report::reconnects`]) but may have left an
//! event: as many events as the report counts reconnects may be passed over.

use super::connector::ServerLabel;
use crate::config::ServerAddr;
use crate::tls::TransportError;
use kmipkit_core::client::{AttemptError, Cause, IoErrorKind, Phase, Report};
use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

/// Events kept (older ones are dropped): a few passes over a long server list.
pub const EVENT_CAPACITY: usize = 64;

/// One transport failure as it happened.
#[derive(Clone, Debug)]
pub struct TransportEvent {
    /// The server's index in the list.
    pub server: usize,
    /// The phase, as told to the core.
    pub phase: Phase,
    /// The kind, as told to the core.
    pub kind: IoErrorKind,
    /// The whole error.
    pub error: Arc<TransportError>,
}

/// A shared, bounded log of [`TransportEvent`]s (cheap to clone: the clones share it).
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    events: Arc<Mutex<VecDeque<TransportEvent>>>,
}

impl Diagnostics {
    /// An empty log.
    pub fn new() -> Self {
        Diagnostics::default()
    }

    pub(crate) fn record(
        &self,
        server: usize,
        phase: Phase,
        kind: IoErrorKind,
        error: TransportError,
    ) {
        let mut events = self.events.lock().unwrap_or_else(PoisonError::into_inner);
        if events.len() == EVENT_CAPACITY {
            events.pop_front();
        }
        events.push_back(TransportEvent {
            server,
            phase,
            kind,
            error: Arc::new(error),
        });
    }

    /// The events kept, oldest first.
    pub fn events(&self) -> Vec<TransportEvent> {
        let events = self.events.lock().unwrap_or_else(PoisonError::into_inner);
        events.iter().cloned().collect()
    }

    /// Forgets every event.
    pub fn clear(&self) {
        self.events
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

/// One failed attempt of an operation, ready to print: the core's record, the server's
/// `host:port`, and the transport's detail when there is one.
#[derive(Clone, Debug)]
pub struct AttemptDetail {
    /// The core's record (server index, pass, phase, cause, ambiguity).
    pub attempt: AttemptError,
    /// `host:port` of the server (`server #i` if the index is unknown).
    pub server: String,
    /// The detailed transport error, when the failure was the transport's.
    pub transport: Option<Arc<TransportError>>,
}

impl AttemptDetail {
    /// The TLS failure behind the attempt, if it was one.
    pub fn tls_failure(&self) -> Option<&crate::tls::TlsFailure> {
        self.transport
            .as_deref()
            .and_then(TransportError::tls_failure)
    }
}

impl fmt::Display for AttemptDetail {
    /// `pass 1: TLS handshake with localhost:5696 (127.0.0.1:5696) failed: server certificate
    /// not valid for name 'localhost' …`, or, without a transport detail,
    /// `pass 2: kmip2:5696: Get: OperationFailed; reason: PermissionDenied; …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = &self.attempt;
        write!(f, "pass {}: ", a.pass.saturating_add(1))?;
        match &self.transport {
            Some(e) => write!(f, "{e}")?,
            None => {
                write!(f, "{}: ", self.server)?;
                if let Some(op) = a.operation {
                    write!(f, "{op}: ")?;
                }
                match &a.cause {
                    Cause::Server(e) => write!(f, "{e}")?,
                    cause => write!(f, "{} failed: {cause}", a.phase)?,
                }
            }
        }
        if a.ambiguous {
            f.write_str(" (the request may have been carried out)")?;
        }
        Ok(())
    }
}

/// Whether `event` is the transport failure the core recorded as `attempt`.
fn pairs(attempt: &AttemptError, event: &TransportEvent) -> bool {
    let connecting = |p: Phase| matches!(p, Phase::Resolve | Phase::Connect | Phase::Tls);
    let phase =
        attempt.phase == event.phase || (connecting(attempt.phase) && connecting(event.phase));
    let cause = match &attempt.cause {
        // The core may notice a passed deadline itself (and name the phase it was in).
        Cause::Timeout => event.kind == IoErrorKind::TimedOut,
        Cause::Io(k) => *k == event.kind,
        _ => false,
    };
    attempt.server == event.server && phase && cause
}

/// Every failed attempt of `report`, oldest first, with the servers' names and the transport
/// details recorded in `diagnostics`.
pub fn attempt_details(
    report: &Report,
    servers: &[ServerAddr],
    diagnostics: &Diagnostics,
) -> Vec<AttemptDetail> {
    let events = diagnostics.events();
    let mut next = events.len();
    // Events of reconnects, which have no attempt: at most this many are passed over.
    let mut spare = report.reconnects as usize;
    let mut details: Vec<AttemptDetail> = report
        .attempts
        .entries()
        .iter()
        .rev()
        .map(|attempt| {
            let found = (0..=spare).find_map(|skip| {
                let i = next.checked_sub(1 + skip)?;
                events
                    .get(i)
                    .filter(|ev| pairs(attempt, ev))
                    .map(|ev| (i, skip, ev))
            });
            let transport = found.map(|(i, skip, ev)| {
                next = i;
                spare -= skip;
                ev.error.clone()
            });
            AttemptDetail {
                attempt: attempt.clone(),
                server: ServerLabel::of(servers, attempt.server).to_string(),
                transport,
            }
        })
        .collect();
    details.reverse();
    details
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Host;
    use kmipkit_core::client::{AttemptLog, Instant};

    fn attempt(server: usize, pass: u32, phase: Phase, cause: Cause) -> AttemptError {
        AttemptError {
            server,
            pass,
            operation: None,
            phase,
            cause,
            ambiguous: false,
            at: Instant(0),
        }
    }

    fn timeout(server: &str) -> TransportError {
        TransportError::Timeout {
            server: server.to_owned(),
            address: None,
            phase: crate::tls::Phase::Resolve,
        }
    }

    #[test]
    fn details_pair_with_the_newest_matching_events() {
        let servers = vec![
            ServerAddr {
                host: Host::Name("a".into()),
                port: 1,
            },
            ServerAddr {
                host: Host::Name("b".into()),
                port: 2,
            },
        ];
        let d = Diagnostics::new();
        // An older operation's event, then this operation's two.
        d.record(0, Phase::Resolve, IoErrorKind::TimedOut, timeout("old:1"));
        d.record(0, Phase::Resolve, IoErrorKind::TimedOut, timeout("a:1"));
        d.record(1, Phase::Tls, IoErrorKind::InvalidData, timeout("b:2"));
        let mut log = AttemptLog::default();
        // The core saw the deadline pass itself and called it a connect timeout.
        log.push(attempt(0, 0, Phase::Connect, Cause::Timeout));
        log.push(attempt(
            1,
            0,
            Phase::Tls,
            Cause::Io(IoErrorKind::InvalidData),
        ));
        // A server's refusal has no transport event.
        log.push(attempt(
            0,
            1,
            Phase::Server,
            Cause::Mismatch(kmipkit_core::client::Mismatch::MissingPayload),
        ));
        let report = Report {
            attempts: log,
            ..Report::default()
        };
        let details = attempt_details(&report, &servers, &d);
        assert_eq!(details.len(), 3);
        assert!(details[0]
            .to_string()
            .starts_with("pass 1: resolve a:1 timed out"));
        assert!(details[1].to_string().contains("b:2"));
        assert!(details[2].transport.is_none());
        assert!(
            details[2]
                .to_string()
                .starts_with("pass 2: a:1: server failed"),
            "{}",
            details[2]
        );
    }

    #[test]
    fn the_event_of_a_reconnect_is_passed_over() {
        let servers = vec![
            ServerAddr {
                host: Host::Name("a".into()),
                port: 1,
            },
            ServerAddr {
                host: Host::Name("b".into()),
                port: 2,
            },
        ];
        let d = Diagnostics::new();
        // Server 0 refused in TLS; then the connection kept to server 1 turned out reset
        // (no attempt: the session reconnected), and server 1 answered.
        d.record(0, Phase::Tls, IoErrorKind::InvalidData, timeout("a:1"));
        d.record(
            1,
            Phase::Receive,
            IoErrorKind::ConnectionReset,
            timeout("b:2"),
        );
        let mut log = AttemptLog::default();
        log.push(attempt(
            0,
            0,
            Phase::Tls,
            Cause::Io(IoErrorKind::InvalidData),
        ));
        let report = Report {
            attempts: log.clone(),
            reconnects: 1,
            ..Report::default()
        };
        let details = attempt_details(&report, &servers, &d);
        assert!(details[0].to_string().contains("a:1"), "{}", details[0]);
        // Without a reconnect to account for it, the newer event is not passed over.
        let report = Report {
            attempts: log,
            ..Report::default()
        };
        assert!(attempt_details(&report, &servers, &d)[0]
            .transport
            .is_none());
    }

    #[test]
    fn the_log_is_bounded() {
        let d = Diagnostics::new();
        for i in 0..EVENT_CAPACITY + 5 {
            d.record(i, Phase::Connect, IoErrorKind::TimedOut, timeout("x:1"));
        }
        let events = d.events();
        assert_eq!(events.len(), EVENT_CAPACITY);
        assert_eq!(events[0].server, 5);
        d.clear();
        assert!(d.events().is_empty());
    }
}
