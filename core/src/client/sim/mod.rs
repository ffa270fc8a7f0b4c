//! Deterministic simulation of a client talking to scripted KMIP servers, on a virtual clock.
//!
//! A [`Sim`] drives a [`Session`] directly (no driver, no threads): each server has a connect
//! behaviour and a handler that sees the decoded request and the server's object store
//! ([`Kms`], which may be shared by several servers to model replicas) and says how to answer
//! ([`Reply`]: at once, byte by byte, stall, reset, close, garbage…). Answers are built with
//! the core's own kmip layer ([`Kms::answer`], [`ok`], [`failure`]), so the tests read like
//! the spec. Time moves only when a server is silent (to the session's deadline), when a
//! server has latency, or in a pause: a test asserts the exact virtual time an operation took.
//!
//! Connections kept between operations ([`ClientConfig::keep_idle`]) stay in the simulation
//! from one [`Sim::run`] to the next; a server may close them while they are idle
//! ([`Server::closes_idle_after`], [`Sim::close_kept`]), and the client notices as a real one
//! would ([`Stale`]): the server never sees the request sent on such a connection.

#![allow(dead_code)]

mod drivers;
mod failover;
mod repeat;
mod reuse;
mod versions;

use super::error::ConnectError;
use super::ops::Op;
use super::{
    Action, Client, ClientConfig, ClientError, FailoverPolicy, FailureKind, Instant, IoErrorKind,
    Outcome, Phase, Plan, Report, Session, VersionMode,
};
use crate::kmip::ops::*;
use crate::kmip::{
    Attribute, AttributeValue, KeyBlock, Object, ProtocolVersion, RequestMessage,
    ResponseBatchItem, ResponseHeader, ResponseMessage, Uid,
};
use crate::ttlv::{
    CryptographicAlgorithm, Encoder, ObjectType, Operation, ResultReason, RevocationReasonCode,
    State,
};
use core::time::Duration;
use std::boxed::Box;
use std::string::{String, ToString};
use std::vec;
use std::vec::Vec;

/// A policy with round numbers: 1000 ms per attempt, no pause.
pub fn policy(retries: u32) -> FailoverPolicy {
    FailoverPolicy {
        connect_retries: retries,
        attempt_timeout: Duration::from_millis(1000),
        pause_between_passes: Duration::ZERO,
    }
}

/// A config pinned to 1.4 (most tests are not about negotiation).
pub fn pinned(retries: u32) -> ClientConfig {
    ClientConfig {
        policy: policy(retries),
        versions: VersionMode::Pinned(ProtocolVersion::V1_4),
        ..ClientConfig::default()
    }
}

/// How a server takes a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conn {
    /// Accepts (TCP and TLS) at once.
    Accept,
    /// Refuses the TCP connection at once.
    Refuse,
    /// Never answers the SYN: the connect deadline passes.
    Blackhole,
    /// The TLS handshake fails at once.
    TlsFail,
    /// The name does not resolve.
    NoSuchHost,
}

/// How a server answers one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// The whole message in one read.
    Message(Vec<u8>),
    /// One byte per read.
    ByteByByte(Vec<u8>),
    /// Never a byte: the exchange deadline passes.
    Silent,
    /// The first `n` bytes, then silence.
    StallAfter(Vec<u8>, usize),
    /// The first `n` bytes, then a connection reset.
    ResetAfter(Vec<u8>, usize),
    /// The first `n` bytes, then end of stream.
    CloseAfter(Vec<u8>, usize),
    /// The message, then more bytes.
    WithTrailing(Vec<u8>, Vec<u8>),
}

/// How the client finds out that a server closed a kept connection while it was idle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stale {
    /// The request is written; the read gets end of stream (FIN, close_notify).
    Eof,
    /// The request is written; the read gets a reset.
    Reset,
    /// Writing the request fails (broken pipe).
    SendFails,
}

