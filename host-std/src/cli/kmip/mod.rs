//! The KMIP commands: `kmipkit get UID`, `kmipkit create --name NAME`, … over the std client
//! ([`crate::client::KmipClient`]), with PSMDB's connection options (`--kmipServerName`, …,
//! or `--config mongod.conf`) before or after the command.
//!
//! Output is text that says what happened (`created 3 (AES-256, Pre-Active)`); `--json`
//! prints the response payload in the KMIP JSON mapping instead; `--trace` shows every
//! request and response on standard error. Key material is printed only with `--reveal`.
//! Failures map onto the exit codes of [`crate::exit`].

mod fail;
mod parse;
mod show;

pub use parse::HexBytes;

use super::ttlv::write_stdout;
use super::CliError;
use crate::client::{ClientOptions, KmipClient, WireOptions};
use crate::config::KmipArgs;
use crate::exit;
use clap::{Args, Subcommand, ValueEnum};
use kmipkit_core::client::ops::Changed;
use kmipkit_core::client::ops::{
    CreateSymmetricKey, Decrypt, Encrypt, Lookup, RegisterSymmetricKey, Reply, Revoke,
};
use kmipkit_core::client::{ClientError, Created, FailureKind, Mismatch, ServerError};
use kmipkit_core::kmip::ops::{
    DecryptRequest, EncryptRequest, GetAttributeListRequest, LocateRequest, RequestPayload,
    ResponsePayload, RevokeRequest,
};
use kmipkit_core::kmip::{
    Attribute, AttributeReference, AttributeValue, CryptographicParameters, Name, Object, Uid,
};
use kmipkit_core::ttlv::{
    BlockCipherMode, CryptographicAlgorithm, CryptographicUsageMask, ObjectType, Operation,
    PaddingMethod, QueryFunction, RevocationReasonCode, State, Tag,
};
use show::{attribute_name, attribute_value, tag_name};
use std::fmt::Write as _;

/// Options every KMIP command takes (after the command).
#[derive(Debug, Args, Clone, Copy, Default, PartialEq, Eq)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Print the response payload in the KMIP JSON mapping (as `kmipkit ttlv decode --json`)
    /// instead of text; key material and data are redacted unless --reveal is given.
    #[arg(long)]
    pub json: bool,
    /// Show key material (and, in --json and --trace, data and other secrets).
    #[arg(long)]
    pub reveal: bool,
    /// Print every request and response as a TTLV tree on standard error (secrets redacted
    /// unless --reveal is given).
    #[arg(long)]
    pub trace: bool,
}

/// A command that names one object.
#[derive(Debug, Args, Clone)]
pub struct UidArgs {
    /// The object's Unique Identifier.
    #[arg(value_name = "UID")]
    pub uid: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
}

/// `create`.
#[derive(Debug, Args, Clone)]
pub struct CreateArgs {
    /// The new key's Name (unique: it is how an answer lost in transit is recovered).
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// Cryptographic Algorithm (AES, TDES, …; any name of the KMIP table).
    #[arg(long, value_name = "ALGORITHM", default_value = "AES", value_parser = parse::algorithm)]
    pub algorithm: CryptographicAlgorithm,
    /// Cryptographic Length, in bits.
    #[arg(long, value_name = "BITS", default_value_t = 256,
          value_parser = clap::value_parser!(i32).range(1..))]
    pub length: i32,
    /// Cryptographic Usage Mask: bit names joined by | (quote it in a shell) or ",".
    #[arg(long, value_name = "BITS", default_value = "Encrypt|Decrypt", value_parser = parse::usage)]
    pub usage: CryptographicUsageMask,
    /// Activate the key on the same connection (otherwise it stays Pre-Active).
    #[arg(long)]
    pub activate: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
}

/// `register`.
#[derive(Debug, Args, Clone)]
pub struct RegisterArgs {
    /// The AES key, hex (16, 24 or 32 bytes); registered as Raw, usage Encrypt|Decrypt.
    #[arg(long, value_name = "HEX", value_parser = parse::aes_key)]
    pub key: HexBytes,
    /// The key's Name (makes an answer lost in transit recoverable).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Activate the key on the same connection (otherwise it stays Pre-Active).
    #[arg(long)]
    pub activate: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
}

