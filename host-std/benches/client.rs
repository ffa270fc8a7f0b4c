//! Client round trips per second: `cargo bench -p kmipkit --bench client`.
//!
//! What is measured, in one run, on this machine:
//! 1. The floor: a plain rustls echo over loopback TCP with mutual TLS (host-std's server
//!    configuration and client configuration), a request and a response of the sizes of a
//!    KMIP Get (our request, PyKMIP's response), one thread driving both ends and two threads.
//! 2. The kmipkit client as the product builds it (`KmipClient` / `AsyncKmipClient`: the
//!    core's session and driver over the std adapter, TLS stream, deadlines, clock) with
//!    connections kept between operations (`ClientOptions::keep_idle`), so every Get after the
//!    first runs on ONE connection, blocking and async (smol), against a TLS server that
//!    answers every request with a recorded Get response: the same two modes as the floor, so
//!    the ratio is the client's own cost. In the one-thread blocking mode the connector opens
//!    real connections with the product's `TlsConnector` and pairs each with the server end,
//!    which its transport drives after each write; the core decides to keep and reuse it.
//! 3. Against the PyKMIP server of `.ci/pykmip.sh` (`KMIPKIT_PYKMIP_ADDR`, `KMIPKIT_PYKMIP_PKI`;
//!    skipped without them): the kmipkit client with connections kept (blocking and async),
//!    the kmipkit client as PSMDB runs it (the default: a new connection per operation), and
//!    PyKMIP's own `ProxyKmipClient` on one connection (`pykmip_get.py`, with the Python of
//!    `KMIPKIT_PYKMIP_VENV` or `target/pykmip/venv`).
//!
//! Each figure is the median of 3 runs of 1 s after 0.3 s of warm-up; the in-process cases
//! (1, 2) run 3 rounds in turn and report the median round, and their ratio to the floor is
//! the median of the rounds' ratios. `KMIPKIT_BENCH_ONLY=blocking1` (or `blocking2`, `async1`,
//! `async2`, `floor1`, `floor2`) runs one case alone, for a profiler; with
//! `KMIPKIT_BENCH_COUNT=n` as well, it makes exactly `n` round trips (no warm-up, one run), for
//! instruction counts: run it under `valgrind --tool=callgrind` with two counts and divide the
//! difference.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_io::Async;
use futures_lite::{AsyncReadExt, AsyncWriteExt};
use kmipkit::client::{
    client_config, tls_settings, AsyncKmipClient, ClientOptions, KmipClient, Origin, StdClock,
    StdTransport, TlsConnector, WireOptions,
};
use kmipkit::config::{KmipArgs, KmipConfig};
use kmipkit::core::client::ops::{CreateSymmetricKey, Lookup};
use kmipkit::core::client::{
    BlockingClient, Client, ConnectError, Connector, Instant as CoreInstant, IoErrorKind, Transport,
};
use kmipkit::core::kmip::ops::GetResponse;
use kmipkit::core::kmip::ResponseBatchItem;
use kmipkit::core::kmip::{
    KeyBlock, Object, ProtocolVersion, ResponseHeader, ResponseMessage, Uid,
};
use kmipkit::core::ttlv::{CryptographicAlgorithm, Encoder, ObjectType};
use kmipkit::pki::{PkiOptions, PkiPaths, TestPki};
use kmipkit::tls::{server::server_config, ClientTls};
use rustls::{ClientConnection, ServerConfig, ServerConnection, StreamOwned};

const WARMUP: Duration = Duration::from_millis(300);
const RUN: Duration = Duration::from_millis(1000);
const RUNS: usize = 3;
/// The in-process cases run this many times, in turn, so that a change of the machine's load
/// affects every case alike; each figure is the median of the rounds.
const ROUNDS: usize = 3;

// ----- measuring --------------------------------------------------------------------------

/// `while m.again() { one round trip }`: a warm-up, then RUNS timed runs.
struct Meter {
    warm: bool,
    started: bool,
    start: Instant,
    n: u64,
    rates: Vec<f64>,
    /// `KMIPKIT_BENCH_COUNT`: exactly this many round trips, untimed.
    count: Option<u64>,
}

impl Meter {
    fn new() -> Meter {
        Meter {
            warm: true,
            started: false,
            start: Instant::now(),
            n: 0,
            rates: Vec::new(),
            count: std::env::var("KMIPKIT_BENCH_COUNT")
                .ok()
                .and_then(|v| v.parse().ok()),
        }
    }