/// What the harness saw, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A new connection to server `i`.
    Connect(usize),
    /// The kept connection to server `i` is used again.
    Reuse(usize),
    /// A request of this operation to server `i` (one the server received).
    Request(usize, Operation),
    /// The transport was closed.
    Close,
    /// The transport to server `i` is kept, idle.
    Release(usize),
    /// The kept connection to server `i` was closed without being used.
    Discard(usize),
}

/// A connection kept between operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeptConn {
    /// Since when it is idle.
    pub since: Instant,
    /// The server closed it.
    pub closed: bool,
}

/// A request as the scripted server sees it.
#[derive(Clone, Debug)]
pub struct Req {
    /// Server index.
    pub server: usize,
    /// The header's version.
    pub version: ProtocolVersion,
    /// The header's Maximum Response Size.
    pub max_response_size: Option<i32>,
    /// The operation.
    pub op: Operation,
    /// The Unique Identifier in the payload, if any.
    pub uid: Option<String>,
    /// The Name of a Create/Register, or the Name a Locate searches.
    pub name: Option<String>,
    /// The Revoke reason.
    pub revoke_compromise: bool,
    /// The raw request.
    pub bytes: Vec<u8>,
}

/// One object in a store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Obj {
    pub uid: String,
    pub name: Option<String>,
    pub state: State,
}

/// A KMIP server's object store and behaviour (shared by replicas).
#[derive(Clone, Debug)]
pub struct Kms {
    pub objects: Vec<Obj>,
    pub next_uid: u32,
    /// The versions it answers Discover Versions with (its preference order).
    pub versions: Vec<ProtocolVersion>,
    /// Answers Discover Versions with Operation Not Supported (PyKMIP under 1.0).
    pub no_discover: bool,
}

impl Default for Kms {
    fn default() -> Self {
        Kms {
            objects: Vec::new(),
            next_uid: 1,
            versions: vec![
                ProtocolVersion::V2_0,
                ProtocolVersion::V1_4,
                ProtocolVersion::V1_3,
                ProtocolVersion::V1_2,
                ProtocolVersion::V1_1,
                ProtocolVersion::V1_0,
            ],
            no_discover: false,
        }
    }
}

/// Encodes a one-item response.
pub fn response(v: ProtocolVersion, item: ResponseBatchItem<'_>) -> Vec<u8> {
    let msg = ResponseMessage::<1>::single(ResponseHeader::new(v, 1_700_000_000), item)
        .expect("one item");
    let mut buf = vec![0u8; 8192];
    let mut enc = Encoder::for_slice(&mut buf);
    msg.encode(&mut enc).expect("encode");
    let n = enc.position();
    buf.truncate(n);
    buf
}

/// A successful response.
pub fn ok<'a>(v: ProtocolVersion, payload: impl Into<ResponsePayload<'a>>) -> Vec<u8> {
    response(v, ResponseBatchItem::success(payload))
}

/// A failed response.
pub fn failure(v: ProtocolVersion, op: Operation, reason: ResultReason, msg: &str) -> Vec<u8> {
    response(v, ResponseBatchItem::failure(Some(op), reason, Some(msg)))
}

const KEY: [u8; 32] = [0x11; 32];

impl Kms {
    fn find(&mut self, uid: &Option<String>) -> Option<&mut Obj> {
        let uid = uid.as_deref()?;
        self.objects.iter_mut().find(|o| o.uid == uid)
    }

    fn make(&mut self, name: Option<String>) -> String {
        let uid = self.next_uid.to_string();
        self.next_uid += 1;
        self.objects.push(Obj {
            uid: uid.clone(),
            name,
            state: State::PRE_ACTIVE,
        });
        uid
    }

