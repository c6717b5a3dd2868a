//! Inputs of the pathway actions. The same types are read from JSON bodies and
//! from HTML forms (where blank fields are dropped and the CSRF token removed),
//! so both surfaces accept exactly the same fields.

use filiera_domain::ValidationErrors;
use filiera_domain::ids::{
    FundingStreamId, InterventionId, OrganisationId, ParticipantId, ProgrammeId, RoundId, ServiceId, UserId,
};
use filiera_domain::pathways::assessment::{AssessmentDraft, EmployabilityArea, Vulnerability};
use filiera_domain::pathways::closure::{ClosureDraft, Outcome};
use filiera_domain::pathways::household::{EmploymentStatus, Gender, MemberDraft, Relationship};
use filiera_domain::pathways::path::PathState;
use filiera_domain::pathways::project::{ActivityKind, InterventionStatus, ObjectiveStatus, Profession};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use time::Date;
use utoipa::ToSchema;

/// Accepts JSON booleans and the words HTML forms send (`on`, `yes`, `true`, `no`, `false`).
fn flexible_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flexible {
        Bool(bool),
        Text(String),
    }
    match Option::<Flexible>::deserialize(deserializer)? {
        None => Ok(None),
        Some(Flexible::Bool(b)) => Ok(Some(b)),
        Some(Flexible::Text(t)) => match t.to_lowercase().as_str() {
            "on" | "yes" | "true" | "1" => Ok(Some(true)),
            "no" | "false" | "0" | "off" => Ok(Some(false)),
            "" | "unknown" => Ok(None),
            other => Err(serde::de::Error::custom(format!("`{other}` is not yes or no"))),
        },
    }
}

/// Parses an optional ISO date, recording a field error.
pub fn date_field(errors: &mut ValidationErrors, field: &str, text: Option<&str>) -> Option<Date> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    filiera_domain::validation::date(errors, field, text)
}

