//! Connection reuse (`ClientConfig::keep_idle`): what is kept, when a kept connection is used,
//! and what does not change — the walk from the first server, the cost of failover, repeat
//! safety.

use super::*;
use crate::client::ops::{CreateSymmetricKey, Destroy, GetIfActive, KeyIfActive, Revoke};
use crate::client::Cause;
use Event::{Close, Connect, Discard, Release, Request, Reuse};

/// `pinned(retries)`, keeping connections idle for up to `keep_ms`.
fn reusing(retries: u32, keep_ms: u64) -> ClientConfig {
    ClientConfig {
        keep_idle: Some(Duration::from_millis(keep_ms)),
        ..pinned(retries)
    }
}

fn with(config: ClientConfig, servers: Vec<Server>) -> Sim {
    let mut sim = Sim::new(config, servers);
    with_key(&mut sim);
    sim
}

fn causes(run: &Run) -> Vec<(usize, Phase, Cause)> {
    run.report
        .attempts
        .entries()
        .iter()
        .map(|e| (e.server, e.phase, e.cause.clone()))
        .collect()
}

const GET: Operation = Operation::GET;

#[test]
fn without_keep_idle_every_operation_connects_and_closes() {
    let mut sim = with(pinned(0), vec![Server::kms()]);
    sim.run(get("1"));
    sim.run(get("1"));
    assert_eq!(
        sim.trace,
        [
            Connect(0),
            Request(0, GET),
            Close,
            Connect(0),
            Request(0, GET),
            Close
        ]
    );
    assert_eq!(sim.client.idle_since(0), None);
}

#[test]
fn a_zero_idle_limit_keeps_nothing() {
    let mut sim = with(reusing(0, 0), vec![Server::kms()]);
    sim.run(get("1"));
    sim.run(get("1"));
    assert_eq!(sim.connects(), [0, 0]);
    assert!(!sim.trace.iter().any(|e| matches!(e, Release(_))));
}

#[test]
fn the_connection_of_a_successful_operation_is_kept_and_reused_on_the_first_server() {
    let mut sim = with(reusing(0, 60_000), vec![Server::kms(), Server::kms()]);
    assert_eq!(answered_by(&sim.run(get("1"))), 0);
    sim.wait(10);
    assert_eq!(answered_by(&sim.run(get("1"))), 0);
    assert_eq!(sim.client.idle_since(0), Some(Instant(10)));
    sim.wait(10);
    // Item Not Found is an answer: the connection is in step and kept.
    let run = sim.run(get("404"));
    assert!(matches!(run.result, Ok(Outcome::NotFound { .. })));
    assert_eq!(
        sim.trace,
        [
            Connect(0),
            Request(0, GET),
            Release(0),
            Reuse(0),
            Request(0, GET),
            Release(0),
            Reuse(0),
            Request(0, GET),
            Release(0),
        ]
    );
    assert_eq!(sim.client.idle_since(1), None);
}

#[test]
fn a_failed_operation_closes_its_connection() {
    // Destroy of an Active key: the server refuses; nothing is kept.
    let mut sim = with(reusing(0, 60_000), vec![Server::kms()]);
    sim.run(get("1"));
    sim.clear_trace();
    let run = sim.run(Plan::request(DestroyRequest::new("1")));
    assert_eq!(run.result, Err(FailureKind::Refused));
    // A state change takes a new connection (see below); the refusal closes it.
    assert_eq!(
        sim.trace,
        [
            Discard(0),
            Connect(0),
            Request(0, Operation::DESTROY),
            Close
        ]
    );
    assert_eq!(sim.client.idle_since(0), None);
    assert!(sim.kept[0].is_none());
}

