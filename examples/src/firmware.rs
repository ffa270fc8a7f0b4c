//! An appliance unlocking its disk at boot, the way firmware would: static buffers, no heap,
//! a tick counter for a clock, and a transport that is "the network driver". Here the network
//! is a loopback to a tiny KMIP server in memory, so the example runs anywhere; on a board,
//! [`Board`] would open a TLS socket instead.
//!
//! The first configured server is down (connection refused); the second answers. The client
//! negotiates the protocol version, reads the key's State and, since it is Active, Gets it —
//! PSMDB's read, with failover — all driven by the core's blocking driver.

use core::cell::RefCell;
use kmipkit_core::client::ops::KeyIfActive;
use kmipkit_core::client::{
    BlockingClient, Client, ClientConfig, ClientError, Clock, ConnectError, Connector,
    FailoverPolicy, Instant, IoErrorKind, Phase, Transport,
};
use kmipkit_core::kmip::ops::{
    DiscoverVersionsResponse, GetAttributesResponse, GetResponse, RequestPayload,
};
use kmipkit_core::kmip::{
    Attribute, AttributeValue, KeyBlock, Object, ProtocolVersion, RequestMessage,
    ResponseBatchItem, ResponseHeader, ResponseMessage, Uid,
};
use kmipkit_core::ttlv::{
    frame, CryptographicAlgorithm, DecodeOptions, Encoder, Frame, ObjectType, ResultReason, State,
};

/// The master key the in-memory server holds under UID "1".
pub const MASTER_KEY: [u8; 32] = *b"an-example-master-key-32-bytes!!";

/// A KMIP server in memory: one Active AES-256 key, UID "1".
pub struct LoopbackServer {
    inbox: [u8; 1024],
    have: usize,
    outbox: [u8; 1024],
    out_len: usize,
    out_at: usize,
}

impl LoopbackServer {
    /// A fresh server.
    pub const fn new() -> Self {
        LoopbackServer {
            inbox: [0; 1024],
            have: 0,
            outbox: [0; 1024],
            out_len: 0,
            out_at: 0,
        }
    }

    fn take(&mut self, bytes: &[u8]) -> Result<usize, IoErrorKind> {
        let room = self.inbox.len() - self.have;
        let n = bytes.len().min(room);
        if n == 0 {
            return Err(IoErrorKind::OutOfMemory);
        }
        self.inbox[self.have..self.have + n].copy_from_slice(&bytes[..n]);
        self.have += n;
        if let Ok(Frame::Complete(len)) = frame(&self.inbox[..self.have], &DecodeOptions::STRICT) {
            self.out_len = self.answer(len).map_err(|_| IoErrorKind::InvalidData)?;
            self.out_at = 0;
            self.have = 0;
        }
        Ok(n)
    }

    /// Answers the request in `inbox[..len]` into `outbox`.
    fn answer(&mut self, len: usize) -> Result<usize, kmipkit_core::kmip::Error> {
        let request = RequestMessage::<1>::decode(&self.inbox[..len])?;
        let v = request.header.protocol_version;
        let versions = [
            ProtocolVersion::V1_4,
            ProtocolVersion::V1_2,
            ProtocolVersion::V1_0,
        ];
        let state = [Attribute::new(AttributeValue::State(State::ACTIVE))];
        let mine = |uid: Option<Uid<'_>>| uid == Some(Uid::Text("1"));
        let item = match request.batch_items.first().map(|i| i.payload) {
            Some(RequestPayload::DiscoverVersions(_)) => {
                ResponseBatchItem::success(DiscoverVersionsResponse {
                    protocol_versions: (&versions).into(),
                })
            }
            Some(RequestPayload::GetAttributes(g)) if mine(g.unique_identifier) => {
                ResponseBatchItem::success(GetAttributesResponse {
                    unique_identifier: Uid::Text("1"),
                    attributes: (&state).into(),
                })
            }
            Some(RequestPayload::Get(g)) if mine(g.unique_identifier) => {
                ResponseBatchItem::success(GetResponse {
                    object_type: ObjectType::SYMMETRIC_KEY,
                    unique_identifier: Uid::Text("1"),
                    object: Object::SymmetricKey(KeyBlock::raw_symmetric(
                        CryptographicAlgorithm::AES,
                        &MASTER_KEY,
                    )),
                })
            }
            Some(p) => ResponseBatchItem::failure(
                Some(p.operation()),
                ResultReason::ITEM_NOT_FOUND,
                Some("no such object"),
            ),
            None => ResponseBatchItem::failure(None, ResultReason::INVALID_MESSAGE, None),
        };
        let response = ResponseMessage::<1>::single(ResponseHeader::new(v, 0), item)?;
        let mut enc = Encoder::for_slice(&mut self.outbox);
        response.encode(&mut enc)?;
        Ok(enc.position())
    }

