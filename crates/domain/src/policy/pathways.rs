//! Who may do what on paths to autonomy: programmes, the service catalogue,
//! households, assessments, projects, the activity register and statistics.
//!
//! A household's records belong to the public agency in charge of it; the
//! cooperatives delivering its project are partners on those records (see
//! [`super::Target::partners`]). Health notes are further restricted per record
//! by [`crate::pathways::health::may_read_health_notes`].

use super::Relation;
use crate::role::Role;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PathwayAction {
    /// See a programme, its rounds, funding streams and eligibility rules.
    ViewProgramme,
    /// Create and change programmes, rounds and funding streams.
    ManageProgramme,
    /// See the service catalogue (shared with every partner).
    ViewCatalogue,
    /// Add and change services and host firms offered by one's organisation.
    ManageCatalogue,
    /// See households, their members and their path.
    ViewHousehold,
    /// Refer households, change their data, move the early path, reassign.
    ManageHousehold,
    /// Read the health notes of an assessment (special-category data, GDPR art. 9).
    ReadHealthNotes,
    /// Fill in an Access and Evaluation Form.
    RecordAssessment,
    /// Build and change a Personalised Individual Project and its interventions.
    ManageProject,
    /// Write in the activity register and answer requests.
    RecordActivity,
    /// See participant statistics of a programme.
    ViewStatistics,
    /// Import programme data from CSV files.
    ImportData,
}

impl PathwayAction {
    pub const ALL: [PathwayAction; 12] = [
        PathwayAction::ViewProgramme,
        PathwayAction::ManageProgramme,
        PathwayAction::ViewCatalogue,
        PathwayAction::ManageCatalogue,
        PathwayAction::ViewHousehold,
        PathwayAction::ManageHousehold,
        PathwayAction::ReadHealthNotes,
        PathwayAction::RecordAssessment,
        PathwayAction::ManageProject,
        PathwayAction::RecordActivity,
        PathwayAction::ViewStatistics,
        PathwayAction::ImportData,
    ];
}

/// Proposing a round's matching names participants and the services they
/// could get, so it asks what viewing households asks, on top of managing
/// the programme. Matching is no back door around the case rules.
pub const PROPOSE_MATCHING: [PathwayAction; 2] = [PathwayAction::ManageProgramme, PathwayAction::ViewHousehold];

/// Accepting a proposal plans interventions in participants' projects, so it
/// asks what planning an intervention asks (each project is checked again on
/// its own household, as `POST /projects/{id}/interventions` does).
pub const ACCEPT_MATCHING: [PathwayAction; 2] = [PathwayAction::ManageProgramme, PathwayAction::ManageProject];

pub fn allowed(role: Role, action: PathwayAction, relation: Relation) -> bool {
    use PathwayAction::*;
    use Role::*;
    // The catalogue is public among partners: who offers what, where.
    if action == ViewCatalogue {
        return true;
    }
    if !relation.works_on_records() {
        return false;
    }
    match action {
        ViewCatalogue => true,
        ViewProgramme => true,
        ManageProgramme | ImportData => matches!(role, Admin | ProgrammeManager),
        ManageCatalogue => matches!(role, Admin | ProgrammeManager),
        ViewHousehold => matches!(role, ProgrammeManager | SocialWorker | CaseManager | Operator | Auditor),
        ManageHousehold => matches!(role, ProgrammeManager | SocialWorker),
        // The role admits; the record decides (social worker in charge, the
        // psychologist on the project, the programme manager).
        ReadHealthNotes => matches!(role, ProgrammeManager | SocialWorker | Operator),
        RecordAssessment => matches!(role, SocialWorker | CaseManager | Operator),
        ManageProject => matches!(role, ProgrammeManager | SocialWorker | CaseManager),
        RecordActivity => matches!(role, SocialWorker | CaseManager | Operator),
        ViewStatistics => matches!(role, Admin | ProgrammeManager | Auditor),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PathwayAction::*;

    /// Which roles may act on their own organisation's records; nothing is
    /// allowed on another organisation's except viewing the catalogue.
    const OWN: &[(PathwayAction, &[Role])] = &[
        (ViewProgramme, &Role::ALL),
        (ManageProgramme, &[Role::Admin, Role::ProgrammeManager]),
        (ViewCatalogue, &Role::ALL),
        (ManageCatalogue, &[Role::Admin, Role::ProgrammeManager]),
        (
            ViewHousehold,
            &[
                Role::ProgrammeManager,
                Role::SocialWorker,
                Role::CaseManager,
                Role::Operator,
                Role::Auditor,
            ],
        ),
        (ManageHousehold, &[Role::ProgrammeManager, Role::SocialWorker]),
        (
            ReadHealthNotes,
            &[Role::ProgrammeManager, Role::SocialWorker, Role::Operator],
        ),
        (
            RecordAssessment,
            &[Role::SocialWorker, Role::CaseManager, Role::Operator],
        ),
        (
            ManageProject,
            &[Role::ProgrammeManager, Role::SocialWorker, Role::CaseManager],
        ),
        (RecordActivity, &[Role::SocialWorker, Role::CaseManager, Role::Operator]),
        (ViewStatistics, &[Role::Admin, Role::ProgrammeManager, Role::Auditor]),
        (ImportData, &[Role::Admin, Role::ProgrammeManager]),
    ];

    #[test]
    fn every_role_and_pathway_action_is_decided_as_the_table_says() {
        assert_eq!(OWN.len(), PathwayAction::ALL.len());
        for &(action, roles) in OWN {
            for role in Role::ALL {
                assert_eq!(
                    allowed(role, action, Relation::Own),
                    roles.contains(&role),
                    "{role} {action:?} own"
                );
                assert_eq!(
                    allowed(role, action, Relation::Other),
                    action == ViewCatalogue,
                    "{role} {action:?} other"
                );
            }
        }
    }

    #[test]
    fn an_auditor_may_look_but_never_change_a_path() {
        for action in [
            ManageHousehold,
            RecordAssessment,
            ManageProject,
            RecordActivity,
            ImportData,
        ] {
            assert!(!allowed(Role::Auditor, action, Relation::Own), "{action:?}");
        }
    }
}
