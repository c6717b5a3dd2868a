//! Consortium operations: the registers, production, allocations and the
//! ledger of a consortium and its member cooperatives. The rules (30%,
//! fund, balance) are in `filiera_domain::consortium`; this module reads the
//! registers they need and stores what they accept, auditing every change.

pub mod finance;
pub mod hours;
pub mod import;
pub mod members;
pub mod production;
pub mod registers;

use crate::{AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::consortium::borsa::BorsaSchedule;
use filiera_domain::consortium::table_a::{TableAInput, UserCounts};
use filiera_domain::consortium::workforce::WorkerRecord;
use filiera_domain::consortium::{Money, parse_date};
use filiera_domain::ids::OrganisationId;
use filiera_domain::organisation::CooperativeType;
use filiera_domain::policy::Target;
use serde::Serialize;
use time::Date;

/// A member cooperative of a consortium.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberCooperative {
    pub id: OrganisationId,
    pub name: String,
    pub kind: CooperativeType,
    pub consortium_id: OrganisationId,
}

impl MemberCooperative {
    pub fn target(&self) -> Target {
        Target::organisation(self.id, Some(self.consortium_id))
    }
}

/// A consortium with its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consortium {
    pub id: OrganisationId,
    pub name: String,
    pub members: Vec<MemberCooperative>,
}

impl Consortium {
    pub fn target(&self) -> Target {
        Target::organisation(self.id, None)
    }

    pub fn member(&self, id: OrganisationId) -> Option<&MemberCooperative> {
        self.members.iter().find(|m| m.id == id)
    }
}

pub(crate) fn date_of(text: &str) -> Result<Date> {
    parse_date(text).map_err(StorageError::corrupt)
}

pub(crate) fn optional_date(text: Option<String>) -> Result<Option<Date>> {
    text.as_deref().map(date_of).transpose()
}

