//! The blocking driver: loops `poll` → I/O → feed the result back, over `embedded-io`
//! transports. It holds no protocol logic: everything it decides comes from the [`Session`].

use super::config::Client;
use super::error::{ClientError, ConnectError, FailureKind, IoErrorKind, Phase, Report};
use super::kept::Kept;
use super::ops::{named_ops, Op};
use super::plan::Plan;
use super::session::{Action, Outcome, Session};
use super::transport::{Clock, Connector, Transport};
use embedded_io::{Error as _, Read as _};

/// A KMIP client over blocking transports, with the caller's buffers (no allocation).
///
/// ```text
/// let mut kmip = BlockingClient::new(client, connector, clock, &mut tx, &mut rx);
/// match kmip.get("1")? {
///     Lookup::Found(key) => use_key(key.object),
///     Lookup::NotFound(e) => absent(e),
/// }
/// ```
///
/// With [`ClientConfig::keep_idle`](super::ClientConfig) it keeps the connection of a
/// successful operation (one per server) for the next operations; they are closed when they
/// have been idle too long (at the start of the next operation), by
/// [`close_idle`](Self::close_idle), or when the client is dropped.
pub struct BlockingClient<C: Connector, K, Tx, Rx> {
    client: Client,
    connector: C,
    clock: K,
    tx: Tx,
    rx: Rx,
    report: Report,
    kept: Kept<C::Transport>,
}

impl<C: Connector, K: Clock, Tx: AsMut<[u8]>, Rx: AsMut<[u8]> + AsRef<[u8]>>
    BlockingClient<C, K, Tx, Rx>
{
    /// A client over `connector` and `clock`, encoding into `tx` and reading into `rx`
    /// (`&mut [u8]`, `[u8; N]`, or with `alloc` a `Vec<u8>`).
    pub fn new(client: Client, connector: C, clock: K, tx: Tx, rx: Rx) -> Self {
        BlockingClient {
            client,
            connector,
            clock,
            tx,
            rx,
            report: Report::default(),
            kept: Kept::new(),
        }
    }

    /// The client state (configuration, negotiated versions).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The client state, mutably (e.g. [`Client::forget_versions`]).
    pub fn client_mut(&mut self) -> &mut Client {
        &mut self.client
    }

    /// The connector.
    pub fn connector_mut(&mut self) -> &mut C {
        &mut self.connector
    }

    /// The report of the last operation (its failed attempts and orphans, even when it
    /// succeeded).
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Runs a typed operation. The response is decoded once, by the session; the typed result
    /// is read from it in place ([`CheckedResponse`](super::CheckedResponse)).
    pub fn run<O: Op + ?Sized>(&mut self, op: &O) -> Result<O::Output<'_>, ClientError> {
        let outcome = self.run_plan(op.plan())?;
        let response = match outcome.checked_in(self.rx.as_ref()) {
            Some(Ok(r)) => Some(r),
            Some(Err(e)) => return Err(error(FailureKind::Request(e), &self.report)),
            None => None,
        };
        O::output(outcome, response).map_err(|k| error(k, &self.report))
    }

    /// Runs a plan; the final response (if any) is then in the receive buffer
    /// ([`BlockingClient::rx`]).
    pub fn run_plan(&mut self, plan: Plan<'_>) -> Result<Outcome, ClientError> {
        let mut session = Session::new(
            &mut self.client,
            plan,
            self.tx.as_mut(),
            self.rx.as_mut(),
            &mut self.report,
        );
        drive(
            &mut session,
            &mut self.connector,
            &mut self.clock,
            &mut self.kept,
        );
        let result = session.outcome().cloned();
        drop(session);
        match result {
            Some(Ok(o)) => Ok(o),
            Some(Err(k)) => Err(self.error(k)),
            None => Err(self.error(FailureKind::Unreachable)),
        }
    }

    /// The receive buffer.
    pub fn rx(&self) -> &[u8] {
        self.rx.as_ref()
    }

    /// How many connections are open now: the idle ones kept for later operations
    /// ([`ClientConfig::keep_idle`](super::ClientConfig)).
    pub fn open_connections(&self) -> usize {
        self.kept.count()
    }

    /// Closes every connection kept for later operations: the next operation connects anew.
    pub fn close_idle(&mut self) {
        for mut t in self.kept.drain() {
            t.close();
        }
        self.client.forget_idle();
    }

    fn error(&self, kind: FailureKind) -> ClientError {
        error(kind, &self.report)
    }

    named_ops!(;);
}

