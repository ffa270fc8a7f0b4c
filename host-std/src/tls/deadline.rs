//! A blocking TCP socket whose reads and writes stop at an absolute deadline.

use std::io::{self, IoSlice, IoSliceMut, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A [`TcpStream`] with an optional absolute deadline: one deadline bounds a whole exchange
/// however many system calls it takes; past it, reads and writes fail with
/// [`io::ErrorKind::TimedOut`].
///
/// The socket's timeouts (`SO_RCVTIMEO`, `SO_SNDTIMEO`) bound each call from its start. Before
/// a call, the timeout in force is kept if it cannot carry the call past the deadline and is
/// not much shorter than the time left; otherwise it is set again (a system call) to the time
/// left less a small margin. A call that times out before the deadline is made again with the
/// rest of the time. So a client whose exchanges each get the same time (the core re-arms
/// `connectTimeoutMS` per exchange) sets the timeouts once, not before every read and write,
/// and a silent server still costs exactly the time to the deadline.
#[derive(Debug)]
pub struct DeadlineSocket {
    stream: TcpStream,
    deadline: Option<Instant>,
    // The timeouts in force on the socket.
    read_timeout: Option<Duration>,
    write_timeout: Option<Duration>,
    /// How many times a timeout was set (system calls), for the tests.
    #[cfg(test)]
    sets: u32,
}

/// Which of the socket's two timeouts.
#[derive(Clone, Copy)]
enum Way {
    Read,
    Write,
}

impl DeadlineSocket {
    /// Wraps a connected socket.
    pub fn new(stream: TcpStream, deadline: Option<Instant>) -> io::Result<Self> {
        stream.set_read_timeout(None)?;
        stream.set_write_timeout(None)?;
        Ok(DeadlineSocket {
            stream,
            deadline,
            read_timeout: None,
            write_timeout: None,
            #[cfg(test)]
            sets: 0,
        })
    }

    /// Sets (or with `None` removes) the deadline for the following reads and writes.
    pub fn set_deadline(&mut self, deadline: Option<Instant>) {
        self.deadline = deadline;
    }

    /// The current deadline.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// The socket.
    pub fn get_ref(&self) -> &TcpStream {
        &self.stream
    }

    /// Unwraps the socket.
    pub fn into_inner(self) -> TcpStream {
        self.stream
    }

    fn time_left(&self) -> io::Result<Option<Duration>> {
        match self.deadline {
            None => Ok(None),
            Some(d) => {
                let now = Instant::now();
                if now >= d {
                    Err(timed_out())
                } else {
                    Ok(Some(d - now))
                }
            }
        }
    }

    /// Makes the socket's timeout for `way` fit the time left (see the type's documentation).
    fn arm(&mut self, way: Way) -> io::Result<()> {
        let left = self.time_left()?;
        let current = match way {
            Way::Read => self.read_timeout,
            Way::Write => self.write_timeout,
        };
        let wanted = match (left, current) {
            (None, None) => return Ok(()),
            (None, Some(_)) => None,
            (Some(left), Some(t)) if fits(t, left) => return Ok(()),
            (Some(left), _) => Some(below(left)),
        };
        #[cfg(test)]
        {
            self.sets += 1;
        }
        match way {
            Way::Read => {
                self.stream.set_read_timeout(wanted)?;
                self.read_timeout = wanted;
            }
            Way::Write => {
                self.stream.set_write_timeout(wanted)?;
                self.write_timeout = wanted;
            }
        }
        Ok(())
    }

    /// Runs `call` within the deadline: armed first, and made again when the socket's timeout
    /// ends it before the deadline.
    fn within<T>(
        &mut self,
        way: Way,
        mut call: impl FnMut(&mut TcpStream) -> io::Result<T>,
    ) -> io::Result<T> {
        loop {
            self.arm(way)?;
            match call(&mut self.stream) {
                Err(e) if is_timeout(&e) => match self.deadline {
                    Some(d) if Instant::now() < d => continue,
                    _ => return Err(timed_out()),
                },
                other => return other,
            }
        }
    }
}

/// What a timeout may fall short of the time left by, when it is set: 1/16 of it, at most
/// 100 ms (so the next exchange, given the same time, finds it still fitting).
fn margin(left: Duration) -> Duration {
    (left / 16).min(Duration::from_millis(100))
}

/// The timeout to set for `left`: a little less, so that it fits the next exchanges too.
fn below(left: Duration) -> Duration {
    let m = margin(left);
    if left > m * 2 {
        left - m
    } else {
        left
    }
}

/// True when the timeout `t` in force may stay for a call with `left` to go: it cannot carry
/// the call past the deadline, and does not end it much before.
fn fits(t: Duration, left: Duration) -> bool {
    t <= left && t + margin(left) * 2 >= left
}

fn timed_out() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "deadline reached")
}

