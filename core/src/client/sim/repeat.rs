//! Repeat safety: one test per rule of `client::repeat`.
//!
//! "Ambiguous" = the request reached the server, which may have carried it out, and no answer
//! came back. The scripted servers model that exactly: they carry the request out on their
//! store ([`Kms::answer`]) and then go silent, reset or send garbage.

use super::*;
use crate::client::ops::{
    Activate, CreateSymmetricKey, Destroy, GetState, Lookup, RegisterSymmetricKey, Revoke,
};
use crate::client::{Cause, Created, Orphan};
use crate::kmip::ops::AddAttributeRequest;

/// A server that carries out the first request of `op` and then does `fault` instead of
/// answering; everything else is answered normally.
fn lose_answer(op: Operation, fault: fn(Vec<u8>) -> Reply) -> Server {
    let mut done = false;
    Server::with(move |r, k| {
        let bytes = k.answer(r);
        if r.op == op && !done {
            done = true;
            return fault(bytes);
        }
        Reply::Message(bytes)
    })
}

fn silent(_: Vec<u8>) -> Reply {
    Reply::Silent
}

fn reset(b: Vec<u8>) -> Reply {
    Reply::ResetAfter(b, 5)
}

fn garbage(_: Vec<u8>) -> Reply {
    Reply::Message(vec![
        0x42, 0x00, 0x7B, 0x01, 0, 0, 0, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0,
    ])
}

/// A server that refuses `op` with Permission Denied, and answers the rest.
fn refuse(op: Operation) -> Server {
    Server::with(move |r, k| {
        if r.op == op {
            return Reply::Message(failure(
                r.version,
                r.op,
                ResultReason::PERMISSION_DENIED,
                "no",
            ));
        }
        Reply::Message(k.answer(r))
    })
}

fn created(run_result: &Result<Outcome, FailureKind>) -> Created {
    match run_result {
        Ok(Outcome::Created(c)) => c.clone(),
        other => panic!("not created: {other:?}"),
    }
}

const KEY: [u8; 32] = [7; 32];

// --- Free operations ---------------------------------------------------------------------

#[test]
fn free_operations_are_sent_again_after_an_ambiguous_failure() {
    for op in [
        Operation::GET,
        Operation::QUERY,
        Operation::LOCATE,
        Operation::GET_ATTRIBUTES,
    ] {
        let mut sim = Sim::new(pinned(0), vec![lose_answer(op, reset), Server::kms()]);
        with_key(&mut sim);
        let plan = match op {
            Operation::GET => get("1"),
            Operation::QUERY => Plan::request(QueryRequest::default()),
            Operation::LOCATE => Plan::request(LocateRequest::default()),
            _ => Plan::request(GetAttributesRequest {
                unique_identifier: Some(Uid::Text("1")),
                ..GetAttributesRequest::default()
            }),
        };
        let run = sim.run(plan);
        assert_eq!(answered_by(&run), 1, "{op}");
        assert_eq!(sim.requests(), [(0, op), (1, op)]);
    }
}

// --- Create / Register: never blindly again ---------------------------------------------

#[test]
fn an_ambiguous_create_is_found_by_name_on_the_next_server_not_made_twice() {
    // Two replicas of one store: the Create landed, the answer was lost.
    let s0 = lose_answer(Operation::CREATE, silent).store(0);
    let s1 = Server::kms().store(0);
    let mut sim = Sim::new(pinned(0), vec![s0, s1]);
    let spec = CreateSymmetricKey::aes(256, Some("kmipkit-7f3a"), false);
    let run = sim.run(crate::client::ops::Op::plan(&spec));
    let c = created(&run.result);
    assert_eq!(
        (c.server, c.uid.as_str(), c.found_by_name, c.activated),
        (1, "1", true, false)
    );
    assert_eq!(
        sim.requests(),
        [(0, Operation::CREATE), (1, Operation::LOCATE)]
    );
    assert_eq!(sim.stores[0].objects.len(), 1, "exactly one key exists");
    assert_eq!(run.elapsed, 1000);
    let e = &run.report.attempts.entries()[0];
    assert!(e.ambiguous && e.operation == Some(Operation::CREATE));
}