/// `get-attributes`.
#[derive(Debug, Args, Clone)]
pub struct GetAttributesArgs {
    /// The object's Unique Identifier.
    #[arg(value_name = "UID")]
    pub uid: String,
    /// Only this attribute (repeatable): State, Name, CryptographicLength, "Cryptographic
    /// Length", …; all of them when absent.
    #[arg(long = "attribute", value_name = "NAME", value_parser = parse::attribute)]
    pub attributes: Vec<Tag>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
}

/// `locate`.
#[derive(Debug, Args, Clone)]
pub struct LocateArgs {
    /// Objects with this Name.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Objects in this State (PreActive, Active, Deactivated, Compromised, Destroyed, …).
    #[arg(long, value_name = "STATE", value_parser = parse::state)]
    pub state: Option<State>,
    /// Objects of this Object Type (SymmetricKey, SecretData, …).
    #[arg(long = "object-type", value_name = "TYPE", value_parser = parse::object_type)]
    pub object_type: Option<ObjectType>,
    /// At most this many identifiers.
    #[arg(long = "max-items", value_name = "N", value_parser = clap::value_parser!(i32).range(1..))]
    pub max_items: Option<i32>,
    /// Skip this many matches first (KMIP 1.3 and later).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(0..))]
    pub offset: Option<i32>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
}

/// `revoke`.
#[derive(Debug, Args, Clone)]
pub struct RevokeArgs {
    /// The object's Unique Identifier.
    #[arg(value_name = "UID")]
    pub uid: String,
    /// Revocation Reason Code (Unspecified, KeyCompromise, CACompromise, AffiliationChanged,
    /// Superseded, CessationOfOperation, PrivilegeWithdrawn).
    #[arg(long, value_name = "REASON", default_value = "Unspecified", value_parser = parse::revocation_reason)]
    pub reason: RevocationReasonCode,
    /// Revocation Message.
    #[arg(long, value_name = "TEXT")]
    pub message: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
}

/// The block cipher modes of `encrypt` and `decrypt` (AES).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    /// AES-GCM, 16-byte tag (the tag travels from KMIP 1.4).
    Gcm,
    /// AES-CBC with PKCS#5 padding.
    Cbc,
}

/// `encrypt`.
#[derive(Debug, Args, Clone)]
pub struct EncryptArgs {
    /// The key's Unique Identifier (an Active AES key).
    #[arg(value_name = "UID")]
    pub uid: String,
    /// The block cipher mode.
    #[arg(long, value_enum)]
    pub mode: Mode,
    /// The plaintext, hex.
    #[arg(long, value_name = "HEX", value_parser = parse::hex_bytes)]
    pub data: HexBytes,
    /// The IV or nonce, hex (the server makes a random one when absent).
    #[arg(long, value_name = "HEX", value_parser = parse::hex_bytes)]
    pub iv: Option<HexBytes>,
    /// GCM additional authenticated data, hex (KMIP 1.4 and later).
    #[arg(long, value_name = "HEX", value_parser = parse::hex_bytes)]
    pub aad: Option<HexBytes>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
}

/// `decrypt`.
#[derive(Debug, Args, Clone)]
pub struct DecryptArgs {
    /// The key's Unique Identifier.
    #[arg(value_name = "UID")]
    pub uid: String,
    /// The block cipher mode.
    #[arg(long, value_enum)]
    pub mode: Mode,
    /// The ciphertext, hex.
    #[arg(long, value_name = "HEX", value_parser = parse::hex_bytes)]
    pub data: HexBytes,
    /// The IV or nonce that encrypt used, hex.
    #[arg(long, value_name = "HEX", value_parser = parse::hex_bytes)]
    pub iv: HexBytes,
    /// The GCM tag, hex (KMIP 1.4 and later).
    #[arg(long, value_name = "HEX", value_parser = parse::hex_bytes)]
    pub tag: Option<HexBytes>,
    /// GCM additional authenticated data, hex (KMIP 1.4 and later).
    #[arg(long, value_name = "HEX", value_parser = parse::hex_bytes)]
    pub aad: Option<HexBytes>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
}

