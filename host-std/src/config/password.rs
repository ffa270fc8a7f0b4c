//! The client certificate password: never printed, wiped from memory when dropped.

use std::fmt;
use zeroize::Zeroizing;

/// A secret string (`clientCertificatePassword`).
///
/// `Debug` prints `Password(<redacted>)`; there is no `Display`. The bytes are overwritten
/// when the value is dropped ([`zeroize`]). Read it with [`expose`](Self::expose) only where
/// it is used (decrypting the private key).
#[derive(Clone)]
pub struct Password(Zeroizing<String>);

impl Password {
    /// Takes ownership of `secret` (no copy is left behind by this call).
    pub fn new(secret: String) -> Self {
        Password(Zeroizing::new(secret))
    }

    /// The password itself.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the password is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// For clap: `--kmipClientCertificatePassword` goes straight into a `Password`.
    pub(crate) fn parse_flag(text: &str) -> Result<Password, std::convert::Infallible> {
        Ok(Password::new(text.to_owned()))
    }
}

impl From<String> for Password {
    fn from(secret: String) -> Self {
        Password::new(secret)
    }
}

/// Equal when the bytes are equal (compared in time independent of where they differ), so
/// that whole configurations can be compared.
impl PartialEq for Password {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl Eq for Password {}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let p = Password::new("hunter2".to_owned());
        assert_eq!(format!("{p:?}"), "Password(<redacted>)");
        assert_eq!(
            format!("{:?}", Some(p.clone())),
            "Some(Password(<redacted>))"
        );
        assert_eq!(p.expose(), "hunter2");
        assert!(!p.is_empty());
        assert_eq!(p, Password::from("hunter2".to_owned()));
        assert_ne!(p, Password::from("hunter3".to_owned()));
        assert_ne!(p, Password::from("hunter".to_owned()));
    }
}
