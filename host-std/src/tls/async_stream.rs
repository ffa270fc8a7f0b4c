//! The async TLS connection on smol / async-io, with the same semantics and errors as the
//! blocking one.

use std::future::Future;
use std::io;
use std::net::{SocketAddr, TcpStream};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use async_io::{Async, Timer};
use futures_lite::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use futures_rustls::TlsConnector;
use rustls::ClientConnection;

use super::blocking::server_name;
use super::client::{ClientTls, TlsClientSettings};
use super::error::{classify_io, ConnectAttempt, Phase, TransportError, TrustNote};
use super::net::{attempt_budget, bare_host, format_server, literal, lookup, resolution};

/// An async byte stream whose reads, writes and flushes fail with
/// [`io::ErrorKind::TimedOut`] once an absolute deadline has passed (an async-io [`Timer`]
/// wakes the task at the deadline). Generic, so a server can use it for idle timeouts too.
#[derive(Debug)]
pub struct AsyncDeadlineIo<T> {
    io: T,
    deadline: Option<Instant>,
    timer: Timer,
    armed: Option<Instant>,
}

impl<T> AsyncDeadlineIo<T> {
    /// Wraps `io`.
    pub fn new(io: T, deadline: Option<Instant>) -> Self {
        AsyncDeadlineIo {
            io,
            deadline,
            timer: Timer::never(),
            armed: None,
        }
    }

    /// Sets (or with `None` removes) the deadline for the following operations.
    pub fn set_deadline(&mut self, deadline: Option<Instant>) {
        self.deadline = deadline;
        if deadline.is_none() && self.armed.is_some() {
            self.timer = Timer::never();
            self.armed = None;
        }
    }

    /// The current deadline.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// The wrapped stream.
    pub fn get_ref(&self) -> &T {
        &self.io
    }

    /// The wrapped stream, mutably.
    pub fn get_mut(&mut self) -> &mut T {
        &mut self.io
    }

    /// Unwraps the stream.
    pub fn into_inner(self) -> T {
        self.io
    }

    fn expired(&self) -> bool {
        matches!(self.deadline, Some(d) if Instant::now() >= d)
    }

    /// Called when the operation is pending: make sure the timer will wake us at the deadline.
    fn poll_timer<R>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<R>> {
        if let Some(d) = self.deadline {
            if self.armed != Some(d) {
                self.timer.set_at(d);
                self.armed = Some(d);
            }
            if Pin::new(&mut self.timer).poll(cx).is_ready() {
                return Poll::Ready(Err(timed_out()));
            }
        }
        Poll::Pending
    }
}

fn timed_out() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "deadline reached")
}

macro_rules! with_deadline {
    ($self:ident, $cx:ident, $op:expr) => {{
        let this = $self.get_mut();
        if this.expired() {
            return Poll::Ready(Err(timed_out()));
        }
        match $op(Pin::new(&mut this.io), &mut *$cx) {
            Poll::Ready(r) => Poll::Ready(r),
            Poll::Pending => this.poll_timer($cx),
        }
    }};
}

impl<T: AsyncRead + Unpin> AsyncRead for AsyncDeadlineIo<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        with_deadline!(self, cx, |io: Pin<&mut T>, cx| io.poll_read(cx, buf))
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for AsyncDeadlineIo<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        with_deadline!(self, cx, |io: Pin<&mut T>, cx| io.poll_write(cx, buf))
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        with_deadline!(self, cx, |io: Pin<&mut T>, cx| io
            .poll_write_vectored(cx, bufs))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        with_deadline!(self, cx, |io: Pin<&mut T>, cx| io.poll_flush(cx))
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        with_deadline!(self, cx, |io: Pin<&mut T>, cx| io.poll_close(cx))
    }
}

type Inner = futures_rustls::client::TlsStream<AsyncDeadlineIo<Async<TcpStream>>>;

/// Async [`super::connect`]: reads the files (on the blocking thread pool), resolves, tries
/// every address inside the deadline, sets `TCP_NODELAY` and completes the TLS handshake
/// before `deadline`. Same errors as the blocking call.
pub async fn connect_async(
    host: &str,
    port: u16,
    settings: &TlsClientSettings,
    deadline: Instant,
) -> Result<AsyncTlsStream, TransportError> {
    let settings = settings.clone();
    let tls = smol::unblock(move || ClientTls::load(&settings)).await?;
    connect_async_with(host, port, &tls, deadline).await
}

/// [`connect_async`] with an already loaded configuration.
pub async fn connect_async_with(
    host: &str,
    port: u16,
    tls: &ClientTls,
    deadline: Instant,
) -> Result<AsyncTlsStream, TransportError> {
    let server = format_server(host, port);
    let name = server_name(host, &server)?;
    let addresses = resolve_async(host, port, server.clone(), deadline).await?;
    let (tcp, address) = tcp_connect_async(&server, &addresses, deadline).await?;
    let trust = tls.trust().clone();
    let io = AsyncDeadlineIo::new(tcp, Some(deadline));
    match TlsConnector::from(tls.config().clone())
        .connect(name, io)
        .await
    {
        Ok(inner) => Ok(AsyncTlsStream {
            inner,
            server,
            address,
            trust,
        }),
        Err(e) => Err(classify_io(
            e,
            &server,
            address,
            Phase::TlsHandshake,
            &trust,
        )),
    }
}