#[test]
fn a_kept_connection_the_server_closed_is_replaced_once_for_a_get() {
    for stale in [Stale::Eof, Stale::Reset, Stale::SendFails] {
        let first = Server::kms().closes_idle_after(500, stale);
        let mut sim = with(reusing(0, 60_000), vec![first, Server::kms()]);
        sim.run(get("1"));
        sim.wait(1000);
        sim.clear_trace();
        let run = sim.run(get("1"));
        // The server never saw the request on the closed connection; it sees it once, on the
        // new one. No failed attempt, no time lost, no move to server 1.
        assert_eq!(answered_by(&run), 0, "{stale:?}");
        assert_eq!(
            sim.trace,
            [Reuse(0), Close, Connect(0), Request(0, GET), Release(0)],
            "{stale:?}"
        );
        assert!(run.report.attempts.is_empty(), "{stale:?}");
        assert_eq!(run.report.reconnects, 1);
        assert_eq!(run.elapsed, 0);
    }
}

#[test]
fn the_replacement_connection_is_tried_once_then_failover_goes_on() {
    // Server 0 closed the kept connection and now refuses new ones: the one reconnect fails,
    // as an ordinary attempt, and server 1 answers.
    let first = Server::kms()
        .conns(&[Conn::Accept, Conn::Refuse])
        .closes_idle_after(500, Stale::Reset);
    let mut sim = with(reusing(0, 60_000), vec![first, Server::kms()]);
    sim.run(get("1"));
    sim.wait(1000);
    sim.clear_trace();
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 1);
    assert_eq!(
        sim.trace,
        [
            Reuse(0),
            Close,
            Connect(0),
            Connect(1),
            Request(1, GET),
            Release(1)
        ]
    );
    assert_eq!(
        causes(&run),
        [(0, Phase::Connect, Cause::Io(IoErrorKind::ConnectionRefused))]
    );
    assert_eq!(run.report.reconnects, 1);
}

#[test]
fn a_create_or_a_state_change_never_goes_over_a_kept_connection() {
    // On a connection the server closed while idle, a Create would be sent with no answer:
    // ambiguous. So it takes a new connection, as without reuse, and the kept one is closed.
    let first = Server::kms().closes_idle_after(500, Stale::Eof);
    let mut sim = with(reusing(0, 60_000), vec![first]);
    sim.run(get("1"));
    sim.wait(1000);
    sim.clear_trace();
    let made = sim.op(&CreateSymmetricKey::aes(256, Some("k2"), true), |r, run| {
        assert!(run.report.attempts.is_empty());
        assert_eq!(run.report.reconnects, 0);
        r.unwrap()
    });
    assert_eq!(
        (made.server, made.uid.as_str(), made.activated),
        (0, "2", true)
    );
    assert_eq!(
        sim.trace,
        [
            Discard(0),
            Connect(0),
            Request(0, Operation::CREATE),
            Request(0, Operation::ACTIVATE),
            Release(0)
        ]
    );
    // One new key, made once.
    assert_eq!(sim.stores[0].objects.len(), 2);

    // A state change (checked by State after an ambiguous attempt) likewise.
    sim.wait(1000);
    sim.clear_trace();
    sim.op(
        &Revoke::uid("2", RevocationReasonCode::CESSATION_OF_OPERATION),
        |r, _| assert!(r.unwrap().is_found()),
    );
    sim.wait(1000);
    sim.op(&Destroy::uid("2"), |r, _| assert!(r.unwrap().is_found()));
    assert_eq!(
        sim.trace,
        [
            Discard(0),
            Connect(0),
            Request(0, Operation::REVOKE),
            Release(0),
            Discard(0),
            Connect(0),
            Request(0, Operation::DESTROY),
            Release(0),
        ]
    );
}