    fn again(&mut self) -> bool {
        if let Some(count) = self.count {
            if self.n == count {
                self.rates
                    .push(count as f64 / self.start.elapsed().as_secs_f64());
                return false;
            }
            if self.n == 0 {
                self.start = Instant::now();
            }
            self.n += 1;
            return true;
        }
        if !self.started {
            self.started = true;
            self.start = Instant::now();
            return true;
        }
        self.n += 1;
        let elapsed = self.start.elapsed();
        if elapsed < if self.warm { WARMUP } else { RUN } {
            return true;
        }
        if self.warm {
            self.warm = false;
        } else {
            self.rates.push(self.n as f64 / elapsed.as_secs_f64());
            if self.rates.len() == RUNS {
                return false;
            }
        }
        self.n = 0;
        self.start = Instant::now();
        true
    }

    fn median(mut self) -> f64 {
        self.rates.sort_by(f64::total_cmp);
        self.rates.get(self.rates.len() / 2).copied().unwrap_or(0.0)
    }
}

// ----- TLS plumbing -------------------------------------------------------------------------

struct Pki {
    _dir: tempfile::TempDir,
    paths: PkiPaths,
    server: Arc<ServerConfig>,
}

fn pki() -> Pki {
    let dir = tempfile::tempdir().unwrap();
    let pki = TestPki::generate(&PkiOptions::default()).unwrap();
    let paths = pki.write(dir.path(), "changeit").unwrap();
    let server = server_config(&pki.server.credentials(), &[pki.ca.cert_der()]).unwrap();
    Pki {
        _dir: dir,
        paths,
        server,
    }
}

type ServerStream = StreamOwned<ServerConnection, TcpStream>;
type ClientStream = StreamOwned<ClientConnection, TcpStream>;

/// Accepts one connection and completes the server's handshake (on a helper thread: the
/// client's handshake runs at the same time on the caller's).
fn accept_one(
    listener: TcpListener,
    config: Arc<ServerConfig>,
) -> std::thread::JoinHandle<ServerStream> {
    std::thread::spawn(move || {
        let (tcp, _) = listener.accept().unwrap();
        tcp.set_nodelay(true).unwrap();
        let mut s = StreamOwned::new(ServerConnection::new(config).unwrap(), tcp);
        while s.conn.is_handshaking() {
            s.conn.complete_io(&mut s.sock).unwrap();
        }
        s
    })
}

/// A connected, handshaken client/server pair of plain rustls streams.
fn rustls_pair(p: &Pki) -> (ClientStream, ServerStream) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = accept_one(listener, p.server.clone());
    let settings = kmipkit::tls::TlsClientSettings {
        server_ca_file: Some(p.paths.ca.clone()),
        client_certificate_file: Some(p.paths.client.clone()),
        use_system_roots: false,
        ..Default::default()
    };
    let tls = ClientTls::load(&settings).unwrap();
    let tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
    tcp.set_nodelay(true).unwrap();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let mut c = StreamOwned::new(
        ClientConnection::new(tls.config().clone(), name).unwrap(),
        tcp,
    );
    while c.conn.is_handshaking() {
        c.conn.complete_io(&mut c.sock).unwrap();
    }
    (c, server.join().unwrap())
}

/// Reads one TTLV message (8-byte header, then its length) into `buf`; false at the end.
fn read_message<R: Read>(r: &mut R, buf: &mut Vec<u8>) -> bool {
    let mut h = [0u8; 8];
    if r.read_exact(&mut h).is_err() {
        return false;
    }
    let len = u32::from_be_bytes([h[4], h[5], h[6], h[7]]) as usize;
    buf.resize(len, 0);
    r.read_exact(buf).is_ok()
}

// ----- the floor ----------------------------------------------------------------------------

fn floor_one_thread(p: &Pki, request: usize, response: usize) -> f64 {
    let (mut c, mut s) = rustls_pair(p);
    let req = vec![0x42u8; request];
    let resp = vec![0x42u8; response];
    let (mut sbuf, mut cbuf) = (vec![0u8; request], vec![0u8; response]);
    let mut m = Meter::new();
    while m.again() {
        c.write_all(&req).unwrap();
        c.flush().unwrap();
        s.read_exact(&mut sbuf).unwrap();
        s.write_all(&resp).unwrap();
        s.flush().unwrap();
        c.read_exact(&mut cbuf).unwrap();
    }
    m.median()
}

