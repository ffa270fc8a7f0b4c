//! The command-line flags, with mongod's spellings, as a `clap::Args` struct that the CLI
//! flattens into its top-level parser.
//!
//! Values are taken as text and checked by this module (not by clap), so that a bad value
//! gets the same message, naming the flag, the value and the rule, whichever way it came.

use super::error::{ConfigError, Origin};
use super::model::KmipConfig;
use super::option::KmipOption;
use super::password::Password;
use super::resolve::{Layer, Raw};
use clap::builder::{OsStringValueParser, TypedValueParser};
use clap::Args;
use std::path::PathBuf;

/// The KMIP options as command-line flags (mongod's spellings), plus `--config`.
///
/// Every flag is `global`, so that with the struct flattened into the top-level parser the
/// options may stand before or after the subcommand. Flags override the file. The switches
/// (`--kmipActivateKeys`, `--kmipRotateMasterKey`, `--enableEncryption`) take no value, or
/// `=true` / `=false` (as mongod's do): `--kmipActivateKeys=false`.
#[derive(Args, Clone, Debug, Default, PartialEq, Eq)]
#[command(next_help_heading = "KMIP options (mongod spellings; flags override --config)")]
pub struct KmipArgs {
    /// A mongod-style YAML configuration file: `security.kmip.*` and
    /// `security.enableEncryption` are read, the rest is ignored.
    #[arg(long = "config", value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// KMIP servers, comma-separated, tried in order: host, host:port, `[IPv6]:port`, IPv6.
    #[arg(long = "kmipServerName", value_name = "HOSTS", global = true)]
    pub server_name: Option<String>,

    /// Port of the servers that do not give their own [default: 5696].
    #[arg(
        long = "kmipPort",
        value_name = "PORT",
        global = true,
        allow_negative_numbers = true
    )]
    pub port: Option<String>,

    /// PEM file of CA certificates trusted for the server, besides the system's.
    #[arg(
        long = "kmipServerCAFile",
        value_name = "FILE",
        global = true,
        value_parser = path_parser()
    )]
    pub server_ca_file: Option<PathBuf>,

    /// PEM file with the client certificate chain and (unless --kmipClientKeyFile) its key.
    #[arg(
        long = "kmipClientCertificateFile",
        value_name = "FILE",
        global = true,
        value_parser = path_parser()
    )]
    pub client_certificate_file: Option<PathBuf>,

    /// PEM file with the client's private key, if not in the certificate file (legacy).
    #[arg(
        long = "kmipClientKeyFile",
        value_name = "FILE",
        global = true,
        value_parser = path_parser()
    )]
    pub client_key_file: Option<PathBuf>,

    /// Password of an encrypted client private key (visible to other local users in the
    /// process list: prefer the configuration file).
    #[arg(
        long = "kmipClientCertificatePassword",
        value_name = "PASSWORD",
        global = true,
        value_parser = Password::parse_flag
    )]
    pub client_certificate_password: Option<Password>,

    /// Keystore: Unique Identifier of the master key on the server (not used by the KMIP commands).
    #[arg(long = "kmipKeyIdentifier", value_name = "UID", global = true)]
    pub key_identifier: Option<String>,

    /// Keystore: rotate the master key, then exit (not used by the KMIP commands).
    #[arg(
        long = "kmipRotateMasterKey",
        value_name = "BOOL",
        global = true,
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true"
    )]
    pub rotate_master_key: Option<String>,

    /// Extra passes over the whole server list after the first fails [default: 0].
    #[arg(
        long = "kmipConnectRetries",
        value_name = "N",
        global = true,
        allow_negative_numbers = true
    )]
    pub connect_retries: Option<String>,

    /// Deadline of one attempt on one server, in milliseconds, at least 1000 [default: 5000].
    #[arg(
        long = "kmipConnectTimeoutMS",
        value_name = "MS",
        global = true,
        allow_negative_numbers = true
    )]
    pub connect_timeout_ms: Option<String>,

    /// Keystore: activate new keys, require an Active key and poll its state [default: true].
    #[arg(
        long = "kmipActivateKeys",
        value_name = "BOOL",
        global = true,
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true"
    )]
    pub activate_keys: Option<String>,

    /// Keystore: seconds between key-state checks; 0 or less turns polling off [default: 900].
    #[arg(
        long = "kmipKeyStatePollingSeconds",
        value_name = "SECONDS",
        global = true,
        allow_negative_numbers = true
    )]
    pub key_state_polling_seconds: Option<String>,

    /// KMIP protocol version: 1.0, 1.1, 1.2, 1.3, 1.4, 2.0, 2.1 or auto [default: auto].
    #[arg(long = "kmipProtocolVersion", value_name = "VERSION", global = true)]
    pub protocol_version: Option<String>,

    /// Data-at-rest encryption is on (mongod's security.enableEncryption).
    #[arg(
        long = "enableEncryption",
        value_name = "BOOL",
        global = true,
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true"
    )]
    pub enable_encryption: Option<String>,
}