fn list(text: Option<&str>) -> Vec<String> {
    text.unwrap_or("")
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A person's data: a new household's reference person (with the household
/// fields) or a member added to an existing household (without them).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = HouseholdMemberInput)]
#[serde(deny_unknown_fields)]
pub struct MemberInput {
    /// New households only: the public agency in charge.
    pub agency_id: Option<OrganisationId>,
    /// New households only.
    pub residence_municipality: Option<String>,
    /// New households only.
    pub residence_address: Option<String>,
    /// Set after being shown possible duplicates: this is a different person.
    #[serde(default, deserialize_with = "flexible_bool")]
    pub confirm_not_duplicate: Option<bool>,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    pub tax_code: Option<String>,
    #[schema(value_type = Option<String>, example = "child")]
    pub relationship: Option<Relationship>,
    /// YYYY-MM-DD
    pub birth_date: Option<String>,
    #[schema(value_type = Option<String>, example = "F")]
    pub gender: Option<Gender>,
    /// ISO 3166-1 alpha-2, e.g. IT
    pub country_of_birth: Option<String>,
    pub citizenship: Option<String>,
    /// Comma-separated.
    pub languages: Option<String>,
    /// ISCED 2011 level, 0–8.
    pub education_level: Option<i64>,
    #[schema(value_type = Option<String>, example = "unemployed")]
    pub employment_status: Option<EmploymentStatus>,
    #[serde(default, deserialize_with = "flexible_bool")]
    pub minimum_income: Option<bool>,
    #[serde(default, deserialize_with = "flexible_bool")]
    pub disability: Option<bool>,
    #[serde(default, deserialize_with = "flexible_bool")]
    pub single_parent: Option<bool>,
    /// Comma-separated professional interests (used by the interest-fit guard).
    pub interests: Option<String>,
    /// Voluntary ESF+ datum: homeless or affected by housing exclusion (yes / no; absent: not declared).
    #[serde(default, deserialize_with = "flexible_bool")]
    pub housing_exclusion: Option<bool>,
    /// Voluntary ESF+ datum and special-category data (GDPR art. 9): belongs to a
    /// minority, only as declared by the person (yes / no; absent: not declared).
    #[serde(default, deserialize_with = "flexible_bool")]
    pub minority: Option<bool>,
}

impl MemberInput {
    pub fn into_draft(self) -> Result<MemberDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let birth_date = date_field(&mut errors, "birth_date", self.birth_date.as_deref());
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(MemberDraft {
            first_name: self.first_name,
            last_name: self.last_name,
            tax_code: self.tax_code,
            relationship: self.relationship,
            birth_date,
            gender: self.gender,
            country_of_birth: self.country_of_birth,
            citizenship: self.citizenship,
            languages: list(self.languages.as_deref()),
            education_level: self.education_level,
            employment_status: self.employment_status,
            minimum_income: self.minimum_income,
            disability: self.disability,
            single_parent: self.single_parent,
            interests: list(self.interests.as_deref()),
            housing_exclusion: self.housing_exclusion,
            minority: self.minority,
        })
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenPathInput {
    pub participant_id: ParticipantId,
    pub programme_id: ProgrammeId,
    pub round_id: Option<RoundId>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MovePathInput {
    #[schema(value_type = String, example = "first_interview")]
    pub to: PathState,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoverInput {
    pub user_id: UserId,
    pub handover_note: Option<String>,
}

/// An Access and Evaluation Form. Scores are given per area (`score_<area>` in
/// forms, `scores` in JSON).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentInput {
    pub assessed_on: Option<String>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub scores: BTreeMap<EmployabilityArea, i64>,
    pub score_personal_conditions: Option<i64>,
    pub score_family_conditions: Option<i64>,
    pub score_economic_situation: Option<i64>,
    pub score_education_and_skills: Option<i64>,
    pub score_communication_skills: Option<i64>,
    pub score_italian_language: Option<i64>,
    pub score_digital_skills: Option<i64>,
    pub score_employment_stability: Option<i64>,
    pub score_transversal_skills: Option<i64>,
    pub score_autonomy_of_movement: Option<i64>,
    /// Special-category data: visible only to the social worker in charge, the psychologist and the programme manager.
    pub health_notes: Option<String>,
    pub family_composition: Option<String>,
    /// Comma-separated checklist values, e.g. `single_parent,debt`.
    pub vulnerabilities: Option<String>,
    pub vulnerabilities_other: Option<String>,
    pub past_work: Option<String>,
    pub skills: Option<String>,
    pub work_difficulties: Option<String>,
    pub interests: Option<String>,
    pub aspirations: Option<String>,
    pub suggested_interventions: Option<String>,
}

impl AssessmentInput {
    pub fn into_draft(self) -> Result<AssessmentDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let assessed_on = date_field(&mut errors, "assessed_on", self.assessed_on.as_deref());
        let mut scores = self.scores;
        let form_scores = [
            (EmployabilityArea::PersonalConditions, self.score_personal_conditions),
            (EmployabilityArea::FamilyConditions, self.score_family_conditions),
            (EmployabilityArea::EconomicSituation, self.score_economic_situation),
            (EmployabilityArea::EducationAndSkills, self.score_education_and_skills),
            (EmployabilityArea::CommunicationSkills, self.score_communication_skills),
            (EmployabilityArea::ItalianLanguage, self.score_italian_language),
            (EmployabilityArea::DigitalSkills, self.score_digital_skills),
            (EmployabilityArea::EmploymentStability, self.score_employment_stability),
            (EmployabilityArea::TransversalSkills, self.score_transversal_skills),
            (EmployabilityArea::AutonomyOfMovement, self.score_autonomy_of_movement),
        ];
        for (area, score) in form_scores {
            if let Some(score) = score {
                scores.insert(area, score);
            }
        }
        let mut vulnerabilities = Vec::new();
        for word in list(self.vulnerabilities.as_deref()) {
            match word.parse::<Vulnerability>() {
                Ok(v) => vulnerabilities.push(v),
                Err(message) => errors.add("vulnerabilities", message),
            }
        }
        let text = |t: Option<String>| t.unwrap_or_default();
        errors.into_result(AssessmentDraft {
            assessed_on,
            scores,
            health_notes: self.health_notes,
            family_composition: text(self.family_composition),
            vulnerabilities,
            vulnerabilities_other: text(self.vulnerabilities_other),
            past_work: text(self.past_work),
            skills: text(self.skills),
            work_difficulties: text(self.work_difficulties),
            interests: text(self.interests),
            aspirations: text(self.aspirations),
            suggested_interventions: text(self.suggested_interventions),
        })
    }
}

/// Start the household's project after the second interview.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProjectInput {
    pub programme_id: ProgrammeId,
    pub round_id: Option<RoundId>,
    pub cooperative_id: Option<OrganisationId>,
    pub focus_participant_id: ParticipantId,
    pub case_manager_id: Option<UserId>,
    pub started_on: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FocusInput {
    pub participant_id: ParticipantId,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OperatorInput {
    pub user_id: UserId,
    #[schema(value_type = String, example = "psychologist")]
    pub profession: Profession,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveInput {
    #[serde(default)]
    pub text: String,
    pub target_date: Option<String>,
    pub measure: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveStatusInput {
    #[schema(value_type = String, example = "achieved")]
    pub status: ObjectiveStatus,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterventionInput {
    pub participant_id: ParticipantId,
    pub service_id: ServiceId,
    pub round_id: Option<RoundId>,
    pub funding_stream_id: Option<FundingStreamId>,
    pub planned_start: Option<String>,
    pub planned_end: Option<String>,
    /// Planned hours.
    pub hours: Option<i64>,
    /// Cost in euro cents.
    pub cost_cents: Option<i64>,
    /// Required when a training course matches none of the person's interests.
    pub justification: Option<String>,
    /// When the service is full: put the person on the waiting list instead.
    #[serde(default, deserialize_with = "flexible_bool")]
    pub join_waiting_list: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterventionStatusInput {
    #[schema(value_type = String, example = "active")]
    pub status: InterventionStatus,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    #[schema(value_type = String, example = "home_visit")]
    pub kind: ActivityKind,
    pub occurred_on: Option<String>,
    pub minutes: Option<i64>,
    pub participant_id: Option<ParticipantId>,
    pub intervention_id: Option<InterventionId>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestInput {
    /// `household` or `operator`.
    pub from_kind: String,
    #[serde(default)]
    pub text: String,
    pub opened_on: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    #[serde(default)]
    pub answer: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosureInput {
    pub closed_on: Option<String>,
    pub objectives_achieved: Option<String>,
    pub skills_acquired: Option<String>,
    pub critical_issues: Option<String>,
    pub resources_activated: Option<String>,
    #[schema(value_type = Option<String>, example = "hired_by_host_firm")]
    pub outcome: Option<Outcome>,
}

impl ClosureInput {
    pub fn into_draft(self) -> Result<ClosureDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let closed_on = date_field(&mut errors, "closed_on", self.closed_on.as_deref());
        errors.into_result(ClosureDraft {
            closed_on,
            objectives_achieved: self.objectives_achieved.unwrap_or_default(),
            skills_acquired: self.skills_acquired.unwrap_or_default(),
            critical_issues: self.critical_issues.unwrap_or_default(),
            resources_activated: self.resources_activated.unwrap_or_default(),
            outcome: self.outcome,
        })
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = ProjectFollowUpInput)]
#[serde(deny_unknown_fields)]
pub struct FollowUpInput {
    pub participant_id: ParticipantId,
    /// 6 or 12.
    pub months: i64,
    pub recorded_on: Option<String>,
    #[schema(value_type = String, example = "employed")]
    pub employment_status: EmploymentStatus,
    pub note: Option<String>,
}