fn floor_two_threads(p: &Pki, request: usize, response: usize) -> f64 {
    let (mut c, mut s) = rustls_pair(p);
    let server = std::thread::spawn(move || {
        let resp = vec![0x42u8; response];
        let mut buf = vec![0u8; request];
        while s.read_exact(&mut buf).is_ok() {
            if s.write_all(&resp).and_then(|_| s.flush()).is_err() {
                break;
            }
        }
    });
    let req = vec![0x42u8; request];
    let mut cbuf = vec![0u8; response];
    let mut m = Meter::new();
    while m.again() {
        c.write_all(&req).unwrap();
        c.flush().unwrap();
        c.read_exact(&mut cbuf).unwrap();
    }
    let rate = m.median();
    drop(c);
    server.join().unwrap();
    rate
}

/// A plain futures-rustls echo client on smol (async-io), no KMIP, no deadline: what the
/// async runtime and TLS stream cost over the blocking floor. `same_thread`: the server is a
/// task of the same executor (as for the async client); otherwise it is the blocking rustls
/// echo on its own thread (as the recorded-response server).
fn floor_async(p: &Pki, request: usize, response: usize, same_thread: bool) -> f64 {
    let std_listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = std_listener.local_addr().unwrap().port();
    let settings = kmipkit::tls::TlsClientSettings {
        server_ca_file: Some(p.paths.ca.clone()),
        client_certificate_file: Some(p.paths.client.clone()),
        use_system_roots: false,
        ..Default::default()
    };
    let tls = ClientTls::load(&settings).unwrap();
    let connector = futures_rustls::TlsConnector::from(tls.config().clone());
    let ex = smol::LocalExecutor::new();
    let thread = if same_thread {
        let listener = Async::new(std_listener).unwrap();
        let acceptor = futures_rustls::TlsAcceptor::from(p.server.clone());
        ex.spawn(async move {
            let (tcp, _) = listener.accept().await.unwrap();
            tcp.get_ref().set_nodelay(true).unwrap();
            let mut s = acceptor.accept(tcp).await.unwrap();
            let resp = vec![0x42u8; response];
            let mut buf = vec![0u8; request];
            while s.read_exact(&mut buf).await.is_ok() {
                if s.write_all(&resp).await.is_err() || s.flush().await.is_err() {
                    break;
                }
            }
        })
        .detach();
        None
    } else {
        let accepted = accept_one(std_listener, p.server.clone());
        Some(std::thread::spawn(move || {
            let mut s = accepted.join().unwrap();
            let resp = vec![0x42u8; response];
            let mut buf = vec![0u8; request];
            while s.read_exact(&mut buf).is_ok() {
                if s.write_all(&resp).and_then(|_| s.flush()).is_err() {
                    break;
                }
            }
        }))
    };
    let rate = smol::block_on(ex.run(async {
        let tcp = Async::<TcpStream>::connect(([127, 0, 0, 1], port))
            .await
            .unwrap();
        tcp.get_ref().set_nodelay(true).unwrap();
        let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
        let mut c = connector.connect(name, tcp).await.unwrap();
        let req = vec![0x42u8; request];
        let mut cbuf = vec![0u8; response];
        let mut m = Meter::new();
        while m.again() {
            c.write_all(&req).await.unwrap();
            c.flush().await.unwrap();
            c.read_exact(&mut cbuf).await.unwrap();
        }
        m.median()
    }));
    if let Some(t) = thread {
        // The client's end is dropped: the server's read fails and it ends.
        t.join().unwrap();
    }
    rate
}

/// The std TLS stream the client uses (`tls::connect`, a deadline re-armed for each
/// exchange), with no KMIP: what the transport alone costs over the floor.
fn tls_stream_pair(p: &Pki) -> (kmipkit::tls::TlsStream, ServerStream) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = accept_one(listener, p.server.clone());
    let settings = kmipkit::tls::TlsClientSettings {
        server_ca_file: Some(p.paths.ca.clone()),
        client_certificate_file: Some(p.paths.client.clone()),
        use_system_roots: false,
        ..Default::default()
    };
    let c = kmipkit::tls::connect(
        "localhost",
        port,
        &settings,
        Instant::now() + Duration::from_secs(10),
    )
    .unwrap();
    (c, server.join().unwrap())
}

