//! The options themselves: their YAML key paths and flags (mongod's spellings), and the
//! "did you mean" search for misspelt YAML keys.

use std::fmt;

/// One configuration option, independent of where it was given.
///
/// Each has a YAML key path ([`yaml_key`](Self::yaml_key), as in a `mongod.conf`) and a
/// command-line flag ([`flag`](Self::flag), as on the `mongod` command line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KmipOption {
    /// `security.enableEncryption` / `--enableEncryption`.
    EnableEncryption,
    /// `security.kmip.serverName` / `--kmipServerName`.
    ServerName,
    /// `security.kmip.port` / `--kmipPort`.
    Port,
    /// `security.kmip.serverCAFile` / `--kmipServerCAFile`.
    ServerCaFile,
    /// `security.kmip.clientCertificateFile` / `--kmipClientCertificateFile`.
    ClientCertificateFile,
    /// `security.kmip.clientKeyFile` / `--kmipClientKeyFile` (legacy PSMDB option, accepted).
    ClientKeyFile,
    /// `security.kmip.clientCertificatePassword` / `--kmipClientCertificatePassword`.
    ClientCertificatePassword,
    /// `security.kmip.keyIdentifier` / `--kmipKeyIdentifier`.
    KeyIdentifier,
    /// `security.kmip.rotateMasterKey` / `--kmipRotateMasterKey`.
    RotateMasterKey,
    /// `security.kmip.connectRetries` / `--kmipConnectRetries`.
    ConnectRetries,
    /// `security.kmip.connectTimeoutMS` / `--kmipConnectTimeoutMS`.
    ConnectTimeoutMs,
    /// `security.kmip.activateKeys` / `--kmipActivateKeys`.
    ActivateKeys,
    /// `security.kmip.keyStatePollingSeconds` / `--kmipKeyStatePollingSeconds`.
    KeyStatePollingSeconds,
    /// `security.kmip.protocolVersion` / `--kmipProtocolVersion` (kmipkit's addition).
    ProtocolVersion,
}

/// The YAML section that holds every KMIP option but `enableEncryption`.
pub(crate) const KMIP_SECTION: &str = "security.kmip";
/// The YAML section that holds `kmip` and `enableEncryption`.
pub(crate) const SECURITY_SECTION: &str = "security";

impl KmipOption {
    /// Every option, in the order of the PSMDB documentation (and of the summary).
    pub const ALL: [KmipOption; 14] = [
        KmipOption::EnableEncryption,
        KmipOption::ServerName,
        KmipOption::Port,
        KmipOption::ServerCaFile,
        KmipOption::ClientCertificateFile,
        KmipOption::ClientKeyFile,
        KmipOption::ClientCertificatePassword,
        KmipOption::KeyIdentifier,
        KmipOption::RotateMasterKey,
        KmipOption::ConnectRetries,
        KmipOption::ConnectTimeoutMs,
        KmipOption::ActivateKeys,
        KmipOption::KeyStatePollingSeconds,
        KmipOption::ProtocolVersion,
    ];

