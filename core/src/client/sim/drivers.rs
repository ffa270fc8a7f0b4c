//! The blocking and async drivers over in-memory transports and a virtual clock: they only
//! move bytes, and give the same results as the session driven by hand.

use super::*;
use crate::client::ops::{CreateSymmetricKey, Lookup};
use crate::client::{
    AsyncClient, AsyncClock, AsyncConnector, BlockingClient, Clock, Connector, Transport,
};
use crate::ttlv::{frame, DecodeOptions, Frame};
use core::cell::RefCell;
use std::rc::Rc;

/// The world the in-memory transports live in: the virtual clock and one store per server.
struct World {
    now: Instant,
    stores: Vec<Kms>,
    conns: Vec<Conn>,
    /// Servers that accept and never answer.
    silent: Vec<bool>,
    connects: Vec<usize>,
    /// Raising a server's epoch closes its open connections (as a server does with idle ones).
    epoch: Vec<u32>,
}

type Shared = Rc<RefCell<World>>;

struct Mem {
    world: Shared,
    server: usize,
    epoch: u32,
    inbox: Vec<u8>,
    outbox: Vec<u8>,
    deadline: Instant,
}

impl embedded_io::ErrorType for Mem {
    type Error = IoErrorKind;
}

impl Mem {
    /// The server closed this connection.
    fn closed(&self) -> bool {
        self.world.borrow().epoch[self.server] != self.epoch
    }

    fn write_bytes(&mut self, buf: &[u8]) -> usize {
        if self.closed() {
            // Written into the socket; the server is gone.
            return buf.len();
        }
        self.inbox.extend_from_slice(buf);
        if let Ok(Frame::Complete(n)) = frame(&self.inbox, &DecodeOptions::STRICT) {
            let req = parse(self.server, &self.inbox[..n]);
            self.inbox.drain(..n);
            let mut w = self.world.borrow_mut();
            if !w.silent[self.server] {
                let answer = w.stores[self.server].answer(&req);
                self.outbox.extend_from_slice(&answer);
            }
        }
        buf.len()
    }

    /// Up to 7 bytes per read, to exercise short reads; end of stream once closed.
    fn read_bytes(&mut self, buf: &mut [u8]) -> Option<usize> {
        if self.closed() {
            return Some(0);
        }
        if self.outbox.is_empty() {
            return None;
        }
        let n = buf.len().min(self.outbox.len()).min(7);
        buf[..n].copy_from_slice(&self.outbox[..n]);
        self.outbox.drain(..n);
        Some(n)
    }
}

impl embedded_io::Read for Mem {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, IoErrorKind> {
        match self.read_bytes(buf) {
            Some(n) => Ok(n),
            None => {
                // A blocking read honours the deadline: it returns TimedOut when it passes.
                self.world.borrow_mut().now = self.deadline;
                Err(IoErrorKind::TimedOut)
            }
        }
    }
}

impl embedded_io::Write for Mem {
    fn write(&mut self, buf: &[u8]) -> Result<usize, IoErrorKind> {
        Ok(self.write_bytes(buf))
    }
    fn flush(&mut self) -> Result<(), IoErrorKind> {
        Ok(())
    }
}

impl Transport for Mem {
    fn set_deadline(&mut self, deadline: Instant) {
        self.deadline = deadline;
    }
}

impl embedded_io_async::Read for Mem {
    async fn read(&mut self, buf: &mut [u8]) -> Result<usize, IoErrorKind> {
        match self.read_bytes(buf) {
            Some(n) => Ok(n),
            // Never completes: the driver's race with the clock ends it.
            None => core::future::pending().await,
        }
    }
}

impl embedded_io_async::Write for Mem {
    async fn write(&mut self, buf: &[u8]) -> Result<usize, IoErrorKind> {
        Ok(self.write_bytes(buf))
    }
    async fn flush(&mut self) -> Result<(), IoErrorKind> {
        Ok(())
    }
}

struct MemConnector(Shared);