async fn resolve_async(
    host: &str,
    port: u16,
    server: String,
    deadline: Instant,
) -> Result<Vec<SocketAddr>, TransportError> {
    if let Some(address) = literal(host, port) {
        return Ok(vec![address]);
    }
    let name = bare_host(host).to_owned();
    if name.is_empty() {
        return Err(TransportError::InvalidServerName { server });
    }
    let lookup = async move { Some(smol::unblock(move || lookup(&name, port)).await) };
    let timeout = async {
        Timer::at(deadline).await;
        None
    };
    match futures_lite::future::or(lookup, timeout).await {
        Some(result) => resolution(server, result),
        None => Err(TransportError::Timeout {
            server,
            address: None,
            phase: Phase::Resolve,
        }),
    }
}

async fn tcp_connect_async(
    server: &str,
    addresses: &[SocketAddr],
    deadline: Instant,
) -> Result<(Async<TcpStream>, SocketAddr), TransportError> {
    let mut attempts = Vec::new();
    for (i, address) in addresses.iter().enumerate() {
        let start = Instant::now();
        if start >= deadline {
            return Err(TransportError::Connect {
                server: server.to_owned(),
                attempts,
                untried: addresses.len() - i,
                timed_out: true,
            });
        }
        let budget = attempt_budget(deadline - start, addresses.len() - i);
        let attempt = Async::<TcpStream>::connect(*address);
        let timeout = async {
            Timer::at(start + budget).await;
            Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "connection timed out",
            ))
        };
        match futures_lite::future::or(attempt, timeout).await {
            Ok(stream) => {
                stream
                    .get_ref()
                    .set_nodelay(true)
                    .map_err(|source| TransportError::Io {
                        server: server.to_owned(),
                        address: *address,
                        phase: Phase::Connect,
                        source,
                    })?;
                return Ok((stream, *address));
            }
            Err(error) => attempts.push(ConnectAttempt {
                address: *address,
                error,
                elapsed: start.elapsed(),
            }),
        }
    }
    Err(TransportError::Connect {
        server: server.to_owned(),
        attempts,
        untried: 0,
        timed_out: Instant::now() >= deadline,
    })
}

/// An async TLS connection to a KMIP server ([`AsyncRead`] + [`AsyncWrite`]) with a
/// re-armable deadline. After any error (a timeout included) drop it and connect again.
#[derive(Debug)]
pub struct AsyncTlsStream {
    inner: Inner,
    server: String,
    address: SocketAddr,
    trust: TrustNote,
}

impl AsyncTlsStream {
    /// Sets the deadline for the next reads and writes (`None`: wait forever).
    pub fn set_deadline(&mut self, deadline: Option<Instant>) {
        self.inner.get_mut().0.set_deadline(deadline);
    }

    /// The deadline in force.
    pub fn deadline(&self) -> Option<Instant> {
        self.inner.get_ref().0.deadline()
    }

    /// `host:port` as given to [`connect_async`].
    pub fn server(&self) -> &str {
        &self.server
    }

    /// The address connected to.
    pub fn peer_address(&self) -> SocketAddr {
        self.address
    }

    /// The rustls connection (negotiated version and suite, peer certificates).
    pub fn connection(&self) -> &ClientConnection {
        self.inner.get_ref().1
    }

    fn error(&self, e: io::Error, phase: Phase) -> TransportError {
        classify_io(e, &self.server, self.address, phase, &self.trust)
    }

    /// Writes one whole message and flushes it (one TLS record up to 16 KiB). Nothing is
    /// queued when the deadline has already passed.
    pub async fn send(&mut self, message: &[u8]) -> Result<(), TransportError> {
        if matches!(self.deadline(), Some(d) if Instant::now() >= d) {
            return Err(TransportError::Timeout {
                server: self.server.clone(),
                address: Some(self.address),
                phase: Phase::Send,
            });
        }
        if let Err(e) = self.inner.write_all(message).await {
            return Err(self.error(e, Phase::Send));
        }
        match self.inner.flush().await {
            Ok(()) => Ok(()),
            Err(e) => Err(self.error(e, Phase::Send)),
        }
    }

    /// Reads what is available (at least one byte); the server closing is
    /// [`TransportError::Closed`].
    pub async fn receive(&mut self, buf: &mut [u8]) -> Result<usize, TransportError> {
        if buf.is_empty() {
            return Ok(0);
        }
        match self.inner.read(buf).await {
            Ok(0) => Err(TransportError::Closed {
                server: self.server.clone(),
                address: self.address,
                phase: Phase::Receive,
            }),
            Ok(n) => Ok(n),
            Err(e) => Err(self.error(e, Phase::Receive)),
        }
    }

    /// Fills `buf` completely.
    pub async fn receive_exact(&mut self, buf: &mut [u8]) -> Result<(), TransportError> {
        let mut filled = 0;
        while filled < buf.len() {
            filled += self.receive(&mut buf[filled..]).await?;
        }
        Ok(())
    }

    /// Sends TLS close_notify (within the current deadline) and closes the connection.
    pub async fn close(mut self) -> Result<(), TransportError> {
        match self.inner.close().await {
            Ok(()) => Ok(()),
            Err(e) => Err(self.error(e, Phase::Send)),
        }
    }
}

impl AsyncRead for AsyncTlsStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for AsyncTlsStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_close(cx)
    }
}
