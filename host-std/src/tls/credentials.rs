//! Certificates, private keys and CA bundles from PEM files.
//!
//! PSMDB style: one PEM file holds the client certificate chain **and** its private key
//! (`clientCertificateFile`); a separate key file is accepted as well. Keys may be PKCS#8
//! (`BEGIN PRIVATE KEY`), PKCS#1 (`BEGIN RSA PRIVATE KEY`), SEC1 (`BEGIN EC PRIVATE KEY`) or
//! encrypted PKCS#8 (`BEGIN ENCRYPTED PRIVATE KEY`, PBES2, decrypted with
//! `clientCertificatePassword` by the `pkcs8` crate). PEM sections are decoded by
//! rustls-pki-types. The CA file (`serverCAFile`) is a PEM bundle that is trusted together with
//! the system roots.
//!
//! Loading is a plain function of the files' current contents, cheap enough to call for every
//! new connection (which is what [`super::connect`] does), so a renewed certificate is picked
//! up without a restart. Private key bytes live in [`Zeroizing`] buffers and are wiped when
//! dropped.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rustls::pki_types::pem::{PemObject, SectionKind};
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::sign::CertifiedKey;
use rustls::RootCertStore;
use zeroize::Zeroizing;

/// Larger PEM files are refused (a CA bundle is a few hundred KiB; this also stops a path
/// such as `/dev/zero` from being read forever).
pub const MAX_PEM_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// What a PEM file is for. Error messages name it with the option a user knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileRole {
    /// `clientCertificateFile`: the client chain, usually with its key.
    ClientCertificate,
    /// `clientKeyFile`: the client key when it is kept apart.
    ClientKey,
    /// `serverCAFile`: extra CAs trusted to sign KMIP server certificates.
    ServerCa,
    /// A server's certificate chain (development server, tests).
    ServerCertificate,
    /// A server's private key.
    ServerKey,
    /// The CAs a server trusts to sign client certificates.
    ClientCa,
}

impl FileRole {
    fn is_client_side(self) -> bool {
        matches!(self, FileRole::ClientCertificate | FileRole::ClientKey)
    }
}

impl fmt::Display for FileRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileRole::ClientCertificate => "client certificate file",
            FileRole::ClientKey => "client key file",
            FileRole::ServerCa => "serverCAFile",
            FileRole::ServerCertificate => "server certificate file",
            FileRole::ServerKey => "server key file",
            FileRole::ClientCa => "client CA file",
        })
    }
}