    /// Carries out the request and encodes the answer, as a conforming server would.
    pub fn answer(&mut self, r: &Req) -> Vec<u8> {
        let v = r.version;
        let not_found = |op| {
            failure(
                v,
                op,
                ResultReason::ITEM_NOT_FOUND,
                "Could not locate object",
            )
        };
        let denied = |op| failure(v, op, ResultReason::PERMISSION_DENIED, "wrong state");
        match r.op {
            Operation::DISCOVER_VERSIONS if self.no_discover || v == ProtocolVersion::V1_0 => {
                failure(
                    v,
                    r.op,
                    ResultReason::OPERATION_NOT_SUPPORTED,
                    "DiscoverVersions is not supported by KMIP 1.0",
                )
            }
            Operation::DISCOVER_VERSIONS => {
                let req = RequestMessage::<8>::decode(&r.bytes).expect("request");
                let offered: Vec<ProtocolVersion> = match &req.batch_items[0].payload {
                    RequestPayload::DiscoverVersions(d) => d.protocol_versions.iter().collect(),
                    _ => Vec::new(),
                };
                let common: Vec<ProtocolVersion> = self
                    .versions
                    .iter()
                    .copied()
                    .filter(|x| offered.is_empty() || offered.contains(x))
                    .collect();
                ok(
                    v,
                    DiscoverVersionsResponse {
                        protocol_versions: common.as_slice().into(),
                    },
                )
            }
            Operation::QUERY => ok(v, QueryResponse::default()),
            Operation::CREATE => {
                let uid = self.make(r.name.clone());
                ok(
                    v,
                    CreateResponse {
                        object_type: ObjectType::SYMMETRIC_KEY,
                        unique_identifier: Uid::Text(&uid),
                        template_attribute: None,
                    },
                )
            }
            Operation::REGISTER => {
                let uid = self.make(r.name.clone());
                ok(
                    v,
                    RegisterResponse {
                        unique_identifier: Uid::Text(&uid),
                        template_attribute: None,
                    },
                )
            }
            Operation::ACTIVATE => match self.find(&r.uid) {
                None => not_found(r.op),
                Some(o) if o.state != State::PRE_ACTIVE => denied(r.op),
                Some(o) => {
                    o.state = State::ACTIVE;
                    let uid = o.uid.clone();
                    ok(
                        v,
                        ActivateResponse {
                            unique_identifier: Uid::Text(&uid),
                        },
                    )
                }
            },
            Operation::REVOKE => match self.find(&r.uid) {
                None => not_found(r.op),
                Some(o) => {
                    o.state = if r.revoke_compromise {
                        State::COMPROMISED
                    } else {
                        State::DEACTIVATED
                    };
                    let uid = o.uid.clone();
                    ok(
                        v,
                        RevokeResponse {
                            unique_identifier: Uid::Text(&uid),
                        },
                    )
                }
            },
            Operation::DESTROY => match self.find(&r.uid) {
                None => not_found(r.op),
                Some(o) if o.state == State::ACTIVE => denied(r.op),
                Some(o) => {
                    let uid = o.uid.clone();
                    self.objects.retain(|x| x.uid != uid);
                    ok(
                        v,
                        DestroyResponse {
                            unique_identifier: Uid::Text(&uid),
                        },
                    )
                }
            },
            Operation::GET_ATTRIBUTES => match self.find(&r.uid) {
                None => not_found(r.op),
                Some(o) => {
                    let uid = o.uid.clone();
                    let attrs = [Attribute::new(AttributeValue::State(o.state))];
                    ok(
                        v,
                        GetAttributesResponse {
                            unique_identifier: Uid::Text(&uid),
                            attributes: (&attrs).into(),
                        },
                    )
                }
            },
            Operation::GET => match self.find(&r.uid) {
                None => not_found(r.op),
                Some(o) => {
                    let uid = o.uid.clone();
                    ok(
                        v,
                        GetResponse {
                            object_type: ObjectType::SYMMETRIC_KEY,
                            unique_identifier: Uid::Text(&uid),
                            object: Object::SymmetricKey(KeyBlock::raw_symmetric(
                                CryptographicAlgorithm::AES,
                                &KEY,
                            )),
                        },
                    )
                }
            },
            Operation::LOCATE => {
                let found: Vec<String> = self
                    .objects
                    .iter()
                    .filter(|o| o.name.is_some() && o.name == r.name)
                    .map(|o| o.uid.clone())
                    .collect();
                let uids: Vec<Uid<'_>> = found.iter().map(|s| Uid::Text(s)).collect();
                ok(
                    v,
                    LocateResponse {
                        located_items: None,
                        unique_identifiers: uids.as_slice().into(),
                    },
                )
            }
            op => failure(v, op, ResultReason::OPERATION_NOT_SUPPORTED, "not here"),
        }
    }
}

