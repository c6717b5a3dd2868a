//! Calendar quarters, the reporting period of the provider reports.

use crate::Message;
use crate::msg;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::{Date, Month};

/// A calendar quarter, written `2021-Q2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Quarter {
    year: i32,
    number: u8,
}

impl Quarter {
    pub fn new(year: i32, number: u8) -> Result<Quarter, Message> {
        if !(1..=4).contains(&number) {
            return Err(msg!("error-quarter-number", number = number));
        }
        if !(1900..=9999).contains(&year) {
            return Err(msg!(
                "error-year-out-of-range",
                first = crate::bounds::FIRST_DATE.year(),
                last = crate::bounds::LAST_DATE.year()
            ));
        }
        Ok(Quarter { year, number })
    }

    /// The quarter a day falls in.
    pub fn containing(date: Date) -> Quarter {
        let number = (u8::from(date.month()) - 1) / 3 + 1;
        Quarter {
            year: date.year(),
            number,
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn number(self) -> u8 {
        self.number
    }

    pub fn first_day(self) -> Date {
        let month = Month::try_from(self.number * 3 - 2).unwrap_or(Month::January);
        Date::from_calendar_date(self.year, month, 1).unwrap_or(Date::MIN)
    }

    pub fn last_day(self) -> Date {
        self.next().first_day().previous_day().unwrap_or(Date::MAX)
    }

    pub fn next(self) -> Quarter {
        if self.number == 4 {
            Quarter {
                year: self.year + 1,
                number: 1,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number + 1,
            }
        }
    }

    pub fn previous(self) -> Quarter {
        if self.number == 1 {
            Quarter {
                year: self.year - 1,
                number: 4,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number - 1,
            }
        }
    }

    pub fn contains(self, date: Date) -> bool {
        Quarter::containing(date) == self
    }

    /// The quarters that overlap a period, in order (the reporting calendar of a round).
    pub fn spanning(from: Date, to: Date) -> Vec<Quarter> {
        let mut quarters = Vec::new();
        let mut quarter = Quarter::containing(from);
        let last = Quarter::containing(to);
        while quarter <= last {
            quarters.push(quarter);
            quarter = quarter.next();
        }
        quarters
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.number)
    }
}

impl FromStr for Quarter {
    type Err = Message;

    fn from_str(text: &str) -> Result<Quarter, Message> {
        let malformed = || msg!("error-not-a-quarter", value = text);
        let (year, number) = text.trim().split_once(['-', ' ']).ok_or_else(malformed)?;
        let number = number.trim().strip_prefix(['Q', 'q']).ok_or_else(malformed)?;
        let year: i32 = year.parse().map_err(|_| malformed())?;
        let number: u8 = number.parse().map_err(|_| malformed())?;
        Quarter::new(year, number)
    }
}

impl Serialize for Quarter {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Quarter {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn quarters_cover_the_calendar() {
        let q: Quarter = "2021-Q2".parse().unwrap();
        assert_eq!(q.first_day(), date!(2021 - 04 - 01));
        assert_eq!(q.last_day(), date!(2021 - 06 - 30));
        assert_eq!("2020-Q4".parse::<Quarter>().unwrap().last_day(), date!(2020 - 12 - 31));
        assert_eq!(q.to_string(), "2021-Q2");
        assert!("2021-Q5".parse::<Quarter>().is_err());
        assert!("Q2-2021".parse::<Quarter>().is_err());
        assert_eq!(
            Quarter::spanning(date!(2020 - 10 - 01), date!(2021 - 12 - 31)).len(),
            5,
            "ALI's first round spans five quarters"
        );
    }

    proptest! {
        #[test]
        fn every_day_is_in_exactly_its_quarter(days in 0i64..40_000) {
            let day = date!(1950 - 01 - 01) + time::Duration::days(days);
            let q = Quarter::containing(day);
            prop_assert!(q.first_day() <= day && day <= q.last_day());
            prop_assert!(!q.next().contains(day) && !q.previous().contains(day));
            prop_assert_eq!(q.next().previous(), q);
            prop_assert_eq!(q.to_string().parse::<Quarter>().unwrap(), q);
        }
    }
}
