//! Who may do what with money and evidence: provider reports, claims and
//! payments, the comparison group, the funder indicators and outcome reports.
//!
//! A provider report has two sides. The cooperative prepares and submits it
//! (the target is the cooperative); the agency that owns the programme reviews
//! it, pays the claims and keeps the evidence (the target is the agency). Each
//! side sees the report: the agency is a partner on the cooperative's report.

use super::Relation;
use crate::role::Role;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceAction {
    /// See provider reports (one's own cooperative's, or those sent to one's agency).
    ViewProviderReport,
    /// Generate, regenerate, submit and correct a cooperative's quarterly report.
    PrepareProviderReport,
    /// Approve or send back a report, and record payments of claims.
    ReviewProviderReport,
    /// See the budget, indicators, outcome reports and comparison group of a programme.
    ViewEvidence,
    /// Record eligible people who were not selected and their follow-up.
    ManageComparisonGroup,
}

impl EvidenceAction {
    pub const ALL: [EvidenceAction; 5] = [
        EvidenceAction::ViewProviderReport,
        EvidenceAction::PrepareProviderReport,
        EvidenceAction::ReviewProviderReport,
        EvidenceAction::ViewEvidence,
        EvidenceAction::ManageComparisonGroup,
    ];
}

pub fn allowed(role: Role, action: EvidenceAction, relation: Relation) -> bool {
    use EvidenceAction::*;
    use Role::*;
    if !relation.works_on_records() {
        return false;
    }
    match action {
        ViewProviderReport => matches!(role, Admin | ProgrammeManager | CaseManager | Auditor),
        PrepareProviderReport => matches!(role, Admin | ProgrammeManager | CaseManager),
        ReviewProviderReport => role == ProgrammeManager,
        ViewEvidence => matches!(role, Admin | ProgrammeManager | Auditor),
        ManageComparisonGroup => matches!(role, ProgrammeManager | SocialWorker),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EvidenceAction::*;

    const OWN: &[(EvidenceAction, &[Role])] = &[
        (
            ViewProviderReport,
            &[Role::Admin, Role::ProgrammeManager, Role::CaseManager, Role::Auditor],
        ),
        (
            PrepareProviderReport,
            &[Role::Admin, Role::ProgrammeManager, Role::CaseManager],
        ),
        (ReviewProviderReport, &[Role::ProgrammeManager]),
        (ViewEvidence, &[Role::Admin, Role::ProgrammeManager, Role::Auditor]),
        (ManageComparisonGroup, &[Role::ProgrammeManager, Role::SocialWorker]),
    ];

    #[test]
    fn every_role_and_evidence_action_is_decided_as_the_table_says() {
        assert_eq!(OWN.len(), EvidenceAction::ALL.len());
        for &(action, roles) in OWN {
            for role in Role::ALL {
                assert_eq!(
                    allowed(role, action, Relation::Own),
                    roles.contains(&role),
                    "{role} {action:?}"
                );
                assert!(!allowed(role, action, Relation::Other), "{role} {action:?} other");
            }
        }
    }

    #[test]
    fn an_auditor_never_approves_or_prepares() {
        assert!(!allowed(Role::Auditor, ReviewProviderReport, Relation::Own));
        assert!(!allowed(Role::Auditor, PrepareProviderReport, Relation::Own));
    }
}