    fn give(&mut self, buf: &mut [u8]) -> usize {
        let n = buf.len().min(self.out_len - self.out_at);
        buf[..n].copy_from_slice(&self.outbox[self.out_at..self.out_at + n]);
        self.out_at += n;
        n
    }
}

impl Default for LoopbackServer {
    fn default() -> Self {
        LoopbackServer::new()
    }
}

/// The "network driver": a connection to the loopback server. (On a board: a socket of the
/// network stack, wrapped in TLS.)
pub struct Link<'s> {
    server: &'s RefCell<LoopbackServer>,
}

impl embedded_io::ErrorType for Link<'_> {
    type Error = IoErrorKind;
}

impl embedded_io::Read for Link<'_> {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, IoErrorKind> {
        let mut server = self
            .server
            .try_borrow_mut()
            .map_err(|_| IoErrorKind::Other)?;
        match server.give(buf) {
            // Nothing to read and nothing will come: a real driver would wait until the
            // deadline given by `set_deadline`, then fail with TimedOut.
            0 => Err(IoErrorKind::TimedOut),
            n => Ok(n),
        }
    }
}

impl embedded_io::Write for Link<'_> {
    fn write(&mut self, buf: &[u8]) -> Result<usize, IoErrorKind> {
        let mut server = self
            .server
            .try_borrow_mut()
            .map_err(|_| IoErrorKind::Other)?;
        server.take(buf)
    }
    fn flush(&mut self) -> Result<(), IoErrorKind> {
        Ok(())
    }
}

impl Transport for Link<'_> {
    fn set_deadline(&mut self, _deadline: Instant) {
        // A socket driver arms its receive timeout here.
    }
}

/// The board's connector: server 0 is down (connection refused), server 1 is the loopback
/// server.
pub struct Board<'s> {
    /// The in-memory server.
    pub server: &'s RefCell<LoopbackServer>,
}

impl<'s> Connector for Board<'s> {
    type Transport = Link<'s>;
    type Error = ConnectError;

    fn connect(&mut self, server: usize, _deadline: Instant) -> Result<Link<'s>, ConnectError> {
        match server {
            1 => Ok(Link {
                server: self.server,
            }),
            _ => Err(ConnectError {
                phase: Phase::Connect,
                kind: IoErrorKind::ConnectionRefused,
            }),
        }
    }
}

/// A tick counter standing in for SysTick: 1 ms per call.
#[derive(Default)]
pub struct Ticks(pub u64);

impl Clock for Ticks {
    fn now(&mut self) -> Instant {
        self.0 += 1;
        Instant::from_millis(self.0)
    }
    fn sleep_until(&mut self, until: Instant) {
        self.0 = self.0.max(until.as_millis());
    }
}

/// The boot-time unlock: fetch the master key "1" if it is Active, with failover over two
/// servers, into `key`. Returns how many attempts failed before the answer (the report's
/// entries say which server and why).
pub fn unlock(
    server: &RefCell<LoopbackServer>,
    tx: &mut [u8],
    rx: &mut [u8],
    key: &mut [u8; 32],
) -> Result<usize, UnlockError> {
    let config = ClientConfig {
        policy: FailoverPolicy {
            connect_retries: 1,
            attempt_timeout: core::time::Duration::from_millis(2000),
            pause_between_passes: core::time::Duration::from_millis(500),
        },
        ..ClientConfig::default()
    };
    let client = Client::new(config, 2).map_err(|_| UnlockError::Config)?;
    let board = Board { server };
    let mut kmip = BlockingClient::new(client, board, Ticks::default(), tx, rx);
    match kmip.get_if_active("1").map_err(UnlockError::Kmip)? {
        KeyIfActive::Active(got) => {
            let bytes = got
                .object
                .key_block()
                .and_then(|b| b.plain_key())
                .ok_or(UnlockError::NotAKey)?;
            if bytes.len() != key.len() {
                return Err(UnlockError::NotAKey);
            }
            key.copy_from_slice(bytes);
            Ok(kmip.report().attempts.entries().len())
        }
        KeyIfActive::NotActive(state) => Err(UnlockError::NotActive(state)),
        KeyIfActive::NotFound(_) => Err(UnlockError::Absent),
    }
}

/// Why the unlock failed.
#[derive(Debug)]
pub enum UnlockError {
    /// The client configuration is wrong.
    Config,
    /// No server gave an answer (see the error's kind).
    Kmip(ClientError),
    /// The key is not Active.
    NotActive(Option<State>),
    /// The key does not exist.
    Absent,
    /// The object is not a 32-byte plaintext key.
    NotAKey,
}