impl MemConnector {
    fn open(&mut self, server: usize, deadline: Instant) -> Result<Mem, ConnectError> {
        let mut w = self.0.borrow_mut();
        w.connects.push(server);
        match w.conns[server] {
            Conn::Accept => Ok(Mem {
                world: self.0.clone(),
                server,
                epoch: w.epoch[server],
                inbox: Vec::new(),
                outbox: Vec::new(),
                deadline,
            }),
            Conn::Blackhole => {
                w.now = deadline;
                Err(ConnectError {
                    phase: Phase::Connect,
                    kind: IoErrorKind::TimedOut,
                })
            }
            _ => Err(ConnectError {
                phase: Phase::Connect,
                kind: IoErrorKind::ConnectionRefused,
            }),
        }
    }
}

impl Connector for MemConnector {
    type Transport = Mem;
    type Error = ConnectError;
    fn connect(&mut self, server: usize, deadline: Instant) -> Result<Mem, ConnectError> {
        self.open(server, deadline)
    }
}

impl AsyncConnector for MemConnector {
    type Transport = Mem;
    type Error = ConnectError;
    async fn connect(&mut self, server: usize, deadline: Instant) -> Result<Mem, ConnectError> {
        self.open(server, deadline)
    }
}

struct VirtualClock(Shared);

impl Clock for VirtualClock {
    fn now(&mut self) -> Instant {
        self.0.borrow().now
    }
    fn sleep_until(&mut self, until: Instant) {
        let mut w = self.0.borrow_mut();
        w.now = w.now.max(until);
    }
}

impl AsyncClock for VirtualClock {
    fn now(&mut self) -> Instant {
        self.0.borrow().now
    }
    async fn sleep_until(&mut self, until: Instant) {
        let mut w = self.0.borrow_mut();
        w.now = w.now.max(until);
    }
}

fn world(conns: &[Conn], silent: &[bool]) -> Shared {
    let mut stores = std::vec![Kms::default(); conns.len()];
    for k in &mut stores {
        k.objects.push(Obj {
            uid: "1".to_string(),
            name: None,
            state: State::ACTIVE,
        });
        k.next_uid = 2;
    }
    Rc::new(RefCell::new(World {
        now: Instant(0),
        stores,
        conns: conns.to_vec(),
        silent: silent.to_vec(),
        connects: Vec::new(),
        epoch: std::vec![0; conns.len()],
    }))
}

/// Polls a future that never really waits (everything is in memory) to its end.
fn block_on<F: core::future::Future>(f: F) -> F::Output {
    let mut f = core::pin::pin!(f);
    let waker = core::task::Waker::noop();
    let mut cx = core::task::Context::from_waker(waker);
    for _ in 0..1_000_000 {
        if let core::task::Poll::Ready(x) = f.as_mut().poll(&mut cx) {
            return x;
        }
    }
    panic!("the future never completed");
}

fn config() -> ClientConfig {
    ClientConfig {
        policy: policy(1),
        ..ClientConfig::default()
    }
}

#[test]
fn the_blocking_driver_fails_over_a_blackhole_and_a_silent_server() {
    let w = world(
        &[Conn::Blackhole, Conn::Accept, Conn::Accept],
        &[false, true, false],
    );
    let (mut tx, mut rx) = ([0u8; 1024], [0u8; 2048]);
    let client = Client::new(config(), 3).unwrap();
    let mut kmip = BlockingClient::new(
        client,
        MemConnector(w.clone()),
        VirtualClock(w.clone()),
        &mut tx,
        &mut rx,
    );
    match kmip.get("1").unwrap() {
        Lookup::Found(key) => {
            assert_eq!(key.unique_identifier, Uid::Text("1"));
            assert_eq!(
                key.object.key_block().and_then(|b| b.plain_key()),
                Some(&[0x11; 32][..])
            );
        }
        Lookup::NotFound(e) => panic!("{e}"),
    }
    // Blackhole: one timeout; silent server: one timeout (after its Discover Versions).
    assert_eq!(w.borrow().now, Instant(2000));
    assert_eq!(w.borrow().connects, [0, 1, 2]);
    assert_eq!(kmip.report().attempts.servers().collect::<Vec<_>>(), [0, 1]);
    assert!(matches!(kmip.get("404").unwrap(), Lookup::NotFound(_)));
    let made = kmip
        .create_symmetric_key(&CreateSymmetricKey::aes(256, Some("k1"), true))
        .unwrap();
    assert_eq!(
        (made.server, made.uid.as_str(), made.activated),
        (2, "2", true)
    );
    assert_eq!(kmip.client().negotiated(2), Some(ProtocolVersion::V1_4));
}

