//! Connections on loopback: mutual TLS echo (blocking and async), SNI, the distinct errors
//! for a wrong CA and a hostname mismatch, deadlines in every phase, failover across the
//! addresses of one name. Every server listens on 127.0.0.1 and ends by itself.

mod tls_support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kmipkit::pki::{unrelated_ca, TestCa};
use kmipkit::tls::server::{certificate_common_name, peer_common_name};
use kmipkit::tls::{
    connect, connect_async, connect_with, tcp_connect, ClientTls, CredentialsError, Phase,
    TlsFailure, TransportError,
};
use rustls::{ProtocolVersion, ServerConfig};
use tls_support::{in_secs, Behaviour, Fixture, FullBacklog, OneShotServer};

fn elapsed_between(start: Instant, low: f64, high: f64) {
    let e = start.elapsed().as_secs_f64();
    assert!(
        e >= low && e <= high,
        "took {e:.3} s, expected {low}..{high} s"
    );
}

#[test]
fn blocking_mutual_tls_echo_over_an_ip_address() {
    let fx = Fixture::new();
    let server = OneShotServer::start(fx.server_config(), Behaviour::Echo);
    let mut s = connect("127.0.0.1", server.port(), &fx.settings(), in_secs(10.0)).unwrap();
    assert_eq!(s.server(), format!("127.0.0.1:{}", server.port()));
    assert_eq!(s.peer_address(), server.addr);
    assert_eq!(
        s.connection().protocol_version(),
        Some(ProtocolVersion::TLSv1_3)
    );
    assert!(s.socket().nodelay().unwrap(), "TCP_NODELAY must be on");
    for msg in [
        &b"hello kmip"[..],
        &[0x42, 0x00, 0x78, 0x01][..],
        &[7u8; 3000][..],
    ] {
        s.set_deadline(Some(in_secs(5.0)));
        s.send(msg).unwrap();
        let mut back = vec![0u8; msg.len()];
        s.receive_exact(&mut back).unwrap();
        assert_eq!(back, msg);
    }
    // The std traits work too.
    s.write_all(b"std").unwrap();
    s.flush().unwrap();
    let mut back = [0u8; 3];
    s.read_exact(&mut back).unwrap();
    assert_eq!(&back, b"std");
    s.close().unwrap();
    let outcome = server.join();
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.peer_cn.as_deref(), Some("john_doe"));
    assert_eq!(outcome.sni, None, "no SNI may be sent for an IP address");
    assert_eq!(outcome.echoed, 10 + 4 + 3000 + 3);
}

#[test]
fn sni_is_sent_for_a_dns_name() {
    let fx = Fixture::new();
    // The server configuration from the written files this time.
    let config = kmipkit::tls::server::server_config_from_files(
        &fx.paths.server_cert,
        Some(&fx.paths.server_key),
        &fx.paths.ca,
    )
    .unwrap();
    let server = OneShotServer::start(config, Behaviour::Echo);
    // Here `localhost` resolves to 127.0.0.1 (and perhaps ::1, refused: the next is tried).
    let mut s = connect("localhost", server.port(), &fx.settings(), in_secs(10.0)).unwrap();
    s.send(b"x").unwrap();
    let mut b = [0u8; 1];
    s.receive_exact(&mut b).unwrap();
    drop(s);
    let outcome = server.join();
    assert_eq!(outcome.sni.as_deref(), Some("localhost"));
}

#[test]
fn tls12_only_server_like_pykmip() {
    let fx = Fixture::new();
    let certified = fx.pki.server.credentials().certified_key().unwrap();
    let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
        Arc::new({
            let mut r = rustls::RootCertStore::empty();
            r.add(fx.ca_der()).unwrap();
            r
        }),
        kmipkit::tls::crypto_provider(),
    )
    .build()
    .unwrap();
    let config = ServerConfig::builder_with_provider(kmipkit::tls::crypto_provider())
        .with_protocol_versions(&[&rustls::version::TLS12])
        .unwrap()
        .with_client_cert_verifier(verifier)
        .with_cert_resolver(Arc::new(rustls::sign::SingleCertAndKey::from(certified)));
    let server = OneShotServer::start(Arc::new(config), Behaviour::Echo);
    let mut s = connect("127.0.0.1", server.port(), &fx.settings(), in_secs(10.0)).unwrap();
    assert_eq!(
        s.connection().protocol_version(),
        Some(ProtocolVersion::TLSv1_2)
    );
    s.send(b"tls12").unwrap();
    let mut b = [0u8; 5];
    s.receive_exact(&mut b).unwrap();
    drop(s);
    assert_eq!(server.join().peer_cn.as_deref(), Some("john_doe"));
}

