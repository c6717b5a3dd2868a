//! The organisations registry.

use crate::columns::{self, AnyQuery};
use crate::constraint::{UniqueRule, on_unique};
use crate::{AuditEvent, Page, PageRequest, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::OrganisationId;
use filiera_domain::msg;
use filiera_domain::organisation::{CooperativeType, Law381Registration, OrganisationKind, ValidOrganisation};
use filiera_domain::policy::Target;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::sync::LazyLock;
use time::OffsetDateTime;

/// A stored organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
    pub cooperative_type: Option<CooperativeType>,
    pub sectors: Vec<String>,
    pub vat_number: Option<String>,
    pub municipality: Option<String>,
    pub email: Option<String>,
    pub law381: Option<Law381Registration>,
    pub consortium_id: Option<OrganisationId>,
    pub consortium_name: Option<String>,
    /// The organisation that registered this one (it keeps the entry only
    /// while this one has no users: see `filiera_domain::policy`).
    pub registered_by: Option<OrganisationId>,
    /// Whether anyone works here on filiera, making the organisation self-governing.
    pub has_users: bool,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub created_at: OffsetDateTime,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub archived_at: Option<OffsetDateTime>,
}

impl Organisation {
    /// What the policy needs to know about this organisation.
    pub fn target(&self) -> Target {
        Target::organisation(self.id, self.consortium_id)
            .registered_by(self.registered_by)
            .self_governing(self.has_users)
    }
}

/// Filters for the registry list.
#[derive(Debug, Clone, Default)]
pub struct OrganisationQuery {
    /// Matches names containing this text, case-insensitively.
    pub search: Option<String>,
    pub kind: Option<OrganisationKind>,
    pub consortium_id: Option<OrganisationId>,
    pub include_archived: bool,
}

const UNIQUE_RULES: &[UniqueRule] = &[
    UniqueRule {
        constraint: "organisations_name_unique",
        sqlite_columns: "organisations.name",
        field: "name",
        message: msg!("error-organisation-name-taken"),
    },
    UniqueRule {
        constraint: "organisations_vat_number_unique",
        sqlite_columns: "organisations.vat_number",
        field: "vat_number",
        message: msg!("error-vat-number-taken"),
    },
];

const SELECT: &str = "SELECT o.id, o.name, o.kind, o.cooperative_type, o.sectors, o.vat_number, o.municipality, \
     o.email, o.law381_region, o.law381_number, o.law381_registered_on, o.consortium_id, c.name AS consortium_name, \
     o.registered_by, o.created_at, o.updated_at, o.archived_at, \
     CAST(CASE WHEN EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = o.id) THEN 1 ELSE 0 END AS BIGINT) AS has_users \
     FROM organisations o LEFT JOIN organisations c ON c.id = o.consortium_id";

fn from_row(row: &AnyRow) -> Result<Organisation> {
    let kind: String = row.try_get("kind")?;
    let cooperative_type: Option<String> = row.try_get("cooperative_type")?;
    let sectors: String = row.try_get("sectors")?;
    let region: Option<String> = row.try_get("law381_region")?;
    let number: Option<String> = row.try_get("law381_number")?;
    let registered_on: Option<String> = row.try_get("law381_registered_on")?;
    let law381 = match (region, number, registered_on) {
        (Some(region), Some(number), Some(date)) => Some(Law381Registration {
            region,
            number,
            registered_on: columns::date(&date)?,
        }),
        _ => None,
    };
    Ok(Organisation {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        kind: kind.parse().map_err(StorageError::corrupt)?,
        cooperative_type: cooperative_type
            .map(|t| t.parse::<CooperativeType>())
            .transpose()
            .map_err(StorageError::corrupt)?,
        sectors: sectors
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        vat_number: row.try_get("vat_number")?,
        municipality: row.try_get("municipality")?,
        email: row.try_get("email")?,
        law381,
        consortium_id: row.try_get("consortium_id")?,
        consortium_name: row.try_get("consortium_name")?,
        registered_by: row.try_get("registered_by")?,
        has_users: row.try_get::<i64, _>("has_users")? != 0,
        created_at: columns::instant(row.try_get("created_at")?)?,
        updated_at: columns::instant(row.try_get("updated_at")?)?,
        archived_at: row
            .try_get::<Option<String>, _>("archived_at")?
            .as_deref()
            .map(columns::instant)
            .transpose()?,
    })
}