#[test]
fn the_async_driver_gives_the_same_results() {
    let w = world(
        &[Conn::Blackhole, Conn::Accept, Conn::Accept],
        &[false, true, false],
    );
    let (mut tx, mut rx) = ([0u8; 1024], [0u8; 2048]);
    let client = Client::new(config(), 3).unwrap();
    let mut kmip = AsyncClient::new(
        client,
        MemConnector(w.clone()),
        VirtualClock(w.clone()),
        &mut tx,
        &mut rx,
    );
    block_on(async {
        let key = kmip.get("1").await.unwrap().found().unwrap();
        assert_eq!(key.unique_identifier, Uid::Text("1"));
        assert_eq!(w.borrow().now, Instant(2000));
        assert_eq!(w.borrow().connects, [0, 1, 2]);
        assert_eq!(
            kmip.get_state("1").await.unwrap(),
            Lookup::Found(Some(State::ACTIVE))
        );
        let e = kmip.destroy("1").await.unwrap_err();
        assert_eq!(e.kind, FailureKind::Refused);
    });
}

#[test]
fn the_blocking_driver_reports_exhaustion_as_unreachable() {
    let w = world(&[Conn::Refuse, Conn::Blackhole], &[false, false]);
    let (mut tx, mut rx) = ([0u8; 512], [0u8; 512]);
    let client = Client::new(config(), 2).unwrap();
    let mut kmip = BlockingClient::new(
        client,
        MemConnector(w.clone()),
        VirtualClock(w.clone()),
        &mut tx,
        &mut rx,
    );
    let e = kmip.get("1").unwrap_err();
    assert_eq!(e.kind, FailureKind::Unreachable);
    assert_eq!(e.failed_attempts, 4);
    assert_eq!(
        kmip.report().attempts.servers().collect::<Vec<_>>(),
        [0, 1, 0, 1]
    );
    assert_eq!(w.borrow().now, Instant(2000));
    let text = std::format!("{e}\n{}", kmip.report());
    assert!(
        text.contains("server #1 (pass 2): connect failed: timed out"),
        "{text}"
    );
}

#[cfg(feature = "alloc")]
#[test]
fn the_owned_form_holds_its_buffers() {
    let w = world(&[Conn::Accept], &[false]);
    let client = Client::new(config(), 1).unwrap();
    let mut kmip = BlockingClient::with_buffers(
        client,
        MemConnector(w.clone()),
        VirtualClock(w.clone()),
        1024,
        4096,
    );
    assert!(kmip.get("1").unwrap().is_found());
    assert_eq!(kmip.rx().len(), 4096);
}

fn keeping() -> ClientConfig {
    ClientConfig {
        keep_idle: Some(Duration::from_secs(60)),
        ..config()
    }
}

