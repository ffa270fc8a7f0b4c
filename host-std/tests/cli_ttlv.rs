//! `kmipkit ttlv decode` / `kmipkit ttlv encode`, run as a user runs them.

use kmipkit_tests::{captures, public_vectors, shared_dir};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn kmipkit(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kmipkit"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kmipkit runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The KMIP spec's Structure example: {Enumeration 254, Integer 255}.
const SPEC_STRUCTURE: &str =
    "42002001000000204200040500000004000000fe000000004200050200000004000000ff00000000";

/// A Get response whose key material must be redacted.
const GET_RESPONSE: &str = "42008f0100000028420040010000002042004501000000184200430800000010000102030405060708090a0b0c0d0e0f";

#[test]
fn decode_prints_one_line_per_item_with_names() {
    let o = kmipkit(&["ttlv", "decode", SPEC_STRUCTURE], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(
        out.contains("CompromiseDate [420020] Structure (32 bytes)"),
        "{out}"
    );
    assert!(out.contains("[420005] Integer: 255"), "{out}");
}

#[test]
fn key_material_is_redacted_unless_revealed() {
    let o = kmipkit(&["ttlv", "decode", GET_RESPONSE], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("KeyMaterial [420043] ByteString: <redacted, 16 bytes>"),
        "{out}"
    );
    assert!(!out.contains("000102030405"), "{out}");
    let o = kmipkit(&["ttlv", "decode", "--reveal", GET_RESPONSE], b"");
    assert!(stdout(&o).contains("000102030405060708090a0b0c0d0e0f"));
}

#[test]
fn input_from_a_file_raw_or_hex_and_from_stdin() {
    let dir = std::env::temp_dir().join(format!("kmipkit-cli-ttlv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let raw = dir.join("msg.bin");
    let hexfile = dir.join("msg.hex");
    std::fs::write(&raw, hex::decode(SPEC_STRUCTURE).unwrap()).unwrap();
    std::fs::write(&hexfile, format!("{}\n", SPEC_STRUCTURE.to_uppercase())).unwrap();
    let expected = stdout(&kmipkit(&["ttlv", "decode", SPEC_STRUCTURE], b""));
    for args in [
        vec!["ttlv", "decode", "--in", raw.to_str().unwrap()],
        vec!["ttlv", "decode", "--in", hexfile.to_str().unwrap()],
    ] {
        let o = kmipkit(&args, b"");
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), expected, "{args:?}");
    }
    let o = kmipkit(&["ttlv", "decode"], &hex::decode(SPEC_STRUCTURE).unwrap());
    assert_eq!(stdout(&o), expected);
    let o = kmipkit(&["ttlv", "decode"], SPEC_STRUCTURE.as_bytes());
    assert_eq!(stdout(&o), expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn malformed_input_exits_6_with_the_offset_and_the_rule() {
    let cases = [
        (
            "42002002000000050000000100000000",
            "byte 0",
            "bad length 5 for Integer",
        ),
        ("42002002000000040000000800000001", "byte 12", "padding"),
        ("4200200000000020", "byte 0", "type byte 0x00"),
        (
            "1100200200000004000000080000000000",
            "byte 0",
            "tag 0x110020",
        ),
        ("42002006000000080000000000000002", "byte 0", "Boolean"),
        ("4200200700000001ff00000000000000", "byte 0", "UTF-8"),
        ("42002002000000040000000800000000ff", "byte 16", "trailing"),
        ("zz", "", "not hex"),
        ("abc", "", "odd number"),
    ];
    for (input, at, rule) in cases {
        let o = kmipkit(&["ttlv", "decode", input], b"");
        assert_eq!(o.status.code(), Some(6), "{input}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(at) && err.contains(rule), "{input}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let o = kmipkit(
        &["ttlv", "encode"],
        b"{\"tag\": \"Nope\", \"type\": \"Integer\", \"value\": 1}",
    );
    assert_eq!(o.status.code(), Some(6));
    assert!(
        stderr(&o).contains("unknown tag \"Nope\""),
        "{}",
        stderr(&o)
    );
    let o = kmipkit(
        &["ttlv", "encode"],
        b"{\"tag\": \"State\", \"type\": \"Enumeration\", \"value\": \"Sleepy\"}",
    );
    assert_eq!(o.status.code(), Some(6));
    assert!(
        stderr(&o).contains("$.value") && stderr(&o).contains("Sleepy"),
        "{}",
        stderr(&o)
    );
    let o = kmipkit(&["ttlv", "encode"], b"[1,");
    assert_eq!(o.status.code(), Some(6));
    assert!(stderr(&o).contains("line 1"), "{}", stderr(&o));
}

#[test]
fn encode_accepts_names_or_hex_and_writes_raw_on_request() {
    let json = br#"{"tag": "0x420020", "type": "Structure", "value": [
        {"tag": "0x420004", "type": "Enumeration", "value": "0x000000FE"},
        {"tag": "0x420005", "type": "Integer", "value": 255}]}"#;
    let o = kmipkit(&["ttlv", "encode"], json);
    assert_eq!(stdout(&o).trim(), SPEC_STRUCTURE);
    let o = kmipkit(&["ttlv", "encode", "--upper"], json);
    assert_eq!(stdout(&o).trim(), SPEC_STRUCTURE.to_uppercase());
    let o = kmipkit(&["ttlv", "encode", "--raw"], json);
    assert_eq!(o.stdout, hex::decode(SPEC_STRUCTURE).unwrap());
    let named = br#"{"tag": "State", "type": "Enumeration", "value": "Active"}"#;
    assert_eq!(
        stdout(&kmipkit(&["ttlv", "encode"], named)).trim(),
        "42008d05000000040000000200000000"
    );
}

/// `kmipkit ttlv decode --json HEX | kmipkit ttlv encode` gives back HEX, for every valid
/// message of the shared vectors and captures.
#[test]
fn json_round_trip_through_the_binary_for_every_shared_message() {
    let Some(shared) = shared_dir("CLI JSON round-trip") else {
        return;
    };
    let mut messages: Vec<(String, Vec<u8>)> = public_vectors(&shared)
        .into_iter()
        .filter(|v| v.accept)
        .map(|v| (v.name, v.bytes))
        .collect();
    messages.extend(captures(&shared).into_iter().map(|c| (c.file, c.bytes)));
    for (name, bytes) in messages {
        let hex = hex::encode(&bytes);
        let json = kmipkit(&["ttlv", "decode", "--json", &hex], b"");
        assert!(json.status.success(), "{name}: {}", stderr(&json));
        let back = kmipkit(&["ttlv", "encode"], &json.stdout);
        assert!(back.status.success(), "{name}: {}", stderr(&back));
        assert_eq!(stdout(&back).trim(), hex, "{name}");
    }
}
