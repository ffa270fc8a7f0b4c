//! Test helpers shared by the TLS test files: a written test PKI, loopback TLS servers that
//! stop by themselves, sockets that never answer.
#![allow(dead_code)]

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use kmipkit::pki::{PkiOptions, PkiPaths, TestPki};
use kmipkit::tls::server::{peer_common_name, server_config};
use kmipkit::tls::TlsClientSettings;
use rustls::pki_types::CertificateDer;
use rustls::{ServerConfig, ServerConnection, StreamOwned};
use zeroize::Zeroizing;

pub const PASSWORD: &str = "changeit";

/// A PKI written into a temporary directory that is removed on drop.
pub struct Fixture {
    pub pki: TestPki,
    pub paths: PkiPaths,
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let pki = TestPki::generate(&PkiOptions::default()).expect("generate PKI");
        let paths = pki.write(dir.path(), PASSWORD).expect("write PKI");
        Fixture { pki, paths, dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, contents: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, contents).expect("write fixture file");
        p
    }

    /// PSMDB-style settings: client.pem (chain + key), ca.pem, no system roots.
    pub fn settings(&self) -> TlsClientSettings {
        TlsClientSettings {
            server_ca_file: Some(self.paths.ca.clone()),
            client_certificate_file: Some(self.paths.client.clone()),
            client_key_file: None,
            client_certificate_password: None,
            use_system_roots: false,
        }
    }

    pub fn encrypted_settings(&self, password: Option<&str>) -> TlsClientSettings {
        TlsClientSettings {
            client_certificate_file: Some(self.paths.client_cert.clone()),
            client_key_file: Some(self.paths.client_key_encrypted.clone()),
            client_certificate_password: password.map(|p| Zeroizing::new(p.to_owned())),
            ..self.settings()
        }
    }

    /// A server config presenting `server` (default: the PKI's own server identity) and
    /// requiring client certificates from the PKI's CA.
    pub fn server_config(&self) -> Arc<ServerConfig> {
        server_config(&self.pki.server.credentials(), &[self.pki.ca.cert_der()])
            .expect("server config")
    }

    pub fn server_config_with(&self, server: &kmipkit::pki::Identity) -> Arc<ServerConfig> {
        server_config(&server.credentials(), &[self.pki.ca.cert_der()]).expect("server config")
    }

    pub fn ca_der(&self) -> CertificateDer<'static> {
        self.pki.ca.cert_der()
    }
}

/// What the test server saw on its one connection.
#[derive(Debug, Default)]
pub struct ServerOutcome {
    pub sni: Option<String>,
    pub peer_cn: Option<String>,
    pub protocol: Option<rustls::ProtocolVersion>,
    pub echoed: usize,
    pub error: Option<String>,
}

/// How the test server behaves once the handshake is done.
#[derive(Clone, Copy, Debug)]
pub enum Behaviour {
    /// Echo everything until the client closes.
    Echo,
    /// Wait this long before echoing each chunk.
    EchoAfter(Duration),
    /// Read but never answer, until the client closes (or 10 s pass).
    Silent,
}

/// A TLS server on 127.0.0.1 that serves exactly one connection on its own thread and
/// ends by itself (after the client closes, or after 10 s without a client).
pub struct OneShotServer {
    pub addr: SocketAddr,
    handle: JoinHandle<ServerOutcome>,
}

impl OneShotServer {
    pub fn start(config: Arc<ServerConfig>, behaviour: Behaviour) -> OneShotServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let handle = thread::spawn(move || serve_one(listener, config, behaviour));
        OneShotServer { addr, handle }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn join(self) -> ServerOutcome {
        self.handle.join().expect("server thread")
    }
}

fn serve_one(
    listener: TcpListener,
    config: Arc<ServerConfig>,
    behaviour: Behaviour,
) -> ServerOutcome {
    let mut outcome = ServerOutcome::default();
    listener.set_nonblocking(true).expect("nonblocking");
    let give_up = Instant::now() + Duration::from_secs(10);
    let tcp = loop {
        match listener.accept() {
            Ok((tcp, _)) => break tcp,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && Instant::now() < give_up => {
                thread::sleep(Duration::from_millis(5))
            }
            Err(e) => {
                outcome.error = Some(format!("accept: {e}"));
                return outcome;
            }
        }
    };
    tcp.set_nonblocking(false).expect("blocking");
    tcp.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    tcp.set_nodelay(true).expect("nodelay");
    let conn = ServerConnection::new(config).expect("server connection");
    let mut tls = StreamOwned::new(conn, tcp);
    while tls.conn.is_handshaking() {
        if let Err(e) = tls.conn.complete_io(&mut tls.sock) {
            outcome.error = Some(format!("handshake: {e}"));
            return outcome;
        }
    }
    outcome.sni = tls.conn.server_name().map(str::to_owned);
    outcome.peer_cn = peer_common_name(&tls.conn).ok();
    outcome.protocol = tls.conn.protocol_version();
    let mut buf = [0u8; 4096];
    loop {
        match tls.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => match behaviour {
                Behaviour::Silent => {}
                Behaviour::Echo | Behaviour::EchoAfter(_) => {
                    if let Behaviour::EchoAfter(d) = behaviour {
                        thread::sleep(d);
                    }
                    if let Err(e) = tls.write_all(&buf[..n]).and_then(|_| tls.flush()) {
                        outcome.error = Some(format!("write: {e}"));
                        break;
                    }
                    outcome.echoed += n;
                }
            },
            Err(e) => {
                outcome.error = Some(format!("read: {e}"));
                break;
            }
        }
    }
    outcome
}

/// A listener whose accept queue is full: new TCP connections to it hang in SYN-SENT until
/// they time out (deterministic on Linux: a SYN to a full queue is dropped). Keep it alive
/// for the test.
pub struct FullBacklog {
    pub addr: SocketAddr,
    _listener: TcpListener,
    _fillers: Vec<TcpStream>,
}

impl FullBacklog {
    pub fn new() -> FullBacklog {
        use rustix::net::{bind, listen, socket, AddressFamily, SocketType};
        let fd = socket(AddressFamily::INET, SocketType::STREAM, None).expect("socket");
        let any: SocketAddr = "127.0.0.1:0".parse().unwrap();
        bind(&fd, &any).expect("bind");
        listen(&fd, 0).expect("listen");
        let listener = TcpListener::from(fd);
        let addr = listener.local_addr().expect("local addr");
        let mut fillers = Vec::new();
        for _ in 0..8 {
            match TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
                Ok(s) => fillers.push(s),
                Err(e) if e.kind() == io::ErrorKind::TimedOut => {
                    return FullBacklog {
                        addr,
                        _listener: listener,
                        _fillers: fillers,
                    }
                }
                Err(e) => panic!("filling the backlog: {e}"),
            }
        }
        panic!("the accept queue never filled: this kernel accepts past the backlog");
    }
}

/// A port on 127.0.0.1 where nothing listens (connections are refused at once).
pub fn refused_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// Runs `openssl` with `args` in `dir`; panics with its stderr when it fails.
pub fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the openssl command line tool is needed for this test");
    assert!(
        out.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn in_secs(s: f64) -> Instant {
    Instant::now() + Duration::from_secs_f64(s)
}
