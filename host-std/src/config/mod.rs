//! The KMIP configuration, compatible with Percona Server for MongoDB (PSMDB).
//!
//! An operator who knows PSMDB's `security.kmip.*` options can use them as they are: from a
//! mongod-style YAML file (`--config FILE`; the rest of a real `mongod.conf` is ignored) and
//! from flags with mongod's spellings ([`KmipArgs`]). Flags override the file; defaults and
//! rules are PSMDB's (port 5696, `connectRetries` ≥ 0 meaning retries + 1 passes over the
//! list, `connectTimeoutMS` ≥ 1000 defaulting to 5000, `keyStatePollingSeconds` 900 with 0 or
//! less meaning off). PSMDB's weak spots are fixed: server list entries are trimmed, may
//! carry their own port (`host:port`, `[IPv6]:port`), and an empty or repeated entry is an
//! error; port 0 is refused. `protocolVersion` (`1.0` … `2.1`, or `auto`) is kmipkit's own.
//!
//! Every refusal is a [`ConfigError`] naming the option as the user spelt it (the flag or the
//! YAML key path), the value and the rule, e.g.
//! `--kmipConnectTimeoutMS 500: must be at least 1000 (milliseconds)`.
//!
//! ```
//! use kmipkit::config::{from_yaml_str, KmipArgs};
//! use std::path::Path;
//!
//! let yaml = "\
//! security:
//!   kmip:
//!     serverName: kmip1, kmip2:5697
//!     clientCertificateFile: /etc/kmip/client.pem
//! ";
//! let flags = KmipArgs { connect_retries: Some("2".into()), ..KmipArgs::default() };
//! let config = from_yaml_str(yaml, Path::new("mongod.conf"), &flags)?;
//! assert_eq!(config.servers[1].to_string(), "kmip2:5697");
//! assert_eq!(config.passes(), 3);
//! # Ok::<(), kmipkit::config::ConfigError>(())
//! ```

mod error;
mod flags;
mod model;
mod option;
mod password;
mod protocol;
mod resolve;
mod server;
mod yaml;

pub use error::{ConfigError, EntryProblem, OptionRef, Origin, Rule};
pub use flags::KmipArgs;
pub use model::{
    ActivateKeys, KmipConfig, DEFAULT_CONNECT_TIMEOUT, DEFAULT_KEY_STATE_POLLING, DEFAULT_PORT,
    MIN_CONNECT_TIMEOUT,
};
pub use option::KmipOption;
pub use password::Password;
pub use protocol::ProtocolVersionChoice;
pub use server::{Host, ServerAddr};

use std::path::Path;
use zeroize::Zeroizing;

/// Builds the configuration from an optional YAML file and the flags (which override it).
///
/// `file` is read here (`flags.config` is not looked at: [`KmipArgs::load`] passes it). The
/// file's text is wiped from memory afterwards, since it may hold the password.
pub fn from_sources(file: Option<&Path>, flags: &KmipArgs) -> Result<KmipConfig, ConfigError> {
    let flag_layer = flags.layer();
    match file {
        None => resolve::resolve(&[&flag_layer]),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map(Zeroizing::new)
                .map_err(|source| ConfigError::Read {
                    path: path.to_owned(),
                    source,
                })?;
            let file_layer = yaml::read_layer(&text, path)?;
            resolve::resolve(&[&flag_layer, &file_layer])
        }
    }
}

/// Like [`from_sources`], with the YAML already in memory; `file` names it in messages.
pub fn from_yaml_str(yaml: &str, file: &Path, flags: &KmipArgs) -> Result<KmipConfig, ConfigError> {
    let file_layer = yaml::read_layer(yaml, file)?;
    resolve::resolve(&[&flags.layer(), &file_layer])
}