async fn fetch(conn: &mut AnyConnection, id: OrganisationId) -> Result<Organisation> {
    let row = sqlx::query(&format!("{SELECT} WHERE o.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(StorageError::NotFound { what: "organisation" })?;
    from_row(&row)
}

/// A cooperative may only join an organisation that is a consortium.
async fn check_consortium(
    conn: &mut AnyConnection,
    consortium_id: Option<OrganisationId>,
    own_id: Option<OrganisationId>,
) -> Result<()> {
    let Some(consortium_id) = consortium_id else {
        return Ok(());
    };
    let kind: Option<(String,)> =
        sqlx::query_as("SELECT kind FROM organisations WHERE id = $1 AND archived_at IS NULL")
            .bind(consortium_id)
            .fetch_optional(conn)
            .await?;
    let is_consortium = matches!(&kind, Some((k,)) if k == OrganisationKind::Consortium.as_str());
    if !is_consortium || own_id == Some(consortium_id) {
        return Err(StorageError::Invalid(ValidationErrors::single(
            "consortium_id",
            msg!("error-must-be-consortium"),
        )));
    }
    Ok(())
}

fn law381_parts(org: &ValidOrganisation) -> (Option<&str>, Option<&str>, Option<String>) {
    match &org.law381 {
        Some(reg) => (
            Some(&reg.region),
            Some(&reg.number),
            Some(reg.registered_on.to_string()),
        ),
        None => (None, None, None),
    }
}

/// The columns an organisation's registry data fills, bound by [`bind_organisation`].
const COLUMNS: [&str; 11] = [
    "name",
    "kind",
    "cooperative_type",
    "sectors",
    "vat_number",
    "municipality",
    "email",
    "law381_region",
    "law381_number",
    "law381_registered_on",
    "consortium_id",
];

static INSERT: LazyLock<String> = LazyLock::new(|| {
    columns::insert(
        "organisations",
        &COLUMNS,
        &["registered_by", "created_at", "updated_at"],
    )
});
static UPDATE: LazyLock<String> = LazyLock::new(|| columns::update("organisations", &COLUMNS, &["updated_at"]));

fn bind_organisation<'q>(query: AnyQuery<'q>, org: &'q ValidOrganisation) -> AnyQuery<'q> {
    let (region, number, registered_on) = law381_parts(org);
    query
        .bind(&org.name)
        .bind(org.kind.as_str())
        .bind(org.cooperative_type.map(|t| t.as_str()))
        .bind(org.sectors.join(","))
        .bind(&org.vat_number)
        .bind(&org.municipality)
        .bind(&org.email)
        .bind(region)
        .bind(number)
        .bind(registered_on)
        .bind(org.consortium_id)
}

/// Registers an organisation; `registered_by` is the organisation of the person
/// registering it, which then looks after the entry (see the policy).
pub async fn create(
    unit: &mut Unit,
    org: &ValidOrganisation,
    registered_by: Option<OrganisationId>,
) -> Result<Organisation> {
    check_consortium(unit.conn(), org.consortium_id, None).await?;
    let now = now_text();
    let id = OrganisationId(
        columns::insert_returning_id(
            bind_organisation(sqlx::query(&INSERT), org)
                .bind(registered_by)
                .bind(&now)
                .bind(&now),
            unit.conn(),
        )
        .await
        .map_err(|e| on_unique(e, UNIQUE_RULES))?,
    );
    unit.record(
        AuditEvent::new("organisation.create", "organisation", id)
            .in_organisation(Some(id.get()))
            .with_detail(serde_json::json!({ "name": org.name, "kind": org.kind })),
    )
    .await?;
    fetch(unit.conn(), id).await
}

pub async fn update(unit: &mut Unit, id: OrganisationId, org: &ValidOrganisation) -> Result<Organisation> {
    let before = fetch(unit.conn(), id).await?;
    check_consortium(unit.conn(), org.consortium_id, Some(id)).await?;
    if before.kind != org.kind {
        let members: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM organisations WHERE consortium_id = $1")
            .bind(id)
            .fetch_one(unit.conn())
            .await?;
        if members.0 > 0 {
            return Err(StorageError::Invalid(ValidationErrors::single(
                "kind",
                msg!("error-consortium-kind-locked"),
            )));
        }
    }
    bind_organisation(sqlx::query(&UPDATE), org)
        .bind(now_text())
        .bind(id)
        .execute(unit.conn())
        .await
        .map_err(|e| on_unique(e, UNIQUE_RULES))?;
    let after = fetch(unit.conn(), id).await?;
    unit.record(
        AuditEvent::new("organisation.update", "organisation", id)
            .in_organisation(Some(id.get()))
            .with_detail(serde_json::json!({ "changed": changed_fields(&before, &after) })),
    )
    .await?;
    Ok(after)
}

fn changed_fields(before: &Organisation, after: &Organisation) -> Vec<&'static str> {
    let mut changed = Vec::new();
    let mut check = |name: &'static str, differs: bool| {
        if differs {
            changed.push(name);
        }
    };
    check("name", before.name != after.name);
    check("kind", before.kind != after.kind);
    check("cooperative_type", before.cooperative_type != after.cooperative_type);
    check("sectors", before.sectors != after.sectors);
    check("vat_number", before.vat_number != after.vat_number);
    check("municipality", before.municipality != after.municipality);
    check("email", before.email != after.email);
    check("law381", before.law381 != after.law381);
    check("consortium_id", before.consortium_id != after.consortium_id);
    changed
}

