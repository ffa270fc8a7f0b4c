//! The KMIP configuration from its sources: defaults, a mongod-style YAML file, mongod's
//! flags, and flags over the file.

use clap::{Parser, Subcommand};
use kmipkit::config::{
    from_sources, from_yaml_str, ActivateKeys, ConfigError, Host, KmipArgs, KmipConfig, Password,
    ProtocolVersionChoice, ServerAddr,
};
use kmipkit::core::kmip::ProtocolVersion;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A stand-in for the real CLI: the options flattened at the top, one subcommand.
#[derive(Debug, Parser)]
#[command(name = "kmipkit")]
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

fn parse(args: &[&str]) -> Cli {
    let argv = std::iter::once("kmipkit").chain(args.iter().copied());
    Cli::try_parse_from(argv).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn flags(args: &[&str]) -> KmipArgs {
    parse(args).kmip
}

fn from_flags(args: &[&str]) -> KmipConfig {
    from_sources(None, &flags(args)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn from_yaml(yaml: &str, args: &[&str]) -> KmipConfig {
    from_yaml_str(yaml, Path::new("/etc/mongod.conf"), &flags(args))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn yaml_error(yaml: &str) -> ConfigError {
    from_yaml_str(yaml, Path::new("/etc/mongod.conf"), &KmipArgs::default()).unwrap_err()
}

fn name(host: &str, port: u16) -> ServerAddr {
    ServerAddr {
        host: Host::Name(host.into()),
        port,
    }
}

fn ip(addr: &str, port: u16) -> ServerAddr {
    ServerAddr {
        host: Host::Ip(addr.parse().unwrap()),
        port,
    }
}

/// A scratch file under cargo's per-target temporary directory.
fn scratch_file(name: &str, contents: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("config_sources-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn defaults_are_psmdbs() {
    let c = from_flags(&[]);
    assert_eq!(c, KmipConfig::default());
    assert!(c.servers.is_empty());
    assert_eq!(c.port, 5696);
    assert_eq!(c.server_ca_file, None);
    assert_eq!(c.client_certificate_file, None);
    assert_eq!(c.client_key_file, None);
    assert_eq!(c.client_certificate_password, None);
    assert_eq!(c.key_identifier, None);
    assert!(!c.rotate_master_key);
    assert_eq!(c.connect_retries, 0);
    assert_eq!(c.passes(), 1);
    assert_eq!(c.connect_timeout, Duration::from_millis(5000));
    assert_eq!(c.activate_keys, ActivateKeys::Default);
    assert!(c.activate_keys.enabled() && c.activate_keys.tolerates_pre_active());
    assert_eq!(c.key_state_polling, Some(Duration::from_secs(900)));
    assert!(!c.enable_encryption);
    assert_eq!(c.protocol_version, ProtocolVersionChoice::Auto);
    // An empty file, or one with only other sections, changes nothing.
    assert_eq!(from_yaml("", &[]), KmipConfig::default());
    assert_eq!(
        from_yaml("net:\n  port: 27017\n", &[]),
        KmipConfig::default()
    );
}

const EVERY_OPTION_YAML: &str = "\
security:
  enableEncryption: true
  kmip:
    serverName: kmip1.example.com, 10.0.0.2:5697, [fd00::3]:5698, fd00::4
    port: 5700
    serverCAFile: /etc/kmip/ca.pem
    clientCertificateFile: /etc/kmip/client.pem
    clientKeyFile: /etc/kmip/client.key
    clientCertificatePassword: pem-secret-from-yaml
    keyIdentifier: 0123
    rotateMasterKey: true
    connectRetries: 2
    connectTimeoutMS: 1500
    activateKeys: false
    keyStatePollingSeconds: 60
    protocolVersion: 1.0
";

#[test]
fn every_option_from_yaml() {
    let c = from_yaml(EVERY_OPTION_YAML, &[]);
    assert_eq!(
        c.servers,
        vec![
            name("kmip1.example.com", 5700),
            ip("10.0.0.2", 5697),
            ip("fd00::3", 5698),
            ip("fd00::4", 5700),
        ]
    );
    assert_eq!(c.port, 5700);
    assert_eq!(
        c.server_ca_file.as_deref(),
        Some(Path::new("/etc/kmip/ca.pem"))
    );
    assert_eq!(
        c.client_certificate_file.as_deref(),
        Some(Path::new("/etc/kmip/client.pem"))
    );
    assert_eq!(
        c.client_key_file.as_deref(),
        Some(Path::new("/etc/kmip/client.key"))
    );
    assert_eq!(
        c.client_certificate_password.as_ref().map(Password::expose),
        Some("pem-secret-from-yaml")
    );
    // The UID is the text as written, not the number 123.
    assert_eq!(c.key_identifier.as_deref(), Some("0123"));
    assert!(c.rotate_master_key);
    assert_eq!(c.connect_retries, 2);
    assert_eq!(c.passes(), 3);
    assert_eq!(c.connect_timeout, Duration::from_millis(1500));
    assert_eq!(c.activate_keys, ActivateKeys::Explicit(false));
    assert_eq!(c.key_state_polling, Some(Duration::from_secs(60)));
    assert_eq!(c.polling_interval(), None, "activateKeys is off");
    assert_eq!(
        c.protocol_version,
        ProtocolVersionChoice::Pinned(ProtocolVersion::V1_0)
    );
    assert!(c.enable_encryption);
}

const EVERY_OPTION_FLAGS: &[&str] = &[
    "--kmipServerName",
    " kmip-a , kmip-b:7001 ,[::1]:7002",
    "--kmipPort",
    "7000",
    "--kmipServerCAFile",
    "ca.pem",
    "--kmipClientCertificateFile",
    "client.pem",
    "--kmipClientKeyFile",
    "client.key",
    "--kmipClientCertificatePassword",
    "pem-secret-from-flag",
    "--kmipKeyIdentifier",
    "42",
    "--kmipRotateMasterKey",
    "--kmipConnectRetries",
    "4",
    "--kmipConnectTimeoutMS",
    "1000",
    "--kmipActivateKeys",
    "--kmipKeyStatePollingSeconds",
    "30",
    "--kmipProtocolVersion",
    "2.1",
    "--enableEncryption",
];

#[test]
fn every_option_from_flags() {
    let c = from_flags(EVERY_OPTION_FLAGS);
    assert_eq!(
        c.servers,
        vec![name("kmip-a", 7000), name("kmip-b", 7001), ip("::1", 7002)]
    );
    assert_eq!(c.port, 7000);
    assert_eq!(c.server_ca_file.as_deref(), Some(Path::new("ca.pem")));
    assert_eq!(
        c.client_certificate_file.as_deref(),
        Some(Path::new("client.pem"))
    );
    assert_eq!(c.client_key_file.as_deref(), Some(Path::new("client.key")));
    assert_eq!(
        c.client_certificate_password.as_ref().map(Password::expose),
        Some("pem-secret-from-flag")
    );
    assert_eq!(c.key_identifier.as_deref(), Some("42"));
    assert!(c.rotate_master_key);
    assert_eq!(c.connect_retries, 4);
    assert_eq!(c.passes(), 5);
    assert_eq!(c.connect_timeout, Duration::from_millis(1000));
    assert_eq!(c.activate_keys, ActivateKeys::Explicit(true));
    assert!(!c.activate_keys.tolerates_pre_active());
    assert_eq!(c.key_state_polling, Some(Duration::from_secs(30)));
    assert_eq!(c.polling_interval(), None, "rotating");
    assert_eq!(
        c.protocol_version,
        ProtocolVersionChoice::Pinned(ProtocolVersion::V2_1)
    );
    assert!(c.enable_encryption);
    assert!(c.require_connection().is_ok());
}

#[test]
fn flags_override_the_file() {
    let c = from_yaml(EVERY_OPTION_YAML, EVERY_OPTION_FLAGS);
    assert_eq!(c, from_flags(EVERY_OPTION_FLAGS));
    // Option by option: only the flag given changes.
    let c = from_yaml(EVERY_OPTION_YAML, &["--kmipPort", "6000"]);
    assert_eq!(c.port, 6000);
    assert_eq!(c.servers[0], name("kmip1.example.com", 6000));
    assert_eq!(
        c.servers[1],
        ip("10.0.0.2", 5697),
        "the entry's own port stays"
    );
    assert_eq!(c.connect_timeout, Duration::from_millis(1500));
    let c = from_yaml(EVERY_OPTION_YAML, &["--kmipActivateKeys=true"]);
    assert_eq!(c.activate_keys, ActivateKeys::Explicit(true));
    let c = from_yaml(
        EVERY_OPTION_YAML,
        &["--enableEncryption=false", "--kmipRotateMasterKey=false"],
    );
    assert!(!c.enable_encryption && !c.rotate_master_key);
    // An empty flag clears the file's value (PSMDB: empty means not set).
    let c = from_yaml(
        EVERY_OPTION_YAML,
        &["--kmipServerCAFile=", "--kmipKeyIdentifier", ""],
    );
    assert_eq!(c.server_ca_file, None);
    assert_eq!(c.key_identifier, None);
    // A bad value in the file that a flag overrides is never looked at.
    let c = from_yaml(
        "security:\n  kmip:\n    connectTimeoutMS: 10\n",
        &["--kmipConnectTimeoutMS", "2000"],
    );
    assert_eq!(c.connect_timeout, Duration::from_millis(2000));
}

#[test]
fn options_stand_before_or_after_the_subcommand() {
    let before = parse(&["--kmipServerName", "kmip", "--kmipActivateKeys", "get", "7"]);
    let after = parse(&["get", "7", "--kmipServerName", "kmip", "--kmipActivateKeys"]);
    assert_eq!(before.kmip, after.kmip);
    assert_eq!(before.command, Some(Cmd::Get { uid: "7".into() }));
    assert_eq!(after.command, Some(Cmd::Get { uid: "7".into() }));
    assert_eq!(after.kmip.server_name.as_deref(), Some("kmip"));
    // A bare switch does not swallow the subcommand that follows it.
    let cli = parse(&["--kmipRotateMasterKey", "get", "1"]);
    assert_eq!(cli.kmip.rotate_master_key.as_deref(), Some("true"));
    assert_eq!(cli.command, Some(Cmd::Get { uid: "1".into() }));
}

#[test]
fn activate_keys_remembers_whether_it_was_given() {
    let c = from_yaml("security:\n  kmip:\n    activateKeys: true\n", &[]);
    assert_eq!(c.activate_keys, ActivateKeys::Explicit(true));
    let c = from_yaml("security:\n  kmip:\n    serverName: k\n", &[]);
    assert_eq!(c.activate_keys, ActivateKeys::Default);
    assert_eq!(
        from_flags(&["--kmipActivateKeys=false"]).activate_keys,
        ActivateKeys::Explicit(false)
    );
    assert_eq!(
        from_flags(&["--kmipActivateKeys"]).activate_keys,
        ActivateKeys::Explicit(true)
    );
}

#[test]
fn polling_zero_or_less_is_off() {
    for s in ["0", "-1", "-900"] {
        let c = from_flags(&["--kmipKeyStatePollingSeconds", s]);
        assert_eq!(c.key_state_polling, None, "{s}");
        assert_eq!(c.polling_interval(), None, "{s}");
    }
    let c = from_yaml("security.kmip.keyStatePollingSeconds: -1\n", &[]);
    assert_eq!(c.key_state_polling, None);
}

#[test]
fn protocol_versions_from_yaml_and_flags() {
    for v in ProtocolVersionChoice::ALL {
        let yaml = format!("security:\n  kmip:\n    protocolVersion: {v}\n");
        assert_eq!(from_yaml(&yaml, &[]).protocol_version, v);
        let flag = v.to_string();
        assert_eq!(
            from_flags(&["--kmipProtocolVersion", &flag]).protocol_version,
            v
        );
    }
}

#[test]
fn a_real_mongod_conf() {
    let conf = "\
# mongod.conf, as Percona ships it, with KMIP turned on.
systemLog:
  destination: file
  logAppend: true
  path: /var/log/mongo/mongod.log

storage:
  dbPath: /var/lib/mongo
  journal:
    enabled: true
  engine: wiredTiger
  wiredTiger:
    engineConfig:
      cacheSizeGB: 1

processManagement:
  fork: true
  pidFilePath: /var/run/mongod.pid

net:
  port: 27017
  bindIp: 127.0.0.1,::1
  tls:
    mode: requireTLS
    certificateKeyFile: /etc/ssl/mongod.pem

replication:
  replSetName: rs0

security:
  authorization: enabled
  keyFile: /etc/mongo/keyfile
  encryptionCipherMode: AES256-GCM
  enableEncryption: true
  kmip:
    serverName: kmip1.internal,kmip2.internal
    port: 5696
    serverCAFile: /etc/mongo/kmip-ca.pem
    clientCertificateFile: /etc/mongo/kmip-client.pem
    connectRetries: 3
    connectTimeoutMS: 2000

setParameter:
  authenticationMechanisms: SCRAM-SHA-256
operationProfiling:
  mode: slowOp
";
    let c = from_yaml(conf, &[]);
    assert!(c.enable_encryption);
    assert_eq!(
        c.servers,
        vec![name("kmip1.internal", 5696), name("kmip2.internal", 5696)]
    );
    assert_eq!(
        c.server_ca_file.as_deref(),
        Some(Path::new("/etc/mongo/kmip-ca.pem"))
    );
    assert_eq!(c.connect_retries, 3);
    assert_eq!(c.connect_timeout, Duration::from_millis(2000));
    assert!(c.require_connection().is_ok());
}

#[test]
fn dotted_keys_as_mongod_accepts_them() {
    let c = from_yaml(
        "security.enableEncryption: true\n\
         security.kmip.serverName: k1\n\
         security:\n  kmip.port: 1\n",
        &[],
    );
    assert!(c.enable_encryption);
    assert_eq!(c.servers, vec![name("k1", 1)]);
}

#[test]
fn unknown_key_is_named_with_a_suggestion() {
    let e = yaml_error("security:\n  kmip:\n    serverNmae: kmip1\n");
    assert_eq!(
        e.to_string(),
        "/etc/mongod.conf: unknown option security.kmip.serverNmae; did you mean \
         security.kmip.serverName?"
    );
    let e = yaml_error("security:\n  kmip:\n    connecttimeoutms: 1000\n");
    assert_eq!(
        e.to_string(),
        "/etc/mongod.conf: unknown option security.kmip.connecttimeoutms; did you mean \
         security.kmip.connectTimeoutMS?"
    );
    // The flag's spelling used as a YAML key.
    let e = yaml_error("security:\n  kmip:\n    kmipKeyIdentifier: 1\n");
    assert!(matches!(
        &e,
        ConfigError::UnknownKey { key, suggestion: Some("security.kmip.keyIdentifier"), .. }
            if key == "security.kmip.kmipKeyIdentifier"
    ));
    // MongoDB Enterprise's option points to ours.
    let e = yaml_error("security:\n  kmip:\n    useLegacyProtocol: true\n");
    assert!(
        e.to_string()
            .ends_with("did you mean security.kmip.protocolVersion?"),
        "{e}"
    );
    // Nothing close: the known keys are listed.
    let e = yaml_error("security:\n  kmip:\n    flux: 1\n");
    assert!(
        e.to_string().starts_with(
            "/etc/mongod.conf: unknown option security.kmip.flux; the options under \
             security.kmip are serverName, port,"
        ),
        "{e}"
    );
    // Misspelt sections of ours are not skipped silently.
    let e = yaml_error("security:\n  enableencryption: true\n");
    assert!(
        e.to_string()
            .ends_with("did you mean security.enableEncryption?"),
        "{e}"
    );
    // Other keys under security are mongod's and are left alone.
    from_yaml(
        "security:\n  clusterAuthMode: x509\n  vault:\n    serverName: v\n",
        &[],
    );
}

#[test]
fn yaml_syntax_errors_carry_line_and_column() {
    let e = yaml_error("security:\n  kmip:\n    serverName: \"kmip1\n");
    let ConfigError::Yaml { line, column, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(line.is_some() && column.is_some(), "{e:?}");
    let e = yaml_error("security:\n  kmip:\n    port: 1\n   bad: 2\n");
    let ConfigError::Yaml { line, column, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!((*line, *column), (Some(4), Some(4)));
    assert!(
        e.to_string()
            .starts_with("/etc/mongod.conf:4:4: invalid YAML: "),
        "{e}"
    );
}

#[test]
fn a_mapping_where_a_value_belongs_is_refused_with_its_position() {
    let e = yaml_error("security:\n  kmip:\n    serverName:\n      host: kmip1\n");
    assert_eq!(
        e.to_string(),
        "/etc/mongod.conf:4:7: invalid YAML: security.kmip.serverName: invalid type: map, \
         expected a single value"
    );
}

#[test]
fn the_file_is_read_from_disk() {
    let path = scratch_file(
        "mongod.conf",
        "security:\n  kmip:\n    serverName: kmip-file\n    connectRetries: 1\n",
    );
    let path_text = path.to_str().unwrap();
    let c = from_sources(Some(&path), &KmipArgs::default()).unwrap();
    assert_eq!(c.servers, vec![name("kmip-file", 5696)]);
    // `--config` through the flags, with a flag over the file.
    let c = flags(&["--config", path_text, "--kmipConnectRetries", "5"])
        .load()
        .unwrap();
    assert_eq!(c.servers, vec![name("kmip-file", 5696)]);
    assert_eq!(c.connect_retries, 5);
    // Errors name the file.
    let bad = scratch_file("bad.conf", "security:\n  kmip:\n    port: 0\n");
    let e = from_sources(Some(&bad), &KmipArgs::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: security.kmip.port 0: must be from 1 to 65535 (port 0 cannot be connected to)",
            bad.display()
        )
    );
    std::fs::remove_file(&path).unwrap();
    std::fs::remove_file(&bad).unwrap();
}

#[test]
fn a_missing_file_is_reported() {
    let missing = Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-such-dir/mongod.conf");
    let e = from_sources(Some(&missing), &KmipArgs::default()).unwrap_err();
    assert!(matches!(&e, ConfigError::Read { path, .. } if path == &missing));
    assert!(
        e.to_string().starts_with(&format!(
            "cannot read the configuration file {}: ",
            missing.display()
        )),
        "{e}"
    );
    assert!(std::error::Error::source(&e).is_some());
}

#[test]
fn the_password_is_never_printed() {
    const SECRET: &str = "pem-secret-from";
    let from_both = from_yaml(EVERY_OPTION_YAML, EVERY_OPTION_FLAGS);
    let from_file = from_yaml(EVERY_OPTION_YAML, &[]);
    let args = flags(EVERY_OPTION_FLAGS);
    let mut printed = vec![
        format!("{from_both:?}"),
        format!("{from_both}"),
        from_both.redacted_summary(),
        format!("{from_file:?}"),
        format!("{from_file}"),
        format!("{args:?}"),
        format!("{:?}", from_both.client_certificate_password),
    ];
    // Nor in errors about it, from the file or from a flag.
    let e = from_yaml_str(
        "security:\n  kmip:\n    clientCertificatePassword: pem-secret-from-yaml\n",
        Path::new("m.conf"),
        &KmipArgs::default(),
    )
    .unwrap_err();
    printed.push(e.to_string());
    printed.push(format!("{e:?}"));
    let e = from_sources(
        None,
        &flags(&["--kmipClientCertificatePassword", "pem-secret-from-flag"]),
    )
    .unwrap_err();
    printed.push(e.to_string());
    printed.push(format!("{e:?}"));
    for text in &printed {
        assert!(!text.contains(SECRET), "{text}");
    }
    assert!(from_both
        .redacted_summary()
        .contains("clientCertificatePassword: (set, not shown)"));
}

#[test]
fn the_summary_shows_the_effective_configuration() {
    let c = from_yaml(EVERY_OPTION_YAML, &["--kmipActivateKeys"]);
    assert_eq!(
        c.redacted_summary(),
        "\
serverName: kmip1.example.com:5700, 10.0.0.2:5697, [fd00::3]:5698, [fd00::4]:5700
port: 5700
serverCAFile: /etc/kmip/ca.pem
clientCertificateFile: /etc/kmip/client.pem
clientKeyFile: /etc/kmip/client.key
clientCertificatePassword: (set, not shown)
keyIdentifier: 0123
rotateMasterKey: true
connectRetries: 2 (3 passes over the server list)
connectTimeoutMS: 1500
activateKeys: true
keyStatePollingSeconds: 60
protocolVersion: 1.0
enableEncryption: true"
    );
    let summary = KmipConfig::default().redacted_summary();
    assert!(summary.contains("serverName: (none)"), "{summary}");
    assert!(summary.contains("activateKeys: true (default: Pre-Active keys tolerated)"));
    let off = from_flags(&["--kmipKeyStatePollingSeconds", "0"]).redacted_summary();
    assert!(off.contains("keyStatePollingSeconds: off"), "{off}");
}
