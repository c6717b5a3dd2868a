//! Who may read health notes: special-category personal data (GDPR art. 9).
//! The role admits (see the pathways policy); the record decides. Only the
//! social worker in charge of the household, a psychologist working on the
//! household's project and the programme manager may read them — and every
//! read is written to the audit log by the caller.

use crate::ids::UserId;
use crate::role::Role;

/// What the record says about who is close to it.
#[derive(Debug, Clone, Default)]
pub struct HealthNotesAudience {
    /// The social worker in charge of the household.
    pub social_worker_in_charge: Option<UserId>,
    /// Users working on the household's project as psychologists.
    pub psychologists: Vec<UserId>,
}

/// May this user, holding this role in an organisation related to the record,
/// read its health notes?
pub fn may_read_health_notes(user_id: UserId, role: Role, audience: &HealthNotesAudience) -> bool {
    match role {
        Role::ProgrammeManager => true,
        Role::SocialWorker => audience.social_worker_in_charge == Some(user_id),
        Role::Operator => audience.psychologists.contains(&user_id),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn audience() -> HealthNotesAudience {
        HealthNotesAudience {
            social_worker_in_charge: Some(UserId(1)),
            psychologists: vec![UserId(2)],
        }
    }

    #[test]
    fn only_the_social_worker_in_charge_reads_them_not_a_colleague() {
        assert!(may_read_health_notes(UserId(1), Role::SocialWorker, &audience()));
        assert!(!may_read_health_notes(UserId(9), Role::SocialWorker, &audience()));
    }

    #[test]
    fn the_psychologist_on_the_project_reads_them_but_an_educator_does_not() {
        assert!(may_read_health_notes(UserId(2), Role::Operator, &audience()));
        assert!(!may_read_health_notes(UserId(3), Role::Operator, &audience()));
    }

    #[test]
    fn case_managers_admins_and_auditors_never_read_them() {
        for role in [
            Role::CaseManager,
            Role::Admin,
            Role::Auditor,
            Role::ConsortiumManager,
            Role::ProductionSupervisor,
        ] {
            assert!(!may_read_health_notes(UserId(1), role, &audience()), "{role}");
        }
    }

    #[test]
    fn the_programme_manager_reads_them() {
        assert!(may_read_health_notes(UserId(5), Role::ProgrammeManager, &audience()));
    }
}
