//! `kmipkit demo`: the end-to-end tour, against a development KMIP server started in this
//! process on 127.0.0.1 and stopped at the end.
//!
//! It walks the master-key life of a data-at-rest encryption setup, the way Percona Server
//! for MongoDB uses KMIP, through the real client (TLS with client certificates, failover,
//! version negotiation): a dead first server in the list to show failover, Discover
//! Versions, Create + Activate of an AES-256 master key with a unique name, its State, Get
//! (the key stays redacted unless --reveal), a data key wrapped and unwrapped on the server
//! with AES-GCM and associated data (the master key never leaves the server), Locate by
//! name, Revoke, Destroy, and the Get that then finds nothing.

use super::CliError;
use crate::client::{ClientOptions, KmipClient, WireOptions};
use crate::config::{Host, KmipConfig, ProtocolVersionChoice, ServerAddr};
use crate::exit;
use crate::pki::{PkiOptions, TestPki};
use crate::server::{Config, DevServer, Engine};
use crate::tls::server::server_config;
use clap::Args;
use kmipkit_core::client::ops::{CreateSymmetricKey, KeyIfActive, Lookup};
use kmipkit_core::client::ClientError;
use kmipkit_core::kmip::ops::{DecryptRequest, EncryptRequest, LocateRequest};
use kmipkit_core::kmip::{
    Attribute, AttributeValue, CryptographicParameters, Name, Object, ProtocolVersion, Uid,
};
use kmipkit_core::ttlv::{
    BlockCipherMode, CryptographicAlgorithm, PaddingMethod, RevocationReasonCode, State,
};
use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use zeroize::Zeroizing;

/// Arguments of `kmipkit demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Show the master key's bytes (they are redacted otherwise).
    #[arg(long)]
    pub reveal: bool,
    /// Print every KMIP request and response as a redacted TTLV tree on standard error.
    #[arg(long)]
    pub trace: bool,
    /// Pin a KMIP protocol version (1.0 … 2.1) instead of negotiating one.
    #[arg(long, value_name = "VERSION", default_value = "auto")]
    pub protocol: String,
}

/// Removes the demo's temporary folder however the demo ends.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn fail(step: &str, e: impl std::fmt::Display) -> CliError {
    CliError::new(exit::FAILURE, format!("demo: {step}: {e}"))
}

fn client_failed(c: &KmipClient, step: &str, e: &ClientError) -> CliError {
    let mut m = format!("demo: {step}: {e}");
    for a in c.attempts() {
        m.push_str(&format!(
            "\n  {} pass {}: {}",
            a.server,
            a.attempt.pass + 1,
            a.attempt.cause
        ));
    }
    CliError::new(exit::FAILURE, m)
}

/// Runs the demo.
pub fn run(args: DemoArgs) -> Result<(), CliError> {
    let protocol = ProtocolVersionChoice::parse(&args.protocol).ok_or_else(|| {
        CliError::new(
            exit::USAGE,
            format!(
                "--protocol {}: must be auto or one of 1.0, 1.1, 1.2, 1.3, 1.4, 2.0, 2.1",
                args.protocol
            ),
        )
    })?;
    let dir = TempDir(std::env::temp_dir().join(format!(
        "kmipkit-demo-{}-{}",
        std::process::id(),
        random_hex(4)
    )));
    std::fs::create_dir_all(&dir.0).map_err(|e| fail("create a temporary folder", e))?;

    // 1. A development KMIP server on loopback, with a throwaway PKI.
    let pki = TestPki::generate(&PkiOptions::default()).map_err(|e| fail("make a test PKI", e))?;
    let paths = pki
        .write(&dir.0, "demo-password")
        .map_err(|e| fail("write the test PKI", e))?;
    let tls = server_config(&pki.server.credentials(), &[pki.ca.cert_der()])
        .map_err(|e| fail("configure TLS", e))?;
    let server = DevServer::start(
        Config::new((Ipv4Addr::LOCALHOST, 0).into(), tls),
        Arc::new(Engine::new()),
    )
    .map_err(|e| fail("start the development server", e))?;
    let port = server.local_addr().port();
    let dead = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| fail("find a free port", e))?;
    println!("kmipkit demo: a development KMIP server is listening on 127.0.0.1:{port} (TLS, client certificates)");
    println!("  server list: 127.0.0.1:{dead} (nothing listens there), 127.0.0.1:{port}");
    println!("  (to do the same by hand: `kmipkit dev-server` in one terminal, the kmipkit commands it prints in another)");

    let result = tour(&paths.ca, &paths.client, dead, port, protocol, &args);
    server.shutdown();
    result
}

