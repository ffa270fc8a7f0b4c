//! What can be wrong with a configuration, as values (matchable in tests and by callers)
//! whose `Display` names the option as the user spelt it, the value and the rule.

use super::option::{KmipOption, KMIP_SECTION};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Where a value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag (`--kmipPort`).
    Flag,
    /// A key in this YAML file (`security.kmip.port`).
    File(PathBuf),
}

/// An option as the user gave it: which one, and from where (so that messages use the
/// spelling the user wrote: the flag or the YAML key path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionRef {
    /// The option.
    pub option: KmipOption,
    /// Where it was given.
    pub origin: Origin,
}

impl OptionRef {
    /// The spelling the user used: `--kmipPort` or `security.kmip.port`.
    pub fn spelling(&self) -> &'static str {
        match self.origin {
            Origin::Flag => self.option.flag(),
            Origin::File(_) => self.option.yaml_key(),
        }
    }

    /// `path: ` for a file, nothing for a flag: the prefix of a message about this option.
    fn file_prefix(&self) -> FilePrefix<'_> {
        FilePrefix(match &self.origin {
            Origin::Flag => None,
            Origin::File(path) => Some(path),
        })
    }
}

impl fmt::Display for OptionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.spelling())
    }
}

struct FilePrefix<'a>(Option<&'a Path>);

impl fmt::Display for FilePrefix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(path) => write!(f, "{}: ", path.display()),
            None => Ok(()),
        }
    }
}

/// The rule a value breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// Not a whole number in `min..=max`; `hint` (may be empty) says what the number means.
    Integer {
        /// The smallest value accepted.
        min: i64,
        /// The largest value accepted.
        max: i64,
        /// Appended in parentheses when not empty, e.g. `milliseconds`.
        hint: &'static str,
    },
    /// A number below the minimum.
    AtLeast {
        /// The smallest value accepted.
        min: i64,
        /// What the number counts, e.g. `milliseconds`.
        unit: &'static str,
    },
    /// Port 0: valid in PSMDB's option table, but nothing can be connected to it.
    PortZero,
    /// Not `true` or `false`.
    Boolean,
    /// Not `1.0` … `2.1` or `auto`.
    ProtocolVersion,
    /// A YAML mapping or list where one value is expected.
    NotAScalar,
    /// Entry `position` (1-based) of the comma-separated server list is empty.
    EmptyEntry {
        /// 1-based position in the list.
        position: usize,
    },
    /// Entry `position` of the server list is malformed.
    Entry {
        /// 1-based position in the list.
        position: usize,
        /// The entry, trimmed.
        entry: String,
        /// What is wrong with it.
        problem: EntryProblem,
    },
    /// Entry `position` names the same host and port as the earlier entry `first`.
    DuplicateEntry {
        /// 1-based position of the repeated entry.
        position: usize,
        /// The repeated entry, trimmed.
        entry: String,
        /// 1-based position of the entry it repeats.
        first: usize,
    },
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Integer { min, max, hint } => {
                write!(f, "must be a whole number from {min} to {max}")?;
                if !hint.is_empty() {
                    write!(f, " ({hint})")?;
                }
                Ok(())
            }
            Rule::AtLeast { min, unit } => write!(f, "must be at least {min} ({unit})"),
            Rule::PortZero => {
                f.write_str("must be from 1 to 65535 (port 0 cannot be connected to)")
            }
            Rule::Boolean => f.write_str("must be true or false"),
            Rule::ProtocolVersion => {
                f.write_str("must be one of 1.0, 1.1, 1.2, 1.3, 1.4, 2.0, 2.1 or auto")
            }
            Rule::NotAScalar => f.write_str("must be a single value, not a mapping or a list"),
            Rule::EmptyEntry { position } => {
                write!(f, "entry {position} of the comma-separated list is empty")
            }
            Rule::Entry {
                position,
                entry,
                problem,
            } => write!(f, "entry {position} ({entry}): {problem}"),
            Rule::DuplicateEntry {
                position,
                entry,
                first,
            } => write!(
                f,
                "entry {position} ({entry}) names the same server and port as entry {first}"
            ),
        }
    }
}

