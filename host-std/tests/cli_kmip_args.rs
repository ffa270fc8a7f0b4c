//! The KMIP commands' arguments through the `kmipkit` binary, without a server: bad
//! enumeration and mask names, bad hex, missing required flags, bad or missing configuration
//! and credentials are usage errors (exit 2) with a message that says what is wrong; a server
//! that cannot be reached is exit 3 with the attempt listed.

mod interop_support;

use interop_support::{kmipkit, Run};
use kmipkit::pki::{PkiOptions, TestPki};

fn usage_error(args: &[&str], says: &[&str]) -> Run {
    let r = kmipkit(args).expect(2);
    for s in says {
        assert!(
            r.stderr.contains(s),
            "kmipkit {args:?}: no {s:?} in\n{}",
            r.stderr
        );
    }
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    r
}

#[test]
fn bad_enumeration_and_mask_names_list_the_valid_ones() {
    usage_error(
        &["locate", "--state", "Activ"],
        &[
            "invalid value 'Activ' for '--state <STATE>'",
            "valid values: PreActive, Active, Deactivated, Compromised, Destroyed, DestroyedCompromised",
        ],
    );
    usage_error(
        &["locate", "--object-type", "Key"],
        &["'Key' is not a known ObjectType; valid values: Certificate, SymmetricKey"],
    );
    usage_error(
        &["create", "--name", "k", "--usage", "Encrypt|Dekrypt"],
        &[
            "'Dekrypt' is not a known CryptographicUsageMask bit",
            "Encrypt, Decrypt, WrapKey",
        ],
    );
    usage_error(
        &["create", "--name", "k", "--algorithm", "AES2"],
        &["'AES2' is not a known CryptographicAlgorithm; valid values: DES, DES3, AES"],
    );
    usage_error(
        &["revoke", "1", "--reason", "Lost"],
        &["valid values: Unspecified, KeyCompromise, CACompromise"],
    );
    usage_error(
        &["encrypt", "1", "--mode", "ecb", "--data", "00"],
        &["[possible values: gcm, cbc]"],
    );
    usage_error(
        &["get-attributes", "1", "--attribute", "Colour"],
        &["'Colour' is not a KMIP attribute name; for example: State, Name"],
    );
}

#[test]
fn bad_hex_is_a_usage_error() {
    usage_error(
        &["register", "--key", "00zz"],
        &["--key <HEX>", "not hex: 'z' at character 2"],
    );
    usage_error(
        &["encrypt", "1", "--mode", "cbc", "--data", "abc"],
        &["odd number of hex digits"],
    );
    usage_error(
        &["register", "--key", &"ab".repeat(20)],
        &["an AES key has 16, 24 or 32 bytes (32, 48 or 64 hex digits), not 20"],
    );
}

#[test]
fn missing_required_flags() {
    usage_error(
        &["create"],
        &[
            "the following required arguments were not provided",
            "--name <NAME>",
        ],
    );
    usage_error(&["register"], &["--key <HEX>"]);
    usage_error(&["encrypt", "1", "--data", "00"], &["--mode <MODE>"]);
    usage_error(
        &["decrypt", "1", "--mode", "gcm", "--data", "00"],
        &["--iv <HEX>"],
    );
    usage_error(&["get"], &["<UID>"]);
}

#[test]
fn configuration_errors_name_the_option() {
    usage_error(
        &["get", "1"],
        &["a KMIP server name is needed", "--kmipServerName"],
    );
    usage_error(
        &["--kmipServerName", "kmip", "get", "1"],
        &["clientCertificateFile", "--kmipClientCertificateFile"],
    );
    usage_error(
        &[
            "get",
            "1",
            "--kmipServerName",
            "kmip",
            "--kmipConnectTimeoutMS",
            "500",
        ],
        &["--kmipConnectTimeoutMS 500: must be at least 1000"],
    );
    usage_error(
        &[
            "--kmipServerName",
            "kmip",
            "--kmipProtocolVersion",
            "1.5",
            "get",
            "1",
        ],
        &["--kmipProtocolVersion 1.5: must be one of 1.0, 1.1, 1.2, 1.3, 1.4, 2.0, 2.1 or auto"],
    );
    usage_error(
        &["--config", "/nonexistent/mongod.conf", "get", "1"],
        &["/nonexistent/mongod.conf"],
    );
}

#[test]
fn unreadable_credentials_are_usage_errors_before_any_connection() {
    usage_error(
        &[
            "--kmipServerName",
            "127.0.0.1:9",
            "--kmipClientCertificateFile",
            "/nonexistent/client.pem",
            "get",
            "1",
        ],
        &["/nonexistent/client.pem"],
    );
}

#[test]
fn an_unreachable_server_is_exit_3_with_the_attempt() {
    let dir = tempfile::tempdir().unwrap();
    let paths = TestPki::generate(&PkiOptions::default())
        .unwrap()
        .write(dir.path(), "changeit")
        .unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = format!("127.0.0.1:{port}");
    let r = kmipkit([
        "--kmipServerName".as_ref(),
        server.as_ref(),
        "--kmipClientCertificateFile".as_ref(),
        paths.client.as_os_str(),
        "--kmipConnectRetries".as_ref(),
        "1".as_ref(),
        "get".as_ref(),
        std::ffi::OsStr::new("1"),
    ])
    .expect(3);
    assert!(
        r.stderr
            .contains("no KMIP server reachable (2 failed attempts):"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains(&format!("pass 1: connect to {server} failed")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains(&format!("pass 2: connect to {server} failed")),
        "{}",
        r.stderr
    );
}

/// The keystore options are accepted (mongod compatibility) but no KMIP command uses them:
/// the user is told rather than left to believe they took effect.
#[test]
fn keystore_options_are_noted_as_unused_by_the_kmip_commands() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kmipkit"))
        .args([
            "get",
            "1",
            "--kmipServerName",
            "127.0.0.1:1",
            "--kmipServerCAFile",
            "/nonexistent/ca.pem",
            "--kmipClientCertificateFile",
            "/nonexistent/client.pem",
            "--kmipRotateMasterKey",
            "--kmipKeyIdentifier",
            "7",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("keyIdentifier, rotateMasterKey are for the master-key keystore"),
        "{err}"
    );
}