    /// The full YAML key path, e.g. `security.kmip.connectTimeoutMS`.
    pub fn yaml_key(self) -> &'static str {
        match self {
            KmipOption::EnableEncryption => "security.enableEncryption",
            KmipOption::ServerName => "security.kmip.serverName",
            KmipOption::Port => "security.kmip.port",
            KmipOption::ServerCaFile => "security.kmip.serverCAFile",
            KmipOption::ClientCertificateFile => "security.kmip.clientCertificateFile",
            KmipOption::ClientKeyFile => "security.kmip.clientKeyFile",
            KmipOption::ClientCertificatePassword => "security.kmip.clientCertificatePassword",
            KmipOption::KeyIdentifier => "security.kmip.keyIdentifier",
            KmipOption::RotateMasterKey => "security.kmip.rotateMasterKey",
            KmipOption::ConnectRetries => "security.kmip.connectRetries",
            KmipOption::ConnectTimeoutMs => "security.kmip.connectTimeoutMS",
            KmipOption::ActivateKeys => "security.kmip.activateKeys",
            KmipOption::KeyStatePollingSeconds => "security.kmip.keyStatePollingSeconds",
            KmipOption::ProtocolVersion => "security.kmip.protocolVersion",
        }
    }

    /// The command-line flag, e.g. `--kmipConnectTimeoutMS`.
    pub fn flag(self) -> &'static str {
        match self {
            KmipOption::EnableEncryption => "--enableEncryption",
            KmipOption::ServerName => "--kmipServerName",
            KmipOption::Port => "--kmipPort",
            KmipOption::ServerCaFile => "--kmipServerCAFile",
            KmipOption::ClientCertificateFile => "--kmipClientCertificateFile",
            KmipOption::ClientKeyFile => "--kmipClientKeyFile",
            KmipOption::ClientCertificatePassword => "--kmipClientCertificatePassword",
            KmipOption::KeyIdentifier => "--kmipKeyIdentifier",
            KmipOption::RotateMasterKey => "--kmipRotateMasterKey",
            KmipOption::ConnectRetries => "--kmipConnectRetries",
            KmipOption::ConnectTimeoutMs => "--kmipConnectTimeoutMS",
            KmipOption::ActivateKeys => "--kmipActivateKeys",
            KmipOption::KeyStatePollingSeconds => "--kmipKeyStatePollingSeconds",
            KmipOption::ProtocolVersion => "--kmipProtocolVersion",
        }
    }

    /// The key's last component, e.g. `connectTimeoutMS`.
    pub fn short_key(self) -> &'static str {
        let key = self.yaml_key();
        &key[key.rfind('.').map_or(0, |dot| dot + 1)..]
    }

    /// What the option holds, as a noun phrase for messages ("a client certificate file").
    pub(crate) fn noun(self) -> &'static str {
        match self {
            KmipOption::EnableEncryption => "the encryption switch",
            KmipOption::ServerName => "a KMIP server name",
            KmipOption::Port => "a KMIP port",
            KmipOption::ServerCaFile => "a server CA file",
            KmipOption::ClientCertificateFile => "a client certificate file",
            KmipOption::ClientKeyFile => "a client key file",
            KmipOption::ClientCertificatePassword => "a client certificate password",
            KmipOption::KeyIdentifier => "a key identifier",
            KmipOption::RotateMasterKey => "the rotation switch",
            KmipOption::ConnectRetries => "a retry count",
            KmipOption::ConnectTimeoutMs => "a connect timeout",
            KmipOption::ActivateKeys => "the activateKeys switch",
            KmipOption::KeyStatePollingSeconds => "a polling period",
            KmipOption::ProtocolVersion => "a protocol version",
        }
    }

    /// The option whose YAML key path is exactly `path` (mongod's keys are case-sensitive).
    pub(crate) fn from_yaml_key(path: &str) -> Option<KmipOption> {
        KmipOption::ALL.into_iter().find(|o| o.yaml_key() == path)
    }
}

impl fmt::Display for KmipOption {
    /// Both spellings: `security.kmip.port (--kmipPort)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.yaml_key(), self.flag())
    }
}

/// Options that other KMIP clients spell differently, and what kmipkit calls them.
const ALIASES: &[(&str, &str)] = &[
    // MongoDB Enterprise (and PSMDB master): true means KMIP 1.0.
    ("uselegacyprotocol", "security.kmip.protocolVersion"),
    ("enableencryption", "security.enableEncryption"),
    ("servernames", "security.kmip.serverName"),
    ("host", "security.kmip.serverName"),
    ("hosts", "security.kmip.serverName"),
    ("cafile", "security.kmip.serverCAFile"),
    ("keyid", "security.kmip.keyIdentifier"),
];