/// The KMIP commands (flattened into the top-level command list).
#[derive(Debug, Subcommand, Clone)]
pub enum KmipCommand {
    /// Ask the server which KMIP versions it speaks (Discover Versions, KMIP 1.1 and later).
    DiscoverVersions(OutputArgs),
    /// Ask the server what it supports: operations, object types, vendor (Query).
    Query(OutputArgs),
    /// Create a symmetric key on the server: AES-256 for Encrypt|Decrypt unless told
    /// otherwise. It starts Pre-Active (or Active with --activate). Prints its UID.
    Create(CreateArgs),
    /// Register a raw AES key made elsewhere (Pre-Active unless --activate). Prints its UID.
    Register(RegisterArgs),
    /// Get an object: its type, algorithm and length; the key bytes with --reveal.
    Get(UidArgs),
    /// Get an object's attributes (all, or those named with --attribute).
    GetAttributes(GetAttributesArgs),
    /// List the names of an object's attributes (Get Attribute List).
    GetAttributeList(UidArgs),
    /// Activate an object (Pre-Active → Active).
    Activate(UidArgs),
    /// Find objects by Name, State and Object Type; prints one UID a line.
    Locate(LocateArgs),
    /// Revoke an object (Active → Deactivated; Compromised for a compromise reason).
    Revoke(RevokeArgs),
    /// Destroy an object (not Active: revoke it first).
    Destroy(UidArgs),
    /// Encrypt data with a key held by the server (KMIP 1.2 and later).
    Encrypt(EncryptArgs),
    /// Decrypt data with a key held by the server (KMIP 1.2 and later).
    Decrypt(DecryptArgs),
}

impl KmipCommand {
    fn output(&self) -> OutputArgs {
        match self {
            KmipCommand::DiscoverVersions(o) | KmipCommand::Query(o) => *o,
            KmipCommand::Create(a) => a.output,
            KmipCommand::Register(a) => a.output,
            KmipCommand::Get(a)
            | KmipCommand::GetAttributeList(a)
            | KmipCommand::Activate(a)
            | KmipCommand::Destroy(a) => a.output,
            KmipCommand::GetAttributes(a) => a.output,
            KmipCommand::Locate(a) => a.output,
            KmipCommand::Revoke(a) => a.output,
            KmipCommand::Encrypt(a) => a.output,
            KmipCommand::Decrypt(a) => a.output,
        }
    }
}

/// What a command did: its text, and the operation whose response `--json` prints.
struct Done {
    text: String,
    operation: Operation,
}

impl Done {
    fn new(operation: Operation, text: impl Into<String>) -> Self {
        Done {
            text: text.into(),
            operation,
        }
    }
}

/// Runs a KMIP command with the connection options `kmip`.
pub fn run(cmd: KmipCommand, kmip: &KmipArgs) -> Result<(), CliError> {
    let config = kmip
        .load()
        .map_err(|e| CliError::new(exit::USAGE, e.to_string()))?;
    let keystore = config.keystore_options_set();
    if !keystore.is_empty() {
        eprintln!(
            "kmipkit: note: {} {} for the master-key keystore; the KMIP commands do not \
             use {}",
            keystore.join(", "),
            if keystore.len() == 1 { "is" } else { "are" },
            if keystore.len() == 1 { "it" } else { "them" },
        );
    }
    let output = cmd.output();
    let options = ClientOptions {
        wire: WireOptions {
            trace: output.trace,
            reveal: output.reveal,
            // Always: --json prints from it, and a refusal's whole message is read from it.
            record: true,
        },
        ..ClientOptions::default()
    };
    let mut client = KmipClient::with_options(&config, &options)
        .map_err(|e| CliError::new(exit::USAGE, e.to_string()))?;
    client
        .check_credentials()
        .map_err(|e| CliError::new(exit::USAGE, e.to_string()))?;
    let result = execute(&mut client, cmd);
    fail::note_failed_attempts(&client, result.is_ok());
    let done = result?;
    let text = if output.json {
        let responses = client.wire().responses();
        match show::payload_json(&responses, done.operation, output.reveal) {
            Some(mut json) => {
                json.push('\n');
                json
            }
            None => {
                return Err(CliError::new(
                    exit::FAILURE,
                    format!("no {} response to print as JSON", done.operation),
                ))
            }
        }
    } else {
        done.text
    };
    write_stdout(text.as_bytes())
}