/// The handler of a scripted server.
pub type Handler = Box<dyn FnMut(&Req, &mut Kms) -> Reply>;

/// A scripted server.
pub struct Server {
    /// How it takes each connection (the last one repeats).
    pub conns: Vec<Conn>,
    /// How it answers.
    pub handler: Handler,
    /// Which store it uses.
    pub store: usize,
    /// Virtual time each answer takes to arrive.
    pub latency: u64,
    /// Virtual time a connection takes.
    pub connect_latency: u64,
    /// The server closes a connection idle for this long (ms).
    pub idle_close: Option<u64>,
    /// How the client finds such a connection closed.
    pub stale: Stale,
    connects: usize,
}

impl Server {
    /// A server that accepts and answers every request as its store says.
    pub fn kms() -> Self {
        Server::with(|r, k| Reply::Message(k.answer(r)))
    }

    /// A server that accepts and answers with `handler`.
    pub fn with(handler: impl FnMut(&Req, &mut Kms) -> Reply + 'static) -> Self {
        Server {
            conns: vec![Conn::Accept],
            handler: Box::new(handler),
            store: usize::MAX,
            latency: 0,
            connect_latency: 0,
            idle_close: None,
            stale: Stale::Eof,
            connects: 0,
        }
    }

    /// A server whose connections go this way.
    pub fn conn(c: Conn) -> Self {
        let mut s = Server::kms();
        s.conns = vec![c];
        s
    }

    /// Uses store `i` (shared with other servers using it).
    pub fn store(mut self, i: usize) -> Self {
        self.store = i;
        self
    }

    /// Connections in this order (the last repeats).
    pub fn conns(mut self, c: &[Conn]) -> Self {
        self.conns = c.to_vec();
        self
    }

    /// Answers take `ms`.
    pub fn latency(mut self, ms: u64) -> Self {
        self.latency = ms;
        self
    }

    /// Connections take `ms`.
    pub fn connect_latency(mut self, ms: u64) -> Self {
        self.connect_latency = ms;
        self
    }

    /// Closes connections idle for `ms` or more; the client finds out as `stale` says.
    pub fn closes_idle_after(mut self, ms: u64, stale: Stale) -> Self {
        self.idle_close = Some(ms);
        self.stale = stale;
        self
    }

    /// Answers with `handler` from now on.
    pub fn answer_with(&mut self, handler: impl FnMut(&Req, &mut Kms) -> Reply + 'static) {
        self.handler = Box::new(handler);
    }
}

/// The simulation: servers, their stores, the virtual clock and the trace.
pub struct Sim {
    pub client: Client,
    pub servers: Vec<Server>,
    pub stores: Vec<Kms>,
    pub now: Instant,
    pub trace: Vec<Event>,
    pub tx: Vec<u8>,
    pub rx: Vec<u8>,
    /// The report the sessions write into.
    pub report: Report,
    /// The connections kept between operations, by server.
    pub kept: Vec<Option<KeptConn>>,
    /// The largest `max` a Receive ever asked for, and whether a read ever went past what
    /// the response still needed.
    pub max_asked: usize,
}

/// How a finished operation went.
#[derive(Debug)]
pub struct Run {
    pub result: Result<Outcome, FailureKind>,
    pub report: Report,
    /// Virtual milliseconds from start to Done.
    pub elapsed: u64,
    /// Decoded typed-op friendly copy of the final response bytes.
    pub response: Option<Vec<u8>>,
}

