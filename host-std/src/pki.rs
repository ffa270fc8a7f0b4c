//! A test and development PKI, generated with rcgen: a CA, an ECDSA P-256 server certificate
//! and a client certificate (CN `john_doe` by default, `extendedKeyUsage=clientAuth`), written
//! as PEM files that kmipkit, PSMDB-style configurations and PyKMIP all read.
//!
//! **Not for production**: the keys are generated on this machine for testing and trying
//! kmipkit out, and the encrypted key uses a light PBKDF2 iteration count (see
//! [`TEST_KEY_PBKDF2_ITERATIONS`]).
//!
//! Every key is ECDSA P-256: PyKMIP's TLS 1.2 server offers AEAD (GCM) suites only with an
//! ECDSA certificate, and rustls implements no CBC suite.
//!
//! # Files written by [`TestPki::write`] / [`write_test_pki`]
//!
//! | file | contents | mode |
//! |---|---|---|
//! | `ca.pem` | the CA certificate (`serverCAFile`; PyKMIP `ca_path`) | 0644 |
//! | `server.pem` | the server certificate (valid for `localhost`, `127.0.0.1`, `::1` and any extra names; PyKMIP `certificate_path`) | 0644 |
//! | `server-key.pem` | the server key, PKCS#8 (PyKMIP `key_path`) | 0600 |
//! | `client.pem` | the client certificate **and** its PKCS#8 key (PSMDB `clientCertificateFile`) | 0600 |
//! | `client-cert.pem` | the client certificate only | 0644 |
//! | `client-key.pem` | the client key only, PKCS#8 | 0600 |
//! | `client-key.enc.pem` | the client key, encrypted PKCS#8 (PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC) with the password given | 0600 |
//! | `other-client.pem` | a second client identity from the same CA (CN `jane_doe` by default), certificate and key: another owner, for access-control tests | 0600 |
//!
//! A chain here is the end-entity certificate alone: the CA is the direct issuer, and peers
//! trust it through `ca.pem`. Existing files are overwritten.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose, SanType, PKCS_ECDSA_P256_SHA256,
};
use ring::rand::SecureRandom;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use zeroize::Zeroizing;

use crate::tls::credentials::Credentials;

/// The client certificate's CN when none is chosen (PyKMIP's documentation uses it too).
pub const DEFAULT_CLIENT_CN: &str = "john_doe";

/// The CN of the second client identity (`other-client.pem`) when none is chosen.
pub const DEFAULT_OTHER_CLIENT_CN: &str = "jane_doe";

/// PBKDF2 iterations of the encrypted test key: OpenSSL's `pkcs8 -topk8` default. The key is
/// decrypted on every connection, and test builds are unoptimised; production keys should
/// use far more.
pub const TEST_KEY_PBKDF2_ITERATIONS: u32 = 2048;

const CA_VALIDITY_DAYS: i64 = 3650;
const LEAF_VALIDITY_DAYS: i64 = 1825;

/// Why the PKI could not be generated or written.
#[derive(Debug)]
#[non_exhaustive]
pub enum PkiError {
    /// rcgen failed (key generation, certificate encoding).
    Generate {
        /// What was being made.
        what: String,
        /// rcgen's error.
        source: rcgen::Error,
    },
    /// A name cannot go into a certificate.
    InvalidName {
        /// The name.
        name: String,
        /// Why.
        reason: String,
    },
    /// The key could not be encrypted.
    Encrypt {
        /// What went wrong.
        detail: String,
    },
    /// The system random number generator failed.
    Random,
    /// A file could not be written.
    Write {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
}

impl fmt::Display for PkiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PkiError::Generate { what, source } => write!(f, "cannot generate {what}: {source}"),
            PkiError::InvalidName { name, reason } => {
                write!(f, "'{name}' cannot go into a certificate: {reason}")
            }
            PkiError::Encrypt { detail } => write!(f, "cannot encrypt the private key: {detail}"),
            PkiError::Random => f.write_str("the system random number generator failed"),
            PkiError::Write { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for PkiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PkiError::Generate { source, .. } => Some(source),
            PkiError::Write { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn generate_err(what: impl Into<String>) -> impl FnOnce(rcgen::Error) -> PkiError {
    let what = what.into();
    move |source| PkiError::Generate { what, source }
}

fn validity(params: &mut CertificateParams, days: i64) {
    let now = time::OffsetDateTime::now_utc();
    // A day of slack for clocks that disagree a little.
    params.not_before = now - time::Duration::days(1);
    params.not_after = now + time::Duration::days(days);
}

fn new_key(what: &str) -> Result<KeyPair, PkiError> {
    KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(generate_err(format!("the {what} key")))
}

/// A certificate authority that issues test certificates.
pub struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
    common_name: String,
}

impl fmt::Debug for TestCa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestCa")
            .field("common_name", &self.common_name)
            .finish_non_exhaustive()
    }
}

