//! The one clock every "today" reads: the instant now and the date in
//! Europe/Rome at that instant (`filiera_domain::calendar`), never the UTC date.
//! It is injected (the web state and the CLI hold one) so that tests can set it.

use filiera_domain::calendar::date_in_rome;
use time::{Date, OffsetDateTime};

/// The system clock, or a clock stopped at a chosen instant for tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    stopped_at: Option<OffsetDateTime>,
}

impl Clock {
    /// The machine's clock.
    pub fn system() -> Clock {
        Clock { stopped_at: None }
    }

    /// A clock that always reads `instant` (for tests and reproducible runs).
    pub fn stopped_at(instant: OffsetDateTime) -> Clock {
        Clock {
            stopped_at: Some(instant),
        }
    }

    pub fn now(&self) -> OffsetDateTime {
        self.stopped_at.unwrap_or_else(OffsetDateTime::now_utc)
    }

    /// Today's date for Italian users.
    pub fn today(&self) -> Date {
        date_in_rome(self.now())
    }
}

/// Today's date on the system clock, for work that runs outside a request
/// (the CLI and the demo data); requests read the clock of the web state.
pub fn today() -> Date {
    Clock::system().today()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn a_stopped_clock_reads_its_instant_and_the_rome_date_of_it() {
        let clock = Clock::stopped_at(datetime!(2026-12-02 23:30 UTC));
        assert_eq!(clock.now(), datetime!(2026-12-02 23:30 UTC));
        assert_eq!(clock.today(), date!(2026 - 12 - 03));
    }
}
