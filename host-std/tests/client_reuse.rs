//! Connection reuse over real TLS (`ClientOptions::keep_idle`), against the development
//! server in process: the kept connection serves the next operations; when the server closes
//! it for idleness, the next operation connects again once, to the same server, without a
//! failed attempt; without `keep_idle` every operation has its own connection.

mod dev_server_support;

use dev_server_support::TestServer;
use kmipkit::client::{AsyncKmipClient, ClientOptions, KmipClient};
use kmipkit::config::{Host, KmipConfig, ServerAddr};
use kmipkit::server::{Faults, Limits};
use kmipkit_core::client::ops::Lookup;
use kmipkit_core::ttlv::QueryFunction;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

/// The server closes connections idle for this long.
const SERVER_IDLE: Duration = Duration::from_millis(300);

fn server() -> TestServer {
    TestServer::start_with(
        Faults::default(),
        Limits {
            idle_timeout: SERVER_IDLE,
            ..Limits::default()
        },
    )
}

fn config(server: &TestServer) -> KmipConfig {
    KmipConfig {
        servers: vec![ServerAddr {
            host: Host::Ip(IpAddr::V4(Ipv4Addr::LOCALHOST)),
            port: server.port(),
        }],
        server_ca_file: Some(server.paths.ca.clone()),
        client_certificate_file: Some(server.paths.client.clone()),
        connect_timeout: Duration::from_millis(2000),
        ..KmipConfig::default()
    }
}

fn keeping() -> ClientOptions {
    ClientOptions {
        keep_idle: Some(Duration::from_secs(60)),
        use_system_roots: false,
        ..ClientOptions::default()
    }
}

/// Waits until the server has closed every connection (at most a few seconds).
fn until_idle(server: &TestServer) {
    for _ in 0..100 {
        if server.server.stats().active == 0 {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!(
        "the server kept its connections: {:?}",
        server.server.stats()
    );
}

#[test]
fn a_kept_connection_serves_the_next_operations_and_is_replaced_once_closed() {
    let server = server();
    let mut kmip = KmipClient::with_options(&config(&server), &keeping()).unwrap();
    for _ in 0..5 {
        kmip.query(&[QueryFunction::QUERY_OPERATIONS]).unwrap();
    }
    assert!(matches!(kmip.get("404").unwrap(), Lookup::NotFound(_)));
    assert_eq!(server.server.stats().accepted, 1);
    assert_eq!(kmip.open_connections(), 1);

    // The server closes the idle connection; the client finds out on its next request.
    until_idle(&server);
    kmip.query(&[QueryFunction::QUERY_OPERATIONS]).unwrap();
    assert_eq!(server.server.stats().accepted, 2);
    assert_eq!(kmip.report().reconnects, 1);
    assert!(kmip.attempts().is_empty(), "{:?}", kmip.attempts());

    kmip.close_idle();
    assert_eq!(kmip.open_connections(), 0);
    until_idle(&server);
}

#[test]
fn the_async_client_keeps_and_replaces_connections_too() {
    let server = server();
    let mut kmip = AsyncKmipClient::with_options(&config(&server), &keeping()).unwrap();
    smol::block_on(async {
        for _ in 0..3 {
            kmip.query(&[QueryFunction::QUERY_OPERATIONS])
                .await
                .unwrap();
        }
        assert_eq!(server.server.stats().accepted, 1);
        until_idle(&server);
        kmip.query(&[QueryFunction::QUERY_OPERATIONS])
            .await
            .unwrap();
        assert_eq!(server.server.stats().accepted, 2);
        assert_eq!(kmip.report().reconnects, 1);
    });
}

#[test]
fn without_keep_idle_each_operation_has_its_own_connection() {
    let server = server();
    let options = ClientOptions {
        use_system_roots: false,
        ..ClientOptions::default()
    };
    let mut kmip = KmipClient::with_options(&config(&server), &options).unwrap();
    for _ in 0..3 {
        kmip.query(&[QueryFunction::QUERY_OPERATIONS]).unwrap();
    }
    assert_eq!(server.server.stats().accepted, 3);
    assert_eq!(kmip.open_connections(), 0);
}
