//! `kmipkit dev-server`: a KMIP server for development and testing, ready in one command.
//!
//! First run: a test PKI is written into the directory (CA, server certificate for
//! `localhost`, `127.0.0.1`, `::1` and the listen address, client certificate and key, an
//! encrypted copy of the key); later runs reuse it. The server prints the kmipkit flags and a
//! mongod-style YAML snippet that use it, then serves until stopped (Ctrl-C). Objects live in
//! memory, or in `DIR/objects.json` with `--persist`.

use std::fs;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, ValueEnum};
use kmipkit_core::ttlv::ResultReason;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};

use super::CliError;
use crate::exit;
use crate::pki::{PkiOptions, PkiPaths, TestPki, DEFAULT_CLIENT_CN};
use crate::server::{
    AcceptMode, Config, DevServer, Engine, Faults, FileStore, Limits, SUPPORTED_VERSIONS,
};
use crate::tls::server::server_config_from_files;

/// The file that holds the objects with `--persist`.
pub const OBJECTS_FILE: &str = "objects.json";

/// How the hidden `--fault-accept` flag treats new connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AcceptArg {
    /// Listen but accept nothing.
    Hold,
    /// Accept and close at once.
    Drop,
}

/// Arguments of `kmipkit dev-server`.
#[derive(Debug, Args)]
pub struct DevServerArgs {
    /// Address and port to listen on. Anything but a loopback address needs --allow-remote.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:5696")]
    pub listen: SocketAddr,
    /// Directory of the test PKI (written on first run, reused later) and, with --persist, of
    /// the objects.
    #[arg(long, value_name = "DIR", default_value = "kmipkit-dev")]
    pub dir: PathBuf,
    /// Keep the objects in DIR/objects.json across restarts (keys stored in the clear: for
    /// development only).
    #[arg(long)]
    pub persist: bool,
    /// Allow --listen on an address other machines can reach (this server's keys and PKI are
    /// not protected).
    #[arg(long)]
    pub allow_remote: bool,
    /// The client certificate's CN, written on first run (the owner of the objects).
    #[arg(long, value_name = "CN", default_value = DEFAULT_CLIENT_CN)]
    pub client_cn: String,
    /// The password of the encrypted client key (client-key.enc.pem), written on first run.
    #[arg(long, value_name = "PASSWORD", default_value = "changeit")]
    pub key_password: String,
    /// Log warnings only, not every request.
    #[arg(long, short)]
    pub quiet: bool,

    /// Connections served at once.
    #[arg(long, hide = true, value_name = "N", default_value_t = Limits::default().max_connections)]
    pub max_connections: usize,
    /// Seconds a connection may stay idle.
    #[arg(long, hide = true, value_name = "SECS", default_value_t = 120)]
    pub idle_timeout_secs: u64,
    /// The largest request accepted, bytes.
    #[arg(long, hide = true, value_name = "BYTES", default_value_t = Limits::default().max_message_size)]
    pub max_message_size: u32,
    /// Server threads.
    #[arg(long, hide = true, value_name = "N", default_value_t = 2)]
    pub threads: usize,

    /// Fault injection: wait this long before each answer.
    #[arg(long, hide = true, value_name = "MS")]
    pub fault_delay_ms: Option<u64>,
    /// Fault injection: send only the first N bytes of each answer, then close.
    #[arg(long, hide = true, value_name = "N")]
    pub fault_close_after_bytes: Option<usize>,
    /// Fault injection: answer garbage.
    #[arg(long, hide = true)]
    pub fault_garbage: bool,
    /// Fault injection: answer a header declaring an absurd length.
    #[arg(long, hide = true)]
    pub fault_absurd_length: bool,
    /// Fault injection: fail every item with this Result Reason (a name such as
    /// ItemNotFound, or a number).
    #[arg(long, hide = true, value_name = "REASON", value_parser = parse_reason)]
    pub fault_error: Option<ResultReason>,
    /// Fault injection: stop accepting connections (hold: listen without accepting; drop:
    /// accept and close).
    #[arg(long, hide = true, value_enum, value_name = "MODE")]
    pub fault_accept: Option<AcceptArg>,
}

/// A Result Reason by name (`PermissionDenied`, case-insensitive) or number (`12`, `0x0C`).
fn parse_reason(s: &str) -> Result<ResultReason, String> {
    let s = s.trim();
    if let Some(v) = ResultReason::TABLE.value_of(s) {
        return Ok(ResultReason(v));
    }
    let number = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => u32::from_str_radix(h, 16),
        None => s.parse(),
    };
    number
        .map(ResultReason)
        .map_err(|_| format!("'{s}' is not a Result Reason name (e.g. PermissionDenied) or number"))
}

