//! Time without a clock: the host passes `now` in, the core hands deadlines back.

use core::fmt;
use core::time::Duration;

/// A point in time, in milliseconds since an origin the host chooses (boot, process start,
/// the Unix epoch…). Only differences between instants of the same host mean anything.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Instant(pub u64);

impl Instant {
    /// The instant `ms` milliseconds after the host's origin.
    pub const fn from_millis(ms: u64) -> Self {
        Instant(ms)
    }

    /// Milliseconds since the host's origin.
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// `self + d`, saturating at the far future (also `instant + duration`).
    pub fn saturating_add(self, d: Duration) -> Instant {
        let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        Instant(self.0.saturating_add(ms))
    }

    /// How long from `earlier` to `self` (zero if `earlier` is later).
    pub fn since(self, earlier: Instant) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0))
    }

    /// How long from `self` until `later` (zero if it has passed).
    pub fn until(self, later: Instant) -> Duration {
        later.since(self)
    }
}

impl core::ops::Add<Duration> for Instant {
    type Output = Instant;
    /// Saturates at the far future.
    fn add(self, d: Duration) -> Instant {
        self.saturating_add(d)
    }
}

impl fmt::Debug for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "t+{}ms", self.0)
    }
}