impl Sim {
    /// `servers` with `config`; each server without an explicit store gets its own.
    pub fn new(config: ClientConfig, servers: Vec<Server>) -> Self {
        let n = servers.len();
        let mut servers = servers;
        let mut stores = Vec::new();
        for (i, s) in servers.iter_mut().enumerate() {
            if s.store == usize::MAX {
                s.store = i;
            }
            while stores.len() <= s.store {
                stores.push(Kms::default());
            }
        }
        Sim {
            client: Client::new(config, n).expect("client"),
            servers,
            stores,
            now: Instant(0),
            trace: Vec::new(),
            tx: vec![0; 4096],
            rx: vec![0; 4096],
            report: Report::default(),
            kept: vec![None; n],
            max_asked: 0,
        }
    }

    /// Lets `ms` of virtual time pass between operations.
    pub fn wait(&mut self, ms: u64) {
        self.now = Instant(self.now.0 + ms);
    }

    /// Server `i` closes the connection the client keeps to it (if any).
    pub fn close_kept(&mut self, i: usize) {
        if let Some(k) = &mut self.kept[i] {
            k.closed = true;
        }
    }

    /// The kept connections reused, in order.
    pub fn reuses(&self) -> Vec<usize> {
        self.trace
            .iter()
            .filter_map(|e| match e {
                Event::Reuse(i) => Some(*i),
                _ => None,
            })
            .collect()
    }

    /// Forgets the trace (between the operations of a test).
    pub fn clear_trace(&mut self) {
        self.trace.clear();
    }

    /// The servers connected to, in order.
    pub fn connects(&self) -> Vec<usize> {
        self.trace
            .iter()
            .filter_map(|e| match e {
                Event::Connect(i) => Some(*i),
                _ => None,
            })
            .collect()
    }

    /// The requests seen, in order.
    pub fn requests(&self) -> Vec<(usize, Operation)> {
        self.trace
            .iter()
            .filter_map(|e| match e {
                Event::Request(i, op) => Some((*i, *op)),
                _ => None,
            })
            .collect()
    }

