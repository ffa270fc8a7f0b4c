//! Failures of the KMIP commands as exit codes and messages: the server's refusal with its
//! result reason and whole message (exit 4), every attempt when no server could be reached
//! (exit 3, with the TLS detail), not found (exit 5).

use super::show::server_failure;
use super::CliError;
use crate::client::KmipClient;
use crate::exit;
use kmipkit_core::client::{Cause, ClientError, FailureKind, ServerError};
use kmipkit_core::ttlv::ResultReason;
use std::fmt::Write as _;

/// The attempts of the last operation, one indented line each.
fn attempt_lines(c: &KmipClient) -> String {
    let mut t = String::new();
    let details = c.attempts();
    for d in &details {
        let _ = write!(t, "\n  {d}");
    }
    let omitted = c.report().attempts.omitted();
    if omitted > 0 {
        let _ = write!(t, "\n  … and {omitted} more failed attempts");
    }
    t
}

/// The server's error, with its whole Result Message when the response was recorded.
fn server_error_text(c: &KmipClient, e: &ServerError) -> String {
    let mut t = format!("{} returned {}", e.operation, e.status);
    let recorded = server_failure(&c.wire().responses());
    let (reason, message) = match recorded {
        Some((reason, Some(message))) if reason == e.reason => (reason, Some(message)),
        _ => (
            e.reason,
            (!e.message.is_empty()).then(|| e.message.to_string()),
        ),
    };
    if let Some(r) = reason {
        let _ = write!(t, "; reason: {r}");
    }
    if let Some(m) = message {
        let _ = write!(t, "; message: {m:?}");
    }
    t
}

/// An operation that did not succeed.
pub(super) fn client_error(c: &KmipClient, e: &ClientError) -> CliError {
    let report = c.report();
    match &e.kind {
        FailureKind::Unreachable => {
            let attempts = e.failed_attempts;
            CliError::new(
                exit::UNREACHABLE,
                format!(
                    "no KMIP server reachable ({attempts} failed attempt{}):{}",
                    if attempts == 1 { "" } else { "s" },
                    attempt_lines(c)
                ),
            )
        }
        FailureKind::Refused => {
            let refusal = report
                .attempts
                .entries()
                .iter()
                .rev()
                .find_map(|a| match &a.cause {
                    Cause::Server(s) => Some(s.clone()),
                    _ => None,
                });
            let mut message = match &refusal {
                Some(s) => format!(
                    "the KMIP server refused the operation: {}",
                    server_error_text(c, s)
                ),
                None => "the KMIP server refused the operation".to_owned(),
            };
            if report.attempts.entries().len() > 1 || refusal.is_none() {
                message.push_str(&attempt_lines(c));
            }
            CliError::new(exit::REFUSED, message)
        }
        FailureKind::Request(err) => {
            CliError::new(exit::USAGE, format!("the request cannot be sent: {err}"))
        }
        FailureKind::Config(m) => CliError::new(exit::USAGE, format!("configuration: {m}")),
        other => {
            let mut message = other.to_string();
            message.push_str(&attempt_lines(c));
            if let Some(name) = &report.name {
                let _ = write!(
                    message,
                    "\n  the new object's Name is {:?}: `kmipkit locate --name` finds it",
                    name.as_str()
                );
            }
            for o in &report.orphans {
                let _ = write!(message, "\n  {o}");
            }
            CliError::new(exit::FAILURE, message)
        }
    }
}

/// The server says `uid` does not exist.
pub(super) fn not_found(c: &KmipClient, uid: &str, e: &ServerError) -> CliError {
    let reason = e.reason.unwrap_or(ResultReason::ITEM_NOT_FOUND);
    let mut message = format!("{uid}: not found ({reason}");
    let text = server_error_text(c, e);
    if let Some(m) = text.split_once("; message: ").map(|(_, m)| m) {
        let _ = write!(message, ": {m}");
    }
    message.push(')');
    CliError::new(exit::NOT_FOUND, message)
}

/// After a success, the attempts that failed on the way (a server down is worth knowing).
pub(super) fn note_failed_attempts(c: &KmipClient, succeeded: bool) {
    if !succeeded {
        return;
    }
    let details = c.attempts();
    if details.is_empty() {
        return;
    }
    let mut t = format!(
        "kmipkit: note: {} attempt{} failed before the answer:",
        details.len(),
        if details.len() == 1 { "" } else { "s" }
    );
    t.push_str(&attempt_lines(c));
    eprintln!("{t}");
}
