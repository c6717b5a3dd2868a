//! The Access and Evaluation Form (scheda di accesso e valutazione): filled in
//! at the first interview and repeatable, each dated and signed by its author.
//! Its core is the employability assessment: a score per area on a scale.

use super::household::word_enum;
use crate::msg;
use crate::validation::{ValidationErrors, check_text, optional_long_text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

word_enum!(
    /// The ten areas of the employability assessment used in ALI.
    EmployabilityArea {
        PersonalConditions => "personal_conditions",
        FamilyConditions => "family_conditions",
        EconomicSituation => "economic_situation",
        EducationAndSkills => "education_and_skills",
        CommunicationSkills => "communication_skills",
        ItalianLanguage => "italian_language",
        DigitalSkills => "digital_skills",
        EmploymentStability => "employment_stability",
        TransversalSkills => "transversal_skills",
        AutonomyOfMovement => "autonomy_of_movement",
    }
);

word_enum!(
    /// The vulnerabilities checklist of the form.
    Vulnerability {
        SingleParent => "single_parent",
        FragileRelative => "fragile_relative",
        LowOrObsoleteSkills => "low_or_obsolete_skills",
        LanguageBarrier => "language_barrier",
        HousingPrecarity => "housing_precarity",
        Debt => "debt",
        RelationalIsolation => "relational_isolation",
        PsychologicalDistress => "psychological_distress",
        Unemployment => "unemployment",
    }
);

/// The scoring scale, configurable per programme: by default 1–5, each level
/// with a description so two social workers score alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale {
    pub min: i64,
    pub max: i64,
    pub levels: Vec<String>,
}

impl Default for Scale {
    fn default() -> Self {
        Scale {
            min: 1,
            max: 5,
            levels: vec![
                "1 — severe obstacle".into(),
                "2 — significant obstacle".into(),
                "3 — partial obstacle".into(),
                "4 — minor obstacle".into(),
                "5 — resource".into(),
            ],
        }
    }
}

impl Scale {
    pub fn contains(&self, score: i64) -> bool {
        (self.min..=self.max).contains(&score)
    }
}

/// The form as entered. Health notes are part of it but stored apart (GDPR art. 9).
#[derive(Debug, Clone, Default)]
pub struct AssessmentDraft {
    pub assessed_on: Option<Date>,
    pub scores: BTreeMap<EmployabilityArea, i64>,
    pub health_notes: Option<String>,
    pub family_composition: String,
    pub vulnerabilities: Vec<Vulnerability>,
    pub vulnerabilities_other: String,
    pub past_work: String,
    pub skills: String,
    pub work_difficulties: String,
    pub interests: String,
    pub aspirations: String,
    pub suggested_interventions: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAssessment {
    pub assessed_on: Date,
    pub scale: Scale,
    pub scores: BTreeMap<EmployabilityArea, i64>,
    pub health_notes: Option<String>,
    pub family_composition: String,
    pub vulnerabilities: Vec<Vulnerability>,
    pub vulnerabilities_other: String,
    pub past_work: String,
    pub skills: String,
    pub work_difficulties: String,
    pub interests: String,
    pub aspirations: String,
    pub suggested_interventions: String,
}

const MAX_TEXT: usize = 4000;

impl AssessmentDraft {
    /// Every area must be scored within the scale; the date may not be in the future.
    pub fn validate(self, scale: &Scale, today: Date) -> Result<ValidAssessment, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let assessed_on = match self.assessed_on {
            Some(date) if date > today => {
                errors.add("assessed_on", msg!("error-assessment-in-future"));
                today
            }
            Some(date) => crate::bounds::check_date(date).unwrap_or_else(|message| {
                errors.add("assessed_on", message);
                today
            }),
            None => {
                errors.add("assessed_on", msg!("error-required"));
                today
            }
        };
        for area in EmployabilityArea::ALL {
            match self.scores.get(area) {
                None => errors.add(&format!("score.{area}"), msg!("error-score-every-area")),
                Some(score) if !scale.contains(*score) => errors.add(
                    &format!("score.{area}"),
                    msg!("error-between", min = scale.min, max = scale.max),
                ),
                Some(_) => {}
            }
        }
        let texts = [
            ("family_composition", &self.family_composition),
            ("vulnerabilities_other", &self.vulnerabilities_other),
            ("past_work", &self.past_work),
            ("skills", &self.skills),
            ("work_difficulties", &self.work_difficulties),
            ("interests", &self.interests),
            ("aspirations", &self.aspirations),
            ("suggested_interventions", &self.suggested_interventions),
        ];
        for (field, text) in texts {
            check_text(&mut errors, field, text.trim(), MAX_TEXT);
        }
        let mut vulnerabilities = self.vulnerabilities;
        vulnerabilities.sort_by_key(|v| v.as_str());
        vulnerabilities.dedup();
        let health_notes = optional_long_text(&mut errors, "health_notes", self.health_notes.as_deref());
        errors.into_result(ValidAssessment {
            assessed_on,
            scale: scale.clone(),
            scores: self.scores,
            health_notes,
            family_composition: self.family_composition.trim().to_owned(),
            vulnerabilities,
            vulnerabilities_other: self.vulnerabilities_other.trim().to_owned(),
            past_work: self.past_work.trim().to_owned(),
            skills: self.skills.trim().to_owned(),
            work_difficulties: self.work_difficulties.trim().to_owned(),
            interests: self.interests.trim().to_owned(),
            aspirations: self.aspirations.trim().to_owned(),
            suggested_interventions: self.suggested_interventions.trim().to_owned(),
        })
    }
}