/// What is wrong with one entry of the server list.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EntryProblem {
    /// The text after the last `:` is not a port number from 1 to 65535 (empty if the `:`
    /// ends the entry).
    Port(String),
    /// Port 0.
    PortZero,
    /// `[` without a matching `]`.
    UnclosedBracket,
    /// Something other than `:port` after `]`.
    AfterBracket(String),
    /// Inside `[…]`, or with more than one `:`, but not an IPv6 address.
    NotIpv6(String),
    /// An IPv4 address in brackets (brackets are for IPv6 only).
    BracketedIpv4,
    /// A URL (`https://…`) instead of `host` or `host:port`.
    Url,
    /// A character that cannot appear in a host name (a space, a slash…).
    BadCharacter(char),
    /// Not a valid DNS name; the text says why.
    HostName(&'static str),
}

impl fmt::Display for EntryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntryProblem::Port(p) if p.is_empty() => f.write_str("the port after ':' is missing"),
            EntryProblem::Port(p) => write!(f, "port {p} must be a whole number from 1 to 65535"),
            EntryProblem::PortZero => f.write_str("port 0 cannot be connected to (use 1 to 65535)"),
            EntryProblem::UnclosedBracket => f.write_str("'[' without a closing ']'"),
            EntryProblem::AfterBracket(rest) => {
                write!(f, "expected ':port' after ']', found {rest:?}")
            }
            EntryProblem::NotIpv6(text) => write!(
                f,
                "{text} is not an IPv6 address \
                 (write host:port, [IPv6]:port, or a bare IPv6 address)"
            ),
            EntryProblem::BracketedIpv4 => {
                f.write_str("brackets are for IPv6 addresses only (write IPv4:port)")
            }
            EntryProblem::Url => f.write_str("a URL is not accepted: write host or host:port"),
            EntryProblem::BadCharacter(c) if c.is_whitespace() => write!(
                f,
                "{c:?} cannot appear in a host name (separate entries with commas)"
            ),
            EntryProblem::BadCharacter(c) => write!(f, "{c:?} cannot appear in a host name"),
            EntryProblem::HostName(why) => write!(f, "not a valid host name: {why}"),
        }
    }
}

/// Why a configuration was refused.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// The configuration file could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The configuration file is not valid YAML, or its shape is wrong (a section that is
    /// not a mapping, a mapping where one value is expected).
    Yaml {
        /// The file.
        path: PathBuf,
        /// 1-based line, when the parser knows it.
        line: Option<usize>,
        /// 1-based column, when the parser knows it.
        column: Option<usize>,
        /// The parser's message, without the position.
        message: String,
    },
    /// A key under `security.kmip` (or a misspelt `security.kmip` / `security.enableEncryption`)
    /// that kmipkit does not know.
    UnknownKey {
        /// The file.
        path: PathBuf,
        /// The key path as written, e.g. `security.kmip.serverNmae`.
        key: String,
        /// The closest known spelling, if any is close.
        suggestion: Option<&'static str>,
    },
    /// The same option twice in one file (e.g. as `security.kmip.port` and nested).
    DuplicateKey {
        /// The file.
        path: PathBuf,
        /// The option's key path.
        key: &'static str,
    },
    /// A value that breaks a rule.
    Invalid {
        /// The option, as the user spelt it.
        option: OptionRef,
        /// The value, as given.
        value: String,
        /// The rule it breaks.
        rule: Rule,
    },
    /// An option that needs another one, which is not set.
    Requires {
        /// The option given.
        option: OptionRef,
        /// The option it needs.
        needs: KmipOption,
    },
    /// An option needed to talk to a KMIP server is not set (see
    /// [`KmipConfig::require_connection`](super::KmipConfig::require_connection)).
    Missing {
        /// The option.
        option: KmipOption,
    },
}

impl ConfigError {
    /// The option this error is about, when there is one.
    pub fn option(&self) -> Option<KmipOption> {
        match self {
            ConfigError::Invalid { option, .. } | ConfigError::Requires { option, .. } => {
                Some(option.option)
            }
            ConfigError::Missing { option } => Some(*option),
            ConfigError::DuplicateKey { key, .. } => KmipOption::from_yaml_key(key),
            _ => None,
        }
    }
}

