//! Translations with Fluent. Each language is a folder of `.ftl` files under
//! `crates/web/locales/`; adding Polish, Slovenian, Croatian, French or German
//! is adding a folder and its name to [`LANGUAGES`].

use axum::http::HeaderMap;
use filiera_domain::{Arg, Message};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks around arguments would show up in HTML
        // attributes and CSV exports; our arguments are names and numbers.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages the UI offers: code and the language's own name.
pub const LANGUAGES: &[(&str, &str)] = &[("it", "Italiano"), ("en", "English")];

/// Italian first: filiera's first users work in Italy.
pub const DEFAULT_LANGUAGE: &str = "it";

pub const LANGUAGE_COOKIE: &str = "filiera_lang";

/// A translator for one language, handed to every template.
#[derive(Debug, Clone)]
pub struct Tr {
    code: &'static str,
    id: LanguageIdentifier,
}

impl Tr {
    pub fn new(code: &str) -> Tr {
        let code = LANGUAGES
            .iter()
            .map(|(c, _)| *c)
            .find(|c| *c == code)
            .unwrap_or(DEFAULT_LANGUAGE);
        let id = code.parse().unwrap_or_default();
        Tr { code, id }
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    /// An amount in euros as readers of this language write it (`€ 1.650,00` in Italian).
    pub fn euros(&self, cents: i64) -> String {
        filiera_domain::consortium::Money::from_cents(cents).format_in(self.code())
    }

    /// An instant as people write it, on Rome's clock: `3 dic 2026, 09:15` in
    /// Italian, `3 Dec 2026, 09:15` in English (month names from the
    /// `month-short-N` messages).
    pub fn instant(&self, at: impl Stored<time::OffsetDateTime>) -> String {
        let at = at.stored();
        let local = at.to_offset(filiera_domain::calendar::rome_offset(at));
        format!(
            "{} {} {}, {:02}:{:02}",
            local.day(),
            self.get(&format!("month-short-{}", u8::from(local.month()))),
            local.year(),
            local.hour(),
            local.minute()
        )
    }

    /// A day as people write it: `3 dic 2026` in Italian, `3 Dec 2026` in
    /// English (month names from the `month-short-N` messages, as [`Tr::instant`]).
    pub fn day(&self, on: impl Stored<time::Date>) -> String {
        let on = on.stored();
        format!(
            "{} {} {}",
            on.day(),
            self.get(&format!("month-short-{}", u8::from(on.month()))),
            on.year()
        )
    }

    /// A date as pages have always shown it (`2026-12-03`).
    pub fn date(&self, on: impl Stored<time::Date>) -> String {
        filiera_domain::time_format::iso_date::format(on.stored())
    }

    /// The text for a message id; the id itself if no language has it, so a
    /// missing translation is visible but never breaks a page.
    pub fn get(&self, key: &str) -> String {
        LOCALES.try_lookup(&self.id, key).unwrap_or_else(|| key.to_owned())
    }

    /// The label of a stored word, e.g. `word("role", "auditor")` reads `role-auditor`.
    pub fn word(&self, prefix: &str, word: impl std::fmt::Display) -> String {
        self.get(&format!("{prefix}-{word}"))
    }

    /// A domain [`Message`] in this language: its key looked up in
    /// `errors.ftl`, numbers grouped (`20.000`), dates and amounts written as
    /// this language writes them. The key itself if no language has it.
    pub fn message(&self, message: &Message) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        for (name, value) in message.args() {
            args.insert(Cow::Borrowed(*name), FluentValue::from(self.arg(value)));
        }
        LOCALES
            .try_lookup_with_args(&self.id, message.key(), &args)
            .unwrap_or_else(|| message.key().to_owned())
    }

    /// One argument of a message, written for this language.
    pub fn arg(&self, value: &Arg) -> String {
        match value {
            Arg::Number(n) => self.number(*n),
            Arg::Date(d) => self.long_date(*d),
            Arg::Money(cents) => self.euros(*cents),
            Arg::Text(t) => t.clone(),
        }
    }