/// The closest known spelling for a misspelt key `path` (a dotted path at or below
/// `security`), or `None` if nothing is close.
pub(crate) fn suggest(path: &str) -> Option<&'static str> {
    let sections = [SECURITY_SECTION, KMIP_SECTION];
    let known = || {
        KmipOption::ALL
            .iter()
            .map(|o| o.yaml_key())
            .chain(sections.iter().copied())
    };
    // A key that differs only in case (`security.KMIP`, `serverCaFile`).
    if let Some(k) = known().find(|k| k.eq_ignore_ascii_case(path)) {
        return Some(k);
    }
    let lower = path.to_ascii_lowercase();
    let Some(tail) = lower.strip_prefix("security.kmip.") else {
        // Under `security` only the two spellings above are checked: every other key there
        // belongs to mongod.
        return known().find(|k| {
            let k = k.to_ascii_lowercase();
            lower.starts_with(&k) && lower.as_bytes().get(k.len()) == Some(&b'.')
        });
    };
    // The flag spelling used as a YAML key (`kmipServerName`), or separators added.
    let squashed: String = tail
        .strip_prefix("kmip")
        .unwrap_or(tail)
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | '.'))
        .collect();
    if let Some((_, key)) = ALIASES.iter().find(|(alias, _)| *alias == squashed) {
        return Some(key);
    }
    let options = KmipOption::ALL
        .iter()
        .map(|o| (o.short_key(), o.yaml_key()));
    if let Some((_, key)) = options
        .clone()
        .find(|(short, _)| short.eq_ignore_ascii_case(&squashed))
    {
        return Some(key);
    }
    options
        .map(|(short, key)| {
            (
                strsim::jaro_winkler(&squashed, &short.to_ascii_lowercase()),
                key,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, key)| key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_are_mongods() {
        assert_eq!(
            KmipOption::ConnectTimeoutMs.yaml_key(),
            "security.kmip.connectTimeoutMS"
        );
        assert_eq!(
            KmipOption::ConnectTimeoutMs.flag(),
            "--kmipConnectTimeoutMS"
        );
        assert_eq!(KmipOption::ServerCaFile.short_key(), "serverCAFile");
        assert_eq!(KmipOption::EnableEncryption.short_key(), "enableEncryption");
        for o in KmipOption::ALL {
            assert_eq!(KmipOption::from_yaml_key(o.yaml_key()), Some(o));
            // Every kmip flag is `--kmip` + the key with its first letter capitalised.
            if o != KmipOption::EnableEncryption {
                let short = o.short_key();
                let expected = format!("--kmip{}{}", short[..1].to_uppercase(), &short[1..]);
                assert_eq!(o.flag(), expected);
            }
        }
        assert_eq!(KmipOption::from_yaml_key("security.kmip.servername"), None);
    }

    #[test]
    fn suggestions() {
        let s = |p| suggest(p);
        assert_eq!(
            s("security.kmip.serverNmae"),
            Some("security.kmip.serverName")
        );
        assert_eq!(
            s("security.kmip.servername"),
            Some("security.kmip.serverName")
        );
        assert_eq!(
            s("security.kmip.kmipServerName"),
            Some("security.kmip.serverName")
        );
        assert_eq!(
            s("security.kmip.connect_timeout_ms"),
            Some("security.kmip.connectTimeoutMS")
        );
        assert_eq!(
            s("security.kmip.connectTimeout"),
            Some("security.kmip.connectTimeoutMS")
        );
        assert_eq!(
            s("security.kmip.useLegacyProtocol"),
            Some("security.kmip.protocolVersion")
        );
        assert_eq!(
            s("security.kmip.enableEncryption"),
            Some("security.enableEncryption")
        );
        assert_eq!(
            s("security.kmip.activateKey"),
            Some("security.kmip.activateKeys")
        );
        assert_eq!(s("security.KMIP"), Some("security.kmip"));
        assert_eq!(s("security.KMIP.port"), Some("security.kmip.port"));
        assert_eq!(
            s("security.enableencryption"),
            Some("security.enableEncryption")
        );
        assert_eq!(s("security.kmip.xyzzy"), None);
    }
}