fn stream_one_thread(p: &Pki, request: usize, response: usize) -> f64 {
    let (mut c, mut s) = tls_stream_pair(p);
    let req = vec![0x42u8; request];
    let resp = vec![0x42u8; response];
    let (mut sbuf, mut cbuf) = (vec![0u8; request], vec![0u8; response]);
    let mut m = Meter::new();
    while m.again() {
        c.set_deadline(Some(Instant::now() + Duration::from_secs(5)));
        c.send(&req).unwrap();
        s.read_exact(&mut sbuf).unwrap();
        s.write_all(&resp).unwrap();
        s.flush().unwrap();
        c.receive_exact(&mut cbuf).unwrap();
    }
    m.median()
}

fn stream_two_threads(p: &Pki, request: usize, response: usize) -> f64 {
    let (mut c, mut s) = tls_stream_pair(p);
    let server = std::thread::spawn(move || {
        let resp = vec![0x42u8; response];
        let mut buf = vec![0u8; request];
        while s.read_exact(&mut buf).is_ok() {
            if s.write_all(&resp).and_then(|_| s.flush()).is_err() {
                break;
            }
        }
    });
    let req = vec![0x42u8; request];
    let mut cbuf = vec![0u8; response];
    let mut m = Meter::new();
    while m.again() {
        c.set_deadline(Some(Instant::now() + Duration::from_secs(5)));
        c.send(&req).unwrap();
        c.receive_exact(&mut cbuf).unwrap();
    }
    let rate = m.median();
    drop(c);
    server.join().unwrap();
    rate
}

// ----- the kmipkit client on one kept connection ---------------------------------------------

/// The client's options in the benchmark: the product's defaults (buffers, clock, TLS
/// settings), connections kept between operations (`keep_idle`), the system roots not loaded
/// (the test CA is the only trust needed).
fn keeping() -> ClientOptions {
    ClientOptions {
        keep_idle: Some(Duration::from_secs(600)),
        use_system_roots: false,
        ..ClientOptions::default()
    }
}

/// A transport that also drives the server's end in the same thread: after each request is
/// written, the server reads it and writes the recorded response (the floor's one-thread mode).
struct Inline {
    client: StdTransport,
    server: ServerStream,
    response: Rc<Vec<u8>>,
    buf: Vec<u8>,
}

impl embedded_io::ErrorType for Inline {
    type Error = IoErrorKind;
}

impl embedded_io::Read for Inline {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, IoErrorKind> {
        self.client.read(buf)
    }
}

impl embedded_io::Write for Inline {
    fn write(&mut self, buf: &[u8]) -> Result<usize, IoErrorKind> {
        let n = self.client.write(buf)?;
        if !read_message(&mut self.server, &mut self.buf) {
            return Err(IoErrorKind::BrokenPipe);
        }
        self.server
            .write_all(&self.response)
            .and_then(|_| self.server.flush())
            .map_err(|_| IoErrorKind::BrokenPipe)?;
        Ok(n)
    }
    fn flush(&mut self) -> Result<(), IoErrorKind> {
        Ok(())
    }
}

impl Transport for Inline {
    fn set_deadline(&mut self, deadline: CoreInstant) {
        self.client.set_deadline(deadline)
    }
    fn close(&mut self) {
        self.client.close()
    }
}

/// Opens real connections with the product's [`TlsConnector`] and pairs each with the server
/// end it accepted, for the one-thread mode. Which connection an operation uses (a new one or
/// the kept one) is the core's decision, as in the product.
struct InlineConnector {
    inner: TlsConnector,
    listener: TcpListener,
    server: Arc<ServerConfig>,
    response: Rc<Vec<u8>>,
    connects: usize,
}

impl Connector for InlineConnector {
    type Transport = Inline;
    type Error = ConnectError;
    fn connect(&mut self, server: usize, deadline: CoreInstant) -> Result<Inline, ConnectError> {
        self.connects += 1;
        let listener = self.listener.try_clone().unwrap();
        let accepted = accept_one(listener, self.server.clone());
        let client = self.inner.connect(server, deadline)?;
        Ok(Inline {
            client,
            server: accepted.join().unwrap(),
            response: self.response.clone(),
            buf: Vec::new(),
        })
    }
}

// ----- the kmipkit client against a recorded-response server --------------------------------

