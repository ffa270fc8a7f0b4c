//! A blocking TCP socket whose reads and writes stop at an absolute deadline.

use std::io::{self, IoSlice, IoSliceMut, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A [`TcpStream`] with an optional absolute deadline. Before each read or write the socket
/// timeout is set to the time left, so one deadline bounds a whole exchange however many
/// system calls it takes; past it, reads and writes fail with [`io::ErrorKind::TimedOut`].
#[derive(Debug)]
pub struct DeadlineSocket {
    stream: TcpStream,
    deadline: Option<Instant>,
    // The timeouts last set on the socket, to skip the system call while there is no deadline.
    read_timeout: Option<Duration>,
    write_timeout: Option<Duration>,
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

    fn arm_read(&mut self) -> io::Result<()> {
        let left = self.time_left()?;
        if left.is_some() || self.read_timeout.is_some() {
            self.stream.set_read_timeout(left)?;
            self.read_timeout = left;
        }
        Ok(())
    }

    fn arm_write(&mut self) -> io::Result<()> {
        let left = self.time_left()?;
        if left.is_some() || self.write_timeout.is_some() {
            self.stream.set_write_timeout(left)?;
            self.write_timeout = left;
        }
        Ok(())
    }
}

fn timed_out() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "deadline reached")
}

/// A socket timeout shows as `WouldBlock` (EAGAIN) on Unix: report it as the timeout it is.
fn map_timeout<T>(r: io::Result<T>) -> io::Result<T> {
    match r {
        Err(e) if e.kind() == io::ErrorKind::WouldBlock || e.kind() == io::ErrorKind::TimedOut => {
            Err(timed_out())
        }
        other => other,
    }
}

impl Read for DeadlineSocket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.arm_read()?;
        map_timeout(self.stream.read(buf))
    }

    fn read_vectored(&mut self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
        self.arm_read()?;
        map_timeout(self.stream.read_vectored(bufs))
    }
}

impl Write for DeadlineSocket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.arm_write()?;
        map_timeout(self.stream.write(buf))
    }

    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        self.arm_write()?;
        map_timeout(self.stream.write_vectored(bufs))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}