impl DevServerArgs {
    fn faults(&self) -> Faults {
        Faults {
            delay: self.fault_delay_ms.map(Duration::from_millis),
            close_after_bytes: self.fault_close_after_bytes,
            garbage: self.fault_garbage,
            absurd_length: self.fault_absurd_length,
            error: self.fault_error,
            accept: match self.fault_accept {
                None => AcceptMode::Normal,
                Some(AcceptArg::Hold) => AcceptMode::Hold,
                Some(AcceptArg::Drop) => AcceptMode::Drop,
            },
        }
    }
}

/// What the PKI step did.
enum PkiState {
    Written,
    Reused,
}

fn absolute(p: &Path) -> PathBuf {
    fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Writes the test PKI into the directory unless it is there; a half-present PKI is an error.
fn ensure_pki(args: &DevServerArgs, paths: &PkiPaths) -> Result<PkiState, CliError> {
    let present: Vec<&Path> = paths.files().into_iter().filter(|p| p.exists()).collect();
    if present.len() == paths.files().len() {
        return Ok(PkiState::Reused);
    }
    if !present.is_empty() {
        let missing: Vec<String> = paths
            .files()
            .into_iter()
            .filter(|p| !p.exists())
            .map(|p| p.display().to_string())
            .collect();
        return Err(CliError::new(
            exit::USAGE,
            format!(
                "{} holds part of a test PKI: {} missing; remove the directory (or choose \
                 another --dir) to write a new one",
                paths.dir.display(),
                missing.join(", ")
            ),
        ));
    }
    let mut options = PkiOptions {
        client_cn: args.client_cn.clone(),
        ..PkiOptions::default()
    };
    let ip = args.listen.ip();
    if !ip.is_unspecified() && !options.server_ips.contains(&ip) {
        options.server_ips.push(ip);
    }
    let pki = TestPki::generate(&options)
        .map_err(|e| CliError::new(exit::FAILURE, format!("cannot make the test PKI: {e}")))?;
    pki.write(&paths.dir, &args.key_password)
        .map_err(|e| CliError::new(exit::FAILURE, format!("cannot write the test PKI: {e}")))?;
    Ok(PkiState::Written)
}

/// True when the certificate in `path` is valid for `ip`.
fn certificate_covers(path: &Path, ip: IpAddr) -> bool {
    let Ok(der) = CertificateDer::from_pem_file(path) else {
        return false;
    };
    let Ok(cert) = webpki::EndEntityCert::try_from(&der) else {
        return false;
    };
    cert.verify_is_valid_for_subject_name(&ServerName::IpAddress(ip.into()))
        .is_ok()
}

/// The name clients should use: the listen address when it is a specific address, else
/// `localhost` (in the certificate).
fn client_host(listen: SocketAddr) -> String {
    match listen.ip() {
        IpAddr::V4(v4) if !v4.is_unspecified() => v4.to_string(),
        _ => "localhost".to_owned(),
    }
}

/// A YAML scalar for a path: JSON string syntax, which YAML reads as is.
fn yaml_string(p: &Path) -> String {
    serde_json::to_string(&p.display().to_string()).unwrap_or_else(|_| p.display().to_string())
}

fn shell_word(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The text printed once the server listens: where, what, and how to use it.
fn banner(
    args: &DevServerArgs,
    addr: SocketAddr,
    paths: &PkiPaths,
    pki: &PkiState,
    objects: &str,
) -> String {
    let host = client_host(addr);
    let port = addr.port();
    let ca = absolute(&paths.ca);
    let client = absolute(&paths.client);
    let dir = absolute(&paths.dir);
    let dir = dir.display();
    let versions: Vec<String> = SUPPORTED_VERSIONS.iter().map(|v| v.to_string()).collect();
    let reach = if addr.ip().is_loopback() {
        "loopback only: other machines cannot reach it"
    } else {
        "REACHABLE FROM OTHER MACHINES"
    };
    let pki_line = match pki {
        PkiState::Written => "written now",
        PkiState::Reused => "reused",
    };
    format!(
        "kmipkit dev-server: a KMIP server for DEVELOPMENT AND TESTING ONLY (its keys are not protected)
listening on {addr} ({reach})
KMIP {versions} over TLS; clients authenticate with a certificate from the test CA
test PKI: {dir} ({pki_line}; client certificate CN {cn})
objects: {objects}

Use it with kmipkit:
  kmipkit --kmipServerName {host} --kmipPort {port} --kmipServerCAFile {ca_w} --kmipClientCertificateFile {client_w} ...

or in a mongod-style configuration file (kmipkit --config FILE, mongod --config FILE):
security:
  enableEncryption: true
  kmip:
    serverName: {host}
    port: {port}
    serverCAFile: {ca_y}
    clientCertificateFile: {client_y}

The client key is also in {key_enc} (encrypted, password '{password}') beside {cert}.
Stop the server with Ctrl-C.
",
        versions = versions.join(", "),
        cn = args.client_cn,
        ca_w = shell_word(&ca),
        client_w = shell_word(&client),
        ca_y = yaml_string(&ca),
        client_y = yaml_string(&client),
        key_enc = absolute(&paths.client_key_encrypted).display(),
        cert = absolute(&paths.client_cert).display(),
        password = args.key_password,
    )
}

fn init_logging(quiet: bool) {
    let level = if quiet {
        tracing::Level::WARN
    } else {
        tracing::Level::INFO
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_ansi(false)
        .try_init();
}

/// Runs `kmipkit dev-server` until the process is stopped.
pub fn run(args: DevServerArgs) -> Result<(), CliError> {
    let ip = args.listen.ip();
    if !ip.is_loopback() {
        if !args.allow_remote {
            return Err(CliError::new(
                exit::USAGE,
                format!(
                    "--listen {}: the development server listens on loopback addresses only \
                     (127.0.0.1, ::1) unless --allow-remote is given, because its keys and PKI \
                     are not protected",
                    args.listen
                ),
            ));
        }
        let _ = writeln!(
            std::io::stderr(),
            "WARNING: kmipkit dev-server will listen on {}, reachable from other machines; \
             it is for development and testing only: its keys and its PKI are not protected",
            args.listen
        );
    }
    fs::create_dir_all(&args.dir).map_err(|e| {
        CliError::new(
            exit::FAILURE,
            format!("cannot create {}: {e}", args.dir.display()),
        )
    })?;
    let paths = PkiPaths::in_dir(&args.dir);
    let pki = ensure_pki(&args, &paths)?;
    if matches!(pki, PkiState::Reused)
        && !ip.is_loopback()
        && !ip.is_unspecified()
        && !certificate_covers(&paths.server_cert, ip)
    {
        let _ = writeln!(
            std::io::stderr(),
            "WARNING: {} (written on an earlier run) is not valid for {ip}: clients that connect \
             to {ip} will refuse it; remove {} to write a new PKI",
            paths.server_cert.display(),
            paths.dir.display()
        );
    }
    let tls = server_config_from_files(&paths.server_cert, Some(&paths.server_key), &paths.ca)
        .map_err(|e| CliError::new(exit::FAILURE, format!("cannot load the test PKI: {e}")))?;

    let mut engine = Engine::new();
    let objects = if args.persist {
        let file = FileStore::new(args.dir.join(OBJECTS_FILE));
        let loaded = file
            .load()
            .map_err(|e| CliError::new(exit::BAD_INPUT, e.to_string()))?;
        let text = match &loaded {
            Some(s) => format!(
                "kept in {} ({} loaded)",
                absolute(file.path()).display(),
                s.len()
            ),
            None => format!(
                "kept in {} (new)",
                absolute(&args.dir).join(OBJECTS_FILE).display()
            ),
        };
        if let Some(store) = loaded {
            engine = Engine::with_store(store);
        }
        engine = engine.with_persistence(Box::new(file));
        text
    } else {
        "in memory, lost when the server stops (--persist keeps them)".to_owned()
    };

    init_logging(args.quiet);
    let limits = Limits {
        max_message_size: args.max_message_size,
        max_connections: args.max_connections.max(1),
        idle_timeout: Duration::from_secs(args.idle_timeout_secs.max(1)),
        ..Limits::default()
    };
    let faults = args.faults();
    let config = Config {
        listen: args.listen,
        tls,
        limits,
        faults: faults.clone(),
        threads: args.threads.max(1),
    };
    let server = DevServer::start(config, Arc::new(engine))
        .map_err(|e| CliError::new(exit::FAILURE, e.to_string()))?;
    let mut out = std::io::stdout().lock();
    if faults != Faults::default() {
        let _ = writeln!(out, "FAULT INJECTION ON: {faults:?}");
    }
    let _ = out.write_all(banner(&args, server.local_addr(), &paths, &pki, &objects).as_bytes());
    let _ = out.flush();
    drop(out);
    server.wait();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_by_name_or_number() {
        assert_eq!(
            parse_reason("PermissionDenied"),
            Ok(ResultReason::PERMISSION_DENIED)
        );
        assert_eq!(
            parse_reason("itemnotfound"),
            Ok(ResultReason::ITEM_NOT_FOUND)
        );
        assert_eq!(parse_reason("0x100"), Ok(ResultReason::GENERAL_FAILURE));
        assert_eq!(parse_reason("12"), Ok(ResultReason::PERMISSION_DENIED));
        assert!(parse_reason("nope").is_err());
    }

    #[test]
    fn clients_are_told_a_name_in_the_certificate() {
        let a = |s: &str| s.parse::<SocketAddr>().unwrap();
        assert_eq!(client_host(a("127.0.0.1:5696")), "127.0.0.1");
        assert_eq!(client_host(a("0.0.0.0:5696")), "localhost");
        assert_eq!(client_host(a("[::1]:5696")), "localhost");
    }
}
