//! Money as integer euro cents: sums and splits are exact, never floating point.

use crate::Message;
use crate::msg;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Neg, Sub};

/// An amount of euros held as cents. Negative amounts are money leaving an
/// account in the ledger. An amount typed or sent is at most
/// [`Money::MAX_AMOUNT`] either way, so sums of amounts stay far inside `i64`;
/// sums of input still use [`Money::checked_sum`], so an overflow is refused, never wrapped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "i64", into = "i64")]
pub struct Money(i64);

impl TryFrom<i64> for Money {
    type Error = Message;
    fn try_from(cents: i64) -> Result<Money, Message> {
        Money::bounded(cents)
    }
}

impl From<Money> for i64 {
    fn from(money: Money) -> i64 {
        money.0
    }
}

impl Money {
    pub const ZERO: Money = Money(0);

    /// One billion euros: no budget, claim or posting of a consortium comes near it.
    pub const MAX_AMOUNT: Money = Money(100_000_000_000);

    /// Cents within ±[`Money::MAX_AMOUNT`], the range of every amount in input.
    pub fn bounded(cents: i64) -> Result<Money, Message> {
        if cents.unsigned_abs() <= Self::MAX_AMOUNT.0.unsigned_abs() {
            Ok(Money(cents))
        } else {
            Err(msg!("error-amount-out-of-range", max = Self::MAX_AMOUNT))
        }
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// The sum, or `None` if it would overflow: input sums are refused, never wrapped.
    pub fn checked_sum(amounts: impl IntoIterator<Item = Money>) -> Option<Money> {
        amounts.into_iter().try_fold(Money::ZERO, Money::checked_add)
    }

    pub const fn from_cents(cents: i64) -> Self {
        Money(cents)
    }

    pub const fn euros(euros: i64) -> Self {
        Money(euros * 100)
    }

    pub const fn cents(self) -> i64 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The one reader of amounts in euros, as people type them: `1234`,
    /// `1234,50` and `1.234,50` (Italian), `1,234.50` and `12.50` (English),
    /// with or without `€`, negative with a leading `-`. The last separator
    /// followed by one or two digits is the decimal one; the others group
    /// thousands, in groups of three.
    pub fn parse(text: &str) -> Result<Money, Message> {
        let shown = text.trim();
        let bad = || msg!("error-not-an-amount", value = shown);
        let cleaned: String = shown
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{202F}' && *c != '€')
            .collect();
        let (negative, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        let decimal_at = digits
            .rfind([',', '.'])
            .filter(|&i| (1..=2).contains(&(digits.len() - i - 1)));
        let (whole, fraction, decimal) = match decimal_at {
            Some(i) => (&digits[..i], &digits[i + 1..], digits[i..].chars().next()),
            None => (digits, "", None),
        };
        let whole = thousands(whole, decimal).ok_or_else(bad)?;
        if !fraction.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let whole: i64 = whole.parse().map_err(|_| bad())?;
        let fraction: i64 = format!("{fraction:0<2}").parse().map_err(|_| bad())?;
        let cents = whole
            .checked_mul(100)
            .and_then(|c| c.checked_add(fraction))
            .ok_or_else(bad)?;
        Money::bounded(if negative { -cents } else { cents })
    }

    /// [`Money::parse`] where a blank field means nothing was spent or budgeted.
    pub fn parse_or_zero(text: &str) -> Result<Money, Message> {
        if text.trim().is_empty() {
            Ok(Money::ZERO)
        } else {
            Money::parse(text)
        }
    }

    /// The amount as people of `language` read it: `€ 1.650,00` in Italian,
    /// `€1,650.00` in English, `1.650,00 €` in German, Slovenian and
    /// Croatian, `1 650,00 €` in French and Polish.
    pub fn format_in(self, language: &str) -> String {
        let (group, decimal, euro_first, space) = match language {
            "en" => (",", ".", true, ""),
            "it" => (".", ",", true, " "),
            "fr" => ("\u{202F}", ",", false, "\u{a0}"),
            "pl" => ("\u{a0}", ",", false, "\u{a0}"),
            _ => (".", ",", false, "\u{a0}"),
        };
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let euros = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in euros.chars().enumerate() {
            if i > 0 && (euros.len() - i).is_multiple_of(3) {
                grouped.push_str(group);
            }
            grouped.push(c);
        }
        let number = format!("{grouped}{decimal}{:02}", abs % 100);
        if euro_first {
            format!("{sign}€{space}{number}")
        } else {
            format!("{sign}{number}{space}€")
        }
    }

    /// The amount as `1234.56`, the form of exports and inputs.
    pub fn decimal(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// The whole part without its thousands separators: one kind of separator,
/// not the decimal one, with groups of exactly three digits after the first.
fn thousands(whole: &str, decimal: Option<char>) -> Option<String> {
    let separator = whole.chars().find(|c| matches!(c, ',' | '.'));
    if separator.is_some() && separator == decimal {
        return None;
    }
    let groups: Vec<&str> = match separator {
        Some(sep) => whole.split(sep).collect(),
        None => vec![whole],
    };
    let well_grouped = groups.iter().enumerate().all(|(i, g)| {
        g.chars().all(|c| c.is_ascii_digit())
            && if i == 0 {
                (1..=3).contains(&g.len()) || groups.len() == 1 && !g.is_empty()
            } else {
                g.len() == 3
            }
    });
    well_grouped.then(|| groups.concat())
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "€ {}", self.decimal())
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, other: Money) -> Money {
        Money(self.0 - other.0)
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_with_a_dot_or_a_comma_and_print_with_two_decimals() {
        assert_eq!(Money::parse("0.10"), Ok(Money::from_cents(10)));
        assert_eq!(Money::parse("150000"), Ok(Money::euros(150_000)));
        assert_eq!(Money::parse("12,5"), Ok(Money::from_cents(1250)));
        assert_eq!(Money::parse("-3.07"), Ok(Money::from_cents(-307)));
        assert_eq!(Money::from_cents(-307).decimal(), "-3.07");
        assert_eq!(Money::euros(150_000).to_string(), "€ 150000.00");
    }

    #[test]
    fn amounts_beyond_a_billion_euros_are_refused_when_typed_or_sent() {
        assert_eq!(Money::parse("1000000000.00"), Ok(Money::MAX_AMOUNT));
        assert_eq!(Money::parse("-1000000000"), Ok(-Money::MAX_AMOUNT));
        assert!(Money::parse("1000000000.01").is_err());
        assert!(Money::parse("92233720368547758.07").is_err());
        assert!(Money::parse("-92233720368547758.08").is_err());
        assert!(serde_json::from_str::<Money>("9223372036854775807").is_err());
        assert!(serde_json::from_str::<Money>("-100000000001").is_err());
        assert_eq!(
            serde_json::from_str::<Money>("-250").ok(),
            Some(Money::from_cents(-250))
        );
    }

    #[test]
    fn a_sum_that_would_overflow_is_none_rather_than_wrapped() {
        let huge = Money::from_cents(i64::MAX);
        assert_eq!(Money::checked_sum([huge, Money::from_cents(1)]), None);
        assert_eq!(
            Money::checked_sum([Money::euros(3), Money::from_cents(-50)]),
            Some(Money::from_cents(250))
        );
    }

    proptest::proptest! {
        #[test]
        fn every_amount_read_lies_within_a_billion_euros(cents in proptest::prelude::any::<i64>()) {
            match Money::bounded(cents) {
                Ok(money) => proptest::prop_assert!(money.cents().abs() <= Money::MAX_AMOUNT.cents()),
                Err(_) => proptest::prop_assert!(cents.unsigned_abs() > Money::MAX_AMOUNT.cents().unsigned_abs()),
            }
        }
    }

    #[test]
    fn amounts_are_read_as_italian_and_english_users_type_them() {
        for text in [
            "1.200,00",
            "1200",
            "1200,00",
            "1,200.00",
            "€ 1.200",
            "1.200 €",
            "1200.0",
        ] {
            assert_eq!(Money::parse(text), Ok(Money::euros(1200)), "{text}");
        }
        assert_eq!(Money::parse("1234,50"), Ok(Money::from_cents(123_450)));
        assert_eq!(Money::parse("12.50"), Ok(Money::from_cents(1250)));
        assert_eq!(Money::parse("1.234"), Ok(Money::euros(1234)));
        assert_eq!(Money::parse("793.165,00"), Ok(Money::euros(793_165)));
        assert_eq!(Money::parse("-1.650,00"), Ok(-Money::euros(1650)));
        assert_eq!(Money::parse_or_zero("  "), Ok(Money::ZERO));
    }

    #[test]
    fn each_language_writes_euros_its_own_way() {
        let amount = Money::from_cents(165_000);
        assert_eq!(amount.format_in("it"), "€ 1.650,00");
        assert_eq!(amount.format_in("en"), "€1,650.00");
        assert_eq!(amount.format_in("de"), "1.650,00\u{a0}€");
        assert_eq!(amount.format_in("fr"), "1\u{202F}650,00\u{a0}€");
        assert_eq!(Money::from_cents(-5).format_in("it"), "-€ 0,05");
        assert_eq!(Money::from_cents(79_316_500).format_in("en"), "€793,165.00");
    }

    proptest::proptest! {
        /// What filiera writes for a person, it reads back to the cent.
        #[test]
        fn every_formatted_amount_parses_back(cents in -Money::MAX_AMOUNT.cents()..=Money::MAX_AMOUNT.cents(), language in proptest::sample::select(vec!["it", "en", "de", "fr", "pl", "sl", "hr"])) {
            let money = Money::from_cents(cents);
            proptest::prop_assert_eq!(Money::parse(&money.format_in(language)), Ok(money));
            proptest::prop_assert_eq!(Money::parse(&money.decimal()), Ok(money));
        }
    }

    #[test]
    fn malformed_amounts_are_rejected() {
        for text in [
            "", "abc", "1.2.3", "1e3", "1.23.456", "1,234,5", "12.3.4a", "1,2x", "--5",
        ] {
            assert!(Money::parse(text).is_err(), "{text}");
        }
    }
}
