//! filiera's optimisation engines: an exact minimum-cost-flow solver
//! (cost-scaling push-relabel, with a primal network simplex as fallback) and
//! the tools around it — the JSON instance format, a generator of realistic
//! matching instances, and explanations of why an instance is infeasible.
//! The matching model ([`matching`]) and the allocation model are built on
//! this solver.
//!
//! This crate is pure computation. It must never do I/O (no files, network,
//! clock, environment or logging), never spawn threads or use async, and never
//! panic on input: callers pass values in and get values or a typed
//! [`Error`] back. All quantities are exact `i64` integers; the same input
//! always gives the same output.

pub mod allocation;
mod cost_scaling;
mod error;
mod format;
mod generate;
mod infeasibility;
mod instance;
pub mod matching;
mod network_simplex;
mod residual;
mod rng;
mod solver;

pub use error::Error;
pub use format::{instance_to_json, outcome_to_json, parse_instance};
pub use generate::{MatchingLayout, UNMATCHED_COST, generate_matching_instance};
pub use infeasibility::{BoundConflict, Cut, Infeasibility, NodeAmount, Shortfall};
pub use instance::{Arc, Instance, MAX_MAGNITUDE};
pub use rng::SplitMix64;
pub use solver::{Algorithm, Outcome, Solution, solve, solve_with};
