//! A household's timeline, read in one statement: a `UNION ALL` of one
//! `SELECT` per kind of record (path events, interviews, forms, handovers,
//! requests and answers, interventions, activities, focus changes, closures,
//! follow-ups), each in the same eleven columns. A kind filter keeps only that
//! kind's `SELECT`.
//!
//! The order and the page are the domain's (`pathways::timeline::order`):
//! an entry recorded only as an instant belongs to that instant's day in
//! Rome, which neither engine can compute in SQL alike; a household's history
//! is a few hundred rows at most, so it is sorted whole and then paged.

use crate::{AuditEvent, Page, PageRequest, Result, Store, audit_log};
use filiera_domain::ids::HouseholdId;
use filiera_domain::pathways::timeline::{TimelineEntry, TimelineKind, order};
use time::{Date, OffsetDateTime};

/// Whether a form's health notes come with the timeline. Reading them is
/// audited, so the reader must be named.
#[derive(Debug, Clone, Copy)]
pub enum HealthNotes<'a> {
    Withheld,
    ReadBy(&'a crate::Actor),
}

/// What part of the timeline to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct TimelineQuery {
    /// Only entries of this kind.
    pub kind: Option<TimelineKind>,
    pub page: PageRequest,
}

/// The columns every kind's `SELECT` returns, in order.
const COLUMNS: [&str; 11] = [
    "kind",
    "id",
    "on_date",
    "at",
    "author",
    "subject",
    "detail",
    "summary",
    "note",
    "health_note",
    "has_health_note",
];

const NONE: &str = "CAST(NULL AS TEXT)";
const NAME: &str = "p.first_name || ' ' || p.last_name";
const NO_HEALTH: &str = "CAST(0 AS BIGINT)";

/// One kind's `SELECT`: the values of [`COLUMNS`] (named, so a statement of
/// one kind decodes like the union of all) and the rest of the query, where
/// `$1` is the household.
fn select(values: [&str; 11], from: &str) -> String {
    let columns: Vec<String> = values
        .iter()
        .zip(COLUMNS)
        .map(|(value, name)| format!("{value} AS {name}"))
        .collect();
    format!("SELECT {} {from}", columns.join(", "))
}

