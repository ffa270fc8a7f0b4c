//! The network side: a TLS listener on smol that serves many clients at once, with the
//! message size, the connection count and idle time bounded, every request logged
//! (`tracing`, target `kmipkit::dev_server`; never key material), and faults injected on
//! demand.
//!
//! Each connection: TLS handshake (a client certificate is required; its subject CN is the
//! owner of the objects it makes), then request after request: the 8-byte TTLV header (a
//! declared length above the limit is answered with Invalid Message and the connection
//! closed, before anything more is read), the body, the engine, the answer. A connection that
//! sends nothing for the idle timeout is closed; so is one whose handshake or message takes
//! longer than that.

use std::fmt::Write as _;
use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use async_io::{Async, Timer};
use futures_lite::future;
use futures_lite::io::{AsyncReadExt, AsyncWriteExt};
use futures_rustls::TlsAcceptor;
use kmipkit_core::ttlv::{frame, DecodeOptions, Frame, ResultReason};
use smol::Executor;
use zeroize::Zeroizing;

use super::engine::{Engine, Handled, ItemSummary};
use super::fault::Fault;
use crate::tls::server::peer_common_name;
use crate::tls::AsyncDeadlineIo;

/// The log target of the development server.
pub const LOG_TARGET: &str = "kmipkit::dev_server";

/// What a faulty server sends instead of a response ([`Faults::garbage`]): not TTLV (its first
/// byte is no tag), so a client's framer refuses it at once.
pub const GARBAGE: &[u8] = b"kmipkit dev-server fault injection: this is not a KMIP response!!\n";

/// The header a faulty server sends instead of a response ([`Faults::absurd_length`]): a
/// Response Message structure that declares 4 GiB - 8 bytes.
pub const ABSURD_HEADER: [u8; 8] = [0x42, 0x00, 0x7B, 0x01, 0xFF, 0xFF, 0xFF, 0xF8];

/// How the listener treats new connections ([`Faults::accept`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AcceptMode {
    /// Accept and serve.
    #[default]
    Normal,
    /// Keep listening but accept nothing: clients' TCP connections complete in the kernel's
    /// backlog, and their TLS handshake never gets an answer.
    Hold,
    /// Accept each connection and close it at once, before TLS.
    Drop,
}

/// Misbehaviour on purpose, for tests of how clients react. The default is a correct server.
/// Faults apply to every request while they are set ([`DevServer::set_faults`] changes them
/// on a running server).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Faults {
    /// Wait this long before answering each request.
    pub delay: Option<Duration>,
    /// Send only the first N bytes of each response, then close the connection.
    pub close_after_bytes: Option<usize>,
    /// Answer with [`GARBAGE`] instead of a response.
    pub garbage: bool,
    /// Answer with [`ABSURD_HEADER`] and nothing more (the connection stays open until the
    /// client closes it or the idle timeout).
    pub absurd_length: bool,
    /// Answer every batch item with Operation Failed and this Result Reason, without running
    /// anything.
    pub error: Option<ResultReason>,
    /// How new connections are treated.
    pub accept: AcceptMode,
}

/// Bounds on what one client may cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest request accepted, header included.
    pub max_message_size: u32,
    /// Connections served at once; more are closed as soon as they are accepted.
    pub max_connections: usize,
    /// A connection that sends nothing for this long is closed; a message (or a response
    /// write) must also complete within it.
    pub idle_timeout: Duration,
    /// The TLS handshake must complete within this.
    pub handshake_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message_size: 1 << 20,
            max_connections: 256,
            idle_timeout: Duration::from_secs(120),
            handshake_timeout: Duration::from_secs(10),
        }
    }
}

/// How to run the server.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen (`127.0.0.1:5696` by default; port 0 picks a free port).
    pub listen: SocketAddr,
    /// The TLS configuration; it must require client certificates
    /// ([`crate::tls::server::server_config`]).
    pub tls: Arc<rustls::ServerConfig>,
    /// Bounds.
    pub limits: Limits,
    /// Faults to inject from the start.
    pub faults: Faults,
    /// Threads running the connections (at least 1).
    pub threads: usize,
}

impl Config {
    /// Listen on `listen` with `tls`, default limits, no faults, two threads.
    pub fn new(listen: SocketAddr, tls: Arc<rustls::ServerConfig>) -> Config {
        Config {
            listen,
            tls,
            limits: Limits::default(),
            faults: Faults::default(),
            threads: 2,
        }
    }
}

