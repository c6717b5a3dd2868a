//! Consortium operations (Harmony case, `domain.md` §2–3): the membership and
//! workforce registers of social cooperatives, the 30% rule as the authorities
//! count it, the filière from Type A workshops to Type B employment, graded
//! production tasks, the borsa lavoro, the consortium's ledger with its
//! Solidarity Fund, and Table A.
//!
//! Every rule is a named function with its legal source in its doc comment.
//! Nothing here does I/O: storage reads the registers, these functions decide.

pub mod borsa;
pub mod filiere;
pub mod fund;
pub mod import;
pub mod ledger;
pub mod membership;
pub mod money;
pub mod production;
pub mod settings;
pub mod statement;
pub mod table_a;
pub mod thirty_percent;
pub mod workforce;

pub use money::Money;

use crate::Message;
use crate::msg;
use time::{Date, Month};

/// A calendar month (`YYYY-MM`), the period of the hours register, the
/// borsa lavoro statements and the monthly 30% history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct YearMonth {
    year: i32,
    month: Month,
}

impl YearMonth {
    pub fn new(year: i32, month: Month) -> Self {
        Self { year, month }
    }

    pub fn of(date: Date) -> Self {
        Self::new(date.year(), date.month())
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> Month {
        self.month
    }

    pub fn first_day(self) -> Date {
        // Day 1 exists in every month of every representable year.
        Date::from_calendar_date(self.year, self.month, 1).unwrap_or(Date::MIN)
    }

    pub fn last_day(self) -> Date {
        let days = self.month.length(self.year);
        Date::from_calendar_date(self.year, self.month, days).unwrap_or(Date::MAX)
    }

    pub fn next(self) -> Self {
        match self.month {
            Month::December => Self::new(self.year + 1, Month::January),
            month => Self::new(self.year, month.next()),
        }
    }

    /// Every month from `self` to `last`, both included (empty when `last` is earlier).
    pub fn through(self, last: YearMonth) -> Vec<YearMonth> {
        let mut months = Vec::new();
        let mut current = self;
        while current <= last {
            months.push(current);
            current = current.next();
        }
        months
    }

    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Result<Self, Message> {
        let bad = || msg!("error-not-a-month", value = text);
        let (year, month) = text.trim().split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let year = crate::bounds::check_year(year)?;
        let month: u8 = month.parse().map_err(|_| bad())?;
        let month = Month::try_from(month).map_err(|_| bad())?;
        Ok(Self::new(year, month))
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, u8::from(self.month))
    }
}

impl TryFrom<String> for YearMonth {
    type Error = Message;
    fn try_from(text: String) -> Result<Self, Message> {
        Self::parse(&text)
    }
}

impl From<YearMonth> for String {
    fn from(month: YearMonth) -> String {
        month.to_string()
    }
}

/// Parses an ISO date `YYYY-MM-DD`, the one date form of the registers and imports.
pub fn parse_date(text: &str) -> Result<Date, Message> {
    crate::bounds::parse_date(text)
}

/// Rounds `numerator / denominator` to the nearest integer, halves away from
/// zero: the rounding of every money and share calculation here, so figures
/// computed twice agree to the cent. `denominator` must be positive.
pub fn div_round(numerator: i128, denominator: i128) -> i128 {
    if denominator <= 0 {
        return 0;
    }
    let doubled = numerator * 2;
    if doubled >= 0 {
        (doubled + denominator) / (2 * denominator)
    } else {
        -((-doubled + denominator) / (2 * denominator))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_month_parses_and_prints_as_yyyy_mm() {
        let month = YearMonth::parse("2024-02").unwrap();
        assert_eq!(month.to_string(), "2024-02");
        assert_eq!(month.last_day(), date!(2024 - 02 - 29));
        assert_eq!(YearMonth::parse("2024-12").unwrap().next().to_string(), "2025-01");
        assert!(YearMonth::parse("2024-13").is_err());
        assert!(YearMonth::parse("24-01").is_err());
    }

    #[test]
    fn a_year_has_twelve_months_from_january_through_december() {
        let months = YearMonth::new(2024, Month::January).through(YearMonth::new(2024, Month::December));
        assert_eq!(months.len(), 12);
    }

    #[test]
    fn rounding_takes_halves_away_from_zero() {
        assert_eq!(div_round(5, 10), 1);
        assert_eq!(div_round(4, 10), 0);
        assert_eq!(div_round(-5, 10), -1);
        assert_eq!(div_round(15, 10), 2);
    }
}
