//! Failover: what moves on to the next server, in which order, and what it costs in time.
//! Every attempt times out after 1000 virtual ms.

use super::*;
use crate::client::{Cause, Mismatch};

fn three(a: Server, b: Server, c: Server) -> Sim {
    let mut sim = Sim::new(pinned(0), vec![a, b, c]);
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

#[test]
fn refused_connections_move_on_at_once() {
    let mut sim = three(
        Server::conn(Conn::Refuse),
        Server::conn(Conn::Refuse),
        Server::kms(),
    );
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 2);
    assert_eq!(sim.connects(), [0, 1, 2]);
    assert_eq!(run.elapsed, 0);
    assert_eq!(
        causes(&run),
        [
            (0, Phase::Connect, Cause::Io(IoErrorKind::ConnectionRefused)),
            (1, Phase::Connect, Cause::Io(IoErrorKind::ConnectionRefused)),
        ]
    );
    assert!(!run.report.attempts.entries()[0].ambiguous);
}

#[test]
fn a_blackholed_first_server_costs_exactly_one_connect_timeout() {
    let mut sim = three(Server::conn(Conn::Blackhole), Server::kms(), Server::kms());
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 1);
    assert_eq!(sim.connects(), [0, 1]);
    assert_eq!(run.elapsed, 1000);
    assert_eq!(causes(&run), [(0, Phase::Connect, Cause::Timeout)]);
}

#[test]
fn resolve_and_tls_failures_name_their_phase() {
    let mut sim = three(
        Server::conn(Conn::NoSuchHost),
        Server::conn(Conn::TlsFail),
        Server::kms(),
    );
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 2);
    assert_eq!(
        causes(&run),
        [
            (0, Phase::Resolve, Cause::Io(IoErrorKind::NotFound)),
            (1, Phase::Tls, Cause::Io(IoErrorKind::InvalidData)),
        ]
    );
}

#[test]
fn a_server_that_accepts_and_never_answers_costs_one_timeout() {
    let mut sim = three(
        Server::with(|_, _| Reply::Silent),
        Server::kms(),
        Server::kms(),
    );
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 1);
    assert_eq!(sim.requests(), [(0, Operation::GET), (1, Operation::GET)]);
    assert_eq!(run.elapsed, 1000);
    assert_eq!(causes(&run), [(0, Phase::Receive, Cause::Timeout)]);
    // Get changes nothing: the failure is not ambiguous for it, but it was sent.
    assert_eq!(
        run.report.attempts.entries()[0].operation,
        Some(Operation::GET)
    );
}

#[test]
fn a_server_that_stalls_mid_response_costs_one_timeout() {
    let stall = Server::with(|r, k| Reply::StallAfter(k.answer(r), 20));
    let mut sim = three(stall, Server::kms(), Server::kms());
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 1);
    assert_eq!(run.elapsed, 1000);
    assert_eq!(causes(&run), [(0, Phase::Receive, Cause::Timeout)]);
}

#[test]
fn a_server_that_resets_mid_frame_moves_on_at_once() {
    let reset = Server::with(|r, k| Reply::ResetAfter(k.answer(r), 13));
    let mut sim = three(reset, Server::kms(), Server::kms());
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 1);
    assert_eq!(run.elapsed, 0);
    assert_eq!(
        causes(&run),
        [(0, Phase::Receive, Cause::Io(IoErrorKind::ConnectionReset))]
    );
}

#[test]
fn a_server_that_closes_mid_frame_moves_on() {
    let close = Server::with(|r, k| Reply::CloseAfter(k.answer(r), 40));
    let mut sim = three(close, Server::kms(), Server::kms());
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 1);
    assert_eq!(causes(&run), [(0, Phase::Receive, Cause::Closed)]);
}

#[test]
fn an_answer_byte_by_byte_is_read_whole_and_never_past_its_end() {
    let slow = Server::with(|r, k| Reply::ByteByByte(k.answer(r))).latency(3);
    let mut sim = three(slow, Server::kms(), Server::kms());
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 0);
    assert_eq!(sim.connects(), [0]);
    assert!(run.report.attempts.is_empty());
    assert_eq!(run.elapsed, 3);
    // The session asked for the 8-byte header first, then exactly the body.
    assert!(sim.max_asked <= run.response.as_ref().unwrap().len() - 8);
    assert_eq!(sim.trace.last(), Some(&Event::Close));
}

