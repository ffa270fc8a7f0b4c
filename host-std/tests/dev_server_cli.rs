//! `kmipkit dev-server` as a user runs it: the binary, on 127.0.0.1 with port 0, in a
//! temporary directory. First run writes the PKI and prints how to use it; later runs reuse
//! it; `--persist` keeps objects across restarts and refuses a damaged file; anything but
//! loopback needs `--allow-remote`. Each server process is stopped by its id when the test
//! ends (the guard kills and reaps it).

mod dev_server_support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use dev_server_support::{create_request, get_request, round_trip};
use kmipkit::pki::PkiPaths;
use kmipkit::tls::{connect, TlsClientSettings};
use kmipkit_core::kmip::ops::{CreateResponse, GetResponse};
use kmipkit_core::kmip::{ProtocolVersion, ResponseMessage};
use kmipkit_core::ttlv::ResultReason;

const BIN: &str = env!("CARGO_BIN_EXE_kmipkit");
const V: ProtocolVersion = ProtocolVersion::V1_4;

/// A running `kmipkit dev-server`, killed and reaped on drop.
struct Running {
    child: Child,
    banner: String,
    port: u16,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &Path, extra: &[&str]) -> Running {
    let mut child = Command::new(BIN)
        .arg("dev-server")
        .arg("--listen")
        .arg("127.0.0.1:0")
        .arg("--dir")
        .arg(dir)
        .arg("--quiet")
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start kmipkit dev-server");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut banner = String::new();
    let give_up = Instant::now() + Duration::from_secs(30);
    loop {
        let left = give_up.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                banner.push_str(&line);
                banner.push('\n');
                if line.starts_with("Stop the server") {
                    break;
                }
            }
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("dev-server did not print its banner in time:\n{banner}");
            }
        }
    }
    let port = banner
        .lines()
        .find_map(|l| l.strip_prefix("listening on 127.0.0.1:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no listening line in:\n{banner}"));
    Running {
        child,
        banner,
        port,
    }
}

fn settings(dir: &Path) -> TlsClientSettings {
    let paths = PkiPaths::in_dir(dir);
    TlsClientSettings {
        server_ca_file: Some(paths.ca),
        client_certificate_file: Some(paths.client),
        use_system_roots: false,
        ..TlsClientSettings::default()
    }
}

fn create_key(dir: &Path, port: u16) -> String {
    let mut s = connect(
        "127.0.0.1",
        port,
        &settings(dir),
        Instant::now() + Duration::from_secs(10),
    )
    .unwrap();
    let bytes = round_trip(&mut s, &create_request(V), Duration::from_secs(10)).unwrap();
    let r = ResponseMessage::<'_, 4>::decode(&bytes, V).unwrap();
    let uid = r
        .first()
        .unwrap()
        .payload_as::<CreateResponse>()
        .unwrap()
        .unique_identifier;
    uid.as_text().unwrap().to_owned()
}

fn get_key(dir: &Path, port: u16, uid: &str) -> Vec<u8> {
    let mut s = connect(
        "127.0.0.1",
        port,
        &settings(dir),
        Instant::now() + Duration::from_secs(10),
    )
    .unwrap();
    let bytes = round_trip(&mut s, &get_request(V, uid), Duration::from_secs(10)).unwrap();
    let r = ResponseMessage::<'_, 4>::decode(&bytes, V).unwrap();
    let item = r.first().unwrap();
    let g = item
        .payload_as::<GetResponse>()
        .unwrap_or_else(|| panic!("{item:?}"));
    g.object.key_block().unwrap().plain_key().unwrap().to_vec()
}