/// A certificate, key or CA file that cannot be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum CredentialsError {
    /// The file cannot be opened or read.
    Read {
        /// What the file is for.
        role: FileRole,
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// The file is larger than [`MAX_PEM_FILE_SIZE`].
    TooLarge {
        /// What the file is for.
        role: FileRole,
        /// The file.
        path: PathBuf,
    },
    /// The file has a PEM syntax or base64 error.
    Malformed {
        /// What the file is for.
        role: FileRole,
        /// The file.
        path: PathBuf,
        /// The decoder's message.
        detail: String,
    },
    /// The file holds no `CERTIFICATE` block.
    NoCertificate {
        /// What the file is for.
        role: FileRole,
        /// The file.
        path: PathBuf,
        /// What the file holds instead.
        found: String,
    },
    /// The file holds no private key.
    NoPrivateKey {
        /// What the file is for.
        role: FileRole,
        /// The file.
        path: PathBuf,
        /// What the file holds instead.
        found: String,
    },
    /// The file holds more than one private key, so which one to use is unclear.
    SeveralPrivateKeys {
        /// What the file is for.
        role: FileRole,
        /// The file.
        path: PathBuf,
        /// How many.
        count: usize,
    },
    /// The key is encrypted and no password was given.
    PasswordRequired {
        /// What the file is for.
        role: FileRole,
        /// The file.
        path: PathBuf,
    },
    /// The password does not decrypt the key.
    WrongPassword {
        /// What the file is for.
        role: FileRole,
        /// The file.
        path: PathBuf,
    },
    /// The key is encrypted with a scheme we cannot decrypt (legacy OpenSSL PEM encryption,
    /// PBES1, an unknown cipher).
    UnsupportedEncryption {
        /// What the file is for.
        role: FileRole,
        /// The file.
        path: PathBuf,
        /// Which scheme, as far as known.
        detail: String,
    },
    /// The key decodes but cannot sign (unsupported algorithm or curve, malformed inside).
    UnusableKey {
        /// What the file is for.
        role: FileRole,
        /// The file.
        path: PathBuf,
        /// rustls' reason.
        detail: String,
    },
    /// A certificate in the file cannot be parsed or used.
    InvalidCertificate {
        /// What the file is for.
        role: FileRole,
        /// The file.
        path: PathBuf,
        /// 1-based position of the certificate in the file.
        index: usize,
        /// The parser's reason.
        detail: String,
    },
    /// The private key does not belong to the first certificate of the chain.
    KeyMismatch {
        /// The file holding the chain.
        certificate_file: PathBuf,
        /// The file holding the key.
        key_file: PathBuf,
    },
    /// Nothing would be trusted: no system roots are used or found, and no CA file is set.
    NoTrustAnchors,
    /// rustls refused to build the configuration (should not happen with kmipkit's settings).
    Config {
        /// rustls' reason.
        detail: String,
    },
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use CredentialsError as E;
        match self {
            E::Read { role, path, source } => {
                write!(f, "cannot read {role} {}: {source}", path.display())
            }
            E::TooLarge { role, path } => write!(
                f,
                "{role} {} is larger than {MAX_PEM_FILE_SIZE} bytes: not a PEM file",
                path.display()
            ),
            E::Malformed { role, path, detail } => {
                write!(f, "{role} {} is not valid PEM: {detail}", path.display())
            }
            E::NoCertificate { role, path, found } => write!(
                f,
                "no certificate in {role} {} (expected PEM '-----BEGIN CERTIFICATE-----' \
                 blocks; found {found})",
                path.display()
            ),
            E::NoPrivateKey { role, path, found } => {
                write!(
                    f,
                    "{role} {} holds no private key (expected a PEM 'PRIVATE KEY', \
                     'RSA PRIVATE KEY', 'EC PRIVATE KEY' or 'ENCRYPTED PRIVATE KEY' block; \
                     found {found})",
                    path.display()
                )?;
                if *role == FileRole::ClientCertificate {
                    f.write_str(
                        "; put the key in the same file as the certificate chain, \
                         or name it with clientKeyFile",
                    )?;
                }
                Ok(())
            }
            E::SeveralPrivateKeys { role, path, count } => write!(
                f,
                "{role} {} holds {count} private keys: keep exactly one",
                path.display()
            ),
            E::PasswordRequired { role, path } => {
                write!(f, "the private key in {} is encrypted: ", path.display())?;
                if role.is_client_side() {
                    f.write_str("set clientCertificatePassword")
                } else {
                    f.write_str("a password is needed")
                }
            }
            E::WrongPassword { role, path } => {
                write!(
                    f,
                    "wrong password for the encrypted private key in {}",
                    path.display()
                )?;
                if role.is_client_side() {
                    f.write_str(" (clientCertificatePassword)")?;
                }
                Ok(())
            }
            E::UnsupportedEncryption { path, detail, .. } => write!(
                f,
                "the private key in {} is encrypted with a scheme kmipkit cannot decrypt \
                 ({detail}); re-encrypt it as PKCS#8 with `openssl pkcs8 -topk8 -v2 aes-256-cbc \
                 -v2prf hmacWithSHA256`",
                path.display()
            ),
            E::UnusableKey { path, detail, .. } => write!(
                f,
                "the private key in {} cannot be used: {detail}",
                path.display()
            ),
            E::InvalidCertificate {
                role,
                path,
                index,
                detail,
            } => write!(
                f,
                "certificate #{index} in {role} {} cannot be used: {detail}",
                path.display()
            ),
            E::KeyMismatch {
                certificate_file,
                key_file,
            } => write!(
                f,
                "the private key in {} does not belong to the first certificate in {}",
                key_file.display(),
                certificate_file.display()
            ),
            E::NoTrustAnchors => f.write_str(
                "no trusted CA: the system roots are empty or not used, and serverCAFile is not set",
            ),
            E::Config { detail } => write!(f, "cannot build the TLS configuration: {detail}"),
        }
    }
}

impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CredentialsError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A certificate chain (end entity first) and its private key.
pub struct Credentials {
    chain: Vec<CertificateDer<'static>>,
    key: Zeroizing<PrivateKeyDer<'static>>,
    certificate_file: PathBuf,
    key_file: PathBuf,
    cert_role: FileRole,
    key_role: FileRole,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("chain_len", &self.chain.len())
            .field("key", &"<redacted>")
            .field("certificate_file", &self.certificate_file)
            .field("key_file", &self.key_file)
            .finish()
    }
}

impl Credentials {
    /// Credentials from memory (the test PKI, a development server). Errors about them name
    /// the file `<memory>`.
    pub fn from_parts(chain: Vec<CertificateDer<'static>>, key: PrivateKeyDer<'static>) -> Self {
        Credentials {
            chain,
            key: Zeroizing::new(key),
            certificate_file: PathBuf::from("<memory>"),
            key_file: PathBuf::from("<memory>"),
            cert_role: FileRole::ClientCertificate,
            key_role: FileRole::ClientKey,
        }
    }

    /// The certificate chain, end entity first.
    pub fn chain(&self) -> &[CertificateDer<'static>] {
        &self.chain
    }

    /// The private key (zeroized when the credentials are dropped).
    pub fn private_key(&self) -> &PrivateKeyDer<'static> {
        &self.key
    }

    /// The file the chain came from.
    pub fn certificate_file(&self) -> &Path {
        &self.certificate_file
    }

    /// The file the key came from (the certificate file when they share one).
    pub fn key_file(&self) -> &Path {
        &self.key_file
    }

    /// Parses the key for signing (ring) and checks that it belongs to the end-entity
    /// certificate.
    pub fn certified_key(&self) -> Result<Arc<CertifiedKey>, CredentialsError> {
        let signing_key =
            rustls::crypto::ring::sign::any_supported_type(&self.key).map_err(|e| {
                CredentialsError::UnusableKey {
                    role: self.key_role,
                    path: self.key_file.clone(),
                    detail: e.to_string(),
                }
            })?;
        let certified = CertifiedKey::new(self.chain.clone(), signing_key);
        match certified.keys_match() {
            Ok(()) | Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::Unknown)) => {
                Ok(Arc::new(certified))
            }
            Err(rustls::Error::InconsistentKeys(_)) => Err(CredentialsError::KeyMismatch {
                certificate_file: self.certificate_file.clone(),
                key_file: self.key_file.clone(),
            }),
            Err(e) => Err(CredentialsError::InvalidCertificate {
                role: self.cert_role,
                path: self.certificate_file.clone(),
                index: 1,
                detail: e.to_string(),
            }),
        }
    }
}

/// Loads the client certificate chain and key: from `certificate_file` alone (PSMDB: one PEM
/// with chain and key), or the key from `key_file`. `password` decrypts an encrypted PKCS#8
/// key and is ignored for a plain one.
pub fn load_client_credentials(
    certificate_file: &Path,
    key_file: Option<&Path>,
    password: Option<&str>,
) -> Result<Credentials, CredentialsError> {
    load_credentials(
        certificate_file,
        key_file,
        password,
        FileRole::ClientCertificate,
        FileRole::ClientKey,
    )
}

