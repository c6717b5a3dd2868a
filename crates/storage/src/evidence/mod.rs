//! Money and evidence: quarterly provider reports and their claims, the budget
//! per funding stream, the ESF+ indicators, and the comparison group with the
//! outcome report. The rules are in `filiera_domain::evidence`; this module
//! reads the records they need and stores what they decide.

pub mod budget;
pub mod comparison;
pub mod indicators;
pub(crate) mod persons;
pub mod provider_reports;
mod register;
pub mod settings;
pub mod shortlist;

/// `CAST(CASE ...)` turning a nullable boolean column into 1/0/NULL, readable on both backends.
pub(crate) fn flag(column: &str) -> String {
    format!("CAST(CASE WHEN {column} THEN 1 WHEN NOT {column} THEN 0 END AS BIGINT)")
}