fn config_for(ca: &Path, client: &Path, server: &str, version: &str) -> KmipConfig {
    KmipArgs {
        server_name: Some(server.to_owned()),
        server_ca_file: Some(ca.to_path_buf()),
        client_certificate_file: Some(client.to_path_buf()),
        protocol_version: Some(version.to_owned()),
        ..KmipArgs::default()
    }
    .load()
    .unwrap()
}

fn get_found<T>(r: Result<Lookup<T>, kmipkit::core::client::ClientError>) {
    match r {
        Ok(Lookup::Found(_)) => {}
        Ok(Lookup::NotFound(e)) => panic!("not found: {e}"),
        Err(e) => panic!("{e}"),
    }
}

/// A server thread answering every request on one connection with `response`; counts the
/// request bytes it saw (for the floor's sizes).
fn recorded_server(
    p: &Pki,
    response: Arc<Vec<u8>>,
    seen: Arc<AtomicUsize>,
) -> (u16, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let config = p.server.clone();
    let t = std::thread::spawn(move || {
        let mut s = accept_one(listener, config).join().unwrap();
        let mut buf = Vec::new();
        while read_message(&mut s, &mut buf) {
            seen.store(buf.len() + 8, Ordering::Relaxed);
            if s.write_all(&response).and_then(|_| s.flush()).is_err() {
                break;
            }
        }
    });
    (port, t)
}

/// The product's blocking client, connections kept: one connection for the whole run.
fn ours_blocking_two_threads(p: &Pki, response: &Arc<Vec<u8>>, uid: &str) -> (f64, usize) {
    let seen = Arc::new(AtomicUsize::new(0));
    let (port, server) = recorded_server(p, response.clone(), seen.clone());
    let config = config_for(
        &p.paths.ca,
        &p.paths.client,
        &format!("localhost:{port}"),
        "1.4",
    );
    let mut kmip = KmipClient::with_options(&config, &keeping()).unwrap();
    let mut m = Meter::new();
    while m.again() {
        get_found(kmip.get(uid));
    }
    let rate = m.median();
    assert_eq!(kmip.report().reconnects, 0);
    drop(kmip);
    server.join().unwrap();
    (rate, seen.load(Ordering::Relaxed))
}

fn ours_blocking_one_thread(p: &Pki, response: &Arc<Vec<u8>>, uid: &str) -> f64 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let config = config_for(
        &p.paths.ca,
        &p.paths.client,
        &format!("localhost:{port}"),
        "1.4",
    );
    let options = keeping();
    let origin = Origin::now();
    let connector = InlineConnector {
        inner: TlsConnector::new(
            config.servers.clone(),
            tls_settings(&config, options.use_system_roots),
            origin,
        ),
        listener,
        server: p.server.clone(),
        response: Rc::new(response.to_vec()),
        connects: 0,
    };
    let client = Client::new(client_config(&config, &options), 1).unwrap();
    let mut kmip = BlockingClient::with_buffers(
        client,
        connector,
        StdClock::new(origin),
        options.tx_buffer,
        options.rx_buffer,
    );
    let mut m = Meter::new();
    while m.again() {
        get_found(kmip.get(uid));
    }
    assert_eq!(kmip.connector_mut().connects, 1);
    m.median()
}

fn ours_async_two_threads(p: &Pki, response: &Arc<Vec<u8>>, uid: &str) -> f64 {
    let seen = Arc::new(AtomicUsize::new(0));
    let (port, server) = recorded_server(p, response.clone(), seen);
    let config = config_for(
        &p.paths.ca,
        &p.paths.client,
        &format!("localhost:{port}"),
        "1.4",
    );
    let rate = smol::block_on(async {
        let mut kmip = AsyncKmipClient::with_options(&config, &keeping()).unwrap();
        let mut m = Meter::new();
        while m.again() {
            get_found(kmip.get(uid).await);
        }
        assert_eq!(kmip.report().reconnects, 0);
        m.median()
    });
    server.join().unwrap();
    rate
}

