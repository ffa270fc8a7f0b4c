//! The test PKI: file layout, permissions, and that OpenSSL (which PyKMIP uses) accepts what
//! rcgen and the pkcs8 crate wrote.

mod tls_support;

use std::net::IpAddr;

use kmipkit::pki::{write_test_pki, PkiError, PkiOptions, PkiPaths, TestCa, TestPki};
use kmipkit::tls::credentials::{load_ca_certificates, load_client_credentials, FileRole};
use kmipkit::tls::server::certificate_common_name;
use tls_support::openssl;

fn openssl_out(dir: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the openssl command line tool is needed for this test");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn writes_the_documented_layout() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_test_pki(dir.path(), "s3cret", "alice").unwrap();
    assert_eq!(paths, PkiPaths::in_dir(dir.path()));
    let names: Vec<String> = paths
        .files()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "ca.pem",
            "server.pem",
            "server-key.pem",
            "client.pem",
            "client-cert.pem",
            "client-key.pem",
            "client-key.enc.pem"
        ]
    );
    let read = |p: &std::path::Path| std::fs::read_to_string(p).unwrap();
    let client = read(&paths.client);
    assert!(client.find("BEGIN CERTIFICATE").unwrap() < client.find("BEGIN PRIVATE KEY").unwrap());
    assert!(!read(&paths.client_cert).contains("PRIVATE KEY"));
    assert!(!read(&paths.server_cert).contains("PRIVATE KEY"));
    assert!(read(&paths.server_key).contains("BEGIN PRIVATE KEY"));
    assert!(read(&paths.client_key_encrypted).contains("BEGIN ENCRYPTED PRIVATE KEY"));

    // Our own loaders read every file.
    let creds = load_client_credentials(&paths.client, None, None).unwrap();
    assert_eq!(certificate_common_name(&creds.chain()[0]).unwrap(), "alice");
    load_client_credentials(
        &paths.client_cert,
        Some(&paths.client_key_encrypted),
        Some("s3cret"),
    )
    .unwrap()
    .certified_key()
    .unwrap();
    assert_eq!(
        load_ca_certificates(&paths.ca, FileRole::ServerCa)
            .unwrap()
            .len(),
        1
    );
}

#[cfg(unix)]
#[test]
fn key_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let stale = PkiPaths::in_dir(dir.path());
    // A key file that already exists with a wider mode is narrowed too.
    std::fs::write(&stale.client_key, "old").unwrap();
    std::fs::set_permissions(&stale.client_key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let paths = write_test_pki(dir.path(), "pw", "john_doe").unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for secret in [
        &paths.server_key,
        &paths.client,
        &paths.client_key,
        &paths.client_key_encrypted,
    ] {
        assert_eq!(mode(secret), 0o600, "{}", secret.display());
    }
}

#[test]
fn openssl_accepts_the_certificates_and_the_encrypted_key() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write_test_pki(p, "changeit", "john_doe").unwrap();
    let verified = openssl_out(
        p,
        &[
            "verify",
            "-CAfile",
            "ca.pem",
            "server.pem",
            "client-cert.pem",
        ],
    );
    assert!(
        verified.contains("server.pem: OK") && verified.contains("client-cert.pem: OK"),
        "{verified}"
    );
    let server = openssl_out(p, &["x509", "-in", "server.pem", "-noout", "-text"]);
    assert!(server.contains("DNS:localhost"), "{server}");
    assert!(server.contains("IP Address:127.0.0.1"), "{server}");
    assert!(server.contains("TLS Web Server Authentication"), "{server}");
    assert!(
        server.contains("id-ecPublicKey") && server.contains("P-256"),
        "ECDSA P-256 for PyKMIP: {server}"
    );
    let client = openssl_out(
        p,
        &[
            "x509",
            "-in",
            "client-cert.pem",
            "-noout",
            "-subject",
            "-ext",
            "extendedKeyUsage",
        ],
    );
    assert!(
        client.contains("CN = john_doe") || client.contains("CN=john_doe"),
        "{client}"
    );
    assert!(client.contains("TLS Web Client Authentication"), "{client}");
    // The encrypted key: PBES2 / PBKDF2-HMAC-SHA256 / AES-256-CBC, readable by OpenSSL.
    let asn1 = openssl_out(p, &["asn1parse", "-in", "client-key.enc.pem"]);
    for alg in ["PBES2", "PBKDF2", "hmacWithSHA256", "aes-256-cbc"] {
        assert!(asn1.contains(alg), "{alg} missing: {asn1}");
    }
    openssl(
        p,
        &[
            "pkey",
            "-in",
            "client-key.enc.pem",
            "-passin",
            "pass:changeit",
            "-out",
            "dec.pem",
        ],
    );
    let dec = std::fs::read(p.join("dec.pem")).unwrap();
    assert_eq!(dec, std::fs::read(p.join("client-key.pem")).unwrap());
}

#[test]
fn extra_server_names_and_other_cas() {
    let options = PkiOptions {
        server_dns_names: vec!["localhost".into(), "kmip.test".into()],
        server_ips: vec![
            "127.0.0.1".parse::<IpAddr>().unwrap(),
            "10.1.2.3".parse().unwrap(),
        ],
        ..PkiOptions::default()
    };
    let pki = TestPki::generate(&options).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.pem"), pki.server.cert_pem()).unwrap();
    let text = openssl_out(
        dir.path(),
        &["x509", "-in", "s.pem", "-noout", "-ext", "subjectAltName"],
    );
    assert!(
        text.contains("DNS:kmip.test") && text.contains("IP Address:10.1.2.3"),
        "{text}"
    );

    // An unrelated CA does not verify the first one's certificates.
    let other = kmipkit::pki::unrelated_ca().unwrap();
    std::fs::write(dir.path().join("other.pem"), other.cert_pem()).unwrap();
    let out = std::process::Command::new("openssl")
        .args(["verify", "-CAfile", "other.pem", "s.pem"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn bad_names_are_errors_not_panics() {
    let ca = TestCa::generate("t").unwrap();
    assert!(matches!(
        ca.issue_client(""),
        Err(PkiError::InvalidName { .. })
    ));
    let err = ca.issue_server(&["bad name\u{e9}"], &[]).unwrap_err();
    assert!(matches!(err, PkiError::InvalidName { .. }), "{err:?}");
    assert!(
        err.to_string().contains("cannot go into a certificate"),
        "{err}"
    );
    assert!(matches!(
        ca.issue_client_for_key("x", "not a key"),
        Err(PkiError::Generate { .. })
    ));
}
