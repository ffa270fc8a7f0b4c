//! Reading a mongod-style YAML configuration file.
//!
//! Only `security.enableEncryption` and `security.kmip.*` are read; the rest of a real
//! `mongod.conf` (`storage:`, `net:`, `systemLog:`…) is skipped unread. As in mongod's own
//! parser, a key may also be written in dotted form (`security.kmip.port: 5697`, or
//! `kmip.port` under `security`). Values are taken as their source text, as mongod
//! (yaml-cpp) does, so `keyIdentifier: 0123` is the UID `0123`, not the number 123, and
//! `protocolVersion: 1.0` is `1.0`.
//!
//! The document is walked with serde's visitor API over `serde_yaml_ng`, so syntax errors
//! and shape errors (a section that is not a mapping, a mapping where one value belongs)
//! come back with their line and column.

use super::error::{ConfigError, Origin};
use super::option::{suggest, KmipOption, KMIP_SECTION, SECURITY_SECTION};
use super::password::Password;
use super::resolve::{Layer, Raw};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::fmt;
use std::path::Path;

/// Reads the options in `text` (the contents of the file at `path`, which names it in
/// errors).
pub(crate) fn read_layer(text: &str, path: &Path) -> Result<Layer, ConfigError> {
    let mut out = Collector {
        layer: Layer::new(Origin::File(path.to_owned())),
        problem: None,
    };
    let deserializer = serde_yaml_ng::Deserializer::from_str(text);
    let seed = Section {
        prefix: String::new(),
        out: &mut out,
    };
    if let Err(e) = seed.deserialize(deserializer) {
        return Err(yaml_error(&e, path));
    }
    match out.problem {
        Some(problem) => Err(problem),
        None => Ok(out.layer),
    }
}

fn yaml_error(e: &serde_yaml_ng::Error, path: &Path) -> ConfigError {
    let mut message = e.to_string();
    let (line, column) = match e.location() {
        Some(at) => {
            // The position goes in front (`file:line:column:`), so take it out of the text.
            let suffix = format!(" at line {} column {}", at.line(), at.column());
            if let Some(i) = message.find(&suffix) {
                message.replace_range(i..i + suffix.len(), "");
            }
            (Some(at.line()), Some(at.column()))
        }
        None => (None, None),
    };
    ConfigError::Yaml {
        path: path.to_owned(),
        line,
        column,
        message,
    }
}

/// What the walk found: the values, and the first problem that is not a YAML error
/// (unknown or repeated key), reported once the whole document has parsed.
struct Collector {
    layer: Layer,
    problem: Option<ConfigError>,
}

impl Collector {
    fn report(&mut self, problem: ConfigError) {
        self.problem.get_or_insert(problem);
    }

    fn path(&self) -> &Path {
        match &self.layer.origin {
            Origin::File(path) => path,
            Origin::Flag => Path::new(""),
        }
    }
}

/// What a key path is to us.
enum Kind {
    /// `security` or `security.kmip`: walk into it.
    Section,
    /// A known option.
    Option(KmipOption),
    /// Under `security.kmip` (or a miscased spelling of ours) but not known.
    Unknown,
    /// Anything else: mongod's business, skipped.
    Other,
}

fn classify(path: &str) -> Kind {
    if path == SECURITY_SECTION || path == KMIP_SECTION {
        return Kind::Section;
    }
    if let Some(option) = KmipOption::from_yaml_key(path) {
        return Kind::Option(option);
    }
    if path
        .strip_prefix(KMIP_SECTION)
        .is_some_and(|rest| rest.starts_with('.'))
    {
        return Kind::Unknown;
    }
    // `security.KMIP`, `security.enableencryption`: mongod's keys are case-sensitive, so
    // these would be unknown to mongod too; better said than silently skipped.
    let lower = path.to_ascii_lowercase();
    let ours = [KMIP_SECTION, KmipOption::EnableEncryption.yaml_key()];
    if ours.iter().any(|k| {
        let k = k.to_ascii_lowercase();
        lower == k || (lower.starts_with(&k) && lower.as_bytes().get(k.len()) == Some(&b'.'))
    }) {
        return Kind::Unknown;
    }
    Kind::Other
}

/// Walks one mapping whose key path is `prefix` (empty at the root).
struct Section<'c> {
    prefix: String,
    out: &'c mut Collector,
}

