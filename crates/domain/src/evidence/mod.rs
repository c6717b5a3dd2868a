//! Money and evidence: what a programme reports to its funders and what it
//! learns about its participants afterwards.
//!
//! In ALI each cooperative reported its activities every three months and was
//! reimbursed by the agency from the programme's funding streams (source
//! `002_…txt`, §"Funding"); the evaluators could not say what happened to the
//! participants after their project, nor compare them with eligible people who
//! were not selected (§"Methodology"). The rules here close that loop:
//!
//! - [`quarter`] and [`accrual`]: which register entries and costs fall in a quarter;
//! - [`provider_report`]: the quarterly provider report, its life cycle and its freezing;
//! - [`reimbursement`]: claims against funding streams, refused beyond budget or eligibility;
//! - [`indicators`]: the ESF+ common indicators (Regulation (EU) 2021/1057, Annex I);
//! - [`comparison`]: participants against the comparison group, with a 95% interval;
//! - [`disclosure`]: suppression of small cells in anything published;
//! - [`publication`]: the indicators and outcome report as published to the public or the staff.

pub mod accrual;
pub mod comparison;
pub mod disclosure;
pub mod indicators;
pub mod provider_report;
pub mod publication;
pub mod quarter;
pub mod reimbursement;
pub mod report_status;
pub mod shortlist;
pub mod statistics_publication;

pub use quarter::Quarter;
