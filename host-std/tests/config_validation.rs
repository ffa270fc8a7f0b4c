//! Every rule of the KMIP configuration, with the exact message: the option as the user spelt
//! it (flag or YAML key path), the value, and the rule.

use clap::Parser;
use kmipkit::config::{
    from_sources, from_yaml_str, ConfigError, EntryProblem, KmipArgs, KmipOption, Origin, Rule,
};
use std::path::Path;

#[derive(Debug, Parser)]
#[command(name = "kmipkit")]
struct Cli {
    #[command(flatten)]
    kmip: KmipArgs,
}

fn flag_error(args: &[&str]) -> ConfigError {
    let argv = std::iter::once("kmipkit").chain(args.iter().copied());
    let cli = Cli::try_parse_from(argv).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    match from_sources(None, &cli.kmip) {
        Ok(c) => panic!("{args:?} accepted: {c:?}"),
        Err(e) => e,
    }
}

fn yaml_error(yaml: &str) -> ConfigError {
    match from_yaml_str(yaml, Path::new("/etc/mongod.conf"), &KmipArgs::default()) {
        Ok(c) => panic!("{yaml:?} accepted: {c:?}"),
        Err(e) => e,
    }
}

/// The message for `--flag value`.
fn flag_says(args: &[&str], message: &str) {
    assert_eq!(flag_error(args).to_string(), message, "{args:?}");
}

/// The message for `key: value` under `security.kmip`.
fn kmip_key_says(key: &str, value: &str, message: &str) {
    let yaml = format!("security:\n  kmip:\n    {key}: {value}\n");
    assert_eq!(yaml_error(&yaml).to_string(), message, "{yaml:?}");
}

