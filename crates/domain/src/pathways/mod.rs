//! Personalised paths to autonomy, as in the ALI programme (Pisa): programmes
//! with rounds and funding streams, the service catalogue, households and their
//! members, the path from referral to closure, the Access and Evaluation Form,
//! the Personalised Individual Project and its interventions, and the guards
//! against what went wrong in ALI.

pub mod assessment;
pub mod catalogue;
pub mod closure;
pub mod eligibility;
pub mod guards;
pub mod health;
pub mod household;
pub mod import;
pub mod interview;
pub mod path;
pub mod programme;
pub mod project;
pub mod statistics;
pub mod timeline;
