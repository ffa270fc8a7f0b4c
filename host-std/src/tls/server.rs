//! The server side, for the development KMIP server and tests: a rustls configuration that
//! requires client certificates signed by a given CA, and the client's identity (the subject
//! CN, which KMIP servers such as PyKMIP use as the object owner).

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::CertificateDer;
use rustls::server::WebPkiClientVerifier;
use rustls::sign::SingleCertAndKey;
use rustls::{CommonState, ServerConfig};
use x509_cert::der::Decode;

use super::credentials::{
    load_server_credentials, trust_store_for, Credentials, CredentialsError, FileRole,
};
use super::{crypto_provider, PROTOCOL_VERSIONS};

/// A rustls server configuration (ring, TLS 1.3 and 1.2) presenting `credentials` and
/// requiring a client certificate that chains to one of `client_cas`.
pub fn server_config(
    credentials: &Credentials,
    client_cas: &[CertificateDer<'static>],
) -> Result<Arc<ServerConfig>, CredentialsError> {
    let mut roots = rustls::RootCertStore::empty();
    for (i, ca) in client_cas.iter().enumerate() {
        roots
            .add(ca.clone())
            .map_err(|e| CredentialsError::InvalidCertificate {
                role: FileRole::ClientCa,
                path: "<memory>".into(),
                index: i + 1,
                detail: e.to_string(),
            })?;
    }
    build(credentials, roots)
}

/// [`server_config`] from files: the server chain (with its key, or the key in `key_file`)
/// and a PEM bundle of the CAs that sign client certificates.
pub fn server_config_from_files(
    certificate_file: &Path,
    key_file: Option<&Path>,
    client_ca_file: &Path,
) -> Result<Arc<ServerConfig>, CredentialsError> {
    let credentials = load_server_credentials(certificate_file, key_file, None)?;
    let roots = trust_store_for(Some(client_ca_file), false, FileRole::ClientCa)?;
    build(&credentials, roots)
}

fn build(
    credentials: &Credentials,
    roots: rustls::RootCertStore,
) -> Result<Arc<ServerConfig>, CredentialsError> {
    let config_err = |detail: String| CredentialsError::Config { detail };
    let provider = crypto_provider();
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| config_err(e.to_string()))?;
    let certified = credentials.certified_key()?;
    let config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(PROTOCOL_VERSIONS)
        .map_err(|e| config_err(e.to_string()))?
        .with_client_cert_verifier(verifier)
        .with_cert_resolver(Arc::new(SingleCertAndKey::from(certified)));
    Ok(Arc::new(config))
}

/// Why the client's identity could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PeerIdentityError {
    /// The peer presented no certificate (or the handshake is not done).
    NoCertificate,
    /// The certificate does not parse as X.509.
    Malformed(String),
    /// The subject has no common name.
    NoCommonName,
}

impl fmt::Display for PeerIdentityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeerIdentityError::NoCertificate => f.write_str("the client presented no certificate"),
            PeerIdentityError::Malformed(e) => {
                write!(f, "the client certificate cannot be parsed: {e}")
            }
            PeerIdentityError::NoCommonName => {
                f.write_str("the client certificate subject has no common name (CN)")
            }
        }
    }
}

impl std::error::Error for PeerIdentityError {}

/// The subject common name (CN) of a certificate; the first one if there are several.
pub fn certificate_common_name(cert: &CertificateDer<'_>) -> Result<String, PeerIdentityError> {
    let parsed = x509_cert::Certificate::from_der(cert.as_ref())
        .map_err(|e| PeerIdentityError::Malformed(e.to_string()))?;
    match parsed.tbs_certificate().subject().common_name() {
        Ok(Some(cn)) => Ok(cn.value().into_owned()),
        Ok(None) => Err(PeerIdentityError::NoCommonName),
        Err(e) => Err(PeerIdentityError::Malformed(e.to_string())),
    }
}

/// The subject CN of the peer's end-entity certificate on an established connection (server
/// side: the client's identity, the KMIP object owner).
pub fn peer_common_name(connection: &CommonState) -> Result<String, PeerIdentityError> {
    let certs = connection
        .peer_certificates()
        .ok_or(PeerIdentityError::NoCertificate)?;
    let leaf = certs.first().ok_or(PeerIdentityError::NoCertificate)?;
    certificate_common_name(leaf)
}