fn execute(c: &mut KmipClient, cmd: KmipCommand) -> Result<Done, CliError> {
    c.wire().clear();
    match cmd {
        KmipCommand::DiscoverVersions(_) => discover_versions(c),
        KmipCommand::Query(_) => query(c),
        KmipCommand::Create(a) => create(c, &a),
        KmipCommand::Register(a) => register(c, &a),
        KmipCommand::Get(a) => get(c, &a),
        KmipCommand::GetAttributes(a) => get_attributes(c, &a),
        KmipCommand::GetAttributeList(a) => get_attribute_list(c, &a),
        KmipCommand::Activate(a) => {
            let r = c.activate(&a.uid);
            changed(c, r, &a.uid, Operation::ACTIVATE, "activated")
        }
        KmipCommand::Locate(a) => locate(c, &a),
        KmipCommand::Revoke(a) => revoke(c, &a),
        KmipCommand::Destroy(a) => {
            let r = c.destroy(&a.uid);
            changed(c, r, &a.uid, Operation::DESTROY, "destroyed")
        }
        KmipCommand::Encrypt(a) => encrypt(c, &a),
        KmipCommand::Decrypt(a) => decrypt(c, &a),
    }
}

/// Why a lookup gave no answer: not found, or the operation failed.
enum Miss {
    NotFound(ServerError),
    Failed(ClientError),
}

/// Turns a lookup into owned data (ending the borrow of the client's buffers), or a [`Miss`].
fn owned<T, U>(r: Result<Lookup<T>, ClientError>, f: impl FnOnce(T) -> U) -> Result<U, Miss> {
    match r {
        Ok(Lookup::Found(t)) => Ok(f(t)),
        Ok(Lookup::NotFound(e)) => Err(Miss::NotFound(e)),
        Err(e) => Err(Miss::Failed(e)),
    }
}

/// The exit code and message for a [`Miss`] on `uid`.
fn missed(c: &KmipClient, uid: &str, m: Miss) -> CliError {
    match m {
        Miss::NotFound(e) => fail::not_found(c, uid, &e),
        Miss::Failed(e) => fail::client_error(c, &e),
    }
}

fn discover_versions(c: &mut KmipClient) -> Result<Done, CliError> {
    // An empty list asks for every version the server speaks.
    let versions: Vec<String> = match c.discover_versions(&[]) {
        Ok(v) => v.protocol_versions.iter().map(|v| v.to_string()).collect(),
        Err(e) => return Err(fail::client_error(c, &e)),
    };
    let text = if versions.is_empty() {
        "the server named no KMIP version\n".to_owned()
    } else {
        format!(
            "KMIP versions (the server's preference first): {}\n",
            versions.join(", ")
        )
    };
    Ok(Done::new(Operation::DISCOVER_VERSIONS, text))
}

fn query(c: &mut KmipClient) -> Result<Done, CliError> {
    let functions = [
        QueryFunction::QUERY_OPERATIONS,
        QueryFunction::QUERY_OBJECTS,
        QueryFunction::QUERY_SERVER_INFORMATION,
    ];
    let text = match c.query(&functions) {
        Ok(q) => {
            let mut t = String::new();
            if let Some(v) = q.vendor_identification {
                let _ = writeln!(t, "vendor: {v}");
            }
            let ops: Vec<String> = q.operations.iter().map(|o| o.to_string()).collect();
            if !ops.is_empty() {
                let _ = writeln!(t, "operations: {}", ops.join(", "));
            }
            let types: Vec<String> = q.object_types.iter().map(|o| o.to_string()).collect();
            if !types.is_empty() {
                let _ = writeln!(t, "object types: {}", types.join(", "));
            }
            if t.is_empty() {
                t.push_str("the server answered Query with nothing\n");
            }
            t
        }
        Err(e) => return Err(fail::client_error(c, &e)),
    };
    Ok(Done::new(Operation::QUERY, text))
}

fn created_text(verb: &str, created: &Created, algorithm: &str, name: Option<&str>) -> String {
    let state = if created.activated {
        "Active"
    } else {
        "Pre-Active"
    };
    let mut t = format!("{verb} {} ({algorithm}, {state}", created.uid.as_str());
    if let Some(n) = name {
        let _ = write!(t, ", name {n:?}");
    }
    t.push(')');
    if created.found_by_name {
        t.push_str("; found by its name after an answer was lost");
    }
    t.push('\n');
    t
}

fn create(c: &mut KmipClient, a: &CreateArgs) -> Result<Done, CliError> {
    let spec = CreateSymmetricKey::new(a.algorithm, a.length, a.usage, Some(&a.name), a.activate);
    match c.create_symmetric_key(&spec) {
        Ok(created) => Ok(Done::new(
            Operation::CREATE,
            created_text(
                "created",
                &created,
                &format!("{}-{}", a.algorithm, a.length),
                Some(&a.name),
            ),
        )),
        Err(e) => Err(fail::client_error(c, &e)),
    }
}

