//! Writes a test PKI (CA, ECDSA P-256 server certificate, client certificate and keys) into
//! a directory, for PyKMIP (`.ci/pykmip.sh`), `kmipkit` and manual tests.
//!
//! ```text
//! cargo run -p kmipkit --example write_test_pki -- DIR [PASSWORD] [CLIENT_CN]
//! ```
//!
//! PASSWORD (default `changeit`) encrypts `client-key.enc.pem`; CLIENT_CN defaults to
//! `john_doe`; `other-client.pem` holds a second identity (CN `jane_doe`) from the same CA. The
//! files are listed in the documentation of `kmipkit::pki`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: write_test_pki DIR [PASSWORD] [CLIENT_CN]");
        return ExitCode::from(2);
    };
    let password = args
        .next()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "changeit".to_owned());
    let client_cn = args
        .next()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| kmipkit::pki::DEFAULT_CLIENT_CN.to_owned());
    match kmipkit::pki::write_test_pki(&dir, &password, &client_cn) {
        Ok(paths) => {
            for file in paths.files() {
                println!("{}", file.display());
            }
            println!("{}", paths.other_client.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("write_test_pki: {e}");
            ExitCode::FAILURE
        }
    }
}