/// Archives an organisation: it stays in the registry (history refers to it) but
/// leaves lists and cannot take new members.
pub async fn archive(unit: &mut Unit, id: OrganisationId) -> Result<Organisation> {
    fetch(unit.conn(), id).await?;
    sqlx::query("UPDATE organisations SET archived_at = $1, updated_at = $1 WHERE id = $2 AND archived_at IS NULL")
        .bind(now_text())
        .bind(id)
        .execute(unit.conn())
        .await?;
    unit.record(AuditEvent::new("organisation.archive", "organisation", id).in_organisation(Some(id.get())))
        .await?;
    fetch(unit.conn(), id).await
}

pub async fn get(store: &Store, id: OrganisationId) -> Result<Organisation> {
    let mut conn = store.pool().acquire().await?;
    fetch(&mut conn, id).await
}

pub async fn find_by_name(store: &Store, name: &str) -> Result<Option<Organisation>> {
    let row = sqlx::query(&format!("{SELECT} WHERE o.name = $1"))
        .bind(name)
        .fetch_optional(store.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn list(store: &Store, query: &OrganisationQuery, page: PageRequest) -> Result<Page<Organisation>> {
    let pattern = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            format!(
                "%{}%",
                s.to_lowercase()
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            )
        });
    let filter = "WHERE ($1 IS NULL OR LOWER(o.name) LIKE $1 ESCAPE '\\') AND ($2 IS NULL OR o.kind = $2) \
                  AND ($3 IS NULL OR o.consortium_id = $3) AND ($4 OR o.archived_at IS NULL)";
    let kind = query.kind.map(|k| k.as_str());
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM organisations o {filter}"))
        .bind(&pattern)
        .bind(kind)
        .bind(query.consortium_id)
        .bind(query.include_archived)
        .fetch_one(store.pool())
        .await?;
    let rows = sqlx::query(&format!(
        "{SELECT} {filter} ORDER BY LOWER(o.name), o.id LIMIT $5 OFFSET $6"
    ))
    .bind(&pattern)
    .bind(kind)
    .bind(query.consortium_id)
    .bind(query.include_archived)
    .bind(page.per_page)
    .bind(page.offset())
    .fetch_all(store.pool())
    .await?;
    let items = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    Ok(Page {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// Every consortium, for choosing the one a cooperative belongs to.
pub async fn consortia(store: &Store) -> Result<Vec<(OrganisationId, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, name FROM organisations WHERE kind = 'consortium' AND archived_at IS NULL ORDER BY name",
    )
    .fetch_all(store.pool())
    .await?)
}

/// The policy target for an organisation id.
pub async fn target(store: &Store, id: OrganisationId) -> Result<Target> {
    let row: Option<(Option<OrganisationId>, Option<OrganisationId>, i64)> = sqlx::query_as(
        "SELECT consortium_id, registered_by, \
         CAST(CASE WHEN EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = organisations.id) THEN 1 ELSE 0 END AS BIGINT) \
         FROM organisations WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(store.pool())
    .await?;
    let (consortium_id, registered_by, has_users) = row.ok_or(StorageError::NotFound { what: "organisation" })?;
    Ok(Target::organisation(id, consortium_id)
        .registered_by(registered_by)
        .self_governing(has_users != 0))
}

/// How many active organisations of each kind the registry holds.
pub async fn count_by_kind(store: &Store) -> Result<Vec<(OrganisationKind, i64)>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT kind, COUNT(*) FROM organisations WHERE archived_at IS NULL GROUP BY kind")
            .fetch_all(store.pool())
            .await?;
    rows.into_iter()
        .map(|(kind, count)| Ok((kind.parse().map_err(StorageError::corrupt)?, count)))
        .collect()
}