#[test]
fn an_ambiguous_create_with_nothing_found_creates_on_the_next_server() {
    // Independent servers: server 1 has no such name, so it creates; the report still shows
    // that server 0 may hold an object of that name.
    let s0 = lose_answer(Operation::CREATE, garbage);
    let mut sim = Sim::new(pinned(0), vec![s0, Server::kms()]);
    let spec = CreateSymmetricKey::aes(256, Some("kmipkit-7f3a"), true);
    let run = sim.run(crate::client::ops::Op::plan(&spec));
    let c = created(&run.result);
    assert_eq!((c.server, c.found_by_name, c.activated), (1, false, true));
    assert_eq!(
        sim.requests(),
        [
            (0, Operation::CREATE),
            (1, Operation::LOCATE),
            (1, Operation::CREATE),
            (1, Operation::ACTIVATE)
        ]
    );
    let e = &run.report.attempts.entries()[0];
    assert_eq!((e.server, e.phase, e.ambiguous), (0, Phase::Decode, true));
}

#[test]
fn an_ambiguous_create_without_a_name_is_outcome_unknown_at_once() {
    let s0 = lose_answer(Operation::CREATE, reset);
    let mut sim = Sim::new(pinned(2), vec![s0, Server::kms(), Server::kms()]);
    let spec = CreateSymmetricKey::aes(256, None, false);
    let run = sim.run(crate::client::ops::Op::plan(&spec));
    assert_eq!(
        run.result,
        Err(FailureKind::OutcomeUnknown {
            server: 0,
            pass: 0,
            operation: Operation::CREATE,
        })
    );
    assert_eq!(run.report.name, None);
    assert_eq!(sim.connects(), [0], "never sent again blindly");
}

#[test]
fn an_ambiguous_register_that_cannot_be_checked_is_outcome_unknown_with_the_name() {
    // Server 0 takes the Register, loses the answer, and is unreachable afterwards.
    let s0 = lose_answer(Operation::REGISTER, silent).conns(&[Conn::Accept, Conn::Refuse]);
    let mut sim = Sim::new(
        pinned(1),
        vec![
            s0,
            Server::conn(Conn::Refuse),
            Server::conn(Conn::Blackhole),
        ],
    );
    let spec = RegisterSymmetricKey::aes(&KEY, Some("psmdb-master-1"), true);
    let run = sim.run(crate::client::ops::Op::plan(&spec));
    assert_eq!(
        run.result,
        Err(FailureKind::OutcomeUnknown {
            server: 0,
            pass: 0,
            operation: Operation::REGISTER,
        })
    );
    assert_eq!(run.report.name.as_deref(), Some("psmdb-master-1"));
    assert_eq!(sim.connects(), [0, 1, 2, 0, 1, 2]);
    assert_eq!(sim.requests(), [(0, Operation::REGISTER)]);
    assert_eq!(run.elapsed, 1000 + 1000 + 1000);
}

#[test]
fn an_ambiguous_register_is_found_again_on_the_same_server_next_pass() {
    let s0 = lose_answer(Operation::REGISTER, silent);
    let mut sim = Sim::new(pinned(1), vec![s0, Server::conn(Conn::Refuse)]);
    let spec = RegisterSymmetricKey::aes(&KEY, Some("psmdb-master-1"), true);
    let run = sim.run(crate::client::ops::Op::plan(&spec));
    let c = created(&run.result);
    // Found by Name, still Pre-Active (the Activate never ran): activated now.
    assert_eq!(
        (c.server, c.uid.as_str(), c.found_by_name, c.activated),
        (0, "1", true, true)
    );
    assert_eq!(
        sim.requests(),
        [
            (0, Operation::REGISTER),
            (0, Operation::LOCATE),
            (0, Operation::GET_ATTRIBUTES),
            (0, Operation::ACTIVATE)
        ]
    );
    assert_eq!(sim.stores[0].objects.len(), 1);
    assert_eq!(sim.stores[0].objects[0].state, State::ACTIVE);
}

#[test]
fn a_refused_create_is_not_ambiguous_and_is_tried_on_the_next_server_directly() {
    let mut sim = Sim::new(pinned(0), vec![refuse(Operation::CREATE), Server::kms()]);
    let spec = CreateSymmetricKey::aes(256, Some("k"), false);
    let run = sim.run(crate::client::ops::Op::plan(&spec));
    assert_eq!(created(&run.result).server, 1);
    assert_eq!(
        sim.requests(),
        [(0, Operation::CREATE), (1, Operation::CREATE)]
    );
}

