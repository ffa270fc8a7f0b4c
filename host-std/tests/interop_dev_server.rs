//! The same interop sequence as `interop_pykmip.rs`, against `kmipkit dev-server` (started
//! on 127.0.0.1:0 in a temporary directory for each test, stopped by its process id).

mod interop_support;

use interop_support::Target;

#[test]
fn dev_server_lifecycle_in_every_version() {
    let Some(t) = Target::dev_server() else {
        return;
    };
    for v in [
        Some("1.0"),
        Some("1.2"),
        Some("1.4"),
        Some("2.0"),
        Some("2.1"),
        None,
    ] {
        interop_support::lifecycle(&t, v);
    }
}

#[test]
fn dev_server_register_then_get_returns_the_bytes() {
    let Some(t) = Target::dev_server() else {
        return;
    };
    for v in [Some("1.0"), Some("2.0"), None] {
        interop_support::register_round_trip(&t, v);
    }
}

#[test]
fn dev_server_not_found_and_permission_denied_with_reasons() {
    let Some(t) = Target::dev_server() else {
        return;
    };
    interop_support::not_found_and_permission(&t);
}

#[test]
fn dev_server_encrypted_key_tls_errors_and_output_modes() {
    let Some(t) = Target::dev_server() else {
        return;
    };
    interop_support::encrypted_client_key(&t);
    interop_support::wrong_ca_and_hostname_mismatch(&t);
    interop_support::output_modes(&t);
}

#[test]
fn dev_server_library_clients_blocking_and_async() {
    let Some(t) = Target::dev_server() else {
        return;
    };
    interop_support::library_clients(&t);
}