impl TestCa {
    /// A new self-signed CA (ECDSA P-256) named `common_name`. Two CAs with different names are
    /// unrelated: certificates of one do not verify against the other (the "wrong CA" case).
    pub fn generate(common_name: &str) -> Result<TestCa, PkiError> {
        let mut params = CertificateParams::default();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(DnType::CommonName, common_name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        validity(&mut params, CA_VALIDITY_DAYS);
        let key = new_key("CA")?;
        let issuer = CertifiedIssuer::self_signed(params, key)
            .map_err(generate_err("the CA certificate"))?;
        Ok(TestCa {
            issuer,
            common_name: common_name.to_owned(),
        })
    }

    /// The CA's common name.
    pub fn common_name(&self) -> &str {
        &self.common_name
    }

    /// The CA certificate, PEM.
    pub fn cert_pem(&self) -> String {
        self.issuer.pem()
    }

    /// The CA certificate, DER.
    pub fn cert_der(&self) -> CertificateDer<'static> {
        self.issuer.der().clone()
    }

    fn leaf_params(&self, common_name: &str) -> CertificateParams {
        let mut params = CertificateParams::default();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(DnType::CommonName, common_name);
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.use_authority_key_identifier_extension = true;
        validity(&mut params, LEAF_VALIDITY_DAYS);
        params
    }

    /// A server certificate (ECDSA P-256, `serverAuth`) valid for `dns_names` and `ips`; its
    /// CN is the first DNS name (or address).
    pub fn issue_server(&self, dns_names: &[&str], ips: &[IpAddr]) -> Result<Identity, PkiError> {
        let cn = dns_names
            .first()
            .map(|s| s.to_string())
            .or_else(|| ips.first().map(|ip| ip.to_string()))
            .unwrap_or_else(|| "kmipkit test server".to_owned());
        let mut params = self.leaf_params(&cn);
        for name in dns_names {
            let ia5 = (*name)
                .try_into()
                .map_err(|e: rcgen::Error| PkiError::InvalidName {
                    name: (*name).to_owned(),
                    reason: e.to_string(),
                })?;
            params.subject_alt_names.push(SanType::DnsName(ia5));
        }
        for ip in ips {
            params.subject_alt_names.push(SanType::IpAddress(*ip));
        }
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let key = new_key("server")?;
        let cert = params
            .signed_by(&key, &self.issuer)
            .map_err(generate_err("the server certificate"))?;
        Ok(Identity::new(cert, key))
    }

    /// A client certificate (ECDSA P-256, `clientAuth`) with subject CN `common_name`: the
    /// identity (object owner) a KMIP server such as PyKMIP sees.
    pub fn issue_client(&self, common_name: &str) -> Result<Identity, PkiError> {
        let key = new_key("client")?;
        self.issue_client_for(common_name, key)
    }

    /// A client certificate for an existing PKCS#8 key in PEM (ECDSA P-256/P-384, Ed25519, or
    /// RSA made elsewhere, e.g. by `openssl genpkey`).
    pub fn issue_client_for_key(
        &self,
        common_name: &str,
        key_pkcs8_pem: &str,
    ) -> Result<Identity, PkiError> {
        let key = KeyPair::from_pem(key_pkcs8_pem).map_err(generate_err("the client key"))?;
        self.issue_client_for(common_name, key)
    }

    fn issue_client_for(&self, common_name: &str, key: KeyPair) -> Result<Identity, PkiError> {
        if common_name.is_empty() {
            return Err(PkiError::InvalidName {
                name: String::new(),
                reason: "the client CN is empty".into(),
            });
        }
        let mut params = self.leaf_params(common_name);
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        let cert = params
            .signed_by(&key, &self.issuer)
            .map_err(generate_err("the client certificate"))?;
        Ok(Identity::new(cert, key))
    }
}

/// A CA unrelated to any other, for "wrong CA" tests.
pub fn unrelated_ca() -> Result<TestCa, PkiError> {
    TestCa::generate("kmipkit unrelated test CA")
}

/// An issued certificate and its private key.
pub struct Identity {
    cert_pem: String,
    cert_der: CertificateDer<'static>,
    key: Zeroizing<KeyPair>,
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Identity")
            .field("cert_pem", &self.cert_pem)
            .field("key", &"<redacted>")
            .finish()
    }
}

