//! From raw values (file, flags) to a validated [`KmipConfig`]: flags override the file,
//! defaults fill the rest, and every value is checked against PSMDB's rules.

use super::error::{ConfigError, OptionRef, Origin, Rule};
use super::model::{ActivateKeys, KmipConfig};
use super::option::KmipOption;
use super::password::Password;
use super::protocol::ProtocolVersionChoice;
use super::server;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// One value as given, before validation.
#[derive(Debug)]
pub(crate) enum Raw {
    /// Text as written (YAML scalars keep their source text: `0123` stays `0123`).
    Text(String),
    /// A path from a flag (may not be UTF-8).
    Path(PathBuf),
    /// The password, kept in its zeroizing wrapper from the start.
    Secret(Password),
}

/// The values one source gave.
#[derive(Debug)]
pub(crate) struct Layer {
    pub(crate) origin: Origin,
    pub(crate) values: BTreeMap<KmipOption, Raw>,
}

impl Layer {
    pub(crate) fn new(origin: Origin) -> Self {
        Layer {
            origin,
            values: BTreeMap::new(),
        }
    }
}

/// The layers, highest priority first.
struct Sources<'a>(Vec<&'a Layer>);

impl<'a> Sources<'a> {
    fn get(&self, option: KmipOption) -> Option<(&'a Raw, OptionRef)> {
        self.0.iter().find_map(|layer| {
            layer.values.get(&option).map(|raw| {
                let at = OptionRef {
                    option,
                    origin: layer.origin.clone(),
                };
                (raw, at)
            })
        })
    }

    /// A text value, with where it came from. (Path options use [`path`](Self::path); the
    /// password is read directly.)
    fn text(&self, option: KmipOption) -> Option<(&'a str, OptionRef)> {
        match self.get(option)? {
            (Raw::Text(text), at) => Some((text.as_str(), at)),
            (Raw::Path(path), at) => path.to_str().map(|text| (text, at)),
            (Raw::Secret(_), _) => None,
        }
    }

    /// A path; an empty value means "not set" (as in PSMDB, and so that an empty flag can
    /// clear the file's value).
    fn path(&self, option: KmipOption) -> Option<PathBuf> {
        match self.get(option)?.0 {
            Raw::Text(text) if !text.is_empty() => Some(PathBuf::from(text)),
            Raw::Path(path) if !path.as_os_str().is_empty() => Some(path.clone()),
            _ => None,
        }
    }

    fn parsed<T>(
        &self,
        option: KmipOption,
        parse: impl FnOnce(&str) -> Result<T, Rule>,
    ) -> Result<Option<T>, ConfigError> {
        match self.text(option) {
            None => Ok(None),
            Some((text, at)) => parse(text).map(Some).map_err(|rule| ConfigError::Invalid {
                option: at,
                value: text.to_owned(),
                rule,
            }),
        }
    }

    fn at(&self, option: KmipOption) -> Option<OptionRef> {
        self.get(option).map(|(_, at)| at)
    }
}

/// A whole number in `min..=max`. Below `min`, `unit` (if any) gives the "at least" message.
fn integer(
    text: &str,
    min: i64,
    max: i64,
    hint: &'static str,
    unit: Option<&'static str>,
) -> Result<i64, Rule> {
    let out_of_range = Rule::Integer { min, max, hint };
    match text.trim().parse::<i64>() {
        Ok(n) if n < min => Err(match unit {
            Some(unit) => Rule::AtLeast { min, unit },
            None => out_of_range,
        }),
        Ok(n) if n > max => Err(out_of_range),
        Ok(n) => Ok(n),
        Err(_) => Err(out_of_range),
    }
}

/// `true`/`false`, and the other spellings mongod accepts (yaml-cpp's and boost's).
fn boolean(text: &str) -> Result<bool, Rule> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Ok(true),
        "false" | "no" | "off" | "0" => Ok(false),
        _ => Err(Rule::Boolean),
    }
}

fn port(text: &str) -> Result<u16, Rule> {
    if text.trim() == "0" {
        return Err(Rule::PortZero);
    }
    let port = integer(text, 1, i64::from(u16::MAX), "", None)?;
    Ok(u16::try_from(port).unwrap_or(u16::MAX))
}

const INT_MAX: i64 = i32::MAX as i64;
const INT_MIN: i64 = i32::MIN as i64;

