//! The effective configuration: typed values after defaults, validation and merging.

use super::error::ConfigError;
use super::option::KmipOption;
use super::password::Password;
use super::protocol::ProtocolVersionChoice;
use super::server::ServerAddr;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// The KMIP port when none is given (IANA's port for KMIP, PSMDB's default).
pub const DEFAULT_PORT: u16 = 5696;
/// `connectTimeoutMS` when none is given (PSMDB's default).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(5000);
/// The smallest `connectTimeoutMS` accepted (PSMDB's rule).
pub const MIN_CONNECT_TIMEOUT: Duration = Duration::from_millis(1000);
/// `keyStatePollingSeconds` when none is given (PSMDB's default).
pub const DEFAULT_KEY_STATE_POLLING: Duration = Duration::from_secs(900);

/// `activateKeys`, remembering whether it was given.
///
/// PSMDB 5.x–7.x have a "soft mode" (`kmipToleratePreActiveKeys`): when the option is not
/// given, an existing Pre-Active master key is tolerated at startup (with a warning, and no
/// polling); giving the option explicitly, to either value, turns that off. 8.0 always
/// requires an Active key. See `kmip/psmdb-kmip.md` §1.5.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ActivateKeys {
    /// Not given: on, and Pre-Active keys are tolerated at startup.
    #[default]
    Default,
    /// Given explicitly with this value.
    Explicit(bool),
}

impl ActivateKeys {
    /// Whether new keys are activated, the key's state is checked at startup and polled.
    pub fn enabled(self) -> bool {
        !matches!(self, ActivateKeys::Explicit(false))
    }

    /// Whether the option was given (in the file or as a flag).
    pub fn is_explicit(self) -> bool {
        matches!(self, ActivateKeys::Explicit(_))
    }

    /// PSMDB's hidden `kmipToleratePreActiveKeys`: true only when the option was not given.
    pub fn tolerates_pre_active(self) -> bool {
        self == ActivateKeys::Default
    }
}

/// The KMIP configuration of one kmipkit process, with PSMDB's option names and meanings.
///
/// Built from a mongod-style YAML file and command-line flags by
/// [`from_sources`](super::from_sources) (or [`KmipArgs::load`](super::KmipArgs::load));
/// `Default` gives PSMDB's defaults and no server. `Debug` and `Display` never show the
/// password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KmipConfig {
    /// `serverName`: the servers, tried in this order for every operation. Empty when no
    /// server was given (see [`require_connection`](Self::require_connection)).
    pub servers: Vec<ServerAddr>,
    /// `port`: the port of every server entry that does not give its own (5696).
    pub port: u16,
    /// `serverCAFile`: CA certificates trusted for the server, in addition to the system's.
    pub server_ca_file: Option<PathBuf>,
    /// `clientCertificateFile`: PEM with the client certificate chain, and the private key
    /// unless `client_key_file` is given.
    pub client_certificate_file: Option<PathBuf>,
    /// `clientKeyFile` (legacy PSMDB option, accepted): the private key in its own PEM.
    pub client_key_file: Option<PathBuf>,
    /// `clientCertificatePassword`: decrypts an encrypted private key.
    pub client_certificate_password: Option<Password>,
    /// `keyIdentifier`: the Unique Identifier of the master key on the server; `None` means
    /// create one.
    pub key_identifier: Option<String>,
    /// `rotateMasterKey`: rotate the master key, then exit.
    pub rotate_master_key: bool,
    /// `connectRetries`: extra passes over the whole server list (0: one pass).
    pub connect_retries: u32,
    /// `connectTimeoutMS`: the deadline of one attempt on one server (≥ 1 s, 5 s default).
    pub connect_timeout: Duration,
    /// `activateKeys`, and whether it was given.
    pub activate_keys: ActivateKeys,
    /// `keyStatePollingSeconds`: how often to check that the master key is still Active;
    /// `None` when the option is 0 or less (off). Polling also needs
    /// [`activate_keys`](Self::activate_keys): see [`polling_interval`](Self::polling_interval).
    pub key_state_polling: Option<Duration>,
    /// `security.enableEncryption`.
    pub enable_encryption: bool,
    /// `protocolVersion` (kmipkit's addition): a fixed KMIP version, or `auto`.
    pub protocol_version: ProtocolVersionChoice,
}