impl Identity {
    fn new(cert: rcgen::Certificate, key: KeyPair) -> Identity {
        Identity {
            cert_pem: cert.pem(),
            cert_der: cert.der().clone(),
            key: Zeroizing::new(key),
        }
    }

    /// The certificate chain, PEM (the end-entity certificate: the CA is its direct issuer).
    pub fn cert_pem(&self) -> &str {
        &self.cert_pem
    }

    /// The certificate, DER.
    pub fn cert_der(&self) -> &CertificateDer<'static> {
        &self.cert_der
    }

    /// The private key, PKCS#8 PEM (`BEGIN PRIVATE KEY`).
    pub fn key_pem(&self) -> Zeroizing<String> {
        Zeroizing::new(self.key.serialize_pem())
    }

    /// The private key, PKCS#8 DER. Zeroize it when done (it implements `Zeroize`).
    pub fn key_der(&self) -> PrivateKeyDer<'static> {
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key.serialize_der()))
    }

    /// Certificate chain then key, in one PEM: PSMDB's `clientCertificateFile` layout.
    pub fn chain_and_key_pem(&self) -> Zeroizing<String> {
        let key = self.key_pem();
        let mut out = Zeroizing::new(String::with_capacity(self.cert_pem.len() + key.len() + 1));
        out.push_str(&self.cert_pem);
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&key);
        out
    }

    /// The private key as encrypted PKCS#8 PEM (`BEGIN ENCRYPTED PRIVATE KEY`): PBES2 with
    /// PBKDF2-HMAC-SHA256 ([`TEST_KEY_PBKDF2_ITERATIONS`]) and AES-256-CBC, random salt and IV.
    pub fn encrypted_key_pem(&self, password: &str) -> Result<String, PkiError> {
        let encrypt_err = |e: &dyn fmt::Display| PkiError::Encrypt {
            detail: e.to_string(),
        };
        let rng = ring::rand::SystemRandom::new();
        let mut salt = [0u8; 16];
        let mut iv = [0u8; 16];
        rng.fill(&mut salt).map_err(|_| PkiError::Random)?;
        rng.fill(&mut iv).map_err(|_| PkiError::Random)?;
        let params = pkcs8::pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(
            TEST_KEY_PBKDF2_ITERATIONS,
            &salt,
            iv,
        )
        .map_err(|e| encrypt_err(&e))?;
        let der = Zeroizing::new(self.key.serialize_der());
        let info =
            pkcs8::PrivateKeyInfoRef::try_from(der.as_slice()).map_err(|e| encrypt_err(&e))?;
        let encrypted = info
            .encrypt_with_params(params, password.as_bytes())
            .map_err(|e| encrypt_err(&e))?;
        let pem = encrypted
            .to_pem("ENCRYPTED PRIVATE KEY", pkcs8::LineEnding::LF)
            .map_err(|e| encrypt_err(&e))?;
        Ok(pem.to_string())
    }

    /// The chain and key as [`Credentials`], e.g. for [`crate::tls::server::server_config`].
    pub fn credentials(&self) -> Credentials {
        Credentials::from_parts(vec![self.cert_der.clone()], self.key_der())
    }
}

/// What to put in a [`TestPki`].
#[derive(Clone, Debug)]
pub struct PkiOptions {
    /// The client certificate's CN (default [`DEFAULT_CLIENT_CN`]).
    pub client_cn: String,
    /// The CN of the second client identity (default [`DEFAULT_OTHER_CLIENT_CN`]).
    pub other_client_cn: String,
    /// DNS names in the server certificate (default `localhost`).
    pub server_dns_names: Vec<String>,
    /// IP addresses in the server certificate (default `127.0.0.1` and `::1`).
    pub server_ips: Vec<IpAddr>,
}

impl Default for PkiOptions {
    fn default() -> Self {
        PkiOptions {
            client_cn: DEFAULT_CLIENT_CN.to_owned(),
            other_client_cn: DEFAULT_OTHER_CLIENT_CN.to_owned(),
            server_dns_names: vec!["localhost".to_owned()],
            server_ips: vec![
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(Ipv6Addr::LOCALHOST),
            ],
        }
    }
}

/// A CA with one server and two client identities.
#[derive(Debug)]
pub struct TestPki {
    /// The CA that signed them.
    pub ca: TestCa,
    /// The server certificate and key.
    pub server: Identity,
    /// The client certificate and key.
    pub client: Identity,
    /// A second client identity (another owner on a KMIP server), from the same CA.
    pub other_client: Identity,
}

