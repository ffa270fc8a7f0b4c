//! Time for the client drivers: the core counts milliseconds from an origin the host chooses;
//! here the origin is a `std::time::Instant` taken when the client is built, shared by the
//! clock, the connector and every transport so that a core deadline means the same moment
//! to all of them.

use kmipkit_core::client::{AsyncClock, Clock, Instant};
use std::time::Duration;

/// The std instant that the core's [`Instant(0)`](Instant) stands for.
#[derive(Clone, Copy, Debug)]
pub struct Origin(std::time::Instant);

impl Origin {
    /// Now is the origin.
    pub fn now() -> Origin {
        Origin(std::time::Instant::now())
    }

    /// The std instant behind `origin`.
    pub fn from_std(origin: std::time::Instant) -> Origin {
        Origin(origin)
    }

    /// The core instant for now (whole milliseconds since the origin, rounded down).
    pub fn core_now(&self) -> Instant {
        self.to_core(std::time::Instant::now())
    }

    /// The core instant for a std instant (before the origin counts as the origin).
    pub fn to_core(&self, t: std::time::Instant) -> Instant {
        let ms = t.saturating_duration_since(self.0).as_millis();
        Instant::from_millis(u64::try_from(ms).unwrap_or(u64::MAX))
    }

    /// The std instant for a core instant (a deadline). The far future saturates at about a
    /// century from the origin rather than overflow.
    pub fn to_std(&self, t: Instant) -> std::time::Instant {
        const FAR: Duration = Duration::from_secs(100 * 365 * 24 * 3600);
        let d = Duration::from_millis(t.as_millis()).min(FAR);
        self.0.checked_add(d).unwrap_or(self.0 + FAR / 1000)
    }
}

/// The blocking driver's clock: `std::time::Instant` and `thread::sleep`.
#[derive(Clone, Copy, Debug)]
pub struct StdClock {
    origin: Origin,
}

impl StdClock {
    /// A clock counting from `origin`.
    pub fn new(origin: Origin) -> Self {
        StdClock { origin }
    }
}

impl Clock for StdClock {
    fn now(&mut self) -> Instant {
        self.origin.core_now()
    }

    fn sleep_until(&mut self, until: Instant) {
        let until = self.origin.to_std(until);
        let left = until.saturating_duration_since(std::time::Instant::now());
        if !left.is_zero() {
            std::thread::sleep(left);
        }
    }
}

/// The async driver's clock: `async_io::Timer` (works under smol and any executor that runs
/// async-io's reactor).
#[derive(Clone, Copy, Debug)]
pub struct SmolClock {
    origin: Origin,
}

impl SmolClock {
    /// A clock counting from `origin`.
    pub fn new(origin: Origin) -> Self {
        SmolClock { origin }
    }
}

impl AsyncClock for SmolClock {
    fn now(&mut self) -> Instant {
        self.origin.core_now()
    }

    async fn sleep_until(&mut self, until: Instant) {
        let at = self.origin.to_std(until);
        if at > std::time::Instant::now() {
            async_io::Timer::at(at).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_and_std_instants_agree() {
        let start = std::time::Instant::now();
        let o = Origin::from_std(start);
        assert_eq!(o.to_core(start), Instant::from_millis(0));
        assert_eq!(
            o.to_core(start + Duration::from_micros(2_999)),
            Instant::from_millis(2)
        );
        assert_eq!(
            o.to_std(Instant::from_millis(1500)),
            start + Duration::from_millis(1500)
        );
        // Before the origin is the origin; the far future does not overflow.
        let later = Origin::from_std(start + Duration::from_millis(10));
        assert_eq!(later.to_core(start), Instant(0));
        assert!(o.to_std(Instant(u64::MAX)) > start);
    }

    #[test]
    fn the_blocking_clock_sleeps_until_the_deadline() {
        let o = Origin::now();
        let mut c = StdClock::new(o);
        let until = c.now() + Duration::from_millis(30);
        c.sleep_until(until);
        assert!(c.now() >= until);
    }

    #[test]
    fn the_async_clock_sleeps_until_the_deadline() {
        let o = Origin::now();
        let mut c = SmolClock::new(o);
        let until = AsyncClock::now(&mut c) + Duration::from_millis(30);
        smol::block_on(AsyncClock::sleep_until(&mut c, until));
        assert!(AsyncClock::now(&mut c) >= until);
    }
}