#[test]
fn the_error_is_a_typed_value() {
    let e = flag_error(&["--kmipConnectTimeoutMS", "500"]);
    let ConfigError::Invalid {
        option,
        value,
        rule,
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(option.option, KmipOption::ConnectTimeoutMs);
    assert_eq!(option.origin, Origin::Flag);
    assert_eq!(value, "500");
    assert_eq!(
        *rule,
        Rule::AtLeast {
            min: 1000,
            unit: "milliseconds"
        }
    );
    assert_eq!(e.option(), Some(KmipOption::ConnectTimeoutMs));
    let as_std: &dyn std::error::Error = &e;
    assert!(as_std.source().is_none());
}

#[test]
fn connect_timeout_is_at_least_one_second() {
    flag_says(
        &["--kmipConnectTimeoutMS", "500"],
        "--kmipConnectTimeoutMS 500: must be at least 1000 (milliseconds)",
    );
    flag_says(
        &["--kmipConnectTimeoutMS", "0"],
        "--kmipConnectTimeoutMS 0: must be at least 1000 (milliseconds)",
    );
    flag_says(
        &["--kmipConnectTimeoutMS", "5s"],
        "--kmipConnectTimeoutMS 5s: must be a whole number from 1000 to 2147483647 \
         (milliseconds)",
    );
    flag_says(
        &["--kmipConnectTimeoutMS", "3000000000"],
        "--kmipConnectTimeoutMS 3000000000: must be a whole number from 1000 to 2147483647 \
         (milliseconds)",
    );
    kmip_key_says(
        "connectTimeoutMS",
        "999",
        "/etc/mongod.conf: security.kmip.connectTimeoutMS 999: must be at least 1000 \
         (milliseconds)",
    );
    kmip_key_says(
        "connectTimeoutMS",
        "",
        "/etc/mongod.conf: security.kmip.connectTimeoutMS \"\": must be a whole number from \
         1000 to 2147483647 (milliseconds)",
    );
}

#[test]
fn port_is_1_to_65535() {
    flag_says(
        &["--kmipPort", "0"],
        "--kmipPort 0: must be from 1 to 65535 (port 0 cannot be connected to)",
    );
    flag_says(
        &["--kmipPort", "65536"],
        "--kmipPort 65536: must be a whole number from 1 to 65535",
    );
    flag_says(
        &["--kmipPort", "-1"],
        "--kmipPort -1: must be a whole number from 1 to 65535",
    );
    flag_says(
        &["--kmipPort", "kmip"],
        "--kmipPort kmip: must be a whole number from 1 to 65535",
    );
    kmip_key_says(
        "port",
        "5696.0",
        "/etc/mongod.conf: security.kmip.port 5696.0: must be a whole number from 1 to 65535",
    );
    // Checked even when every entry has its own port.
    flag_says(
        &["--kmipPort", "0", "--kmipServerName", "kmip:5696"],
        "--kmipPort 0: must be from 1 to 65535 (port 0 cannot be connected to)",
    );
}

#[test]
fn connect_retries_is_zero_or_more() {
    flag_says(
        &["--kmipConnectRetries", "-1"],
        "--kmipConnectRetries -1: must be at least 0 (extra passes over the server list)",
    );
    flag_says(
        &["--kmipConnectRetries", "1.5"],
        "--kmipConnectRetries 1.5: must be a whole number from 0 to 2147483647 (extra passes \
         over the server list)",
    );
    kmip_key_says(
        "connectRetries",
        "many",
        "/etc/mongod.conf: security.kmip.connectRetries many: must be a whole number from 0 to \
         2147483647 (extra passes over the server list)",
    );
}

#[test]
fn key_state_polling_is_a_whole_number_of_seconds() {
    flag_says(
        &["--kmipKeyStatePollingSeconds", "15m"],
        "--kmipKeyStatePollingSeconds 15m: must be a whole number from -2147483648 to \
         2147483647 (seconds; 0 or less turns polling off)",
    );
    kmip_key_says(
        "keyStatePollingSeconds",
        "1e3",
        "/etc/mongod.conf: security.kmip.keyStatePollingSeconds 1e3: must be a whole number \
         from -2147483648 to 2147483647 (seconds; 0 or less turns polling off)",
    );
}

#[test]
fn switches_are_true_or_false() {
    flag_says(
        &["--kmipActivateKeys=maybe"],
        "--kmipActivateKeys maybe: must be true or false",
    );
    flag_says(
        &["--kmipRotateMasterKey=2"],
        "--kmipRotateMasterKey 2: must be true or false",
    );
    flag_says(
        &["--enableEncryption="],
        "--enableEncryption \"\": must be true or false",
    );
    kmip_key_says(
        "activateKeys",
        "sometimes",
        "/etc/mongod.conf: security.kmip.activateKeys sometimes: must be true or false",
    );
    kmip_key_says(
        "rotateMasterKey",
        "'yes please'",
        "/etc/mongod.conf: security.kmip.rotateMasterKey \"yes please\": must be true or false",
    );
    assert_eq!(
        yaml_error("security:\n  enableEncryption: enabled\n").to_string(),
        "/etc/mongod.conf: security.enableEncryption enabled: must be true or false"
    );
}

#[test]
fn protocol_version_is_a_kmip_version_or_auto() {
    let rule = "must be one of 1.0, 1.1, 1.2, 1.3, 1.4, 2.0, 2.1 or auto";
    flag_says(
        &["--kmipProtocolVersion", "1.5"],
        &format!("--kmipProtocolVersion 1.5: {rule}"),
    );
    flag_says(
        &["--kmipProtocolVersion", "1"],
        &format!("--kmipProtocolVersion 1: {rule}"),
    );
    kmip_key_says(
        "protocolVersion",
        "latest",
        &format!("/etc/mongod.conf: security.kmip.protocolVersion latest: {rule}"),
    );
}

#[test]
fn server_list_entries() {
    flag_says(
        &["--kmipServerName", "kmip1,,kmip2"],
        "--kmipServerName \"kmip1,,kmip2\": entry 2 of the comma-separated list is empty",
    );
    flag_says(
        &["--kmipServerName", "kmip1, kmip2,"],
        "--kmipServerName \"kmip1, kmip2,\": entry 3 of the comma-separated list is empty",
    );
    flag_says(
        &["--kmipServerName", "kmip1,kmip2:99999"],
        "--kmipServerName \"kmip1,kmip2:99999\": entry 2 (kmip2:99999): port 99999 must be a \
         whole number from 1 to 65535",
    );
    flag_says(
        &["--kmipServerName", "kmip:0"],
        "--kmipServerName kmip:0: entry 1 (kmip:0): port 0 cannot be connected to (use 1 to \
         65535)",
    );
    flag_says(
        &["--kmipServerName", "kmip:"],
        "--kmipServerName kmip:: entry 1 (kmip:): the port after ':' is missing",
    );
    flag_says(
        &["--kmipServerName", "kmip1 kmip2"],
        "--kmipServerName \"kmip1 kmip2\": entry 1 (kmip1 kmip2): ' ' cannot appear in a host \
         name (separate entries with commas)",
    );
    flag_says(
        &["--kmipServerName", "[fd00::1"],
        "--kmipServerName [fd00::1: entry 1 ([fd00::1): '[' without a closing ']'",
    );
    flag_says(
        &["--kmipServerName", "fd00::zz"],
        "--kmipServerName fd00::zz: entry 1 (fd00::zz): fd00::zz is not an IPv6 address \
         (write host:port, [IPv6]:port, or a bare IPv6 address)",
    );
    flag_says(
        &["--kmipServerName", "[10.0.0.1]:5696"],
        "--kmipServerName [10.0.0.1]:5696: entry 1 ([10.0.0.1]:5696): brackets are for IPv6 \
         addresses only (write IPv4:port)",
    );
    flag_says(
        &["--kmipServerName", "https://kmip"],
        "--kmipServerName https://kmip: entry 1 (https://kmip): a URL is not accepted: write \
         host or host:port",
    );
    flag_says(
        &["--kmipServerName", "kmip..example"],
        "--kmipServerName kmip..example: entry 1 (kmip..example): not a valid host name: empty \
         label (a leading dot or two dots in a row)",
    );
    kmip_key_says(
        "serverName",
        "kmip1, kmip2, kmip1",
        "/etc/mongod.conf: security.kmip.serverName \"kmip1, kmip2, kmip1\": entry 3 (kmip1) \
         names the same server and port as entry 1",
    );
    // The same server by its default port and by an explicit one.
    let e = flag_error(&["--kmipServerName", "kmip, kmip:5696"]);
    assert!(matches!(
        e,
        ConfigError::Invalid {
            rule: Rule::DuplicateEntry {
                position: 2,
                first: 1,
                ..
            },
            ..
        }
    ));
    let e = flag_error(&["--kmipServerName", "a,b:x"]);
    assert!(matches!(
        e,
        ConfigError::Invalid {
            rule: Rule::Entry {
                position: 2,
                problem: EntryProblem::Port(_),
                ..
            },
            ..
        }
    ));
}

#[test]
fn password_and_key_file_need_a_certificate_file() {
    flag_says(
        &["--kmipClientCertificatePassword", "pw-in-flag"],
        "--kmipClientCertificatePassword: requires a client certificate file \
         (security.kmip.clientCertificateFile or --kmipClientCertificateFile)",
    );
    flag_says(
        &["--kmipClientKeyFile", "client.key"],
        "--kmipClientKeyFile: requires a client certificate file \
         (security.kmip.clientCertificateFile or --kmipClientCertificateFile)",
    );
    kmip_key_says(
        "clientCertificatePassword",
        "pw-in-file",
        "/etc/mongod.conf: security.kmip.clientCertificatePassword: requires a client \
         certificate file (security.kmip.clientCertificateFile or --kmipClientCertificateFile)",
    );
    // The certificate may come from the other source.
    let cli = Cli::try_parse_from([
        "kmipkit",
        "--kmipClientCertificatePassword",
        "pw",
        "--kmipClientKeyFile",
        "k.pem",
    ])
    .unwrap();
    let c = from_yaml_str(
        "security.kmip.clientCertificateFile: c.pem\n",
        Path::new("m.conf"),
        &cli.kmip,
    )
    .unwrap();
    assert!(c.client_certificate_password.is_some() && c.client_key_file.is_some());
    // An empty password is no password (as in PSMDB), so it needs nothing.
    let cli = Cli::try_parse_from(["kmipkit", "--kmipClientCertificatePassword="]).unwrap();
    assert_eq!(
        from_sources(None, &cli.kmip)
            .unwrap()
            .client_certificate_password,
        None
    );
}

#[test]
fn kmip_commands_need_a_server_and_a_certificate() {
    let c = from_sources(None, &KmipArgs::default()).unwrap();
    assert_eq!(
        c.require_connection().unwrap_err().to_string(),
        "a KMIP server name is needed to talk to a KMIP server: set security.kmip.serverName \
         in the configuration file or --kmipServerName"
    );
    let cli = Cli::try_parse_from(["kmipkit", "--kmipServerName", "kmip"]).unwrap();
    let c = from_sources(None, &cli.kmip).unwrap();
    assert_eq!(
        c.require_connection().unwrap_err().to_string(),
        "a client certificate file is needed to talk to a KMIP server: set \
         security.kmip.clientCertificateFile in the configuration file or \
         --kmipClientCertificateFile"
    );
}

#[test]
fn an_option_given_twice_in_the_file() {
    assert_eq!(
        yaml_error("security.kmip.port: 1\nsecurity:\n  kmip:\n    port: 2\n").to_string(),
        "/etc/mongod.conf: security.kmip.port is given more than once"
    );
}

#[test]
fn the_first_bad_value_is_reported() {
    // Options are checked in the documented order; the first failure is the error.
    let e = flag_error(&["--kmipConnectTimeoutMS", "1", "--kmipPort", "0"]);
    assert_eq!(e.option(), Some(KmipOption::Port));
}