fn ours_async_one_thread(p: &Pki, response: &Arc<Vec<u8>>, uid: &str) -> f64 {
    let listener = Async::<TcpListener>::bind(([127, 0, 0, 1], 0)).unwrap();
    let port = listener.get_ref().local_addr().unwrap().port();
    let config = config_for(
        &p.paths.ca,
        &p.paths.client,
        &format!("localhost:{port}"),
        "1.4",
    );
    let acceptor = futures_rustls::TlsAcceptor::from(p.server.clone());
    let response = response.clone();
    let ex = smol::LocalExecutor::new();
    // One connection is accepted: a second would mean the client did not keep the first.
    let server = ex.spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        tcp.get_ref().set_nodelay(true).unwrap();
        let mut s = acceptor.accept(tcp).await.unwrap();
        let mut h = [0u8; 8];
        let mut buf = Vec::new();
        while s.read_exact(&mut h).await.is_ok() {
            buf.resize(u32::from_be_bytes([h[4], h[5], h[6], h[7]]) as usize, 0);
            if s.read_exact(&mut buf).await.is_err() {
                break;
            }
            if s.write_all(&response).await.is_err() || s.flush().await.is_err() {
                break;
            }
        }
    });
    let rate = smol::block_on(ex.run(async {
        let mut kmip = AsyncKmipClient::with_options(&config, &keeping()).unwrap();
        let mut m = Meter::new();
        while m.again() {
            get_found(kmip.get(uid).await);
        }
        assert_eq!(kmip.report().reconnects, 0);
        m.median()
    }));
    drop(server);
    rate
}

/// A Get response built by the core, when no PyKMIP server gives a real one.
fn built_get_response(uid: &str) -> Vec<u8> {
    let key = [0x5Au8; 32];
    let payload = GetResponse {
        object_type: ObjectType::SYMMETRIC_KEY,
        unique_identifier: Uid::Text(uid),
        object: Object::SymmetricKey(KeyBlock::raw_symmetric(CryptographicAlgorithm::AES, &key)),
    };
    let msg: ResponseMessage<'_, 1> = ResponseMessage::single(
        ResponseHeader::new(ProtocolVersion::V1_4, 0),
        ResponseBatchItem::success(payload),
    )
    .unwrap();
    let mut enc = Encoder::for_vec();
    msg.encode(&mut enc).unwrap();
    enc.into_sink()
}

// ----- PyKMIP ---------------------------------------------------------------------------------

struct PyKmip {
    addr: String,
    pki: PathBuf,
}

fn pykmip() -> Option<PyKmip> {
    let addr = std::env::var("KMIPKIT_PYKMIP_ADDR")
        .ok()
        .filter(|v| !v.is_empty())?;
    let pki = std::env::var("KMIPKIT_PYKMIP_PKI")
        .ok()
        .filter(|v| !v.is_empty())?;
    Some(PyKmip {
        addr,
        pki: PathBuf::from(pki),
    })
}

fn python() -> PathBuf {
    let venv = std::env::var_os("KMIPKIT_PYKMIP_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/pykmip/venv"));
    venv.join("bin").join("python")
}

struct PyResults {
    response: Vec<u8>,
    ours_blocking: f64,
    ours_async: f64,
    ours_new_connection: f64,
    theirs: Option<f64>,
    note: String,
}

