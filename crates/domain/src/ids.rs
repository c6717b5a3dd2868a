//! One id type per entity, so a household's id cannot be passed where a
//! programme's is expected. Each wraps the row id the database gave (`i64`),
//! reads and writes as that plain number in JSON, URLs and SQL, and converts
//! explicitly (`HouseholdId(7)`, `id.get()`).
//!
//! Agencies, consortia, cooperatives, host firms and funders are all rows of
//! one table, so they share [`OrganisationId`]; the field name says which
//! kind is meant (`agency_id`, `cooperative_id`). Likewise every person with an
//! account is a [`UserId`] (`social_worker_id`, `case_manager_id`).
//!
//! With the `sqlx` feature (enabled by the storage crate only) the ids bind and
//! decode as their integer on every backend; the domain itself stays free of
//! database code.

macro_rules! entity_ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = i64))]
        pub struct $name(pub i64);

        impl $name {
            /// The row id as stored.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.trim().parse().map($name)
            }
        }
    )*};
}

entity_ids! {
    /// A public agency, consortium, cooperative, host firm or funder.
    OrganisationId;
    /// A person with an account.
    UserId;
    /// An API token (not its secret).
    ApiTokenId;
    /// A programme (e.g. an ALI call) run by an agency.
    ProgrammeId;
    /// A round of a programme.
    RoundId;
    /// A funding stream of a programme.
    FundingStreamId;
    /// A service of the catalogue.
    ServiceId;
    /// A household (nucleo familiare) in the care of an agency.
    HouseholdId;
    /// A member of a household, the participant of a path.
    ParticipantId;
    /// A person's path through the programme.
    PathId;
    /// A multidimensional assessment.
    AssessmentId;
    /// A household's Personalised Individual Project.
    ProjectId;
    /// An objective of a project.
    ObjectiveId;
    /// An intervention of a project.
    InterventionId;
    /// A request between organisations (activation, information, handover).
    RequestId;
    /// An entry of the activity register.
    ActivityEntryId;
    /// An interview with a household (first, second or a later meeting).
    InterviewId;
    /// A worker of a cooperative's register.
    WorkerId;
    /// A production order of a Type B cooperative.
    OrderId;
    /// A step of a production order.
    TaskId;
    /// A weekly allocation of workers to tasks.
    AllocationId;
    /// A provider's report to a programme.
    ProviderReportId;
    /// A reimbursement claim.
    ClaimId;
    /// A member of a consortium's cooperative register.
    CooperativeMemberId;
    /// A movement of a consortium's ledger.
    LedgerMovementId;
    /// A member of a comparison group.
    ComparisonMemberId;
    /// A document attached to a participant, a project or a worker.
    DocumentId;
    /// An in-app notification to one user.
    NotificationId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_and_writes_as_its_number() {
        let id: HouseholdId = serde_json::from_str("42").unwrap();
        assert_eq!(id, HouseholdId(42));
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(" 7 ".parse::<ProgrammeId>(), Ok(ProgrammeId(7)));
        assert!("seven".parse::<ProgrammeId>().is_err());
        assert_eq!(i64::from(UserId(3)), 3);
        assert_eq!(OrganisationId(5).to_string(), "5");
    }
}
