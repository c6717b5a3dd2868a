//! The comparison group drawn from the selection shortlist: the people a
//! social worker shortlisted for the programme (a path, from "referred") who
//! were eligible but **not selected** — their path ended, withdrawn or
//! interrupted, before any project ran. They are the natural comparison for
//! the participants (Regulation (EU) 2021/1057 asks for results; the outcome
//! report compares the two groups and says it is not randomised).

use crate::ids::PathId;
use crate::pathways::path::PathState;

/// Whether a path with this history (its states in order, the current one
/// last) is a shortlisted person who was not selected.
pub fn not_selected(history: &[PathState]) -> bool {
    let ended_without_project = matches!(history.last(), Some(PathState::Withdrawn | PathState::Interrupted));
    ended_without_project && !history.contains(&PathState::ProjectActive)
}

/// The pseudonymous code a shortlisted person gets in the comparison group:
/// it names the path, never the person.
pub fn shortlist_reference(path_id: PathId) -> String {
    format!("SL-{path_id:06}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use PathState::*;
    use proptest::prelude::*;

    #[test]
    fn a_path_that_ended_before_any_project_was_not_selected() {
        assert!(not_selected(&[Referred, FirstInterview, Withdrawn]));
        assert!(not_selected(&[Referred, Interrupted]));
        assert!(!not_selected(&[
            Referred,
            FirstInterview,
            SecondInterview,
            ProjectActive,
            Withdrawn
        ]));
        assert!(!not_selected(&[Referred, FirstInterview]), "still being assessed");
        assert!(!not_selected(&[Referred, ProjectActive, Closed]));
        assert!(!not_selected(&[]));
    }

    #[test]
    fn the_code_names_the_path_and_passes_as_pseudonymous() {
        assert_eq!(shortlist_reference(PathId(42)), "SL-000042");
        let draft = crate::evidence::comparison::ComparisonMemberDraft {
            reference: shortlist_reference(PathId(123_456_789)),
            reference_date: Some(time::macros::date!(2024 - 01 - 10)),
            ..Default::default()
        };
        assert!(draft.validate(time::macros::date!(2024 - 06 - 01)).is_ok());
    }

    proptest! {
        #[test]
        fn anyone_whose_project_ran_was_selected(
            before in proptest::collection::vec(0usize..7, 0..6),
            after in proptest::collection::vec(0usize..7, 0..6),
        ) {
            let mut history: Vec<PathState> = before.iter().map(|&i| PathState::ALL[i]).collect();
            history.push(ProjectActive);
            history.extend(after.iter().map(|&i| PathState::ALL[i]));
            prop_assert!(!not_selected(&history));
        }
    }
}