    /// Runs a plan to its end.
    pub fn run(&mut self, plan: Plan<'_>) -> Run {
        let start = self.now;
        let mut now = self.now;
        let mut tx = core::mem::take(&mut self.tx);
        let mut rx = core::mem::take(&mut self.rx);
        let mut report = core::mem::take(&mut self.report);
        let mut session = Session::new(&mut self.client, plan, &mut tx, &mut rx, &mut report);
        // The answer being delivered on the open connection: bytes, how far, and the fault.
        let mut conn: Option<usize> = None;
        // The open connection is one the server closed while it was idle.
        let mut dead: Option<Stale> = None;
        let mut pending: Option<(Vec<u8>, usize, Reply)> = None;
        let mut steps = 0;
        loop {
            steps += 1;
            assert!(steps < 100_000, "the session does not terminate");
            match session.poll(now) {
                Action::Connect {
                    server,
                    deadline,
                    reuse_ok,
                } => {
                    let kept = self.kept[server].take();
                    if let (true, Some(k)) = (reuse_ok, kept) {
                        self.trace.push(Event::Reuse(server));
                        let s = &self.servers[server];
                        let idle_closed = s.idle_close.is_some_and(|ms| now.0 - k.since.0 >= ms);
                        dead = (k.closed || idle_closed).then_some(s.stale);
                        conn = Some(server);
                        session.reused(now);
                        continue;
                    }
                    if kept.is_some() {
                        self.trace.push(Event::Discard(server));
                    }
                    dead = None;
                    self.trace.push(Event::Connect(server));
                    let s = &mut self.servers[server];
                    let c = s.conns[s.connects.min(s.conns.len() - 1)];
                    s.connects += 1;
                    now = Instant(now.0 + s.connect_latency);
                    let fail = |phase, kind| ConnectError { phase, kind };
                    match c {
                        Conn::Accept => {
                            conn = Some(server);
                            session.connected(now);
                        }
                        Conn::Refuse => session.connect_failed(
                            now,
                            &fail(Phase::Connect, IoErrorKind::ConnectionRefused),
                        ),
                        Conn::TlsFail => {
                            session.connect_failed(now, &fail(Phase::Tls, IoErrorKind::InvalidData))
                        }
                        Conn::NoSuchHost => session
                            .connect_failed(now, &fail(Phase::Resolve, IoErrorKind::NotFound)),
                        Conn::Blackhole => {
                            now = deadline;
                            session.timer_expired(now);
                        }
                    }
                }
                Action::Send { bytes, .. } => {
                    let server = conn.expect("send without a connection");
                    // A connection the server closed: it never sees the request.
                    match dead {
                        Some(Stale::SendFails) => {
                            session.send_failed(now, IoErrorKind::BrokenPipe);
                            continue;
                        }
                        Some(stale) => {
                            let reply = match stale {
                                Stale::Reset => Reply::ResetAfter(Vec::new(), 0),
                                _ => Reply::CloseAfter(Vec::new(), 0),
                            };
                            pending = Some((Vec::new(), 0, reply));
                            session.sent(now);
                            continue;
                        }
                        None => {}
                    }
                    let req = parse(server, bytes);
                    self.trace.push(Event::Request(server, req.op));
                    let s = &mut self.servers[server];
                    let reply = (s.handler)(&req, &mut self.stores[s.store]);
                    let bytes = match &reply {
                        Reply::Message(b)
                        | Reply::ByteByByte(b)
                        | Reply::StallAfter(b, _)
                        | Reply::ResetAfter(b, _)
                        | Reply::CloseAfter(b, _) => b.clone(),
                        Reply::WithTrailing(b, t) => [b.as_slice(), t.as_slice()].concat(),
                        Reply::Silent => Vec::new(),
                    };
                    pending = Some((bytes, 0, reply));
                    session.sent(now);
                    now = Instant(now.0 + self.servers[server].latency);
                }
                Action::Receive { deadline, max } => {
                    self.max_asked = self.max_asked.max(max);
                    let Some((bytes, at, reply)) = pending.as_mut() else {
                        now = deadline;
                        session.timer_expired(now);
                        continue;
                    };
                    let limit = match reply {
                        Reply::StallAfter(_, n)
                        | Reply::ResetAfter(_, n)
                        | Reply::CloseAfter(_, n) => *n,
                        Reply::Silent => 0,
                        _ => bytes.len(),
                    };
                    if *at >= limit {
                        match reply {
                            Reply::ResetAfter(..) => {
                                session.receive_failed(now, IoErrorKind::ConnectionReset)
                            }
                            Reply::CloseAfter(..)
                            | Reply::Message(_)
                            | Reply::ByteByByte(_)
                            | Reply::WithTrailing(..) => session.closed(now),
                            Reply::StallAfter(..) | Reply::Silent => {
                                now = deadline;
                                session.timer_expired(now);
                            }
                        }
                        continue;
                    }
                    let chunk = match reply {
                        Reply::ByteByByte(_) => 1,
                        _ => limit - *at,
                    };
                    let piece = bytes[*at..*at + chunk].to_vec();
                    *at += chunk;
                    // Alternate the two ways of feeding bytes: copy-in, and in-place reads
                    // bounded by what the session asks for.
                    if matches!(reply, Reply::ByteByByte(_)) {
                        let buf = session.receive_buffer();
                        assert!(!buf.is_empty() && buf.len() <= max);
                        buf[0] = piece[0];
                        session.received_in_place(now, 1);
                    } else {
                        session.received(now, &piece);
                    }
                }
                Action::Close => {
                    self.trace.push(Event::Close);
                    conn = None;
                    dead = None;
                    pending = None;
                }
                Action::Release { server } => {
                    assert_eq!(conn, Some(server), "release of another connection");
                    assert!(dead.is_none(), "a dead connection kept");
                    self.trace.push(Event::Release(server));
                    self.kept[server] = Some(KeptConn {
                        since: now,
                        closed: false,
                    });
                    conn = None;
                    pending = None;
                }
                Action::Discard { server } => {
                    assert!(self.kept[server].is_some(), "discard of nothing");
                    self.trace.push(Event::Discard(server));
                    self.kept[server] = None;
                }
                Action::Sleep(until) => now = until,
                Action::Done(r) => {
                    let result = r.clone();
                    let response = match &result {
                        Ok(Outcome::Answered(a)) | Ok(Outcome::NotFound { answer: a, .. }) => {
                            Some(session.rx()[..a.len].to_vec())
                        }
                        _ => None,
                    };
                    assert!(session.is_done());
                    assert!(conn.is_none(), "a connection left open");
                    drop(session);
                    self.tx = tx;
                    self.rx = rx;
                    self.now = now;
                    self.report = report.clone();
                    return Run {
                        result,
                        report,
                        elapsed: now.0 - start.0,
                        response,
                    };
                }
            }
        }
    }

