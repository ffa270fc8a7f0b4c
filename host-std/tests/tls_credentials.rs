//! Loading certificates and keys from PEM files: every key format PSMDB users have, and the
//! error messages for the usual mistakes. Fixtures are generated at test time (rcgen, and the
//! openssl CLI for PKCS#1, SEC1 and OpenSSL's own encrypted PKCS#8); no key is committed.

mod tls_support;

use kmipkit::tls::credentials::{
    load_ca_certificates, load_client_credentials, trust_store, CredentialsError, FileRole,
};
use kmipkit::tls::{ClientTls, TlsClientSettings};
use rustls::pki_types::PrivateKeyDer;
use tls_support::{openssl, Fixture, PASSWORD};

fn key_kind(key: &PrivateKeyDer<'_>) -> &'static str {
    match key {
        PrivateKeyDer::Pkcs1(_) => "pkcs1",
        PrivateKeyDer::Sec1(_) => "sec1",
        PrivateKeyDer::Pkcs8(_) => "pkcs8",
        _ => "other",
    }
}

#[test]
fn pkcs8_key_and_chain_in_one_file_psmdb_style() {
    let fx = Fixture::new();
    let creds = load_client_credentials(&fx.paths.client, None, None).unwrap();
    assert_eq!(creds.chain().len(), 1);
    assert_eq!(creds.chain()[0], *fx.pki.client.cert_der());
    assert_eq!(key_kind(creds.private_key()), "pkcs8");
    assert_eq!(creds.key_file(), fx.paths.client.as_path());
    creds.certified_key().expect("key matches certificate");
}

#[test]
fn key_in_a_separate_file() {
    let fx = Fixture::new();
    let creds =
        load_client_credentials(&fx.paths.client_cert, Some(&fx.paths.client_key), None).unwrap();
    assert_eq!(key_kind(creds.private_key()), "pkcs8");
    assert_eq!(creds.key_file(), fx.paths.client_key.as_path());
    creds.certified_key().unwrap();
}

#[test]
fn a_password_is_ignored_for_a_plain_key() {
    let fx = Fixture::new();
    load_client_credentials(&fx.paths.client, None, Some("unused")).unwrap();
}

#[test]
fn encrypted_pkcs8_with_the_right_password() {
    let fx = Fixture::new();
    let creds = load_client_credentials(
        &fx.paths.client_cert,
        Some(&fx.paths.client_key_encrypted),
        Some(PASSWORD),
    )
    .unwrap();
    assert_eq!(*creds.private_key(), fx.pki.client.key_der());
    creds.certified_key().unwrap();
}

#[test]
fn encrypted_pkcs8_with_a_wrong_password() {
    let fx = Fixture::new();
    let err = load_client_credentials(
        &fx.paths.client_cert,
        Some(&fx.paths.client_key_encrypted),
        Some("not the password"),
    )
    .unwrap_err();
    assert!(
        matches!(err, CredentialsError::WrongPassword { .. }),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("wrong password for the encrypted private key in"),
        "{msg}"
    );
    assert!(msg.contains("client-key.enc.pem"), "{msg}");
}

#[test]
fn encrypted_pkcs8_without_a_password() {
    let fx = Fixture::new();
    let err = load_client_credentials(
        &fx.paths.client_cert,
        Some(&fx.paths.client_key_encrypted),
        None,
    )
    .unwrap_err();
    assert!(
        matches!(err, CredentialsError::PasswordRequired { .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("is encrypted: set clientCertificatePassword"),
        "{err}"
    );
}

#[test]
fn encrypted_key_and_chain_in_one_file() {
    let fx = Fixture::new();
    let mut combined = fx.pki.client.cert_pem().to_owned();
    combined.push_str(&fx.pki.client.encrypted_key_pem("pw").unwrap());
    let path = fx.write("combined-enc.pem", combined.as_bytes());
    let creds = load_client_credentials(&path, None, Some("pw")).unwrap();
    assert_eq!(*creds.private_key(), fx.pki.client.key_der());
}

#[test]
fn openssl_encrypted_pkcs8_as_in_gen_certs() {
    let fx = Fixture::new();
    openssl(
        fx.dir.path(),
        &[
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-256-cbc",
            "-v2prf",
            "hmacWithSHA256",
            "-iter",
            "2048",
            "-passout",
            "pass:changeit",
            "-in",
            "client-key.pem",
            "-out",
            "openssl.enc.pem",
        ],
    );
    let creds = load_client_credentials(
        &fx.paths.client_cert,
        Some(&fx.path("openssl.enc.pem")),
        Some("changeit"),
    )
    .unwrap();
    assert_eq!(*creds.private_key(), fx.pki.client.key_der());
}

#[test]
fn sec1_ec_key() {
    let fx = Fixture::new();
    openssl(
        fx.dir.path(),
        &["ec", "-in", "client-key.pem", "-out", "sec1.pem"],
    );
    let pem = std::fs::read_to_string(fx.path("sec1.pem")).unwrap();
    assert!(pem.contains("BEGIN EC PRIVATE KEY"), "{pem}");
    let creds =
        load_client_credentials(&fx.paths.client_cert, Some(&fx.path("sec1.pem")), None).unwrap();
    assert_eq!(key_kind(creds.private_key()), "sec1");
    creds.certified_key().expect("SEC1 key usable and matching");
}

#[test]
fn pkcs1_rsa_key() {
    let fx = Fixture::new();
    openssl(
        fx.dir.path(),
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            "rsa.p8.pem",
        ],
    );
    openssl(
        fx.dir.path(),
        &[
            "rsa",
            "-in",
            "rsa.p8.pem",
            "-traditional",
            "-out",
            "rsa.p1.pem",
        ],
    );
    let p8 = std::fs::read_to_string(fx.path("rsa.p8.pem")).unwrap();
    let p1 = std::fs::read_to_string(fx.path("rsa.p1.pem")).unwrap();
    assert!(p1.contains("BEGIN RSA PRIVATE KEY"), "{p1}");
    let identity = fx.pki.ca.issue_client_for_key("rsa_user", &p8).unwrap();
    // One file: chain + PKCS#1 key.
    let combined = format!("{}{}", identity.cert_pem(), p1);
    let path = fx.write("rsa-client.pem", combined.as_bytes());
    let creds = load_client_credentials(&path, None, None).unwrap();
    assert_eq!(key_kind(creds.private_key()), "pkcs1");
    creds
        .certified_key()
        .expect("PKCS#1 key usable and matching");
}

#[test]
fn legacy_openssl_pem_encryption_is_refused_with_a_hint() {
    let fx = Fixture::new();
    openssl(
        fx.dir.path(),
        &[
            "ec",
            "-in",
            "client-key.pem",
            "-aes256",
            "-passout",
            "pass:x",
            "-out",
            "legacy.pem",
        ],
    );
    let err = load_client_credentials(
        &fx.paths.client_cert,
        Some(&fx.path("legacy.pem")),
        Some("x"),
    )
    .unwrap_err();
    assert!(
        matches!(err, CredentialsError::UnsupportedEncryption { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("openssl pkcs8 -topk8"), "{err}");
}

#[test]
fn certificate_file_without_a_key() {
    let fx = Fixture::new();
    let err = load_client_credentials(&fx.paths.client_cert, None, None).unwrap_err();
    assert!(
        matches!(err, CredentialsError::NoPrivateKey { .. }),
        "{err:?}"
    );
    let msg = err.to_string();
    let expected = format!(
        "client certificate file {} holds no private key",
        fx.paths.client_cert.display()
    );
    assert!(msg.starts_with(&expected), "{msg}");
    assert!(msg.contains("found 1 CERTIFICATE"), "{msg}");
}

#[test]
fn key_file_without_a_key() {
    let fx = Fixture::new();
    let err = load_client_credentials(&fx.paths.client_cert, Some(&fx.paths.ca), None).unwrap_err();
    match &err {
        CredentialsError::NoPrivateKey { role, path, .. } => {
            assert_eq!(*role, FileRole::ClientKey);
            assert_eq!(path, &fx.paths.ca);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn key_file_with_no_certificate() {
    let fx = Fixture::new();
    let err = load_client_credentials(&fx.paths.client_key, None, None).unwrap_err();
    assert!(
        matches!(err, CredentialsError::NoCertificate { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("found 1 PRIVATE KEY"), "{err}");
}

#[test]
fn garbage_and_empty_files() {
    let fx = Fixture::new();
    let garbage = fx.write("garbage.pem", b"\x30\x82\x01\x00 this is not PEM at all");
    let err = load_client_credentials(&garbage, None, None).unwrap_err();
    assert!(
        matches!(err, CredentialsError::NoCertificate { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("no PEM block"), "{err}");

    let empty = fx.write("empty.pem", b"");
    let err = load_client_credentials(&empty, None, None).unwrap_err();
    assert!(err.to_string().contains("the file is empty"), "{err}");

    let bad_base64 = fx.write(
        "bad.pem",
        b"-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n",
    );
    let err = load_client_credentials(&bad_base64, None, None).unwrap_err();
    assert!(matches!(err, CredentialsError::Malformed { .. }), "{err:?}");
    assert!(err.to_string().contains("is not valid PEM"), "{err}");

    let unterminated = fx.write(
        "unterminated.pem",
        format!(
            "{}-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n",
            fx.pki.client.cert_pem()
        )
        .as_bytes(),
    );
    let err = load_client_credentials(&unterminated, None, Some("x")).unwrap_err();
    assert!(matches!(err, CredentialsError::Malformed { .. }), "{err:?}");
}

#[test]
fn missing_and_oversized_files() {
    let fx = Fixture::new();
    let missing = fx.path("nope.pem");
    let err = load_client_credentials(&missing, None, None).unwrap_err();
    assert!(matches!(err, CredentialsError::Read { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.starts_with("cannot read client certificate file"),
        "{msg}"
    );
    assert!(msg.contains("nope.pem"), "{msg}");

    #[cfg(target_os = "linux")]
    {
        let err =
            load_client_credentials(std::path::Path::new("/dev/zero"), None, None).unwrap_err();
        assert!(matches!(err, CredentialsError::TooLarge { .. }), "{err:?}");
    }
}

#[test]
fn two_keys_in_one_file() {
    let fx = Fixture::new();
    let mut pem = fx.pki.client.chain_and_key_pem().to_string();
    pem.push_str(&fx.pki.server.key_pem());
    let path = fx.write("two-keys.pem", pem.as_bytes());
    let err = load_client_credentials(&path, None, None).unwrap_err();
    assert!(
        matches!(err, CredentialsError::SeveralPrivateKeys { count: 2, .. }),
        "{err:?}"
    );
}

#[test]
fn key_of_another_certificate() {
    let fx = Fixture::new();
    let creds =
        load_client_credentials(&fx.paths.client_cert, Some(&fx.paths.server_key), None).unwrap();
    let err = creds.certified_key().unwrap_err();
    assert!(
        matches!(err, CredentialsError::KeyMismatch { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("does not belong to"), "{err}");
    // The same through the client configuration.
    let settings = TlsClientSettings {
        client_certificate_file: Some(fx.paths.client_cert.clone()),
        client_key_file: Some(fx.paths.server_key.clone()),
        ..fx.settings()
    };
    let err = ClientTls::load(&settings).unwrap_err();
    assert!(
        matches!(err, CredentialsError::KeyMismatch { .. }),
        "{err:?}"
    );
}

#[test]
fn ca_files() {
    let fx = Fixture::new();
    let cas = load_ca_certificates(&fx.paths.ca, FileRole::ServerCa).unwrap();
    assert_eq!(cas, vec![fx.pki.ca.cert_der()]);

    let err = load_ca_certificates(&fx.paths.client_key, FileRole::ServerCa).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with(&format!(
            "no certificate in serverCAFile {}",
            fx.paths.client_key.display()
        )),
        "{msg}"
    );

    // A CA file is strict: a certificate that is not DER inside valid PEM is an error.
    let bogus = fx.write(
        "bogus-ca.pem",
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    );
    let err = trust_store(Some(&bogus), false).unwrap_err();
    assert!(
        matches!(err, CredentialsError::InvalidCertificate { index: 1, .. }),
        "{err:?}"
    );

    // Nothing trusted at all.
    let err = trust_store(None, false).unwrap_err();
    assert!(matches!(err, CredentialsError::NoTrustAnchors), "{err:?}");

    // The CA file is added to the system roots.
    let with_system = trust_store(Some(&fx.paths.ca), true).unwrap();
    let alone = trust_store(Some(&fx.paths.ca), false).unwrap();
    assert_eq!(alone.len(), 1);
    assert!(with_system.len() >= alone.len());
}

#[test]
fn no_client_certificate_means_no_client_auth() {
    let fx = Fixture::new();
    let settings = TlsClientSettings {
        client_certificate_file: None,
        ..fx.settings()
    };
    let tls = ClientTls::load(&settings).unwrap();
    assert!(!tls.config().client_auth_cert_resolver.has_certs());
    let tls = ClientTls::load(&fx.settings()).unwrap();
    assert!(tls.config().client_auth_cert_resolver.has_certs());
}

#[test]
fn settings_debug_redacts_the_password() {
    let fx = Fixture::new();
    let s = format!("{:?}", fx.encrypted_settings(Some("hunter2")));
    assert!(!s.contains("hunter2"), "{s}");
    assert!(s.contains("<redacted>"), "{s}");
    let creds = load_client_credentials(&fx.paths.client, None, None).unwrap();
    assert!(format!("{creds:?}").contains("<redacted>"));
}
