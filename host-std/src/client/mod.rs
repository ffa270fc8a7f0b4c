//! The std client: the core's [`BlockingClient`] and [`AsyncClient`] driven over TCP + rustls
//! ([`crate::tls`]), built from a PSMDB-style [`KmipConfig`].
//!
//! The core holds every decision (failover over the server list, `connectRetries` passes,
//! `connectTimeoutMS` per attempt and per exchange, version negotiation, repeat safety); this
//! module only supplies what it asks for:
//! - [`TlsConnector`] / [`AsyncTlsConnector`]: server `i` of the list, opened with
//!   [`tls::connect`](crate::tls::connect) / [`tls::connect_async`](crate::tls::connect_async)
//!   before the core's deadline. The certificate, key and CA files are read again for every
//!   connection, as PSMDB does, so a renewed certificate needs no restart.
//! - [`StdTransport`] / [`AsyncStdTransport`]: the TLS streams as `embedded-io` bytes.
//! - [`StdClock`] / [`SmolClock`]: time, from one [`Origin`] shared with the transports.
//! - [`Diagnostics`]: the whole transport error of each failed attempt (the core keeps only
//!   the phase and a kind), so that [`KmipClient::attempts`] can say "server certificate not
//!   valid for name …" next to the core's pass and server.
//! - [`Wire`]: the `--trace` / `--json` tap.
//!
//! ```no_run
//! use kmipkit::client::KmipClient;
//! use kmipkit::config::KmipArgs;
//! use kmipkit::core::client::ops::Lookup;
//!
//! let args = KmipArgs {
//!     server_name: Some("kmip1,kmip2:5697".into()),
//!     client_certificate_file: Some("/etc/kmip/client.pem".into()),
//!     ..KmipArgs::default()
//! };
//! let mut kmip = KmipClient::new(&args.load()?)?;
//! match kmip.get("1") {
//!     Ok(Lookup::Found(key)) => println!("{:?}", key.object_type),
//!     Ok(Lookup::NotFound(e)) => println!("absent: {e}"),
//!     Err(e) => {
//!         eprintln!("{e}");
//!         for attempt in kmip.attempts() {
//!             eprintln!("  {attempt}");
//!         }
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! By default each operation opens a new connection (PSMDB's semantics: no connection
//! outlives an operation, every operation starts again at the first server).
//! [`ClientOptions::keep_idle`] keeps the connection of a successful operation for the next
//! ones (at most one per server; the walk still starts at the first server); see
//! [`ClientConfig::keep_idle`](kmipkit_core::client::ClientConfig::keep_idle).

mod connector;
mod diagnostics;
mod time;
mod transport;
mod wire;

pub use connector::{AsyncTlsConnector, TlsConnector};
pub use diagnostics::{
    attempt_details, AttemptDetail, Diagnostics, TransportEvent, EVENT_CAPACITY,
};
pub use time::{Origin, SmolClock, StdClock};
pub use transport::{AsyncStdTransport, StdTransport};
pub use wire::{Wire, WireOptions};

use crate::config::{ConfigError, KmipConfig, ServerAddr};
use crate::tls::{ClientTls, CredentialsError, TlsClientSettings};
use kmipkit_core::client::{
    AsyncClient, BlockingClient, Client, ClientConfig, FailoverPolicy, Report,
};
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::time::Duration;
use zeroize::Zeroizing;

/// The core's blocking client over TLS, as [`KmipClient`] holds it.
pub type BlockingTlsClient = BlockingClient<TlsConnector, StdClock, Vec<u8>, Vec<u8>>;
/// The core's async client over TLS on smol, as [`AsyncKmipClient`] holds it.
pub type AsyncTlsClient = AsyncClient<AsyncTlsConnector, SmolClock, Vec<u8>, Vec<u8>>;

/// How a client is built beyond the [`KmipConfig`].
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// Bytes of the request buffer (the largest request).
    pub tx_buffer: usize,
    /// Bytes of the response buffer: the largest response accepted (a larger one is refused
    /// from its header, before its body is read).
    pub rx_buffer: usize,
    /// A pause between passes over the server list (PSMDB has none).
    pub pause_between_passes: Duration,
    /// Trust the system roots besides `serverCAFile` (PSMDB does).
    pub use_system_roots: bool,
    /// `--trace` and the record of responses.
    pub wire: WireOptions,
    /// Keep the connection of a successful operation open, for at most this long idle, and
    /// use it for a later operation to the same server (its first request must be one that
    /// may be repeated: Get, Get Attributes, Locate, Encrypt, …). `None`, the default, is
    /// PSMDB's behaviour: a new connection for every operation, with the certificate files
    /// read again each time. See [`ClientConfig::keep_idle`] for the rules; the walk over the
    /// server list does not change.
    pub keep_idle: Option<Duration>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            tx_buffer: 64 << 10,
            rx_buffer: 1 << 20,
            pause_between_passes: Duration::ZERO,
            use_system_roots: true,
            wire: WireOptions::default(),
            keep_idle: None,
        }
    }
}

