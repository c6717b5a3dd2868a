//! Field-level validation errors, shared by every rule that checks input, so the
//! web layer can name the offending field for both the API and the forms.

use crate::bounds::{LINE_MAX_CHARS, LONG_TEXT_MAX_CHARS, control_character_problem, length_problem, parse_date};
use crate::message::Message;
use crate::msg;
use serde::Serialize;
use std::fmt;
use time::Date;

/// One thing wrong with one field: the field and a [`Message`] saying what is
/// wrong and what is expected, which the web layer words in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's name as the client sent it (`name`, `consortium_id`, …).
    pub field: String,
    #[serde(flatten)]
    pub message: Message,
}

/// All the problems found in one piece of input: we report them together so the
/// user can fix a form in one go instead of one error at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// `ValidationErrors::single("name", msg!("error-required"))`.
    pub fn single(field: &str, message: Message) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    /// `errors.add("end_date", msg!("error-intervention-ends-before-start"))`.
    pub fn add(&mut self, field: &str, message: Message) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first message about `field`, for the form to show beside it.
    pub fn for_field(&self, field: &str) -> Option<&Message> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.message)
    }

    /// The same errors with every field renamed by `rename` (a row's fields
    /// under `services[3].`, say).
    pub fn prefixed(self, rename: impl Fn(&str) -> String) -> Self {
        Self(
            self.0
                .into_iter()
                .map(|e| FieldError {
                    field: rename(&e.field),
                    message: e.message,
                })
                .collect(),
        )
    }

    /// `Ok(value)` when nothing was found wrong, so checks can end with `errors.into_result(value)`.
    pub fn into_result<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for ValidationErrors {}

/// Trims a required text field, recording an error if it is empty or too long.
pub fn required_text(errors: &mut ValidationErrors, field: &str, value: &str, max_chars: usize) -> String {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        errors.add(field, msg!("error-required"));
    } else {
        check_text(errors, field, trimmed, max_chars);
    }
    trimmed.to_owned()
}

/// Trims an optional text field: blank becomes `None`.
pub fn optional_text(
    errors: &mut ValidationErrors,
    field: &str,
    value: Option<&str>,
    max_chars: usize,
) -> Option<String> {
    let trimmed = value.map(str::trim).filter(|v| !v.is_empty())?;
    check_text(errors, field, trimmed, max_chars);
    Some(trimmed.to_owned())
}

/// Records an error if `text` is longer than `max_chars` or holds a control
/// character. Limits above [`LINE_MAX_CHARS`] are text areas, where line
/// breaks and tabs are part of the text.
pub fn check_text(errors: &mut ValidationErrors, field: &str, text: &str, max_chars: usize) {
    if let Some(problem) = length_problem(text, max_chars) {
        errors.add(field, problem);
    } else if let Some(problem) = control_character_problem(text, max_chars > LINE_MAX_CHARS) {
        errors.add(field, problem);
    }
}

/// An optional long text (a note, an answer, a reason) trimmed, blank as `None`,
/// within [`LONG_TEXT_MAX_CHARS`].
pub fn optional_long_text(errors: &mut ValidationErrors, field: &str, value: Option<&str>) -> Option<String> {
    optional_text(errors, field, value, LONG_TEXT_MAX_CHARS)
}

/// Reads a date with [`crate::bounds::parse_date`], noting the error on `field`.
pub fn date(errors: &mut ValidationErrors, field: &str, text: &str) -> Option<Date> {
    parse_date(text).map_err(|message| errors.add(field, message)).ok()
}
