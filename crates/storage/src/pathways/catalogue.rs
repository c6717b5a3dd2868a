//! The service catalogue of a programme: services, their capacity per round and
//! the host firms of internships; HSDS export and import.

use super::programmes::{self, Programme, organisation_kind};
use crate::columns::{self, AnyQuery};
use crate::constraint::{UniqueRule, on_unique};
use crate::{AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{OrganisationId, ProgrammeId, ServiceId};
use filiera_domain::msg;
use filiera_domain::organisation::OrganisationKind;
use filiera_domain::pathways::catalogue::hsds::{self, CatalogueEntry, ImportedService};
use filiera_domain::pathways::catalogue::{Isco08, ServiceKind, ValidService};
use filiera_domain::pathways::eligibility::Rule;
use filiera_domain::policy::Target;
use serde::Serialize;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::sync::LazyLock;
use time::OffsetDateTime;

/// A stored service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    pub id: ServiceId,
    pub programme_id: ProgrammeId,
    pub code: String,
    pub name: String,
    pub kind: ServiceKind,
    pub organisation_id: Option<OrganisationId>,
    pub organisation_name: Option<String>,
    pub description: String,
    pub unit_cost_cents: i64,
    pub minutes: i64,
    pub language: Option<String>,
    pub location: Option<String>,
    pub eligibility: Option<Rule>,
    pub isco08: Option<String>,
    pub host_firm_id: Option<OrganisationId>,
    pub host_firm_name: Option<String>,
    pub tutor_name: Option<String>,
    pub tutor_email: Option<String>,
    pub interest_tags: Vec<String>,
    pub improves_areas: Vec<String>,
    /// Places per round: (round number, capacity).
    pub capacities: Vec<(i64, i64)>,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub created_at: OffsetDateTime,
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub archived_at: Option<OffsetDateTime>,
}

impl Service {
    /// Who may change it: the offering organisation or else the programme's agency.
    pub fn target(&self, programme: &Programme) -> Target {
        Target::organisation(self.organisation_id.unwrap_or(programme.agency_id), None)
            .with_partners([programme.agency_id])
    }

    pub fn capacity_in(&self, round: i64) -> Option<i64> {
        self.capacities.iter().find(|(r, _)| *r == round).map(|(_, c)| *c)
    }

    /// The service in domain terms, for the HSDS export.
    pub fn to_entry(&self) -> Result<CatalogueEntry> {
        let split = |items: &[String]| items.to_vec();
        let service = ValidService {
            code: self.code.clone(),
            name: self.name.clone(),
            kind: self.kind,
            organisation_id: self.organisation_id,
            description: self.description.clone(),
            unit_cost_cents: self.unit_cost_cents,
            minutes: self.minutes,
            language: self.language.clone(),
            location: self.location.clone(),
            eligibility: self.eligibility.clone(),
            isco08: self
                .isco08
                .as_deref()
                .map(Isco08::parse)
                .transpose()
                .map_err(StorageError::corrupt)?,
            host_firm_id: self.host_firm_id,
            tutor_name: self.tutor_name.clone(),
            tutor_email: self.tutor_email.clone(),
            interest_tags: split(&self.interest_tags),
            improves_areas: self
                .improves_areas
                .iter()
                .map(|a| a.parse())
                .collect::<std::result::Result<_, _>>()
                .map_err(StorageError::corrupt)?,
            capacities: self
                .capacities
                .iter()
                .map(|(r, c)| (u32::try_from(*r).unwrap_or(0), *c))
                .collect(),
        };
        Ok(CatalogueEntry {
            service,
            organisation_name: self.organisation_name.clone(),
            host_firm_name: self.host_firm_name.clone(),
            archived: self.archived_at.is_some(),
        })
    }
}

const UNIQUE_RULES: &[UniqueRule] = &[UniqueRule {
    constraint: "services_code_unique",
    sqlite_columns: "services.programme_id, services.code",
    field: "code",
    message: msg!("error-service-code-taken"),
}];

const SELECT: &str = "SELECT s.id, s.programme_id, s.code, s.name, s.kind, s.organisation_id, o.name AS organisation_name, \
     s.description, s.unit_cost_cents, s.minutes, s.language, s.location, s.eligibility, s.isco08, s.host_firm_id, \
     f.name AS host_firm_name, s.tutor_name, s.tutor_email, s.interest_tags, s.improves_areas, s.created_at, \
     s.archived_at FROM services s LEFT JOIN organisations o ON o.id = s.organisation_id \
     LEFT JOIN organisations f ON f.id = s.host_firm_id";