/// The consortium and its active member cooperatives.
pub async fn consortium(store: &Store, id: OrganisationId) -> Result<Consortium> {
    let row: Option<(String, String)> = sqlx::query_as("SELECT name, kind FROM organisations WHERE id = $1")
        .bind(id)
        .fetch_optional(store.pool())
        .await?;
    let Some((name, kind)) = row.filter(|(_, kind)| kind == "consortium") else {
        return Err(StorageError::NotFound { what: "consortium" });
    };
    let _ = kind;
    let rows: Vec<(OrganisationId, String, Option<String>)> = sqlx::query_as(
        "SELECT id, name, cooperative_type FROM organisations WHERE consortium_id = $1 AND archived_at IS NULL \
         AND kind = 'cooperative' ORDER BY name",
    )
    .bind(id)
    .fetch_all(store.pool())
    .await?;
    let members = rows
        .into_iter()
        .map(|(member_id, member_name, kind)| {
            Ok(MemberCooperative {
                id: member_id,
                name: member_name,
                kind: kind.unwrap_or_default().parse().map_err(StorageError::corrupt)?,
                consortium_id: id,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Consortium { id, name, members })
}

/// The consortium a cooperative belongs to, or the consortium itself.
pub async fn consortium_of(store: &Store, organisation_id: OrganisationId) -> Result<Option<OrganisationId>> {
    let row: Option<(String, Option<OrganisationId>)> =
        sqlx::query_as("SELECT kind, consortium_id FROM organisations WHERE id = $1")
            .bind(organisation_id)
            .fetch_optional(store.pool())
            .await?;
    Ok(match row {
        Some((kind, _)) if kind == "consortium" => Some(organisation_id),
        Some((_, consortium)) => consortium,
        None => None,
    })
}

/// Every consortium by name (for the CLI and pickers).
pub async fn find_consortium(store: &Store, name: &str) -> Result<Option<OrganisationId>> {
    let row: Option<(OrganisationId,)> =
        sqlx::query_as("SELECT id FROM organisations WHERE name = $1 AND kind = 'consortium'")
            .bind(name)
            .fetch_optional(store.pool())
            .await?;
    Ok(row.map(|(id,)| id))
}

/// A cooperative by id, with its consortium.
pub async fn member_cooperative(store: &Store, id: OrganisationId) -> Result<MemberCooperative> {
    let row: Option<(String, Option<String>, Option<OrganisationId>)> = sqlx::query_as(
        "SELECT name, cooperative_type, consortium_id FROM organisations WHERE id = $1 AND kind = 'cooperative'",
    )
    .bind(id)
    .fetch_optional(store.pool())
    .await?;
    let (name, kind, consortium_id) = row.ok_or(StorageError::NotFound { what: "cooperative" })?;
    Ok(MemberCooperative {
        id,
        name,
        kind: kind.unwrap_or_default().parse().map_err(StorageError::corrupt)?,
        consortium_id: consortium_id.ok_or(StorageError::NotFound {
            what: "consortium of the cooperative",
        })?,
    })
}

/// A consortium's own choices, with the defaults of the Harmony case (the
/// ranges are the domain's
/// [`filiera_domain::consortium::settings::ConsortiumSettings::validate`]).
pub use filiera_domain::consortium::settings::ConsortiumSettings as Settings;

type SettingsRow = (i64, i64, String, i64, i64, i64, i64);

const SETTINGS_SQL: &str = "SELECT human_scale_limit, fund_cents_per_hour, borsa_rates, effort_bonus_cents, \
     result_bonus_cents, borsa_public_share_bp, stretch_share_bp FROM consortium_settings WHERE consortium_id = $1";

/// A consortium's settings, or the defaults when it never changed them.
pub async fn settings(store: &Store, consortium_id: OrganisationId) -> Result<Settings> {
    let row: Option<SettingsRow> = sqlx::query_as(SETTINGS_SQL)
        .bind(consortium_id)
        .fetch_optional(store.pool())
        .await?;
    settings_of(row)
}

/// Whether the consortium ever saved its settings (until then it works with
/// the defaults [`settings`] returns).
pub async fn settings_saved(store: &Store, consortium_id: OrganisationId) -> Result<bool> {
    let row: Option<SettingsRow> = sqlx::query_as(SETTINGS_SQL)
        .bind(consortium_id)
        .fetch_optional(store.pool())
        .await?;
    Ok(row.is_some())
}

/// The settings as seen inside a unit of work (for the audit's "before").
async fn settings_in(unit: &mut Unit, consortium_id: OrganisationId) -> Result<Settings> {
    let row: Option<SettingsRow> = sqlx::query_as(SETTINGS_SQL)
        .bind(consortium_id)
        .fetch_optional(unit.conn())
        .await?;
    settings_of(row)
}

fn settings_of(row: Option<SettingsRow>) -> Result<Settings> {
    let Some((limit, fund, rates, effort, result, public_bp, stretch_bp)) = row else {
        return Ok(Settings::default());
    };
    let parsed: Vec<i64> = rates.split(',').filter_map(|r| r.parse().ok()).collect();
    let per_hour: [Money; 5] = parsed
        .iter()
        .map(|c| Money::from_cents(*c))
        .collect::<Vec<_>>()
        .try_into()
        .map_err(|_| StorageError::corrupt("borsa rates"))?;
    Ok(Settings {
        human_scale_limit: limit.max(0) as u64,
        fund_per_hour: Money::from_cents(fund),
        borsa: BorsaSchedule {
            per_hour,
            effort_bonus: Money::from_cents(effort),
            result_bonus: Money::from_cents(result),
            public_share_bp: public_bp.clamp(0, 10_000) as u32,
        },
        stretch_share_bp: stretch_bp,
    })
}

/// Stores a consortium's settings once they pass the domain's ranges, and
/// audits the change with the values before and after.
pub async fn save_settings(unit: &mut Unit, consortium_id: OrganisationId, settings: &Settings) -> Result<()> {
    let settings = settings.clone().validate().map_err(StorageError::Invalid)?;
    let before = settings_in(unit, consortium_id).await?;
    let borsa = &settings.borsa;
    let rates: Vec<String> = borsa.per_hour.iter().map(|m| m.cents().to_string()).collect();
    sqlx::query("DELETE FROM consortium_settings WHERE consortium_id = $1")
        .bind(consortium_id)
        .execute(unit.conn())
        .await?;
    sqlx::query(
        "INSERT INTO consortium_settings (consortium_id, human_scale_limit, fund_cents_per_hour, borsa_rates, \
         effort_bonus_cents, result_bonus_cents, borsa_public_share_bp, stretch_share_bp, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(consortium_id)
    .bind(settings.human_scale_limit as i64)
    .bind(settings.fund_per_hour.cents())
    .bind(rates.join(","))
    .bind(borsa.effort_bonus.cents())
    .bind(borsa.result_bonus.cents())
    .bind(i64::from(borsa.public_share_bp))
    .bind(settings.stretch_share_bp)
    .bind(now_text())
    .execute(unit.conn())
    .await?;
    unit.record(
        AuditEvent::new("consortium.settings", "consortium", consortium_id)
            .in_organisation(Some(consortium_id.get()))
            .with_detail(serde_json::json!({ "before": before, "after": settings })),
    )
    .await
}

/// What Table A counts for one member cooperative on a date: its register of
/// workers and its users by category.
pub struct TableAMember {
    pub name: String,
    pub kind: CooperativeType,
    pub workers: Vec<WorkerRecord>,
    pub users: UserCounts,
}

impl TableAMember {
    /// The member as the domain's rule reads it.
    pub fn input(&self) -> TableAInput<'_> {
        TableAInput {
            cooperative: self.name.clone(),
            kind: self.kind,
            workers: &self.workers,
            users: self.users,
        }
    }
}

/// The registers of every member of the consortium, as Table A on `date` needs them.
pub async fn table_a_members(store: &Store, consortium: &Consortium, date: Date) -> Result<Vec<TableAMember>> {
    let mut members = Vec::with_capacity(consortium.members.len());
    for member in &consortium.members {
        let workers = registers::workers_of(store, member.id)
            .await?
            .into_iter()
            .map(|w| w.record)
            .collect();
        members.push(TableAMember {
            name: member.name.clone(),
            kind: member.kind,
            workers,
            users: registers::user_counts(store, member.id, date).await?,
        });
    }
    Ok(members)
}

/// Today's date in Rome, for callers that default a report's date to today.
pub use crate::clock::today;
