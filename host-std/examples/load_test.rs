//! A load test for KMIP servers on this machine: N concurrent TLS connections, each doing M
//! Get requests of one AES-256 key, one after the other; reports ops/s and the p50/p99/max
//! latency of a Get (send to whole response). Bounded in count (N ≤ 256, M ≤ 100 000) and in
//! time (`--max-seconds`, at most 600: each connection stops when it is reached).
//!
//! ```text
//! # our development server, started separately (release build, requests not logged):
//! kmipkit dev-server --listen 127.0.0.1:15800 --dir /tmp/kd --quiet &
//! cargo run --release -p kmipkit --example load_test -- \
//!     --server 127.0.0.1:15800 --pki /tmp/kd --connections 8 --gets 500
//! # PyKMIP's server (.ci/pykmip.sh start DIR PORT PKI_DIR), same PKI layout:
//! cargo run --release -p kmipkit --example load_test -- \
//!     --server 127.0.0.1:15696 --pki target/pykmip/pki --connections 8 --gets 100
//! # or an in-process development server:
//! cargo run --release -p kmipkit --example load_test -- --in-process --connections 8 --gets 500
//! ```
//!
//! The key is made with Create first (or given with `--uid`). Servers must listen on this
//! machine: the tool refuses any address that is not loopback.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use clap::Parser;
use kmipkit::pki::{PkiOptions, TestPki};
use kmipkit::server::{Config, DevServer, Engine};
use kmipkit::tls::server::server_config;
use kmipkit::tls::{connect_with, ClientTls, TlsClientSettings, TlsStream};
use kmipkit_core::kmip::ops::{CreateRequest, CreateResponse, GetRequest};
use kmipkit_core::kmip::{
    Attribute, AttributeValue, ProtocolVersion, RequestMessage, RequestPayload, ResponseMessage,
    TemplateAttribute,
};
use kmipkit_core::ttlv::{
    frame, CryptographicAlgorithm, CryptographicUsageMask, DecodeOptions, Encoder, Frame,
};

/// Load test for KMIP servers on loopback.
#[derive(Debug, Parser)]
struct Args {
    /// The server (loopback only), e.g. 127.0.0.1:15800.
    #[arg(long, required_unless_present = "in_process")]
    server: Option<SocketAddr>,
    /// The PKI directory: ca.pem and client.pem (chain + key), as `kmipkit dev-server` and the
    /// write_test_pki example write them.
    #[arg(long, required_unless_present = "in_process")]
    pki: Option<PathBuf>,
    /// Start a development server in this process instead (on 127.0.0.1:0).
    #[arg(long)]
    in_process: bool,
    /// Concurrent connections.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=256))]
    connections: u32,
    /// Gets per connection.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    gets: u32,
    /// Stop every connection after this many seconds, done or not.
    #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=600))]
    max_seconds: u64,
    /// The key to Get (default: Create one first).
    #[arg(long)]
    uid: Option<String>,
    /// KMIP version of the requests.
    #[arg(long, default_value = "1.2")]
    version: String,
    /// A name for the report line.
    #[arg(long, default_value = "server")]
    label: String,
}

fn encode<'a>(version: ProtocolVersion, payload: impl Into<RequestPayload<'a>>) -> Vec<u8> {
    let m: RequestMessage<'_, 4> = RequestMessage::single(version, payload).expect("one item");
    let mut enc = Encoder::for_vec();
    m.encode(&mut enc).expect("encode");
    enc.into_sink()
}

fn exchange(s: &mut TlsStream, request: &[u8], buf: &mut Vec<u8>) -> Result<(), String> {
    s.send(request).map_err(|e| e.to_string())?;
    buf.resize(8, 0);
    s.receive_exact(&mut buf[..8]).map_err(|e| e.to_string())?;
    let total = match frame(&buf[..8], &DecodeOptions::STRICT).map_err(|e| e.to_string())? {
        Frame::NeedMore(n) => 8 + n,
        Frame::Complete(n) => n,
    };
    buf.resize(total, 0);
    s.receive_exact(&mut buf[8..]).map_err(|e| e.to_string())
}