fn against_pykmip(py: &PyKmip) -> PyResults {
    let ca = py.pki.join("ca.pem");
    let client = py.pki.join("client.pem");
    let config = config_for(&ca, &client, &py.addr, "1.4");

    // A key to read, and PyKMIP's real Get response for the recorded-response server.
    let recording = ClientOptions {
        wire: WireOptions {
            record: true,
            ..WireOptions::default()
        },
        ..ClientOptions::default()
    };
    let mut kmip = KmipClient::with_options(&config, &recording).unwrap();
    let name = format!("bench-{}", std::process::id());
    let uid = kmip
        .create_symmetric_key(&CreateSymmetricKey::aes(256, Some(&name), true))
        .unwrap()
        .uid
        .as_str()
        .to_owned();
    kmip.wire().clear();
    get_found(kmip.get(&uid));
    let response = kmip.wire().responses().pop().unwrap();

    // The product with connections kept (`keep_idle`): one connection for the whole run.
    let mut one = KmipClient::with_options(&config, &keeping()).unwrap();
    let mut m = Meter::new();
    while m.again() {
        get_found(one.get(&uid));
    }
    let ours_blocking = m.median();
    let reconnects = one.report().reconnects;
    drop(one);

    let ours_async = smol::block_on(async {
        let mut kmip = AsyncKmipClient::with_options(&config, &keeping()).unwrap();
        let mut m = Meter::new();
        while m.again() {
            get_found(kmip.get(&uid).await);
        }
        m.median()
    });

    // The product as PSMDB runs it (the default): a new connection (TLS handshake, files
    // read) per Get.
    let mut product = KmipClient::with_options(
        &config,
        &ClientOptions {
            use_system_roots: false,
            ..ClientOptions::default()
        },
    )
    .unwrap();
    let mut m = Meter::new();
    while m.again() {
        get_found(product.get(&uid));
    }
    let ours_new_connection = m.median();

    let (host, port) = py.addr.rsplit_once(':').unwrap();
    let out = Command::new(python())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/pykmip_get.py"))
        .args([
            "--host",
            host,
            "--port",
            port,
            "--uid",
            &uid,
            "--version",
            "1.4",
            "--seconds",
            "1",
            "--runs",
            "3",
        ])
        .arg("--cert")
        .arg(py.pki.join("client-cert.pem"))
        .arg("--key")
        .arg(py.pki.join("client-key.pem"))
        .arg("--ca")
        .arg(&ca)
        .output();
    let (theirs, note) = match out {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout);
            let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
            (
                v["ops_per_sec"].as_f64(),
                format!("Python {}", v["python"].as_str().unwrap_or("?")),
            )
        }
        Ok(o) => (
            None,
            format!(
                "pykmip_get.py failed: {}",
                String::from_utf8_lossy(&o.stderr)
            ),
        ),
        Err(e) => (None, format!("cannot run {}: {e}", python().display())),
    };

    if reconnects > 0 {
        println!("(PyKMIP closed the kept connection {reconnects} time(s) in the last run)");
    }
    let _ = kmip.revoke(
        &uid,
        kmipkit::core::ttlv::RevocationReasonCode::CESSATION_OF_OPERATION,
    );
    let _ = kmip.destroy(&uid);
    PyResults {
        response,
        ours_blocking,
        ours_async,
        ours_new_connection,
        theirs,
        note,
    }
}

// ----- the report -------------------------------------------------------------------------------

fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let date =
        kmipkit::core::ttlv::datetime::rfc3339(now).map_or_else(String::new, |d| d.to_string());
    format!("{cpus} CPUs ({model}), Linux {}, {date}", kernel.trim())
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this with no argument: then
    // only check that it starts.
    if !std::env::args().any(|a| a == "--bench") {
        println!("client bench: run with `cargo bench -p kmipkit --bench client`");
        return;
    }
    println!("machine: {}", machine());
    let p = pki();
    // One case alone, for a profiler: KMIPKIT_BENCH_ONLY=blocking1|blocking2|async1|async2.
    if let Ok(only) = std::env::var("KMIPKIT_BENCH_ONLY") {
        let response = Arc::new(built_get_response("1"));
        let (rq, rs) = (120, response.len());
        let rate = match only.as_str() {
            "blocking1" => ours_blocking_one_thread(&p, &response, "1"),
            "blocking2" => ours_blocking_two_threads(&p, &response, "1").0,
            "async1" => ours_async_one_thread(&p, &response, "1"),
            "async2" => ours_async_two_threads(&p, &response, "1"),
            "floor1" => floor_one_thread(&p, rq, rs),
            "floor2" => floor_two_threads(&p, rq, rs),
            "afloor1" => floor_async(&p, rq, rs, true),
            "afloor2" => floor_async(&p, rq, rs, false),
            "stream1" => stream_one_thread(&p, rq, rs),
            other => panic!(
                "KMIPKIT_BENCH_ONLY={other}: blocking1, blocking2, async1, async2, floor1, floor2 \
                 or stream1"
            ),
        };
        println!("{only}: {rate:.0} Get/s");
        return;
    }
    let uid = "1";
    let py = pykmip();
    let py_results = py.as_ref().map(against_pykmip);
    let (response, source) = match &py_results {
        Some(r) => (r.response.clone(), "PyKMIP's Get response"),
        None => (built_get_response(uid), "a Get response built by the core"),
    };
    // The recorded response names the UID PyKMIP gave; the client must ask for that one.
    let response_uid = {
        let m = kmipkit::core::ttlv::decode(&response).unwrap();
        let msg = ResponseMessage::<'_, 1>::decode_item(m, ProtocolVersion::V1_4).unwrap();
        let g: &GetResponse<'_> = msg.first().unwrap().payload_as().unwrap();
        match g.unique_identifier {
            Uid::Text(t) => t.to_owned(),
            _ => uid.to_owned(),
        }
    };
    let response = Arc::new(response);

    let request_len = ours_blocking_two_threads(&p, &response, &response_uid).1;
    let (rq, rs) = (request_len, response.len());
    let uid = response_uid.as_str();
    type Case<'a> = Box<dyn Fn() -> f64 + 'a>;
    let cases: [(&str, Case<'_>, Case<'_>); 5] = [
        (
            "floor: rustls echo of the same sizes",
            Box::new(|| floor_one_thread(&p, rq, rs)),
            Box::new(|| floor_two_threads(&p, rq, rs)),
        ),
        (
            "kmipkit TlsStream alone (deadline per exchange), same sizes, no KMIP",
            Box::new(|| stream_one_thread(&p, rq, rs)),
            Box::new(|| stream_two_threads(&p, rq, rs)),
        ),
        (
            "plain futures-rustls echo on smol (async-io), same sizes, no KMIP",
            Box::new(|| floor_async(&p, rq, rs, true)),
            Box::new(|| floor_async(&p, rq, rs, false)),
        ),
        (
            "kmipkit blocking client, recorded-response server",
            Box::new(|| ours_blocking_one_thread(&p, &response, uid)),
            Box::new(|| ours_blocking_two_threads(&p, &response, uid).0),
        ),
        (
            "kmipkit async client (smol), recorded-response server",
            Box::new(|| ours_async_one_thread(&p, &response, uid)),
            Box::new(|| ours_async_two_threads(&p, &response, uid)),
        ),
    ];
    // rates[case][mode][round]
    let mut rates = vec![[Vec::new(), Vec::new()]; cases.len()];
    for round in 0..ROUNDS {
        for k in 0..cases.len() {
            let i = (k + round) % cases.len();
            rates[i][0].push(cases[i].1());
            rates[i][1].push(cases[i].2());
        }
    }
    let median = |v: &[f64]| {
        let mut v = v.to_vec();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };

    println!();
    println!(
        "Get round trips per second on one connection (the client keeps it: `keep_idle`); \
         request {rq} bytes, response {rs} bytes \
         ({source}); TLS 1.3 over loopback, mutual TLS. Median of {ROUNDS} rounds (each the \
         median of {RUNS} × {:.1} s); the ratio is the median of the rounds' ratios to the floor.",
        RUN.as_secs_f64()
    );
    println!();
    println!("| what | 1 thread (both ends) | 2 threads |");
    println!("|---|---:|---:|");
    for (i, (name, _, _)) in cases.iter().enumerate() {
        let cell = |mode: usize| {
            let rate = median(&rates[i][mode]);
            if i == 0 {
                return format!("{rate:.0}/s");
            }
            let ratios: Vec<f64> = rates[i][mode]
                .iter()
                .zip(&rates[0][mode])
                .map(|(x, f)| x / f)
                .collect();
            format!("{rate:.0}/s ({:.2}× floor)", median(&ratios))
        };
        println!("| {name} | {} | {} |", cell(0), cell(1));
    }
    println!();
    match (&py, &py_results) {
        (Some(py), Some(r)) => {
            println!(
                "Against PyKMIP 0.11 at {} (TLS 1.2, KMIP 1.4, the same key):",
                py.addr
            );
            println!();
            println!("| client | Get/s |");
            println!("|---|---:|");
            let vs = |x: f64| {
                r.theirs
                    .map_or_else(String::new, |t| format!(" ({:.2}× PyKMIP's client)", x / t))
            };
            println!(
                "| kmipkit blocking, connection kept (`keep_idle`) | {:.0}{} |",
                r.ours_blocking,
                vs(r.ours_blocking)
            );
            println!(
                "| kmipkit async (smol), connection kept (`keep_idle`) | {:.0}{} |",
                r.ours_async,
                vs(r.ours_async)
            );
            println!("| kmipkit blocking, new connection per Get (the default: PSMDB semantics) | {:.0}{} |", r.ours_new_connection, vs(r.ours_new_connection));
            match r.theirs {
                Some(t) => println!(
                    "| PyKMIP ProxyKmipClient, one connection ({}) | {t:.0} |",
                    r.note
                ),
                None => println!("| PyKMIP ProxyKmipClient | not measured: {} |", r.note),
            }
        }
        _ => {
            println!("PyKMIP: not measured (start it with .ci/pykmip.sh and source its pykmip.env)")
        }
    }
}
