//! The `kmipkit` KMIP commands and the library clients against a real PyKMIP 0.11 server, in
//! KMIP 1.0, 1.2, 1.4, 2.0 and `auto` (the sequence is in `interop_support`).
//!
//! Runs when `.ci/pykmip.sh start` has exported `KMIPKIT_PYKMIP_ADDR` and
//! `KMIPKIT_PYKMIP_PKI`; fails under `CI` without them, else says loudly that it was skipped.
//! The tests take turns (PyKMIP's SQLite store does not like parallel writers).

mod interop_support;

use interop_support::Target;
use std::sync::{Mutex, MutexGuard, PoisonError};

static TURN: Mutex<()> = Mutex::new(());

fn pykmip(test: &str) -> Option<(MutexGuard<'static, ()>, Target)> {
    let target = Target::pykmip(test)?;
    Some((TURN.lock().unwrap_or_else(PoisonError::into_inner), target))
}

#[test]
fn pykmip_lifecycle_in_kmip_1_0() {
    let Some((_turn, t)) = pykmip("pykmip_lifecycle_in_kmip_1_0") else {
        return;
    };
    interop_support::lifecycle(&t, Some("1.0"));
}

#[test]
fn pykmip_lifecycle_in_kmip_1_2() {
    let Some((_turn, t)) = pykmip("pykmip_lifecycle_in_kmip_1_2") else {
        return;
    };
    interop_support::lifecycle(&t, Some("1.2"));
}

#[test]
fn pykmip_lifecycle_in_kmip_1_4() {
    let Some((_turn, t)) = pykmip("pykmip_lifecycle_in_kmip_1_4") else {
        return;
    };
    interop_support::lifecycle(&t, Some("1.4"));
}

#[test]
fn pykmip_lifecycle_in_kmip_2_0() {
    let Some((_turn, t)) = pykmip("pykmip_lifecycle_in_kmip_2_0") else {
        return;
    };
    interop_support::lifecycle(&t, Some("2.0"));
}

#[test]
fn pykmip_lifecycle_with_auto_negotiation() {
    let Some((_turn, t)) = pykmip("pykmip_lifecycle_with_auto_negotiation") else {
        return;
    };
    interop_support::lifecycle(&t, None);
}

#[test]
fn pykmip_register_then_get_returns_the_bytes() {
    let Some((_turn, t)) = pykmip("pykmip_register_then_get_returns_the_bytes") else {
        return;
    };
    for v in [Some("1.0"), Some("2.0"), None] {
        interop_support::register_round_trip(&t, v);
    }
}

#[test]
fn pykmip_not_found_and_permission_denied_with_reasons() {
    let Some((_turn, t)) = pykmip("pykmip_not_found_and_permission_denied_with_reasons") else {
        return;
    };
    interop_support::not_found_and_permission(&t);
}

#[test]
fn pykmip_encrypted_client_key_right_and_wrong_password() {
    let Some((_turn, t)) = pykmip("pykmip_encrypted_client_key_right_and_wrong_password") else {
        return;
    };
    interop_support::encrypted_client_key(&t);
}

#[test]
fn pykmip_wrong_ca_and_hostname_mismatch_are_tls_errors() {
    let Some((_turn, t)) = pykmip("pykmip_wrong_ca_and_hostname_mismatch_are_tls_errors") else {
        return;
    };
    interop_support::wrong_ca_and_hostname_mismatch(&t);
}

#[test]
fn pykmip_json_trace_flags_after_the_command_and_mongod_conf() {
    let Some((_turn, t)) = pykmip("pykmip_json_trace_flags_after_the_command_and_mongod_conf")
    else {
        return;
    };
    interop_support::output_modes(&t);
}

#[test]
fn pykmip_library_clients_blocking_and_async() {
    let Some((_turn, t)) = pykmip("pykmip_library_clients_blocking_and_async") else {
        return;
    };
    interop_support::library_clients(&t);
}