/// Loads a server certificate chain and key, as [`load_client_credentials`] does.
pub fn load_server_credentials(
    certificate_file: &Path,
    key_file: Option<&Path>,
    password: Option<&str>,
) -> Result<Credentials, CredentialsError> {
    load_credentials(
        certificate_file,
        key_file,
        password,
        FileRole::ServerCertificate,
        FileRole::ServerKey,
    )
}

fn load_credentials(
    certificate_file: &Path,
    key_file: Option<&Path>,
    password: Option<&str>,
    cert_role: FileRole,
    key_role: FileRole,
) -> Result<Credentials, CredentialsError> {
    let cert_bytes = read_pem_file(certificate_file, cert_role)?;
    let cert_pem = parse_pem(&cert_bytes, cert_role, certificate_file)?;
    if cert_pem.certs.is_empty() {
        return Err(CredentialsError::NoCertificate {
            role: cert_role,
            path: certificate_file.to_path_buf(),
            found: cert_pem.found,
        });
    }
    let (key, key_path, role) = match key_file {
        Some(kf) if kf != certificate_file => {
            let key_bytes = read_pem_file(kf, key_role)?;
            let key_pem = parse_pem(&key_bytes, key_role, kf)?;
            (take_key(key_pem, key_role, kf, password)?, kf, key_role)
        }
        _ => {
            let certs = cert_pem.certs.clone();
            let key = take_key(cert_pem, cert_role, certificate_file, password)?;
            return Ok(Credentials {
                chain: certs,
                key,
                certificate_file: certificate_file.to_path_buf(),
                key_file: certificate_file.to_path_buf(),
                cert_role,
                key_role: cert_role,
            });
        }
    };
    Ok(Credentials {
        chain: cert_pem.certs,
        key,
        certificate_file: certificate_file.to_path_buf(),
        key_file: key_path.to_path_buf(),
        cert_role,
        key_role: role,
    })
}

/// Reads every certificate of a PEM bundle (a CA file). At least one is required.
pub fn load_ca_certificates(
    path: &Path,
    role: FileRole,
) -> Result<Vec<CertificateDer<'static>>, CredentialsError> {
    let bytes = read_pem_file(path, role)?;
    let pem = parse_pem(&bytes, role, path)?;
    if pem.certs.is_empty() {
        return Err(CredentialsError::NoCertificate {
            role,
            path: path.to_path_buf(),
            found: pem.found,
        });
    }
    Ok(pem.certs)
}

/// The system's trusted roots (rustls-native-certs: `SSL_CERT_FILE`/`SSL_CERT_DIR` or the
/// platform store), read once per process and then shared. Unreadable entries are skipped.
pub fn system_roots() -> Arc<RootCertStore> {
    static ROOTS: OnceLock<Arc<RootCertStore>> = OnceLock::new();
    ROOTS
        .get_or_init(|| {
            let mut store = RootCertStore::empty();
            let found = rustls_native_certs::load_native_certs();
            store.add_parsable_certificates(found.certs);
            Arc::new(store)
        })
        .clone()
}

/// The trust store for server certificates: the system roots (when `use_system_roots`) plus
/// every certificate of `server_ca_file`. A certificate of the CA file that cannot be a trust
/// anchor is an error rather than silently skipped.
pub fn trust_store(
    server_ca_file: Option<&Path>,
    use_system_roots: bool,
) -> Result<RootCertStore, CredentialsError> {
    trust_store_for(server_ca_file, use_system_roots, FileRole::ServerCa)
}

pub(crate) fn trust_store_for(
    ca_file: Option<&Path>,
    use_system_roots: bool,
    role: FileRole,
) -> Result<RootCertStore, CredentialsError> {
    let mut store = if use_system_roots {
        (*system_roots()).clone()
    } else {
        RootCertStore::empty()
    };
    if let Some(path) = ca_file {
        for (i, cert) in load_ca_certificates(path, role)?.into_iter().enumerate() {
            store
                .add(cert)
                .map_err(|e| CredentialsError::InvalidCertificate {
                    role,
                    path: path.to_path_buf(),
                    index: i + 1,
                    detail: e.to_string(),
                })?;
        }
    }
    if store.is_empty() {
        return Err(CredentialsError::NoTrustAnchors);
    }
    Ok(store)
}