#[test]
fn a_name_found_twice_is_not_guessed() {
    let s0 = lose_answer(Operation::CREATE, silent).store(0);
    let s1 = Server::kms().store(0);
    let mut sim = Sim::new(pinned(0), vec![s0, s1]);
    // Someone else already made an object with that name.
    sim.stores[0].objects.push(Obj {
        uid: "9".to_string(),
        name: Some("dup".to_string()),
        state: State::ACTIVE,
    });
    let spec = CreateSymmetricKey::aes(256, Some("dup"), false);
    let run = sim.run(crate::client::ops::Op::plan(&spec));
    assert_eq!(
        run.result,
        Err(FailureKind::NameNotUnique {
            server: 1,
            found: 2
        })
    );
}

// --- Create/Register + Activate: no silent orphan ----------------------------------------

#[test]
fn a_refused_activate_destroys_the_new_key_before_failing_over() {
    let mut sim = Sim::new(pinned(0), vec![refuse(Operation::ACTIVATE), Server::kms()]);
    let spec = RegisterSymmetricKey::aes(&KEY, None, true);
    let run = sim.run(crate::client::ops::Op::plan(&spec));
    let c = created(&run.result);
    assert_eq!((c.server, c.activated), (1, true));
    assert_eq!(
        sim.requests(),
        [
            (0, Operation::REGISTER),
            (0, Operation::ACTIVATE),
            (0, Operation::DESTROY),
            (1, Operation::REGISTER),
            (1, Operation::ACTIVATE)
        ]
    );
    assert!(sim.stores[0].objects.is_empty(), "no key left on server 0");
    assert!(run.report.orphans.is_empty());
}

#[test]
fn a_key_that_cannot_be_destroyed_either_is_reported_as_an_orphan() {
    let s0 = Server::with(|r, k| match r.op {
        Operation::ACTIVATE | Operation::DESTROY => Reply::Message(failure(
            r.version,
            r.op,
            ResultReason::PERMISSION_DENIED,
            "no",
        )),
        _ => Reply::Message(k.answer(r)),
    });
    let mut sim = Sim::new(pinned(0), vec![s0, Server::kms()]);
    let spec = RegisterSymmetricKey::aes(&KEY, None, true);
    let run = sim.run(crate::client::ops::Op::plan(&spec));
    assert_eq!(created(&run.result).server, 1);
    assert_eq!(
        run.report.orphans.as_slice(),
        [Orphan {
            server: 0,
            uid: crate::client::error::text("1").unwrap(),
            state: Some(State::PRE_ACTIVE)
        }]
    );
    // With no other server, the error carries the orphan.
    let s0 = Server::with(|r, k| match r.op {
        Operation::ACTIVATE | Operation::DESTROY => Reply::Message(failure(
            r.version,
            r.op,
            ResultReason::PERMISSION_DENIED,
            "no",
        )),
        _ => Reply::Message(k.answer(r)),
    });
    let mut sim = Sim::new(pinned(0), vec![s0]);
    sim.op(&spec, |out, run| {
        let e = out.expect_err("refused");
        assert_eq!(e.kind, FailureKind::Refused);
        assert_eq!((e.orphans, e.failed_attempts), (1, 2));
        assert!(std::format!("{e}").contains("1 object(s) left behind"));
        let report = std::format!("{}", run.report);
        assert!(
            report.contains("object \"1\" left on server #0"),
            "{report}"
        );
    });
}

#[test]
fn an_ambiguous_activate_that_landed_is_confirmed_on_the_same_server() {
    let s0 = lose_answer(Operation::ACTIVATE, silent);
    let mut sim = Sim::new(pinned(0), vec![s0, Server::kms()]);
    let spec = RegisterSymmetricKey::aes(&KEY, Some("m"), true);
    let run = sim.run(crate::client::ops::Op::plan(&spec));
    let c = created(&run.result);
    assert_eq!(
        (c.server, c.uid.as_str(), c.activated, c.found_by_name),
        (0, "1", true, false)
    );
    // Reconnect to server 0 (not server 1: the UID is server 0's), read the State.
    assert_eq!(sim.connects(), [0, 0]);
    assert_eq!(
        sim.requests(),
        [
            (0, Operation::REGISTER),
            (0, Operation::ACTIVATE),
            (0, Operation::GET_ATTRIBUTES)
        ]
    );
    assert_eq!(run.elapsed, 1000);
}

