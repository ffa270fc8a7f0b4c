//! The `kmipkit` exit codes, in one place (documented in `--help` and the README).

/// Everything worked.
pub const SUCCESS: u8 = 0;
/// An unexpected failure that none of the codes below describes (for example an I/O error
/// writing the output).
pub const FAILURE: u8 = 1;
/// The command line or the configuration is wrong (clap uses 2 for usage errors too).
pub const USAGE: u8 = 2;
/// No KMIP server could be reached, after every pass over the server list.
pub const UNREACHABLE: u8 = 3;
/// The server refused the operation (its result reason and message are printed).
pub const REFUSED: u8 = 4;
/// The object asked for does not exist (Item Not Found).
pub const NOT_FOUND: u8 = 5;
/// The input data is malformed (TTLV, hex or JSON).
pub const BAD_INPUT: u8 = 6;

/// The text printed at the end of `kmipkit --help`: how the KMIP commands connect, and the
/// exit codes (the README has the same table).
pub const HELP: &str = "\
The KMIP commands take Percona Server for MongoDB's KMIP options, from a mongod-style
configuration file (--config) or as flags, before or after the command:
  kmipkit --config /etc/mongod.conf get 3 --reveal
  kmipkit --kmipServerName kmip1,kmip2:5697 --kmipServerCAFile ca.pem \\
          --kmipClientCertificateFile client.pem create --name master-1
Every operation walks the server list in order (--kmipConnectRetries extra passes), each
attempt bounded by --kmipConnectTimeoutMS. `kmipkit COMMAND --help` describes a command.

Exit codes:
  0  success
  1  unexpected failure (e.g. cannot write the output; the outcome of a change is unknown)
  2  usage or configuration error (a bad option or argument, unreadable certificate or key,
     wrong key password)
  3  no KMIP server reachable (after every pass over the server list; each attempt is
     printed: server, pass, phase, cause)
  4  the server refused the operation (its result reason and message are printed)
  5  item not found
  6  malformed input (TTLV, hex or JSON)";