#[test]
fn garbage_is_refused_from_its_first_bytes() {
    let http = Server::with(|_, _| Reply::Message(b"HTTP/1.1 400 Bad Request\r\n\r\n".to_vec()));
    let mut sim = three(http, Server::kms(), Server::kms());
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 1);
    let c = causes(&run);
    assert!(
        matches!(c[0], (0, Phase::Decode, Cause::Framing(_))),
        "{c:?}"
    );
}

#[test]
fn a_well_framed_message_that_is_not_a_response_is_a_decode_failure() {
    // A TTLV Integer, not a Response Message.
    let junk = vec![0x42, 0x00, 0x7B, 0x02, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0];
    let mut sim = three(
        Server::with(move |_, _| Reply::Message(junk.clone())),
        Server::kms(),
        Server::kms(),
    );
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 1);
    assert!(matches!(
        causes(&run)[0],
        (0, Phase::Decode, Cause::Invalid(_))
    ));
}

#[test]
fn a_declared_length_beyond_the_maximum_is_refused_before_the_body() {
    // 8 bytes of header declaring a 1 MiB Response Message, then (never read) body bytes.
    let mut huge = vec![0x42, 0x00, 0x7B, 0x01, 0x00, 0x10, 0x00, 0x00];
    huge.extend_from_slice(&[0; 64]);
    let mut sim = three(
        Server::with(move |_, _| Reply::Message(huge.clone())),
        Server::kms(),
        Server::kms(),
    );
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 1);
    let c = causes(&run);
    assert!(
        matches!(
            &c[0],
            (0, Phase::Decode, Cause::Framing(e)) if matches!(e.kind, crate::ttlv::DecodeErrorKind::MessageTooLarge { .. })
        ),
        "{c:?}"
    );
}

#[test]
fn a_configured_maximum_response_size_below_the_buffer_is_enforced() {
    let mut config = pinned(0);
    config.max_response_size = Some(180);
    let mut sim = Sim::new(config, vec![Server::kms(), Server::kms()]);
    with_key(&mut sim);
    let run = sim.run(get("1"));
    // A Get answer with a 32-byte key is longer than 180 bytes: refused by both.
    assert_eq!(run.result, Err(FailureKind::Unreachable));
    assert_eq!(sim.connects(), [0, 1]);
    // A small answer passes.
    let run = sim.run(Plan::request(QueryRequest::default()));
    assert_eq!(answered_by(&run), 0);
}

#[test]
fn every_error_status_moves_on_to_the_next_server() {
    for reason in [
        ResultReason::PERMISSION_DENIED,
        ResultReason::AUTHENTICATION_NOT_SUCCESSFUL,
        ResultReason::OPERATION_NOT_SUPPORTED,
        ResultReason::INVALID_MESSAGE,
        ResultReason::INVALID_FIELD,
        ResultReason::RESPONSE_TOO_LARGE,
        ResultReason::CRYPTOGRAPHIC_FAILURE,
        ResultReason::GENERAL_FAILURE,
        ResultReason::WRONG_KEY_LIFECYCLE_STATE,
    ] {
        let refuse =
            Server::with(move |r, _| Reply::Message(failure(r.version, r.op, reason, "no")));
        let mut sim = three(refuse, Server::kms(), Server::kms());
        let run = sim.run(get("1"));
        assert_eq!(answered_by(&run), 1, "{reason}");
        let e = &run.report.attempts.entries()[0];
        assert_eq!((e.server, e.phase, e.ambiguous), (0, Phase::Server, false));
        assert!(
            matches!(&e.cause, Cause::Server(s) if s.reason == Some(reason) && s.message == "no")
        );
    }
}

#[test]
fn operation_undone_and_pending_move_on_too() {
    let undone = Server::with(|r, _| {
        let mut item = ResponseBatchItem::failure(Some(r.op), ResultReason::GENERAL_FAILURE, None);
        item.result_status = crate::ttlv::ResultStatus::OPERATION_UNDONE;
        Reply::Message(response(r.version, item))
    });
    let pending = Server::with(|r, _| {
        let mut item = ResponseBatchItem::success(QueryResponse::default());
        item.operation = Some(r.op);
        item.payload = None;
        item.result_status = crate::ttlv::ResultStatus::OPERATION_PENDING;
        item.asynchronous_correlation_value = Some(b"later");
        Reply::Message(response(r.version, item))
    });
    let mut sim = three(undone, pending, Server::kms());
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 2);
    let c = causes(&run);
    assert!(
        matches!(&c[0], (0, Phase::Server, Cause::Server(s)) if s.status == crate::ttlv::ResultStatus::OPERATION_UNDONE)
    );
    assert_eq!(c[1], (1, Phase::Decode, Cause::Mismatch(Mismatch::Pending)));
}