/// Quotes a value when it would otherwise be hard to read in a message (empty, or with
/// spaces, commas or quotes).
fn show_value(value: &str) -> String {
    let plain = !value.is_empty()
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, ',' | '"' | '\''));
    if plain {
        value.to_owned()
    } else {
        format!("{value:?}")
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Read { path, source } => write!(
                f,
                "cannot read the configuration file {}: {source}",
                path.display()
            ),
            ConfigError::Yaml {
                path,
                line,
                column,
                message,
            } => {
                write!(f, "{}", path.display())?;
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                    if let Some(column) = column {
                        write!(f, ":{column}")?;
                    }
                }
                write!(f, ": invalid YAML: {message}")
            }
            ConfigError::UnknownKey {
                path,
                key,
                suggestion,
            } => {
                write!(f, "{}: unknown option {key}", path.display())?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean {s}?"),
                    None => {
                        write!(f, "; the options under {KMIP_SECTION} are")?;
                        let mut sep = " ";
                        for o in KmipOption::ALL {
                            if o != KmipOption::EnableEncryption {
                                write!(f, "{sep}{}", o.short_key())?;
                                sep = ", ";
                            }
                        }
                        Ok(())
                    }
                }
            }
            ConfigError::DuplicateKey { path, key } => {
                write!(f, "{}: {key} is given more than once", path.display())
            }
            ConfigError::Invalid {
                option,
                value,
                rule,
            } => {
                let value = if option.option == KmipOption::ClientCertificatePassword {
                    "<redacted>".to_owned()
                } else {
                    show_value(value)
                };
                write!(f, "{}{option} {value}: {rule}", option.file_prefix())
            }
            ConfigError::Requires { option, needs } => write!(
                f,
                "{}{option}: requires {} ({} or {})",
                option.file_prefix(),
                needs.noun(),
                needs.yaml_key(),
                needs.flag()
            ),
            ConfigError::Missing { option } => write!(
                f,
                "{} is needed to talk to a KMIP server: set {} in the configuration file or {}",
                option.noun(),
                option.yaml_key(),
                option.flag()
            ),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(option: KmipOption) -> OptionRef {
        OptionRef {
            option,
            origin: Origin::Flag,
        }
    }

    #[test]
    fn invalid_names_option_value_and_rule() {
        let e = ConfigError::Invalid {
            option: flag(KmipOption::ConnectTimeoutMs),
            value: "500".into(),
            rule: Rule::AtLeast {
                min: 1000,
                unit: "milliseconds",
            },
        };
        assert_eq!(
            e.to_string(),
            "--kmipConnectTimeoutMS 500: must be at least 1000 (milliseconds)"
        );
        assert_eq!(e.option(), Some(KmipOption::ConnectTimeoutMs));
        let e = ConfigError::Invalid {
            option: OptionRef {
                option: KmipOption::Port,
                origin: Origin::File("/etc/mongod.conf".into()),
            },
            value: "".into(),
            rule: Rule::Integer {
                min: 1,
                max: 65535,
                hint: "",
            },
        };
        assert_eq!(
            e.to_string(),
            "/etc/mongod.conf: security.kmip.port \"\": must be a whole number from 1 to 65535"
        );
    }

    #[test]
    fn a_password_value_is_never_shown() {
        let e = ConfigError::Invalid {
            option: flag(KmipOption::ClientCertificatePassword),
            value: "hunter2".into(),
            rule: Rule::NotAScalar,
        };
        assert!(!e.to_string().contains("hunter2"), "{e}");
    }

    #[test]
    fn values_with_spaces_or_commas_are_quoted() {
        assert_eq!(show_value("5696"), "5696");
        assert_eq!(show_value("a, b"), "\"a, b\"");
        assert_eq!(show_value(""), "\"\"");
        assert_eq!(show_value("[fd00::1]:5697"), "[fd00::1]:5697");
    }

    #[test]
    fn unknown_key_without_a_close_match_lists_the_keys() {
        let e = ConfigError::UnknownKey {
            path: "m.conf".into(),
            key: "security.kmip.xyzzy".into(),
            suggestion: None,
        };
        assert_eq!(
            e.to_string(),
            "m.conf: unknown option security.kmip.xyzzy; the options under security.kmip are \
             serverName, port, serverCAFile, clientCertificateFile, clientKeyFile, \
             clientCertificatePassword, keyIdentifier, rotateMasterKey, connectRetries, \
             connectTimeoutMS, activateKeys, keyStatePollingSeconds, protocolVersion"
        );
    }
}
