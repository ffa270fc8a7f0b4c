//! The transports the core drivers read and write: a [`TlsStream`] (blocking) or an
//! [`AsyncTlsStream`] (smol) seen through `embedded-io` / `embedded-io-async`.
//!
//! Each write is one whole request (the stream sends it as one TLS record in one socket
//! write); a read returns what has arrived, `Ok(0)` when the server closed the connection. A
//! failure goes to the core as an [`IoErrorKind`] and, whole, to the [`Diagnostics`] log (under
//! TLS 1.3 a refused client certificate shows only here, on the first read).

use super::connector::{core_phase, error_kind};
use super::diagnostics::Diagnostics;
use super::time::Origin;
use super::wire::Tap;
use crate::tls::{AsyncTlsStream, TlsStream, TransportError};
use kmipkit_core::client::{Instant, IoErrorKind, Transport};

/// What both transports do with a failure: log it whole, tell the core its kind. The server
/// closing the connection is `Ok(0)` for a read (the core's "closed"), not an error.
fn failure(diagnostics: &Diagnostics, server: usize, e: TransportError) -> IoErrorKind {
    let kind = error_kind(&e);
    diagnostics.record(server, core_phase(e.phase()), kind, e);
    kind
}

/// A blocking TLS connection for [`BlockingClient`](kmipkit_core::client::BlockingClient).
///
/// The TLS stream is boxed: the driver keeps a slot for a connection to each server (idle
/// ones kept between operations), so the transport itself stays small.
#[derive(Debug)]
pub struct StdTransport {
    stream: Option<Box<TlsStream>>,
    /// The core deadline last given (the driver gives each exchange's twice: write, read).
    deadline: Option<Instant>,
    server: usize,
    origin: Origin,
    diagnostics: Diagnostics,
    tap: Option<Tap>,
}

impl StdTransport {
    pub(crate) fn new(
        stream: TlsStream,
        server: usize,
        origin: Origin,
        diagnostics: Diagnostics,
        tap: Option<Tap>,
    ) -> Self {
        StdTransport {
            stream: Some(Box::new(stream)),
            deadline: None,
            server,
            origin,
            diagnostics,
            tap,
        }
    }

    /// The TLS stream (`None` once closed).
    pub fn stream(&self) -> Option<&TlsStream> {
        self.stream.as_deref()
    }
}

impl embedded_io::ErrorType for StdTransport {
    type Error = IoErrorKind;
}

impl embedded_io::Read for StdTransport {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, IoErrorKind> {
        let stream = self.stream.as_mut().ok_or(IoErrorKind::NotConnected)?;
        match stream.receive(buf) {
            Ok(n) => {
                if let Some(tap) = &mut self.tap {
                    tap.received(buf.get(..n).unwrap_or(&[]));
                }
                Ok(n)
            }
            Err(TransportError::Closed { .. }) => Ok(0),
            Err(e) => Err(failure(&self.diagnostics, self.server, e)),
        }
    }
}

impl embedded_io::Write for StdTransport {
    fn write(&mut self, buf: &[u8]) -> Result<usize, IoErrorKind> {
        let stream = self.stream.as_mut().ok_or(IoErrorKind::NotConnected)?;
        match stream.send(buf) {
            Ok(()) => {
                if let Some(tap) = &mut self.tap {
                    tap.sent(buf);
                }
                Ok(buf.len())
            }
            Err(e) => Err(failure(&self.diagnostics, self.server, e)),
        }
    }

    fn flush(&mut self) -> Result<(), IoErrorKind> {
        // `send` flushed already.
        Ok(())
    }
}

impl Transport for StdTransport {
    fn set_deadline(&mut self, deadline: Instant) {
        if self.deadline == Some(deadline) {
            return;
        }
        self.deadline = Some(deadline);
        if let Some(s) = &mut self.stream {
            s.set_deadline(Some(self.origin.to_std(deadline)));
        }
    }

    fn close(&mut self) {
        if let Some(s) = self.stream.take() {
            // close_notify, best effort, within the last exchange's deadline.
            let _ = s.close();
        }
    }
}

/// An async TLS connection for [`AsyncClient`](kmipkit_core::client::AsyncClient). The driver
/// races every read and write against the deadline itself; the stream has none (and is
/// boxed, as [`StdTransport`]'s).
#[derive(Debug)]
pub struct AsyncStdTransport {
    stream: Box<AsyncTlsStream>,
    server: usize,
    diagnostics: Diagnostics,
    tap: Option<Tap>,
}

impl AsyncStdTransport {
    pub(crate) fn new(
        mut stream: AsyncTlsStream,
        server: usize,
        diagnostics: Diagnostics,
        tap: Option<Tap>,
    ) -> Self {
        stream.set_deadline(None);
        AsyncStdTransport {
            stream: Box::new(stream),
            server,
            diagnostics,
            tap,
        }
    }

    /// The TLS stream.
    pub fn stream(&self) -> &AsyncTlsStream {
        &self.stream
    }
}

impl embedded_io_async::ErrorType for AsyncStdTransport {
    type Error = IoErrorKind;
}

impl embedded_io_async::Read for AsyncStdTransport {
    async fn read(&mut self, buf: &mut [u8]) -> Result<usize, IoErrorKind> {
        match self.stream.receive(buf).await {
            Ok(n) => {
                if let Some(tap) = &mut self.tap {
                    tap.received(buf.get(..n).unwrap_or(&[]));
                }
                Ok(n)
            }
            Err(TransportError::Closed { .. }) => Ok(0),
            Err(e) => Err(failure(&self.diagnostics, self.server, e)),
        }
    }
}

impl embedded_io_async::Write for AsyncStdTransport {
    async fn write(&mut self, buf: &[u8]) -> Result<usize, IoErrorKind> {
        match self.stream.send(buf).await {
            Ok(()) => {
                if let Some(tap) = &mut self.tap {
                    tap.sent(buf);
                }
                Ok(buf.len())
            }
            Err(e) => Err(failure(&self.diagnostics, self.server, e)),
        }
    }

    async fn flush(&mut self) -> Result<(), IoErrorKind> {
        Ok(())
    }
}