/// The `SELECT` of one kind: kind, id, the date the user gave (or NULL), the
/// instant recorded (or NULL), author, subject, detail, summary, note, and
/// the health notes (`health`, a column or NULL) with whether there are any.
fn select_of(kind: TimelineKind, health: &str) -> String {
    use TimelineKind::*;
    let word = format!("CAST('{}' AS TEXT)", kind.as_str());
    let k = word.as_str();
    match kind {
        StateChange => select(
            [
                k,
                "e.id",
                NONE,
                "e.at",
                "u.display_name",
                NAME,
                "e.to_state",
                "pr.name",
                "e.reason",
                NONE,
                NO_HEALTH,
            ],
            "FROM path_events e JOIN paths pa ON pa.id = e.path_id JOIN participants p ON p.id = pa.participant_id \
             JOIN programmes pr ON pr.id = pa.programme_id LEFT JOIN users u ON u.id = e.actor_user_id \
             WHERE p.household_id = $1",
        ),
        Interview => select(
            [
                k,
                "i.id",
                "i.held_on",
                "i.recorded_at",
                "u.display_name",
                NAME,
                "i.path_step",
                "i.attendees",
                "NULLIF(i.notes, '')",
                NONE,
                NO_HEALTH,
            ],
            "FROM interviews i LEFT JOIN participants p ON p.id = i.participant_id \
             LEFT JOIN users u ON u.id = i.recorded_by WHERE i.household_id = $1",
        ),
        Assessment => select(
            [
                k,
                "a.id",
                "a.assessed_on",
                "a.signed_at",
                "u.display_name",
                NAME,
                NONE,
                NONE,
                "NULLIF(a.suggested_interventions, '')",
                health,
                "CAST(CASE WHEN n.assessment_id IS NULL THEN 0 ELSE 1 END AS BIGINT)",
            ],
            "FROM assessments a JOIN participants p ON p.id = a.participant_id \
             LEFT JOIN users u ON u.id = a.author_user_id LEFT JOIN health_notes n ON n.assessment_id = a.id \
             WHERE p.household_id = $1",
        ),
        Handover => select(
            [
                k,
                "s.id",
                NONE,
                "s.from_at",
                "actor.display_name",
                "u.display_name",
                "s.role",
                NONE,
                "s.handover_note",
                NONE,
                NO_HEALTH,
            ],
            "FROM assignments s JOIN users u ON u.id = s.user_id LEFT JOIN users actor ON actor.id = s.actor_user_id \
             WHERE s.household_id = $1",
        ),
        Request => select(
            [
                k,
                "r.id",
                "r.opened_on",
                NONE,
                "f.display_name",
                NONE,
                "r.from_kind",
                "r.due_on",
                "r.text",
                NONE,
                NO_HEALTH,
            ],
            "FROM requests r LEFT JOIN users f ON f.id = r.from_user_id WHERE r.household_id = $1",
        ),
        Answer => select(
            [
                k,
                "r.id",
                NONE,
                "r.answered_at",
                "a.display_name",
                NONE,
                NONE,
                "r.text",
                "r.answer",
                NONE,
                NO_HEALTH,
            ],
            "FROM requests r LEFT JOIN users a ON a.id = r.answered_by \
             WHERE r.household_id = $1 AND r.answered_at IS NOT NULL",
        ),
        Intervention => select(
            [
                k,
                "iv.id",
                NONE,
                "iv.created_at",
                "u.display_name",
                NAME,
                "iv.status",
                "s.name",
                "COALESCE(iv.status_reason, iv.justification)",
                NONE,
                NO_HEALTH,
            ],
            "FROM interventions iv JOIN participants p ON p.id = iv.participant_id \
             JOIN services s ON s.id = iv.service_id LEFT JOIN users u ON u.id = iv.created_by \
             WHERE p.household_id = $1",
        ),
        Activity => select(
            [
                k,
                "e.id",
                "e.occurred_on",
                "e.created_at",
                "u.display_name",
                NAME,
                "e.kind",
                NONE,
                "NULLIF(e.text, '')",
                NONE,
                NO_HEALTH,
            ],
            "FROM activity_entries e JOIN projects pj ON pj.id = e.project_id \
             LEFT JOIN participants p ON p.id = e.participant_id LEFT JOIN users u ON u.id = e.author_user_id \
             WHERE pj.household_id = $1",
        ),
        FocusChange => select(
            [
                k,
                "f.id",
                NONE,
                "f.at",
                "u.display_name",
                NAME,
                NONE,
                NONE,
                "f.reason",
                NONE,
                NO_HEALTH,
            ],
            "FROM project_focus_history f JOIN projects pj ON pj.id = f.project_id \
             JOIN participants p ON p.id = f.participant_id LEFT JOIN users u ON u.id = f.actor_user_id \
             WHERE pj.household_id = $1",
        ),
        Closure => select(
            [
                k,
                "c.project_id",
                "c.closed_on",
                "c.created_at",
                "u.display_name",
                NONE,
                "c.outcome",
                "pr.name",
                "c.objectives_achieved",
                NONE,
                NO_HEALTH,
            ],
            "FROM closures c JOIN projects pj ON pj.id = c.project_id JOIN programmes pr ON pr.id = pj.programme_id \
             LEFT JOIN users u ON u.id = c.author_user_id WHERE pj.household_id = $1",
        ),
        FollowUp => select(
            [
                k,
                "fu.id",
                "fu.recorded_on",
                NONE,
                "u.display_name",
                NAME,
                "fu.employment_status",
                "CAST(fu.months AS TEXT)",
                "NULLIF(fu.note, '')",
                NONE,
                NO_HEALTH,
            ],
            "FROM follow_ups fu JOIN projects pj ON pj.id = fu.project_id \
             JOIN participants p ON p.id = fu.participant_id LEFT JOIN users u ON u.id = fu.author_user_id \
             WHERE pj.household_id = $1",
        ),
    }
}

