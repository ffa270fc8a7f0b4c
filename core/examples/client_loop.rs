//! Runs `N` Gets through the client's driver over an in-memory transport that answers every
//! request with PyKMIP's recorded Get response, for instruction counts of the client's own
//! work (session, driver, decoding; no TLS, no system calls) that do not depend on how busy
//! the machine is:
//!
//! ```sh
//! cargo build --release -p kmipkit-core --example client_loop
//! for n in 0 1000; do
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/client_loop blocking $n 2>&1 | grep Collected
//! done   # instructions per Get = (second - first) / 1000
//! ```
//!
//! Workloads: `blocking` and `async` (the two drivers). The input is
//! `kmip/pykmip-captures/kmip14_07_get_resp.hex` from `KMIPKIT_SHARED` (or `../shared` beside
//! the checkout).

use kmipkit_core::client::ops::Lookup;
use kmipkit_core::client::{
    AsyncClient, AsyncClock, AsyncConnector, BlockingClient, Client, ClientConfig, ConnectError,
    Connector, Instant, IoErrorKind, Transport, VersionMode,
};
use kmipkit_core::kmip::ProtocolVersion;
use std::hint::black_box;
use std::path::PathBuf;
use std::rc::Rc;

fn capture(name: &str) -> Vec<u8> {
    let dir = std::env::var_os("KMIPKIT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared")));
    let path = dir.join("kmip/pykmip-captures").join(format!("{name}.hex"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (set KMIPKIT_SHARED)", path.display()));
    hex::decode(text.trim()).unwrap()
}

/// A connection whose server answers each request with the recorded response.
struct Mem {
    response: Rc<Vec<u8>>,
    pending: usize,
}

impl embedded_io::ErrorType for Mem {
    type Error = IoErrorKind;
}

impl Mem {
    fn write_bytes(&mut self, buf: &[u8]) -> usize {
        // Every write is one whole request (the drivers write each in one call).
        self.pending = 0;
        buf.len()
    }

    fn read_bytes(&mut self, buf: &mut [u8]) -> usize {
        let rest = &self.response[self.pending..];
        let n = buf.len().min(rest.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.pending += n;
        n
    }
}

impl embedded_io::Read for Mem {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, IoErrorKind> {
        Ok(self.read_bytes(buf))
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
    fn set_deadline(&mut self, _: Instant) {}
}

impl embedded_io_async::Read for Mem {
    async fn read(&mut self, buf: &mut [u8]) -> Result<usize, IoErrorKind> {
        Ok(self.read_bytes(buf))
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

struct MemConnector(Rc<Vec<u8>>);

impl MemConnector {
    fn open(&mut self) -> Mem {
        Mem {
            response: self.0.clone(),
            pending: 0,
        }
    }
}

impl Connector for MemConnector {
    type Transport = Mem;
    type Error = ConnectError;
    fn connect(&mut self, _: usize, _: Instant) -> Result<Mem, ConnectError> {
        Ok(self.open())
    }
}

impl AsyncConnector for MemConnector {
    type Transport = Mem;
    type Error = ConnectError;
    async fn connect(&mut self, _: usize, _: Instant) -> Result<Mem, ConnectError> {
        Ok(self.open())
    }
}

/// A clock that never moves (no system call).
struct Still;

impl kmipkit_core::client::Clock for Still {
    fn now(&mut self) -> Instant {
        Instant(1)
    }
    fn sleep_until(&mut self, _: Instant) {}
}

impl AsyncClock for Still {
    fn now(&mut self) -> Instant {
        Instant(1)
    }
    async fn sleep_until(&mut self, _: Instant) {}
}

fn client() -> Client {
    let config = ClientConfig {
        versions: VersionMode::Pinned(ProtocolVersion::V1_4),
        ..ClientConfig::default()
    };
    Client::new(config, 1).unwrap()
}

fn block_on<F: core::future::Future>(f: F) -> F::Output {
    let mut f = core::pin::pin!(f);
    let mut cx = core::task::Context::from_waker(core::task::Waker::noop());
    loop {
        if let core::task::Poll::Ready(x) = f.as_mut().poll(&mut cx) {
            return x;
        }
    }
}

fn key_len<T>(
    r: Result<Lookup<T>, kmipkit_core::client::ClientError>,
    f: impl Fn(T) -> usize,
) -> usize {
    match r {
        Ok(Lookup::Found(g)) => f(g),
        Ok(Lookup::NotFound(e)) => panic!("not found: {e}"),
        Err(e) => panic!("{e}"),
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(workload), Some(n)) = (args.next(), args.next()) else {
        eprintln!("usage: client_loop blocking|async <times>");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("a number of times");
    let response = Rc::new(capture("kmip14_07_get_resp"));
    let mut sum = 0usize;
    let plain = |g: kmipkit_core::kmip::ops::GetResponse<'_>| {
        g.object
            .key_block()
            .and_then(|k| k.plain_key())
            .map_or(0, |k| k.len())
    };
    match workload.as_str() {
        "blocking" => {
            let mut kmip = BlockingClient::new(
                client(),
                MemConnector(response),
                Still,
                vec![0u8; 4096],
                vec![0u8; 65536],
            );
            for _ in 0..n {
                sum = sum.wrapping_add(key_len(kmip.get(black_box("15")), plain));
            }
        }
        "async" => {
            let mut kmip = AsyncClient::new(
                client(),
                MemConnector(response),
                Still,
                vec![0u8; 4096],
                vec![0u8; 65536],
            );
            block_on(async {
                for _ in 0..n {
                    sum = sum.wrapping_add(key_len(kmip.get(black_box("15")).await, plain));
                }
            });
        }
        other => {
            eprintln!("unknown workload {other}");
            std::process::exit(2);
        }
    }
    println!("{workload} x{n}: {sum}");
}
