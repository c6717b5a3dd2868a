//! Who may do what in consortium operations: membership and workforce
//! registers, production orders and allocations, borsa lavoro and finance.
//!
//! Everything here is allowed only on one's own organisation (or a member
//! cooperative of one's consortium): workforce registers hold health-related
//! data (a disadvantage category is special-category data, GDPR art. 9), and
//! a consortium's finance is its members' business. Auditors see everything
//! they are entitled to and change nothing.

use super::Relation;
use crate::role::Role;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsortiumAction {
    /// Aggregate figures: Table A, the 30% dashboard, the filière statistics.
    ViewCompliance,
    /// The membership, workforce and users registers, hours, certificates.
    ViewRegisters,
    /// Add and change members, workers, users, hours; import a consortium.
    ManageRegisters,
    /// Production orders, task trees, capability grades and allocations.
    ViewProduction,
    /// Record orders, decompose them into tasks, grade people, compute allocations.
    ManageProduction,
    /// Accept a week's allocation: it becomes the plan and the internal transfers.
    AcceptAllocation,
    /// The borsa lavoro schedule and monthly statements, the ledger and the fund.
    ViewFinance,
    /// Change the schedule, record movements, grants and redistributions.
    ManageFinance,
}

impl ConsortiumAction {
    pub const ALL: [ConsortiumAction; 8] = [
        ConsortiumAction::ViewCompliance,
        ConsortiumAction::ViewRegisters,
        ConsortiumAction::ManageRegisters,
        ConsortiumAction::ViewProduction,
        ConsortiumAction::ManageProduction,
        ConsortiumAction::AcceptAllocation,
        ConsortiumAction::ViewFinance,
        ConsortiumAction::ManageFinance,
    ];
}

pub fn allowed(role: Role, action: ConsortiumAction, relation: Relation) -> bool {
    use ConsortiumAction::*;
    use Role::*;
    if !relation.works_on_records() {
        return false;
    }
    match action {
        // Programme managers and case managers follow users along the filière.
        ViewCompliance => matches!(
            role,
            Admin | ConsortiumManager | ProductionSupervisor | ProgrammeManager | CaseManager | Auditor
        ),
        ViewRegisters => matches!(
            role,
            Admin | ConsortiumManager | ProductionSupervisor | CaseManager | Auditor
        ),
        // Case managers record users' levels and progressions in the workshop.
        ManageRegisters => matches!(role, Admin | ConsortiumManager | CaseManager),
        // Operators run the Type A workshops that receive work.
        ViewProduction => matches!(
            role,
            Admin | ConsortiumManager | ProductionSupervisor | Operator | Auditor
        ),
        ManageProduction => matches!(role, ConsortiumManager | ProductionSupervisor),
        AcceptAllocation => matches!(role, ProductionSupervisor | ConsortiumManager),
        ViewFinance => matches!(role, Admin | ConsortiumManager | Auditor),
        ManageFinance => matches!(role, Admin | ConsortiumManager),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConsortiumAction::*;
    use Role::*;

    /// The expected table: for each action, the roles allowed on their own
    /// organisation (nothing is ever allowed on another).
    const EXPECTED: &[(ConsortiumAction, &[Role])] = &[
        (
            ViewCompliance,
            &[
                Admin,
                ConsortiumManager,
                ProductionSupervisor,
                ProgrammeManager,
                CaseManager,
                Auditor,
            ],
        ),
        (
            ViewRegisters,
            &[Admin, ConsortiumManager, ProductionSupervisor, CaseManager, Auditor],
        ),
        (ManageRegisters, &[Admin, ConsortiumManager, CaseManager]),
        (
            ViewProduction,
            &[Admin, ConsortiumManager, ProductionSupervisor, Operator, Auditor],
        ),
        (ManageProduction, &[ConsortiumManager, ProductionSupervisor]),
        (AcceptAllocation, &[ProductionSupervisor, ConsortiumManager]),
        (ViewFinance, &[Admin, ConsortiumManager, Auditor]),
        (ManageFinance, &[Admin, ConsortiumManager]),
    ];

    #[test]
    fn every_role_action_and_relation_is_decided_as_the_table_says() {
        assert_eq!(EXPECTED.len(), ConsortiumAction::ALL.len());
        for &(action, roles) in EXPECTED {
            for role in Role::ALL {
                assert_eq!(
                    allowed(role, action, Relation::Own),
                    roles.contains(&role),
                    "{role} {action:?} own"
                );
                assert!(!allowed(role, action, Relation::Other), "{role} {action:?} other");
            }
        }
    }

    #[test]
    fn auditors_may_view_but_never_change() {
        for action in ConsortiumAction::ALL {
            let changes = matches!(
                action,
                ManageRegisters | ManageProduction | AcceptAllocation | ManageFinance
            );
            assert_eq!(allowed(Auditor, action, Relation::Own), !changes, "{action:?}");
        }
    }

    #[test]
    fn whoever_may_change_something_may_also_see_it() {
        for role in Role::ALL {
            let may = |a| allowed(role, a, Relation::Own);
            assert!(!may(ManageRegisters) || may(ViewRegisters), "{role}");
            assert!(!may(ManageProduction) || may(ViewProduction), "{role}");
            assert!(!may(AcceptAllocation) || may(ViewProduction), "{role}");
            assert!(!may(ManageFinance) || may(ViewFinance), "{role}");
        }
    }
}
