//! Storage of paths to autonomy (see `filiera_domain::pathways`).

pub mod assessments;
pub mod case_list;
pub mod catalogue;
pub mod choices;
pub mod household_document;
pub mod households;
pub mod import;
pub mod interventions;
pub mod interviews;
pub mod matching;
pub mod paths;
pub mod programmes;
pub mod projects;
mod references;
pub mod register;
pub mod statistics;
pub mod timeline;