/// Why the server could not start.
#[derive(Debug)]
#[non_exhaustive]
pub enum ServerError {
    /// The address could not be bound.
    Bind {
        /// The address.
        address: SocketAddr,
        /// The operating system's error.
        source: io::Error,
    },
    /// A socket or thread operation failed.
    Io {
        /// What was being done.
        what: &'static str,
        /// The operating system's error.
        source: io::Error,
    },
}

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServerError::Bind { address, source } => {
                write!(f, "cannot listen on {address}: {source}")
            }
            ServerError::Io { what, source } => write!(f, "cannot {what}: {source}"),
        }
    }
}

impl std::error::Error for ServerError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServerError::Bind { source, .. } | ServerError::Io { source, .. } => Some(source),
        }
    }
}

/// Counters of a running server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Connections accepted (TCP).
    pub accepted: u64,
    /// Connections closed at once because [`Limits::max_connections`] were being served.
    pub refused: u64,
    /// Connections being served now.
    pub active: usize,
    /// Requests answered.
    pub requests: u64,
}

struct Shared {
    engine: Arc<Engine>,
    tls: Arc<rustls::ServerConfig>,
    limits: Limits,
    faults: Mutex<Faults>,
    active: AtomicUsize,
    accepted: AtomicU64,
    refused: AtomicU64,
    requests: AtomicU64,
}