    /// Runs a typed operation and hands its output (or error) to `check`.
    pub fn op<O: Op, T>(
        &mut self,
        op: &O,
        check: impl for<'r> FnOnce(Result<O::Output<'r>, ClientError>, &Run) -> T,
    ) -> T {
        let run = self.run(op.plan());
        let bytes = run.response.clone().unwrap_or_default();
        let out = match &run.result {
            Ok(o) => {
                let msg = o.checked(&bytes).map(|r| r.expect("response decodes"));
                O::output(o.clone(), msg).map_err(|kind| ClientError::new(kind, &run.report))
            }
            Err(kind) => Err(ClientError::new(kind.clone(), &run.report)),
        };
        check(out, &run)
    }
}

/// Decodes what the scripted server needs from a request.
fn parse(server: usize, bytes: &[u8]) -> Req {
    let msg = RequestMessage::<8>::decode(bytes).expect("the client sent a valid request");
    let item = &msg.batch_items[0];
    let uid_of = |u: &Option<Uid<'_>>| u.and_then(|u| u.as_text()).map(|s| s.to_string());
    let (uid, name, compromise) = match &item.payload {
        RequestPayload::Get(p) => (uid_of(&p.unique_identifier), None, false),
        RequestPayload::GetAttributes(p) => (uid_of(&p.unique_identifier), None, false),
        RequestPayload::Activate(p) => (uid_of(&p.unique_identifier), None, false),
        RequestPayload::Destroy(p) => (uid_of(&p.unique_identifier), None, false),
        RequestPayload::Revoke(p) => (
            uid_of(&p.unique_identifier),
            None,
            p.revocation_reason.code == RevocationReasonCode::KEY_COMPROMISE,
        ),
        p @ (RequestPayload::Create(_) | RequestPayload::Register(_)) => (
            None,
            super::plan::name_in(p).map(|n| n.value.to_string()),
            false,
        ),
        RequestPayload::Locate(l) => (
            None,
            l.attributes.iter().find_map(|a| match a.value {
                AttributeValue::Name(n) => Some(n.value.to_string()),
                _ => None,
            }),
            false,
        ),
        _ => (None, None, false),
    };
    Req {
        server,
        version: msg.header.protocol_version,
        max_response_size: msg.header.maximum_response_size,
        op: item.operation(),
        uid,
        name,
        revoke_compromise: compromise,
        bytes: bytes.to_vec(),
    }
}

/// The plan of a Get of `uid`.
pub fn get(uid: &str) -> Plan<'_> {
    Plan::request(GetRequest::new(uid))
}

/// Stores with one Active key "1" each.
pub fn with_key(sim: &mut Sim) {
    for k in &mut sim.stores {
        k.objects.push(Obj {
            uid: "1".to_string(),
            name: Some("master".to_string()),
            state: State::ACTIVE,
        });
        k.next_uid = 2;
    }
}

/// The server of a successful answer.
pub fn answered_by(run: &Run) -> usize {
    match &run.result {
        Ok(Outcome::Answered(a)) => a.server,
        other => panic!("not answered: {other:?}"),
    }
}
