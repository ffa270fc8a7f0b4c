//! Protocol version negotiation and the maximum response size in the header.

use super::*;
use crate::client::{Cause, DEFAULT_OFFER};

fn negotiating(servers: Vec<Server>) -> Sim {
    let config = ClientConfig {
        policy: policy(0),
        ..ClientConfig::default()
    };
    let mut sim = Sim::new(config, servers);
    with_key(&mut sim);
    sim
}

/// (server, operation, header version) of every request.
type Seen = std::rc::Rc<std::cell::RefCell<Vec<(usize, Operation, ProtocolVersion)>>>;

fn versions_seen(log: &Seen) -> Vec<(usize, Operation, ProtocolVersion)> {
    log.borrow().clone()
}

fn recording() -> (Seen, impl Fn() -> Server) {
    let log = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let l = log.clone();
    let make = move || {
        let l = l.clone();
        Server::with(move |r, k| {
            l.borrow_mut().push((r.server, r.op, r.version));
            Reply::Message(k.answer(r))
        })
    };
    (log, make)
}

#[test]
fn discover_versions_once_per_server_then_the_first_common_version() {
    let (log, server) = recording();
    let mut sim = negotiating(vec![server(), server()]);
    assert_eq!(answered_by(&sim.run(get("1"))), 0);
    assert_eq!(answered_by(&sim.run(get("1"))), 0);
    // PyKMIP-like server lists 2.0 first; we offered 1.x only, so 1.4. The Discover Versions
    // request itself goes out in 1.1. The second operation does not negotiate again.
    assert_eq!(
        versions_seen(&log),
        [
            (0, Operation::DISCOVER_VERSIONS, ProtocolVersion::V1_1),
            (0, Operation::GET, ProtocolVersion::V1_4),
            (0, Operation::GET, ProtocolVersion::V1_4),
        ]
    );
    assert_eq!(sim.client.negotiated(0), Some(ProtocolVersion::V1_4));
    assert_eq!(sim.client.negotiated(1), None);
}

#[test]
fn offering_2x_follows_the_servers_preference() {
    let (log, server) = recording();
    let config = ClientConfig {
        policy: policy(0),
        versions: VersionMode::negotiate(&[ProtocolVersion::V2_0, ProtocolVersion::V1_4]),
        ..ClientConfig::default()
    };
    let mut sim = Sim::new(config, vec![server()]);
    with_key(&mut sim);
    assert_eq!(answered_by(&sim.run(get("1"))), 0);
    assert_eq!(
        versions_seen(&log),
        [
            (0, Operation::DISCOVER_VERSIONS, ProtocolVersion::V1_4),
            (0, Operation::GET, ProtocolVersion::V2_0),
        ]
    );
}

#[test]
fn the_version_is_remembered_per_server() {
    let (log, server) = recording();
    let mut old = server();
    old.conns = vec![Conn::Refuse, Conn::Accept];
    let mut sim = negotiating(vec![old, server()]);
    sim.stores[1].versions = vec![ProtocolVersion::V1_2, ProtocolVersion::V1_1];
    assert_eq!(answered_by(&sim.run(get("1"))), 1);
    assert_eq!(answered_by(&sim.run(get("1"))), 0);
    assert_eq!(sim.client.negotiated(0), Some(ProtocolVersion::V1_4));
    assert_eq!(sim.client.negotiated(1), Some(ProtocolVersion::V1_2));
    assert_eq!(
        versions_seen(&log),
        [
            (1, Operation::DISCOVER_VERSIONS, ProtocolVersion::V1_1),
            (1, Operation::GET, ProtocolVersion::V1_2),
            (0, Operation::DISCOVER_VERSIONS, ProtocolVersion::V1_1),
            (0, Operation::GET, ProtocolVersion::V1_4),
        ]
    );
    sim.client.forget_versions();
    assert_eq!(sim.client.negotiated(0), None);
}

#[test]
fn a_server_that_refuses_discover_versions_is_spoken_to_in_1_0() {
    let (log, server) = recording();
    let mut sim = negotiating(vec![server()]);
    sim.stores[0].no_discover = true;
    assert_eq!(answered_by(&sim.run(get("1"))), 0);
    assert_eq!(
        versions_seen(&log),
        [
            (0, Operation::DISCOVER_VERSIONS, ProtocolVersion::V1_1),
            (0, Operation::GET, ProtocolVersion::V1_0),
        ]
    );
    // Operation Not Supported means "no Discover Versions here": remembered.
    assert_eq!(sim.client.negotiated(0), Some(ProtocolVersion::V1_0));
}