/// The statement for the kinds asked, in the order of the kinds.
pub(crate) fn statement(kind: Option<TimelineKind>, health: bool) -> String {
    let kinds: Vec<TimelineKind> = match kind {
        Some(kind) => vec![kind],
        None => TimelineKind::ALL.to_vec(),
    };
    let health_column = if health { "n.notes" } else { NONE };
    kinds
        .into_iter()
        .map(|kind| select_of(kind, health_column))
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

#[derive(sqlx::FromRow)]
struct Row {
    kind: String,
    id: i64,
    #[sqlx(try_from = "crate::columns::OptionalDateText")]
    on_date: Option<Date>,
    #[sqlx(try_from = "crate::columns::OptionalInstantText")]
    at: Option<OffsetDateTime>,
    author: Option<String>,
    subject: Option<String>,
    detail: Option<String>,
    summary: Option<String>,
    note: Option<String>,
    health_note: Option<String>,
    has_health_note: i64,
}

impl Row {
    fn into_entry(self) -> Result<TimelineEntry> {
        let kind: TimelineKind = self.kind.parse().map_err(crate::StorageError::corrupt)?;
        let mut entry = TimelineEntry::new(kind, self.id, self.on_date, self.at);
        entry.author = self.author;
        entry.subject = self.subject;
        entry.detail = self.detail;
        entry.summary = self.summary;
        entry.note = self.note;
        entry.health_note = self.health_note;
        entry.has_health_note = self.has_health_note != 0;
        Ok(entry)
    }
}

/// One page of the household's timeline, newest first. With
/// [`HealthNotes::ReadBy`], the forms' health notes come with it, and a page
/// that shows any is written to the audit log (`health_note.read`) before it
/// is returned. The caller has checked the policy.
pub async fn timeline(
    store: &Store,
    household_id: HouseholdId,
    query: TimelineQuery,
    health: HealthNotes<'_>,
) -> Result<Page<TimelineEntry>> {
    let reader = match health {
        HealthNotes::ReadBy(actor) => Some(actor),
        HealthNotes::Withheld => None,
    };
    let rows: Vec<Row> = sqlx::query_as(&statement(query.kind, reader.is_some()))
        .bind(household_id)
        .fetch_all(store.pool())
        .await?;
    let mut entries = rows.into_iter().map(Row::into_entry).collect::<Result<Vec<_>>>()?;
    order(&mut entries);
    let total = i64::try_from(entries.len()).unwrap_or(i64::MAX);
    let skip = usize::try_from(query.page.offset()).unwrap_or(usize::MAX);
    let take = usize::try_from(query.page.per_page).unwrap_or(0);
    let items: Vec<TimelineEntry> = entries.into_iter().skip(skip).take(take).collect();
    let read: Vec<i64> = items.iter().filter(|e| e.health_note.is_some()).map(|e| e.id).collect();
    if let (Some(actor), false) = (reader, read.is_empty()) {
        let (agency,): (i64,) = sqlx::query_as("SELECT agency_id FROM households WHERE id = $1")
            .bind(household_id)
            .fetch_one(store.pool())
            .await?;
        let event = AuditEvent::new("health_note.read", "household", household_id)
            .in_organisation(Some(agency))
            .with_detail(serde_json::json!({ "via": "timeline", "assessment_ids": read }));
        audit_log::record_read(store, actor, event).await?;
    }
    Ok(Page {
        items,
        total,
        page: query.page.page,
        per_page: query.page.per_page,
    })
}