impl TestPki {
    /// Generates a CA ("kmipkit test CA"), a server and two client identities.
    pub fn generate(options: &PkiOptions) -> Result<TestPki, PkiError> {
        let ca = TestCa::generate("kmipkit test CA")?;
        let names: Vec<&str> = options
            .server_dns_names
            .iter()
            .map(String::as_str)
            .collect();
        let server = ca.issue_server(&names, &options.server_ips)?;
        let client = ca.issue_client(&options.client_cn)?;
        let other_client = ca.issue_client(&options.other_client_cn)?;
        Ok(TestPki {
            ca,
            server,
            client,
            other_client,
        })
    }

    /// Writes the files listed in the [module documentation](self) into `dir` (created if
    /// needed), the encrypted client key under `password`.
    pub fn write(&self, dir: &Path, password: &str) -> Result<PkiPaths, PkiError> {
        fs::create_dir_all(dir).map_err(|source| PkiError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        let paths = PkiPaths::in_dir(dir);
        write_file(&paths.ca, self.ca.cert_pem().as_bytes(), false)?;
        write_file(&paths.server_cert, self.server.cert_pem().as_bytes(), false)?;
        write_file(&paths.server_key, self.server.key_pem().as_bytes(), true)?;
        write_file(
            &paths.client,
            self.client.chain_and_key_pem().as_bytes(),
            true,
        )?;
        write_file(&paths.client_cert, self.client.cert_pem().as_bytes(), false)?;
        write_file(&paths.client_key, self.client.key_pem().as_bytes(), true)?;
        let encrypted = self.client.encrypted_key_pem(password)?;
        write_file(&paths.client_key_encrypted, encrypted.as_bytes(), true)?;
        write_file(
            &paths.other_client,
            self.other_client.chain_and_key_pem().as_bytes(),
            true,
        )?;
        Ok(paths)
    }
}

/// Where [`TestPki::write`] puts each file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PkiPaths {
    /// The directory.
    pub dir: PathBuf,
    /// `ca.pem`.
    pub ca: PathBuf,
    /// `server.pem`: the server certificate.
    pub server_cert: PathBuf,
    /// `server-key.pem`: the server key.
    pub server_key: PathBuf,
    /// `client.pem`: client certificate and key together.
    pub client: PathBuf,
    /// `client-cert.pem`: the client certificate alone.
    pub client_cert: PathBuf,
    /// `client-key.pem`: the client key alone.
    pub client_key: PathBuf,
    /// `client-key.enc.pem`: the client key, encrypted PKCS#8.
    pub client_key_encrypted: PathBuf,
    /// `other-client.pem`: the second client identity, certificate and key together.
    pub other_client: PathBuf,
}

impl PkiPaths {
    /// The file names inside `dir` (nothing is read or written).
    pub fn in_dir(dir: &Path) -> PkiPaths {
        PkiPaths {
            dir: dir.to_path_buf(),
            ca: dir.join("ca.pem"),
            server_cert: dir.join("server.pem"),
            server_key: dir.join("server-key.pem"),
            client: dir.join("client.pem"),
            client_cert: dir.join("client-cert.pem"),
            client_key: dir.join("client-key.pem"),
            client_key_encrypted: dir.join("client-key.enc.pem"),
            other_client: dir.join("other-client.pem"),
        }
    }

    /// The files every user of the PKI needs (not the optional `other-client.pem`), for
    /// checking that a PKI is complete.
    pub fn files(&self) -> [&Path; 7] {
        [
            &self.ca,
            &self.server_cert,
            &self.server_key,
            &self.client,
            &self.client_cert,
            &self.client_key,
            &self.client_key_encrypted,
        ]
    }
}

/// Generates a PKI with the default server names (`localhost`, `127.0.0.1`, `::1`) and a
/// client certificate for `client_cn`, and writes it into `dir` (see the
/// [module documentation](self) for the files).
pub fn write_test_pki(dir: &Path, password: &str, client_cn: &str) -> Result<PkiPaths, PkiError> {
    let options = PkiOptions {
        client_cn: client_cn.to_owned(),
        ..PkiOptions::default()
    };
    TestPki::generate(&options)?.write(dir, password)
}

/// Writes `contents` to `path`; `secret` files get mode 0600 on Unix, set on the open file
/// before anything is written (also when the file already existed with a wider mode).
fn write_file(path: &Path, contents: &[u8], secret: bool) -> Result<(), PkiError> {
    let werr = |source| PkiError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if secret { 0o600 } else { 0o644 });
    }
    let mut file = options.open(path).map_err(werr)?;
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(werr)?;
    }
    #[cfg(not(unix))]
    let _ = secret;
    file.write_all(contents).map_err(werr)?;
    file.sync_all().map_err(werr)
}