#[test]
fn item_not_found_is_an_answer_and_no_other_server_is_asked() {
    let mut sim = three(Server::kms(), Server::kms(), Server::kms());
    let run = sim.run(get("99999"));
    match &run.result {
        Ok(Outcome::NotFound { answer, error }) => {
            assert_eq!(answer.server, 0);
            assert_eq!(error.reason, Some(ResultReason::ITEM_NOT_FOUND));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(sim.connects(), [0]);
    assert!(run.report.attempts.is_empty());
}

#[test]
fn object_not_found_in_2x_is_an_answer_too() {
    let two = Server::with(|r, _| {
        Reply::Message(failure(
            r.version,
            r.op,
            ResultReason::OBJECT_NOT_FOUND,
            "gone",
        ))
    });
    let mut sim = three(two, Server::kms(), Server::kms());
    let run = sim.run(get("1"));
    assert!(matches!(run.result, Ok(Outcome::NotFound { .. })));
    assert_eq!(sim.connects(), [0]);
}

#[test]
fn all_refusing_is_refused_and_all_down_is_unreachable() {
    let deny = || {
        Server::with(|r, _| {
            Reply::Message(failure(
                r.version,
                r.op,
                ResultReason::PERMISSION_DENIED,
                "no",
            ))
        })
    };
    let mut sim = three(deny(), deny(), deny());
    let run = sim.run(get("1"));
    assert_eq!(run.result, Err(FailureKind::Refused));
    assert_eq!(run.report.attempts.servers().collect::<Vec<_>>(), [0, 1, 2]);

    let mut sim = three(
        Server::conn(Conn::Refuse),
        Server::conn(Conn::Blackhole),
        Server::with(|_, _| Reply::Silent),
    );
    let run = sim.run(get("1"));
    assert_eq!(run.result, Err(FailureKind::Unreachable));
    assert_eq!(run.elapsed, 2000);

    // One server that answers and refuses is enough for "refused".
    let mut sim = three(
        Server::conn(Conn::Blackhole),
        deny(),
        Server::conn(Conn::Refuse),
    );
    let run = sim.run(get("1"));
    assert_eq!(run.result, Err(FailureKind::Refused));
}

#[test]
fn retries_are_whole_passes_over_the_list_in_order() {
    let mut sim = Sim::new(
        pinned(2),
        vec![
            Server::conn(Conn::Blackhole),
            Server::conn(Conn::Blackhole),
            Server::conn(Conn::Blackhole),
        ],
    );
    let run = sim.run(get("1"));
    assert_eq!(run.result, Err(FailureKind::Unreachable));
    assert_eq!(sim.connects(), [0, 1, 2, 0, 1, 2, 0, 1, 2]);
    assert_eq!(run.elapsed, 9000);
    let passes: Vec<u32> = run
        .report
        .attempts
        .entries()
        .iter()
        .map(|e| e.pass)
        .collect();
    assert_eq!(passes, [0, 0, 0, 1, 1, 1, 2, 2, 2]);
}

#[test]
fn an_optional_pause_separates_passes() {
    let mut config = pinned(2);
    config.policy.pause_between_passes = Duration::from_millis(250);
    let mut sim = Sim::new(
        config,
        vec![Server::conn(Conn::Blackhole), Server::conn(Conn::Refuse)],
    );
    let run = sim.run(get("1"));
    assert_eq!(sim.connects(), [0, 1, 0, 1, 0, 1]);
    assert_eq!(run.elapsed, 3 * 1000 + 2 * 250);
}

#[test]
fn a_mix_of_faults_over_three_servers_and_two_passes() {
    // Pass 1: refused, silent, garbage. Pass 2: server 0 is back.
    let s0 = Server::kms().conns(&[Conn::Refuse, Conn::Accept]);
    let s1 = Server::with(|_, _| Reply::Silent);
    let s2 = Server::with(|_, _| Reply::Message(vec![0xFF; 24]));
    let mut sim = Sim::new(pinned(1), vec![s0, s1, s2]);
    with_key(&mut sim);
    let run = sim.run(get("1"));
    match &run.result {
        Ok(Outcome::Answered(a)) => assert_eq!((a.server, a.pass), (0, 1)),
        other => panic!("{other:?}"),
    }
    assert_eq!(sim.connects(), [0, 1, 2, 0]);
    assert_eq!(run.elapsed, 1000);
    let phases: Vec<_> = causes(&run).into_iter().map(|(s, p, _)| (s, p)).collect();
    assert_eq!(
        phases,
        [(0, Phase::Connect), (1, Phase::Receive), (2, Phase::Decode)]
    );
}

#[test]
fn every_operation_starts_again_at_the_first_server() {
    let s0 = Server::kms().conns(&[Conn::Refuse, Conn::Accept]);
    let mut sim = three(s0, Server::kms(), Server::kms());
    assert_eq!(answered_by(&sim.run(get("1"))), 1);
    // No sticky server: the next operation tries server 0 first, which is back.
    assert_eq!(answered_by(&sim.run(get("1"))), 0);
    assert_eq!(sim.connects(), [0, 1, 0]);
}

#[test]
fn connect_and_each_exchange_get_their_own_timeout() {
    // Connect takes 900 ms, each exchange 800 ms: each fits in its 1000 ms, the whole
    // State-then-Get sequence takes 2500 ms and succeeds.
    let slow = Server::kms().connect_latency(900).latency(800);
    let mut sim = three(slow, Server::kms(), Server::kms());
    let run = sim.run(Plan::GetIfActive(Uid::Text("1")));
    assert_eq!(answered_by(&run), 0);
    assert_eq!(
        sim.requests(),
        [(0, Operation::GET_ATTRIBUTES), (0, Operation::GET)]
    );
    assert_eq!(run.elapsed, 2500);
}

#[test]
fn an_exchange_that_overruns_its_timeout_fails_even_if_bytes_arrive() {
    let late = Server::kms().latency(1500);
    let mut sim = three(late, Server::kms(), Server::kms());
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 1);
    assert_eq!(causes(&run), [(0, Phase::Receive, Cause::Timeout)]);
    assert_eq!(run.elapsed, 1500);
}

#[test]
fn bytes_after_the_response_are_out_of_step_mid_sequence() {
    // Trailing bytes after the State answer: the next exchange would read them.
    let chatty = Server::with(|r, k| Reply::WithTrailing(k.answer(r), vec![0x42; 8]));
    let mut sim = three(chatty, Server::kms(), Server::kms());
    let run = sim.run(Plan::GetIfActive(Uid::Text("1")));
    assert_eq!(answered_by(&run), 1);
    assert_eq!(
        causes(&run)[0],
        (0, Phase::Decode, Cause::Mismatch(Mismatch::TrailingBytes))
    );
}

#[test]
fn an_answer_for_another_operation_is_a_mismatch() {
    let confused = Server::with(|r, _| Reply::Message(ok(r.version, QueryResponse::default())));
    let mut sim = three(confused, Server::kms(), Server::kms());
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 1);
    assert!(matches!(
        causes(&run)[0],
        (
            0,
            Phase::Decode,
            Cause::Mismatch(Mismatch::Operation { .. })
        )
    ));
}

#[test]
fn get_if_active_stops_at_the_state_when_not_active() {
    let mut sim = three(Server::kms(), Server::kms(), Server::kms());
    with_key(&mut sim);
    sim.stores[0].objects[0].state = State::DEACTIVATED;
    let run = sim.run(Plan::GetIfActive(Uid::Text("1")));
    assert_eq!(
        run.result,
        Ok(Outcome::NotActive {
            server: 0,
            state: Some(State::DEACTIVATED)
        })
    );
    assert_eq!(sim.requests(), [(0, Operation::GET_ATTRIBUTES)]);
}

#[test]
fn no_servers_is_unreachable_at_once() {
    let mut sim = Sim::new(pinned(3), vec![]);
    let run = sim.run(get("1"));
    assert_eq!(run.result, Err(FailureKind::Unreachable));
    assert_eq!(run.elapsed, 0);
}

#[test]
fn a_request_too_big_for_the_transmit_buffer_is_a_request_error() {
    let mut sim = three(Server::kms(), Server::kms(), Server::kms());
    sim.tx = vec![0; 16];
    let run = sim.run(get("1"));
    assert!(matches!(run.result, Err(FailureKind::Request(_))));
    assert_eq!(sim.trace, [Event::Connect(0), Event::Close]);
}
