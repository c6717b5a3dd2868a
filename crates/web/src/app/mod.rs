//! The application layer: every use case of filiera, in one place.
//!
//! A use case takes the principal and a typed input, asks the domain policy
//! whether the principal may act, calls storage in one unit of work and returns
//! a typed result or a `WebError` naming the offending field. The JSON API
//! (`api/`), the pages (`pages/`) and the CLI are adapters around these
//! functions: they parse input, call one use case and render. Adapters never
//! import each other.

pub mod account;
pub mod audit;
pub mod catalogue;
pub mod consortium;
pub mod documents;
pub mod evidence;
pub mod members;
pub mod notifications;
pub mod organisations;
pub mod pathways;
pub mod programmes;
pub mod tasks;
