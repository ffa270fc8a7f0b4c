//! Shared helpers for the workspace integration tests: where the shared vectors are, and how
//! to read them.
//!
//! The shared test material (`../shared/kmip/`: public vectors, PyKMIP captures) is not copied
//! into this repository. Tests find it through `KMIPKIT_SHARED` (which `.ci/run` sets, and
//! which must then point at an existing folder), or beside the checkout at `../shared`. When it
//! is in neither place the shared-vector tests say loudly that they did not run.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The shared folder (the one holding `kmip/`), or `None` after printing that the suite named
/// `suite` is not run. Panics when `KMIPKIT_SHARED` is set but wrong, or when running in CI
/// (`CI` set) without the folder: there a missing suite is a failure, not a skip.
pub fn shared_dir(suite: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("KMIPKIT_SHARED") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("kmip").is_dir(),
            "KMIPKIT_SHARED={} has no kmip/ folder: the {suite} suite cannot run",
            dir.display()
        );
        return Some(dir);
    }
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    if beside.join("kmip").is_dir() {
        return Some(beside);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but the shared folder was not found (set KMIPKIT_SHARED): the {suite} suite must run in CI"
    );
    // Written straight to the process's stderr so that the test harness does not swallow it.
    let _ = writeln!(
        std::io::stderr(),
        "\n*** NOTE: the {suite} suite was NOT run: ../shared (or KMIPKIT_SHARED) was not found ***\n"
    );
    None
}

/// One entry of `kmip/vectors/public-vectors.json`.
#[derive(Debug, Clone)]
pub struct Vector {
    /// Its name.
    pub name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// `accept` or `reject`.
    pub accept: bool,
    /// For reject vectors: the reference checker's error text.
    pub check_error: Option<String>,
    /// For accept vectors: the readable tree, one line per item.
    pub decoded: Vec<String>,
    /// `kmip_version` as written in the file.
    pub kmip_version: String,
    /// `kind` as written in the file.
    pub kind: String,
}

/// The vectors file as JSON values, for tests that read fields of their own.
pub fn vectors_json(shared: &Path) -> Vec<serde_json::Value> {
    let path = shared.join("kmip/vectors/public-vectors.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    match serde_json::from_str(&text).expect("vectors are JSON") {
        serde_json::Value::Array(a) => a,
        _ => panic!("{}: not a list of vectors", path.display()),
    }
}

/// Reads every vector.
pub fn public_vectors(shared: &Path) -> Vec<Vector> {
    vectors_json(shared)
        .iter()
        .map(|v| {
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
            let name = s("name").expect("name");
            let hex = s("hex").unwrap_or_else(|| panic!("{name}: no hex"));
            Vector {
                bytes: hex::decode(&hex).unwrap_or_else(|e| panic!("{name}: bad hex: {e}")),
                accept: match s("expect").as_deref() {
                    Some("accept") => true,
                    Some("reject") => false,
                    other => panic!("{name}: unknown expect {other:?}"),
                },
                check_error: s("check_error"),
                decoded: v
                    .get("decoded")
                    .and_then(|d| d.as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|l| l.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default(),
                kmip_version: s("kmip_version").unwrap_or_default(),
                kind: s("kind").unwrap_or_default(),
                name,
            }
        })
        .collect()
}

/// One captured message: its file name and bytes.
#[derive(Debug, Clone)]
pub struct Capture {
    /// File name, e.g. `kmip14_07_get_resp.hex`.
    pub file: String,
    /// The message.
    pub bytes: Vec<u8>,
}

/// Every `*.hex` file under `kmip/pykmip-captures/` (recursively).
pub fn captures(shared: &Path) -> Vec<Capture> {
    fn walk(dir: &Path, out: &mut Vec<Capture>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .map(|e| e.expect("dir entry").path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "hex") {
                let text = std::fs::read_to_string(&p).expect("readable capture");
                let bytes = hex::decode(text.trim())
                    .unwrap_or_else(|e| panic!("{}: bad hex: {e}", p.display()));
                out.push(Capture {
                    file: p
                        .strip_prefix(dir)
                        .unwrap_or(&p)
                        .to_string_lossy()
                        .into_owned(),
                    bytes,
                });
            }
        }
    }
    let mut out = Vec::new();
    walk(&shared.join("kmip/pykmip-captures"), &mut out);
    out
}