#[test]
fn encrypted_client_key_right_and_wrong_password() {
    let fx = Fixture::new();
    let server = OneShotServer::start(fx.server_config(), Behaviour::Echo);
    let mut s = connect(
        "127.0.0.1",
        server.port(),
        &fx.encrypted_settings(Some(tls_support::PASSWORD)),
        in_secs(10.0),
    )
    .unwrap();
    s.send(b"ok").unwrap();
    let mut b = [0u8; 2];
    s.receive_exact(&mut b).unwrap();
    drop(s);
    assert_eq!(server.join().peer_cn.as_deref(), Some("john_doe"));

    // A wrong password fails before any network traffic.
    let err = connect(
        "127.0.0.1",
        9,
        &fx.encrypted_settings(Some("wrong")),
        in_secs(5.0),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            TransportError::Credentials(CredentialsError::WrongPassword { .. })
        ),
        "{err:?}"
    );
    assert_eq!(err.phase(), Phase::Credentials);
}

#[test]
fn certificate_files_are_read_again_for_each_connection() {
    let fx = Fixture::new();
    let first = OneShotServer::start(fx.server_config(), Behaviour::Echo);
    drop(connect("127.0.0.1", first.port(), &fx.settings(), in_secs(10.0)).unwrap());
    assert_eq!(first.join().peer_cn.as_deref(), Some("john_doe"));

    // "Renew" the client certificate in place: the next connection uses the new one.
    let renewed = fx.pki.ca.issue_client("jane_roe").unwrap();
    std::fs::write(&fx.paths.client, renewed.chain_and_key_pem().as_bytes()).unwrap();
    let second = OneShotServer::start(fx.server_config(), Behaviour::Echo);
    drop(connect("127.0.0.1", second.port(), &fx.settings(), in_secs(10.0)).unwrap());
    assert_eq!(second.join().peer_cn.as_deref(), Some("jane_roe"));
}

#[test]
fn wrong_ca_is_a_distinct_tls_error() {
    let fx = Fixture::new();
    let other = unrelated_ca().unwrap();
    let imposter = other
        .issue_server(&["localhost"], &["127.0.0.1".parse().unwrap()])
        .unwrap();
    let server = OneShotServer::start(fx.server_config_with(&imposter), Behaviour::Echo);
    let err = connect("127.0.0.1", server.port(), &fx.settings(), in_secs(10.0)).unwrap_err();
    let outcome = server.join();
    assert!(outcome.error.is_some(), "the server saw the handshake fail");
    assert_eq!(err.phase(), Phase::TlsHandshake);
    assert!(
        matches!(err.tls_failure(), Some(TlsFailure::UnknownIssuer { .. })),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("server certificate not signed by a trusted CA"),
        "{msg}"
    );
    assert!(
        msg.contains(&format!("serverCAFile {}", fx.paths.ca.display())),
        "{msg}"
    );
    assert!(
        msg.contains(&format!("127.0.0.1:{}", server_port(&msg))),
        "{msg}"
    );
}