fn register(c: &mut KmipClient, a: &RegisterArgs) -> Result<Done, CliError> {
    let key = a.key.bytes();
    let spec = RegisterSymmetricKey::aes(key, a.name.as_deref(), a.activate);
    match c.register_symmetric_key(&spec) {
        Ok(created) => Ok(Done::new(
            Operation::REGISTER,
            created_text(
                "registered",
                &created,
                &format!("AES-{}", key.len() * 8),
                a.name.as_deref(),
            ),
        )),
        Err(e) => Err(fail::client_error(c, &e)),
    }
}

fn get(c: &mut KmipClient, a: &UidArgs) -> Result<Done, CliError> {
    let reveal = a.output.reveal;
    let r = c.get(&a.uid);
    let text = owned(r, |g| {
        let mut t = String::new();
        let _ = writeln!(t, "uid: {}", g.unique_identifier);
        let _ = writeln!(t, "object type: {}", g.object_type);
        match &g.object {
            Object::SymmetricKey(kb)
            | Object::PublicKey(kb)
            | Object::PrivateKey(kb)
            | Object::SecretData { key_block: kb, .. } => {
                if let (Some(alg), Some(len)) =
                    (kb.cryptographic_algorithm, kb.cryptographic_length)
                {
                    let _ = writeln!(t, "algorithm: {alg}-{len}");
                }
                let _ = writeln!(t, "key format: {}", kb.key_format_type);
                key_line(&mut t, kb.plain_key(), kb.wrapped_key(), reveal);
            }
            _ => {}
        }
        t
    })
    .map_err(|m| missed(c, &a.uid, m))?;
    Ok(Done::new(Operation::GET, text))
}

fn key_line(t: &mut String, plain: Option<&[u8]>, wrapped: Option<&[u8]>, reveal: bool) {
    let _ = match (plain, wrapped) {
        (Some(k), _) if reveal => writeln!(t, "key: {}", hex::encode(k)),
        (Some(k), _) => writeln!(t, "key: {} bytes (hidden: --reveal prints them)", k.len()),
        (None, Some(w)) => writeln!(t, "key: wrapped, {} bytes", w.len()),
        (None, None) => writeln!(t, "key: not raw key bytes (see --json --reveal)"),
    };
}

fn get_attributes(c: &mut KmipClient, a: &GetAttributesArgs) -> Result<Done, CliError> {
    let refs: Vec<AttributeReference<'_>> = a
        .attributes
        .iter()
        .map(|t| AttributeReference::Tag(*t))
        .collect();
    let r = c.get_attributes(&a.uid, &refs);
    let text = owned(r, |g| {
        let mut t = String::new();
        for attr in g.attributes.iter() {
            let _ = writeln!(
                t,
                "{}: {}",
                attribute_name(&attr.value),
                attribute_value(&attr.value)
            );
        }
        t
    })
    .map_err(|m| missed(c, &a.uid, m))?;
    Ok(Done::new(Operation::GET_ATTRIBUTES, text))
}

fn get_attribute_list(c: &mut KmipClient, a: &UidArgs) -> Result<Done, CliError> {
    let request = GetAttributeListRequest {
        unique_identifier: Some(Uid::Text(&a.uid)),
    };
    let r = match c.call(RequestPayload::from(request)) {
        Ok(Reply::Payload(ResponsePayload::GetAttributeList(l))) => {
            let names: Vec<String> = l
                .attribute_references
                .iter()
                .map(|r| match r {
                    AttributeReference::Tag(t) => tag_name(t),
                    AttributeReference::Vendor { vendor: "", name } => name.to_owned(),
                    AttributeReference::Vendor { vendor, name } => format!("{vendor}-{name}"),
                })
                .collect();
            Ok(names)
        }
        Ok(Reply::NotFound(e)) => Err(Miss::NotFound(e)),
        Ok(_) => Err(Miss::Failed(ClientError::new(
            FailureKind::Unexpected(Mismatch::MissingPayload),
            c.report(),
        ))),
        Err(e) => Err(Miss::Failed(e)),
    };
    let names = r.map_err(|m| missed(c, &a.uid, m))?;
    let mut text = String::new();
    for n in names {
        let _ = writeln!(text, "{n}");
    }
    Ok(Done::new(Operation::GET_ATTRIBUTE_LIST, text))
}

