//! Who may do what in consortium operations: membership and workforce
//! registers, production orders and allocations, borsa lavoro and finance.

use super::Relation;
use crate::role::Role;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsortiumAction {}

impl ConsortiumAction {
    pub const ALL: [ConsortiumAction; 0] = [];
}

pub fn allowed(_role: Role, action: ConsortiumAction, _relation: Relation) -> bool {
    match action {}
}
