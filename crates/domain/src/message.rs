//! A message for a person, as a Fluent key and its named arguments rather than
//! English text, so every surface can say it in its reader's language. The
//! domain only names the message; the web layer (`filiera_web::i18n::Tr::message`)
//! renders it from `crates/web/locales/<lang>/errors.ftl`, and the API sends the
//! key, the arguments and the English rendering.
//!
//! Messages are made only with [`msg!`], whose key must be a string literal: a
//! test in the web crate reads every `msg!` in the workspace and checks that each
//! key has an English and an Italian text that formats with the arguments given.

use serde::{Serialize, Serializer};
use std::fmt;
use time::Date;

/// Makes a [`Message`]: `msg!("error-required")`,
/// `msg!("error-too-long", max = NAME_MAX_CHARS)`. The key is a literal so the
/// catalogue test can find every key the code can emit.
#[macro_export]
macro_rules! msg {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::message::Message::from_macro($key)$(.arg(stringify!($name), $value))*
    };
}

/// A Fluent key (`error-required`) and the values of its `{ $name }` placeables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// One argument of a message. Numbers and dates stay typed so the page can
/// write them as its reader does (`20.000` and `3 dic 2026` in Italian).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Number(i64),
    Date(Date),
    /// An amount in cents, written `€ 1.650,00` in Italian.
    Money(i64),
    /// A value quoted as the user or a file gave it (a code, a column name).
    Text(String),
}

impl Message {
    /// Use [`msg!`]: it keeps the key a literal the catalogue test can find.
    #[doc(hidden)]
    pub const fn from_macro(key: &'static str) -> Message {
        Message { key, args: Vec::new() }
    }

    /// Use [`msg!`]'s `name = value` arguments.
    #[doc(hidden)]
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    /// The Fluent message id, also the `code` of an API field error.
    pub fn key(&self) -> &'static str {
        self.key
    }

    pub fn args(&self) -> &[(&'static str, Arg)] {
        &self.args
    }
}

/// For logs, tests and errors that never reach a person (serde's `try_from`):
/// the key and its arguments, e.g. `error-too-long(max=200)`.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key)?;
        if !self.args.is_empty() {
            let args: Vec<String> = self
                .args
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            write!(f, "({})", args.join(", "))?;
        }
        Ok(())
    }
}

impl std::error::Error for Message {}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Number(n) => write!(f, "{n}"),
            Arg::Date(d) => f.write_str(&crate::time_format::iso_date::format(*d)),
            Arg::Money(cents) => f.write_str(&crate::consortium::Money::from_cents(*cents).decimal()),
            Arg::Text(t) => f.write_str(t),
        }
    }
}

/// `{"code": key, "args": {name: value}}`: the API's field errors add the
/// field and the rendered `message` around it.
impl Serialize for Message {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Message", 2)?;
        out.serialize_field("code", self.key)?;
        out.serialize_field("args", &Args(&self.args))?;
        out.end()
    }
}

struct Args<'a>(&'a [(&'static str, Arg)]);

impl Serialize for Args<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(name, value)| (*name, value)))
    }
}

/// Numbers as JSON numbers, dates as ISO `YYYY-MM-DD`, text as text.
impl Serialize for Arg {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Arg::Number(n) => serializer.serialize_i64(*n),
            other => serializer.serialize_str(&other.to_string()),
        }
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                // Counts and limits never come near i64::MAX; saturate rather than wrap.
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(i64, i32, u32, u16, u8, usize, u64);

impl From<crate::consortium::Money> for Arg {
    fn from(m: crate::consortium::Money) -> Arg {
        Arg::Money(m.cents())
    }
}

impl From<Date> for Arg {
    fn from(d: Date) -> Arg {
        Arg::Date(d)
    }
}

impl From<&Date> for Arg {
    fn from(d: &Date) -> Arg {
        Arg::Date(*d)
    }
}

impl From<String> for Arg {
    fn from(t: String) -> Arg {
        Arg::Text(t)
    }
}

impl From<&String> for Arg {
    fn from(t: &String) -> Arg {
        Arg::Text(t.clone())
    }
}

impl From<&str> for Arg {
    fn from(t: &str) -> Arg {
        Arg::Text(t.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    #[test]
    fn a_message_keeps_its_key_and_typed_arguments() {
        let m = msg!(
            "error-date-out-of-range",
            first = date!(1900 - 01 - 01),
            last = 200usize,
            code = "X1"
        );
        assert_eq!(m.key(), "error-date-out-of-range");
        assert_eq!(
            m.to_string(),
            "error-date-out-of-range(first=1900-01-01, last=200, code=X1)"
        );
        assert_eq!(serde_json::to_string(&m.args()[1].1).unwrap_or_default(), "200");
    }
}