impl Shared {
    fn faults(&self) -> Faults {
        self.faults
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// Decrements the active connection count when a connection ends (or its task is dropped).
struct ActiveGuard(Arc<Shared>);

impl Drop for ActiveGuard {
    fn drop(&mut self) {
        self.0.active.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A running development server. Stop it with [`DevServer::shutdown`] (dropping it does the
/// same): the listener closes, open connections are dropped and the threads are joined.
pub struct DevServer {
    local_addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<smol::channel::Sender<()>>,
    threads: Vec<JoinHandle<()>>,
    executor: Option<Arc<Executor<'static>>>,
}

impl std::fmt::Debug for DevServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DevServer")
            .field("local_addr", &self.local_addr)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

/// POSIX seconds now.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl DevServer {
    /// Binds `config.listen` and starts serving `engine` on `config.threads` threads.
    pub fn start(config: Config, engine: Arc<Engine>) -> Result<DevServer, ServerError> {
        let std_listener =
            TcpListener::bind(config.listen).map_err(|source| ServerError::Bind {
                address: config.listen,
                source,
            })?;
        let local_addr = std_listener
            .local_addr()
            .map_err(|source| ServerError::Io {
                what: "read the listening address",
                source,
            })?;
        let listener = Async::new(std_listener).map_err(|source| ServerError::Io {
            what: "register the listener",
            source,
        })?;
        let shared = Arc::new(Shared {
            engine,
            tls: config.tls,
            limits: config.limits,
            faults: Mutex::new(config.faults),
            active: AtomicUsize::new(0),
            accepted: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            requests: AtomicU64::new(0),
        });
        let executor = Arc::new(Executor::new());
        let (stop_tx, stop_rx) = smol::channel::bounded::<()>(1);
        executor
            .spawn(accept_loop(
                listener,
                shared.clone(),
                Arc::downgrade(&executor),
                stop_rx.clone(),
            ))
            .detach();
        let mut server = DevServer {
            local_addr,
            shared,
            stop: Some(stop_tx),
            threads: Vec::new(),
            executor: Some(executor.clone()),
        };
        for i in 0..config.threads.max(1) {
            let ex = executor.clone();
            let rx = stop_rx.clone();
            let handle = std::thread::Builder::new()
                .name(format!("kmipkit-dev-server-{i}"))
                .spawn(move || {
                    smol::block_on(ex.run(async move {
                        let _ = rx.recv().await;
                    }))
                })
                .map_err(|source| ServerError::Io {
                    what: "start a server thread",
                    source,
                })?;
            server.threads.push(handle);
        }
        Ok(server)
    }

    /// The address it listens on (with the port picked, if 0 was asked).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The engine (to inspect or seed the store in tests).
    pub fn engine(&self) -> &Arc<Engine> {
        &self.shared.engine
    }

    /// Replaces the faults in force (from the next connection or request on).
    pub fn set_faults(&self, faults: Faults) {
        *self.shared.faults.lock().unwrap_or_else(|p| p.into_inner()) = faults;
    }

    /// The faults in force.
    pub fn faults(&self) -> Faults {
        self.shared.faults()
    }

    /// The counters.
    pub fn stats(&self) -> Stats {
        Stats {
            accepted: self.shared.accepted.load(Ordering::SeqCst),
            refused: self.shared.refused.load(Ordering::SeqCst),
            active: self.shared.active.load(Ordering::SeqCst),
            requests: self.shared.requests.load(Ordering::SeqCst),
        }
    }

    /// Blocks until the server is stopped (it is not, unless [`DevServer::shutdown`] is called
    /// from elsewhere or the process ends): for the command line.
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    /// Stops listening, drops every connection and joins the threads.
    pub fn shutdown(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        // Closing the channel wakes every thread's `recv` (and the accept loop's).
        if let Some(tx) = self.stop.take() {
            tx.close();
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
        // The last reference: dropping the executor drops the remaining tasks, closing their
        // sockets.
        self.executor.take();
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        self.stop_now();
    }
}

async fn accept_loop(
    listener: Async<TcpListener>,
    shared: Arc<Shared>,
    executor: Weak<Executor<'static>>,
    stop: smol::channel::Receiver<()>,
) {
    loop {
        if shared.faults().accept == AcceptMode::Hold {
            // Listen without accepting; look again now and then whether the fault was lifted.
            let stopped = future::or(
                async {
                    let _ = stop.recv().await;
                    true
                },
                async {
                    Timer::after(Duration::from_millis(20)).await;
                    false
                },
            )
            .await;
            if stopped {
                return;
            }
            continue;
        }
        let next = future::or(async { Some(listener.accept().await) }, async {
            let _ = stop.recv().await;
            None
        })
        .await;
        let Some(result) = next else {
            return;
        };
        let (tcp, peer) = match result {
            Ok(x) => x,
            Err(e) => {
                tracing::warn!(target: LOG_TARGET, "accept failed: {e}");
                Timer::after(Duration::from_millis(50)).await;
                continue;
            }
        };
        shared.accepted.fetch_add(1, Ordering::SeqCst);
        if shared.faults().accept == AcceptMode::Drop {
            tracing::info!(target: LOG_TARGET, %peer, "fault injection: closing the connection at once");
            drop(tcp);
            continue;
        }
        let max = shared.limits.max_connections;
        if shared.active.load(Ordering::SeqCst) >= max {
            shared.refused.fetch_add(1, Ordering::SeqCst);
            tracing::warn!(target: LOG_TARGET, %peer, "refusing the connection: {max} connections are open already");
            drop(tcp);
            continue;
        }
        shared.active.fetch_add(1, Ordering::SeqCst);
        let guard = ActiveGuard(shared.clone());
        match executor.upgrade() {
            Some(ex) => ex.spawn(serve(tcp, peer, shared.clone(), guard)).detach(),
            None => return,
        }
    }
}

fn is_timeout(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::TimedOut
}

/// One line for the log: `Create=Success Activate=OperationFailed/PermissionDenied`.
fn describe(items: &[ItemSummary]) -> String {
    let mut s = String::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        match it.operation {
            Some(op) => {
                let _ = write!(s, "{op:?}");
            }
            None => s.push('?'),
        }
        let _ = write!(s, "={:?}", it.status);
        if let Some(r) = it.reason {
            let _ = write!(s, "/{r:?}");
        }
    }
    s
}

async fn serve(tcp: Async<TcpStream>, peer: SocketAddr, shared: Arc<Shared>, _guard: ActiveGuard) {
    let _ = tcp.get_ref().set_nodelay(true);
    let limits = shared.limits;
    let io = AsyncDeadlineIo::new(tcp, Some(Instant::now() + limits.handshake_timeout));
    let mut tls = match TlsAcceptor::from(shared.tls.clone()).accept(io).await {
        Ok(t) => t,
        Err(e) => {
            tracing::info!(target: LOG_TARGET, %peer, "TLS handshake failed: {e}");
            return;
        }
    };
    let owner = match peer_common_name(tls.get_ref().1) {
        Ok(cn) => cn,
        Err(e) => {
            tracing::warn!(target: LOG_TARGET, %peer, "refusing the client: {e}");
            close(&mut tls).await;
            return;
        }
    };
    tracing::debug!(target: LOG_TARGET, %peer, %owner, "connected");
    let options = DecodeOptions {
        max_message_size: limits.max_message_size,
        ..DecodeOptions::STRICT
    };
    loop {
        tls.get_mut()
            .0
            .set_deadline(Some(Instant::now() + limits.idle_timeout));
        let mut header = [0u8; 8];
        match read_header(&mut tls, &mut header).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::debug!(target: LOG_TARGET, %peer, %owner, "closed by the client");
                break;
            }
            Err(e) if is_timeout(&e) => {
                tracing::info!(target: LOG_TARGET, %peer, %owner, "idle for {:?}: closing", limits.idle_timeout);
                break;
            }
            Err(e) => {
                tracing::debug!(target: LOG_TARGET, %peer, %owner, "read failed: {e}");
                break;
            }
        }
        let total = match frame(&header, &options) {
            Ok(Frame::NeedMore(n)) => 8 + n,
            Ok(Frame::Complete(n)) => n,
            Err(e) => {
                tracing::warn!(target: LOG_TARGET, %peer, %owner, "refusing a request: {e}");
                let answer = shared.engine.reject(
                    Fault::InvalidMessage,
                    &format!("the request was refused before it was read: {e}"),
                    unix_now(),
                );
                let _ = send(&mut tls, &answer).await;
                break;
            }
        };
        let mut request = Zeroizing::new(vec![0u8; total]);
        request[..8].copy_from_slice(&header);
        tls.get_mut()
            .0
            .set_deadline(Some(Instant::now() + limits.idle_timeout));
        if let Err(e) = tls.read_exact(&mut request[8..]).await {
            tracing::info!(target: LOG_TARGET, %peer, %owner, "the request did not arrive whole: {e}");
            break;
        }
        let started = Instant::now();
        let faults = shared.faults();
        if let Some(d) = faults.delay {
            Timer::after(d).await;
        }
        let now = unix_now();
        let handled = match faults.error {
            Some(reason) => {
                let response = shared.engine.fail_all(
                    &request,
                    reason,
                    "kmipkit dev-server fault injection: this error is on purpose",
                    now,
                );
                Handled {
                    response,
                    version: None,
                    items: Vec::new(),
                }
            }
            None => shared.engine.handle(&request, &owner, now),
        };
        shared.requests.fetch_add(1, Ordering::SeqCst);
        tracing::info!(
            target: LOG_TARGET,
            %peer,
            %owner,
            version = %handled.version.map(|v| v.to_string()).unwrap_or_else(|| "-".into()),
            items = %describe(&handled.items),
            request_bytes = request.len(),
            response_bytes = handled.response.len(),
            micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
            "request",
        );
        tls.get_mut()
            .0
            .set_deadline(Some(Instant::now() + limits.idle_timeout));
        if faults.absurd_length {
            tracing::info!(target: LOG_TARGET, %peer, "fault injection: answering an absurd length");
            if send(&mut tls, &ABSURD_HEADER).await.is_err() {
                break;
            }
            drain(&mut tls).await;
            break;
        }
        let bytes: &[u8] = if faults.garbage {
            tracing::info!(target: LOG_TARGET, %peer, "fault injection: answering garbage");
            GARBAGE
        } else {
            &handled.response
        };
        if let Some(n) = faults.close_after_bytes {
            let cut = n.min(bytes.len());
            tracing::info!(target: LOG_TARGET, %peer, "fault injection: closing after {cut} of {} bytes", bytes.len());
            let _ = send(&mut tls, &bytes[..cut]).await;
            break;
        }
        if let Err(e) = send(&mut tls, bytes).await {
            tracing::info!(target: LOG_TARGET, %peer, %owner, "cannot send the response: {e}");
            break;
        }
    }
    close(&mut tls).await;
}

type Stream = futures_rustls::server::TlsStream<AsyncDeadlineIo<Async<TcpStream>>>;

/// Reads the 8-byte header; `Ok(false)` when the client closed before sending a byte.
async fn read_header(tls: &mut Stream, header: &mut [u8; 8]) -> io::Result<bool> {
    let mut filled = 0;
    while filled < header.len() {
        match tls.read(&mut header[filled..]).await {
            Ok(0) if filled == 0 => return Ok(false),
            Ok(0) => {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the connection closed inside a message header",
                ))
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof && filled == 0 => return Ok(false),
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

async fn send(tls: &mut Stream, bytes: &[u8]) -> io::Result<()> {
    tls.write_all(bytes).await?;
    tls.flush().await
}

/// Reads and discards until the client closes or the deadline passes.
async fn drain(tls: &mut Stream) {
    let mut sink = [0u8; 1024];
    while let Ok(n) = tls.read(&mut sink).await {
        if n == 0 {
            break;
        }
    }
}

/// Sends close_notify (within a short deadline) and lets the socket drop.
async fn close(tls: &mut Stream) {
    tls.get_mut()
        .0
        .set_deadline(Some(Instant::now() + Duration::from_secs(1)));
    let _ = tls.close().await;
}
