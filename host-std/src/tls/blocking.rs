//! The blocking TLS connection.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Instant;

use rustls::pki_types::ServerName;
use rustls::{ClientConnection, StreamOwned};

use super::client::{ClientTls, TlsClientSettings};
use super::deadline::DeadlineSocket;
use super::error::{classify_io, Phase, TlsFailure, TransportError, TrustNote};
use super::net::{bare_host, format_server, resolve, tcp_connect};

/// Connects to `host:port` over TLS before `deadline`, reading the certificate, key and CA
/// files now (so a renewed certificate is used without a restart).
///
/// `host` is a DNS name or an IP address (IPv6 with or without brackets). Every resolved
/// address, IPv4 and IPv6, is tried in the resolver's order inside the one deadline (each gets
/// an equal share of the time left, the last one all of it); `TCP_NODELAY` is set; the TLS
/// handshake completes before the deadline or fails with [`TransportError::Timeout`].
///
/// The returned stream keeps `deadline` until [`TlsStream::set_deadline`] re-arms it for the
/// next exchange.
pub fn connect(
    host: &str,
    port: u16,
    settings: &TlsClientSettings,
    deadline: Instant,
) -> Result<TlsStream, TransportError> {
    let tls = ClientTls::load(settings)?;
    connect_with(host, port, &tls, deadline)
}

/// [`connect`] with an already loaded configuration.
pub fn connect_with(
    host: &str,
    port: u16,
    tls: &ClientTls,
    deadline: Instant,
) -> Result<TlsStream, TransportError> {
    let server = format_server(host, port);
    let name = server_name(host, &server)?;
    let addresses = resolve(host, port, deadline)?;
    let (tcp, address) = tcp_connect(&server, &addresses, deadline)?;
    handshake(tcp, address, server, name, tls, deadline)
}

/// The name the server certificate must carry: a DNS name (sent as SNI) or an IP address
/// (checked against the IP SANs; rustls sends no SNI for it).
pub(crate) fn server_name(host: &str, server: &str) -> Result<ServerName<'static>, TransportError> {
    ServerName::try_from(bare_host(host).to_owned()).map_err(|_| {
        TransportError::InvalidServerName {
            server: server.to_owned(),
        }
    })
}

pub(crate) fn new_connection(
    tls: &ClientTls,
    name: ServerName<'static>,
    server: &str,
    address: SocketAddr,
) -> Result<ClientConnection, TransportError> {
    ClientConnection::new(tls.config().clone(), name).map_err(|e| TransportError::Tls {
        server: server.to_owned(),
        address,
        phase: Phase::TlsHandshake,
        failure: Box::new(TlsFailure::from_client_error(
            &e,
            tls.trust().server_ca_file.as_deref(),
            tls.trust().system_roots,
        )),
    })
}

fn handshake(
    tcp: TcpStream,
    address: SocketAddr,
    server: String,
    name: ServerName<'static>,
    tls: &ClientTls,
    deadline: Instant,
) -> Result<TlsStream, TransportError> {
    let trust = tls.trust().clone();
    let fail = |e: io::Error| classify_io(e, &server, address, Phase::TlsHandshake, &trust);
    let mut conn = new_connection(tls, name, &server, address)?;
    let mut sock = DeadlineSocket::new(tcp, Some(deadline)).map_err(fail)?;
    while conn.is_handshaking() {
        conn.complete_io(&mut sock).map_err(fail)?;
    }
    // The client's last flight (TLS 1.3 Finished) may still be queued: send it now.
    while conn.wants_write() {
        conn.write_tls(&mut sock).map_err(fail)?;
    }
    Ok(TlsStream {
        inner: StreamOwned::new(conn, sock),
        server,
        address,
        trust,
    })
}

/// A blocking TLS connection to a KMIP server, with a re-armable deadline.
///
/// After any error (a timeout included) the connection's state is unknown (part of a message
/// may be queued or sent): drop it and connect again.
///
/// Use [`send`](Self::send) / [`receive_exact`](Self::receive_exact) for typed errors that
/// name the phase and the server, or the std [`Read`]/[`Write`] impls (a passed deadline is
/// then an [`io::ErrorKind::TimedOut`] error).
#[derive(Debug)]
pub struct TlsStream {
    inner: StreamOwned<ClientConnection, DeadlineSocket>,
    server: String,
    address: SocketAddr,
    trust: TrustNote,
}

impl TlsStream {
    /// Sets the deadline for the next reads and writes (`None`: wait forever). The client sets
    /// one before each request/response exchange.
    pub fn set_deadline(&mut self, deadline: Option<Instant>) {
        self.inner.sock.set_deadline(deadline);
    }

    /// The deadline in force.
    pub fn deadline(&self) -> Option<Instant> {
        self.inner.sock.deadline()
    }

    /// `host:port` as given to [`connect`].
    pub fn server(&self) -> &str {
        &self.server
    }

    /// The address connected to.
    pub fn peer_address(&self) -> SocketAddr {
        self.address
    }

    /// The rustls connection (negotiated version and suite, peer certificates).
    pub fn connection(&self) -> &ClientConnection {
        &self.inner.conn
    }

    /// The TCP socket.
    pub fn socket(&self) -> &TcpStream {
        self.inner.sock.get_ref()
    }

    fn error(&self, e: io::Error, phase: Phase) -> TransportError {
        classify_io(e, &self.server, self.address, phase, &self.trust)
    }

    /// Writes one whole message and flushes it: a message up to 16 KiB goes out as one TLS
    /// record, in one write to the socket. Nothing is queued when the deadline has already
    /// passed.
    pub fn send(&mut self, message: &[u8]) -> Result<(), TransportError> {
        if matches!(self.deadline(), Some(d) if Instant::now() >= d) {
            return Err(TransportError::Timeout {
                server: self.server.clone(),
                address: Some(self.address),
                phase: Phase::Send,
            });
        }
        if let Err(e) = self.inner.write_all(message) {
            return Err(self.error(e, Phase::Send));
        }
        self.inner.flush().map_err(|e| self.error(e, Phase::Send))
    }

    /// Reads what is available (at least one byte). The server closing the connection is
    /// [`TransportError::Closed`]: a KMIP client never expects that while it waits.
    pub fn receive(&mut self, buf: &mut [u8]) -> Result<usize, TransportError> {
        if buf.is_empty() {
            return Ok(0);
        }
        match self.inner.read(buf) {
            Ok(0) => Err(TransportError::Closed {
                server: self.server.clone(),
                address: self.address,
                phase: Phase::Receive,
            }),
            Ok(n) => Ok(n),
            Err(e) => Err(self.error(e, Phase::Receive)),
        }
    }

    /// Fills `buf` completely.
    pub fn receive_exact(&mut self, buf: &mut [u8]) -> Result<(), TransportError> {
        let mut filled = 0;
        while filled < buf.len() {
            filled += self.receive(&mut buf[filled..])?;
        }
        Ok(())
    }

    /// Sends TLS close_notify (within the current deadline) and closes the connection.
    pub fn close(mut self) -> Result<(), TransportError> {
        self.inner.conn.send_close_notify();
        let result = self.inner.flush().map_err(|e| self.error(e, Phase::Send));
        let _ = self.inner.sock.get_ref().shutdown(std::net::Shutdown::Both);
        result
    }
}

impl Read for TlsStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf)
    }
}

impl Write for TlsStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
