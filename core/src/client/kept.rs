//! The transports a driver holds: the one in use and the idle ones kept for later operations
//! ([`ClientConfig::keep_idle`](super::ClientConfig)), at most one per server, each in the
//! slot of its server's index. A transport stays where it was put until it is closed: using,
//! keeping and reusing it move nothing.

use super::config::MAX_SERVERS;

/// One slot per server, and which one the session is using.
pub(crate) struct Kept<T> {
    slots: [Option<T>; MAX_SERVERS],
    current: Option<usize>,
}

impl<T> Kept<T> {
    /// No transport.
    pub fn new() -> Self {
        Kept {
            slots: core::array::from_fn(|_| None),
            current: None,
        }
    }

    /// Uses the transport kept for `server`, if there is one.
    pub fn reuse(&mut self, server: usize) -> bool {
        let kept = self.slots.get(server).is_some_and(Option::is_some);
        if kept {
            self.current = Some(server);
        }
        kept
    }

    /// Takes out the transport kept for `server` (to close it).
    pub fn take(&mut self, server: usize) -> Option<T> {
        if self.current == Some(server) {
            self.current = None;
        }
        self.slots.get_mut(server).and_then(Option::take)
    }

    /// Puts a new transport to `server` in its slot and uses it; gives it back when the index
    /// has no slot (the core refuses more servers than that, so never).
    pub fn open(&mut self, server: usize, t: T) -> Result<(), T> {
        match self.slots.get_mut(server) {
            Some(slot) => {
                *slot = Some(t);
                self.current = Some(server);
                Ok(())
            }
            None => Err(t),
        }
    }

    /// The transport in use.
    pub fn current(&mut self) -> Option<&mut T> {
        let i = self.current?;
        self.slots.get_mut(i).and_then(Option::as_mut)
    }

    /// Takes out the transport in use (to close it).
    pub fn take_current(&mut self) -> Option<T> {
        let i = self.current.take()?;
        self.slots.get_mut(i).and_then(Option::take)
    }

    /// The transport in use stays in its slot, idle.
    pub fn release(&mut self) {
        self.current = None;
    }

    /// Takes out every transport (to close them).
    pub fn drain(&mut self) -> impl Iterator<Item = T> + '_ {
        self.current = None;
        self.slots.iter_mut().filter_map(Option::take)
    }

    /// How many transports are open (in use or idle).
    pub fn count(&self) -> usize {
        self.slots.iter().filter(|s| s.is_some()).count()
    }
}
