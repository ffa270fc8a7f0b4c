//! The development server over the network: mutual TLS, owners, many clients, bounded
//! message size, connection count and idle time, and each injected fault as a client sees it
//! through the raw TLS transport (`kmipkit::tls`). Servers listen on 127.0.0.1:0 and are
//! stopped (threads joined) when each test ends.

mod dev_server_support;

use std::time::{Duration, Instant};

use dev_server_support::*;
use kmipkit::server::{AcceptMode, Faults, Limits, ABSURD_HEADER, GARBAGE};
use kmipkit::tls::{Phase, TransportError};
use kmipkit_core::kmip::ops::{CreateResponse, GetResponse};
use kmipkit_core::kmip::{ProtocolVersion, ResponseMessage};
use kmipkit_core::ttlv::{
    frame, DecodeErrorKind, DecodeOptions, Operation, ResultReason, ResultStatus,
};

const V: ProtocolVersion = ProtocolVersion::V1_4;
const SECOND: Duration = Duration::from_secs(1);

fn create(s: &mut kmipkit::tls::TlsStream) -> String {
    let bytes = round_trip(s, &create_request(V), 5 * SECOND).unwrap();
    let r = ResponseMessage::<'_, 4>::decode(&bytes, V).unwrap();
    let item = r.first().unwrap();
    assert!(item.is_success(), "{item:?}");
    item.payload_as::<CreateResponse>()
        .unwrap()
        .unique_identifier
        .as_text()
        .unwrap()
        .to_owned()
}

fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let give_up = Instant::now() + 5 * SECOND;
    while !cond() {
        assert!(Instant::now() < give_up, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn create_and_get_over_mutual_tls() {
    let t = TestServer::start();
    let mut s = t.connect(5 * SECOND).unwrap();
    let uid = create(&mut s);
    let bytes = round_trip(&mut s, &get_request(V, &uid), 5 * SECOND).unwrap();
    let r = ResponseMessage::<'_, 4>::decode(&bytes, V).unwrap();
    let g = r.first().unwrap().payload_as::<GetResponse>().unwrap();
    assert_eq!(g.object.key_block().unwrap().plain_key().unwrap().len(), 32);
    s.close().ok();
    assert_eq!(t.server.stats().requests, 2);
}

#[test]
fn another_client_certificate_cn_is_refused() {
    let t = TestServer::start();
    let mut s = t.connect(5 * SECOND).unwrap();
    let uid = create(&mut s);
    let mallory = t.pki.ca.issue_client("mallory").unwrap();
    let mut m = t.connect_as(&mallory, 5 * SECOND).unwrap();
    let bytes = round_trip(&mut m, &get_request(V, &uid), 5 * SECOND).unwrap();
    let r = ResponseMessage::<'_, 4>::decode(&bytes, V).unwrap();
    let item = r.first().unwrap();
    assert_eq!(item.result_reason, Some(ResultReason::PERMISSION_DENIED));
    assert!(item.result_message.unwrap().contains("another client"));
}

#[test]
fn a_client_certificate_from_another_ca_is_refused_at_the_handshake() {
    let t = TestServer::start();
    let stranger = kmipkit::pki::unrelated_ca()
        .unwrap()
        .issue_client("john_doe")
        .unwrap();
    let result = t.connect_as(&stranger, 5 * SECOND).and_then(|mut s| {
        s.send(&create_request(V))?;
        let mut b = [0u8; 8];
        s.receive_exact(&mut b)
    });
    let err = result.unwrap_err();
    assert!(
        matches!(
            err,
            TransportError::Tls { .. } | TransportError::Closed { .. } | TransportError::Io { .. }
        ),
        "{err:?}"
    );
}

#[test]
fn many_clients_at_once() {
    let t = TestServer::start();
    let threads: Vec<_> = (0..12)
        .map(|_| {
            let mut s = t.connect(10 * SECOND).unwrap();
            std::thread::spawn(move || {
                for _ in 0..15 {
                    let uid = create(&mut s);
                    let bytes = round_trip(&mut s, &get_request(V, &uid), 10 * SECOND).unwrap();
                    let r = ResponseMessage::<'_, 4>::decode(&bytes, V).unwrap();
                    assert!(r.first().unwrap().is_success());
                }
                s.close().ok();
            })
        })
        .collect();
    for th in threads {
        th.join().unwrap();
    }
    assert_eq!(t.server.stats().requests, 12 * 15 * 2);
    assert_eq!(t.server.engine().snapshot().len(), 12 * 15);
}

#[test]
fn an_oversized_request_is_refused_before_it_is_read() {
    let limits = Limits {
        max_message_size: 4096,
        ..Limits::default()
    };
    let t = TestServer::start_with(Faults::default(), limits);
    let mut s = t.connect(5 * SECOND).unwrap();
    // A Request Message header declaring 1 MiB, and nothing more.
    let header = [0x42, 0x00, 0x78, 0x01, 0x00, 0x10, 0x00, 0x00];
    let bytes = round_trip(&mut s, &header, 5 * SECOND).unwrap();
    let r = ResponseMessage::<'_, 4>::decode(&bytes, ProtocolVersion::V1_0).unwrap();
    let item = r.first().unwrap();
    assert_eq!(item.result_reason, Some(ResultReason::INVALID_MESSAGE));
    assert!(item.result_message.unwrap().contains("4096"), "{item:?}");
    // And the connection is closed (the stream cannot be resynchronised).
    let mut b = [0u8; 1];
    assert!(matches!(
        s.receive(&mut b),
        Err(TransportError::Closed { .. })
    ));
}

#[test]
fn idle_connections_are_closed() {
    let limits = Limits {
        idle_timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let t = TestServer::start_with(Faults::default(), limits);
    let mut s = t.connect(5 * SECOND).unwrap();
    create(&mut s);
    std::thread::sleep(Duration::from_millis(800));
    s.set_deadline(Some(Instant::now() + 5 * SECOND));
    let started = Instant::now();
    let mut b = [0u8; 8];
    let err = s.receive(&mut b).unwrap_err();
    assert!(matches!(err, TransportError::Closed { .. }), "{err:?}");
    assert!(started.elapsed() < SECOND, "already closed, not waiting");
    wait_until("the connection is released", || {
        t.server.stats().active == 0
    });
    // A silent client that never completes a message is cut off too.
    let mut s = t.connect(5 * SECOND).unwrap();
    s.set_deadline(Some(Instant::now() + 5 * SECOND));
    s.send(&create_request(V)[..10]).unwrap();
    let err = s.receive(&mut b).unwrap_err();
    assert!(matches!(err, TransportError::Closed { .. }), "{err:?}");
}

#[test]
fn connections_beyond_the_limit_are_closed_at_once() {
    let limits = Limits {
        max_connections: 2,
        ..Limits::default()
    };
    let t = TestServer::start_with(Faults::default(), limits);
    let mut a = t.connect(5 * SECOND).unwrap();
    let mut b = t.connect(5 * SECOND).unwrap();
    create(&mut a);
    create(&mut b);
    let third = t.connect(5 * SECOND).and_then(|mut s| {
        s.set_deadline(Some(Instant::now() + 5 * SECOND));
        s.send(&create_request(V))?;
        let mut h = [0u8; 8];
        s.receive_exact(&mut h)
    });
    assert!(third.is_err(), "the third connection is refused");
    assert_eq!(t.server.stats().refused, 1);
    // Once one closes, a new client gets in.
    a.close().ok();
    wait_until("a slot is free", || t.server.stats().active == 1);
    let mut c = t.connect(5 * SECOND).unwrap();
    create(&mut c);
}

// ---------------------------------------------------------------------------------------------
// Injected faults, as the client sees them

#[test]
fn fault_delay_before_answering() {
    let t = TestServer::start_with(
        Faults {
            delay: Some(Duration::from_millis(600)),
            ..Faults::default()
        },
        Limits::default(),
    );
    let mut s = t.connect(5 * SECOND).unwrap();
    let started = Instant::now();
    let err = round_trip(&mut s, &create_request(V), Duration::from_millis(200)).unwrap_err();
    assert!(
        err.contains("timed out") || err.contains("deadline"),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(550),
        "the client's deadline held"
    );
    // A patient client gets the answer, late.
    let mut s = t.connect(5 * SECOND).unwrap();
    let started = Instant::now();
    let bytes = round_trip(&mut s, &create_request(V), 5 * SECOND).unwrap();
    assert!(started.elapsed() >= Duration::from_millis(600));
    assert!(ResponseMessage::<'_, 4>::decode(&bytes, V)
        .unwrap()
        .first()
        .unwrap()
        .is_success());
}

#[test]
fn fault_close_after_n_bytes() {
    let t = TestServer::start_with(
        Faults {
            close_after_bytes: Some(20),
            ..Faults::default()
        },
        Limits::default(),
    );
    let mut s = t.connect(5 * SECOND).unwrap();
    s.set_deadline(Some(Instant::now() + 5 * SECOND));
    s.send(&create_request(V)).unwrap();
    let mut header = [0u8; 8];
    s.receive_exact(&mut header).unwrap();
    assert_eq!(
        &header[..4],
        &[0x42, 0x00, 0x7B, 0x01],
        "a Response Message starts"
    );
    let mut rest = [0u8; 64];
    let mut got = 0;
    let err = loop {
        match s.receive(&mut rest[got..]) {
            Ok(n) => got += n,
            Err(e) => break e,
        }
    };
    assert_eq!(8 + got, 20, "exactly 20 bytes, then the end");
    assert!(
        matches!(
            err,
            TransportError::Closed {
                phase: Phase::Receive,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn fault_garbage() {
    let t = TestServer::start_with(
        Faults {
            garbage: true,
            ..Faults::default()
        },
        Limits::default(),
    );
    let mut s = t.connect(5 * SECOND).unwrap();
    s.set_deadline(Some(Instant::now() + 5 * SECOND));
    s.send(&create_request(V)).unwrap();
    let mut header = [0u8; 8];
    s.receive_exact(&mut header).unwrap();
    assert_eq!(&header[..], &GARBAGE[..8]);
    let e = frame(&header, &DecodeOptions::STRICT).unwrap_err();
    assert!(matches!(e.kind, DecodeErrorKind::TagOutOfRange(_)), "{e:?}");
    assert_eq!(
        read_message_err(&mut t.connect(5 * SECOND).unwrap()),
        "framing"
    );
}

fn read_message_err(s: &mut kmipkit::tls::TlsStream) -> &'static str {
    s.set_deadline(Some(Instant::now() + 5 * SECOND));
    s.send(&create_request(V)).unwrap();
    match read_message(s) {
        Ok(_) => "ok",
        Err(e) if e.starts_with("framing") => "framing",
        Err(_) => "other",
    }
}

#[test]
fn fault_absurd_length() {
    let t = TestServer::start_with(
        Faults {
            absurd_length: true,
            ..Faults::default()
        },
        Limits::default(),
    );
    let mut s = t.connect(5 * SECOND).unwrap();
    s.set_deadline(Some(Instant::now() + 5 * SECOND));
    s.send(&create_request(V)).unwrap();
    let mut header = [0u8; 8];
    s.receive_exact(&mut header).unwrap();
    assert_eq!(header, ABSURD_HEADER);
    let started = Instant::now();
    let e = frame(&header, &DecodeOptions::STRICT).unwrap_err();
    assert!(
        matches!(e.kind, DecodeErrorKind::MessageTooLarge { .. }),
        "{e:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(50),
        "refused without reading on"
    );
    // The server keeps the connection open: a client that trusted the length would wait.
    s.set_deadline(Some(Instant::now() + Duration::from_millis(300)));
    let mut b = [0u8; 1];
    assert!(matches!(
        s.receive(&mut b),
        Err(TransportError::Timeout { .. })
    ));
}

#[test]
fn fault_error_status() {
    let t = TestServer::start_with(
        Faults {
            error: Some(ResultReason::ITEM_NOT_FOUND),
            ..Faults::default()
        },
        Limits::default(),
    );
    let mut s = t.connect(5 * SECOND).unwrap();
    let bytes = round_trip(&mut s, &create_request(V), 5 * SECOND).unwrap();
    let r = ResponseMessage::<'_, 4>::decode(&bytes, V).unwrap();
    let item = r.first().unwrap();
    assert_eq!(item.operation, Some(Operation::CREATE));
    assert_eq!(item.result_status, ResultStatus::OPERATION_FAILED);
    assert_eq!(item.result_reason, Some(ResultReason::ITEM_NOT_FOUND));
    assert!(item.result_message.unwrap().contains("fault injection"));
    assert!(t.server.engine().snapshot().is_empty(), "nothing was run");
}

#[test]
fn fault_stop_accepting_then_resume() {
    let t = TestServer::start_with(
        Faults {
            accept: AcceptMode::Hold,
            ..Faults::default()
        },
        Limits::default(),
    );
    let started = Instant::now();
    let err = t.connect(Duration::from_millis(500)).unwrap_err();
    assert!(
        matches!(
            err,
            TransportError::Timeout {
                phase: Phase::TlsHandshake,
                ..
            }
        ),
        "TCP connects (the kernel's backlog), TLS never answers: {err:?}"
    );
    assert!(started.elapsed() < Duration::from_millis(1500));
    assert_eq!(t.server.stats().accepted, 0);
    t.server.set_faults(Faults::default());
    let mut s = t.connect(5 * SECOND).unwrap();
    create(&mut s);
}

#[test]
fn fault_accept_and_close_at_once() {
    let t = TestServer::start_with(
        Faults {
            accept: AcceptMode::Drop,
            ..Faults::default()
        },
        Limits::default(),
    );
    let err = t.connect(5 * SECOND).unwrap_err();
    assert_eq!(err.phase(), Phase::TlsHandshake, "{err:?}");
    assert!(
        !matches!(err, TransportError::Timeout { .. }),
        "refused, not hung: {err:?}"
    );
}

#[test]
fn shutdown_closes_open_connections() {
    let t = TestServer::start();
    let mut s = t.connect(5 * SECOND).unwrap();
    create(&mut s);
    let TestServer { server, .. } = t;
    let started = Instant::now();
    server.shutdown();
    assert!(
        started.elapsed() < 2 * SECOND,
        "shutdown does not wait for clients"
    );
    s.set_deadline(Some(Instant::now() + 2 * SECOND));
    let mut b = [0u8; 1];
    let err = s.receive(&mut b).unwrap_err();
    assert!(!matches!(err, TransportError::Timeout { .. }), "{err:?}");
}
