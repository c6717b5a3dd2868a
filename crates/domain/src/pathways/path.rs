//! The path a participant travels with the public agency and the cooperative:
//! referred → first interview (social worker + psychotherapist, Access and
//! Evaluation Form) → second interview (case manager) → project active →
//! closed; or withdrawn / interrupted on the way, each with a reason.

use crate::Message;
use crate::msg;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PathState {
    /// Shortlisted by the social worker from the people already in their care.
    Referred,
    /// The first interview took place; the Access and Evaluation Form is filled in.
    FirstInterview,
    /// The case manager met the household; the project is being built.
    SecondInterview,
    /// The Personalised Individual Project is running.
    ProjectActive,
    /// Ended with a conclusive evaluation.
    Closed,
    /// The participant left the path.
    Withdrawn,
    /// The path was stopped from outside (e.g. the programme ended).
    Interrupted,
}

impl PathState {
    pub const ALL: [PathState; 7] = [
        PathState::Referred,
        PathState::FirstInterview,
        PathState::SecondInterview,
        PathState::ProjectActive,
        PathState::Closed,
        PathState::Withdrawn,
        PathState::Interrupted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PathState::Referred => "referred",
            PathState::FirstInterview => "first_interview",
            PathState::SecondInterview => "second_interview",
            PathState::ProjectActive => "project_active",
            PathState::Closed => "closed",
            PathState::Withdrawn => "withdrawn",
            PathState::Interrupted => "interrupted",
        }
    }

    /// The open states, from the first step to the furthest: a household's
    /// stage is the furthest open state any of its members has reached.
    pub const OPEN_IN_ORDER: [PathState; 4] = [
        PathState::Referred,
        PathState::FirstInterview,
        PathState::SecondInterview,
        PathState::ProjectActive,
    ];

    /// A path in a final state cannot move again; a new path can be opened.
    pub fn is_final(self) -> bool {
        matches!(self, PathState::Closed | PathState::Withdrawn | PathState::Interrupted)
    }

    /// The states a path in this state may move to.
    pub fn next_states(self) -> &'static [PathState] {
        use PathState::*;
        match self {
            Referred => &[FirstInterview, Withdrawn, Interrupted],
            FirstInterview => &[SecondInterview, Withdrawn, Interrupted],
            SecondInterview => &[ProjectActive, Withdrawn, Interrupted],
            ProjectActive => &[Closed, Withdrawn, Interrupted],
            Closed | Withdrawn | Interrupted => &[],
        }
    }

    /// Leaving the path early must say why, so the history explains itself.
    pub fn needs_reason(self) -> bool {
        matches!(self, PathState::Withdrawn | PathState::Interrupted)
    }
}

impl fmt::Display for PathState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PathState {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        PathState::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| format!("unknown path state `{text}`"))
    }
}

/// Whether a person may move a path to this state by hand. A path reaches
/// `Closed` only when its project is closed with the conclusive evaluation,
/// so that no path ends without one.
pub fn may_move_by_hand(to: PathState) -> bool {
    to != PathState::Closed
}

/// Why a move was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IllegalTransition {
    #[error("a path that is {from} cannot move to {to}")]
    NotAllowed { from: PathState, to: PathState },
    #[error("moving a path to {to} needs a reason")]
    ReasonRequired { to: PathState },
}

impl IllegalTransition {
    /// The refusal for the person who asked.
    pub fn message(&self) -> Message {
        match self {
            IllegalTransition::NotAllowed { from, to } => {
                msg!("error-path-state-move", from = from.as_str(), to = to.as_str())
            }
            IllegalTransition::ReasonRequired { to } => msg!("error-path-state-reason", to = to.as_str()),
        }
    }
}

/// A legal move: the state it leads to and the reason given (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub from: PathState,
    pub to: PathState,
    pub reason: Option<String>,
}

/// The only way to move a path: checks that the move is legal and that a
/// reason is given where one is needed.
pub fn transition(from: PathState, to: PathState, reason: Option<&str>) -> Result<Transition, IllegalTransition> {
    if !from.next_states().contains(&to) {
        return Err(IllegalTransition::NotAllowed { from, to });
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
    if to.needs_reason() && reason.is_none() {
        return Err(IllegalTransition::ReasonRequired { to });
    }
    Ok(Transition { from, to, reason })
}

#[cfg(test)]
mod tests {
    use super::*;
    use PathState::*;
    use proptest::prelude::*;

    #[test]
    fn the_usual_path_goes_from_referral_to_closure() {
        let steps = [Referred, FirstInterview, SecondInterview, ProjectActive, Closed];
        for pair in steps.windows(2) {
            assert!(transition(pair[0], pair[1], None).is_ok(), "{} → {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn a_referred_household_cannot_skip_to_an_active_project() {
        assert_eq!(
            transition(Referred, ProjectActive, None),
            Err(IllegalTransition::NotAllowed {
                from: Referred,
                to: ProjectActive
            })
        );
    }

    #[test]
    fn withdrawing_needs_a_reason() {
        assert_eq!(
            transition(SecondInterview, Withdrawn, Some("  ")),
            Err(IllegalTransition::ReasonRequired { to: Withdrawn })
        );
        assert!(transition(SecondInterview, Withdrawn, Some("moved to another city")).is_ok());
    }

    #[test]
    fn a_path_is_closed_only_through_its_project_never_by_hand() {
        assert!(!may_move_by_hand(Closed));
        for to in [FirstInterview, SecondInterview, ProjectActive, Withdrawn, Interrupted] {
            assert!(may_move_by_hand(to), "{to}");
        }
    }

    #[test]
    fn a_closed_path_never_moves_again() {
        for to in PathState::ALL {
            assert!(transition(Closed, to, Some("any")).is_err());
        }
    }

    fn any_state() -> impl Strategy<Value = PathState> {
        proptest::sample::select(PathState::ALL.to_vec())
    }

    /// The legal moves, written out independently of `next_states`.
    fn is_legal(from: PathState, to: PathState) -> bool {
        let order = |s: PathState| match s {
            Referred => Some(0),
            FirstInterview => Some(1),
            SecondInterview => Some(2),
            ProjectActive => Some(3),
            _ => None,
        };
        match (order(from), to) {
            (None, _) => false,
            (Some(_), Withdrawn | Interrupted) => true,
            (Some(3), Closed) => true,
            (Some(i), to) => order(to) == Some(i + 1),
        }
    }

    proptest! {
        #[test]
        fn no_illegal_transition_is_ever_accepted(from in any_state(), to in any_state(), reason in proptest::option::of("[a-z ]{0,12}")) {
            let result = transition(from, to, reason.as_deref());
            if !is_legal(from, to) {
                prop_assert!(result.is_err());
            } else if to.needs_reason() && reason.as_deref().map(str::trim).unwrap_or("").is_empty() {
                prop_assert_eq!(result, Err(IllegalTransition::ReasonRequired { to }));
            } else {
                prop_assert!(result.is_ok());
            }
        }

        #[test]
        fn any_sequence_of_accepted_moves_ends_at_most_one_final_state_later(moves in proptest::collection::vec(any_state(), 0..12)) {
            let mut state = Referred;
            let mut finals = 0;
            for to in moves {
                if let Ok(t) = transition(state, to, Some("reason")) {
                    state = t.to;
                    if state.is_final() { finals += 1; }
                }
            }
            prop_assert!(finals <= 1);
        }

        #[test]
        fn every_state_name_parses_back(state in any_state()) {
            prop_assert_eq!(state.as_str().parse::<PathState>(), Ok(state));
        }
    }
}