fn tour(
    ca: &Path,
    client_pem: &Path,
    dead: u16,
    port: u16,
    protocol: ProtocolVersionChoice,
    args: &DemoArgs,
) -> Result<(), CliError> {
    let at = |port| ServerAddr {
        host: Host::Ip(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        port,
    };
    let config = KmipConfig {
        servers: vec![at(dead), at(port)],
        server_ca_file: Some(ca.to_path_buf()),
        client_certificate_file: Some(client_pem.to_path_buf()),
        connect_timeout: Duration::from_millis(1000),
        protocol_version: protocol,
        ..KmipConfig::default()
    };
    let options = ClientOptions {
        wire: WireOptions {
            trace: args.trace,
            reveal: args.reveal,
            record: false,
        },
        ..ClientOptions::default()
    };
    let mut c = KmipClient::with_options(&config, &options).map_err(|e| fail("client", e))?;

    // 2. Versions: negotiated once per server, then cached. Discover Versions is a KMIP 1.1
    //    operation, so a client pinned to 1.0 does without it.
    let pinned = match protocol {
        ProtocolVersionChoice::Pinned(v) => Some(v),
        ProtocolVersionChoice::Auto => None,
    };
    let at_least = |v: ProtocolVersion| pinned.is_none_or(|p| p.at_least(v));
    if at_least(ProtocolVersion::V1_1) {
        step(1, "Discover Versions");
        let versions = match c.discover_versions(&[]) {
            Ok(v) => Ok(v
                .protocol_versions
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()),
            Err(e) => Err(e),
        }
        .map_err(|e| client_failed(&c, "discover versions", &e))?;
        for a in c.attempts() {
            println!(
                "   failed over: {} ({}: {}); every operation starts again at the first server",
                a.server, a.attempt.phase, a.attempt.cause
            );
        }
        println!("   the server speaks KMIP {}", versions.join(", "));
    } else {
        step(1, "Discover Versions: skipped (it exists from KMIP 1.1)");
    }

    // 3. The master key: created and activated in one session, with a unique name so that a
    //    lost answer can never make a second key.
    step(2, "Create an AES-256 master key and Activate it");
    let name = format!("kmipkit-demo-master-{}", random_hex(4));
    let created = c
        .create_symmetric_key(&CreateSymmetricKey::aes(256, Some(&name), true))
        .map_err(|e| client_failed(&c, "create", &e))?;
    let uid = created.uid.as_str().to_owned();
    println!(
        "   master key {uid} named {name:?}, active: {}",
        created.activated
    );

    step(3, "Get Attributes: State");
    match c
        .get_state(&uid)
        .map_err(|e| client_failed(&c, "get state", &e))?
    {
        Lookup::Found(Some(state)) => println!("   State = {state}"),
        Lookup::Found(None) => println!("   the server did not report a State"),
        Lookup::NotFound(e) => return Err(fail("get state", e)),
    }

    // 4. PSMDB's "get" mode: the client reads the key (State first, Get only if Active).
    step(
        4,
        "Get the key, only if Active (Percona Server for MongoDB's read)",
    );
    let key = match c.get_if_active(&uid) {
        Ok(KeyIfActive::Active(g)) => Ok(match &g.object {
            Object::SymmetricKey(kb) => kb.plain_key().map(|k| Zeroizing::new(k.to_vec())),
            _ => None,
        }),
        Ok(other) => return Err(fail("get", format!("unexpected answer {other:?}"))),
        Err(e) => Err(e),
    }
    .map_err(|e| client_failed(&c, "get", &e))?;
    match key {
        Some(k) if args.reveal => println!("   {} key bytes: {}", k.len(), hex::encode(&*k)),
        Some(k) => println!("   {} key bytes: <redacted; --reveal shows them>", k.len()),
        None => println!("   the server sent no plain key"),
    }

    // 5. The keystore's "server" mode: a data key wrapped under the master key by the KMS —
    //    AES-GCM with associated data from KMIP 1.4 (the tag travels from 1.4), AES-CBC in 1.2
    //    and 1.3, and nothing before 1.2 (no Encrypt operation).
    if !at_least(ProtocolVersion::V1_2) {
        step(
            5,
            "Wrap a data key on the server: skipped (Encrypt exists from KMIP 1.2)",
        );
        return finish(&mut c, &uid, &name);
    }
    let gcm = at_least(ProtocolVersion::V1_4);
    let dek = Zeroizing::new(random_bytes(32));
    let aad: Option<&[u8]> = gcm.then_some(b"kmipkit-demo/keystore/db1");
    let params = if gcm {
        step(
            5,
            "Wrap a data encryption key on the server (AES-GCM, with associated data)",
        );
        CryptographicParameters {
            block_cipher_mode: Some(BlockCipherMode::GCM),
            cryptographic_algorithm: Some(CryptographicAlgorithm::AES),
            tag_length: Some(16),
            random_iv: Some(true),
            ..CryptographicParameters::default()
        }
    } else {
        step(
            5,
            "Wrap a data encryption key on the server (AES-CBC: GCM needs KMIP 1.4)",
        );
        CryptographicParameters {
            block_cipher_mode: Some(BlockCipherMode::CBC),
            padding_method: Some(PaddingMethod::PKCS5),
            cryptographic_algorithm: Some(CryptographicAlgorithm::AES),
            random_iv: Some(true),
            ..CryptographicParameters::default()
        }
    };
    let wrapped = match c.encrypt(EncryptRequest {
        unique_identifier: Some(Uid::Text(&uid)),
        cryptographic_parameters: Some(params),
        data: Some(&dek),
        authenticated_encryption_additional_data: aad,
        ..EncryptRequest::default()
    }) {
        Ok(Lookup::Found(r)) => Ok((
            r.data.map(<[u8]>::to_vec).unwrap_or_default(),
            r.iv_counter_nonce.map(<[u8]>::to_vec).unwrap_or_default(),
            r.authenticated_encryption_tag.map(<[u8]>::to_vec),
        )),
        Ok(Lookup::NotFound(e)) => return Err(fail("encrypt", e)),
        Err(e) => Err(e),
    }
    .map_err(|e| client_failed(&c, "encrypt", &e))?;
    let (ciphertext, iv, tag) = wrapped;
    if gcm && tag.is_none() {
        return Err(fail("encrypt", "the server returned no GCM tag"));
    }
    println!(
        "   wrapped: {} bytes, iv {}{}",
        ciphertext.len(),
        hex::encode(&iv),
        tag.as_ref()
            .map(|t| format!(", tag {}", hex::encode(t)))
            .unwrap_or_default()
    );
    step(6, "Unwrap it again on the server");
    let unwrapped = match c.decrypt(DecryptRequest {
        unique_identifier: Some(Uid::Text(&uid)),
        cryptographic_parameters: Some(params),
        data: Some(&ciphertext),
        iv_counter_nonce: Some(&iv),
        authenticated_encryption_additional_data: aad,
        authenticated_encryption_tag: tag.as_deref(),
        ..DecryptRequest::default()
    }) {
        Ok(Lookup::Found(r)) => Ok(Zeroizing::new(
            r.data.map(<[u8]>::to_vec).unwrap_or_default(),
        )),
        Ok(Lookup::NotFound(e)) => return Err(fail("decrypt", e)),
        Err(e) => Err(e),
    }
    .map_err(|e| client_failed(&c, "decrypt", &e))?;
    if unwrapped.as_slice() != dek.as_slice() {
        return Err(fail(
            "decrypt",
            "the unwrapped data key differs from the original",
        ));
    }
    println!("   the data key comes back intact; the master key never left the server");
    finish(&mut c, &uid, &name)
}

fn finish(c: &mut KmipClient, uid: &str, name: &str) -> Result<(), CliError> {
    step(7, "Locate the master key by its name");
    let found: Vec<String> = {
        let attrs = [Attribute::new(AttributeValue::Name(Name::text(name)))];
        let request = LocateRequest {
            attributes: attrs[..].into(),
            ..LocateRequest::default()
        };
        match c.locate(request) {
            Ok(r) => r.unique_identifiers.iter().map(|u| u.to_string()).collect(),
            Err(e) => return Err(client_failed(c, "locate", &e)),
        }
    };
    println!("   found: {}", found.join(", "));
    if found != [uid] {
        return Err(fail("locate", format!("expected exactly {uid}")));
    }

    step(8, "Revoke it (Cessation of Operation), then Destroy it");
    match c
        .revoke(uid, RevocationReasonCode::CESSATION_OF_OPERATION)
        .map_err(|e| client_failed(c, "revoke", &e))?
    {
        Lookup::Found(_) => {}
        Lookup::NotFound(e) => return Err(fail("revoke", e)),
    }
    match c
        .get_state(uid)
        .map_err(|e| client_failed(c, "get state", &e))?
    {
        Lookup::Found(Some(state)) => println!("   State = {state}"),
        _ => println!("   State unknown"),
    }
    match c
        .destroy(uid)
        .map_err(|e| client_failed(c, "destroy", &e))?
    {
        Lookup::Found(_) => println!("   destroyed {uid}"),
        Lookup::NotFound(e) => return Err(fail("destroy", e)),
    }

    step(9, "Get it once more");
    match c.get_state(uid) {
        Ok(Lookup::NotFound(e)) => println!("   not found, as expected ({e})"),
        Ok(Lookup::Found(Some(State::DESTROYED))) => println!("   State = Destroyed"),
        Ok(other) => return Err(fail("get after destroy", format!("unexpected {other:?}"))),
        Err(e) => println!("   refused, as expected: {e}"),
    }
    println!("\nkmipkit demo: done; the development server is stopped and its files removed.");
    Ok(())
}

fn step(n: u32, what: &str) {
    println!("\n{n}. {what}");
}

fn random_bytes(n: usize) -> Vec<u8> {
    let mut b = vec![0u8; n];
    // The OS generator; a failure here is not recoverable for a demo.
    getrandom::fill(&mut b).expect("the OS random number generator");
    b
}

fn random_hex(n: usize) -> String {
    hex::encode(random_bytes(n))
}
