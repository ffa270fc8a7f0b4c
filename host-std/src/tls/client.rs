//! The client TLS configuration, rebuilt from the files for each connection.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use rustls::sign::SingleCertAndKey;
use rustls::ClientConfig;
use zeroize::Zeroizing;

use super::credentials::{load_client_credentials, trust_store, CredentialsError};
use super::error::TrustNote;
use super::{crypto_provider, PROTOCOL_VERSIONS};

/// Where the client's TLS material lives: PSMDB's `serverCAFile`, `clientCertificateFile`,
/// `clientCertificatePassword`, plus kmipkit's optional separate `clientKeyFile`.
///
/// Only paths are kept: the files are read by [`ClientTls::load`] for each new connection.
#[derive(Clone)]
pub struct TlsClientSettings {
    /// Extra CAs (PEM bundle) trusted to sign the server certificate, on top of the system
    /// roots.
    pub server_ca_file: Option<PathBuf>,
    /// The client certificate chain, usually with its private key in the same PEM file.
    /// `None` means no client authentication (most KMIP servers will refuse that).
    pub client_certificate_file: Option<PathBuf>,
    /// The client private key, when it is not in `client_certificate_file`.
    pub client_key_file: Option<PathBuf>,
    /// Decrypts an encrypted PKCS#8 client key.
    pub client_certificate_password: Option<Zeroizing<String>>,
    /// Trust the system roots as well as `server_ca_file` (default `true`, as PSMDB does).
    pub use_system_roots: bool,
}

impl Default for TlsClientSettings {
    fn default() -> Self {
        TlsClientSettings {
            server_ca_file: None,
            client_certificate_file: None,
            client_key_file: None,
            client_certificate_password: None,
            use_system_roots: true,
        }
    }
}

impl fmt::Debug for TlsClientSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsClientSettings")
            .field("server_ca_file", &self.server_ca_file)
            .field("client_certificate_file", &self.client_certificate_file)
            .field("client_key_file", &self.client_key_file)
            .field(
                "client_certificate_password",
                &self
                    .client_certificate_password
                    .as_ref()
                    .map(|_| "<redacted>"),
            )
            .field("use_system_roots", &self.use_system_roots)
            .finish()
    }
}

/// A loaded client TLS configuration: rustls 0.23 (ring), TLS 1.3 and 1.2, server certificate
/// and name verification always on (webpki), SNI for DNS names only, client certificate
/// authentication with the loaded chain and key.
///
/// Build one per connection with [`ClientTls::load`] (that is what [`super::connect`] does),
/// or keep one to connect several times without reading the files again.
#[derive(Clone)]
pub struct ClientTls {
    config: Arc<ClientConfig>,
    trust: TrustNote,
}

impl fmt::Debug for ClientTls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientTls")
            .field("server_ca_file", &self.trust.server_ca_file)
            .field("system_roots", &self.trust.system_roots)
            .finish_non_exhaustive()
    }
}

impl ClientTls {
    /// Reads the CA file, the certificate chain and the key now, and builds the rustls
    /// configuration.
    pub fn load(settings: &TlsClientSettings) -> Result<ClientTls, CredentialsError> {
        let roots = trust_store(
            settings.server_ca_file.as_deref(),
            settings.use_system_roots,
        )?;
        let builder = ClientConfig::builder_with_provider(crypto_provider())
            .with_protocol_versions(PROTOCOL_VERSIONS)
            .map_err(|e| CredentialsError::Config {
                detail: e.to_string(),
            })?
            .with_root_certificates(roots);
        let config = match &settings.client_certificate_file {
            Some(cert_file) => {
                let credentials = load_client_credentials(
                    cert_file,
                    settings.client_key_file.as_deref(),
                    settings
                        .client_certificate_password
                        .as_ref()
                        .map(|p| p.as_str()),
                )?;
                let certified = credentials.certified_key()?;
                builder.with_client_cert_resolver(Arc::new(SingleCertAndKey::from(certified)))
            }
            None => builder.with_no_client_auth(),
        };
        // `enable_sni` stays on: rustls sends SNI for DNS names only, never for IP addresses.
        Ok(ClientTls {
            config: Arc::new(config),
            trust: TrustNote {
                server_ca_file: settings.server_ca_file.clone(),
                system_roots: settings.use_system_roots,
            },
        })
    }

    /// Wraps a configuration built elsewhere (tests, benchmarks, special trust setups).
    /// `server_ca_file` only serves error messages.
    pub fn from_config(config: Arc<ClientConfig>, server_ca_file: Option<PathBuf>) -> ClientTls {
        ClientTls {
            config,
            trust: TrustNote {
                server_ca_file,
                system_roots: false,
            },
        }
    }

    /// The rustls configuration.
    pub fn config(&self) -> &Arc<ClientConfig> {
        &self.config
    }

    pub(crate) fn trust(&self) -> &TrustNote {
        &self.trust
    }
}