#[test]
fn an_ambiguous_activate_that_did_not_land_is_sent_again_after_the_state_check() {
    // The Activate request is lost before the server acts on it.
    let mut lost = false;
    let s0 = Server::with(move |r, k| {
        if r.op == Operation::ACTIVATE && !lost {
            lost = true;
            return Reply::Silent;
        }
        Reply::Message(k.answer(r))
    });
    let mut sim = Sim::new(pinned(0), vec![s0]);
    let spec = RegisterSymmetricKey::aes(&KEY, None, true);
    let run = sim.run(crate::client::ops::Op::plan(&spec));
    assert!(created(&run.result).activated);
    assert_eq!(
        sim.requests(),
        [
            (0, Operation::REGISTER),
            (0, Operation::ACTIVATE),
            (0, Operation::GET_ATTRIBUTES),
            (0, Operation::ACTIVATE)
        ]
    );
    assert_eq!(sim.stores[0].objects[0].state, State::ACTIVE);
}

#[test]
fn an_ambiguous_activate_whose_server_is_gone_leaves_a_reported_orphan() {
    let s0 = lose_answer(Operation::ACTIVATE, reset).conns(&[Conn::Accept, Conn::Refuse]);
    let mut sim = Sim::new(pinned(0), vec![s0, Server::kms()]);
    let spec = RegisterSymmetricKey::aes(&KEY, Some("m"), true);
    let run = sim.run(crate::client::ops::Op::plan(&spec));
    let c = created(&run.result);
    assert_eq!((c.server, c.found_by_name), (1, false));
    assert_eq!(sim.connects(), [0, 0, 1]);
    assert_eq!(run.report.orphans.len(), 1);
    assert_eq!(run.report.orphans[0].server, 0);
    assert_eq!(run.report.orphans[0].uid.as_str(), "1");
    // The next server looked for the name before registering.
    assert_eq!(
        sim.requests()[2..],
        [
            (1, Operation::LOCATE),
            (1, Operation::REGISTER),
            (1, Operation::ACTIVATE)
        ]
    );
}

// --- Activate / Revoke / Destroy: check the State before resending ------------------------

#[test]
fn an_ambiguous_activate_that_landed_is_not_sent_again() {
    let s0 = lose_answer(Operation::ACTIVATE, silent).store(0);
    let s1 = Server::kms().store(0);
    let mut sim = Sim::new(pinned(0), vec![s0, s1]);
    sim.stores[0].objects.push(Obj {
        uid: "5".to_string(),
        name: None,
        state: State::PRE_ACTIVE,
    });
    sim.op(&Activate::uid("5"), |out, run| {
        assert_eq!(
            out.unwrap(),
            Lookup::Found(crate::client::ops::Changed {
                server: 1,
                already: true
            })
        );
        assert_eq!(run.elapsed, 1000);
    });
    assert_eq!(
        sim.requests(),
        [(0, Operation::ACTIVATE), (1, Operation::GET_ATTRIBUTES)]
    );
}

#[test]
fn an_ambiguous_revoke_that_did_not_land_is_sent_again_after_the_check() {
    let mut lost = false;
    let s0 = Server::with(move |r, k| {
        if r.op == Operation::REVOKE && !lost {
            lost = true;
            return Reply::ResetAfter(Vec::new(), 0);
        }
        Reply::Message(k.answer(r))
    })
    .store(0);
    let s1 = Server::kms().store(0);
    let mut sim = Sim::new(pinned(0), vec![s0, s1]);
    with_key(&mut sim);
    sim.op(
        &Revoke::uid("1", RevocationReasonCode::CESSATION_OF_OPERATION),
        |out, _| assert_eq!(out.unwrap().found().map(|c| c.already), Some(false)),
    );
    assert_eq!(
        sim.requests(),
        [
            (0, Operation::REVOKE),
            (1, Operation::GET_ATTRIBUTES),
            (1, Operation::REVOKE)
        ]
    );
    assert_eq!(sim.stores[0].objects[0].state, State::DEACTIVATED);
}

#[test]
fn an_ambiguous_destroy_of_an_object_now_gone_is_done() {
    let s0 = lose_answer(Operation::DESTROY, silent).store(0);
    let s1 = Server::kms().store(0);
    let mut sim = Sim::new(pinned(0), vec![s0, s1]);
    with_key(&mut sim);
    sim.stores[0].objects[0].state = State::DEACTIVATED;
    sim.op(&Destroy::uid("1"), |out, _| {
        assert_eq!(out.unwrap().found().map(|c| c.already), Some(true))
    });
    assert_eq!(
        sim.requests(),
        [(0, Operation::DESTROY), (1, Operation::GET_ATTRIBUTES)]
    );
}

