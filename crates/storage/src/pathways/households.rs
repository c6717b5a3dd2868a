//! Households, their members and who is in charge of them.

use crate::constraint::{UniqueRule, on_unique};
use crate::{AuditEvent, Page, PageRequest, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{HouseholdId, OrganisationId, ParticipantId, UserId};
use filiera_domain::msg;
use filiera_domain::pathways::household::ValidMember;
use filiera_domain::policy::Target;
use serde::Serialize;
use sqlx::AnyConnection;
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Household {
    pub id: HouseholdId,
    pub agency_id: OrganisationId,
    pub reference: String,
    pub residence_municipality: Option<String>,
    pub residence_address: Option<String>,
    pub declared_size: Option<i64>,
    pub social_worker_id: Option<UserId>,
    pub social_worker_name: Option<String>,
    #[sqlx(try_from = "crate::columns::InstantText")]
    #[serde(with = "filiera_domain::time_format::instant")]
    pub created_at: OffsetDateTime,
    #[sqlx(try_from = "crate::columns::InstantText")]
    #[serde(with = "filiera_domain::time_format::instant")]
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub id: ParticipantId,
    pub household_id: HouseholdId,
    pub external_id: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub tax_code: Option<String>,
    pub relationship: String,
    #[serde(with = "filiera_domain::time_format::iso_date::option")]
    pub birth_date: Option<Date>,
    pub birth_year: Option<i64>,
    pub gender: Option<String>,
    pub country_of_birth: Option<String>,
    pub citizenship: Option<String>,
    pub languages: String,
    pub education_level: Option<String>,
    pub employment_status: Option<String>,
    pub minimum_income: Option<bool>,
    pub disability: Option<bool>,
    pub single_parent: Option<bool>,
    pub interests: String,
    pub housing_exclusion: Option<bool>,
    pub minority: Option<bool>,
}

impl Household {
    /// The day of the last change, for lists.
    pub fn updated_on(&self) -> String {
        filiera_domain::time_format::iso_date::format(self.updated_at.date())
    }
}

/// The row as read: SQLite booleans cannot be decoded through sqlx's Any
/// driver, so they are selected as integers (see `MEMBER_SELECT`).
#[derive(sqlx::FromRow)]
struct MemberRow {
    id: ParticipantId,
    household_id: HouseholdId,
    external_id: Option<String>,
    first_name: String,
    last_name: String,
    tax_code: Option<String>,
    relationship: String,
    #[sqlx(try_from = "crate::columns::OptionalDateText")]
    birth_date: Option<Date>,
    birth_year: Option<i64>,
    gender: Option<String>,
    country_of_birth: Option<String>,
    citizenship: Option<String>,
    languages: String,
    education_level: Option<String>,
    employment_status: Option<String>,
    minimum_income: Option<i64>,
    disability: Option<i64>,
    single_parent: Option<i64>,
    interests: String,
    housing_exclusion: Option<i64>,
    minority: Option<i64>,
}

impl From<MemberRow> for Member {
    fn from(r: MemberRow) -> Self {
        Member {
            id: r.id,
            household_id: r.household_id,
            external_id: r.external_id,
            first_name: r.first_name,
            last_name: r.last_name,
            tax_code: r.tax_code,
            relationship: r.relationship,
            birth_date: r.birth_date,
            birth_year: r.birth_year,
            gender: r.gender,
            country_of_birth: r.country_of_birth,
            citizenship: r.citizenship,
            languages: r.languages,
            education_level: r.education_level,
            employment_status: r.employment_status,
            minimum_income: r.minimum_income.map(|v| v != 0),
            disability: r.disability.map(|v| v != 0),
            single_parent: r.single_parent.map(|v| v != 0),
            interests: r.interests,
            housing_exclusion: r.housing_exclusion.map(|v| v != 0),
            minority: r.minority.map(|v| v != 0),
        }
    }
}

impl Member {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_owned()
    }

    pub fn interest_list(&self) -> Vec<String> {
        self.interests
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// Where a household's data may be seen: its agency and the cooperatives
/// delivering its projects.
#[derive(Debug, Clone, Default)]
pub struct HouseholdQuery {
    pub agencies: Vec<OrganisationId>,
    pub cooperatives: Vec<OrganisationId>,
    pub search: Option<String>,
    pub social_worker_id: Option<UserId>,
}

const HOUSEHOLD_SELECT: &str = "SELECT h.id, h.agency_id, h.reference, h.residence_municipality, h.residence_address, \
     h.declared_size, h.social_worker_id, u.display_name AS social_worker_name, h.created_at, h.updated_at \
     FROM households h LEFT JOIN users u ON u.id = h.social_worker_id";

const MEMBER_SELECT: &str = "SELECT id, household_id, external_id, first_name, last_name, tax_code, relationship, \
     birth_date, birth_year, gender, country_of_birth, citizenship, languages, education_level, employment_status, \
     CAST(CASE WHEN minimum_income THEN 1 WHEN NOT minimum_income THEN 0 END AS BIGINT) AS minimum_income, CAST(CASE WHEN disability THEN 1 WHEN NOT disability THEN 0 END AS BIGINT) AS disability, \
     CAST(CASE WHEN single_parent THEN 1 WHEN NOT single_parent THEN 0 END AS BIGINT) AS single_parent, interests, \
     CAST(CASE WHEN housing_exclusion THEN 1 WHEN NOT housing_exclusion THEN 0 END AS BIGINT) AS housing_exclusion, \
     CAST(CASE WHEN minority THEN 1 WHEN NOT minority THEN 0 END AS BIGINT) AS minority FROM participants";

const MEMBER_UNIQUE: &[UniqueRule] = &[UniqueRule {
    constraint: "participants_tax_code_unique",
    sqlite_columns: "participants.tax_code",
    field: "tax_code",
    message: msg!("error-tax-code-taken"),
}];

async fn next_reference(conn: &mut AnyConnection) -> Result<String> {
    let year = time::OffsetDateTime::now_utc().year();
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM households WHERE reference LIKE $1")
        .bind(format!("H-{year}-%"))
        .fetch_one(&mut *conn)
        .await?;
    Ok(format!("H-{year}-{:05}", count + 1))
}

/// Registers a household with its reference person.
pub async fn create(
    unit: &mut Unit,
    agency_id: OrganisationId,
    residence_municipality: Option<&str>,
    residence_address: Option<&str>,
    social_worker_id: Option<UserId>,
    head: &ValidMember,
) -> Result<(Household, Member)> {
    let reference = next_reference(unit.conn()).await?;
    let now = now_text();
    let (id,): (HouseholdId,) = sqlx::query_as(
        "INSERT INTO households (agency_id, reference, residence_municipality, residence_address, social_worker_id, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(agency_id)
    .bind(&reference)
    .bind(residence_municipality)
    .bind(residence_address)
    .bind(social_worker_id)
    .bind(&now)
    .fetch_one(unit.conn())
    .await?;
    if let Some(worker) = social_worker_id {
        sqlx::query(
            "INSERT INTO assignments (household_id, role, user_id, actor_user_id, from_at) VALUES ($1, 'social_worker', $2, $3, $4)",
        )
        .bind(id)
        .bind(worker)
        .bind(unit.actor().user_id)
        .bind(&now)
        .execute(unit.conn())
        .await?;
    }
    unit.record(
        AuditEvent::new("household.create", "household", id)
            .in_organisation(Some(agency_id.get()))
            .with_detail(serde_json::json!({ "reference": reference })),
    )
    .await?;
    let member = add_member(unit, id, head).await?;
    let household = fetch(unit.conn(), id).await?;
    Ok((household, member))
}

pub async fn add_member(unit: &mut Unit, household_id: HouseholdId, member: &ValidMember) -> Result<Member> {
    let now = now_text();
    let (id,): (ParticipantId,) = sqlx::query_as(
        "INSERT INTO participants (household_id, first_name, last_name, tax_code, relationship, birth_date, birth_year, \
         gender, country_of_birth, citizenship, languages, education_level, employment_status, minimum_income, \
         disability, single_parent, interests, created_at, updated_at, housing_exclusion, minority) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19, $20) \
         RETURNING id",
    )
    .bind(household_id)
    .bind(&member.first_name)
    .bind(&member.last_name)
    .bind(member.tax_code.as_ref().map(|c| c.as_str().to_owned()))
    .bind(member.relationship.as_str())
    .bind(member.birth_date.map(|d| d.to_string()))
    .bind(member.birth_date.map(|d| i64::from(d.year())))
    .bind(member.gender.map(|g| g.as_str()))
    .bind(&member.country_of_birth)
    .bind(&member.citizenship)
    .bind(member.languages.join(","))
    .bind(member.education_level.map(|l| l.value().to_string()))
    .bind(member.employment_status.map(|s| s.as_str()))
    .bind(member.minimum_income)
    .bind(member.disability)
    .bind(member.single_parent)
    .bind(member.interests.join(","))
    .bind(&now)
    .bind(member.housing_exclusion)
    .bind(member.minority)
    .fetch_one(unit.conn())
    .await
    .map_err(|e| on_unique(e, MEMBER_UNIQUE))?;
    sqlx::query("UPDATE households SET updated_at = $1 WHERE id = $2")
        .bind(&now)
        .bind(household_id)
        .execute(unit.conn())
        .await?;
    let agency = agency_of(unit.conn(), household_id).await?;
    unit.record(AuditEvent::new("participant.create", "participant", id).in_organisation(Some(agency)))
        .await?;
    fetch_member(unit.conn(), id).await
}

async fn agency_of(conn: &mut AnyConnection, household_id: HouseholdId) -> Result<i64> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT agency_id FROM households WHERE id = $1")
        .bind(household_id)
        .fetch_optional(conn)
        .await?;
    row.map(|(a,)| a).ok_or(StorageError::NotFound { what: "household" })
}

async fn fetch(conn: &mut AnyConnection, id: HouseholdId) -> Result<Household> {
    sqlx::query_as(&format!("{HOUSEHOLD_SELECT} WHERE h.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(StorageError::NotFound { what: "household" })
}

pub(crate) async fn fetch_member(conn: &mut AnyConnection, id: ParticipantId) -> Result<Member> {
    sqlx::query_as::<_, MemberRow>(&format!("{MEMBER_SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .map(Member::from)
        .ok_or(StorageError::NotFound { what: "participant" })
}

pub async fn get(store: &Store, id: HouseholdId) -> Result<Household> {
    let mut conn = store.pool().acquire().await?;
    fetch(&mut conn, id).await
}

pub async fn member(store: &Store, id: ParticipantId) -> Result<Member> {
    let mut conn = store.pool().acquire().await?;
    fetch_member(&mut conn, id).await
}

pub async fn members(store: &Store, household_id: HouseholdId) -> Result<Vec<Member>> {
    members_on(&mut *store.pool().acquire().await?, household_id).await
}

async fn members_on(conn: &mut AnyConnection, household_id: HouseholdId) -> Result<Vec<Member>> {
    let rows: Vec<MemberRow> = sqlx::query_as(&format!("{MEMBER_SELECT} WHERE household_id = $1 ORDER BY id"))
        .bind(household_id)
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(Member::from).collect())
}

/// People already registered who may be the same person: same tax code, or
/// same name and birth date. Shown before creating a household.
pub async fn possible_duplicates(store: &Store, member: &ValidMember) -> Result<Vec<(Member, String)>> {
    let birth = member.birth_date.map(|d| d.to_string());
    let tax_code = member.tax_code.as_ref().map(|c| c.as_str().to_owned());
    let rows: Vec<MemberRow> = sqlx::query_as(&format!(
        "{MEMBER_SELECT} WHERE ($1 IS NOT NULL AND tax_code = $1) OR ($2 IS NOT NULL AND birth_date = $2 \
         AND LOWER(first_name) = LOWER($3) AND LOWER(last_name) = LOWER($4)) ORDER BY id LIMIT 10"
    ))
    .bind(&tax_code)
    .bind(&birth)
    .bind(member.first_name.trim())
    .bind(member.last_name.trim())
    .fetch_all(store.pool())
    .await?;
    let mut found = Vec::new();
    for row in rows {
        let household = get(store, row.household_id).await?;
        found.push((Member::from(row), household.reference));
    }
    Ok(found)
}

pub async fn list(store: &Store, query: &HouseholdQuery, page: PageRequest) -> Result<Page<Household>> {
    let ids = |ids: &[OrganisationId]| {
        if ids.is_empty() {
            "NULL".to_owned()
        } else {
            ids.iter().map(OrganisationId::to_string).collect::<Vec<_>>().join(",")
        }
    };
    // Ids are ours (from memberships), so inlining them is safe; the search is bound.
    let filter = format!(
        "WHERE (h.agency_id IN ({}) OR h.id IN (SELECT household_id FROM projects WHERE cooperative_id IN ({}))) \
         AND ($1 IS NULL OR LOWER(h.reference) LIKE $1 OR h.id IN (SELECT household_id FROM participants p \
              WHERE LOWER(p.last_name) LIKE $1 OR LOWER(p.first_name) LIKE $1 OR LOWER(p.tax_code) LIKE $1)) \
         AND ($2 IS NULL OR h.social_worker_id = $2)",
        ids(&query.agencies),
        ids(&query.cooperatives)
    );
    let pattern = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| format!("%{}%", s.to_lowercase().replace(['%', '_'], "")));
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM households h {filter}"))
        .bind(&pattern)
        .bind(query.social_worker_id)
        .fetch_one(store.pool())
        .await?;
    let items = sqlx::query_as(&format!(
        "{HOUSEHOLD_SELECT} {filter} ORDER BY h.updated_at DESC, h.id DESC LIMIT $3 OFFSET $4"
    ))
    .bind(&pattern)
    .bind(query.social_worker_id)
    .bind(page.per_page)
    .bind(page.offset())
    .fetch_all(store.pool())
    .await?;
    Ok(Page {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// The policy target of a household: its agency, with the cooperatives
/// delivering its projects as partners.
pub async fn target(store: &Store, household_id: HouseholdId) -> Result<Target> {
    // One query (it runs before every household request): the agency, once per
    // distinct partner cooperative, or once with no partner.
    let rows: Vec<(OrganisationId, Option<OrganisationId>)> = sqlx::query_as(
        "SELECT DISTINCT h.agency_id, p.cooperative_id FROM households h LEFT JOIN projects p \
         ON p.household_id = h.id AND p.cooperative_id IS NOT NULL WHERE h.id = $1",
    )
    .bind(household_id)
    .fetch_all(store.pool())
    .await?;
    let (agency_id, _) = *rows.first().ok_or(StorageError::NotFound { what: "household" })?;
    Ok(Target::organisation(agency_id, None).with_partners(rows.into_iter().filter_map(|(_, partner)| partner)))
}

/// One entry of who was in charge, with the note left at the handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignment {
    pub role: String,
    pub user_id: UserId,
    pub user_name: String,
    pub handover_note: Option<String>,
    #[sqlx(try_from = "crate::columns::InstantText")]
    #[serde(with = "filiera_domain::time_format::instant")]
    pub from_at: OffsetDateTime,
    #[sqlx(try_from = "crate::columns::OptionalInstantText")]
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub to_at: Option<OffsetDateTime>,
}

pub async fn assignments(store: &Store, household_id: HouseholdId) -> Result<Vec<Assignment>> {
    assignments_on(&mut *store.pool().acquire().await?, household_id).await
}

async fn assignments_on(conn: &mut AnyConnection, household_id: HouseholdId) -> Result<Vec<Assignment>> {
    Ok(sqlx::query_as(
        "SELECT a.role, a.user_id, u.display_name AS user_name, a.handover_note, a.from_at, a.to_at \
         FROM assignments a JOIN users u ON u.id = a.user_id WHERE a.household_id = $1 ORDER BY a.id",
    )
    .bind(household_id)
    .fetch_all(conn)
    .await?)
}

/// Everything the household's file shows, read on one connection: a pooled
/// connection costs a round trip to take and another to give back, which for
/// six small reads cost more than the reads themselves.
#[derive(Debug, Serialize)]
pub struct HouseholdFile {
    pub household: Household,
    pub members: Vec<Member>,
    pub paths: Vec<super::paths::PathRow>,
    pub projects: Vec<super::projects::Project>,
    pub requests: Vec<super::register::Request>,
    pub assignments: Vec<Assignment>,
}

pub async fn file(store: &Store, id: HouseholdId) -> Result<HouseholdFile> {
    let mut conn = store.pool().acquire().await?;
    Ok(HouseholdFile {
        household: fetch(&mut conn, id).await?,
        members: members_on(&mut conn, id).await?,
        paths: super::paths::for_household_on(&mut conn, id).await?,
        projects: super::projects::for_household_on(&mut conn, id).await?,
        requests: super::register::requests_for_household_on(&mut conn, id).await?,
        assignments: assignments_on(&mut conn, id).await?,
    })
}

/// Hands the household over to another social worker, keeping the history.
/// The note is checked by the domain's handover guard before this is called.
pub async fn reassign_social_worker(
    unit: &mut Unit,
    household_id: HouseholdId,
    user_id: UserId,
    handover_note: &str,
) -> Result<()> {
    let agency = agency_of(unit.conn(), household_id).await?;
    let member: Option<(String,)> =
        sqlx::query_as("SELECT role FROM memberships WHERE user_id = $1 AND organisation_id = $2")
            .bind(user_id)
            .bind(agency)
            .fetch_optional(unit.conn())
            .await?;
    if !matches!(member, Some((role,)) if role == "social_worker" || role == "programme_manager") {
        return Err(StorageError::Invalid(ValidationErrors::single(
            "user_id",
            msg!("error-social-worker-agency"),
        )));
    }
    let now = now_text();
    sqlx::query(
        "UPDATE assignments SET to_at = $1 WHERE household_id = $2 AND role = 'social_worker' AND to_at IS NULL",
    )
    .bind(&now)
    .bind(household_id)
    .execute(unit.conn())
    .await?;
    sqlx::query(
        "INSERT INTO assignments (household_id, role, user_id, handover_note, actor_user_id, from_at) \
         VALUES ($1, 'social_worker', $2, $3, $4, $5)",
    )
    .bind(household_id)
    .bind(user_id)
    .bind(handover_note)
    .bind(unit.actor().user_id)
    .bind(&now)
    .execute(unit.conn())
    .await?;
    sqlx::query("UPDATE households SET social_worker_id = $1, updated_at = $2 WHERE id = $3")
        .bind(user_id)
        .bind(&now)
        .bind(household_id)
        .execute(unit.conn())
        .await?;
    unit.record(
        AuditEvent::new("household.reassign", "household", household_id)
            .in_organisation(Some(agency))
            .with_detail(serde_json::json!({ "role": "social_worker", "user_id": user_id })),
    )
    .await
}
