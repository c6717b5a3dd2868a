//! The registers of a cooperative: members, workers (with their hours), the
//! users of its services along the filière, and spin-offs.

use super::{date_of, optional_date};
use crate::columns::{self, AnyQuery};
use crate::constraint::{UniqueRule, on_unique};
use crate::{AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::filiere::{AutonomyLevel, Progression};
use filiera_domain::consortium::membership::MemberRecord;
use filiera_domain::consortium::table_a::{UserCategory, UserCounts};
use filiera_domain::consortium::workforce::{Activity, Contract, Disadvantage, Hours, WorkerRecord};
use filiera_domain::consortium::{Money, YearMonth};
use filiera_domain::ids::{CooperativeMemberId, OrganisationId, WorkerId};
use filiera_domain::msg;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::sync::LazyLock;
use time::Date;

const WORKER_UNIQUE: &[UniqueRule] = &[UniqueRule {
    constraint: "workers_code_unique",
    sqlite_columns: "workers.organisation_id, workers.code",
    field: "worker_id",
    message: msg!("error-worker-code-taken"),
}];

const USER_UNIQUE: &[UniqueRule] = &[UniqueRule {
    constraint: "service_users_code_unique",
    sqlite_columns: "service_users.organisation_id, service_users.code",
    field: "user_id",
    message: msg!("error-user-code-taken"),
}];

/// A worker as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredWorker {
    pub id: WorkerId,
    pub organisation_id: OrganisationId,
    pub record: WorkerRecord,
}

const WORKER_SELECT: &str = "SELECT id, organisation_id, code, CAST(CASE WHEN member THEN 1 ELSE 0 END AS BIGINT) AS member, \
     category, certificate, certified_until, contract_start, contract_end, weekly_hundredths, activity FROM workers";

fn worker_from_row(row: &AnyRow) -> Result<StoredWorker> {
    let category: Option<String> = row.try_get("category")?;
    let disadvantage = match category {
        Some(category) => Some(Disadvantage {
            category: category.parse().map_err(StorageError::corrupt)?,
            certificate: row.try_get("certificate")?,
            certified_until: optional_date(row.try_get("certified_until")?)?,
        }),
        None => None,
    };
    let activity: String = row.try_get("activity")?;
    let member: i64 = row.try_get("member")?;
    Ok(StoredWorker {
        id: row.try_get("id")?,
        organisation_id: row.try_get("organisation_id")?,
        record: WorkerRecord {
            code: row.try_get("code")?,
            member: member != 0,
            disadvantage,
            contract: Contract {
                start: date_of(&row.try_get::<String, _>("contract_start")?)?,
                end: optional_date(row.try_get("contract_end")?)?,
                weekly_hours: Hours::from_hundredths(row.try_get("weekly_hundredths")?),
            },
            activity: Activity::parse(&activity).map_err(StorageError::corrupt)?,
        },
    })
}

pub async fn workers_of(store: &Store, organisation_id: OrganisationId) -> Result<Vec<StoredWorker>> {
    let rows = sqlx::query(&format!("{WORKER_SELECT} WHERE organisation_id = $1 ORDER BY code"))
        .bind(organisation_id)
        .fetch_all(store.pool())
        .await?;
    rows.iter().map(worker_from_row).collect()
}