#[test]
fn a_create_on_a_connection_the_host_reused_anyway_keeps_its_ambiguity_handling() {
    // A host that reuses a connection although the session did not allow it: the session
    // treats it as new, and a Create that gets no answer on it is ambiguous, as ever — never
    // sent again blindly. Driven by hand.
    let mut client = Client::new(reusing(0, 60_000), 1).unwrap();
    let (mut tx, mut rx, mut report) = (vec![0; 4096], vec![0; 4096], Report::default());
    let create = CreateSymmetricKey::aes(256, None, false);
    let mut s = Session::new(&mut client, create.plan(), &mut tx, &mut rx, &mut report);
    let now = Instant(5);
    assert!(matches!(
        s.poll(now),
        Action::Connect {
            reuse_ok: false,
            ..
        }
    ));
    s.reused(now);
    assert!(matches!(s.poll(now), Action::Send { .. }));
    s.sent(now);
    assert!(matches!(s.poll(now), Action::Receive { .. }));
    s.closed(now);
    assert_eq!(s.poll(now), Action::Close);
    match s.poll(now) {
        Action::Done(Err(FailureKind::OutcomeUnknown { operation, .. })) => {
            assert_eq!(*operation, Operation::CREATE)
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.report().reconnects, 0);
    assert!(s.report().attempts.entries()[0].ambiguous);
}

#[test]
fn the_walk_still_starts_at_the_first_server_after_a_success_on_the_second() {
    // Server 0 refuses twice, then accepts.
    let first = Server::kms().conns(&[Conn::Refuse, Conn::Refuse, Conn::Accept]);
    let mut sim = with(reusing(0, 60_000), vec![first, Server::kms()]);
    assert_eq!(answered_by(&sim.run(get("1"))), 1);
    // Server 0 is tried first again; it refuses, and the connection kept to 1 serves.
    assert_eq!(answered_by(&sim.run(get("1"))), 1);
    // Server 0 is back: it answers, although a connection to 1 is kept (no sticky server).
    assert_eq!(answered_by(&sim.run(get("1"))), 0);
    assert_eq!(answered_by(&sim.run(get("1"))), 0);
    assert_eq!(
        sim.trace,
        [
            Connect(0),
            Connect(1),
            Request(1, GET),
            Release(1),
            Connect(0),
            Reuse(1),
            Request(1, GET),
            Release(1),
            Connect(0),
            Request(0, GET),
            Release(0),
            Reuse(0),
            Request(0, GET),
            Release(0),
        ]
    );
    // At most one connection per server.
    assert!(sim.kept[0].is_some() && sim.kept[1].is_some());
}

#[test]
fn a_kept_connection_idle_for_the_limit_is_closed_not_reused() {
    let mut sim = with(reusing(0, 1000), vec![Server::kms()]);
    sim.run(get("1"));
    sim.wait(999);
    sim.run(get("1"));
    sim.wait(1000);
    sim.run(get("1"));
    assert_eq!(
        sim.trace,
        [
            Connect(0),
            Request(0, GET),
            Release(0),
            Reuse(0),
            Request(0, GET),
            Release(0),
            Discard(0),
            Connect(0),
            Request(0, GET),
            Release(0),
        ]
    );
}

#[test]
fn expired_connections_to_servers_the_walk_does_not_reach_are_closed_at_the_start() {
    let first = Server::kms().conns(&[Conn::Refuse, Conn::Accept]);
    let mut sim = with(reusing(0, 1000), vec![first, Server::kms()]);
    assert_eq!(answered_by(&sim.run(get("1"))), 1);
    sim.wait(5000);
    sim.clear_trace();
    assert_eq!(answered_by(&sim.run(get("1"))), 0);
    assert_eq!(
        sim.trace,
        [Discard(1), Connect(0), Request(0, GET), Release(0)]
    );
    assert!(sim.kept[1].is_none());
}

#[test]
fn a_kept_connection_to_a_server_gone_silent_costs_one_timeout_as_a_new_one_would() {
    let mut sim = with(reusing(0, 60_000), vec![Server::kms(), Server::kms()]);
    sim.run(get("1"));
    sim.servers[0].answer_with(|_, _| Reply::Silent);
    sim.clear_trace();
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 1);
    assert_eq!(run.elapsed, 1000);
    assert_eq!(causes(&run), [(0, Phase::Receive, Cause::Timeout)]);
    assert_eq!(run.report.reconnects, 0);
    assert_eq!(
        sim.trace,
        [
            Reuse(0),
            Request(0, GET),
            Close,
            Connect(1),
            Request(1, GET),
            Release(1)
        ]
    );
}

