//! Helpers for the development server's tests: an in-process server on 127.0.0.1:0 with a
//! test PKI in a temporary directory, and a raw client (the TLS transport of `kmipkit::tls`
//! plus the core's messages) that sends one request and reads one response.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use kmipkit::pki::{Identity, PkiOptions, PkiPaths, TestPki};
use kmipkit::server::{Config, DevServer, Engine, Faults, Limits};
use kmipkit::tls::server::server_config;
use kmipkit::tls::{connect_with, ClientTls, TlsClientSettings, TlsStream, TransportError};
use kmipkit_core::kmip::ops::{CreateRequest, GetRequest};
use kmipkit_core::kmip::{
    Attribute, AttributeValue, ProtocolVersion, RequestMessage, RequestPayload, TemplateAttribute,
};
use kmipkit_core::ttlv::{frame, CryptographicAlgorithm, DecodeOptions, Encoder, Frame};

pub const PASSWORD: &str = "changeit";

/// A running in-process server and its PKI.
pub struct TestServer {
    pub server: DevServer,
    pub pki: TestPki,
    pub paths: PkiPaths,
    pub dir: tempfile::TempDir,
    tls: ClientTls,
}

impl TestServer {
    pub fn start() -> TestServer {
        TestServer::start_with(Faults::default(), Limits::default())
    }

    pub fn start_with(faults: Faults, limits: Limits) -> TestServer {
        let dir = tempfile::tempdir().expect("tempdir");
        let pki = TestPki::generate(&PkiOptions::default()).expect("PKI");
        let paths = pki.write(dir.path(), PASSWORD).expect("write PKI");
        let tls = server_config(&pki.server.credentials(), &[pki.ca.cert_der()]).expect("tls");
        let mut config = Config::new("127.0.0.1:0".parse().unwrap(), tls);
        config.faults = faults;
        config.limits = limits;
        let server = DevServer::start(config, Arc::new(Engine::new())).expect("start");
        let client_tls = ClientTls::load(&TestServer::settings_for(&paths)).expect("client tls");
        TestServer {
            server,
            pki,
            paths,
            dir,
            tls: client_tls,
        }
    }

    pub fn settings_for(paths: &PkiPaths) -> TlsClientSettings {
        TlsClientSettings {
            server_ca_file: Some(paths.ca.clone()),
            client_certificate_file: Some(paths.client.clone()),
            use_system_roots: false,
            ..TlsClientSettings::default()
        }
    }

    pub fn port(&self) -> u16 {
        self.server.local_addr().port()
    }

    /// A TLS connection as the PKI's client (CN john_doe), the handshake done by `within`.
    pub fn connect(&self, within: Duration) -> Result<TlsStream, TransportError> {
        connect_with("127.0.0.1", self.port(), &self.tls, Instant::now() + within)
    }

    /// A TLS connection with another client identity.
    pub fn connect_as(
        &self,
        who: &Identity,
        within: Duration,
    ) -> Result<TlsStream, TransportError> {
        let path = self.dir.path().join(format!("other-{}.pem", rand_suffix()));
        std::fs::write(&path, who.chain_and_key_pem().as_bytes()).unwrap();
        let settings = TlsClientSettings {
            client_certificate_file: Some(path),
            ..TestServer::settings_for(&self.paths)
        };
        let tls = ClientTls::load(&settings).unwrap();
        connect_with("127.0.0.1", self.port(), &tls, Instant::now() + within)
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

/// The encoding of a one-item request.
pub fn request<'a>(version: ProtocolVersion, payload: impl Into<RequestPayload<'a>>) -> Vec<u8> {
    let m: RequestMessage<'_, 4> = RequestMessage::single(version, payload).unwrap();
    let mut enc = Encoder::for_vec();
    m.encode(&mut enc).unwrap();
    enc.into_sink()
}

pub fn create_request(version: ProtocolVersion) -> Vec<u8> {
    let attrs = [
        Attribute::new(AttributeValue::CryptographicAlgorithm(
            CryptographicAlgorithm::AES,
        )),
        Attribute::new(AttributeValue::CryptographicLength(256)),
    ];
    request(
        version,
        CreateRequest::symmetric_key(TemplateAttribute::new(&attrs)),
    )
}

pub fn get_request(version: ProtocolVersion, uid: &str) -> Vec<u8> {
    request(version, GetRequest::new(uid))
}

/// Reads one whole message: the header, then as many bytes as it declares (refusing absurd
/// lengths, as any client must).
pub fn read_message(s: &mut TlsStream) -> Result<Vec<u8>, String> {
    let mut msg = vec![0u8; 8];
    s.receive_exact(&mut msg).map_err(|e| e.to_string())?;
    let total = match frame(&msg, &DecodeOptions::STRICT).map_err(|e| format!("framing: {e}"))? {
        Frame::NeedMore(n) => 8 + n,
        Frame::Complete(n) => n,
    };
    msg.resize(total, 0);
    s.receive_exact(&mut msg[8..]).map_err(|e| e.to_string())?;
    Ok(msg)
}

/// Sends `request` and reads the response, within `within`.
pub fn round_trip(s: &mut TlsStream, request: &[u8], within: Duration) -> Result<Vec<u8>, String> {
    s.set_deadline(Some(Instant::now() + within));
    s.send(request).map_err(|e| e.to_string())?;
    read_message(s)
}