/// Reads a whole file (bounded) into a buffer that is wiped on drop.
pub(crate) fn read_pem_file(
    path: &Path,
    role: FileRole,
) -> Result<Zeroizing<Vec<u8>>, CredentialsError> {
    let read_err = |source| CredentialsError::Read {
        role,
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(read_err)?;
    let len = file.metadata().map_err(read_err)?.len();
    if len > MAX_PEM_FILE_SIZE {
        return Err(CredentialsError::TooLarge {
            role,
            path: path.to_path_buf(),
        });
    }
    // Sized up front so that the buffer holding key text is not reallocated (and copied).
    let mut buf = Zeroizing::new(Vec::with_capacity(len as usize + 1024));
    file.take(MAX_PEM_FILE_SIZE + 1)
        .read_to_end(&mut buf)
        .map_err(read_err)?;
    if buf.len() as u64 > MAX_PEM_FILE_SIZE {
        return Err(CredentialsError::TooLarge {
            role,
            path: path.to_path_buf(),
        });
    }
    Ok(buf)
}

enum KeyBlock {
    Plain(Zeroizing<PrivateKeyDer<'static>>),
    Encrypted(Vec<u8>),
}

struct PemContents {
    certs: Vec<CertificateDer<'static>>,
    keys: Vec<KeyBlock>,
    found: String,
}

const ENCRYPTED_BEGIN: &str = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
const ENCRYPTED_END: &str = "-----END ENCRYPTED PRIVATE KEY-----";
const LEGACY_ENCRYPTION: &[u8] = b"Proc-Type: 4,ENCRYPTED";

fn parse_pem(bytes: &[u8], role: FileRole, path: &Path) -> Result<PemContents, CredentialsError> {
    let malformed = |detail: String| CredentialsError::Malformed {
        role,
        path: path.to_path_buf(),
        detail,
    };
    let legacy = find(bytes, LEGACY_ENCRYPTION).is_some();
    let mut certs = Vec::new();
    let mut keys = Vec::new();
    for section in <(SectionKind, Vec<u8>)>::pem_slice_iter(bytes) {
        let (kind, der) = match section {
            Ok(s) => s,
            Err(_) if legacy => {
                return Err(CredentialsError::UnsupportedEncryption {
                    role,
                    path: path.to_path_buf(),
                    detail: "legacy OpenSSL PEM encryption, 'Proc-Type: 4,ENCRYPTED'".into(),
                })
            }
            Err(e) => return Err(malformed(e.to_string())),
        };
        match kind {
            SectionKind::Certificate => certs.push(CertificateDer::from(der)),
            SectionKind::PrivateKey => keys.push(KeyBlock::Plain(Zeroizing::new(
                PrivateKeyDer::Pkcs8(der.into()),
            ))),
            SectionKind::RsaPrivateKey => keys.push(KeyBlock::Plain(Zeroizing::new(
                PrivateKeyDer::Pkcs1(der.into()),
            ))),
            SectionKind::EcPrivateKey => keys.push(KeyBlock::Plain(Zeroizing::new(
                PrivateKeyDer::Sec1(der.into()),
            ))),
            _ => {}
        }
    }
    // rustls-pki-types skips labels it does not know, such as ENCRYPTED PRIVATE KEY: cut
    // those blocks out and let the pkcs8 crate's PEM decoder read them.
    let mut rest = bytes;
    while let Some(start) = find(rest, ENCRYPTED_BEGIN.as_bytes()) {
        let after = &rest[start..];
        let Some(end) = find(after, ENCRYPTED_END.as_bytes()) else {
            return Err(malformed(format!(
                "'{ENCRYPTED_BEGIN}' without its END line"
            )));
        };
        let block = &after[..end + ENCRYPTED_END.len()];
        let text = std::str::from_utf8(block)
            .map_err(|_| malformed("non-ASCII bytes in an ENCRYPTED PRIVATE KEY block".into()))?;
        let (_, doc) = pkcs8::Document::from_pem(text)
            .map_err(|e| malformed(format!("ENCRYPTED PRIVATE KEY block: {e}")))?;
        keys.push(KeyBlock::Encrypted(doc.as_bytes().to_vec()));
        rest = &after[end + ENCRYPTED_END.len()..];
    }
    Ok(PemContents {
        certs,
        keys,
        found: describe_pem(bytes),
    })
}

fn take_key(
    pem: PemContents,
    role: FileRole,
    path: &Path,
    password: Option<&str>,
) -> Result<Zeroizing<PrivateKeyDer<'static>>, CredentialsError> {
    let mut keys = pem.keys;
    if keys.len() > 1 {
        return Err(CredentialsError::SeveralPrivateKeys {
            role,
            path: path.to_path_buf(),
            count: keys.len(),
        });
    }
    match keys.pop() {
        None => Err(CredentialsError::NoPrivateKey {
            role,
            path: path.to_path_buf(),
            found: pem.found,
        }),
        Some(KeyBlock::Plain(key)) => Ok(key),
        Some(KeyBlock::Encrypted(der)) => {
            let Some(password) = password else {
                return Err(CredentialsError::PasswordRequired {
                    role,
                    path: path.to_path_buf(),
                });
            };
            decrypt_pkcs8(&der, password, role, path)
        }
    }
}

fn decrypt_pkcs8(
    der: &[u8],
    password: &str,
    role: FileRole,
    path: &Path,
) -> Result<Zeroizing<PrivateKeyDer<'static>>, CredentialsError> {
    let unsupported = |detail: String| CredentialsError::UnsupportedEncryption {
        role,
        path: path.to_path_buf(),
        detail,
    };
    let wrong = || CredentialsError::WrongPassword {
        role,
        path: path.to_path_buf(),
    };
    let info =
        pkcs8::EncryptedPrivateKeyInfoRef::try_from(der).map_err(|e| unsupported(e.to_string()))?;
    match info.decrypt(password.as_bytes()) {
        Ok(plain) => {
            // A wrong password that happens to leave valid CBC padding yields garbage.
            if pkcs8::PrivateKeyInfoRef::try_from(plain.as_bytes()).is_err() {
                return Err(wrong());
            }
            Ok(Zeroizing::new(PrivateKeyDer::Pkcs8(
                plain.as_bytes().to_vec().into(),
            )))
        }
        Err(pkcs8::Error::EncryptedPrivateKey(pkcs8::pkcs5::Error::DecryptFailed))
        | Err(pkcs8::Error::Asn1(_)) => Err(wrong()),
        Err(e) => Err(unsupported(e.to_string())),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// "2 CERTIFICATE, 1 PRIVATE KEY", "no PEM block (…)" or "nothing (empty file)": for errors.
fn describe_pem(bytes: &[u8]) -> String {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return "nothing (the file is empty)".into();
    }
    let mut labels: Vec<(String, usize)> = Vec::new();
    for line in bytes.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(rest) = line.strip_prefix(b"-----BEGIN ") else {
            continue;
        };
        let Some(label) = rest.strip_suffix(b"-----") else {
            continue;
        };
        let label = String::from_utf8_lossy(label).into_owned();
        match labels.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += 1,
            None => labels.push((label, 1)),
        }
    }
    if labels.is_empty() {
        return "no PEM block (a DER file? convert it with `openssl x509 -inform der` or \
                `openssl pkey -inform der`)"
            .into();
    }
    labels
        .iter()
        .map(|(l, n)| format!("{n} {l}"))
        .collect::<Vec<_>>()
        .join(", ")
}
