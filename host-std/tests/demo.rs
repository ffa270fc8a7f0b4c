//! `kmipkit demo`, the README's main job: it must run end to end for every protocol version,
//! keep the key redacted unless asked, and leave nothing running or behind.

use std::process::{Command, Output};

fn demo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kmipkit"))
        .arg("demo")
        .args(args)
        .output()
        .expect("kmipkit runs")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn the_tour_runs_end_to_end_with_failover_and_a_server_side_wrap() {
    let o = demo(&[]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}\n{err}");
    for expected in [
        "failed over: 127.0.0.1:",
        "the server speaks KMIP 2.1, 2.0, 1.4",
        "State = Active",
        "32 key bytes: <redacted",
        "AES-GCM, with associated data",
        "the data key comes back intact",
        "State = Deactivated",
        "destroyed",
        "the development server is stopped",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
}

#[test]
fn every_protocol_version_takes_the_path_it_can() {
    for (version, wraps_with) in [
        ("1.0", None),
        ("1.2", Some("AES-CBC")),
        ("1.4", Some("AES-GCM")),
        ("2.0", Some("AES-GCM")),
        ("2.1", Some("AES-GCM")),
    ] {
        let o = demo(&["--protocol", version]);
        let (out, err) = text(&o);
        assert!(o.status.success(), "{version}: {out}\n{err}");
        match wraps_with {
            Some(mode) => {
                assert!(out.contains(mode), "{version}: {out}");
                assert!(out.contains("comes back intact"), "{version}: {out}");
            }
            None => assert!(
                out.contains("Encrypt exists from KMIP 1.2"),
                "{version}: {out}"
            ),
        }
        assert!(out.contains("State = Deactivated"), "{version}: {out}");
    }
}

#[test]
fn the_key_is_shown_only_when_revealed_and_the_trace_is_redacted() {
    let o = demo(&["--reveal"]);
    let (out, _) = text(&o);
    let line = out
        .lines()
        .find(|l| l.contains("32 key bytes:"))
        .expect("key line");
    let hex = line.rsplit(": ").next().unwrap();
    assert_eq!(hex.len(), 64, "{line}");
    assert!(hex.chars().all(|c| c.is_ascii_hexdigit()), "{line}");

    let o = demo(&["--trace"]);
    let (out, err) = text(&o);
    assert!(o.status.success());
    assert!(
        err.contains("RequestMessage") && err.contains("ResponseMessage"),
        "{err}"
    );
    assert!(
        err.contains("KeyMaterial") && err.contains("<redacted"),
        "{err}"
    );
    assert!(out.contains("<redacted"), "{out}");
}

#[test]
fn a_bad_protocol_version_is_a_usage_error() {
    let o = demo(&["--protocol", "3.0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("--protocol 3.0"));
}