#[test]
fn a_closed_kept_connection_to_a_server_now_blackholed_costs_one_connect_timeout() {
    let first = Server::kms()
        .conns(&[Conn::Accept, Conn::Blackhole])
        .closes_idle_after(500, Stale::Eof);
    let mut sim = with(reusing(0, 60_000), vec![first, Server::kms()]);
    sim.run(get("1"));
    sim.wait(1000);
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 1);
    assert_eq!(run.elapsed, 1000);
    assert_eq!(causes(&run), [(0, Phase::Connect, Cause::Timeout)]);
    assert_eq!(run.report.reconnects, 1);
}

#[test]
fn failover_costs_the_same_with_and_without_reuse() {
    type Make = fn() -> Vec<Server>;
    let cases: [(&str, Make); 4] = [
        ("blackhole", || {
            vec![Server::conn(Conn::Blackhole), Server::kms(), Server::kms()]
        }),
        ("refused", || {
            vec![Server::conn(Conn::Refuse), Server::kms(), Server::kms()]
        }),
        ("silent", || {
            vec![
                Server::with(|_, _| Reply::Silent),
                Server::kms(),
                Server::kms(),
            ]
        }),
        ("stall then reset", || {
            vec![
                Server::with(|r, k| Reply::StallAfter(k.answer(r), 20)),
                Server::with(|r, k| Reply::ResetAfter(k.answer(r), 13)),
                Server::kms(),
            ]
        }),
    ];
    for (name, servers) in cases {
        let mut off = with(pinned(1), servers());
        let mut on = with(reusing(1, 60_000), servers());
        for round in 0..3 {
            let (a, b) = (off.run(get("1")), on.run(get("1")));
            assert_eq!(a.elapsed, b.elapsed, "{name}, operation {round}");
            assert_eq!(answered_by(&a), answered_by(&b), "{name}");
            assert_eq!(causes(&a), causes(&b), "{name}");
        }
        // The same requests reached the servers.
        assert_eq!(off.requests(), on.requests(), "{name}");
    }
}

#[test]
fn a_reused_connection_that_has_answered_fails_like_any_other() {
    // PSMDB's read on a kept connection: the State comes back (the connection is alive), then
    // the Get is reset: an ordinary failed attempt, and failover.
    let mut sim = with(reusing(0, 60_000), vec![Server::kms(), Server::kms()]);
    sim.run(get("1"));
    sim.servers[0].answer_with(|r, k| {
        let bytes = k.answer(r);
        if r.op == Operation::GET {
            Reply::ResetAfter(bytes, 0)
        } else {
            Reply::Message(bytes)
        }
    });
    sim.clear_trace();
    let run = sim.op(&GetIfActive("1"), |r, run| {
        assert!(matches!(r.unwrap(), KeyIfActive::Active(_)));
        run.report.clone()
    });
    assert_eq!(run.reconnects, 0);
    assert_eq!(run.attempts.servers().collect::<Vec<_>>(), [0], "{}", run);
    assert_eq!(sim.trace[0], Reuse(0));
    assert_eq!(sim.connects(), [1]);
}

#[test]
fn bytes_after_the_final_answer_close_the_connection_instead_of_keeping_it() {
    let junk = Server::with(|r, k| Reply::WithTrailing(k.answer(r), vec![0x42; 8]));
    let mut sim = with(reusing(0, 60_000), vec![junk]);
    assert_eq!(answered_by(&sim.run(get("1"))), 0);
    assert_eq!(sim.trace, [Connect(0), Request(0, GET), Close]);
    assert_eq!(sim.client.idle_since(0), None);
    sim.run(get("1"));
    assert_eq!(sim.connects(), [0, 0]);
}