/// Activate, Revoke, Destroy.
fn changed(
    c: &KmipClient,
    r: Result<Lookup<Changed>, ClientError>,
    uid: &str,
    operation: Operation,
    verb: &str,
) -> Result<Done, CliError> {
    let changed = owned(r, |ch| ch).map_err(|m| missed(c, uid, m))?;
    let text = if changed.already {
        format!("{verb} {uid} (found already {verb} after an answer was lost)\n")
    } else {
        format!("{verb} {uid}\n")
    };
    Ok(Done::new(operation, text))
}

fn locate(c: &mut KmipClient, a: &LocateArgs) -> Result<Done, CliError> {
    let mut attrs = Vec::new();
    if let Some(t) = a.object_type {
        attrs.push(Attribute::new(AttributeValue::ObjectType(t)));
    }
    if let Some(n) = &a.name {
        attrs.push(Attribute::new(AttributeValue::Name(Name::text(n))));
    }
    if let Some(s) = a.state {
        attrs.push(Attribute::new(AttributeValue::State(s)));
    }
    let request = LocateRequest {
        maximum_items: a.max_items,
        offset_items: a.offset,
        attributes: attrs.as_slice().into(),
        ..LocateRequest::default()
    };
    let uids: Vec<String> = match c.locate(request) {
        Ok(l) => l.unique_identifiers.iter().map(|u| u.to_string()).collect(),
        Err(e) => return Err(fail::client_error(c, &e)),
    };
    let mut text = String::new();
    for u in &uids {
        let _ = writeln!(text, "{u}");
    }
    if uids.is_empty() {
        eprintln!("kmipkit: no object matches");
    }
    Ok(Done::new(Operation::LOCATE, text))
}

fn revoke(c: &mut KmipClient, a: &RevokeArgs) -> Result<Done, CliError> {
    let mut request = RevokeRequest::new(a.uid.as_str(), a.reason);
    request.revocation_reason.message = a.message.as_deref();
    if matches!(
        a.reason,
        RevocationReasonCode::KEY_COMPROMISE | RevocationReasonCode::CA_COMPROMISE
    ) {
        // A compromise says when it happened; "now" is the least wrong default.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        request.compromise_occurrence_date = Some(now);
    }
    let r = c.run(&Revoke(request));
    changed(c, r, &a.uid, Operation::REVOKE, "revoked")
}

/// AES in `mode`: GCM with a 16-byte tag, or CBC with PKCS#5 padding; a random IV from the
/// server when none is given (encrypt only).
fn cipher(mode: Mode, random_iv: bool) -> CryptographicParameters<'static> {
    let mut p = CryptographicParameters {
        cryptographic_algorithm: Some(CryptographicAlgorithm::AES),
        random_iv: random_iv.then_some(true),
        ..CryptographicParameters::default()
    };
    match mode {
        Mode::Gcm => {
            p.block_cipher_mode = Some(BlockCipherMode::GCM);
            p.tag_length = Some(16);
        }
        Mode::Cbc => {
            p.block_cipher_mode = Some(BlockCipherMode::CBC);
            p.padding_method = Some(PaddingMethod::PKCS5);
        }
    }
    p
}

fn encrypt(c: &mut KmipClient, a: &EncryptArgs) -> Result<Done, CliError> {
    if a.aad.is_some() && a.mode != Mode::Gcm {
        return Err(CliError::new(exit::USAGE, "--aad needs --mode gcm"));
    }
    let request = EncryptRequest {
        unique_identifier: Some(Uid::Text(&a.uid)),
        cryptographic_parameters: Some(cipher(a.mode, a.iv.is_none())),
        data: Some(a.data.bytes()),
        iv_counter_nonce: a.iv.as_ref().map(HexBytes::bytes),
        authenticated_encryption_additional_data: a.aad.as_ref().map(HexBytes::bytes),
        ..EncryptRequest::default()
    };
    let given_iv = a.iv.as_ref().map(|iv| hex::encode(iv.bytes()));
    let mode = a.mode;
    let r = c.run(&Encrypt(request));
    let text = owned(r, |e| {
        let mut t = String::new();
        if let Some(d) = e.data {
            let _ = writeln!(t, "data: {}", hex::encode(d));
        }
        match (e.iv_counter_nonce, &given_iv) {
            (Some(iv), _) => {
                let _ = writeln!(t, "iv: {}", hex::encode(iv));
            }
            (None, Some(iv)) => {
                let _ = writeln!(t, "iv: {iv}");
            }
            (None, None) => {}
        }
        match e.authenticated_encryption_tag {
            Some(tag) => {
                let _ = writeln!(t, "tag: {}", hex::encode(tag));
            }
            None if mode == Mode::Gcm => {
                let _ = writeln!(
                    t,
                    "tag: none returned (the GCM tag travels from KMIP 1.4: try \
                     --kmipProtocolVersion 1.4)"
                );
            }
            None => {}
        }
        t
    })
    .map_err(|m| missed(c, &a.uid, m))?;
    Ok(Done::new(Operation::ENCRYPT, text))
}