/// Merges `layers` (highest priority first) over the defaults and validates the result.
pub(crate) fn resolve(layers: &[&Layer]) -> Result<KmipConfig, ConfigError> {
    use KmipOption as O;
    let src = Sources(layers.to_vec());
    let mut c = KmipConfig::default();

    if let Some(on) = src.parsed(O::EnableEncryption, boolean)? {
        c.enable_encryption = on;
    }
    if let Some(p) = src.parsed(O::Port, port)? {
        c.port = p;
    }
    let default_port = c.port;
    if let Some(list) = src.parsed(O::ServerName, |t| server::parse_list(t, default_port))? {
        c.servers = list;
    }
    c.server_ca_file = src.path(O::ServerCaFile);
    c.client_certificate_file = src.path(O::ClientCertificateFile);
    c.client_key_file = src.path(O::ClientKeyFile);
    c.client_certificate_password = match src.get(O::ClientCertificatePassword) {
        Some((Raw::Secret(p), _)) if !p.is_empty() => Some(p.clone()),
        Some((Raw::Text(t), _)) if !t.is_empty() => Some(Password::new(t.clone())),
        _ => None,
    };
    // PSMDB: an empty keyIdentifier means "create a key". The UID is opaque: not trimmed.
    c.key_identifier = src
        .text(O::KeyIdentifier)
        .map(|(t, _)| t)
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    if let Some(on) = src.parsed(O::RotateMasterKey, boolean)? {
        c.rotate_master_key = on;
    }
    let retries_hint = "extra passes over the server list";
    if let Some(n) = src.parsed(O::ConnectRetries, |t| {
        integer(t, 0, INT_MAX, retries_hint, Some(retries_hint))
    })? {
        c.connect_retries = u32::try_from(n).unwrap_or(u32::MAX);
    }
    if let Some(ms) = src.parsed(O::ConnectTimeoutMs, |t| {
        integer(t, 1000, INT_MAX, "milliseconds", Some("milliseconds"))
    })? {
        c.connect_timeout = Duration::from_millis(ms.unsigned_abs());
    }
    if let Some(on) = src.parsed(O::ActivateKeys, boolean)? {
        c.activate_keys = ActivateKeys::Explicit(on);
    }
    if let Some(s) = src.parsed(O::KeyStatePollingSeconds, |t| {
        integer(
            t,
            INT_MIN,
            INT_MAX,
            "seconds; 0 or less turns polling off",
            None,
        )
    })? {
        c.key_state_polling = (s > 0).then(|| Duration::from_secs(s.unsigned_abs()));
    }
    if let Some(v) = src.parsed(O::ProtocolVersion, |t| {
        ProtocolVersionChoice::parse(t).ok_or(Rule::ProtocolVersion)
    })? {
        c.protocol_version = v;
    }

    // Requirements between options (PSMDB's IDL, where they make sense for a client).
    if c.client_certificate_file.is_none() {
        if c.client_certificate_password.is_some() {
            return Err(requires(&src, O::ClientCertificatePassword));
        }
        if c.client_key_file.is_some() {
            return Err(requires(&src, O::ClientKeyFile));
        }
    }
    Ok(c)
}

fn requires(src: &Sources<'_>, option: KmipOption) -> ConfigError {
    ConfigError::Requires {
        option: src.at(option).unwrap_or(OptionRef {
            option,
            origin: Origin::Flag,
        }),
        needs: KmipOption::ClientCertificateFile,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        assert_eq!(integer("42", 0, 100, "", None), Ok(42));
        assert_eq!(integer(" 42 ", 0, 100, "", None), Ok(42));
        let range = Rule::Integer {
            min: 0,
            max: 100,
            hint: "",
        };
        assert_eq!(integer("101", 0, 100, "", None), Err(range.clone()));
        assert_eq!(integer("-1", 0, 100, "", None), Err(range.clone()));
        assert_eq!(integer("4.5", 0, 100, "", None), Err(range.clone()));
        assert_eq!(integer("", 0, 100, "", None), Err(range.clone()));
        assert_eq!(
            integer("99999999999999999999", 0, 100, "", None),
            Err(range)
        );
        assert_eq!(
            integer("-1", 0, 100, "", Some("tries")),
            Err(Rule::AtLeast {
                min: 0,
                unit: "tries"
            })
        );
    }

    #[test]
    fn booleans() {
        for t in ["true", "TRUE", "True", "yes", "on", "1"] {
            assert_eq!(boolean(t), Ok(true), "{t}");
        }
        for t in ["false", "False", "no", "off", "0"] {
            assert_eq!(boolean(t), Ok(false), "{t}");
        }
        for t in ["", "maybe", "2", "tru"] {
            assert_eq!(boolean(t), Err(Rule::Boolean), "{t}");
        }
    }

    #[test]
    fn ports() {
        assert_eq!(port("5696"), Ok(5696));
        assert_eq!(port("65535"), Ok(65535));
        assert_eq!(port("1"), Ok(1));
        assert_eq!(port("0"), Err(Rule::PortZero));
        assert!(matches!(port("65536"), Err(Rule::Integer { .. })));
        assert!(matches!(port("-1"), Err(Rule::Integer { .. })));
    }

    #[test]
    fn first_layer_wins() {
        let mut flags = Layer::new(Origin::Flag);
        flags
            .values
            .insert(KmipOption::Port, Raw::Text("7000".into()));
        let mut file = Layer::new(Origin::File("f.conf".into()));
        file.values.insert(KmipOption::Port, Raw::Text("0".into()));
        file.values
            .insert(KmipOption::ConnectRetries, Raw::Text("3".into()));
        let c = resolve(&[&flags, &file]).unwrap();
        // The file's port 0 is overridden, so never checked.
        assert_eq!(c.port, 7000);
        assert_eq!(c.connect_retries, 3);
    }
}