fn server_port(msg: &str) -> String {
    // "TLS handshake with 127.0.0.1:PORT (127.0.0.1:PORT) failed: …"
    msg.split("127.0.0.1:")
        .nth(1)
        .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn hostname_mismatch_is_a_distinct_tls_error() {
    let fx = Fixture::new();
    let elsewhere = fx
        .pki
        .ca
        .issue_server(&["kmip.elsewhere.example"], &[])
        .unwrap();
    for host in ["127.0.0.1", "localhost"] {
        let server = OneShotServer::start(fx.server_config_with(&elsewhere), Behaviour::Echo);
        let err = connect(host, server.port(), &fx.settings(), in_secs(10.0)).unwrap_err();
        server.join();
        assert_eq!(err.phase(), Phase::TlsHandshake);
        match err.tls_failure() {
            Some(TlsFailure::NameMismatch {
                expected,
                presented,
            }) => {
                assert_eq!(expected, host);
                assert!(
                    presented.iter().any(|p| p == "kmip.elsewhere.example"),
                    "names are shown plainly, not as DnsName(\"…\"): {presented:?}"
                );
            }
            other => panic!("{other:?}"),
        }
        let msg = err.to_string();
        assert!(
            msg.contains(&format!("server certificate not valid for name '{host}'")),
            "{msg}"
        );
        assert!(msg.contains("kmip.elsewhere.example"), "{msg}");
        assert!(!msg.contains("trusted CA"), "{msg}");
    }
}

#[test]
fn client_certificate_from_another_ca_is_refused_by_the_server() {
    let fx = Fixture::new();
    let other = unrelated_ca().unwrap();
    let stranger = other.issue_client("mallory").unwrap();
    let path = fx.write("stranger.pem", stranger.chain_and_key_pem().as_bytes());
    let settings = kmipkit::tls::TlsClientSettings {
        client_certificate_file: Some(path),
        ..fx.settings()
    };
    let server = OneShotServer::start(fx.server_config(), Behaviour::Echo);
    // TLS 1.3: the server checks the client certificate after the client's Finished, so the
    // refusal shows at the handshake or at the first receive.
    let result = connect("127.0.0.1", server.port(), &settings, in_secs(10.0)).and_then(|mut s| {
        s.send(b"hi")?;
        let mut b = [0u8; 2];
        s.receive_exact(&mut b)
    });
    server.join();
    let err = result.unwrap_err();
    assert!(
        matches!(
            err.tls_failure(),
            Some(TlsFailure::ClientCertificateRejected { .. })
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("refused our client certificate"),
        "{err}"
    );
}

#[test]
fn handshake_respects_the_deadline_when_the_server_never_answers() {
    // A listener that never accepts: the kernel completes the TCP handshake, nobody speaks TLS.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let fx = Fixture::new();
    let start = Instant::now();
    let err = connect(
        "127.0.0.1",
        port,
        &fx.settings(),
        start + Duration::from_millis(700),
    )
    .unwrap_err();
    elapsed_between(start, 0.69, 2.0);
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.phase(), Phase::TlsHandshake);
    assert_eq!(
        err.to_string(),
        format!("TLS handshake with 127.0.0.1:{port} (127.0.0.1:{port}) timed out")
    );
}

#[test]
fn connect_respects_the_deadline_on_a_full_accept_queue() {
    let full = FullBacklog::new();
    let fx = Fixture::new();
    let start = Instant::now();
    let err = connect(
        "127.0.0.1",
        full.addr.port(),
        &fx.settings(),
        start + Duration::from_millis(600),
    )
    .unwrap_err();
    elapsed_between(start, 0.59, 2.0);
    match &err {
        TransportError::Connect {
            attempts,
            timed_out: true,
            ..
        } => {
            assert_eq!(attempts.len(), 1);
            assert_eq!(attempts[0].error.kind(), std::io::ErrorKind::TimedOut);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_timeout());
    assert!(err.to_string().starts_with(&format!(
        "connect to 127.0.0.1:{} timed out",
        full.addr.port()
    )));
}

#[test]
fn refused_connection() {
    let fx = Fixture::new();
    let port = tls_support::refused_port();
    let start = Instant::now();
    let err = connect("127.0.0.1", port, &fx.settings(), in_secs(5.0)).unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(1));
    match &err {
        TransportError::Connect {
            attempts,
            timed_out: false,
            untried: 0,
            ..
        } => assert_eq!(
            attempts[0].error.kind(),
            std::io::ErrorKind::ConnectionRefused
        ),
        other => panic!("{other:?}"),
    }
    assert!(!err.is_timeout());
    let msg = err.to_string();
    assert!(
        msg.starts_with(&format!(
            "connect to 127.0.0.1:{port} failed: 127.0.0.1:{port}: "
        )),
        "{msg}"
    );
}

#[test]
fn a_name_that_does_not_resolve() {
    let fx = Fixture::new();
    let err = connect("nonexistent.invalid", 5696, &fx.settings(), in_secs(10.0)).unwrap_err();
    assert_eq!(err.phase(), Phase::Resolve, "{err:?}");
    assert!(
        matches!(
            err,
            TransportError::Resolve { .. } | TransportError::Timeout { .. }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("nonexistent.invalid:5696"),
        "{err}"
    );

    let err = connect("not a host name!", 5696, &fx.settings(), in_secs(10.0)).unwrap_err();
    assert!(
        matches!(err, TransportError::InvalidServerName { .. }),
        "{err:?}"
    );
}

#[test]
fn every_address_is_tried_in_turn() {
    let fx = Fixture::new();
    let server = OneShotServer::start(fx.server_config(), Behaviour::Echo);
    let full = FullBacklog::new();
    // [::1] refuses (the server listens on 127.0.0.1 only), the full queue never answers,
    // the third works. The silent one gets only its share of the deadline.
    let addresses: Vec<SocketAddr> = vec![
        format!("[::1]:{}", server.port()).parse().unwrap(),
        full.addr,
        server.addr,
    ];
    let start = Instant::now();
    let (tcp, addr) = tcp_connect(
        "multi.example:0",
        &addresses,
        start + Duration::from_secs(2),
    )
    .unwrap();
    // The silent address had a third, then a half of the time left: about 0.67 s.
    elapsed_between(start, 0.6, 1.9);
    assert_eq!(addr, server.addr);
    assert!(tcp.nodelay().unwrap());
    drop(tcp);
    server.join();

    // All fail: each attempt is reported.
    let refused = tls_support::refused_port();
    let addresses: Vec<SocketAddr> = vec![
        format!("[::1]:{refused}").parse().unwrap(),
        format!("127.0.0.1:{refused}").parse().unwrap(),
    ];
    let err = tcp_connect("multi.example:1", &addresses, in_secs(5.0)).unwrap_err();
    match err {
        TransportError::Connect { attempts, .. } => {
            assert_eq!(
                attempts.iter().map(|a| a.address).collect::<Vec<_>>(),
                addresses
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn localhost_with_two_addresses_uses_the_one_that_listens() {
    let addrs = kmipkit::tls::resolve("localhost", 1, in_secs(5.0)).unwrap();
    if !(addrs.iter().any(|a| a.is_ipv6()) && addrs.iter().any(|a| a.is_ipv4())) {
        eprintln!(
            "NOTE: localhost resolves to {addrs:?} here, not to both ::1 and 127.0.0.1; \
             every_address_is_tried_in_turn covers failover with an explicit list"
        );
        return;
    }
    let fx = Fixture::new();
    let server = OneShotServer::start(fx.server_config(), Behaviour::Echo);
    let s = connect("localhost", server.port(), &fx.settings(), in_secs(10.0)).unwrap();
    assert_eq!(s.peer_address(), server.addr);
    drop(s);
    server.join();
}

#[test]
fn receive_times_out_and_the_deadline_is_rearmed_per_exchange() {
    let fx = Fixture::new();
    // A server that never answers: the receive deadline fires.
    let server = OneShotServer::start(fx.server_config(), Behaviour::Silent);
    let mut s = connect("127.0.0.1", server.port(), &fx.settings(), in_secs(10.0)).unwrap();
    s.set_deadline(Some(in_secs(0.3)));
    s.send(b"anyone?").unwrap();
    let start = Instant::now();
    let mut b = [0u8; 7];
    let err = s.receive_exact(&mut b).unwrap_err();
    elapsed_between(start, 0.25, 1.5);
    assert!(
        matches!(
            err,
            TransportError::Timeout {
                phase: Phase::Receive,
                ..
            }
        ),
        "{err:?}"
    );
    let port = server.port();
    assert_eq!(
        err.to_string(),
        format!("receive from 127.0.0.1:{port} (127.0.0.1:{port}) timed out")
    );
    drop(s);
    server.join();

    // The connect deadline stays in force until re-armed: past it, a send fails at once
    // (and queues nothing)...
    let server = OneShotServer::start(fx.server_config(), Behaviour::Echo);
    let mut s = connect("127.0.0.1", server.port(), &fx.settings(), in_secs(0.4)).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let err = s.send(b"late").unwrap_err();
    assert!(
        matches!(
            err,
            TransportError::Timeout {
                phase: Phase::Send,
                ..
            }
        ),
        "{err:?}"
    );
    drop(s);
    server.join();
    // ...and re-armed before the exchange, the same wait is fine.
    let server = OneShotServer::start(fx.server_config(), Behaviour::Echo);
    let mut s = connect("127.0.0.1", server.port(), &fx.settings(), in_secs(0.4)).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    s.set_deadline(Some(in_secs(5.0)));
    s.send(b"again").unwrap();
    let mut b = [0u8; 5];
    s.receive_exact(&mut b).unwrap();
    assert_eq!(&b, b"again");
    drop(s);
    assert_eq!(server.join().echoed, 5);

    // A slow answer inside the new deadline is fine.
    let server = OneShotServer::start(
        fx.server_config(),
        Behaviour::EchoAfter(Duration::from_millis(200)),
    );
    let mut s = connect("127.0.0.1", server.port(), &fx.settings(), in_secs(10.0)).unwrap();
    s.set_deadline(Some(in_secs(2.0)));
    s.send(b"slow").unwrap();
    let mut b = [0u8; 4];
    s.receive_exact(&mut b).unwrap();
    drop(s);
    server.join();
}

#[test]
fn server_closing_is_reported_as_closed() {
    let fx = Fixture::new();
    let server = OneShotServer::start(fx.server_config(), Behaviour::Echo);
    let tls = ClientTls::load(&fx.settings()).unwrap();
    let mut s = connect_with("127.0.0.1", server.port(), &tls, in_secs(10.0)).unwrap();
    s.send(b"x").unwrap();
    let mut b = [0u8; 1];
    s.receive_exact(&mut b).unwrap();
    // Shut our sending side down: the server sees EOF and closes; our read sees it.
    s.socket().shutdown(std::net::Shutdown::Write).unwrap();
    server.join();
    let err = s.receive(&mut b).unwrap_err();
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
    assert!(err.to_string().contains("closed the connection"), "{err}");
}

#[test]
fn server_side_identity_helpers() {
    let fx = Fixture::new();
    assert_eq!(
        certificate_common_name(fx.pki.client.cert_der()).unwrap(),
        "john_doe"
    );
    assert_eq!(
        certificate_common_name(&fx.ca_der()).unwrap(),
        "kmipkit test CA"
    );
    assert!(certificate_common_name(&vec![0x30, 0x03, 0x02, 0x01, 0x00].into()).is_err());
    let ca = TestCa::generate("another").unwrap();
    assert_eq!(ca.common_name(), "another");
    // Before a handshake there is no peer.
    let conn = rustls::ServerConnection::new(fx.server_config()).unwrap();
    assert!(peer_common_name(&conn).is_err());
}

// ----- async (smol) -----

#[test]
fn async_mutual_tls_echo_against_an_async_server() {
    use futures_lite::io::{AsyncReadExt, AsyncWriteExt};
    let fx = Fixture::new();
    let config = fx.server_config();
    smol::block_on(async {
        let listener = async_io::Async::<TcpListener>::bind(([127, 0, 0, 1], 0)).unwrap();
        let port = listener.get_ref().local_addr().unwrap().port();
        let server = async {
            let (tcp, _) = listener.accept().await.unwrap();
            let mut tls = futures_rustls::TlsAcceptor::from(config)
                .accept(tcp)
                .await
                .unwrap();
            let cn = peer_common_name(tls.get_ref().1).unwrap();
            let mut buf = vec![0u8; 4096];
            loop {
                let n = tls.read(&mut buf).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                tls.write_all(&buf[..n]).await.unwrap();
                tls.flush().await.unwrap();
            }
            cn
        };
        let client = async {
            let mut s = connect_async("127.0.0.1", port, &fx.settings(), in_secs(10.0))
                .await
                .unwrap();
            assert_eq!(
                s.connection().protocol_version(),
                Some(ProtocolVersion::TLSv1_3)
            );
            for msg in [&b"hello async kmip"[..], &[9u8; 5000][..]] {
                s.set_deadline(Some(in_secs(5.0)));
                s.send(msg).await.unwrap();
                let mut back = vec![0u8; msg.len()];
                s.receive_exact(&mut back).await.unwrap();
                assert_eq!(back, msg);
            }
            s.close().await.unwrap();
        };
        let (cn, ()) = futures_lite::future::zip(server, client).await;
        assert_eq!(cn, "john_doe");
    });
}

#[test]
fn async_client_against_the_blocking_server_and_its_errors() {
    let fx = Fixture::new();
    smol::block_on(async {
        // Echo.
        let server = OneShotServer::start(fx.server_config(), Behaviour::Echo);
        let mut s = connect_async("localhost", server.port(), &fx.settings(), in_secs(10.0))
            .await
            .unwrap();
        s.send(b"ping").await.unwrap();
        let mut b = [0u8; 4];
        s.receive_exact(&mut b).await.unwrap();
        assert_eq!(&b, b"ping");
        drop(s);
        let outcome = server.join();
        assert_eq!(outcome.sni.as_deref(), Some("localhost"));
        assert_eq!(outcome.peer_cn.as_deref(), Some("john_doe"));

        // Wrong CA.
        let imposter = unrelated_ca()
            .unwrap()
            .issue_server(&["localhost"], &["127.0.0.1".parse().unwrap()])
            .unwrap();
        let server = OneShotServer::start(fx.server_config_with(&imposter), Behaviour::Echo);
        let err = connect_async("127.0.0.1", server.port(), &fx.settings(), in_secs(10.0))
            .await
            .unwrap_err();
        server.join();
        assert!(
            matches!(err.tls_failure(), Some(TlsFailure::UnknownIssuer { .. })),
            "{err:?}"
        );
        assert!(
            err.to_string().contains("not signed by a trusted CA"),
            "{err}"
        );

        // Hostname mismatch.
        let elsewhere = fx
            .pki
            .ca
            .issue_server(&["kmip.elsewhere.example"], &[])
            .unwrap();
        let server = OneShotServer::start(fx.server_config_with(&elsewhere), Behaviour::Echo);
        let err = connect_async("127.0.0.1", server.port(), &fx.settings(), in_secs(10.0))
            .await
            .unwrap_err();
        server.join();
        assert!(
            matches!(err.tls_failure(), Some(TlsFailure::NameMismatch { .. })),
            "{err:?}"
        );
        assert!(
            err.to_string().contains("not valid for name '127.0.0.1'"),
            "{err}"
        );

        // Resolve error.
        let err = connect_async("nonexistent.invalid", 5696, &fx.settings(), in_secs(10.0))
            .await
            .unwrap_err();
        assert_eq!(err.phase(), Phase::Resolve, "{err:?}");

        // Refused.
        let port = tls_support::refused_port();
        let err = connect_async("127.0.0.1", port, &fx.settings(), in_secs(5.0))
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                TransportError::Connect {
                    timed_out: false,
                    ..
                }
            ),
            "{err:?}"
        );
    });
}

#[test]
fn async_deadlines_in_each_phase() {
    let fx = Fixture::new();
    smol::block_on(async {
        // TCP connect to a full accept queue.
        let full = FullBacklog::new();
        let start = Instant::now();
        let err = connect_async(
            "127.0.0.1",
            full.addr.port(),
            &fx.settings(),
            start + Duration::from_millis(500),
        )
        .await
        .unwrap_err();
        elapsed_between(start, 0.49, 2.0);
        assert!(
            matches!(
                err,
                TransportError::Connect {
                    timed_out: true,
                    ..
                }
            ),
            "{err:?}"
        );

        // TLS handshake with a listener that never accepts.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let start = Instant::now();
        let err = connect_async(
            "127.0.0.1",
            port,
            &fx.settings(),
            start + Duration::from_millis(500),
        )
        .await
        .unwrap_err();
        elapsed_between(start, 0.49, 2.0);
        assert!(
            matches!(
                err,
                TransportError::Timeout {
                    phase: Phase::TlsHandshake,
                    ..
                }
            ),
            "{err:?}"
        );
        drop(listener);

        // Receive from a server that never answers; then a re-armed deadline works.
        let server = OneShotServer::start(fx.server_config(), Behaviour::Silent);
        let mut s = connect_async("127.0.0.1", server.port(), &fx.settings(), in_secs(10.0))
            .await
            .unwrap();
        s.set_deadline(Some(in_secs(0.3)));
        s.send(b"anyone?").await.unwrap();
        let start = Instant::now();
        let mut b = [0u8; 7];
        let err = s.receive_exact(&mut b).await.unwrap_err();
        elapsed_between(start, 0.25, 1.5);
        assert!(
            matches!(
                err,
                TransportError::Timeout {
                    phase: Phase::Receive,
                    ..
                }
            ),
            "{err:?}"
        );
        drop(s);
        server.join();
    });
}
