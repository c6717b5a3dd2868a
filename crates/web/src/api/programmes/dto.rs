//! What the programme API sends and receives.

use filiera_domain::ids::{FundingStreamId, OrganisationId, ProgrammeId, RoundId, ServiceId};
use filiera_domain::pathways::catalogue::ServiceKind;
use filiera_domain::pathways::household::{EmploymentStatus, Gender};
use filiera_storage::pathways::catalogue::Service;
use filiera_storage::pathways::programmes::{FundingStream, Programme, Round};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeInput {
    pub name: String,
    /// The public agency that owns the programme.
    pub agency_id: OrganisationId,
    #[serde(default)]
    pub description: String,
    /// Euros, e.g. `"793165.00"`.
    #[serde(default)]
    pub total_budget: String,
    /// The cooperatives delivering the interventions.
    #[serde(default)]
    pub cooperative_ids: Vec<OrganisationId>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundInput {
    pub number: i64,
    /// ISO date, e.g. `2020-10-01`.
    pub start_date: String,
    pub end_date: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FundingStreamInput {
    pub name: String,
    #[serde(default)]
    pub budget: String,
    /// An eligibility rule (see docs/eligibility-rules.md); absent admits everyone.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub eligibility: Option<serde_json::Value>,
    #[serde(default)]
    pub end_date: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoundDto {
    pub id: RoundId,
    pub number: i64,
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub start_date: Date,
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub end_date: Date,
}

impl From<Round> for RoundDto {
    fn from(r: Round) -> Self {
        RoundDto {
            id: r.id,
            number: r.number,
            start_date: r.start_date,
            end_date: r.end_date,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FundingStreamDto {
    pub id: FundingStreamId,
    pub name: String,
    pub budget_cents: i64,
    #[schema(value_type = Object)]
    pub eligibility: serde_json::Value,
    #[serde(with = "filiera_domain::time_format::iso_date::option")]
    pub end_date: Option<Date>,
}

impl From<FundingStream> for FundingStreamDto {
    fn from(s: FundingStream) -> Self {
        FundingStreamDto {
            id: s.id,
            name: s.name,
            budget_cents: s.budget_cents,
            eligibility: serde_json::to_value(&s.eligibility).unwrap_or_default(),
            end_date: s.end_date,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationRef {
    pub id: OrganisationId,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeDto {
    pub id: ProgrammeId,
    pub name: String,
    pub agency: OrganisationRef,
    pub description: String,
    pub total_budget_cents: i64,
    pub cooperatives: Vec<OrganisationRef>,
    pub rounds: Vec<RoundDto>,
    pub funding_streams: Vec<FundingStreamDto>,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub created_at: OffsetDateTime,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub updated_at: OffsetDateTime,
}

impl From<Programme> for ProgrammeDto {
    fn from(p: Programme) -> Self {
        ProgrammeDto {
            id: p.id,
            name: p.name,
            agency: OrganisationRef {
                id: p.agency_id,
                name: p.agency_name,
            },
            description: p.description,
            total_budget_cents: p.total_budget_cents,
            cooperatives: p
                .cooperatives
                .into_iter()
                .map(|(id, name)| OrganisationRef { id, name })
                .collect(),
            rounds: p.rounds.into_iter().map(RoundDto::from).collect(),
            funding_streams: p.funding_streams.into_iter().map(FundingStreamDto::from).collect(),
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// A person's recorded attributes, to check against the funding streams' rules.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    /// The date ages are measured on (default: the first round's start).
    pub on: Option<String>,
    pub birth_date: Option<String>,
    pub birth_year: Option<i32>,
    #[schema(value_type = Option<String>)]
    pub gender: Option<Gender>,
    pub country_of_birth: Option<String>,
    pub citizenship: Option<String>,
    pub residence_municipality: Option<String>,
    pub household_size: Option<u32>,
    pub single_parent: Option<bool>,
    pub minimum_income: Option<bool>,
    pub disability: Option<bool>,
    #[schema(value_type = Option<String>)]
    pub employment_status: Option<EmploymentStatus>,
    pub education_level: Option<u8>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StreamVerdict {
    pub funding_stream_id: FundingStreamId,
    pub funding_stream: String,
    pub verdict: filiera_domain::pathways::eligibility::Verdict,
    /// One line for a social worker.
    pub summary: String,
    pub explanation: filiera_domain::pathways::eligibility::Explanation,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceInput {
    pub code: String,
    pub name: String,
    /// internship, training_course, home_education_minors, basic_home_care, psychological_support, orientation or other.
    #[schema(value_type = String)]
    pub kind: ServiceKind,
    /// The offering organisation: the agency or a delivering cooperative.
    #[serde(default)]
    pub organisation_id: Option<OrganisationId>,
    #[serde(default)]
    pub description: String,
    /// Euros per participant.
    #[serde(default)]
    pub unit_cost: String,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub eligibility: Option<serde_json::Value>,
    /// ISCO-08 occupation code (internships only), e.g. `8344`.
    #[serde(default)]
    pub isco08: Option<String>,
    /// A firm of the registry hosting the internship.
    #[serde(default)]
    pub host_firm_id: Option<OrganisationId>,
    #[serde(default)]
    pub tutor_name: Option<String>,
    #[serde(default)]
    pub tutor_email: Option<String>,
    #[serde(default)]
    pub interest_tags: Vec<String>,
    /// Employability areas the service improves (e.g. `digital_skills`).
    #[serde(default)]
    pub improves_areas: Vec<String>,
    #[serde(default)]
    pub capacities: Vec<CapacityDto>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CapacityDto {
    pub round: u32,
    pub capacity: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceDto {
    pub id: ServiceId,
    pub programme_id: ProgrammeId,
    pub code: String,
    pub name: String,
    /// internship, training_course, home_education_minors, basic_home_care, psychological_support, orientation or other.
    #[schema(value_type = String)]
    pub kind: ServiceKind,
    pub organisation: Option<OrganisationRef>,
    pub description: String,
    pub unit_cost_cents: i64,
    pub minutes: i64,
    pub language: Option<String>,
    pub location: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub eligibility: Option<serde_json::Value>,
    pub isco08: Option<String>,
    pub host_firm: Option<OrganisationRef>,
    pub tutor_name: Option<String>,
    pub tutor_email: Option<String>,
    pub interest_tags: Vec<String>,
    pub improves_areas: Vec<String>,
    pub capacities: Vec<CapacityDto>,
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub archived_at: Option<OffsetDateTime>,
}

impl From<Service> for ServiceDto {
    fn from(s: Service) -> Self {
        let named = |id: Option<OrganisationId>, name: Option<String>| match (id, name) {
            (Some(id), Some(name)) => Some(OrganisationRef { id, name }),
            _ => None,
        };
        ServiceDto {
            id: s.id,
            programme_id: s.programme_id,
            code: s.code,
            name: s.name,
            kind: s.kind,
            organisation: named(s.organisation_id, s.organisation_name),
            description: s.description,
            unit_cost_cents: s.unit_cost_cents,
            minutes: s.minutes,
            language: s.language,
            location: s.location,
            eligibility: s.eligibility.and_then(|r| serde_json::to_value(r).ok()),
            isco08: s.isco08,
            host_firm: named(s.host_firm_id, s.host_firm_name),
            tutor_name: s.tutor_name,
            tutor_email: s.tutor_email,
            interest_tags: s.interest_tags,
            improves_areas: s.improves_areas,
            capacities: s
                .capacities
                .into_iter()
                .map(|(round, capacity)| CapacityDto {
                    round: u32::try_from(round).unwrap_or(0),
                    capacity,
                })
                .collect(),
            archived_at: s.archived_at,
        }
    }
}