#[test]
fn pykmip_captured_refusal_bytes_trigger_the_fallback() {
    // PyKMIP 0.11's own answer to a Discover Versions in a 1.0 header, byte for byte
    // (`kmip10_01_discover_versions_resp.hex`: Operation Failed, Operation Not Supported).
    let Some(dir) = kmipkit_tests::shared_dir("PyKMIP capture (client version fallback)") else {
        return;
    };
    let path = dir.join("kmip/pykmip-captures/kmip10_01_discover_versions_resp.hex");
    let captured =
        hex::decode(std::fs::read_to_string(path).expect("capture").trim()).expect("hex");
    let mut first = true;
    let pykmip = Server::with(move |r, k| {
        if r.op == Operation::DISCOVER_VERSIONS && first {
            first = false;
            return Reply::Message(captured.clone());
        }
        Reply::Message(k.answer(r))
    });
    let mut sim = negotiating(vec![pykmip]);
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 0);
    assert_eq!(sim.client.negotiated(0), Some(ProtocolVersion::V1_0));
    assert!(run.report.attempts.is_empty());
}

#[test]
fn other_refusals_of_discover_versions_use_1_0_without_remembering_it() {
    let mut first = true;
    let auth = Server::with(move |r, k| {
        if r.op == Operation::DISCOVER_VERSIONS && first {
            first = false;
            let e = failure(
                r.version,
                r.op,
                ResultReason::AUTHENTICATION_NOT_SUCCESSFUL,
                "who?",
            );
            return Reply::Message(e);
        }
        Reply::Message(k.answer(r))
    });
    let mut sim = negotiating(vec![auth]);
    assert_eq!(answered_by(&sim.run(get("1"))), 0);
    assert_eq!(sim.client.negotiated(0), None);
}

#[test]
fn an_empty_answer_means_no_common_version_and_the_next_server_is_tried() {
    let mut sim = negotiating(vec![Server::kms(), Server::kms()]);
    sim.stores[0].versions = vec![ProtocolVersion::V2_1];
    let run = sim.run(get("1"));
    assert_eq!(answered_by(&run), 1);
    let e = &run.report.attempts.entries()[0];
    assert_eq!(
        (e.server, e.phase, &e.cause),
        (0, Phase::Server, &Cause::NoCommonVersion)
    );
    // A server that shares no version refused: with no other server, "refused".
    let mut sim = negotiating(vec![Server::kms()]);
    sim.stores[0].versions = vec![];
    assert_eq!(sim.run(get("1")).result, Err(FailureKind::Refused));
}

#[test]
fn without_1_0_in_the_offer_a_refused_discovery_is_no_common_version() {
    let config = ClientConfig {
        policy: policy(0),
        versions: VersionMode::negotiate(&[ProtocolVersion::V1_4]),
        ..ClientConfig::default()
    };
    let mut sim = Sim::new(config, vec![Server::kms()]);
    sim.stores[0].no_discover = true;
    assert_eq!(sim.run(get("1")).result, Err(FailureKind::Refused));
    assert_eq!(sim.requests(), [(0, Operation::DISCOVER_VERSIONS)]);
}

#[test]
fn a_pinned_version_sends_no_discover_versions() {
    let (log, server) = recording();
    let config = ClientConfig {
        policy: policy(0),
        versions: VersionMode::Pinned(ProtocolVersion::V1_0),
        ..ClientConfig::default()
    };
    let mut sim = Sim::new(config, vec![server()]);
    with_key(&mut sim);
    assert_eq!(answered_by(&sim.run(get("1"))), 0);
    assert_eq!(
        versions_seen(&log),
        [(0, Operation::GET, ProtocolVersion::V1_0)]
    );
    assert_eq!(DEFAULT_OFFER[0], ProtocolVersion::V1_4);
}

#[test]
fn maximum_response_size_goes_in_the_header_when_asked() {
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let s = seen.clone();
    let server = Server::with(move |r, k| {
        s.borrow_mut().push(r.max_response_size);
        Reply::Message(k.answer(r))
    });
    let mut config = pinned(0);
    config.send_max_response_size = true;
    config.max_response_size = Some(2048);
    let mut sim = Sim::new(config, vec![server]);
    with_key(&mut sim);
    sim.run(get("1"));
    // The limit is the smaller of the configured size and the receive buffer (4096).
    assert_eq!(*seen.borrow(), [Some(2048)]);
}