#[test]
fn first_run_writes_the_pki_and_prints_how_to_use_it_later_runs_reuse_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dev");
    let first = start(&dir, &[]);
    let paths = PkiPaths::in_dir(&dir);
    for f in paths.files() {
        assert!(f.exists(), "{} written", f.display());
    }
    let b = &first.banner;
    assert!(b.contains("DEVELOPMENT AND TESTING ONLY"), "{b}");
    assert!(b.contains("loopback only"), "{b}");
    assert!(b.contains("written now"), "{b}");
    let ca = std::fs::canonicalize(&paths.ca).unwrap();
    let client = std::fs::canonicalize(&paths.client).unwrap();
    let port = first.port;
    assert!(
        b.contains(&format!(
            "--kmipServerName 127.0.0.1 --kmipPort {port} --kmipServerCAFile {} \
             --kmipClientCertificateFile {}",
            ca.display(),
            client.display()
        )),
        "{b}"
    );
    for yaml in [
        "security:".to_owned(),
        "  kmip:".to_owned(),
        "    serverName: 127.0.0.1".to_owned(),
        format!("    port: {port}"),
        format!("    serverCAFile: \"{}\"", ca.display()),
        format!("    clientCertificateFile: \"{}\"", client.display()),
    ] {
        assert!(b.contains(&yaml), "missing {yaml:?} in:\n{b}");
    }
    assert!(b.contains("in memory"), "{b}");
    // The printed files work.
    create_key(&dir, port);
    let ca_before = std::fs::read(&paths.ca).unwrap();
    drop(first);
    let second = start(&dir, &[]);
    assert!(second.banner.contains("reused"), "{}", second.banner);
    assert_eq!(std::fs::read(&paths.ca).unwrap(), ca_before, "the same CA");
    create_key(&dir, second.port);
}

#[test]
fn persist_keeps_objects_across_restarts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dev");
    let first = start(&dir, &["--persist"]);
    assert!(
        first.banner.contains("objects.json (new)"),
        "{}",
        first.banner
    );
    let uid = create_key(&dir, first.port);
    let key = get_key(&dir, first.port, &uid);
    drop(first);
    let file = dir.join("objects.json");
    assert!(file.exists());
    let second = start(&dir, &["--persist"]);
    assert!(second.banner.contains("(1 loaded)"), "{}", second.banner);
    assert_eq!(
        get_key(&dir, second.port, &uid),
        key,
        "the same key after a restart"
    );
    assert_eq!(create_key(&dir, second.port), "2", "numbering goes on");
}

#[test]
fn a_damaged_object_file_stops_the_server_with_its_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dev");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("objects.json");
    std::fs::write(&file, b"{ this is not json").unwrap();
    let out = Command::new(BIN)
        .args([
            "dev-server",
            "--listen",
            "127.0.0.1:0",
            "--persist",
            "--dir",
        ])
        .arg(&dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "malformed input");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&file.display().to_string()), "{err}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        b"{ this is not json",
        "left as it was"
    );
}

#[test]
fn listening_beyond_loopback_needs_allow_remote() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dev");
    let out = Command::new(BIN)
        .args(["dev-server", "--listen", "0.0.0.0:0", "--dir"])
        .arg(&dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--allow-remote"), "{err}");
    assert!(!dir.exists(), "nothing written");
}

#[test]
fn a_partial_pki_is_refused_with_the_missing_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dev");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ca.pem"), b"x").unwrap();
    let out = Command::new(BIN)
        .args(["dev-server", "--listen", "127.0.0.1:0", "--dir"])
        .arg(&dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("server.pem"), "{err}");
}

#[test]
fn hidden_fault_flags_reach_the_server() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dev");
    let running = start(&dir, &["--fault-error", "PermissionDenied"]);
    assert!(
        running.banner.contains("FAULT INJECTION ON"),
        "{}",
        running.banner
    );
    let mut s = connect(
        "127.0.0.1",
        running.port,
        &settings(&dir),
        Instant::now() + Duration::from_secs(10),
    )
    .unwrap();
    let bytes = round_trip(&mut s, &create_request(V), Duration::from_secs(10)).unwrap();
    let r = ResponseMessage::<'_, 4>::decode(&bytes, V).unwrap();
    assert_eq!(
        r.first().unwrap().result_reason,
        Some(ResultReason::PERMISSION_DENIED)
    );
    // They are hidden from --help.
    let help = Command::new(BIN)
        .args(["dev-server", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("--persist") && !help.contains("--fault"),
        "{help}"
    );
}