impl Default for KmipConfig {
    fn default() -> Self {
        KmipConfig {
            servers: Vec::new(),
            port: DEFAULT_PORT,
            server_ca_file: None,
            client_certificate_file: None,
            client_key_file: None,
            client_certificate_password: None,
            key_identifier: None,
            rotate_master_key: false,
            connect_retries: 0,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            activate_keys: ActivateKeys::Default,
            key_state_polling: Some(DEFAULT_KEY_STATE_POLLING),
            enable_encryption: false,
            protocol_version: ProtocolVersionChoice::Auto,
        }
    }
}

impl KmipConfig {
    /// The keystore options (PSMDB's master-key handling, and `security.enableEncryption`) that
    /// this configuration sets to something other than their defaults, by their YAML names. They are parsed
    /// and validated for compatibility with mongod's configuration, but only a keystore uses
    /// them; the KMIP commands tell the user so instead of ignoring them silently.
    pub fn keystore_options_set(&self) -> Vec<&'static str> {
        let mut set = Vec::new();
        if self.key_identifier.is_some() {
            set.push("keyIdentifier");
        }
        if self.rotate_master_key {
            set.push("rotateMasterKey");
        }
        if self.activate_keys.is_explicit() {
            set.push("activateKeys");
        }
        if self.key_state_polling != Some(DEFAULT_KEY_STATE_POLLING) {
            set.push("keyStatePollingSeconds");
        }
        if self.enable_encryption {
            set.push("enableEncryption");
        }
        set
    }

    /// How many times the whole server list is walked before giving up: `connectRetries + 1`.
    pub fn passes(&self) -> u32 {
        self.connect_retries.saturating_add(1)
    }

    /// The period of key-state polling, when polling runs: as in PSMDB, only with
    /// `activateKeys` on, a positive `keyStatePollingSeconds`, and not while rotating. (PSMDB
    /// also skips polling when it tolerated a Pre-Active key at startup; that is decided at
    /// run time.)
    pub fn polling_interval(&self) -> Option<Duration> {
        if self.activate_keys.enabled() && !self.rotate_master_key {
            self.key_state_polling
        } else {
            None
        }
    }

    /// Checks what every KMIP command needs: at least one server, and a client certificate
    /// (PSMDB's `serverName` requires `clientCertificateFile`).
    pub fn require_connection(&self) -> Result<(), ConfigError> {
        if self.servers.is_empty() {
            return Err(ConfigError::Missing {
                option: KmipOption::ServerName,
            });
        }
        if self.client_certificate_file.is_none() {
            return Err(ConfigError::Missing {
                option: KmipOption::ClientCertificateFile,
            });
        }
        Ok(())
    }

    /// The effective configuration as text, one option a line with PSMDB's names, the
    /// password shown only as "set" (same as `Display`). For `--trace` and error reports.
    pub fn redacted_summary(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for KmipConfig {
    /// The effective configuration, one `name: value` line per option; never the password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn path(p: &Option<PathBuf>, none: &str) -> String {
            p.as_ref()
                .map_or_else(|| none.to_owned(), |p| p.display().to_string())
        }
        let servers = if self.servers.is_empty() {
            "(none)".to_owned()
        } else {
            let list: Vec<String> = self.servers.iter().map(ToString::to_string).collect();
            list.join(", ")
        };
        let lines: [(&str, String); 14] = [
            ("serverName", servers),
            ("port", self.port.to_string()),
            (
                "serverCAFile",
                path(&self.server_ca_file, "(none: system roots only)"),
            ),
            (
                "clientCertificateFile",
                path(&self.client_certificate_file, "(none)"),
            ),
            (
                "clientKeyFile",
                path(&self.client_key_file, "(none: in the certificate file)"),
            ),
            (
                "clientCertificatePassword",
                match &self.client_certificate_password {
                    Some(_) => "(set, not shown)".to_owned(),
                    None => "(none)".to_owned(),
                },
            ),
            (
                "keyIdentifier",
                self.key_identifier
                    .clone()
                    .unwrap_or_else(|| "(none: a new master key is created)".to_owned()),
            ),
            ("rotateMasterKey", self.rotate_master_key.to_string()),
            (
                "connectRetries",
                format!(
                    "{} ({} pass{} over the server list)",
                    self.connect_retries,
                    self.passes(),
                    if self.passes() == 1 { "" } else { "es" }
                ),
            ),
            (
                "connectTimeoutMS",
                self.connect_timeout.as_millis().to_string(),
            ),
            (
                "activateKeys",
                match self.activate_keys {
                    ActivateKeys::Default => "true (default: Pre-Active keys tolerated)".to_owned(),
                    ActivateKeys::Explicit(on) => on.to_string(),
                },
            ),
            (
                "keyStatePollingSeconds",
                match self.key_state_polling {
                    Some(period) => period.as_secs().to_string(),
                    None => "off".to_owned(),
                },
            ),
            ("protocolVersion", self.protocol_version.to_string()),
            ("enableEncryption", self.enable_encryption.to_string()),
        ];
        for (i, (name, value)) in lines.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{name}: {value}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::server::Host;

    #[test]
    fn defaults_are_psmdbs() {
        let c = KmipConfig::default();
        assert!(c.servers.is_empty());
        assert_eq!(c.port, 5696);
        assert_eq!(c.connect_retries, 0);
        assert_eq!(c.passes(), 1);
        assert_eq!(c.connect_timeout, Duration::from_millis(5000));
        assert_eq!(c.key_state_polling, Some(Duration::from_secs(900)));
        assert!(c.keystore_options_set().is_empty());
        assert_eq!(c.activate_keys, ActivateKeys::Default);
        assert!(c.activate_keys.enabled() && c.activate_keys.tolerates_pre_active());
        assert!(!c.rotate_master_key && !c.enable_encryption);
        assert_eq!(c.protocol_version, ProtocolVersionChoice::Auto);
        assert_eq!(c.polling_interval(), Some(Duration::from_secs(900)));
    }

    #[test]
    fn activate_keys_states() {
        let on = ActivateKeys::Explicit(true);
        let off = ActivateKeys::Explicit(false);
        assert!(on.enabled() && on.is_explicit() && !on.tolerates_pre_active());
        assert!(!off.enabled() && off.is_explicit() && !off.tolerates_pre_active());
        assert!(!ActivateKeys::Default.is_explicit());
    }

    #[test]
    fn polling_needs_activate_keys_and_no_rotation() {
        let mut c = KmipConfig {
            activate_keys: ActivateKeys::Explicit(false),
            ..KmipConfig::default()
        };
        assert_eq!(c.polling_interval(), None);
        c.activate_keys = ActivateKeys::Explicit(true);
        c.rotate_master_key = true;
        assert_eq!(c.polling_interval(), None);
        c.rotate_master_key = false;
        c.key_state_polling = None;
        assert_eq!(c.polling_interval(), None);
    }

    #[test]
    fn require_connection_names_what_is_missing() {
        let mut c = KmipConfig::default();
        let e = c.require_connection().unwrap_err();
        assert_eq!(
            e.to_string(),
            "a KMIP server name is needed to talk to a KMIP server: set \
             security.kmip.serverName in the configuration file or --kmipServerName"
        );
        c.servers.push(ServerAddr {
            host: Host::Name("kmip".into()),
            port: 5696,
        });
        let e = c.require_connection().unwrap_err();
        assert!(matches!(
            e,
            ConfigError::Missing {
                option: KmipOption::ClientCertificateFile
            }
        ));
        c.client_certificate_file = Some("client.pem".into());
        assert!(c.require_connection().is_ok());
    }

    #[test]
    fn summary_hides_the_password() {
        let c = KmipConfig {
            client_certificate_password: Some(Password::new("s3cr3t-pw".into())),
            connect_retries: 2,
            ..KmipConfig::default()
        };
        let text = c.redacted_summary();
        assert!(!text.contains("s3cr3t-pw"), "{text}");
        assert!(!format!("{c:?}").contains("s3cr3t-pw"));
        assert!(text.contains("clientCertificatePassword: (set, not shown)"));
        assert!(text.contains("connectRetries: 2 (3 passes over the server list)"));
        assert!(text.contains("keyStatePollingSeconds: 900"));
    }
}