pub async fn worker(store: &Store, id: WorkerId) -> Result<StoredWorker> {
    let row = sqlx::query(&format!("{WORKER_SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(store.pool())
        .await?
        .ok_or(StorageError::NotFound { what: "worker" })?;
    worker_from_row(&row)
}

/// The columns a worker's record fills, bound by [`bind_worker`].
const WORKER_COLUMNS: [&str; 8] = [
    "member",
    "category",
    "certificate",
    "certified_until",
    "contract_start",
    "contract_end",
    "weekly_hundredths",
    "activity",
];

static WORKER_INSERT: LazyLock<String> = LazyLock::new(|| {
    columns::insert(
        "workers",
        &WORKER_COLUMNS,
        &["organisation_id", "code", "created_at", "updated_at"],
    )
});
static WORKER_UPDATE: LazyLock<String> = LazyLock::new(|| columns::update("workers", &WORKER_COLUMNS, &["updated_at"]));

fn bind_worker<'q>(query: AnyQuery<'q>, record: &'q WorkerRecord) -> AnyQuery<'q> {
    let disadvantage = record.disadvantage.as_ref();
    query
        .bind(record.member)
        .bind(disadvantage.map(|d| d.category.as_str()))
        .bind(disadvantage.and_then(|d| d.certificate.clone()))
        .bind(disadvantage.and_then(|d| d.certified_until).map(|d| d.to_string()))
        .bind(record.contract.start.to_string())
        .bind(record.contract.end.map(|d| d.to_string()))
        .bind(record.contract.weekly_hours.hundredths())
        .bind(record.activity.as_str())
}

/// Adds a worker, or replaces the data of the worker with the same code.
/// Returns the worker's id. The audit entry names the fields, never the
/// category (health data).
pub async fn save_worker(unit: &mut Unit, organisation_id: OrganisationId, record: &WorkerRecord) -> Result<WorkerId> {
    let existing: Option<(WorkerId,)> =
        sqlx::query_as("SELECT id FROM workers WHERE organisation_id = $1 AND code = $2")
            .bind(organisation_id)
            .bind(&record.code)
            .fetch_optional(unit.conn())
            .await?;
    let now = now_text();
    let id = match existing {
        Some((id,)) => {
            bind_worker(sqlx::query(&WORKER_UPDATE), record)
                .bind(&now)
                .bind(id)
                .execute(unit.conn())
                .await?;
            id
        }
        None => WorkerId(
            columns::insert_returning_id(
                bind_worker(sqlx::query(&WORKER_INSERT), record)
                    .bind(organisation_id)
                    .bind(&record.code)
                    .bind(&now)
                    .bind(&now),
                unit.conn(),
            )
            .await
            .map_err(|e| on_unique(e, WORKER_UNIQUE))?,
        ),
    };
    let action = if existing.is_some() {
        "worker.update"
    } else {
        "worker.create"
    };
    unit.record(
        AuditEvent::new(action, "worker", id)
            .in_organisation(Some(organisation_id.get()))
            .with_detail(serde_json::json!({ "code": record.code })),
    )
    .await?;
    Ok(id)
}

/// Records (or replaces) a worker's hours for a month.
pub async fn set_hours(unit: &mut Unit, worker_id: WorkerId, month: YearMonth, hours: Hours) -> Result<()> {
    let (organisation_id,): (OrganisationId,) = sqlx::query_as("SELECT organisation_id FROM workers WHERE id = $1")
        .bind(worker_id)
        .fetch_optional(unit.conn())
        .await?
        .ok_or(StorageError::NotFound { what: "worker" })?;
    sqlx::query("DELETE FROM worker_hours WHERE worker_id = $1 AND month = $2")
        .bind(worker_id)
        .bind(month.to_string())
        .execute(unit.conn())
        .await?;
    sqlx::query("INSERT INTO worker_hours (worker_id, month, hundredths) VALUES ($1, $2, $3)")
        .bind(worker_id)
        .bind(month.to_string())
        .bind(hours.hundredths())
        .execute(unit.conn())
        .await?;
    unit.record(
        AuditEvent::new("worker.hours", "worker", worker_id)
            .in_organisation(Some(organisation_id.get()))
            .with_detail(serde_json::json!({ "month": month.to_string(), "hours": hours.to_string() })),
    )
    .await
}

/// Hours worked in a cooperative in each month of a year.
pub async fn hours_by_month(
    store: &Store,
    organisation_id: OrganisationId,
    year: i32,
) -> Result<Vec<(YearMonth, Hours)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT h.month, CAST(SUM(h.hundredths) AS BIGINT) FROM worker_hours h JOIN workers w ON w.id = h.worker_id \
         WHERE w.organisation_id = $1 AND h.month LIKE $2 GROUP BY h.month ORDER BY h.month",
    )
    .bind(organisation_id)
    .bind(format!("{year:04}-%"))
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|(month, hours)| {
            Ok((
                YearMonth::parse(&month).map_err(StorageError::corrupt)?,
                Hours::from_hundredths(hours),
            ))
        })
        .collect()
}

