//! Conformance from the other side: PyKMIP 0.11's own client (`ProxyKmipClient`) talks to our
//! development server and does create, get attributes, activate, get, locate, get attribute
//! list, encrypt/decrypt (CBC, and GCM with additional data from 1.4), revoke and destroy, in
//! KMIP 1.2, 1.4 and 2.0 (`tests/pykmip/client_ops.py`).
//!
//! The server runs in this process on 127.0.0.1:0 with a test PKI in a temporary directory;
//! the script runs with the Python of the virtual environment in `KMIPKIT_PYKMIP_VENV` (as made
//! by `.ci/pykmip.sh setup DIR`: `DIR/venv`). Under `CI` a missing venv fails the test;
//! elsewhere the test says loudly that it did not run. Every process started is stopped.

mod dev_server_support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dev_server_support::TestServer;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/pykmip/client_ops.py");
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(120);

fn venv_python(test: &str) -> Option<PathBuf> {
    let venv = std::env::var_os("KMIPKIT_PYKMIP_VENV").filter(|v| !v.is_empty());
    let python = venv.map(|v| Path::new(&v).join("bin").join("python"));
    match python {
        Some(p) if p.exists() => Some(p),
        other => {
            let why = match other {
                Some(p) => format!("{} does not exist", p.display()),
                None => "KMIPKIT_PYKMIP_VENV is not set".to_owned(),
            };
            if std::env::var_os("CI").is_some() {
                panic!(
                    "{test}: CI is set but {why}: create the venv with `.ci/pykmip.sh setup DIR` \
                     and export KMIPKIT_PYKMIP_VENV=DIR/venv"
                );
            }
            // Straight to stderr: the test harness captures eprintln!, not this.
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED {test}: {why} (create a PyKMIP venv with `.ci/pykmip.sh setup \
                 DIR` and export KMIPKIT_PYKMIP_VENV=DIR/venv) ***\n"
            );
            None
        }
    }
}

/// PyKMIP's client configuration (the `[client]` section it reads).
fn client_conf(t: &TestServer) -> PathBuf {
    let path = t.dir.path().join("pykmip-client.conf");
    let conf = format!(
        "[client]\nhost=127.0.0.1\nport={}\ncertfile={}\nkeyfile={}\nca_certs={}\n\
         cert_reqs=CERT_REQUIRED\nssl_version=PROTOCOL_SSLv23\ndo_handshake_on_connect=True\n\
         suppress_ragged_eofs=True\ntimeout=30\n",
        t.port(),
        t.paths.client_cert.display(),
        t.paths.client_key.display(),
        t.paths.ca.display(),
    );
    std::fs::write(&path, conf).unwrap();
    path
}

/// Runs the script for `version`; returns (passed, output). Kills it (by its pid, through the
/// child handle) if it runs past the timeout.
fn run_script(python: &Path, conf: &Path, version: &str) -> (bool, String) {
    let mut child = Command::new(python)
        .arg(SCRIPT)
        .arg("--config")
        .arg(conf)
        .arg("--version")
        .arg(version)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the PyKMIP client script");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let deadline = Instant::now() + SCRIPT_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = format!(
        "{}{}",
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default()
    );
    match status {
        Some(s) => (s.success() && output.contains("PASS"), output),
        None => (
            false,
            format!("{output}\n(killed after {SCRIPT_TIMEOUT:?})"),
        ),
    }
}

fn conformance(version: &str) {
    let test = format!("pykmip_client_against_dev_server_kmip_{version}");
    let Some(python) = venv_python(&test) else {
        return;
    };
    let t = TestServer::start();
    let conf = client_conf(&t);
    let (passed, output) = run_script(&python, &conf, version);
    eprintln!("{output}");
    assert!(
        passed,
        "PyKMIP's client failed against the dev server in KMIP {version}:\n{output}"
    );
    assert!(t.server.stats().requests >= 20, "{:?}", t.server.stats());
    t.server.shutdown();
}

#[test]
fn pykmip_client_kmip_1_2() {
    conformance("1.2");
}

#[test]
fn pykmip_client_kmip_1_4() {
    conformance("1.4");
}

#[test]
fn pykmip_client_kmip_2_0() {
    conformance("2.0");
}
