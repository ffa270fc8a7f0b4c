//! TLS interop with a real PyKMIP 0.11 server (TLS 1.2 only, ECDSA certificate, client
//! certificate required): a raw Discover Versions exchange over our transport.
//!
//! Runs when `.ci/pykmip.sh start` has exported `KMIPKIT_PYKMIP_ADDR` (`127.0.0.1:PORT`) and
//! `KMIPKIT_PYKMIP_PKI` (the directory written by the `write_test_pki` example, password
//! `KMIPKIT_PYKMIP_PASSWORD` or `changeit`). Fails when `CI` is set and they are missing;
//! otherwise says loudly that it was skipped.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use kmipkit::tls::{connect, connect_async, TlsClientSettings, TransportError};
use zeroize::Zeroizing;

/// KMIP 1.2 Discover Versions request captured from PyKMIP's own client
/// (shared/kmip/pykmip-captures/kmip12_01_discover_versions_req.hex).
const DISCOVER_VERSIONS_1_2: &str =
    "42007801000000604200770100000038420069010000002042006a02000000040000000100000000\
42006b0200000004000000020000000042000d0200000004000000010000000042000f01000000184200\
5c05000000040000001e000000004200790100000000";

struct Peer {
    host: String,
    port: u16,
    pki: PathBuf,
    password: String,
}

fn peer(test: &str) -> Option<Peer> {
    let set = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let addr = set("KMIPKIT_PYKMIP_ADDR");
    let pki = set("KMIPKIT_PYKMIP_PKI");
    let (Some(addr), Some(pki)) = (addr, pki) else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "{test}: CI is set but KMIPKIT_PYKMIP_ADDR / KMIPKIT_PYKMIP_PKI are not: \
                 start PyKMIP with .ci/pykmip.sh and source its pykmip.env"
            );
        }
        // Straight to stderr: the test harness captures eprintln!, not this.
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED {test}: no PyKMIP server (set KMIPKIT_PYKMIP_ADDR and \
             KMIPKIT_PYKMIP_PKI, see .ci/pykmip.sh) ***\n"
        );
        return None;
    };
    let (host, port) = addr
        .rsplit_once(':')
        .unwrap_or_else(|| panic!("KMIPKIT_PYKMIP_ADDR={addr} is not HOST:PORT"));
    Some(Peer {
        host: host.to_owned(),
        port: port
            .parse()
            .unwrap_or_else(|_| panic!("KMIPKIT_PYKMIP_ADDR={addr}: bad port")),
        pki: PathBuf::from(pki),
        password: std::env::var("KMIPKIT_PYKMIP_PASSWORD").unwrap_or_else(|_| "changeit".into()),
    })
}

fn settings(p: &Peer) -> TlsClientSettings {
    TlsClientSettings {
        server_ca_file: Some(p.pki.join("ca.pem")),
        client_certificate_file: Some(p.pki.join("client.pem")),
        use_system_roots: false,
        ..TlsClientSettings::default()
    }
}

fn request() -> Vec<u8> {
    hex::decode(DISCOVER_VERSIONS_1_2).expect("request hex")
}

fn body_len(header: &[u8; 8]) -> usize {
    u32::from_be_bytes([header[4], header[5], header[6], header[7]]) as usize
}

#[test]
fn pykmip_discover_versions_over_tls12() {
    let Some(p) = peer("pykmip_discover_versions_over_tls12") else {
        return;
    };
    let start = Instant::now();
    let mut s = connect(
        &p.host,
        p.port,
        &settings(&p),
        start + Duration::from_secs(10),
    )
    .unwrap();
    let handshake = start.elapsed();
    assert_eq!(
        s.connection().protocol_version(),
        Some(rustls::ProtocolVersion::TLSv1_2)
    );
    s.set_deadline(Some(Instant::now() + Duration::from_secs(10)));
    let t = Instant::now();
    s.send(&request()).unwrap();
    let mut header = [0u8; 8];
    s.receive_exact(&mut header).unwrap();
    assert_eq!(
        &header[..4],
        &[0x42, 0x00, 0x7b, 0x01],
        "a Response Message"
    );
    let mut body = vec![0u8; body_len(&header)];
    s.receive_exact(&mut body).unwrap();
    eprintln!(
        "PyKMIP: TLS 1.2 connect+handshake {:?}, Discover Versions round trip {:?}, response {} bytes",
        handshake,
        t.elapsed(),
        8 + body.len()
    );
    s.close().ok();
}

#[test]
fn pykmip_with_the_encrypted_client_key_async() {
    let Some(p) = peer("pykmip_with_the_encrypted_client_key_async") else {
        return;
    };
    let settings = TlsClientSettings {
        client_certificate_file: Some(p.pki.join("client-cert.pem")),
        client_key_file: Some(p.pki.join("client-key.enc.pem")),
        client_certificate_password: Some(Zeroizing::new(p.password.clone())),
        ..settings(&p)
    };
    smol::block_on(async {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut s = connect_async(&p.host, p.port, &settings, deadline)
            .await
            .unwrap();
        s.send(&request()).await.unwrap();
        let mut header = [0u8; 8];
        s.receive_exact(&mut header).await.unwrap();
        assert_eq!(&header[..3], &[0x42, 0x00, 0x7b]);
        let mut body = vec![0u8; body_len(&header)];
        s.receive_exact(&mut body).await.unwrap();
        s.close().await.ok();
    });
}

#[test]
fn pykmip_refuses_a_client_certificate_from_another_ca() {
    let Some(p) = peer("pykmip_refuses_a_client_certificate_from_another_ca") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let stranger = kmipkit::pki::unrelated_ca()
        .unwrap()
        .issue_client("john_doe")
        .unwrap();
    let path = dir.path().join("stranger.pem");
    std::fs::write(&path, stranger.chain_and_key_pem().as_bytes()).unwrap();
    let settings = TlsClientSettings {
        client_certificate_file: Some(path),
        ..settings(&p)
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    let result = connect(&p.host, p.port, &settings, deadline).and_then(|mut s| {
        s.send(&request())?;
        let mut header = [0u8; 8];
        s.receive_exact(&mut header)
    });
    let err: TransportError = result.unwrap_err();
    eprintln!("PyKMIP with a foreign client certificate: {err}");
    assert!(
        matches!(
            err,
            TransportError::Tls { .. } | TransportError::Closed { .. }
        ),
        "{err:?}"
    );
}
