//! Why a candidate's need is unmet: the binding constraint and its message.

use std::fmt;

use super::{Assignment, BindingConstraint, Candidate, Place, free_slots, speaks};

impl fmt::Display for BindingConstraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MaxInterventions { max, current } => {
                write!(f, "would exceed max interventions ({current} of {max} already running)")
            }
            Self::NotEligible => write!(f, "not eligible for any place"),
            Self::Language { eligible, languages } if languages.is_empty() => {
                write!(
                    f,
                    "none of the {eligible} eligible places is delivered without a language requirement"
                )
            }
            Self::Language { eligible, languages } => write!(
                f,
                "no eligible place speaks {} ({eligible} eligible places)",
                languages.join(" or ")
            ),
            Self::Schedule { in_language } => {
                write!(
                    f,
                    "none of the {in_language} eligible places in their languages fits their schedule"
                )
            }
            Self::AlreadyAssigned { suitable } => {
                write!(
                    f,
                    "all {suitable} suitable places are already theirs (one seat per service)"
                )
            }
            Self::AllFull { suitable } => write!(f, "all {suitable} suitable places are full"),
            Self::CheaperUnmatched { open } => write!(
                f,
                "{open} suitable places have room but each costs more than leaving the need unmet"
            ),
        }
    }
}

/// What explaining one candidate's unmet need looks at.
pub(super) struct Context<'a> {
    pub index: usize,
    pub candidate: &'a Candidate,
    pub places: &'a [Place],
    /// Places with seats whose eligibility list names the candidate.
    pub eligible: &'a [usize],
    pub assignments: &'a [Assignment],
    /// Assignments per place.
    pub load: &'a [usize],
}

impl Context<'_> {
    /// The first hard constraint, in the order of [`BindingConstraint`],
    /// that leaves the candidate nothing more to receive.
    pub fn binding_constraint(&self) -> BindingConstraint {
        let (candidate, places) = (self.candidate, self.places);
        if free_slots(candidate) == 0 {
            return BindingConstraint::MaxInterventions {
                max: candidate.max_interventions,
                current: candidate.current_interventions,
            };
        }
        if self.eligible.is_empty() {
            return BindingConstraint::NotEligible;
        }
        let in_language: Vec<usize> = self
            .eligible
            .iter()
            .copied()
            .filter(|&p| speaks(candidate, &places[p]))
            .collect();
        if in_language.is_empty() {
            return BindingConstraint::Language {
                eligible: self.eligible.len(),
                languages: candidate.languages.clone(),
            };
        }
        let suitable: Vec<usize> = in_language
            .iter()
            .copied()
            .filter(|&p| places[p].schedule.fits_within(candidate.available))
            .collect();
        if suitable.is_empty() {
            return BindingConstraint::Schedule {
                in_language: in_language.len(),
            };
        }
        // Assignments are ordered by candidate: theirs are one run.
        let start = self.assignments.partition_point(|a| a.candidate < self.index);
        let end = self.assignments.partition_point(|a| a.candidate <= self.index);
        let theirs: Vec<&str> = self.assignments[start..end]
            .iter()
            .map(|a| places[a.place].service.as_str())
            .collect();
        let others: Vec<usize> = suitable
            .iter()
            .copied()
            .filter(|&p| !theirs.contains(&places[p].service.as_str()))
            .collect();
        if others.is_empty() {
            return BindingConstraint::AlreadyAssigned {
                suitable: suitable.len(),
            };
        }
        let open = others
            .iter()
            .filter(|&&p| self.load[p] < places[p].capacity as usize)
            .count();
        if open == 0 {
            BindingConstraint::AllFull { suitable: others.len() }
        } else {
            BindingConstraint::CheaperUnmatched { open }
        }
    }
}