#[test]
fn a_state_change_never_checked_is_outcome_unknown_after_exhaustion() {
    let s0 = lose_answer(Operation::ACTIVATE, silent);
    let mut sim = Sim::new(pinned(0), vec![s0, Server::conn(Conn::Refuse)]);
    with_key(&mut sim);
    let run = sim.run(Plan::request(ActivateRequest::new("1")));
    assert!(matches!(
        run.result,
        Err(FailureKind::OutcomeUnknown {
            server: 0,
            operation: Operation::ACTIVATE,
            ..
        })
    ));
}

// --- Never: outcome unknown at once -----------------------------------------------------

#[test]
fn an_unrepeatable_operation_is_outcome_unknown_after_an_ambiguous_failure() {
    let s0 = Server::with(|_, _| Reply::Silent);
    let mut sim = Sim::new(pinned(1), vec![s0, Server::kms()]);
    let attr = Attribute::new(AttributeValue::Comment("x"));
    let run = sim.run(Plan::request(AddAttributeRequest {
        unique_identifier: Some(Uid::Text("1")),
        attribute: attr,
    }));
    assert!(matches!(
        run.result,
        Err(FailureKind::OutcomeUnknown {
            server: 0,
            pass: 0,
            operation: Operation::ADD_ATTRIBUTE,
        })
    ));
    assert_eq!(sim.connects(), [0]);
    // But an unambiguous failure (connect) moves on as usual.
    let mut sim = Sim::new(
        pinned(0),
        vec![Server::conn(Conn::Refuse), refuse(Operation::ADD_ATTRIBUTE)],
    );
    let run = sim.run(Plan::request(AddAttributeRequest {
        unique_identifier: Some(Uid::Text("1")),
        attribute: attr,
    }));
    assert_eq!(run.result, Err(FailureKind::Refused));
    assert_eq!(sim.connects(), [0, 1]);
}

#[test]
fn a_batch_is_repeated_only_when_every_item_may_be() {
    use crate::kmip::RequestBatchItem;
    let free = [
        RequestBatchItem::new(QueryRequest::default()).with_id(b"1"),
        RequestBatchItem::new(GetRequest::new("1")).with_id(b"2"),
    ];
    let s0 = Server::with(|_, _| Reply::Silent);
    let batch_answer = Server::with(|r, _| {
        let mut m = ResponseMessage::<2>::new(ResponseHeader::new(r.version, 0));
        m.push(ResponseBatchItem::success(QueryResponse::default()))
            .unwrap();
        m.push(ResponseBatchItem::failure(
            Some(Operation::GET),
            ResultReason::ITEM_NOT_FOUND,
            None,
        ))
        .unwrap();
        let mut buf = vec![0u8; 1024];
        let mut e = Encoder::for_slice(&mut buf);
        m.encode(&mut e).unwrap();
        let n = e.position();
        buf.truncate(n);
        Reply::Message(buf)
    });
    let mut sim = Sim::new(pinned(0), vec![s0, batch_answer]);
    let run = sim.run(Plan::Batch(&free));
    assert_eq!(answered_by(&run), 1);

    let unsafe_batch = [
        RequestBatchItem::new(QueryRequest::default()).with_id(b"1"),
        RequestBatchItem::new(DestroyRequest::new("1")).with_id(b"2"),
    ];
    let mut sim = Sim::new(
        pinned(0),
        vec![Server::with(|_, _| Reply::Silent), Server::kms()],
    );
    let run = sim.run(Plan::Batch(&unsafe_batch));
    assert!(matches!(
        run.result,
        Err(FailureKind::OutcomeUnknown { server: 0, .. })
    ));
    assert_eq!(sim.connects(), [0]);
}

#[test]
fn the_state_of_a_key_reads_as_a_lookup() {
    let mut sim = Sim::new(pinned(0), vec![Server::kms()]);
    with_key(&mut sim);
    sim.op(&GetState("1"), |out, _| {
        assert_eq!(out.unwrap(), Lookup::Found(Some(State::ACTIVE)))
    });
    sim.op(&GetState("2"), |out, _| {
        assert!(matches!(out.unwrap(), Lookup::NotFound(e) if e.reason == Some(ResultReason::ITEM_NOT_FOUND)))
    });
    let _ = Cause::Timeout;
}
