//! TLS transport to KMIP servers: credentials, client and server configurations, and
//! blocking and async connections with one deadline per phase.
//!
//! The building blocks, in the order a connection uses them:
//! - [`credentials`]: read the client certificate chain and private key (PKCS#8, PKCS#1,
//!   SEC1, encrypted PKCS#8) and the `serverCAFile` from PEM files, with errors that name
//!   the file, what was expected and what was found. The files are read again for every new
//!   connection, so a renewed certificate needs no restart.
//! - [`ClientTls`]: the rustls 0.23 client configuration (ring provider, TLS 1.2 and 1.3,
//!   certificate and hostname/IP verification always on, SNI only for DNS names, trust =
//!   system roots plus `serverCAFile`, client authentication).
//! - [`connect`] / [`connect_async`]: resolve, try every address inside the deadline, TCP_NODELAY,
//!   TLS handshake before the deadline; they return [`TlsStream`] / [`AsyncTlsStream`], whose
//!   deadline the caller re-arms for each request/response exchange.
//! - [`server`]: a rustls server configuration that requires client certificates, and the
//!   peer certificate's subject CN (the KMIP owner), for the development server and tests.
//!
//! Every failure is a [`TransportError`] that says the phase, the server (`host:port`), the
//! address tried and the cause; TLS failures are classified into [`TlsFailure`] so that a
//! hostname mismatch and an unknown CA read differently.
//!
//! The PKCS#8/PKCS#1/SEC1 parsing is rustls-pki-types'; the PBES2 decryption is the `pkcs8`
//! crate's. Key bytes are kept in [`zeroize::Zeroizing`] wrappers.

mod async_stream;
mod blocking;
mod client;
pub mod credentials;
mod deadline;
mod error;
mod net;
pub mod server;

pub use async_stream::{connect_async, connect_async_with, AsyncDeadlineIo, AsyncTlsStream};
pub use blocking::{connect, connect_with, TlsStream};
pub use client::{ClientTls, TlsClientSettings};
pub use credentials::{CredentialsError, FileRole};
pub use deadline::DeadlineSocket;
pub use error::{ConnectAttempt, Phase, TlsFailure, TransportError};
pub use net::{format_server, resolve, tcp_connect};

use std::sync::{Arc, OnceLock};

use rustls::crypto::CryptoProvider;

/// The TLS protocol versions kmipkit speaks: 1.3 first, then 1.2 (PyKMIP offers only 1.2).
pub static PROTOCOL_VERSIONS: &[&rustls::SupportedProtocolVersion] =
    &[&rustls::version::TLS13, &rustls::version::TLS12];

/// The crypto provider every kmipkit TLS configuration uses: rustls' `ring` provider,
/// chosen explicitly so that no process-wide default has to be installed.
pub fn crypto_provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER
        .get_or_init(|| Arc::new(rustls::crypto::ring::default_provider()))
        .clone()
}
