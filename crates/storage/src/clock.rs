//! The one clock every "today" reads: the date in Europe/Rome now
//! (`filiera_domain::calendar`), never the UTC date.

use filiera_domain::calendar::date_in_rome;
use time::{Date, OffsetDateTime};

/// Today's date for Italian users.
pub fn today() -> Date {
    date_in_rome(OffsetDateTime::now_utc())
}