/// Paths as given, the empty one included (clap's `PathBuf` parser refuses it, but an empty
/// flag is how a file's value is cleared).
fn path_parser() -> impl TypedValueParser<Value = PathBuf> {
    OsStringValueParser::new().map(PathBuf::from)
}

impl KmipArgs {
    /// Builds the configuration from `--config` (if given) and these flags.
    pub fn load(&self) -> Result<KmipConfig, ConfigError> {
        super::from_sources(self.config.as_deref(), self)
    }

    /// The values given as flags.
    pub(crate) fn layer(&self) -> Layer {
        use KmipOption as O;
        let mut layer = Layer::new(Origin::Flag);
        let texts = [
            (O::ServerName, &self.server_name),
            (O::Port, &self.port),
            (O::KeyIdentifier, &self.key_identifier),
            (O::RotateMasterKey, &self.rotate_master_key),
            (O::ConnectRetries, &self.connect_retries),
            (O::ConnectTimeoutMs, &self.connect_timeout_ms),
            (O::ActivateKeys, &self.activate_keys),
            (O::KeyStatePollingSeconds, &self.key_state_polling_seconds),
            (O::ProtocolVersion, &self.protocol_version),
            (O::EnableEncryption, &self.enable_encryption),
        ];
        for (option, value) in texts {
            if let Some(text) = value {
                layer.values.insert(option, Raw::Text(text.clone()));
            }
        }
        let paths = [
            (O::ServerCaFile, &self.server_ca_file),
            (O::ClientCertificateFile, &self.client_certificate_file),
            (O::ClientKeyFile, &self.client_key_file),
        ];
        for (option, value) in paths {
            if let Some(path) = value {
                layer.values.insert(option, Raw::Path(path.clone()));
            }
        }
        if let Some(password) = &self.client_certificate_password {
            layer
                .values
                .insert(O::ClientCertificatePassword, Raw::Secret(password.clone()));
        }
        layer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, Parser, Subcommand};

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        kmip: KmipArgs,
        #[command(subcommand)]
        command: Option<Cmd>,
    }

    #[derive(Debug, Subcommand, PartialEq)]
    enum Cmd {
        Get { uid: String },
    }

    #[test]
    fn the_parser_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_flag_spelling() {
        for option in KmipOption::ALL {
            let cmd = Cli::command();
            let name = option.flag().trim_start_matches("--");
            assert!(
                cmd.get_arguments().any(|a| a.get_long() == Some(name)),
                "{name}"
            );
        }
    }

    #[test]
    fn switch_forms() {
        let parse = |args: &[&str]| Cli::try_parse_from(args).unwrap();
        let cli = parse(&["kmipkit", "--kmipActivateKeys", "get", "1"]);
        assert_eq!(cli.kmip.activate_keys.as_deref(), Some("true"));
        assert_eq!(cli.command, Some(Cmd::Get { uid: "1".into() }));
        let cli = parse(&["kmipkit", "--kmipActivateKeys=false"]);
        assert_eq!(cli.kmip.activate_keys.as_deref(), Some("false"));
        let cli = parse(&[
            "kmipkit",
            "get",
            "1",
            "--kmipRotateMasterKey",
            "--enableEncryption=true",
        ]);
        assert_eq!(cli.kmip.rotate_master_key.as_deref(), Some("true"));
        assert_eq!(cli.kmip.enable_encryption.as_deref(), Some("true"));
        assert_eq!(parse(&["kmipkit"]).kmip, KmipArgs::default());
    }
}
