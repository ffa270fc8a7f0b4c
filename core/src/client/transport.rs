//! What a host implements so that the drivers can run a session: a connector that opens a
//! transport to server `i` before a deadline, the transport itself (`embedded-io` or
//! `embedded-io-async` bytes), and a clock.
//!
//! Deadlines are the core's [`Instant`]s (milliseconds from the host's origin); a std host
//! keeps its origin `std::time::Instant` and converts (`origin + Duration::from_millis(t)`).

use super::error::ConnectFailure;
use super::time::Instant;

/// A connection to one server for the blocking driver: `embedded-io` bytes plus a deadline.
///
/// Reads and writes after [`Transport::set_deadline`] must not block past the deadline: they
/// fail with [`IoErrorKind::TimedOut`](super::IoErrorKind) (or any error) instead. The std
/// host's `TlsStream` (rustls `StreamOwned` over a `TcpStream` with socket timeouts) does
/// exactly this with its own `set_deadline(Option<std::time::Instant>)`. A read that returns
/// `Ok(0)` means the server closed the connection.
pub trait Transport: embedded_io::Read + embedded_io::Write {
    /// The end of the current exchange; set before every write and read.
    fn set_deadline(&mut self, deadline: Instant);

    /// Ends the connection politely (TLS close_notify), best effort, before it is dropped.
    fn close(&mut self) {}
}

/// Opens transports to the host's servers (the host's TCP + TLS code).
pub trait Connector {
    /// The transport.
    type Transport: Transport;
    /// Why a connection failed: the phase (resolve, connect, TLS) and an error kind.
    type Error: ConnectFailure;

    /// Opens a transport to server `server` (an index into the host's list), TLS handshake
    /// included, before `deadline` (try every resolved address inside it; fail with kind
    /// `TimedOut` when it passes).
    fn connect(&mut self, server: usize, deadline: Instant)
        -> Result<Self::Transport, Self::Error>;
}

/// Time for the blocking driver.
pub trait Clock {
    /// Now.
    fn now(&mut self) -> Instant;
    /// Blocks until `until` (a pause between passes).
    fn sleep_until(&mut self, until: Instant);
}

/// Opens async transports to the host's servers. The async driver races every connect, read
/// and write against [`AsyncClock::sleep_until`] the deadline, so a transport needs no
/// deadline support of its own (one that has it may use it too).
#[allow(async_fn_in_trait)]
pub trait AsyncConnector {
    /// The transport.
    type Transport: embedded_io_async::Read + embedded_io_async::Write;
    /// Why a connection failed.
    type Error: ConnectFailure;

    /// Opens a transport to server `server`, TLS included, before `deadline`.
    async fn connect(
        &mut self,
        server: usize,
        deadline: Instant,
    ) -> Result<Self::Transport, Self::Error>;
}

/// Time for the async driver.
#[allow(async_fn_in_trait)]
pub trait AsyncClock {
    /// Now.
    fn now(&mut self) -> Instant;
    /// Completes at `until`.
    async fn sleep_until(&mut self, until: Instant);
}
