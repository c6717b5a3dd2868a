//! Who may do what on paths to autonomy: programmes, households, assessments,
//! projects and interventions.

use super::Relation;
use crate::role::Role;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PathwayAction {}

impl PathwayAction {
    pub const ALL: [PathwayAction; 0] = [];
}

pub fn allowed(_role: Role, action: PathwayAction, _relation: Relation) -> bool {
    match action {}
}