/// Total hours of a cooperative in a year (the base of its fund contribution).
pub async fn hours_in_year(store: &Store, organisation_id: OrganisationId, year: i32) -> Result<Hours> {
    Ok(hours_by_month(store, organisation_id, year)
        .await?
        .into_iter()
        .map(|(_, h)| h)
        .sum())
}

/// A member of the register, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredMember {
    pub id: CooperativeMemberId,
    pub organisation_id: OrganisationId,
    pub record: MemberRecord,
}

pub async fn members_of(store: &Store, organisation_id: OrganisationId) -> Result<Vec<StoredMember>> {
    let rows: Vec<(CooperativeMemberId, String, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT id, name, kind, joined_on, left_on, shares_cents FROM cooperative_members WHERE organisation_id = $1 \
         ORDER BY joined_on, id",
    )
    .bind(organisation_id)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|(id, name, kind, joined, left, shares)| {
            Ok(StoredMember {
                id,
                organisation_id,
                record: member_record(name, &kind, &joined, left, shares)?,
            })
        })
        .collect()
}

/// A register entry from its stored columns.
pub(crate) fn member_record(
    name: String,
    kind: &str,
    joined: &str,
    left: Option<String>,
    shares: i64,
) -> Result<MemberRecord> {
    Ok(MemberRecord {
        name,
        kind: kind.parse().map_err(StorageError::corrupt)?,
        joined_on: date_of(joined)?,
        left_on: optional_date(left)?,
        shares: Money::from_cents(shares),
    })
}

pub async fn add_member(
    unit: &mut Unit,
    organisation_id: OrganisationId,
    record: &MemberRecord,
) -> Result<CooperativeMemberId> {
    let (id,): (CooperativeMemberId,) = sqlx::query_as(
        "INSERT INTO cooperative_members (organisation_id, name, kind, joined_on, left_on, shares_cents, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(organisation_id)
    .bind(&record.name)
    .bind(record.kind.as_str())
    .bind(record.joined_on.to_string())
    .bind(record.left_on.map(|d| d.to_string()))
    .bind(record.shares.cents())
    .bind(now_text())
    .fetch_one(unit.conn())
    .await?;
    unit.record(
        AuditEvent::new("member.create", "cooperative_member", id)
            .in_organisation(Some(organisation_id.get()))
            .with_detail(serde_json::json!({ "kind": record.kind })),
    )
    .await?;
    Ok(id)
}

/// A user of a cooperative's services, with their place on the filière.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceUser {
    pub id: i64,
    pub organisation_id: OrganisationId,
    pub code: String,
    pub category: UserCategory,
    /// When they entered the workshop (the start of their path).
    #[serde(with = "filiera_domain::time_format::iso_date::option")]
    pub entered_on: Option<Date>,
    /// Hours available each week for workshop tasks (0: not in a workshop).
    pub weekly_hours: Hours,
    /// The Type B cooperative that hired them, and when.
    pub hired_by: Option<OrganisationId>,
    #[serde(with = "filiera_domain::time_format::iso_date::option")]
    pub hired_on: Option<Date>,
    #[serde(with = "filiera_domain::time_format::iso_date::option")]
    pub left_on: Option<Date>,
}

impl ServiceUser {
    pub fn active_on(&self, date: Date) -> bool {
        self.entered_on.is_none_or(|d| d <= date) && self.left_on.is_none_or(|d| d >= date)
    }
}

