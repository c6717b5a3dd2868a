//! RFC 9457 problem details: the one shape of every error the API returns.

use crate::i18n::Tr;
use filiera_domain::{Arg, FieldError};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// An error response (RFC 9457 `application/problem+json`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank` when the status says it all).
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    pub status: u16,
    /// What went wrong in this request, in words for a person.
    pub detail: String,
    /// The fields that were wrong, each with its message.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// One field that was wrong. `code` and `args` let a client say it in its own
/// words; `message` says it in English (or in the request's `Accept-Language`
/// when filiera speaks it).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "field": "name", "code": "error-too-long", "args": {"max": 200},
    "message": "must be at most 200 characters"
}))]
pub struct FieldProblem {
    /// The field's name as the client sent it (`name`, `services[2].code`, …).
    pub field: String,
    /// The message's key in filiera's catalogue (`crates/web/locales/*/errors.ftl`).
    pub code: String,
    /// The message's arguments: numbers as numbers, dates as `YYYY-MM-DD`,
    /// amounts in cents, anything else as text.
    #[schema(value_type = Object)]
    pub args: BTreeMap<String, serde_json::Value>,
    /// The message in words.
    pub message: String,
}

impl FieldProblem {
    pub fn new(error: &FieldError, t: &Tr) -> FieldProblem {
        FieldProblem {
            field: error.field.clone(),
            code: error.message.key().to_owned(),
            args: error
                .message
                .args()
                .iter()
                .map(|(name, value)| {
                    let json = match value {
                        Arg::Number(n) | Arg::Money(n) => serde_json::Value::from(*n),
                        other => serde_json::Value::from(other.to_string()),
                    };
                    ((*name).to_owned(), json)
                })
                .collect(),
            message: t.message(&error.message),
        }
    }
}
