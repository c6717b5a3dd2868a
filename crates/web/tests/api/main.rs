//! Black-box tests of the API and pages: each spawns the real server on a random
//! port over a fresh database (SQLite, and PostgreSQL when configured).

mod helpers;

mod auth;
mod bad_input;
mod bounds;
mod case_list;
mod consortium;
mod documents;
mod evidence_outcomes;
mod evidence_reports;
mod form_errors;
mod fuzz;
mod mail;
mod openapi;
mod organisations;
mod pages;
mod pathways;
mod print;
mod programmes;
mod programmes_pages;
mod scale_out;
mod sessions;
mod tasks;
mod tenancy;
mod timeline;