/// Why a client cannot be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum SetupError {
    /// The configuration lacks what a connection needs (a server, a client certificate).
    Config(ConfigError),
    /// The core refuses the configuration (e.g. more than 16 servers).
    Client(&'static str),
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetupError::Config(e) => e.fmt(f),
            SetupError::Client(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for SetupError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SetupError::Config(e) => Some(e),
            SetupError::Client(_) => None,
        }
    }
}

impl From<ConfigError> for SetupError {
    fn from(e: ConfigError) -> Self {
        SetupError::Config(e)
    }
}

/// The TLS settings of a configuration: `serverCAFile`, `clientCertificateFile`,
/// `clientKeyFile`, `clientCertificatePassword` (paths only; read at each connection).
pub fn tls_settings(config: &KmipConfig, use_system_roots: bool) -> TlsClientSettings {
    TlsClientSettings {
        server_ca_file: config.server_ca_file.clone(),
        client_certificate_file: config.client_certificate_file.clone(),
        client_key_file: config.client_key_file.clone(),
        client_certificate_password: config
            .client_certificate_password
            .as_ref()
            .map(|p| Zeroizing::new(p.expose().to_owned())),
        use_system_roots,
    }
}

/// The core's configuration for a [`KmipConfig`]: `connectRetries` extra passes,
/// `connectTimeoutMS` per attempt (connect + TLS) and per exchange, the protocol version
/// (`auto` negotiates), and the response buffer as the largest response.
pub fn client_config(config: &KmipConfig, options: &ClientOptions) -> ClientConfig {
    ClientConfig {
        policy: FailoverPolicy {
            connect_retries: config.connect_retries,
            attempt_timeout: config.connect_timeout,
            pause_between_passes: options.pause_between_passes,
        },
        versions: config.protocol_version.version_mode(),
        max_response_size: None,
        send_max_response_size: false,
        keep_idle: options.keep_idle,
    }
}

/// The parts both clients keep beside the core's client.
#[derive(Clone, Debug)]
struct Parts {
    servers: Vec<ServerAddr>,
    settings: TlsClientSettings,
    diagnostics: Diagnostics,
    wire: Wire,
}

impl Parts {
    fn build(
        config: &KmipConfig,
        options: &ClientOptions,
    ) -> Result<(Client, Parts, Origin), SetupError> {
        config.require_connection()?;
        let client = Client::new(client_config(config, options), config.servers.len())
            .map_err(SetupError::Client)?;
        let parts = Parts {
            servers: config.servers.clone(),
            settings: tls_settings(config, options.use_system_roots),
            diagnostics: Diagnostics::new(),
            wire: Wire::new(options.wire),
        };
        Ok((client, parts, Origin::now()))
    }

    fn check_credentials(&self) -> Result<(), CredentialsError> {
        ClientTls::load(&self.settings).map(|_| ())
    }
}

/// A blocking KMIP client over TLS, built from a [`KmipConfig`]. It dereferences to the
/// core's [`BlockingClient`], whose typed operations it offers (`get`, `locate`,
/// `create_symmetric_key`, `run(&op)`, …).
pub struct KmipClient {
    inner: BlockingTlsClient,
    parts: Parts,
}

impl KmipClient {
    /// A client for `config` with the default [`ClientOptions`]. Fails when the
    /// configuration has no server or no client certificate; the files are read only when
    /// connecting (see [`check_credentials`](Self::check_credentials)).
    pub fn new(config: &KmipConfig) -> Result<Self, SetupError> {
        Self::with_options(config, &ClientOptions::default())
    }

