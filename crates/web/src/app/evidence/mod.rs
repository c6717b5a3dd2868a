//! The money-and-evidence actions shared by the JSON API and the pages: who may
//! see, prepare and review a provider report, and the calls into storage, each
//! in one unit of work.

pub mod budget;
pub mod comparison;
pub mod publication;
pub mod reports;
