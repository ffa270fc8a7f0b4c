//! `kmipkit ttlv decode` and `kmipkit ttlv encode`.

use super::CliError;
use crate::exit;
use clap::{Args, Subcommand};
use kmipkit_core::ttlv::json::{from_json_str, to_json_string, JsonOptions};
use kmipkit_core::ttlv::{decode_with, print, DecodeOptions, PrintOptions};
use std::io::{Read, Write};
use std::path::PathBuf;

/// The `ttlv` subcommands.
#[derive(Debug, Subcommand)]
pub enum TtlvCommand {
    /// Decode one TTLV message and print it as a tree (or as KMIP JSON with --json).
    ///
    /// The input is hex from the argument, or the file given with --in (raw bytes or hex), or
    /// standard input (raw bytes or hex). Whitespace in hex is ignored. The message is
    /// checked strictly; a malformed one is reported with the byte offset and the rule it
    /// breaks, and the exit code is 6.
    ///
    /// Key material, passwords and plaintext are redacted in the tree unless --reveal is
    /// given. The JSON output is a lossless encoding (so that `decode --json | encode` gives
    /// back the same bytes) and therefore always carries them.
    Decode(DecodeArgs),
    /// Encode one KMIP JSON item (as printed by `decode --json`) to TTLV, printed as hex.
    ///
    /// Reads the JSON from standard input, or from the file given with --in. Tags and
    /// enumerations may be names or hex.
    Encode(EncodeArgs),
}

/// Arguments of `ttlv decode`.
#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The message as hex (omit to read --in or standard input).
    #[arg(value_name = "HEX")]
    pub hex: Option<String>,
    /// Read the message from this file (raw bytes or hex).
    #[arg(long = "in", value_name = "FILE", conflicts_with = "hex")]
    pub input: Option<PathBuf>,
    /// Print the KMIP JSON mapping instead of the tree.
    #[arg(long)]
    pub json: bool,
    /// Show key material, passwords and plaintext in the tree.
    #[arg(long)]
    pub reveal: bool,
    /// Largest message accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DecodeOptions::STRICT.max_message_size)]
    pub max_size: u32,
    /// Deepest structure nesting accepted.
    #[arg(long, value_name = "LEVELS", default_value_t = DecodeOptions::STRICT.max_depth,
          value_parser = clap::value_parser!(u8).range(1..=kmipkit_core::ttlv::MAX_DEPTH as i64))]
    pub max_depth: u8,
}

/// Arguments of `ttlv encode`.
#[derive(Debug, Args)]
pub struct EncodeArgs {
    /// Read the JSON from this file instead of standard input.
    #[arg(long = "in", value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Write the raw bytes instead of hex.
    #[arg(long)]
    pub raw: bool,
    /// Print upper-case hex.
    #[arg(long, conflicts_with = "raw")]
    pub upper: bool,
}

/// Runs a `ttlv` subcommand.
pub fn run(cmd: TtlvCommand) -> Result<(), CliError> {
    match cmd {
        TtlvCommand::Decode(a) => run_decode(a),
        TtlvCommand::Encode(a) => run_encode(a),
    }
}

fn read_input(path: Option<&PathBuf>) -> Result<Vec<u8>, CliError> {
    match path {
        Some(p) => std::fs::read(p).map_err(|e| {
            CliError::new(
                exit::USAGE,
                format!("cannot read --in {}: {e}", p.display()),
            )
        }),
        None => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map_err(|e| {
                CliError::new(exit::FAILURE, format!("cannot read standard input: {e}"))
            })?;
            Ok(buf)
        }
    }
}

/// Hex text (whitespace ignored, an optional `0x` prefix) to bytes.
pub(super) fn parse_hex(text: &str, what: &str) -> Result<Vec<u8>, CliError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = compact
        .strip_prefix("0x")
        .or_else(|| compact.strip_prefix("0X"))
        .unwrap_or(&compact);
    if let Some((i, c)) = digits.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
        return Err(CliError::new(
            exit::BAD_INPUT,
            format!("{what} is not hex: {c:?} at character {i}"),
        ));
    }
    if digits.len() % 2 != 0 {
        return Err(CliError::new(
            exit::BAD_INPUT,
            format!("{what} has an odd number of hex digits ({})", digits.len()),
        ));
    }
    hex::decode(digits).map_err(|e| CliError::new(exit::BAD_INPUT, format!("{what}: {e}")))
}

/// A file or standard input holds raw TTLV, or hex of it: TTLV starts with a 0x42 or 0x54 tag
/// byte, which as text is neither a hex digit nor whitespace, so the two cannot be confused.
fn bytes_or_hex(data: Vec<u8>, what: &str) -> Result<Vec<u8>, CliError> {
    let looks_hex = !data.is_empty()
        && data
            .iter()
            .all(|b| b.is_ascii_hexdigit() || b.is_ascii_whitespace() || *b == b'x' || *b == b'X');
    if looks_hex {
        let text = String::from_utf8_lossy(&data);
        parse_hex(&text, what)
    } else {
        Ok(data)
    }
}

fn run_decode(a: DecodeArgs) -> Result<(), CliError> {
    let bytes = match (&a.hex, &a.input) {
        (Some(h), _) => parse_hex(h, "the HEX argument")?,
        (None, Some(p)) => bytes_or_hex(read_input(Some(p))?, &format!("--in {}", p.display()))?,
        (None, None) => bytes_or_hex(read_input(None)?, "standard input")?,
    };
    if bytes.is_empty() {
        return Err(CliError::new(
            exit::BAD_INPUT,
            "no input: give HEX, --in FILE, or data on standard input",
        ));
    }
    let opts = DecodeOptions {
        max_message_size: a.max_size,
        max_depth: a.max_depth,
        ..DecodeOptions::STRICT
    };
    let item =
        decode_with(&bytes, &opts).map_err(|e| CliError::new(exit::BAD_INPUT, e.to_string()))?;
    let out = if a.json {
        let mut s = to_json_string(&item, &JsonOptions { reveal: true });
        s.push('\n');
        s
    } else {
        let mut s = String::new();
        // Writing into a String cannot fail.
        let _ = print(&item, &PrintOptions { reveal: a.reveal }, &mut s);
        s
    };
    write_stdout(out.as_bytes())
}

fn run_encode(a: EncodeArgs) -> Result<(), CliError> {
    let data = read_input(a.input.as_ref())?;
    let text = String::from_utf8(data)
        .map_err(|e| CliError::new(exit::BAD_INPUT, format!("the JSON is not UTF-8: {e}")))?;
    let element =
        from_json_str(&text).map_err(|e| CliError::new(exit::BAD_INPUT, e.to_string()))?;
    let bytes = element
        .to_bytes()
        .map_err(|e| CliError::new(exit::BAD_INPUT, e.to_string()))?;
    if a.raw {
        write_stdout(&bytes)
    } else {
        let mut h = if a.upper {
            hex::encode_upper(&bytes)
        } else {
            hex::encode(&bytes)
        };
        h.push('\n');
        write_stdout(h.as_bytes())
    }
}

pub(super) fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is the reader's choice, not our failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::new(
            exit::FAILURE,
            format!("cannot write the output: {e}"),
        )),
    }
}
