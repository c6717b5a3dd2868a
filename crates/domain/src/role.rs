//! The roles a user can hold in an organisation. A user holds one role per
//! organisation, and may belong to several organisations.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the organisation's account: its registry data and its users.
    Admin,
    /// Owns programmes (public agency) or their delivery (cooperative).
    ProgrammeManager,
    /// Public-agency social worker in charge of households (assistente sociale).
    SocialWorker,
    /// Cooperative counsellor who builds and follows the individual project.
    CaseManager,
    /// Educator, tutor, psychologist or trainer delivering interventions.
    Operator,
    /// Manages a consortium and oversees its member cooperatives.
    ConsortiumManager,
    /// Runs production in a Type B cooperative: orders, tasks, allocations.
    ProductionSupervisor,
    /// Read-only access for inspection, including the audit log.
    Auditor,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Admin,
        Role::ProgrammeManager,
        Role::SocialWorker,
        Role::CaseManager,
        Role::Operator,
        Role::ConsortiumManager,
        Role::ProductionSupervisor,
        Role::Auditor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::ProgrammeManager => "programme_manager",
            Role::SocialWorker => "social_worker",
            Role::CaseManager => "case_manager",
            Role::Operator => "operator",
            Role::ConsortiumManager => "consortium_manager",
            Role::ProductionSupervisor => "production_supervisor",
            Role::Auditor => "auditor",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was not one of the role names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown role `{0}`; expected one of admin, programme_manager, social_worker, case_manager, operator, consortium_manager, production_supervisor, auditor"
)]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == text)
            .ok_or_else(|| UnknownRole(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_parses_back_from_its_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
    }

    #[test]
    fn an_unknown_role_name_is_rejected() {
        assert!("superuser".parse::<Role>().is_err());
    }
}
