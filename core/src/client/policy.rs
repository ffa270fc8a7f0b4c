//! The failover policy, as pure logic: which server to try next, until when, and when to give
//! up — Percona Server for MongoDB's semantics (`kmipConnectRetries`, `kmipConnectTimeoutMS`),
//! with its weak spots fixed (an optional pause between passes; the deadline re-armed for every
//! exchange, never for the whole operation).
//!
//! Servers are the host's list, named here by their index: the core never needs their names.

use super::time::Instant;
use core::time::Duration;

/// The knobs of failover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FailoverPolicy {
    /// Extra passes over the whole server list after the first (`connectRetries`): `N` means
    /// `N + 1` passes.
    pub connect_retries: u32,
    /// The bound on each attempt (`connectTimeoutMS`): connect and TLS together, then each
    /// request/response exchange on its own.
    pub attempt_timeout: Duration,
    /// A pause between passes over the list (PSMDB has none; 0 keeps that behaviour).
    pub pause_between_passes: Duration,
}

impl Default for FailoverPolicy {
    /// PSMDB's defaults: no retries, 5000 ms per attempt, no pause.
    fn default() -> Self {
        FailoverPolicy {
            connect_retries: 0,
            attempt_timeout: Duration::from_millis(5000),
            pause_between_passes: Duration::ZERO,
        }
    }
}

/// One attempt at one server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// Index of the server in the host's list.
    pub server: usize,
    /// Which pass over the list (0 for the first).
    pub pass: u32,
    /// When the current phase (connect + TLS, or one exchange) must be over.
    pub deadline: Instant,
}

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Try this server until the deadline.
    Try(Attempt),
    /// Wait until this instant, then ask again.
    Pause(Instant),
    /// Every pass over every server failed.
    Exhausted,
}

/// Walks the server list pass by pass.
#[derive(Clone, Debug)]
pub struct Failover {
    policy: FailoverPolicy,
    servers: usize,
    next_server: usize,
    pass: u32,
    pause_until: Option<Instant>,
}

impl Failover {
    /// Starts at the first server of the first pass.
    pub fn new(policy: FailoverPolicy, servers: usize) -> Self {
        Failover {
            policy,
            servers,
            next_server: 0,
            pass: 0,
            pause_until: None,
        }
    }

    /// The policy.
    pub fn policy(&self) -> &FailoverPolicy {
        &self.policy
    }

    /// The next attempt (or pause) at `now`: call it to start, and again after each failed
    /// attempt. Servers are tried in the configured order, the whole list once per pass.
    pub fn next(&mut self, now: Instant) -> Next {
        if let Some(until) = self.pause_until {
            if now < until {
                return Next::Pause(until);
            }
            self.pause_until = None;
        }
        if self.servers == 0 {
            return Next::Exhausted;
        }
        if self.next_server == self.servers {
            if self.pass >= self.policy.connect_retries {
                return Next::Exhausted;
            }
            self.pass += 1;
            self.next_server = 0;
            if !self.policy.pause_between_passes.is_zero() {
                let until = now + self.policy.pause_between_passes;
                self.pause_until = Some(until);
                return Next::Pause(until);
            }
        }
        let server = self.next_server;
        self.next_server += 1;
        Next::Try(Attempt {
            server,
            pass: self.pass,
            deadline: self.deadline_from(now),
        })
    }

    /// The deadline of a phase that starts at `now` (the attempt timeout is re-armed for each
    /// exchange on a connection).
    pub fn deadline_from(&self, now: Instant) -> Instant {
        now + self.policy.attempt_timeout
    }

    /// The number of attempts a full run makes at most.
    pub fn max_attempts(&self) -> u64 {
        (self.policy.connect_retries as u64 + 1) * self.servers as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(policy: FailoverPolicy, servers: usize) -> heapless::Vec<(usize, u32, u64), 64> {
        // Every attempt fails at its deadline; pauses are waited out.
        let mut f = Failover::new(policy, servers);
        let mut now = Instant(0);
        let mut log = heapless::Vec::new();
        loop {
            match f.next(now) {
                Next::Try(a) => {
                    log.push((a.server, a.pass, now.as_millis())).unwrap();
                    now = a.deadline;
                }
                Next::Pause(until) => now = until,
                Next::Exhausted => return log,
            }
        }
    }

    #[test]
    fn retries_mean_extra_passes_over_the_whole_list() {
        let p = FailoverPolicy {
            connect_retries: 2,
            attempt_timeout: Duration::from_millis(1000),
            pause_between_passes: Duration::ZERO,
        };
        let log = run(p, 3);
        let order: heapless::Vec<(usize, u32), 16> =
            log.iter().map(|(s, pass, _)| (*s, *pass)).collect();
        assert_eq!(
            &order[..],
            &[
                (0, 0),
                (1, 0),
                (2, 0),
                (0, 1),
                (1, 1),
                (2, 1),
                (0, 2),
                (1, 2),
                (2, 2)
            ]
        );
        // No pause: each attempt starts when the previous one timed out.
        assert_eq!(log.last().unwrap().2, 8000);
    }

    #[test]
    fn an_optional_pause_separates_passes() {
        let p = FailoverPolicy {
            connect_retries: 1,
            attempt_timeout: Duration::from_millis(1000),
            pause_between_passes: Duration::from_millis(250),
        };
        let log = run(p, 2);
        assert_eq!(
            &log[..],
            &[(0, 0, 0), (1, 0, 1000), (0, 1, 2250), (1, 1, 3250)]
        );
    }

    #[test]
    fn no_retries_is_one_pass_and_no_servers_is_exhausted_at_once() {
        assert_eq!(run(FailoverPolicy::default(), 2).len(), 2);
        assert_eq!(run(FailoverPolicy::default(), 0).len(), 0);
    }

    #[test]
    fn a_pause_is_reported_until_it_is_over() {
        let p = FailoverPolicy {
            connect_retries: 1,
            attempt_timeout: Duration::from_millis(10),
            pause_between_passes: Duration::from_millis(100),
        };
        let mut f = Failover::new(p, 1);
        assert!(matches!(f.next(Instant(0)), Next::Try(_)));
        assert_eq!(f.next(Instant(10)), Next::Pause(Instant(110)));
        assert_eq!(f.next(Instant(50)), Next::Pause(Instant(110)));
        assert!(matches!(
            f.next(Instant(110)),
            Next::Try(Attempt { pass: 1, .. })
        ));
        assert_eq!(f.next(Instant(120)), Next::Exhausted);
    }
}