    /// A client for `config` with these options.
    pub fn with_options(config: &KmipConfig, options: &ClientOptions) -> Result<Self, SetupError> {
        let (client, parts, origin) = Parts::build(config, options)?;
        let connector = TlsConnector::new(parts.servers.clone(), parts.settings.clone(), origin)
            .with_wire(parts.wire.clone());
        let parts = Parts {
            diagnostics: connector.diagnostics().clone(),
            ..parts
        };
        let inner = BlockingClient::with_buffers(
            client,
            connector,
            StdClock::new(origin),
            options.tx_buffer,
            options.rx_buffer,
        );
        Ok(KmipClient { inner, parts })
    }

    /// Reads the CA, certificate and key files now, as a connection would: a missing file,
    /// a key that does not match, or a wrong password shows here, before any server is tried.
    pub fn check_credentials(&self) -> Result<(), CredentialsError> {
        self.parts.check_credentials()
    }

    /// The servers, in the order they are tried.
    pub fn servers(&self) -> &[ServerAddr] {
        &self.parts.servers
    }

    /// The failed attempts of the last operation (also when it succeeded in the end), with
    /// each server's `host:port` and the transport's detail.
    pub fn attempts(&self) -> Vec<AttemptDetail> {
        attempt_details(
            self.inner.report(),
            &self.parts.servers,
            &self.parts.diagnostics,
        )
    }

    /// The core's report of the last operation.
    pub fn report(&self) -> &Report {
        self.inner.report()
    }

    /// The log of detailed transport failures.
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.parts.diagnostics
    }

    /// The tap (`--trace`, and the responses recorded when [`WireOptions::record`] is on).
    pub fn wire(&self) -> &Wire {
        &self.parts.wire
    }

    /// The core's client.
    pub fn into_inner(self) -> BlockingTlsClient {
        self.inner
    }
}

impl Deref for KmipClient {
    type Target = BlockingTlsClient;
    fn deref(&self) -> &BlockingTlsClient {
        &self.inner
    }
}

impl DerefMut for KmipClient {
    fn deref_mut(&mut self) -> &mut BlockingTlsClient {
        &mut self.inner
    }
}

/// An async KMIP client over TLS on smol (async-io), built from a [`KmipConfig`]. It
/// dereferences to the core's [`AsyncClient`] (`kmip.get("1").await`, …).
pub struct AsyncKmipClient {
    inner: AsyncTlsClient,
    parts: Parts,
}

impl AsyncKmipClient {
    /// A client for `config` with the default [`ClientOptions`].
    pub fn new(config: &KmipConfig) -> Result<Self, SetupError> {
        Self::with_options(config, &ClientOptions::default())
    }

    /// A client for `config` with these options.
    pub fn with_options(config: &KmipConfig, options: &ClientOptions) -> Result<Self, SetupError> {
        let (client, parts, origin) = Parts::build(config, options)?;
        let connector =
            AsyncTlsConnector::new(parts.servers.clone(), parts.settings.clone(), origin)
                .with_wire(parts.wire.clone());
        let parts = Parts {
            diagnostics: connector.diagnostics().clone(),
            ..parts
        };
        let inner = AsyncClient::with_buffers(
            client,
            connector,
            SmolClock::new(origin),
            options.tx_buffer,
            options.rx_buffer,
        );
        Ok(AsyncKmipClient { inner, parts })
    }

    /// Reads the CA, certificate and key files now (see [`KmipClient::check_credentials`]).
    pub fn check_credentials(&self) -> Result<(), CredentialsError> {
        self.parts.check_credentials()
    }

    /// The servers, in the order they are tried.
    pub fn servers(&self) -> &[ServerAddr] {
        &self.parts.servers
    }

    /// The failed attempts of the last operation, with names and transport details.
    pub fn attempts(&self) -> Vec<AttemptDetail> {
        attempt_details(
            self.inner.report(),
            &self.parts.servers,
            &self.parts.diagnostics,
        )
    }

    /// The log of detailed transport failures.
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.parts.diagnostics
    }

    /// The tap.
    pub fn wire(&self) -> &Wire {
        &self.parts.wire
    }

    /// The core's client.
    pub fn into_inner(self) -> AsyncTlsClient {
        self.inner
    }
}

impl Deref for AsyncKmipClient {
    type Target = AsyncTlsClient;
    fn deref(&self) -> &AsyncTlsClient {
        &self.inner
    }
}

impl DerefMut for AsyncKmipClient {
    fn deref_mut(&mut self) -> &mut AsyncTlsClient {
        &mut self.inner
    }
}
