//! In-app notifications. Each is written in the unit of work of the event
//! that causes it (a request opened, a household handed over, a provider
//! report submitted, approved or sent back), so an event is never stored
//! without its notifications nor a notification without its event. Who is
//! reached by each event is decided here, once; the person who caused the
//! event is never notified of it.
//!
//! What a notification says is a Fluent key and its arguments, rendered in the
//! reader's language when read.

use crate::{AuditEvent, Page, PageRequest, Result, StorageError, Store, Unit, now_text};
use filiera_domain::evidence::report_status::ReportAction;
use filiera_domain::ids::{HouseholdId, NotificationId, ProviderReportId, RequestId, UserId};
use filiera_domain::notification::NotificationKind;
use filiera_domain::policy::evidence::EvidenceAction;
use filiera_domain::policy::{Action, Relation, allowed};
use filiera_domain::role::Role;
use serde::Serialize;
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// A notification written in a unit of work, with what an e-mail about it
/// needs once the unit has committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: NotificationId,
    pub recipient: UserId,
    pub email: String,
    pub preferred_language: Option<String>,
    pub kind: NotificationKind,
    pub message_args: BTreeMap<String, String>,
    pub link: String,
}

/// A stored notification as its recipient reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    pub id: NotificationId,
    pub kind: NotificationKind,
    pub message_key: String,
    pub message_args: BTreeMap<String, String>,
    pub link: String,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub created_at: OffsetDateTime,
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub read_at: Option<OffsetDateTime>,
}

type Recipient = (UserId, String, Option<String>);

/// A report's quarter, programme, cooperative, agency, creator and submitter.
type ReportRow = (String, String, String, i64, Option<i64>, Option<i64>);