/// A socket timeout shows as `WouldBlock` (EAGAIN) on Unix.
fn is_timeout(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::WouldBlock || e.kind() == io::ErrorKind::TimedOut
}

impl Read for DeadlineSocket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.within(Way::Read, |s| s.read(buf))
    }

    fn read_vectored(&mut self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
        self.within(Way::Read, |s| s.read_vectored(bufs))
    }
}

impl Write for DeadlineSocket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.within(Way::Write, |s| s.write(buf))
    }

    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        self.within(Way::Write, |s| s.write_vectored(bufs))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn pair() -> (DeadlineSocket, TcpStream) {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        let (s, _) = l.accept().unwrap();
        (DeadlineSocket::new(c, None).unwrap(), s)
    }

    #[test]
    fn a_timeout_set_for_one_exchange_serves_the_next_ones() {
        let (mut sock, mut server) = pair();
        let mut buf = [0u8; 4];
        for _ in 0..3 {
            sock.set_deadline(Some(Instant::now() + Duration::from_secs(5)));
            server.write_all(b"ping").unwrap();
            sock.read_exact(&mut buf).unwrap();
        }
        // Set once, a little under the 5 s of the first exchange, and kept.
        assert_eq!(sock.sets, 1);
        let t = sock.read_timeout.unwrap();
        assert!(
            t <= Duration::from_secs(5) && t >= Duration::from_millis(4800),
            "{t:?}"
        );
        // (The kernel keeps it in its own units.)
        let kernel = sock.stream.read_timeout().unwrap().unwrap();
        assert!(
            kernel.abs_diff(t) < Duration::from_millis(10),
            "{kernel:?} {t:?}"
        );
        // A much shorter deadline gets its own timeout.
        sock.set_deadline(Some(Instant::now() + Duration::from_millis(300)));
        server.write_all(b"ping").unwrap();
        sock.read_exact(&mut buf).unwrap();
        assert!(sock.read_timeout.unwrap() <= Duration::from_millis(300));
        assert_eq!(sock.sets, 2);
    }

    #[test]
    fn a_silent_peer_costs_exactly_the_time_to_the_deadline() {
        let (mut sock, _server) = pair();
        let mut buf = [0u8; 4];
        // A timeout that fits and ends a little before the deadline: the read times out
        // early, and goes on with the rest of the time.
        sock.set_deadline(Some(Instant::now() + Duration::from_millis(1000)));
        sock.arm(Way::Read).unwrap();
        let start = Instant::now();
        let deadline = start + Duration::from_millis(1050);
        sock.set_deadline(Some(deadline));
        let e = sock.read(&mut buf).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::TimedOut);
        let now = Instant::now();
        assert!(now >= deadline, "{:?} early", deadline - now);
        assert!(
            now - deadline < Duration::from_millis(200),
            "{:?} late",
            now - deadline
        );
        // Past the deadline, nothing is tried.
        assert_eq!(
            sock.read(&mut buf).unwrap_err().kind(),
            io::ErrorKind::TimedOut
        );
    }

    #[test]
    fn no_deadline_means_no_timeout() {
        let (mut sock, mut server) = pair();
        sock.set_deadline(Some(Instant::now() + Duration::from_secs(5)));
        server.write_all(b"x").unwrap();
        let mut buf = [0u8; 1];
        sock.read_exact(&mut buf).unwrap();
        sock.set_deadline(None);
        server.write_all(b"y").unwrap();
        sock.read_exact(&mut buf).unwrap();
        assert_eq!(sock.stream.read_timeout().unwrap(), None);
    }
}
