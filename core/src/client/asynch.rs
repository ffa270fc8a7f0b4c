//! The async driver: the same loop as the blocking one over `embedded-io-async` transports;
//! every connect, write and read races the clock's `sleep_until(deadline)`.

use super::blocking::NO_SLOT;
use super::config::Client;
use super::error::{ClientError, FailureKind, IoErrorKind, Report};
use super::kept::Kept;
use super::ops::{named_ops, Op};
use super::plan::Plan;
use super::session::{Action, Outcome, Session};
use super::transport::{AsyncClock, AsyncConnector};
use core::future::{poll_fn, Future};
use core::pin::pin;
use core::task::Poll;
use embedded_io::Error as _;

/// A KMIP client over async transports, with the caller's buffers (no allocation). Same API
/// as [`BlockingClient`](super::BlockingClient), with `async` methods. Kept connections are
/// closed by dropping them (async transports have no polite close here).
pub struct AsyncClient<C: AsyncConnector, K, Tx, Rx> {
    client: Client,
    connector: C,
    clock: K,
    tx: Tx,
    rx: Rx,
    report: Report,
    kept: Kept<C::Transport>,
}

impl<C: AsyncConnector, K: AsyncClock, Tx: AsMut<[u8]>, Rx: AsMut<[u8]> + AsRef<[u8]>>
    AsyncClient<C, K, Tx, Rx>
{
    /// A client over `connector` and `clock`, encoding into `tx` and reading into `rx`
    /// (`&mut [u8]`, `[u8; N]`, or with `alloc` a `Vec<u8>`).
    pub fn new(client: Client, connector: C, clock: K, tx: Tx, rx: Rx) -> Self {
        AsyncClient {
            client,
            connector,
            clock,
            tx,
            rx,
            report: Report::default(),
            kept: Kept::new(),
        }
    }

    /// The client state.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The client state, mutably.
    pub fn client_mut(&mut self) -> &mut Client {
        &mut self.client
    }

    /// The report of the last operation.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The receive buffer.
    pub fn rx(&self) -> &[u8] {
        self.rx.as_ref()
    }

    /// How many connections are open now: the idle ones kept for later operations.
    pub fn open_connections(&self) -> usize {
        self.kept.count()
    }

    /// Closes (drops) every connection kept for later operations.
    pub fn close_idle(&mut self) {
        self.kept.drain().for_each(drop);
        self.client.forget_idle();
    }

    /// Runs a typed operation (the response decoded once, by the session).
    pub async fn run<O: Op + ?Sized>(&mut self, op: &O) -> Result<O::Output<'_>, ClientError> {
        let outcome = self.run_plan(op.plan()).await?;
        let report = &self.report;
        let err = |kind| ClientError::new(kind, report);
        let response = match outcome.checked_in(self.rx.as_ref()) {
            Some(Ok(r)) => Some(r),
            Some(Err(e)) => return Err(err(FailureKind::Request(e))),
            None => None,
        };
        O::output(outcome, response).map_err(err)
    }

    /// Runs a plan; the final response (if any) is then in the receive buffer.
    pub async fn run_plan(&mut self, plan: Plan<'_>) -> Result<Outcome, ClientError> {
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
        )
        .await;
        let result = session.outcome().cloned();
        drop(session);
        let err = |kind| ClientError::new(kind, &self.report);
        match result {
            Some(Ok(o)) => Ok(o),
            Some(Err(k)) => Err(err(k)),
            None => Err(err(FailureKind::Unreachable)),
        }
    }

    named_ops!(async; .await);
}

#[cfg(feature = "alloc")]
impl<C: AsyncConnector, K: AsyncClock> AsyncClient<C, K, alloc::vec::Vec<u8>, alloc::vec::Vec<u8>> {
    /// The owned form (`alloc`): buffers of `tx` and `rx` bytes on the heap.
    pub fn with_buffers(client: Client, connector: C, clock: K, tx: usize, rx: usize) -> Self {
        AsyncClient::new(
            client,
            connector,
            clock,
            alloc::vec![0; tx],
            alloc::vec![0; rx],
        )
    }
}

enum Raced<T> {
    Done(T),
    TimedOut,
}

/// `f`, unless `deadline` comes first.
async fn before<K: AsyncClock, F: Future>(
    clock: &mut K,
    deadline: super::Instant,
    f: F,
) -> Raced<F::Output> {
    let mut f = pin!(f);
    let mut timer = pin!(clock.sleep_until(deadline));
    poll_fn(|cx| {
        if let Poll::Ready(x) = f.as_mut().poll(cx) {
            return Poll::Ready(Raced::Done(x));
        }
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Raced::TimedOut);
        }
        Poll::Pending
    })
    .await
}

/// Runs `session` to its end over `connector` and `clock`, with the transports in `kept`.
pub(crate) async fn drive<C: AsyncConnector, K: AsyncClock>(
    session: &mut Session<'_>,
    connector: &mut C,
    clock: &mut K,
    kept: &mut Kept<C::Transport>,
) {
    use embedded_io_async::{Read, Write};
    // The clock is read after what may take time, as in the blocking driver.
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
                drop(kept.take(server));
                let result = before(clock, deadline, connector.connect(server, deadline)).await;
                now = clock.now();
                match result {
                    Raced::Done(Ok(t)) => match kept.open(server, t) {
                        Ok(()) => session.connected(now),
                        Err(t) => {
                            drop(t);
                            session.connect_failed(now, &NO_SLOT);
                        }
                    },
                    Raced::Done(Err(e)) => session.connect_failed(now, &e),
                    Raced::TimedOut => session.timer_expired(now),
                }
            }
            Action::Send { bytes, deadline } => {
                let result = match kept.current() {
                    Some(t) => {
                        let io = async {
                            t.write_all(bytes).await.map_err(|e| e.kind())?;
                            t.flush().await.map_err(|e| e.kind())
                        };
                        match before(clock, deadline, io).await {
                            Raced::Done(r) => r,
                            Raced::TimedOut => Err(IoErrorKind::TimedOut),
                        }
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
                let buf = session.receive_buffer();
                if buf.is_empty() {
                    session.receive_failed(now, IoErrorKind::InvalidData);
                    continue;
                }
                let result = before(clock, deadline, t.read(buf)).await;
                now = clock.now();
                match result {
                    Raced::Done(Ok(0)) => session.closed(now),
                    Raced::Done(Ok(n)) => session.received_in_place(now, n),
                    Raced::Done(Err(e)) => session.receive_failed(now, e.kind()),
                    Raced::TimedOut => session.receive_failed(now, IoErrorKind::TimedOut),
                }
            }
            Action::Close => drop(kept.take_current()),
            Action::Release { .. } => kept.release(),
            Action::Discard { server } => drop(kept.take(server)),
            Action::Sleep(until) => {
                clock.sleep_until(until).await;
                now = clock.now();
            }
            Action::Done(_) => return,
        }
    }
}