fn decrypt(c: &mut KmipClient, a: &DecryptArgs) -> Result<Done, CliError> {
    if (a.aad.is_some() || a.tag.is_some()) && a.mode != Mode::Gcm {
        return Err(CliError::new(
            exit::USAGE,
            "--tag and --aad need --mode gcm",
        ));
    }
    let request = DecryptRequest {
        unique_identifier: Some(Uid::Text(&a.uid)),
        cryptographic_parameters: Some(cipher(a.mode, false)),
        data: Some(a.data.bytes()),
        iv_counter_nonce: Some(a.iv.bytes()),
        authenticated_encryption_additional_data: a.aad.as_ref().map(HexBytes::bytes),
        authenticated_encryption_tag: a.tag.as_ref().map(HexBytes::bytes),
        ..DecryptRequest::default()
    };
    let r = c.run(&Decrypt(request));
    let text = owned(r, |d| match d.data {
        Some(p) => format!("data: {}\n", hex::encode(p)),
        None => "data: (none)\n".to_owned(),
    })
    .map_err(|m| missed(c, &a.uid, m))?;
    Ok(Done::new(Operation::DECRYPT, text))
}

#[cfg(test)]
mod tests {
    use super::super::{Cli, Command};
    use super::*;
    use clap::{CommandFactory, Parser};

    #[test]
    fn the_parser_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn connection_options_stand_before_or_after_the_command() {
        let before = Cli::try_parse_from([
            "kmipkit",
            "--kmipServerName",
            "kmip1",
            "--kmipConnectRetries",
            "2",
            "get",
            "7",
            "--reveal",
        ])
        .unwrap();
        let after = Cli::try_parse_from([
            "kmipkit",
            "get",
            "7",
            "--kmipServerName",
            "kmip1",
            "--reveal",
            "--kmipConnectRetries",
            "2",
        ])
        .unwrap();
        assert_eq!(before.kmip, after.kmip);
        assert_eq!(before.kmip.server_name.as_deref(), Some("kmip1"));
        for cli in [before, after] {
            match cli.command {
                Command::Kmip(KmipCommand::Get(a)) => {
                    assert_eq!(a.uid, "7");
                    assert!(a.output.reveal && !a.output.json && !a.output.trace);
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn defaults_of_create_and_revoke() {
        let cli = Cli::try_parse_from(["kmipkit", "create", "--name", "mk"]).unwrap();
        let Command::Kmip(KmipCommand::Create(a)) = cli.command else {
            panic!()
        };
        assert_eq!(a.algorithm, CryptographicAlgorithm::AES);
        assert_eq!(a.length, 256);
        assert_eq!(
            a.usage,
            CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT
        );
        assert!(!a.activate);
        let cli = Cli::try_parse_from(["kmipkit", "revoke", "3"]).unwrap();
        let Command::Kmip(KmipCommand::Revoke(a)) = cli.command else {
            panic!()
        };
        assert_eq!(a.reason, RevocationReasonCode::UNSPECIFIED);
    }

    #[test]
    fn bad_values_are_usage_errors() {
        for args in [
            &["kmipkit", "locate", "--state", "Activ"][..],
            &[
                "kmipkit",
                "create",
                "--name",
                "x",
                "--usage",
                "Encrypt|Dekrypt",
            ],
            &["kmipkit", "create", "--name", "x", "--length", "0"],
            &["kmipkit", "create"],
            &["kmipkit", "register", "--key", "0g"],
            &["kmipkit", "encrypt", "1", "--mode", "ecb", "--data", "00"],
            &["kmipkit", "decrypt", "1", "--mode", "gcm", "--data", "00"],
            &["kmipkit", "get-attributes", "1", "--attribute", "Colour"],
            &["kmipkit", "get"],
        ] {
            let e = Cli::try_parse_from(args).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{args:?}");
        }
    }
}
