//! The comparison group of a programme (eligible people not selected), their
//! follow-ups, and the outcome report against the participants.

use crate::constraint::{UniqueRule, on_unique};
use crate::{AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ValidationErrors;
use filiera_domain::evidence::comparison::{OutcomeRow, ValidComparisonMember, check_follow_up, outcome_row, rate_of};
use filiera_domain::ids::ComparisonMemberId;
use filiera_domain::ids::{OrganisationId, ParticipantId, ProgrammeId, RoundId};
use filiera_domain::msg;
use filiera_domain::pathways::closure::FOLLOW_UP_MONTHS;
use filiera_domain::pathways::household::EmploymentStatus;
use serde::Serialize;
use serde_json::json;
use time::Date;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComparisonMember {
    pub id: ComparisonMemberId,
    pub programme_id: ProgrammeId,
    pub round_id: Option<RoundId>,
    pub reference: String,
    pub gender: Option<String>,
    pub birth_year: Option<i64>,
    pub employment_status: Option<String>,
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub reference_date: Date,
    pub not_selected_reason: String,
    /// Employment status at 6 and at 12 months, when recorded.
    pub status_at_6: Option<String>,
    pub status_at_12: Option<String>,
}

type MemberRow = (
    ComparisonMemberId,
    ProgrammeId,
    Option<RoundId>,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
);

const SELECT_MEMBER: &str = "SELECT m.id, m.programme_id, m.round_id, m.reference, m.gender, m.birth_year, \
     m.employment_status, m.reference_date, m.not_selected_reason, \
     (SELECT f.employment_status FROM comparison_follow_ups f WHERE f.member_id = m.id AND f.months = 6), \
     (SELECT f.employment_status FROM comparison_follow_ups f WHERE f.member_id = m.id AND f.months = 12) \
     FROM comparison_members m";

fn member_from_row(row: MemberRow) -> Result<ComparisonMember> {
    let (id, programme_id, round_id, reference, gender, birth_year, status, date, reason, at_6, at_12) = row;
    Ok(ComparisonMember {
        id,
        programme_id,
        round_id,
        reference,
        gender,
        birth_year,
        employment_status: status,
        reference_date: crate::columns::date(&date)?,
        not_selected_reason: reason,
        status_at_6: at_6,
        status_at_12: at_12,
    })
}

pub async fn members(store: &Store, programme_id: ProgrammeId) -> Result<Vec<ComparisonMember>> {
    let rows: Vec<MemberRow> = sqlx::query_as(&format!(
        "{SELECT_MEMBER} WHERE m.programme_id = $1 ORDER BY m.reference"
    ))
    .bind(programme_id)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter().map(member_from_row).collect()
}

pub async fn member(store: &Store, member_id: ComparisonMemberId) -> Result<ComparisonMember> {
    let mut conn = store.pool().acquire().await?;
    fetch_member(&mut conn, member_id).await
}

/// A member as the unit sees it (just added, not yet committed).
pub async fn member_in(unit: &mut Unit, member_id: ComparisonMemberId) -> Result<ComparisonMember> {
    fetch_member(unit.conn(), member_id).await
}

async fn fetch_member(conn: &mut sqlx::AnyConnection, member_id: ComparisonMemberId) -> Result<ComparisonMember> {
    let row: MemberRow = sqlx::query_as(&format!("{SELECT_MEMBER} WHERE m.id = $1"))
        .bind(member_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StorageError::NotFound {
            what: "comparison group member",
        })?;
    member_from_row(row)
}

const UNIQUE_RULES: &[UniqueRule] = &[UniqueRule {
    constraint: "comparison_members_reference_unique",
    sqlite_columns: "comparison_members.programme_id, comparison_members.reference",
    field: "reference",
    message: msg!("error-comparison-code-taken"),
}];

/// Adds an eligible person who was not selected; `agency_id` is the programme's owner, for the audit log.
pub async fn add_member(
    unit: &mut Unit,
    programme_id: ProgrammeId,
    agency_id: OrganisationId,
    round_id: Option<RoundId>,
    member: &ValidComparisonMember,
) -> Result<ComparisonMemberId> {
    insert_member(unit, programme_id, agency_id, round_id, None, member).await
}

/// [`add_member`], for a person known in filiera (`participant_id`) too.
pub(super) async fn insert_member(
    unit: &mut Unit,
    programme_id: ProgrammeId,
    agency_id: OrganisationId,
    round_id: Option<RoundId>,
    participant_id: Option<ParticipantId>,
    member: &ValidComparisonMember,
) -> Result<ComparisonMemberId> {
    if let Some(round_id) = round_id {
        let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM rounds WHERE id = $1 AND programme_id = $2")
            .bind(round_id)
            .bind(programme_id)
            .fetch_optional(unit.conn())
            .await?;
        if found.is_none() {
            return Err(StorageError::Invalid(ValidationErrors::single(
                "round_id",
                msg!("error-round-not-in-programme"),
            )));
        }
    }
    let inserted: std::result::Result<(ComparisonMemberId,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO comparison_members (programme_id, round_id, reference, gender, birth_year, employment_status, \
         reference_date, not_selected_reason, created_at, created_by, participant_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(programme_id)
    .bind(round_id)
    .bind(&member.reference)
    .bind(member.gender.map(|g| g.as_str()))
    .bind(member.birth_year.map(i64::from))
    .bind(member.employment_status.map(|s| s.as_str()))
    .bind(member.reference_date.to_string())
    .bind(&member.not_selected_reason)
    .bind(now_text())
    .bind(unit.actor().user_id)
    .bind(participant_id)
    .fetch_one(unit.conn())
    .await;
    let (id,) = inserted.map_err(|e| on_unique(e, UNIQUE_RULES))?;
    unit.record(
        AuditEvent::new("comparison.add", "comparison_member", id)
            .in_organisation(Some(agency_id.get()))
            .with_detail(json!({"programme_id": programme_id})),
    )
    .await?;
    Ok(id)
}

/// Records a member's employment status at 6 or 12 months.
pub async fn record_follow_up(
    unit: &mut Unit,
    member: &ComparisonMember,
    agency_id: OrganisationId,
    months: i64,
    recorded_on: Date,
    status: EmploymentStatus,
    today: Date,
) -> Result<()> {
    check_follow_up(member.reference_date, months, recorded_on, today).map_err(StorageError::Invalid)?;
    let inserted = sqlx::query(
        "INSERT INTO comparison_follow_ups (member_id, months, recorded_on, employment_status, author_user_id) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(member.id)
    .bind(months)
    .bind(recorded_on.to_string())
    .bind(status.as_str())
    .bind(unit.actor().user_id)
    .execute(unit.conn())
    .await;
    inserted.map_err(|e| {
        on_unique(
            e,
            &[UniqueRule {
                constraint: "comparison_follow_ups_once",
                sqlite_columns: "comparison_follow_ups.member_id, comparison_follow_ups.months",
                field: "months",
                message: msg!("error-follow-up-recorded"),
            }],
        )
    })?;
    unit.record(
        AuditEvent::new("comparison.follow_up", "comparison_member", member.id)
            .in_organisation(Some(agency_id.get()))
            .with_detail(json!({"months": months})),
    )
    .await
}

/// Employment at 6 and 12 months: participants (follow-ups after closure) against the comparison group.
pub async fn outcome_report(store: &Store, programme_id: ProgrammeId) -> Result<Vec<OutcomeRow>> {
    let mut rows = Vec::new();
    for months in FOLLOW_UP_MONTHS {
        let participants: Vec<(String,)> = sqlx::query_as(
            "SELECT f.employment_status FROM follow_ups f JOIN projects pr ON pr.id = f.project_id \
             WHERE pr.programme_id = $1 AND f.months = $2",
        )
        .bind(programme_id)
        .bind(months)
        .fetch_all(store.pool())
        .await?;
        let comparison: Vec<(String,)> = sqlx::query_as(
            "SELECT f.employment_status FROM comparison_follow_ups f JOIN comparison_members m ON m.id = f.member_id \
             WHERE m.programme_id = $1 AND f.months = $2",
        )
        .bind(programme_id)
        .bind(months)
        .fetch_all(store.pool())
        .await?;
        let statuses = |rows: Vec<(String,)>| -> Vec<EmploymentStatus> {
            rows.into_iter().filter_map(|(s,)| s.parse().ok()).collect()
        };
        rows.push(outcome_row(
            months,
            rate_of(statuses(participants)),
            rate_of(statuses(comparison)),
        ));
    }
    Ok(rows)
}