    /// A whole number as this language groups it: `20.000` in Italian,
    /// `20,000` in English; four digits stay together (`1900`, `4000`), as
    /// both write years and small counts.
    pub fn number(&self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        if digits.len() <= 4 {
            return n.to_string();
        }
        let separator = if self.code == "it" { '.' } else { ',' };
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(separator);
            }
            grouped.push(c);
        }
        if n < 0 { format!("-{grouped}") } else { grouped }
    }

    /// A date in words: `3 dic 2026` in Italian, `3 Dec 2026` in English.
    pub fn long_date(&self, on: time::Date) -> String {
        format!(
            "{} {} {}",
            on.day(),
            self.get(&format!("month-short-{}", u8::from(on.month()))),
            on.year()
        )
    }

    /// The label of a form field for an error summary: `field-planned-end`
    /// for `planned_end` (a row's `steps[2].kind` reads as `kind`), else the
    /// programme, evidence or outcomes form's label, else the name itself.
    pub fn field(&self, name: &str) -> String {
        let last = name.rsplit('.').next().unwrap_or(name);
        let bare: String = last.split('[').next().unwrap_or(last).to_owned();
        let candidates = [
            format!("field-{}", bare.replace('_', "-")),
            format!("programme-field-{bare}"),
            format!("evidence-field-{bare}"),
            format!("outcomes-field-{bare}"),
        ];
        candidates
            .iter()
            .find_map(|key| LOCALES.try_lookup(&self.id, key))
            .unwrap_or_else(|| bare.replace('_', " "))
    }

    /// The message about `field` in `errors`, in this language, for the form
    /// to show beside the field.
    pub fn error_for(&self, errors: &filiera_domain::ValidationErrors, field: &str) -> Option<String> {
        errors.for_field(field).map(|m| self.message(m))
    }

    /// Field errors as a line of text (`name: must be at most 200 characters;
    /// …`), for the command line and logs read by people.
    pub fn errors(&self, errors: &filiera_domain::ValidationErrors) -> String {
        let parts: Vec<String> = errors
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, self.message(&e.message)))
            .collect();
        parts.join("; ")
    }

    /// An import problem as `FILE, line N, column C: message`.
    pub fn import_problem(&self, error: &filiera_domain::import::ImportError) -> String {
        let message = self.message(&error.message);
        match (error.line, error.column.is_empty()) {
            (0, _) => format!("{}: {message}", error.file),
            (line, true) => format!("{}, line {line}: {message}", error.file),
            (line, false) => format!("{}, line {line}, column {}: {message}", error.file, error.column),
        }
    }

    /// The text for a message id with one named argument.
    pub fn with(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Owned(name.to_owned()), FluentValue::from(value.to_string()));
        LOCALES
            .try_lookup_with_args(&self.id, key, &args)
            .unwrap_or_else(|| key.to_owned())
    }
}

impl Tr {
    /// The text for a message id with named arguments, as stored with a
    /// notification or built for a task.
    pub fn args<K: AsRef<str>, V: AsRef<str>>(&self, key: &str, args: impl IntoIterator<Item = (K, V)>) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .into_iter()
            .map(|(name, value)| {
                (
                    Cow::Owned(name.as_ref().to_owned()),
                    FluentValue::from(value.as_ref().to_owned()),
                )
            })
            .collect();
        LOCALES
            .try_lookup_with_args(&self.id, key, &args)
            .unwrap_or_else(|| key.to_owned())
    }
}

/// Picks the language: the cookie set by the language switch, then the user's
/// saved preference, then the browser's `Accept-Language`, then Italian.
/// A date or instant however deeply a template borrows it.
pub trait Stored<T> {
    fn stored(&self) -> T;
}

impl Stored<time::Date> for time::Date {
    fn stored(&self) -> time::Date {
        *self
    }
}

impl Stored<time::OffsetDateTime> for time::OffsetDateTime {
    fn stored(&self) -> time::OffsetDateTime {
        *self
    }
}