type UserRow = (
    i64,
    OrganisationId,
    String,
    String,
    Option<String>,
    i64,
    Option<OrganisationId>,
    Option<String>,
    Option<String>,
);

fn user_from_row(row: UserRow) -> Result<ServiceUser> {
    let (id, organisation_id, code, category, entered, weekly, hired_by, hired_on, left) = row;
    Ok(ServiceUser {
        id,
        organisation_id,
        code,
        category: category.parse().map_err(StorageError::corrupt)?,
        entered_on: optional_date(entered)?,
        weekly_hours: Hours::from_hundredths(weekly),
        hired_by,
        hired_on: optional_date(hired_on)?,
        left_on: optional_date(left)?,
    })
}

const USER_SELECT: &str = "SELECT id, organisation_id, code, category, entered_on, weekly_hundredths, hired_by, hired_on, \
     left_on FROM service_users";

pub async fn users_of(store: &Store, organisation_id: OrganisationId) -> Result<Vec<ServiceUser>> {
    let rows: Vec<UserRow> = sqlx::query_as(&format!("{USER_SELECT} WHERE organisation_id = $1 ORDER BY code"))
        .bind(organisation_id)
        .fetch_all(store.pool())
        .await?;
    rows.into_iter().map(user_from_row).collect()
}

pub async fn service_user(store: &Store, id: i64) -> Result<ServiceUser> {
    let row: UserRow = sqlx::query_as(&format!("{USER_SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(store.pool())
        .await?
        .ok_or(StorageError::NotFound { what: "user" })?;
    user_from_row(row)
}

/// Users served on `date`, by category (Table A): active users who have not
/// left, including those hired by a Type B cooperative (still supported).
pub async fn user_counts(store: &Store, organisation_id: OrganisationId, date: Date) -> Result<UserCounts> {
    let mut counts = [0u64; 4];
    for user in users_of(store, organisation_id)
        .await?
        .iter()
        .filter(|u| u.active_on(date))
    {
        if let Some(index) = UserCategory::ALL.iter().position(|c| *c == user.category) {
            counts[index] += 1;
        }
    }
    Ok(counts)
}

/// Adds a user, or changes the category and workshop data of the user with this code.
pub async fn save_user(
    unit: &mut Unit,
    organisation_id: OrganisationId,
    code: &str,
    category: UserCategory,
    entered_on: Option<Date>,
    weekly_hours: Hours,
) -> Result<i64> {
    if code.trim().is_empty() {
        return Err(StorageError::Invalid(ValidationErrors::single(
            "user_id",
            msg!("error-required"),
        )));
    }
    let existing: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM service_users WHERE organisation_id = $1 AND code = $2")
            .bind(organisation_id)
            .bind(code)
            .fetch_optional(unit.conn())
            .await?;
    let id = match existing {
        Some((id,)) => {
            sqlx::query("UPDATE service_users SET category = $1, entered_on = COALESCE($2, entered_on), weekly_hundredths = $3 WHERE id = $4")
                .bind(category.as_str())
                .bind(entered_on.map(|d| d.to_string()))
                .bind(weekly_hours.hundredths())
                .bind(id)
                .execute(unit.conn())
                .await?;
            id
        }
        None => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO service_users (organisation_id, code, category, entered_on, weekly_hundredths, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(organisation_id)
            .bind(code)
            .bind(category.as_str())
            .bind(entered_on.map(|d| d.to_string()))
            .bind(weekly_hours.hundredths())
            .bind(now_text())
            .fetch_one(unit.conn())
            .await
            .map_err(|e| on_unique(e, USER_UNIQUE))?;
            id
        }
    };
    unit.record(
        AuditEvent::new(
            if existing.is_some() {
                "user.update"
            } else {
                "user.create"
            },
            "service_user",
            id,
        )
        .in_organisation(Some(organisation_id.get()))
        .with_detail(serde_json::json!({ "code": code })),
    )
    .await?;
    Ok(id)
}

/// Records a dated change of autonomy level.
pub async fn record_progression(unit: &mut Unit, user_id: i64, progression: Progression) -> Result<()> {
    sqlx::query("DELETE FROM user_progressions WHERE user_id = $1 AND on_date = $2")
        .bind(user_id)
        .bind(progression.on.to_string())
        .execute(unit.conn())
        .await?;
    sqlx::query("INSERT INTO user_progressions (user_id, on_date, level) VALUES ($1, $2, $3)")
        .bind(user_id)
        .bind(progression.on.to_string())
        .bind(i64::from(progression.level.get()))
        .execute(unit.conn())
        .await?;
    unit.record(
        AuditEvent::new("user.progression", "service_user", user_id)
            .with_detail(serde_json::json!({ "on": progression.on.to_string(), "level": progression.level.get() })),
    )
    .await
}

pub async fn progressions(store: &Store, user_id: i64) -> Result<Vec<Progression>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT on_date, level FROM user_progressions WHERE user_id = $1 ORDER BY on_date")
            .bind(user_id)
            .fetch_all(store.pool())
            .await?;
    rows.into_iter()
        .map(|(on, level)| {
            Ok(Progression {
                on: date_of(&on)?,
                level: AutonomyLevel::new(u8::try_from(level).unwrap_or(0)).map_err(StorageError::corrupt)?,
            })
        })
        .collect()
}

/// Records that a Type B cooperative hired a user: the end of their path.
pub async fn record_hire(unit: &mut Unit, user_id: i64, hired_by: OrganisationId, hired_on: Date) -> Result<()> {
    sqlx::query("UPDATE service_users SET hired_by = $1, hired_on = $2, weekly_hundredths = 0 WHERE id = $3")
        .bind(hired_by)
        .bind(hired_on.to_string())
        .bind(user_id)
        .execute(unit.conn())
        .await?;
    unit.record(
        AuditEvent::new("user.hired", "service_user", user_id)
            .in_organisation(Some(hired_by.get()))
            .with_detail(serde_json::json!({ "on": hired_on.to_string() })),
    )
    .await
}

/// Records that `cooperative_id` was incubated by `incubated_by` (a spin-off).
pub async fn record_spin_off(
    unit: &mut Unit,
    cooperative_id: OrganisationId,
    incubated_by: OrganisationId,
    founded_on: Date,
) -> Result<()> {
    if cooperative_id == incubated_by {
        return Err(StorageError::Invalid(ValidationErrors::single(
            "incubated_by",
            msg!("error-incubates-itself"),
        )));
    }
    sqlx::query("DELETE FROM spin_offs WHERE cooperative_id = $1")
        .bind(cooperative_id)
        .execute(unit.conn())
        .await?;
    sqlx::query("INSERT INTO spin_offs (cooperative_id, incubated_by, founded_on) VALUES ($1, $2, $3)")
        .bind(cooperative_id)
        .bind(incubated_by)
        .bind(founded_on.to_string())
        .execute(unit.conn())
        .await?;
    unit.record(
        AuditEvent::new("cooperative.spin_off", "organisation", cooperative_id)
            .in_organisation(Some(cooperative_id.get()))
            .with_detail(serde_json::json!({ "incubated_by": incubated_by })),
    )
    .await
}

/// The cooperative that incubated this one, if it is a spin-off.
pub async fn incubated_by(store: &Store, cooperative_id: OrganisationId) -> Result<Option<(OrganisationId, Date)>> {
    let row: Option<(OrganisationId, String)> =
        sqlx::query_as("SELECT incubated_by, founded_on FROM spin_offs WHERE cooperative_id = $1")
            .bind(cooperative_id)
            .fetch_optional(store.pool())
            .await?;
    row.map(|(id, on)| Ok((id, date_of(&on)?))).transpose()
}