fn list_of(text: &str) -> Vec<String> {
    text.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

fn from_row(row: &AnyRow) -> Result<Service> {
    let kind: String = row.try_get("kind")?;
    let eligibility: Option<String> = row.try_get("eligibility")?;
    let interest_tags: String = row.try_get("interest_tags")?;
    let improves_areas: String = row.try_get("improves_areas")?;
    Ok(Service {
        id: row.try_get("id")?,
        programme_id: ProgrammeId(row.try_get::<Option<i64>, _>("programme_id")?.unwrap_or_default()),
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        kind: kind.parse().map_err(StorageError::corrupt)?,
        organisation_id: row.try_get("organisation_id")?,
        organisation_name: row.try_get("organisation_name")?,
        description: row.try_get("description")?,
        unit_cost_cents: row.try_get("unit_cost_cents")?,
        minutes: row.try_get("minutes")?,
        language: row.try_get("language")?,
        location: row.try_get("location")?,
        eligibility: eligibility
            .map(|e| Rule::parse_json(&e).map_err(|p| StorageError::corrupt(format!("{p:?}"))))
            .transpose()?,
        isco08: row.try_get("isco08")?,
        host_firm_id: row.try_get("host_firm_id")?,
        host_firm_name: row.try_get("host_firm_name")?,
        tutor_name: row.try_get("tutor_name")?,
        tutor_email: row.try_get("tutor_email")?,
        interest_tags: list_of(&interest_tags),
        improves_areas: list_of(&improves_areas),
        capacities: Vec::new(),
        created_at: columns::instant(row.try_get("created_at")?)?,
        archived_at: row
            .try_get::<Option<String>, _>("archived_at")?
            .as_deref()
            .map(columns::instant)
            .transpose()?,
    })
}

async fn with_capacities(
    conn: &mut AnyConnection,
    mut services: Vec<Service>,
    programme_id: ProgrammeId,
) -> Result<Vec<Service>> {
    let rows: Vec<(ServiceId, i64, i64)> = sqlx::query_as(
        "SELECT c.service_id, r.number, c.capacity FROM service_capacity c JOIN rounds r ON r.id = c.round_id \
         WHERE r.programme_id = $1 ORDER BY r.number",
    )
    .bind(programme_id)
    .fetch_all(conn)
    .await?;
    for service in &mut services {
        service.capacities = rows
            .iter()
            .filter(|(s, _, _)| *s == service.id)
            .map(|(_, r, c)| (*r, *c))
            .collect();
    }
    Ok(services)
}

pub(crate) async fn fetch(conn: &mut AnyConnection, id: ServiceId) -> Result<Service> {
    let row = sqlx::query(&format!("{SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StorageError::NotFound { what: "service" })?;
    let service = from_row(&row)?;
    let programme_id = service.programme_id;
    let mut services = with_capacities(conn, vec![service], programme_id).await?;
    services.pop().ok_or(StorageError::NotFound { what: "service" })
}

/// The offering organisation must deliver the programme (or own it); a host
/// firm must be a firm; capacities must name the programme's rounds.
async fn check(conn: &mut AnyConnection, programme: &Programme, service: &ValidService) -> Result<()> {
    let mut errors = ValidationErrors::new();
    if let Some(org) = service.organisation_id
        && org != programme.agency_id
        && !programme.cooperatives.iter().any(|(id, _)| *id == org)
    {
        errors.add("organisation_id", msg!("error-must-deliver-programme"));
    }
    if let Some(firm) = service.host_firm_id
        && organisation_kind(conn, firm).await?.as_deref() != Some(OrganisationKind::Firm.as_str())
    {
        errors.add("host_firm_id", msg!("error-must-be-firm"));
    }
    for (round, _) in &service.capacities {
        if programme.round(i64::from(*round)).is_none() {
            errors.add("capacities", msg!("error-no-round", round = *round));
        }
    }
    errors.into_result(()).map_err(StorageError::Invalid)
}

async fn set_capacities(
    conn: &mut AnyConnection,
    programme: &Programme,
    id: ServiceId,
    service: &ValidService,
) -> Result<()> {
    sqlx::query("DELETE FROM service_capacity WHERE service_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (number, capacity) in &service.capacities {
        if let Some(round) = programme.round(i64::from(*number)) {
            sqlx::query("INSERT INTO service_capacity (service_id, round_id, capacity) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(round.id)
                .bind(capacity)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

fn areas(service: &ValidService) -> String {
    service
        .improves_areas
        .iter()
        .map(|a| a.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The columns a service's draft fills, bound by [`bind_service`].
const COLUMNS: [&str; 16] = [
    "organisation_id",
    "code",
    "name",
    "kind",
    "description",
    "unit_cost_cents",
    "minutes",
    "language",
    "location",
    "eligibility",
    "isco08",
    "host_firm_id",
    "tutor_name",
    "tutor_email",
    "interest_tags",
    "improves_areas",
];

static INSERT: LazyLock<String> =
    LazyLock::new(|| columns::insert("services", &COLUMNS, &["programme_id", "created_at"]));
static UPDATE: LazyLock<String> = LazyLock::new(|| columns::update("services", &COLUMNS, &[]));

fn bind_service<'q>(query: AnyQuery<'q>, service: &'q ValidService) -> AnyQuery<'q> {
    query
        .bind(service.organisation_id)
        .bind(&service.code)
        .bind(&service.name)
        .bind(service.kind.as_str())
        .bind(&service.description)
        .bind(service.unit_cost_cents)
        .bind(service.minutes)
        .bind(&service.language)
        .bind(&service.location)
        .bind(service.eligibility.as_ref().map(Rule::to_json))
        .bind(service.isco08.as_ref().map(|c| c.as_str().to_owned()))
        .bind(service.host_firm_id)
        .bind(&service.tutor_name)
        .bind(&service.tutor_email)
        .bind(service.interest_tags.join(","))
        .bind(areas(service))
}

pub async fn create(unit: &mut Unit, programme_id: ProgrammeId, service: &ValidService) -> Result<Service> {
    let programme = programmes::fetch(unit.conn(), programme_id).await?;
    check(unit.conn(), &programme, service).await?;
    let id = ServiceId(
        columns::insert_returning_id(
            bind_service(sqlx::query(&INSERT), service)
                .bind(programme_id)
                .bind(now_text()),
            unit.conn(),
        )
        .await
        .map_err(|e| on_unique(e, UNIQUE_RULES))?,
    );
    set_capacities(unit.conn(), &programme, id, service).await?;
    unit.record(
        AuditEvent::new("service.create", "service", id)
            .in_organisation(Some((service.organisation_id.unwrap_or(programme.agency_id)).get()))
            .with_detail(json!({ "programme_id": programme_id, "code": service.code, "kind": service.kind })),
    )
    .await?;
    fetch(unit.conn(), id).await
}

pub async fn update(unit: &mut Unit, id: ServiceId, service: &ValidService) -> Result<Service> {
    let before = fetch(unit.conn(), id).await?;
    let programme = programmes::fetch(unit.conn(), before.programme_id).await?;
    check(unit.conn(), &programme, service).await?;
    bind_service(sqlx::query(&UPDATE), service)
        .bind(id)
        .execute(unit.conn())
        .await
        .map_err(|e| on_unique(e, UNIQUE_RULES))?;
    set_capacities(unit.conn(), &programme, id, service).await?;
    unit.record(
        AuditEvent::new("service.update", "service", id)
            .in_organisation(Some((service.organisation_id.unwrap_or(programme.agency_id)).get()))
            .with_detail(json!({ "programme_id": programme.id, "code": service.code })),
    )
    .await?;
    fetch(unit.conn(), id).await
}

/// Takes a service out of the catalogue; interventions already made keep it.
pub async fn archive(unit: &mut Unit, id: ServiceId) -> Result<Service> {
    let service = fetch(unit.conn(), id).await?;
    sqlx::query("UPDATE services SET archived_at = $1 WHERE id = $2 AND archived_at IS NULL")
        .bind(now_text())
        .bind(id)
        .execute(unit.conn())
        .await?;
    unit.record(
        AuditEvent::new("service.archive", "service", id)
            .in_organisation(service.organisation_id.map(OrganisationId::get)),
    )
    .await?;
    fetch(unit.conn(), id).await
}

pub(crate) async fn list_in(
    conn: &mut AnyConnection,
    programme_id: ProgrammeId,
    include_archived: bool,
) -> Result<Vec<Service>> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE s.programme_id = $1 AND ($2 OR s.archived_at IS NULL) ORDER BY s.id"
    ))
    .bind(programme_id)
    .bind(include_archived)
    .fetch_all(&mut *conn)
    .await?;
    let services = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    with_capacities(conn, services, programme_id).await
}

/// A programme's catalogue, in the order services were added.
pub async fn list(store: &Store, programme_id: ProgrammeId, include_archived: bool) -> Result<Vec<Service>> {
    let mut conn = store.pool().acquire().await?;
    list_in(&mut conn, programme_id, include_archived).await
}

pub async fn get(store: &Store, id: ServiceId) -> Result<Service> {
    let mut conn = store.pool().acquire().await?;
    fetch(&mut conn, id).await
}

pub async fn find_by_code(store: &Store, programme_id: ProgrammeId, code: &str) -> Result<Option<Service>> {
    let id: Option<(ServiceId,)> = sqlx::query_as("SELECT id FROM services WHERE programme_id = $1 AND code = $2")
        .bind(programme_id)
        .bind(code)
        .fetch_optional(store.pool())
        .await?;
    match id {
        Some((id,)) => get(store, id).await.map(Some),
        None => Ok(None),
    }
}

/// Firms of the registry that can host internships.
pub async fn host_firms(store: &Store) -> Result<Vec<(i64, String)>> {
    Ok(
        sqlx::query_as("SELECT id, name FROM organisations WHERE kind = 'firm' AND archived_at IS NULL ORDER BY name")
            .fetch_all(store.pool())
            .await?,
    )
}

/// The catalogue as an HSDS 3.0 array of services (archived ones as `inactive`).
pub async fn export_hsds(store: &Store, programme_id: ProgrammeId) -> Result<serde_json::Value> {
    let programme = programmes::get(store, programme_id).await?;
    let entries = list(store, programme_id, true)
        .await?
        .iter()
        .map(Service::to_entry)
        .collect::<Result<Vec<_>>>()?;
    Ok(hsds::export(&programme.name, &programme.description, &entries))
}

/// Adds or updates (by code) the services of an HSDS document. Organisations
/// are found by name: the offering one among the programme's, the host firm in
/// the registry. All or nothing: the unit is not committed on error.
pub async fn import_hsds(
    unit: &mut Unit,
    programme_id: ProgrammeId,
    services: Vec<ImportedService>,
) -> Result<Vec<Service>> {
    let programme = programmes::fetch(unit.conn(), programme_id).await?;
    let mut errors = ValidationErrors::new();
    let mut valid = Vec::new();
    for (index, imported) in services.into_iter().enumerate() {
        let mut draft = imported.draft;
        if let Some(name) = &imported.organisation_name {
            draft.organisation_id = if *name == programme.agency_name {
                Some(programme.agency_id)
            } else {
                programme
                    .cooperatives
                    .iter()
                    .find(|(_, n)| n == name)
                    .map(|(id, _)| *id)
            };
            if draft.organisation_id.is_none() {
                errors.add(
                    &format!("services[{index}].organization"),
                    msg!("error-organisation-not-delivering", name = name.as_str()),
                );
            }
        }
        if let Some(name) = &imported.host_firm_name {
            let firm: Option<(OrganisationId,)> = sqlx::query_as(
                "SELECT id FROM organisations WHERE name = $1 AND kind = 'firm' AND archived_at IS NULL",
            )
            .bind(name)
            .fetch_optional(unit.conn())
            .await?;
            draft.host_firm_id = firm.map(|(id,)| id);
            if firm.is_none() {
                errors.add(
                    &format!("services[{index}].host_firm"),
                    msg!("error-not-a-firm", name = name.as_str()),
                );
            }
        }
        match draft.validate() {
            Ok(service) => valid.push((index, service)),
            Err(field_errors) => {
                for e in field_errors.0 {
                    errors.add(&format!("services[{index}].{}", e.field), e.message);
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let mut stored = Vec::new();
    for (index, service) in valid {
        let existing: Option<(ServiceId,)> =
            sqlx::query_as("SELECT id FROM services WHERE programme_id = $1 AND code = $2")
                .bind(programme_id)
                .bind(&service.code)
                .fetch_optional(unit.conn())
                .await?;
        let result = match existing {
            Some((id,)) => update(unit, id, &service).await,
            None => create(unit, programme_id, &service).await,
        };
        stored.push(result.map_err(|e| prefix_errors(e, index))?);
    }
    Ok(stored)
}

fn prefix_errors(error: StorageError, index: usize) -> StorageError {
    let prefix = |errors: ValidationErrors| {
        let mut prefixed = ValidationErrors::new();
        for e in errors.0 {
            prefixed.add(&format!("services[{index}].{}", e.field), e.message);
        }
        prefixed
    };
    match error {
        StorageError::Invalid(errors) => StorageError::Invalid(prefix(errors)),
        StorageError::Conflict(errors) => StorageError::Conflict(prefix(errors)),
        other => other,
    }
}