#[test]
fn the_blocking_driver_keeps_reuses_and_replaces_connections() {
    let w = world(&[Conn::Accept, Conn::Accept], &[false, false]);
    let (mut tx, mut rx) = ([0u8; 1024], [0u8; 2048]);
    let client = Client::new(keeping(), 2).unwrap();
    let mut kmip = BlockingClient::new(
        client,
        MemConnector(w.clone()),
        VirtualClock(w.clone()),
        &mut tx,
        &mut rx,
    );
    for _ in 0..3 {
        assert!(kmip.get("1").unwrap().is_found());
    }
    // One connection (Discover Versions on it once), used three times.
    assert_eq!(w.borrow().connects, [0]);
    assert_eq!(kmip.open_connections(), 1);
    // The server closes it while idle: the next Get connects again, once, to the same server.
    w.borrow_mut().epoch[0] += 1;
    assert!(kmip.get("1").unwrap().is_found());
    assert_eq!(w.borrow().connects, [0, 0]);
    assert_eq!(kmip.report().reconnects, 1);
    assert!(kmip.report().attempts.is_empty());
    // A Create takes a new connection (and the kept one is closed first).
    let made = kmip
        .create_symmetric_key(&CreateSymmetricKey::aes(256, Some("k1"), true))
        .unwrap();
    assert_eq!((made.server, made.activated), (0, true));
    assert_eq!(w.borrow().connects, [0, 0, 0]);
    assert_eq!(kmip.open_connections(), 1);
    kmip.close_idle();
    assert_eq!(kmip.open_connections(), 0);
    assert_eq!(kmip.client().idle_since(0), None);
    assert!(kmip.get("1").unwrap().is_found());
    assert_eq!(w.borrow().connects, [0, 0, 0, 0]);
    assert_eq!(w.borrow().now, Instant(0));
}

#[test]
fn the_async_driver_keeps_reuses_and_replaces_connections() {
    let w = world(&[Conn::Accept, Conn::Accept], &[false, false]);
    let (mut tx, mut rx) = ([0u8; 1024], [0u8; 2048]);
    let client = Client::new(keeping(), 2).unwrap();
    let mut kmip = AsyncClient::new(
        client,
        MemConnector(w.clone()),
        VirtualClock(w.clone()),
        &mut tx,
        &mut rx,
    );
    block_on(async {
        for _ in 0..3 {
            assert!(kmip.get("1").await.unwrap().is_found());
        }
        assert_eq!(w.borrow().connects, [0]);
        w.borrow_mut().epoch[0] += 1;
        assert_eq!(
            kmip.get_state("1").await.unwrap(),
            Lookup::Found(Some(State::ACTIVE))
        );
        assert_eq!(w.borrow().connects, [0, 0]);
        assert_eq!(kmip.report().reconnects, 1);
        assert_eq!(kmip.open_connections(), 1);
        kmip.close_idle();
        assert_eq!(kmip.open_connections(), 0);
    });
}

#[test]
fn without_keep_idle_the_drivers_keep_nothing() {
    let w = world(&[Conn::Accept], &[false]);
    let (mut tx, mut rx) = ([0u8; 1024], [0u8; 2048]);
    let client = Client::new(config(), 1).unwrap();
    let mut kmip = BlockingClient::new(
        client,
        MemConnector(w.clone()),
        VirtualClock(w.clone()),
        &mut tx,
        &mut rx,
    );
    assert!(kmip.get("1").unwrap().is_found());
    assert!(kmip.get("1").unwrap().is_found());
    assert_eq!(w.borrow().connects, [0, 0]);
    assert_eq!(kmip.open_connections(), 0);
}

#[test]
fn the_typed_layer_reads_the_response_the_session_checked_in_place() {
    let w = world(&[Conn::Accept], &[false]);
    let (mut tx, mut rx) = ([0u8; 1024], [0u8; 2048]);
    let client = Client::new(config(), 1).unwrap();
    let mut kmip = BlockingClient::new(
        client,
        MemConnector(w.clone()),
        VirtualClock(w.clone()),
        &mut tx,
        &mut rx,
    );
    let outcome = kmip.run_plan(get("1")).unwrap();
    let answer = *outcome.answer().unwrap();
    // The driver's buffer is the one the session checked: no second walk.
    let checked = crate::client::CheckedResponse::unchanged(kmip.rx(), &answer).unwrap();
    let key = checked.payload_as::<GetResponse>().unwrap().unwrap();
    assert_eq!(key.unique_identifier, Uid::Text("1"));
}
