//! What the kmipkit client does when the development server misbehaves on purpose: for each
//! fault mode, a list of two servers — the faulty one first, a healthy one second — and the
//! client must fail over (or report the error) within the expected time, and never hang.
//!
//! Both servers run in process on 127.0.0.1:0 with the same PKI; the attempt timeout is
//! PSMDB's minimum, 1000 ms. Upper time bounds are generous for a loaded 2-core machine.

mod dev_server_support;

use dev_server_support::TestServer;
use kmipkit::client::KmipClient;
use kmipkit::config::{Host, KmipConfig, ProtocolVersionChoice, ServerAddr};
use kmipkit::server::{AcceptMode, Config, DevServer, Engine, Faults, Limits};
use kmipkit::tls::server::server_config;
use kmipkit_core::client::ops::{CreateSymmetricKey, Lookup};
use kmipkit_core::client::{Cause, FailureKind, Phase};
use kmipkit_core::kmip::ProtocolVersion;
use kmipkit_core::ttlv::{QueryFunction, ResultReason};
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_millis(1000);
const SLACK: Duration = Duration::from_secs(5);

struct Pair {
    faulty: TestServer,
    healthy: Healthy,
}

/// The second server: same PKI as the first, its own object store.
struct Healthy {
    server: DevServer,
}

impl Pair {
    fn new(faults: Faults) -> Pair {
        let faulty = TestServer::start_with(faults, Limits::default());
        let tls = server_config(
            &faulty.pki.server.credentials(),
            &[faulty.pki.ca.cert_der()],
        )
        .expect("tls");
        let server = DevServer::start(
            Config::new("127.0.0.1:0".parse().unwrap(), tls),
            Arc::new(Engine::new()),
        )
        .expect("second server");
        Pair {
            faulty,
            healthy: Healthy { server },
        }
    }

    fn client(&self, retries: u32) -> KmipClient {
        self.client_with(retries, ProtocolVersionChoice::Auto)
    }

    fn client_with(&self, retries: u32, version: ProtocolVersionChoice) -> KmipClient {
        let addr = |port: u16| ServerAddr {
            host: Host::Ip(IpAddr::V4(Ipv4Addr::LOCALHOST)),
            port,
        };
        let config = KmipConfig {
            servers: vec![
                addr(self.faulty.port()),
                addr(self.healthy.server.local_addr().port()),
            ],
            server_ca_file: Some(self.faulty.paths.ca.clone()),
            client_certificate_file: Some(self.faulty.paths.client.clone()),
            connect_timeout: TIMEOUT,
            connect_retries: retries,
            protocol_version: version,
            ..KmipConfig::default()
        };
        KmipClient::new(&config).expect("client")
    }
}

/// Runs a Query through the pair and returns (elapsed, the failed attempts' phases and causes).
fn query_fails_over(pair: &Pair) -> (Duration, Vec<(usize, Phase, String)>) {
    let mut client = pair.client(0);
    let start = Instant::now();
    let result = client.query(&[QueryFunction::QUERY_OPERATIONS]).map(|_| ());
    let elapsed = start.elapsed();
    assert!(
        result.is_ok(),
        "the healthy second server must answer: {result:?}"
    );
    let attempts = client
        .attempts()
        .into_iter()
        .map(|a| {
            (
                a.attempt.server,
                a.attempt.phase,
                a.attempt.cause.to_string(),
            )
        })
        .collect();
    (elapsed, attempts)
}

fn assert_one_failed_attempt_on_server_0(attempts: &[(usize, Phase, String)], phase: Phase) {
    assert_eq!(attempts.len(), 1, "{attempts:?}");
    assert_eq!(attempts[0].0, 0, "{attempts:?}");
    assert_eq!(attempts[0].1, phase, "{attempts:?}");
}

#[test]
fn a_delay_longer_than_the_timeout_costs_one_timeout_then_fails_over() {
    let pair = Pair::new(Faults {
        delay: Some(Duration::from_secs(4)),
        ..Faults::default()
    });
    let (elapsed, attempts) = query_fails_over(&pair);
    assert_one_failed_attempt_on_server_0(&attempts, Phase::Receive);
    assert!(attempts[0].2.contains("timed out"), "{attempts:?}");
    assert!(
        elapsed >= TIMEOUT && elapsed < TIMEOUT + SLACK,
        "{elapsed:?}"
    );
}

#[test]
fn a_delay_shorter_than_the_timeout_is_just_slow() {
    let pair = Pair::new(Faults {
        delay: Some(Duration::from_millis(200)),
        ..Faults::default()
    });
    let mut client = pair.client(0);
    let start = Instant::now();
    client
        .query(&[QueryFunction::QUERY_OPERATIONS])
        .expect("answered");
    assert!(client.attempts().is_empty(), "{:?}", client.attempts());
    assert!(start.elapsed() >= Duration::from_millis(200));
    assert_eq!(
        pair.healthy.server.stats().requests,
        0,
        "server 1 was not needed"
    );
}

#[test]
fn a_response_cut_short_fails_over_at_once() {
    let pair = Pair::new(Faults {
        close_after_bytes: Some(20),
        ..Faults::default()
    });
    let (elapsed, attempts) = query_fails_over(&pair);
    assert_one_failed_attempt_on_server_0(&attempts, Phase::Receive);
    assert!(elapsed < SLACK, "no timeout was needed: {elapsed:?}");
}