fn parse_version(s: &str) -> ProtocolVersion {
    let (major, minor) = s.split_once('.').expect("--version MAJOR.MINOR");
    ProtocolVersion::new(major.parse().expect("major"), minor.parse().expect("minor"))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn main() {
    let args = Args::parse();
    let version = parse_version(&args.version);
    // An in-process server, if asked for: kept alive until the end of main.
    let mut _server_dir = None;
    let mut _server = None;
    let (addr, tls) = if args.in_process {
        let dir = tempfile_dir();
        let pki = TestPki::generate(&PkiOptions::default()).expect("PKI");
        let paths = pki.write(&dir, "changeit").expect("write PKI");
        let server_tls =
            server_config(&pki.server.credentials(), &[pki.ca.cert_der()]).expect("tls");
        let server = DevServer::start(
            Config::new("127.0.0.1:0".parse().unwrap(), server_tls),
            Arc::new(Engine::new()),
        )
        .expect("start the dev server");
        let addr = server.local_addr();
        _server = Some(server);
        _server_dir = Some(dir);
        (addr, client_tls(&paths.dir))
    } else {
        let addr = args.server.expect("--server");
        (addr, client_tls(args.pki.as_ref().expect("--pki")))
    };
    assert!(
        addr.ip().is_loopback(),
        "load tests only target this machine (loopback), not {addr}"
    );
    let host = addr.ip().to_string();
    let port = addr.port();
    let connect = || {
        connect_with(&host, port, &tls, Instant::now() + Duration::from_secs(30))
            .unwrap_or_else(|e| panic!("connect to {addr}: {e}"))
    };

    let uid = match &args.uid {
        Some(u) => u.clone(),
        None => {
            let attrs = [
                Attribute::new(AttributeValue::CryptographicAlgorithm(
                    CryptographicAlgorithm::AES,
                )),
                Attribute::new(AttributeValue::CryptographicLength(256)),
                Attribute::new(AttributeValue::CryptographicUsageMask(
                    CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT,
                )),
            ];
            let req = encode(
                version,
                CreateRequest::symmetric_key(TemplateAttribute::new(&attrs)),
            );
            let mut s = connect();
            s.set_deadline(Some(Instant::now() + Duration::from_secs(30)));
            let mut buf = Vec::new();
            exchange(&mut s, &req, &mut buf).expect("Create");
            let r = ResponseMessage::<'_, 4>::decode(&buf, version).expect("Create response");
            let item = r.first().expect("an item");
            let c = item
                .payload_as::<CreateResponse>()
                .unwrap_or_else(|| panic!("Create failed: {item:?}"));
            let uid = c.unique_identifier.as_text().expect("text uid").to_owned();
            let _ = s.close();
            uid
        }
    };
    let request = Arc::new(encode(version, GetRequest::new(uid.as_str())));

    let n = args.connections as usize;
    let barrier = Arc::new(Barrier::new(n + 1));
    let handshake_started = Instant::now();
    let streams: Vec<TlsStream> = (0..n).map(|_| connect()).collect();
    let handshakes = handshake_started.elapsed();
    let stop_at = Instant::now() + Duration::from_secs(args.max_seconds);
    let threads: Vec<_> = streams
        .into_iter()
        .map(|mut s| {
            let barrier = barrier.clone();
            let request = request.clone();
            let gets = args.gets;
            std::thread::spawn(move || {
                let mut latencies = Vec::with_capacity(gets as usize);
                let mut errors = 0u32;
                let mut buf = Vec::with_capacity(512);
                barrier.wait();
                for _ in 0..gets {
                    if Instant::now() >= stop_at {
                        break;
                    }
                    s.set_deadline(Some(Instant::now() + Duration::from_secs(30)));
                    let t = Instant::now();
                    match exchange(&mut s, &request, &mut buf) {
                        Ok(()) => {
                            let ok = ResponseMessage::<'_, 4>::decode(&buf, version)
                                .ok()
                                .and_then(|r| r.first().map(|i| i.is_success()))
                                .unwrap_or(false);
                            if ok {
                                latencies.push(t.elapsed());
                            } else {
                                errors += 1;
                            }
                        }
                        Err(_) => {
                            errors += 1;
                            break;
                        }
                    }
                }
                let _ = s.close();
                (latencies, errors)
            })
        })
        .collect();
    barrier.wait();
    let started = Instant::now();
    let mut all = Vec::new();
    let mut errors = 0;
    for t in threads {
        let (l, e) = t.join().expect("load thread");
        all.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed();
    all.sort();
    let ok = all.len();
    let ops = ok as f64 / elapsed.as_secs_f64();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{}: KMIP {version} Get, {n} connections x {} gets: {ok} ok, {errors} errors in {:.2} s = {:.0} ops/s; \
         latency p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms; {n} TLS handshakes took {:.0} ms",
        args.label,
        args.gets,
        elapsed.as_secs_f64(),
        ops,
        ms(percentile(&all, 50.0)),
        ms(percentile(&all, 99.0)),
        ms(all.last().copied().unwrap_or_default()),
        ms(handshakes),
    );
    println!(
        "| {} | {version} | {n} | {} | {ok} | {errors} | {:.0} | {:.3} | {:.3} |",
        args.label,
        args.gets,
        ops,
        ms(percentile(&all, 50.0)),
        ms(percentile(&all, 99.0)),
    );
    if let Some(s) = _server.take() {
        s.shutdown();
    }
    if let Some(d) = _server_dir.take() {
        let _ = std::fs::remove_dir_all(d);
    }
}

fn client_tls(pki: &std::path::Path) -> ClientTls {
    ClientTls::load(&TlsClientSettings {
        server_ca_file: Some(pki.join("ca.pem")),
        client_certificate_file: Some(pki.join("client.pem")),
        use_system_roots: false,
        ..TlsClientSettings::default()
    })
    .expect("the client TLS files (ca.pem, client.pem)")
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kmipkit-load-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}
