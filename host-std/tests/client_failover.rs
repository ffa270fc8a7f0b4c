//! Failover over real sockets, through the `kmipkit` binary and the library clients: a first
//! server that refuses connections, one that accepts and never answers (it costs one
//! `--kmipConnectTimeoutMS`), names that do not resolve; each reaches the working server in
//! the expected time. `--kmipConnectRetries N` means N + 1 passes over the whole list, every
//! attempt listed, exit 3.
//!
//! The working server is `kmipkit dev-server` (started per test on 127.0.0.1:0, stopped by
//! its process id), or the PyKMIP server of `.ci/pykmip.sh` when this build has no
//! development server. Bounds are generous for a loaded 2-core machine.

mod interop_support;

use interop_support::{kmipkit, Run, Target};
use std::ffi::OsString;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The attempt deadline the tests use (PSMDB's minimum).
const TIMEOUT_MS: u64 = 1000;
/// What a run may take on top of the time the attempts must take (process start, TLS,
/// a loaded machine).
const SLACK: Duration = Duration::from_secs(6);

fn working(test: &str) -> Option<Target> {
    Target::dev_server().or_else(|| Target::pykmip(test))
}

/// A port on 127.0.0.1 where nothing listens (connections are refused).
fn refused_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// A listener on 127.0.0.1 that accepts connections, counts them and never says a word;
/// stopped (its thread joined, its sockets closed) on drop.
struct Silent {
    port: u16,
    accepted: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Silent {
    fn start() -> Silent {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let accepted = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (a, s) = (accepted.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let mut held: Vec<TcpStream> = Vec::new();
            for conn in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(c) = conn {
                    a.fetch_add(1, Ordering::SeqCst);
                    held.push(c);
                }
            }
        });
        Silent {
            port,
            accepted,
            stop,
            thread: Some(thread),
        }
    }

    fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for Silent {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        if let Ok(mut c) = TcpStream::connect(("127.0.0.1", self.port)) {
            let _ = c.set_read_timeout(Some(Duration::from_millis(10)));
            let _ = c.read(&mut [0u8; 1]);
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// `kmipkit --kmipServerName SERVERS … EXTRA query` with the target's PKI.
fn query(t: &Target, servers: &str, extra: &[&str]) -> Run {
    let mut args: Vec<OsString> = vec![
        "--kmipServerName".into(),
        servers.into(),
        "--kmipServerCAFile".into(),
        t.file("ca.pem").into(),
        "--kmipClientCertificateFile".into(),
        t.file("client.pem").into(),
        "--kmipConnectTimeoutMS".into(),
        TIMEOUT_MS.to_string().into(),
    ];
    args.extend(extra.iter().map(OsString::from));
    args.push("query".into());
    kmipkit(args)
}

fn within(run: &Run, at_least: Duration, at_most: Duration) {
    assert!(
        run.elapsed >= at_least && run.elapsed <= at_most,
        "took {:?}, expected {at_least:?} ..= {at_most:?}\nstderr:\n{}",
        run.elapsed,
        run.stderr
    );
}

#[test]
fn a_refusing_first_server_fails_over_at_once() {
    let Some(t) = working("a_refusing_first_server_fails_over_at_once") else {
        return;
    };
    let dead = refused_port();
    let r = query(&t, &format!("127.0.0.1:{dead},{}", t.address()), &[]).expect(0);
    assert!(r.stdout.contains("operations: "), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("note: 1 attempt failed before the answer"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains(&format!("pass 1: connect to 127.0.0.1:{dead} failed")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.to_lowercase().contains("refused"), "{}", r.stderr);
    within(&r, Duration::ZERO, SLACK);
}

#[test]
fn a_silent_first_server_costs_one_connect_timeout() {
    let Some(t) = working("a_silent_first_server_costs_one_connect_timeout") else {
        return;
    };
    let silent = Silent::start();
    let r = query(
        &t,
        &format!("127.0.0.1:{},{}", silent.port, t.address()),
        &[],
    )
    .expect(0);
    assert!(r.stdout.contains("operations: "), "{}", r.stdout);
    assert!(
        r.stderr.contains(&format!(
            "pass 1: TLS handshake with 127.0.0.1:{}",
            silent.port
        )),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("timed out"), "{}", r.stderr);
    within(
        &r,
        Duration::from_millis(TIMEOUT_MS),
        Duration::from_millis(TIMEOUT_MS) + SLACK,
    );
    assert_eq!(silent.accepted(), 1);
}

#[test]
fn names_that_do_not_resolve_fail_over() {
    let Some(t) = working("names_that_do_not_resolve_fail_over") else {
        return;
    };
    let r = query(
        &t,
        &format!(
            "nonexistent.invalid, kmip.nonexistent.invalid:5697, {}",
            t.address()
        ),
        &[],
    )
    .expect(0);
    assert!(r.stdout.contains("operations: "), "{}", r.stdout);
    assert!(r.stderr.contains("note: 2 attempts failed"), "{}", r.stderr);
    assert!(
        r.stderr.contains("resolve nonexistent.invalid:5696"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("resolve kmip.nonexistent.invalid:5697"),
        "{}",
        r.stderr
    );
    // Each name gets at most one attempt deadline, however slow the resolver.
    within(
        &r,
        Duration::ZERO,
        Duration::from_millis(2 * TIMEOUT_MS) + SLACK,
    );
}

#[test]
fn connect_retries_are_extra_passes_over_the_whole_list() {
    let Some(t) = working("connect_retries_are_extra_passes_over_the_whole_list") else {
        return;
    };
    let dead = refused_port();
    let silent = Silent::start();
    let servers = format!("127.0.0.1:{dead},127.0.0.1:{}", silent.port);

    let r = query(&t, &servers, &["--kmipConnectRetries", "2"]).expect(3);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr
            .contains("no KMIP server reachable (6 failed attempts)"),
        "{}",
        r.stderr
    );
    for pass in 1..=3 {
        assert!(
            r.stderr
                .contains(&format!("pass {pass}: connect to 127.0.0.1:{dead} failed")),
            "pass {pass}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains(&format!(
                "pass {pass}: TLS handshake with 127.0.0.1:{}",
                silent.port
            )),
            "pass {pass}: {}",
            r.stderr
        );
    }
    assert!(!r.stderr.contains("pass 4"), "{}", r.stderr);
    assert_eq!(silent.accepted(), 3, "one connection per pass");
    // No pause between passes: three silent deadlines, nothing more.
    within(
        &r,
        Duration::from_millis(3 * TIMEOUT_MS),
        Duration::from_millis(3 * TIMEOUT_MS) + SLACK,
    );

    // No retries: one pass.
    let r = query(&t, &servers, &[]).expect(3);
    assert!(r.stderr.contains("(2 failed attempts)"), "{}", r.stderr);
    assert_eq!(silent.accepted(), 4);
}

#[test]
fn the_library_clients_fail_over_and_keep_the_transport_detail() {
    use kmipkit::client::{AsyncKmipClient, KmipClient};
    use kmipkit::config::KmipArgs;
    use kmipkit::core::client::{Cause, FailureKind, Phase};
    use kmipkit::core::ttlv::QueryFunction;
    use kmipkit::tls::TransportError;

    let Some(t) = working("the_library_clients_fail_over_and_keep_the_transport_detail") else {
        return;
    };
    let dead = refused_port();
    let silent = Silent::start();
    let args = |servers: String| KmipArgs {
        server_name: Some(servers),
        server_ca_file: Some(t.file("ca.pem")),
        client_certificate_file: Some(t.file("client.pem")),
        connect_timeout_ms: Some(TIMEOUT_MS.to_string()),
        ..KmipArgs::default()
    };
    let config = args(format!(
        "127.0.0.1:{dead},127.0.0.1:{},{}",
        silent.port,
        t.address()
    ))
    .load()
    .unwrap();
    let functions = [QueryFunction::QUERY_OPERATIONS];

    let check = |attempts: &[kmipkit::client::AttemptDetail]| {
        assert_eq!(attempts.len(), 2, "{attempts:?}");
        assert_eq!(attempts[0].attempt.server, 0);
        assert!(matches!(
            attempts[0].transport.as_deref(),
            Some(TransportError::Connect {
                timed_out: false,
                ..
            })
        ));
        assert_eq!(attempts[1].attempt.server, 1);
        assert_eq!(attempts[1].attempt.cause, Cause::Timeout);
        assert_eq!(attempts[1].server, format!("127.0.0.1:{}", silent.port));
    };

    let mut kmip = KmipClient::new(&config).unwrap();
    let start = Instant::now();
    let ops = kmip.query(&functions).expect("query").operations.len();
    let took = start.elapsed();
    assert!(ops > 0);
    check(&kmip.attempts());
    assert!(
        took >= Duration::from_millis(TIMEOUT_MS)
            && took < Duration::from_millis(TIMEOUT_MS) + SLACK,
        "{took:?}"
    );

    let mut akmip = AsyncKmipClient::new(&config).unwrap();
    let start = Instant::now();
    let ops = smol::block_on(akmip.query(&functions))
        .expect("query")
        .operations
        .len();
    let took = start.elapsed();
    assert!(ops > 0);
    check(&akmip.attempts());
    assert!(
        took >= Duration::from_millis(TIMEOUT_MS)
            && took < Duration::from_millis(TIMEOUT_MS) + SLACK,
        "{took:?}"
    );

    // Only dead servers: Unreachable, every attempt kept.
    let config = args(format!("127.0.0.1:{dead},nonexistent.invalid"))
        .load()
        .unwrap();
    let mut kmip = KmipClient::new(&config).unwrap();
    let e = kmip.query(&functions).map(|_| ()).unwrap_err();
    assert_eq!(e.kind, FailureKind::Unreachable);
    let attempts = kmip.attempts();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[1].attempt.phase, Phase::Resolve);
    assert!(
        attempts[1]
            .to_string()
            .contains("resolve nonexistent.invalid:5696"),
        "{}",
        attempts[1]
    );
    assert!(silent.accepted() >= 2);
}