#[test]
fn garbage_is_a_framing_error_and_fails_over_at_once() {
    let pair = Pair::new(Faults {
        garbage: true,
        ..Faults::default()
    });
    let (elapsed, attempts) = query_fails_over(&pair);
    assert_eq!(attempts.len(), 1, "{attempts:?}");
    assert!(
        matches!(attempts[0].1, Phase::Receive | Phase::Decode),
        "{attempts:?}"
    );
    assert!(elapsed < SLACK, "{elapsed:?}");
}

#[test]
fn an_absurd_declared_length_is_refused_from_the_header() {
    let pair = Pair::new(Faults {
        absurd_length: true,
        ..Faults::default()
    });
    let mut client = pair.client(0);
    let start = Instant::now();
    client
        .query(&[QueryFunction::QUERY_OPERATIONS])
        .expect("server 1 answers");
    let attempts = client.attempts();
    assert_eq!(attempts.len(), 1);
    assert!(
        matches!(attempts[0].attempt.cause, Cause::Framing(_)),
        "{:?}",
        attempts[0].attempt
    );
    // Refused from the first 8 bytes: no waiting for a body that never comes.
    assert!(start.elapsed() < SLACK, "{:?}", start.elapsed());
}

#[test]
fn an_error_status_moves_on_and_alone_is_reported_as_refused() {
    let faults = Faults {
        error: Some(ResultReason::PERMISSION_DENIED),
        ..Faults::default()
    };
    let pair = Pair::new(faults);
    let (_, attempts) = query_fails_over(&pair);
    assert_one_failed_attempt_on_server_0(&attempts, Phase::Server);
    assert!(attempts[0].2.contains("PermissionDenied"), "{attempts:?}");

    // With both servers refusing, the operation is Refused, not Unreachable.
    pair.healthy.server.set_faults(Faults {
        error: Some(ResultReason::PERMISSION_DENIED),
        ..Faults::default()
    });
    let mut client = pair.client(0);
    let err = client
        .query(&[QueryFunction::QUERY_OPERATIONS])
        .map(|_| ())
        .unwrap_err();
    assert!(matches!(err.kind, FailureKind::Refused), "{err:?}");
}

#[test]
fn item_not_found_is_an_answer_not_a_reason_to_fail_over() {
    let pair = Pair::new(Faults {
        error: Some(ResultReason::ITEM_NOT_FOUND),
        ..Faults::default()
    });
    let mut client = pair.client(0);
    match client.get("42").expect("an answer") {
        Lookup::NotFound(_) => {}
        Lookup::Found(_) => panic!("the faulty server only says Item Not Found"),
    }
    assert_eq!(
        pair.healthy.server.stats().requests,
        0,
        "server 1 was not asked"
    );
}

#[test]
fn a_server_that_listens_but_never_accepts_costs_one_timeout() {
    let pair = Pair::new(Faults {
        accept: AcceptMode::Hold,
        ..Faults::default()
    });
    let (elapsed, attempts) = query_fails_over(&pair);
    assert_eq!(attempts.len(), 1, "{attempts:?}");
    assert!(
        matches!(attempts[0].1, Phase::Connect | Phase::Tls),
        "{attempts:?}"
    );
    assert!(
        elapsed >= TIMEOUT && elapsed < TIMEOUT + SLACK,
        "{elapsed:?}"
    );
}

#[test]
fn a_server_that_drops_every_connection_fails_over_at_once() {
    let pair = Pair::new(Faults {
        accept: AcceptMode::Drop,
        ..Faults::default()
    });
    let (elapsed, attempts) = query_fails_over(&pair);
    assert_eq!(attempts.len(), 1, "{attempts:?}");
    assert!(elapsed < SLACK, "{elapsed:?}");
}

#[test]
fn an_ambiguous_create_is_not_repeated_blindly() {
    // Server 0 creates the key but its answer is cut short: the client cannot know whether
    // the key exists, so before creating on server 1 it looks the name up there.
    let pair = Pair::new(Faults {
        close_after_bytes: Some(20),
        ..Faults::default()
    });
    // A pinned version, so that the Create is the first request on the connection.
    let mut client = pair.client_with(0, ProtocolVersionChoice::Pinned(ProtocolVersion::V1_4));
    let created = client
        .create_symmetric_key(&CreateSymmetricKey::aes(256, Some("fault-test-key"), true))
        .expect("created on server 1");
    assert_eq!(created.server, 1);
    assert!(
        !created.found_by_name,
        "independent servers: nothing to find"
    );
    assert!(created.activated);
    let attempts = client.attempts();
    assert_eq!(attempts.len(), 1);
    assert!(attempts[0].attempt.ambiguous, "{:?}", attempts[0].attempt);
    // Server 1 saw a Locate before the Create (and the Activate).
    assert!(pair.healthy.server.stats().requests >= 3);
}

#[test]
fn every_fault_at_once_on_every_server_ends_unreachable_without_hanging() {
    let pair = Pair::new(Faults {
        garbage: true,
        ..Faults::default()
    });
    pair.healthy.server.set_faults(Faults {
        accept: AcceptMode::Hold,
        ..Faults::default()
    });
    let mut client = pair.client(1);
    let start = Instant::now();
    let err = client
        .query(&[QueryFunction::QUERY_OPERATIONS])
        .map(|_| ())
        .unwrap_err();
    assert!(matches!(err.kind, FailureKind::Unreachable), "{err:?}");
    assert_eq!(client.attempts().len(), 4, "2 servers x 2 passes");
    // Two passes, each with one timeout (the held server): 2 s, and no more than slack.
    let elapsed = start.elapsed();
    assert!(
        elapsed >= 2 * TIMEOUT && elapsed < 2 * TIMEOUT + SLACK,
        "{elapsed:?}"
    );
}
