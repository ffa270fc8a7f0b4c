//! A development KMIP server, like `vault server -dev`: zero set-up for trying kmipkit, a
//! peer for demos, and a server tests can make misbehave on purpose ([`Faults`]).
//!
//! **For development and testing only.** It is still a correct KMIP server: KMIP 1.0–1.4,
//! 2.0 and 2.1 with Discover Versions; Query, Create (AES), Register (symmetric keys, secret
//! data), Get, Get Attributes, Get Attribute List, Add/Modify/Delete/Set Attribute, Locate
//! with paging, Activate, Revoke, Destroy, Encrypt and Decrypt (AES-GCM, AES-CBC), Re-key;
//! batches with the ID Placeholder; the key lifecycle of KMIP 1.4 §3.22; one owner per
//! object (the client certificate's CN).
//!
//! Two parts, so that the logic is testable without sockets:
//! - [`Engine`]: pure logic. Request bytes, the client's CN and the time in; response bytes
//!   out. It decodes requests and encodes responses with the core's message types (the ones
//!   the client uses: one implementation of the protocol, two ends) and keeps the objects in
//!   a [`Store`], optionally saved after every change ([`FileStore`]).
//! - [`DevServer`]: the listener on smol. Mutual TLS (rustls), many clients at once, bounded
//!   message size and connection count, idle connections closed, each request logged with
//!   `tracing`, faults injected on demand.
//!
//! ```no_run
//! use std::sync::Arc;
//! use kmipkit::pki::{PkiOptions, TestPki};
//! use kmipkit::server::{Config, DevServer, Engine};
//! use kmipkit::tls::server::server_config;
//!
//! let pki = TestPki::generate(&PkiOptions::default())?;
//! let tls = server_config(&pki.server.credentials(), &[pki.ca.cert_der()])?;
//! let server = DevServer::start(
//!     Config::new("127.0.0.1:0".parse()?, tls),
//!     Arc::new(Engine::new()),
//! )?;
//! println!("KMIP on {}", server.local_addr());
//! server.shutdown();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod attrs;
pub mod crypto;
mod engine;
mod fault;
mod listener;
mod ops;
pub mod persist;
mod store;

pub use engine::{
    Engine, EngineLimits, Handled, ItemSummary, SUPPORTED_VERSIONS, VENDOR_IDENTIFICATION,
};
pub use fault::{Fault, OpError};
pub use listener::{
    unix_now, AcceptMode, Config, DevServer, Faults, Limits, ServerError, Stats, ABSURD_HEADER,
    GARBAGE, LOG_TARGET,
};
pub use persist::{FileStore, PersistError, Persistence};
pub use store::{AttrKey, ManagedObject, Material, Store, StoredAttribute};