/// Writes one notification to each recipient (but never to the actor) and
/// returns the deliveries.
async fn notify(
    unit: &mut Unit,
    recipients: Vec<Recipient>,
    kind: NotificationKind,
    args: &[(&str, String)],
    link: &str,
) -> Result<Vec<Delivery>> {
    let actor = unit.actor().user_id;
    let message_args: BTreeMap<String, String> = args.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
    let args_json = serde_json::to_string(&message_args).map_err(StorageError::corrupt)?;
    let mut seen: Vec<UserId> = Vec::new();
    let mut deliveries = Vec::new();
    for (recipient, email, preferred_language) in recipients {
        if Some(recipient.get()) == actor || seen.contains(&recipient) {
            continue;
        }
        seen.push(recipient);
        let (id,): (NotificationId,) = sqlx::query_as(
            "INSERT INTO notifications (recipient_user_id, kind, message_key, message_args, link, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(recipient)
        .bind(kind.as_str())
        .bind(kind.message_key())
        .bind(&args_json)
        .bind(link)
        .bind(now_text())
        .fetch_one(unit.conn())
        .await?;
        deliveries.push(Delivery {
            id,
            recipient,
            email,
            preferred_language,
            kind,
            message_args: message_args.clone(),
            link: link.to_owned(),
        });
    }
    Ok(deliveries)
}

/// *A request reaches* the social worker it is addressed to.
pub async fn request_opened(unit: &mut Unit, request_id: RequestId) -> Result<Vec<Delivery>> {
    let rows: Vec<(UserId, String, Option<String>, HouseholdId, String)> = sqlx::query_as(
        "SELECT u.id, u.email, u.preferred_language, h.id, h.reference FROM requests r \
         JOIN households h ON h.id = r.household_id JOIN users u ON u.id = r.addressed_to_user_id \
         WHERE r.id = $1 AND u.disabled_at IS NULL",
    )
    .bind(request_id)
    .fetch_all(unit.conn())
    .await?;
    let Some((_, _, _, household, reference)) = rows.first().cloned() else {
        return Ok(Vec::new());
    };
    let recipients = rows
        .into_iter()
        .map(|(id, email, lang, _, _)| (id, email, lang))
        .collect();
    let link = format!("/households/{household}#requests");
    notify(
        unit,
        recipients,
        NotificationKind::RequestOpened,
        &[("household", reference)],
        &link,
    )
    .await
}

/// *A handover reaches* the colleague taking the household over.
pub async fn handover(unit: &mut Unit, household_id: HouseholdId, to: UserId) -> Result<Vec<Delivery>> {
    let rows: Vec<(UserId, String, Option<String>, String)> = sqlx::query_as(
        "SELECT u.id, u.email, u.preferred_language, h.reference FROM users u, households h \
         WHERE u.id = $1 AND h.id = $2 AND u.disabled_at IS NULL",
    )
    .bind(to)
    .bind(household_id)
    .fetch_all(unit.conn())
    .await?;
    let Some((_, _, _, reference)) = rows.first().cloned() else {
        return Ok(Vec::new());
    };
    let from = unit.actor().label.clone();
    let recipients = rows.into_iter().map(|(id, email, lang, _)| (id, email, lang)).collect();
    let link = format!("/households/{household_id}#handover");
    notify(
        unit,
        recipients,
        NotificationKind::Handover,
        &[("household", reference), ("from", from)],
        &link,
    )
    .await
}

/// *A provider report reaches*, when submitted, everyone at the programme's
/// agency whose role reviews reports (the task to approve it has reached
/// them); when approved or sent back, the cooperative's people who prepared
/// and submitted it.
pub async fn report_action(
    unit: &mut Unit,
    report_id: ProviderReportId,
    action: ReportAction,
) -> Result<Vec<Delivery>> {
    let report: Option<ReportRow> = sqlx::query_as(
        "SELECT r.quarter, pg.name, o.name, pg.agency_id, r.created_by, r.submitted_by FROM provider_reports r \
         JOIN programmes pg ON pg.id = r.programme_id JOIN organisations o ON o.id = r.cooperative_id WHERE r.id = $1",
    )
    .bind(report_id)
    .fetch_optional(unit.conn())
    .await?;
    let (quarter, programme, cooperative, agency, created_by, submitted_by) = report.ok_or(StorageError::NotFound {
        what: "provider report",
    })?;
    let args = [
        ("quarter", quarter),
        ("programme", programme),
        ("cooperative", cooperative),
    ];
    let link = format!("/provider-reports/{report_id}");
    let (kind, recipients) = match action {
        ReportAction::Submit => {
            let members: Vec<(UserId, String, Option<String>, String)> = sqlx::query_as(
                "SELECT u.id, u.email, u.preferred_language, m.role FROM memberships m JOIN users u ON u.id = m.user_id \
                 WHERE m.organisation_id = $1 AND u.disabled_at IS NULL ORDER BY u.id",
            )
            .bind(agency)
            .fetch_all(unit.conn())
            .await?;
            // The reviewers are whoever the policy lets review on the agency's side.
            let review = Action::Evidence(EvidenceAction::ReviewProviderReport);
            let reviewers = members
                .into_iter()
                .filter(|(_, _, _, role)| {
                    role.parse::<Role>()
                        .is_ok_and(|role| allowed(role, review, Relation::Own))
                })
                .map(|(id, email, lang, _)| (id, email, lang))
                .collect();
            (NotificationKind::ReportSubmitted, reviewers)
        }
        ReportAction::Approve | ReportAction::Return => {
            let authors: Vec<Recipient> = sqlx::query_as(
                "SELECT u.id, u.email, u.preferred_language FROM users u \
                 WHERE u.id IN ($1, $2) AND u.disabled_at IS NULL ORDER BY u.id",
            )
            .bind(submitted_by.unwrap_or(-1))
            .bind(created_by.unwrap_or(-1))
            .fetch_all(unit.conn())
            .await?;
            let kind = if action == ReportAction::Approve {
                NotificationKind::ReportApproved
            } else {
                NotificationKind::ReportReturned
            };
            (kind, authors)
        }
        ReportAction::Regenerate => return Ok(Vec::new()),
    };
    notify(unit, recipients, kind, &args, &link).await
}

fn decode(row: &sqlx::any::AnyRow) -> Result<Notification> {
    use sqlx::Row;
    let kind: String = row.try_get("kind")?;
    let args: String = row.try_get("message_args")?;
    let read_at: Option<String> = row.try_get("read_at")?;
    Ok(Notification {
        id: row.try_get("id")?,
        kind: kind.parse().map_err(StorageError::corrupt)?,
        message_key: row.try_get("message_key")?,
        message_args: serde_json::from_str(&args).map_err(StorageError::corrupt)?,
        link: row.try_get("link")?,
        created_at: crate::columns::instant(&row.try_get::<String, _>("created_at")?).map_err(StorageError::corrupt)?,
        read_at: read_at
            .as_deref()
            .map(crate::columns::instant)
            .transpose()
            .map_err(StorageError::corrupt)?,
    })
}

/// The user's notifications, unread first, newest first.
pub async fn list(store: &Store, user: UserId, page: PageRequest) -> Result<Page<Notification>> {
    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE recipient_user_id = $1")
        .bind(user)
        .fetch_one(store.pool())
        .await?;
    let rows = sqlx::query(
        "SELECT id, kind, message_key, message_args, link, created_at, read_at FROM notifications \
         WHERE recipient_user_id = $1 ORDER BY CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, id DESC \
         LIMIT $2 OFFSET $3",
    )
    .bind(user)
    .bind(page.per_page)
    .bind(page.offset())
    .fetch_all(store.pool())
    .await?;
    Ok(Page {
        items: rows.iter().map(decode).collect::<Result<_>>()?,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// How many of the user's notifications are unread (the header's counter).
pub async fn unread_count(store: &Store, user: UserId) -> Result<i64> {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE recipient_user_id = $1 AND read_at IS NULL")
            .bind(user)
            .fetch_one(store.pool())
            .await?;
    Ok(count)
}

/// Marks one of the actor's notifications read. Another user's notification
/// is not found, whatever its id.
pub async fn mark_read(unit: &mut Unit, id: NotificationId) -> Result<()> {
    let user = unit
        .actor()
        .user_id
        .ok_or(StorageError::NotFound { what: "notification" })?;
    let found: Option<(NotificationId,)> =
        sqlx::query_as("SELECT id FROM notifications WHERE id = $1 AND recipient_user_id = $2")
            .bind(id)
            .bind(user)
            .fetch_optional(unit.conn())
            .await?;
    found.ok_or(StorageError::NotFound { what: "notification" })?;
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE id = $2 AND read_at IS NULL")
        .bind(now_text())
        .bind(id)
        .execute(unit.conn())
        .await?;
    unit.record(AuditEvent::new("notification.read", "notification", id))
        .await
}

/// Marks all the actor's notifications read; returns how many were unread.
pub async fn mark_all_read(unit: &mut Unit) -> Result<u64> {
    let user = unit.actor().user_id.ok_or(StorageError::NotFound { what: "user" })?;
    let done = sqlx::query("UPDATE notifications SET read_at = $1 WHERE recipient_user_id = $2 AND read_at IS NULL")
        .bind(now_text())
        .bind(user)
        .execute(unit.conn())
        .await?
        .rows_affected();
    unit.record(
        AuditEvent::new("notification.read_all", "user", user).with_detail(serde_json::json!({ "count": done })),
    )
    .await?;
    Ok(done)
}