/// One area's scores over successive assessments: the journey so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaJourney {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub area: EmployabilityArea,
    /// (date, score) in date order, each written `["2026-11-23", 3]`.
    #[serde(with = "crate::time_format::iso_date::pairs")]
    #[cfg_attr(feature = "openapi", schema(schema_with = date_score_points))]
    pub points: Vec<(Date, i64)>,
    /// Last score minus first score (positive = better).
    pub change: i64,
}

/// `[["2026-11-23", 3], …]`: pairs of an ISO date and a score.
#[cfg(feature = "openapi")]
fn date_score_points() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaType, Type};
    let date_or_score = ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::String, Type::Integer]));
    ArrayBuilder::new()
        .items(
            ArrayBuilder::new()
                .items(date_or_score)
                .min_items(Some(2))
                .max_items(Some(2)),
        )
        .build()
}

/// The change per area across assessments, given in any order.
pub fn journey(assessments: &[(Date, BTreeMap<EmployabilityArea, i64>)]) -> Vec<AreaJourney> {
    let mut ordered: Vec<&(Date, BTreeMap<EmployabilityArea, i64>)> = assessments.iter().collect();
    ordered.sort_by_key(|(date, _)| *date);
    EmployabilityArea::ALL
        .iter()
        .map(|area| {
            let points: Vec<(Date, i64)> = ordered
                .iter()
                .filter_map(|(date, scores)| scores.get(area).map(|s| (*date, *s)))
                .collect();
            let change = match (points.first(), points.last()) {
                (Some((_, first)), Some((_, last))) => last - first,
                _ => 0,
            };
            AreaJourney {
                area: *area,
                points,
                change,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn all_scored(score: i64) -> BTreeMap<EmployabilityArea, i64> {
        EmployabilityArea::ALL.iter().map(|a| (*a, score)).collect()
    }

    #[test]
    fn a_form_scoring_every_area_within_the_scale_is_accepted() {
        let draft = AssessmentDraft {
            assessed_on: Some(date!(2026 - 11 - 02)),
            scores: all_scored(3),
            ..Default::default()
        };
        assert!(draft.validate(&Scale::default(), date!(2026 - 11 - 23)).is_ok());
    }

    #[test]
    fn an_unscored_area_and_a_score_outside_the_scale_are_named() {
        let mut scores = all_scored(3);
        scores.remove(&EmployabilityArea::DigitalSkills);
        scores.insert(EmployabilityArea::ItalianLanguage, 7);
        let draft = AssessmentDraft {
            assessed_on: Some(date!(2026 - 11 - 02)),
            scores,
            ..Default::default()
        };
        let errors = draft.validate(&Scale::default(), date!(2026 - 11 - 23)).unwrap_err();
        assert!(errors.for_field("score.digital_skills").is_some());
        assert!(errors.for_field("score.italian_language").is_some());
    }

    #[test]
    fn the_journey_shows_the_change_per_area_in_date_order() {
        let mut later = all_scored(2);
        later.insert(EmployabilityArea::ItalianLanguage, 4);
        let assessments = vec![(date!(2026 - 06 - 01), later), (date!(2026 - 01 - 10), all_scored(2))];
        let journeys = journey(&assessments);
        let italian = journeys
            .iter()
            .find(|j| j.area == EmployabilityArea::ItalianLanguage)
            .unwrap();
        assert_eq!(italian.change, 2);
        assert_eq!(italian.points[0].0, date!(2026 - 01 - 10));
        assert!(
            journeys
                .iter()
                .filter(|j| j.area != EmployabilityArea::ItalianLanguage)
                .all(|j| j.change == 0)
        );
    }

    proptest! {
        #[test]
        fn validation_accepts_exactly_the_scores_inside_the_scale(score in -3i64..10) {
            let draft = AssessmentDraft { assessed_on: Some(date!(2026 - 11 - 02)), scores: all_scored(score), ..Default::default() };
            let accepted = draft.validate(&Scale::default(), date!(2026 - 11 - 23)).is_ok();
            prop_assert_eq!(accepted, (1..=5).contains(&score));
        }
    }
}