impl<C: Connector, K, Tx, Rx> Drop for BlockingClient<C, K, Tx, Rx> {
    /// Closes the kept connections politely.
    fn drop(&mut self) {
        for mut t in self.kept.drain() {
            t.close();
        }
    }
}

#[cfg(feature = "alloc")]
impl<C: Connector, K: Clock> BlockingClient<C, K, alloc::vec::Vec<u8>, alloc::vec::Vec<u8>> {
    /// The owned form (`alloc`): buffers of `tx` and `rx` bytes on the heap.
    pub fn with_buffers(client: Client, connector: C, clock: K, tx: usize, rx: usize) -> Self {
        BlockingClient::new(
            client,
            connector,
            clock,
            alloc::vec![0; tx],
            alloc::vec![0; rx],
        )
    }
}

fn error(kind: FailureKind, report: &Report) -> ClientError {
    ClientError::new(kind, report)
}

/// Runs `session` to its end over `connector` and `clock`, with the transports in `kept`.
pub(crate) fn drive<C: Connector, K: Clock>(
    session: &mut Session<'_>,
    connector: &mut C,
    clock: &mut K,
    kept: &mut Kept<C::Transport>,
) {
    // The clock is read after what may take time (connect, I/O, close, sleep), not around the
    // session's own bookkeeping: a clock read costs as much as a small system call.
    let mut now = clock.now();
    loop {
        match session.poll(now) {
            Action::Connect {
                server,
                deadline,
                reuse_ok,
            } => {
                if reuse_ok && kept.reuse(server) {
                    session.reused(now);
                    continue;
                }
                if let Some(mut t) = kept.take(server) {
                    t.close();
                }
                let result = connector.connect(server, deadline);
                now = clock.now();
                match result {
                    Ok(t) => match kept.open(server, t) {
                        Ok(()) => session.connected(now),
                        Err(mut t) => {
                            t.close();
                            session.connect_failed(now, &NO_SLOT);
                        }
                    },
                    Err(e) => session.connect_failed(now, &e),
                }
            }
            Action::Send { bytes, deadline } => {
                let result = match kept.current() {
                    Some(t) => {
                        t.set_deadline(deadline);
                        write_all(t, bytes)
                    }
                    None => Err(IoErrorKind::NotConnected),
                };
                now = clock.now();
                match result {
                    Ok(()) => session.sent(now),
                    Err(kind) => session.send_failed(now, kind),
                }
            }
            Action::Receive { deadline, .. } => {
                let Some(t) = kept.current() else {
                    session.receive_failed(now, IoErrorKind::NotConnected);
                    continue;
                };
                t.set_deadline(deadline);
                let buf = session.receive_buffer();
                if buf.is_empty() {
                    session.receive_failed(now, IoErrorKind::InvalidData);
                    continue;
                }
                let result = t.read(buf);
                now = clock.now();
                match result {
                    Ok(0) => session.closed(now),
                    Ok(n) => session.received_in_place(now, n),
                    Err(e) => session.receive_failed(now, e.kind()),
                }
            }
            Action::Close => {
                if let Some(mut t) = kept.take_current() {
                    t.close();
                    now = clock.now();
                }
            }
            Action::Release { .. } => kept.release(),
            Action::Discard { server } => {
                if let Some(mut t) = kept.take(server) {
                    t.close();
                    now = clock.now();
                }
            }
            Action::Sleep(until) => {
                clock.sleep_until(until);
                now = clock.now();
            }
            Action::Done(_) => return,
        }
    }
}

/// A server index the driver has no slot for (the core refuses such lists: never).
pub(crate) const NO_SLOT: ConnectError = ConnectError {
    phase: Phase::Connect,
    kind: IoErrorKind::InvalidInput,
};

/// Writes everything and flushes (without `write_all`'s panic on a zero-length write).
fn write_all<T: Transport>(t: &mut T, mut bytes: &[u8]) -> Result<(), IoErrorKind> {
    while !bytes.is_empty() {
        match t.write(bytes) {
            Ok(0) => return Err(IoErrorKind::WriteZero),
            Ok(n) => bytes = bytes.get(n..).unwrap_or(&[]),
            Err(e) => return Err(e.kind()),
        }
    }
    t.flush().map_err(|e| e.kind())
}