impl<'de> DeserializeSeed<'de> for Section<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Section<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.prefix.is_empty() {
            f.write_str("a mapping of options (a mongod configuration file)")
        } else {
            write!(f, "a mapping of the options under {}", self.prefix)
        }
    }

    /// An empty document, or an empty section (`security:` with nothing under it).
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(Scalar(key)) = map.next_key::<Scalar>()? {
            let path = if self.prefix.is_empty() {
                key
            } else {
                format!("{}.{key}", self.prefix)
            };
            match classify(&path) {
                Kind::Section => map.next_value_seed(Section {
                    prefix: path,
                    out: &mut *self.out,
                })?,
                Kind::Option(option) => {
                    let Scalar(text) = map.next_value::<Scalar>()?;
                    let text = if is_null(&text) { String::new() } else { text };
                    let raw = match option {
                        KmipOption::ClientCertificatePassword => Raw::Secret(Password::new(text)),
                        _ => Raw::Text(text),
                    };
                    if self.out.layer.values.insert(option, raw).is_some() {
                        let path = self.out.path().to_owned();
                        self.out.report(ConfigError::DuplicateKey {
                            path,
                            key: option.yaml_key(),
                        });
                    }
                }
                Kind::Unknown => {
                    map.next_value::<IgnoredAny>()?;
                    let problem = ConfigError::UnknownKey {
                        path: self.out.path().to_owned(),
                        suggestion: suggest(&path),
                        key: path,
                    };
                    self.out.report(problem);
                }
                Kind::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// YAML's spellings of null (a plain `~`, `null`, or nothing after the colon), which mean
/// "no value", as in mongod.
fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// One scalar, as its source text (quoted or not; numbers and booleans unconverted). A
/// mapping or a list here is a shape error with a position.
struct Scalar(String);

impl<'de> de::Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl<'de> Visitor<'de> for ScalarVisitor {
            type Value = Scalar;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a single value")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_owned()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar(v))
            }
        }
        // serde_yaml_ng hands any scalar to `deserialize_str` as its source text.
        deserializer.deserialize_str(ScalarVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Layer, ConfigError> {
        read_layer(text, Path::new("test.conf"))
    }

    fn text(layer: &Layer, option: KmipOption) -> &str {
        match layer.values.get(&option) {
            Some(Raw::Text(t)) => t,
            other => panic!("{option:?}: {other:?}"),
        }
    }

    #[test]
    fn nested_and_dotted_keys() {
        let layer = read(
            "security:\n  kmip:\n    port: 5697\n  kmip.connectRetries: 2\n\
             security.kmip.keyIdentifier: '7'\n",
        )
        .unwrap();
        assert_eq!(text(&layer, KmipOption::Port), "5697");
        assert_eq!(text(&layer, KmipOption::ConnectRetries), "2");
        assert_eq!(text(&layer, KmipOption::KeyIdentifier), "7");
    }

    #[test]
    fn values_keep_their_source_text() {
        let layer = read(
            "security:\n  kmip:\n    keyIdentifier: 0123\n    protocolVersion: 2.0\n    \
             serverName: 12e45\n    connectTimeoutMS:\n",
        )
        .unwrap();
        assert_eq!(text(&layer, KmipOption::KeyIdentifier), "0123");
        assert_eq!(text(&layer, KmipOption::ProtocolVersion), "2.0");
        assert_eq!(text(&layer, KmipOption::ServerName), "12e45");
        assert_eq!(text(&layer, KmipOption::ConnectTimeoutMs), "");
    }

    #[test]
    fn empty_documents_and_sections() {
        for doc in [
            "",
            "# nothing\n",
            "security:\n",
            "security:\n  kmip:\n",
            "net: {}\n",
        ] {
            assert!(read(doc).unwrap().values.is_empty(), "{doc:?}");
        }
    }

    #[test]
    fn shape_errors_have_positions() {
        let e = read("security:\n  kmip:\n    port: [1, 2]\n").unwrap_err();
        let ConfigError::Yaml {
            line,
            column,
            message,
            ..
        } = &e
        else {
            panic!("{e:?}")
        };
        assert_eq!((*line, *column), (Some(3), Some(11)));
        assert_eq!(
            message,
            "security.kmip.port: invalid type: sequence, expected a single value"
        );
        assert_eq!(
            e.to_string(),
            "test.conf:3:11: invalid YAML: security.kmip.port: invalid type: sequence, \
             expected a single value"
        );
        let e = read("security: 5\n").unwrap_err();
        assert!(
            e.to_string().starts_with(
                "test.conf:1:11: invalid YAML: security: invalid type: integer `5`, \
                 expected a mapping of the options under security"
            ),
            "{e}"
        );
        let e = read("- a\n- b\n").unwrap_err();
        assert!(
            e.to_string().contains("expected a mapping of options"),
            "{e}"
        );
    }

    #[test]
    fn unknown_keys_are_reported_after_the_parse() {
        let e = read("security:\n  kmip:\n    serverNmae: a\n    port: 1\n").unwrap_err();
        assert!(
            matches!(&e, ConfigError::UnknownKey { key, suggestion, .. }
                if key == "security.kmip.serverNmae"
                    && *suggestion == Some("security.kmip.serverName")),
            "{e:?}"
        );
        let e = read("security:\n  KMIP:\n    port: 1\n").unwrap_err();
        assert!(
            matches!(&e, ConfigError::UnknownKey { key, suggestion, .. }
                if key == "security.KMIP" && *suggestion == Some("security.kmip")),
            "{e:?}"
        );
        // A syntax error later in the file wins over an unknown key before it.
        let e = read("security:\n  kmip:\n    bogus: 1\n  x: [\n").unwrap_err();
        assert!(matches!(e, ConfigError::Yaml { .. }), "{e:?}");
    }

    #[test]
    fn repeated_option_is_reported() {
        let e = read("security.kmip.port: 1\nsecurity:\n  kmip:\n    port: 2\n").unwrap_err();
        assert!(
            matches!(
                e,
                ConfigError::DuplicateKey {
                    key: "security.kmip.port",
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn other_sections_are_skipped_whatever_their_shape() {
        let layer = read(
            "storage:\n  dbPath: /var/lib/mongo\n  engine: [a, {b: c}]\nnet: 27017\n\
             security:\n  authorization: enabled\n  vault: {serverName: v}\n  \
             enableEncryption: true\n",
        )
        .unwrap();
        assert_eq!(layer.values.len(), 1);
        assert_eq!(text(&layer, KmipOption::EnableEncryption), "true");
    }
}
