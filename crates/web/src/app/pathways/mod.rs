//! The pathway actions shared by the JSON API and the pages: each takes the
//! principal and a typed input, checks the policy, calls storage in one unit of
//! work, and returns the result or a `WebError` naming the offending field.

pub mod actions;
pub mod case_list;
pub mod inputs;
pub mod matching;
pub mod print;
pub mod targets;
pub mod timeline;

use filiera_domain::pathways::assessment::{AreaJourney, journey};
use filiera_storage::pathways::assessments::AssessmentView;

/// The change per employability area across a participant's forms.
pub fn journey_of(forms: &[AssessmentView]) -> Vec<AreaJourney> {
    let dated: Vec<_> = forms.iter().map(|f| (f.assessed_on, f.scores.clone())).collect();
    journey(&dated)
}