impl<T, S: Stored<T> + ?Sized> Stored<T> for &S {
    fn stored(&self) -> T {
        (**self).stored()
    }
}

pub fn negotiate(headers: &HeaderMap, preferred: Option<&str>) -> Tr {
    let supported = |code: &str| LANGUAGES.iter().any(|(c, _)| *c == code);
    let from_cookie = crate::client::cookie(headers, LANGUAGE_COOKIE).filter(|c| supported(c));
    if let Some(code) = from_cookie {
        return Tr::new(&code);
    }
    if let Some(code) = preferred.filter(|c| supported(c)) {
        return Tr::new(code);
    }
    negotiate_accept_language(headers)
}

/// The best language of the request's `Accept-Language` that filiera speaks,
/// else Italian.
pub fn negotiate_accept_language(headers: &HeaderMap) -> Tr {
    let supported = |code: &str| LANGUAGES.iter().any(|(c, _)| *c == code);
    let accept = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut ranked: Vec<(f32, String)> = accept
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next()?.trim().to_lowercase();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()))
                .unwrap_or(1.0);
            let primary = tag.split('-').next()?.to_owned();
            Some((quality, primary))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked
        .into_iter()
        .find(|(_, code)| supported(code))
        .map(|(_, code)| Tr::new(&code))
        .unwrap_or_else(|| Tr::new(DEFAULT_LANGUAGE))
}

#[cfg(test)]
mod catalogue_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(accept: &str, cookie: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            HeaderValue::from_str(accept).unwrap(),
        );
        if let Some(cookie) = cookie {
            headers.insert(axum::http::header::COOKIE, HeaderValue::from_str(cookie).unwrap());
        }
        headers
    }

    #[test]
    fn an_instant_reads_as_people_write_it_on_romes_clock() {
        use time::macros::datetime;
        let winter = datetime!(2026-12-03 08:15:58.201 UTC);
        assert_eq!(Tr::new("it").instant(winter), "3 dic 2026, 09:15");
        assert_eq!(Tr::new("en").instant(winter), "3 Dec 2026, 09:15");
        // Summer time: two hours ahead, and past midnight the day changes.
        assert_eq!(
            Tr::new("it").instant(datetime!(2026-07-31 22:30 UTC)),
            "1 ago 2026, 00:30"
        );
    }

    #[test]
    fn the_browser_language_is_used_when_supported() {
        assert_eq!(negotiate(&headers("de-DE,en;q=0.8,it;q=0.5", None), None).code(), "en");
    }

    #[test]
    fn the_cookie_wins_over_the_preference_and_the_browser() {
        assert_eq!(
            negotiate(&headers("en", Some("filiera_lang=it")), Some("en")).code(),
            "it"
        );
    }

    #[test]
    fn an_unsupported_browser_language_falls_back_to_italian() {
        assert_eq!(negotiate(&headers("ja", None), None).code(), "it");
    }

    /// Every `.ftl` file of a language folder, concatenated.
    fn catalogue(code: &str) -> String {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(code);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn message_ids(catalogue: &str) -> Vec<String> {
        catalogue
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(" = "))
            .filter_map(|l| l.split(" = ").next().map(str::to_owned))
            .collect()
    }

    #[test]
    fn every_language_has_every_message_of_the_english_catalogue() {
        let english = message_ids(&catalogue("en"));
        assert!(english.len() > 20);
        for (code, _) in LANGUAGES {
            let theirs = message_ids(&catalogue(code));
            for id in &english {
                assert!(theirs.contains(id), "{code} lacks {id}");
            }
        }
    }

    #[test]
    fn messages_without_arguments_resolve_in_every_language() {
        let english = catalogue("en");
        let plain = english
            .lines()
            .filter(|l| !l.starts_with('#') && l.contains(" = ") && !l.contains("{ $"))
            .filter_map(|l| l.split(" = ").next());
        for id in plain {
            for (code, _) in LANGUAGES {
                assert_ne!(Tr::new(code).get(id), id, "{code} cannot resolve {id}");
            }
        }
    }
}
