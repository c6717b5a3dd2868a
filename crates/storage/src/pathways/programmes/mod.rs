//! Programmes, their delivering cooperatives, rounds and funding streams.

use crate::columns::{self, AnyQuery};
use crate::constraint::{UniqueRule, on_unique};
use crate::{AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{FundingStreamId, OrganisationId, ProgrammeId, RoundId};
use filiera_domain::msg;
use filiera_domain::organisation::OrganisationKind;
use filiera_domain::pathways::eligibility::Rule;
use filiera_domain::pathways::programme::{RoundPeriod, ValidFundingStream, ValidProgramme};
use filiera_domain::policy::Target;
use serde::Serialize;
use serde_json::json;
use sqlx::{AnyConnection, Row};
use std::sync::LazyLock;
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Round {
    pub id: RoundId,
    pub number: i64,
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub start_date: Date,
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub end_date: Date,
}

impl Round {
    pub fn period(&self) -> Result<RoundPeriod> {
        RoundPeriod::new(self.number, self.start_date, self.end_date).map_err(StorageError::corrupt)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FundingStream {
    pub id: FundingStreamId,
    pub name: String,
    pub budget_cents: i64,
    pub eligibility: Rule,
    #[serde(with = "filiera_domain::time_format::iso_date::option")]
    pub end_date: Option<Date>,
}

/// A stored programme with what belongs to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Programme {
    pub id: ProgrammeId,
    pub name: String,
    pub agency_id: OrganisationId,
    pub agency_name: String,
    pub description: String,
    pub total_budget_cents: i64,
    /// The delivering cooperatives: (id, name).
    pub cooperatives: Vec<(OrganisationId, String)>,
    pub rounds: Vec<Round>,
    pub funding_streams: Vec<FundingStream>,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub created_at: OffsetDateTime,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub updated_at: OffsetDateTime,
}

impl Programme {
    /// The agency owns the programme; its cooperatives work on it as partners.
    pub fn target(&self) -> Target {
        Target::organisation(self.agency_id, None).with_partners(self.cooperatives.iter().map(|(id, _)| *id))
    }

    /// The agency alone: managing the programme and importing its data are the
    /// owner's, never the delivering partners'.
    pub fn owner_target(&self) -> Target {
        Target::organisation(self.agency_id, None)
    }

    pub fn round(&self, number: i64) -> Option<&Round> {
        self.rounds.iter().find(|r| r.number == number)
    }
}

const UNIQUE_RULES: &[UniqueRule] = &[
    UniqueRule {
        constraint: "programmes_name_unique",
        sqlite_columns: "programmes.name",
        field: "name",
        message: msg!("error-programme-name-taken"),
    },
    UniqueRule {
        constraint: "rounds_number_unique",
        sqlite_columns: "rounds.programme_id, rounds.number",
        field: "number",
        message: msg!("error-round-number-taken"),
    },
    UniqueRule {
        constraint: "funding_streams_name_unique",
        sqlite_columns: "funding_streams.programme_id, funding_streams.name",
        field: "name",
        message: msg!("error-funding-stream-name-taken"),
    },
];

pub(crate) async fn fetch(conn: &mut AnyConnection, id: ProgrammeId) -> Result<Programme> {
    let row = sqlx::query(
        "SELECT p.id, p.name, p.agency_id, o.name AS agency_name, p.description, p.total_budget_cents, \
         p.created_at, p.updated_at FROM programmes p JOIN organisations o ON o.id = p.agency_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StorageError::NotFound { what: "programme" })?;
    let cooperatives: Vec<(OrganisationId, String)> = sqlx::query_as(
        "SELECT o.id, o.name FROM programme_cooperatives pc JOIN organisations o ON o.id = pc.organisation_id \
         WHERE pc.programme_id = $1 ORDER BY o.name",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let rounds = sqlx::query_as::<_, (RoundId, i64, String, String)>(
        "SELECT id, number, start_date, end_date FROM rounds WHERE programme_id = $1 ORDER BY number",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(id, number, start_date, end_date)| {
        Ok(Round {
            id,
            number,
            start_date: columns::date(&start_date)?,
            end_date: columns::date(&end_date)?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let streams: Vec<(FundingStreamId, String, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT id, name, budget_cents, eligibility, end_date FROM funding_streams WHERE programme_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let funding_streams = streams
        .into_iter()
        .map(|(id, name, budget_cents, eligibility, end_date)| {
            let eligibility = Rule::parse_json(&eligibility).map_err(|p| StorageError::corrupt(format!("{p:?}")))?;
            Ok(FundingStream {
                id,
                name,
                budget_cents,
                eligibility,
                end_date: end_date.as_deref().map(columns::date).transpose()?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Programme {
        id,
        name: row.try_get("name")?,
        agency_id: row.try_get("agency_id")?,
        agency_name: row.try_get("agency_name")?,
        description: row.try_get("description")?,
        total_budget_cents: row.try_get("total_budget_cents")?,
        cooperatives,
        rounds,
        funding_streams,
        created_at: columns::instant(row.try_get("created_at")?)?,
        updated_at: columns::instant(row.try_get("updated_at")?)?,
    })
}

/// The kind of an active organisation, if there is one with this id.
pub(crate) async fn organisation_kind(conn: &mut AnyConnection, id: OrganisationId) -> Result<Option<String>> {
    let kind: Option<(String,)> =
        sqlx::query_as("SELECT kind FROM organisations WHERE id = $1 AND archived_at IS NULL")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    Ok(kind.map(|(k,)| k))
}

/// The agency must be a public agency; the delivering organisations cooperatives.
async fn check_organisations(conn: &mut AnyConnection, programme: &ValidProgramme) -> Result<()> {
    let mut errors = ValidationErrors::new();
    if organisation_kind(conn, programme.agency_id).await?.as_deref() != Some(OrganisationKind::PublicAgency.as_str()) {
        errors.add("agency_id", msg!("error-must-be-public-agency"));
    }
    for id in &programme.cooperative_ids {
        if organisation_kind(conn, *id).await?.as_deref() != Some(OrganisationKind::Cooperative.as_str()) {
            errors.add("cooperative_ids", msg!("error-not-a-cooperative", organisation = id.0));
        }
    }
    errors.into_result(()).map_err(StorageError::Invalid)
}

async fn set_cooperatives(conn: &mut AnyConnection, id: ProgrammeId, cooperative_ids: &[OrganisationId]) -> Result<()> {
    sqlx::query("DELETE FROM programme_cooperatives WHERE programme_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for cooperative in cooperative_ids {
        sqlx::query("INSERT INTO programme_cooperatives (programme_id, organisation_id) VALUES ($1, $2)")
            .bind(id)
            .bind(cooperative)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The columns a programme's draft fills and may change, bound by
/// [`bind_programme`]; the owning agency is set once, on creation.
const COLUMNS: [&str; 3] = ["name", "description", "total_budget_cents"];

static INSERT: LazyLock<String> =
    LazyLock::new(|| columns::insert("programmes", &COLUMNS, &["agency_id", "created_at", "updated_at"]));
static UPDATE: LazyLock<String> = LazyLock::new(|| columns::update("programmes", &COLUMNS, &["updated_at"]));

fn bind_programme<'q>(query: AnyQuery<'q>, programme: &'q ValidProgramme) -> AnyQuery<'q> {
    query
        .bind(&programme.name)
        .bind(&programme.description)
        .bind(programme.total_budget_cents)
}

pub async fn create(unit: &mut Unit, programme: &ValidProgramme) -> Result<Programme> {
    check_organisations(unit.conn(), programme).await?;
    let now = now_text();
    let id = ProgrammeId(
        columns::insert_returning_id(
            bind_programme(sqlx::query(&INSERT), programme)
                .bind(programme.agency_id)
                .bind(&now)
                .bind(&now),
            unit.conn(),
        )
        .await
        .map_err(|e| on_unique(e, UNIQUE_RULES))?,
    );
    set_cooperatives(unit.conn(), id, &programme.cooperative_ids).await?;
    unit.record(
        AuditEvent::new("programme.create", "programme", id)
            .in_organisation(Some(programme.agency_id.get()))
            .with_detail(json!({ "name": programme.name, "cooperatives": programme.cooperative_ids })),
    )
    .await?;
    fetch(unit.conn(), id).await
}

pub async fn update(unit: &mut Unit, id: ProgrammeId, programme: &ValidProgramme) -> Result<Programme> {
    let before = fetch(unit.conn(), id).await?;
    if before.agency_id != programme.agency_id {
        return Err(StorageError::Invalid(ValidationErrors::single(
            "agency_id",
            msg!("error-programme-agency-locked"),
        )));
    }
    check_organisations(unit.conn(), programme).await?;
    bind_programme(sqlx::query(&UPDATE), programme)
        .bind(now_text())
        .bind(id)
        .execute(unit.conn())
        .await
        .map_err(|e| on_unique(e, UNIQUE_RULES))?;
    set_cooperatives(unit.conn(), id, &programme.cooperative_ids).await?;
    unit.record(
        AuditEvent::new("programme.update", "programme", id)
            .in_organisation(Some(before.agency_id.get()))
            .with_detail(json!({ "name": programme.name, "cooperatives": programme.cooperative_ids })),
    )
    .await?;
    fetch(unit.conn(), id).await
}

/// Adds a round; rounds of one programme may not overlap.
pub async fn add_round(unit: &mut Unit, programme_id: ProgrammeId, period: &RoundPeriod) -> Result<Round> {
    let programme = fetch(unit.conn(), programme_id).await?;
    for round in &programme.rounds {
        if round.period()?.overlaps(period) {
            return Err(StorageError::Invalid(ValidationErrors::single(
                "start_date",
                msg!(
                    "error-round-dates-overlap",
                    number = round.number,
                    start = round.start_date,
                    end = round.end_date
                ),
            )));
        }
    }
    let (id,): (RoundId,) = sqlx::query_as(
        "INSERT INTO rounds (programme_id, number, start_date, end_date) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(programme_id)
    .bind(i64::from(period.number))
    .bind(period.start.to_string())
    .bind(period.end.to_string())
    .fetch_one(unit.conn())
    .await
    .map_err(|e| on_unique(e, UNIQUE_RULES))?;
    unit.record(
        AuditEvent::new("round.create", "round", id)
            .in_organisation(Some(programme.agency_id.get()))
            .with_detail(json!({ "programme_id": programme_id, "number": period.number })),
    )
    .await?;
    Ok(Round {
        id,
        number: i64::from(period.number),
        start_date: period.start,
        end_date: period.end,
    })
}

pub async fn add_funding_stream(
    unit: &mut Unit,
    programme_id: ProgrammeId,
    stream: &ValidFundingStream,
) -> Result<FundingStream> {
    let programme = fetch(unit.conn(), programme_id).await?;
    let (id,): (FundingStreamId,) = sqlx::query_as(
        "INSERT INTO funding_streams (programme_id, name, budget_cents, eligibility, end_date) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(programme_id)
    .bind(&stream.name)
    .bind(stream.budget_cents)
    .bind(stream.eligibility.to_json())
    .bind(stream.end_date.map(|d| d.to_string()))
    .fetch_one(unit.conn())
    .await
    .map_err(|e| on_unique(e, UNIQUE_RULES))?;
    unit.record(
        AuditEvent::new("funding_stream.create", "funding_stream", id)
            .in_organisation(Some(programme.agency_id.get()))
            .with_detail(json!({ "programme_id": programme_id, "name": stream.name })),
    )
    .await?;
    Ok(FundingStream {
        id,
        name: stream.name.clone(),
        budget_cents: stream.budget_cents,
        eligibility: stream.eligibility.clone(),
        end_date: stream.end_date,
    })
}

pub async fn get(store: &Store, id: ProgrammeId) -> Result<Programme> {
    let mut conn = store.pool().acquire().await?;
    fetch(&mut conn, id).await
}

pub async fn find_by_name(store: &Store, name: &str) -> Result<Option<Programme>> {
    let id: Option<(ProgrammeId,)> = sqlx::query_as("SELECT id FROM programmes WHERE name = $1")
        .bind(name)
        .fetch_optional(store.pool())
        .await?;
    match id {
        Some((id,)) => get(store, id).await.map(Some),
        None => Ok(None),
    }
}

/// Every programme, newest first; the caller keeps those the principal may see.
pub async fn list(store: &Store) -> Result<Vec<Programme>> {
    let ids: Vec<(ProgrammeId,)> = sqlx::query_as("SELECT id FROM programmes ORDER BY created_at DESC, id DESC")
        .fetch_all(store.pool())
        .await?;
    let mut conn = store.pool().acquire().await?;
    let mut programmes = Vec::with_capacity(ids.len());
    for (id,) in ids {
        programmes.push(fetch(&mut conn, id).await?);
    }
    Ok(programmes)
}

/// How many participants have a path in each round of a programme (for the overview).
pub async fn participants_per_round(store: &Store, programme_id: ProgrammeId) -> Result<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT r.number, COUNT(pa.id) FROM rounds r LEFT JOIN paths pa ON pa.round_id = r.id \
         WHERE r.programme_id = $1 GROUP BY r.number ORDER BY r.number",
    )
    .bind(programme_id)
    .fetch_all(store.pool())
    .await?)
}

pub mod eligibility;

#[cfg(test)]
mod owner_tests {
    use super::Programme;
    use filiera_domain::ids::{OrganisationId, ProgrammeId};
    use filiera_domain::policy::pathways::PathwayAction;
    use filiera_domain::policy::{Action, Membership, authorize};
    use filiera_domain::role::Role;

    #[test]
    fn a_delivering_cooperative_sees_the_programme_but_does_not_manage_it() {
        let programme = Programme {
            id: ProgrammeId(1),
            name: "ALI".into(),
            agency_id: OrganisationId(10),
            agency_name: "SdS".into(),
            description: String::new(),
            total_budget_cents: 0,
            cooperatives: vec![(OrganisationId(20), "Il Girasole".into())],
            rounds: Vec::new(),
            funding_streams: Vec::new(),
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            updated_at: time::OffsetDateTime::UNIX_EPOCH,
        };
        let cooperative_manager = [Membership {
            organisation_id: OrganisationId(20),
            role: Role::ProgrammeManager,
        }];
        let agency_manager = [Membership {
            organisation_id: OrganisationId(10),
            role: Role::ProgrammeManager,
        }];
        let view = Action::Pathway(PathwayAction::ViewProgramme);
        let manage = Action::Pathway(PathwayAction::ManageProgramme);
        assert!(authorize(&cooperative_manager, view, &programme.target()).is_ok());
        assert!(authorize(&cooperative_manager, manage, &programme.owner_target()).is_err());
        assert!(authorize(&agency_manager, manage, &programme.owner_target()).is_ok());
    }
}
