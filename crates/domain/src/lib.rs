//! The domain of filiera: the words, rules, state machines and calculations of
//! work integration — organisations and their roles, who may do what, the audit
//! chain, and (as the platform grows) paths, projects and the 30% rule.
//!
//! This crate must never do I/O, spawn tasks or know about databases and HTTP:
//! every other crate depends on it, and it depends on none of them. A rule of the
//! domain is found here by its name, with its legal source in the doc comment.

pub mod audit;
pub mod bounds;
pub mod calendar;
pub mod consortium;
pub mod csv_export;
pub mod documents;
pub mod error;
pub mod evidence;
pub mod ids;
pub mod import;
pub mod message;
pub mod notification;
pub mod organisation;
pub mod pathways;
pub mod policy;
pub mod references;
pub mod role;
pub mod tasks;
pub mod throttle;
pub mod time_format;
pub mod user;
pub mod validation;

pub use error::DomainError;
pub use message::{Arg, Message};
pub use validation::{FieldError, ValidationErrors};
