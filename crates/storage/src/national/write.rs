//! Writes a drawn [`Plan`] table by table, parents before children, each phase
//! reported to the progress display.

use super::catalogue::*;
use super::insert::{Batch, Value};
use super::plan::{Day, Plan, iso};
use super::{Progress, Scale, Summary};
use crate::{Backend, Result, Unit};
use sqlx::AnyConnection;

mod pathways;

/// Tables whose ids the generator chooses; PostgreSQL's identity sequences
/// must be moved past them afterwards.
const EXPLICIT_ID_TABLES: [&str; 6] = [
    "organisations",
    "households",
    "participants",
    "paths",
    "projects",
    "interventions",
];

/// Progress is redrawn every this many rows, not on every row.
const TICK: u64 = 20_000;

const ENTRY_SALT: u64 = 0xE17;

fn instant(day: Day) -> String {
    format!("{}T09:00:00.000Z", iso(day))
}

async fn next_id(conn: &mut AnyConnection, table: &str) -> Result<i64> {
    let (max,): (i64,) = sqlx::query_as(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}"))
        .fetch_one(&mut *conn)
        .await?;
    Ok(max + 1)
}

pub(super) async fn advance_identities(conn: &mut AnyConnection) -> Result<()> {
    for table in EXPLICIT_ID_TABLES {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
        ))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub(super) struct Writer<'a> {
    backend: Backend,
    unit: &'a mut Unit,
    plan: &'a Plan,
    seed: u64,
    optional_columns: bool,
    progress: &'a mut dyn Progress,
}

/// First ids of the rows the plan refers to by index.
struct Ids {
    agency: i64,
    user: i64,
    programme: i64,
    rounds: Vec<i64>,
    streams: Vec<i64>,
    services: Vec<i64>,
    cooperatives: i64,
    households: i64,
    people: i64,
    paths: i64,
    projects: i64,
    interventions: i64,
}

impl<'a> Writer<'a> {
    pub(super) fn new(
        backend: Backend,
        unit: &'a mut Unit,
        plan: &'a Plan,
        seed: u64,
        optional_columns: bool,
        progress: &'a mut dyn Progress,
    ) -> Writer<'a> {
        Writer {
            backend,
            unit,
            plan,
            seed,
            optional_columns,
            progress,
        }
    }

    pub(super) async fn write_all(&mut self, scale: &Scale) -> Result<Summary> {
        let ids = self.programme().await?;
        let plan = self.plan;
        let mut summary = Summary {
            programme_id: ids.programme,
            cooperatives: plan.cooperative_types.len() as u64,
            households: plan.households.len() as u64,
            participants: plan.paths.len() as u64,
            household_members: plan.people.len() as u64,
            paths: plan.paths.len() as u64,
            projects: plan.projects.len() as u64,
            interventions: plan.interventions.len() as u64,
            ..Summary::default()
        };
        self.cooperatives(&ids).await?;
        self.households(&ids).await?;
        self.people(&ids).await?;
        self.paths(&ids).await?;
        self.projects(&ids).await?;
        self.interventions(&ids).await?;
        summary.activity_entries = self.entries(&ids, scale.activity_entries).await?;
        (summary.closures, summary.follow_ups) = self.closures(&ids).await?;
        Ok(summary)
    }

    /// The agency, the generator's user, the programme and its catalogue: a few rows, one by one.
    async fn programme(&mut self) -> Result<Ids> {
        let conn = self.unit.conn();
        let created = instant(super::plan::day("2022-12-01"));
        let (agency,): (i64,) = sqlx::query_as(
            "INSERT INTO organisations (name, kind, municipality, created_at, updated_at) \
             VALUES ($1, 'public_agency', 'Roma', $2, $2) RETURNING id",
        )
        .bind(AGENCY)
        .bind(&created)
        .fetch_one(&mut *conn)
        .await?;
        // Authors the register entries; disabled, with no usable password, so no one can sign in as it.
        let (user,): (i64,) = sqlx::query_as(
            "INSERT INTO users (email, display_name, password_hash, created_at, disabled_at) \
             VALUES ($1, 'Generatore dati sintetici', '!', $2, $2) RETURNING id",
        )
        .bind(GENERATOR_EMAIL)
        .bind(&created)
        .fetch_one(&mut *conn)
        .await?;
        let budget: i64 = FUNDING_STREAMS.iter().map(|s| s.1).sum();
        let (programme,): (i64,) = sqlx::query_as(
            "INSERT INTO programmes (name, agency_id, description, total_budget_cents, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(PROGRAMME)
        .bind(agency)
        .bind("Dataset sintetico per misurare filiera su scala nazionale: nessuna persona reale.")
        .bind(budget)
        .bind(&created)
        .fetch_one(&mut *conn)
        .await?;
        let mut rounds = Vec::new();
        for (number, start, end, _) in ROUNDS {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO rounds (programme_id, number, start_date, end_date) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(programme)
            .bind(number)
            .bind(start)
            .bind(end)
            .fetch_one(&mut *conn)
            .await?;
            rounds.push(id);
        }
        let mut streams = Vec::new();
        for (name, budget, eligibility) in FUNDING_STREAMS {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO funding_streams (programme_id, name, budget_cents, eligibility) \
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(programme)
            .bind(name)
            .bind(budget)
            .bind(eligibility)
            .fetch_one(&mut *conn)
            .await?;
            streams.push(id);
        }
        let mut services = Vec::new();
        for spec in &SERVICES {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO services (programme_id, code, name, kind, unit_cost_cents, minutes, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(programme)
            .bind(spec.code)
            .bind(spec.name)
            .bind(spec.kind)
            .bind(spec.unit_cost_cents)
            .bind(spec.minutes)
            .bind(&created)
            .fetch_one(&mut *conn)
            .await?;
            services.push(id);
        }
        Ok(Ids {
            agency,
            user,
            programme,
            rounds,
            streams,
            services,
            cooperatives: next_id(conn, "organisations").await?,
            households: next_id(conn, "households").await?,
            people: next_id(conn, "participants").await?,
            paths: next_id(conn, "paths").await?,
            projects: next_id(conn, "projects").await?,
            interventions: next_id(conn, "interventions").await?,
        })
    }

    fn tick(&mut self, done: u64, total: u64) {
        if done.is_multiple_of(TICK) || done == total {
            self.progress.set(done);
        }
    }

    /// Writes one row per item through `batch`, as the progress phase `phase`.
    async fn write_rows<T>(
        &mut self,
        phase: &'static str,
        mut batch: Batch,
        items: &[T],
        row: impl Fn(usize, &T) -> Vec<Value>,
    ) -> Result<()> {
        let total = items.len() as u64;
        self.progress.start(phase, total);
        for (index, item) in items.iter().enumerate() {
            batch.push(self.unit.conn(), row(index, item)).await?;
            self.tick(index as u64 + 1, total);
        }
        batch.flush(self.unit.conn()).await?;
        self.progress.finish();
        Ok(())
    }

    async fn cooperatives(&mut self, ids: &Ids) -> Result<()> {
        let plan = self.plan;
        let total = plan.cooperative_types.len() as u64;
        self.progress.start("cooperatives", total);
        let created = instant(super::plan::day("2022-12-01"));
        let mut organisations = Batch::new(
            self.backend,
            "organisations",
            "id, name, kind, cooperative_type, sectors, municipality, law381_region, registered_by, created_at, updated_at",
            "(?1, ?2, 'cooperative', ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        );
        let mut members = Batch::new(
            self.backend,
            "programme_cooperatives",
            "programme_id, organisation_id",
            &format!("({}, ?1)", ids.programme),
        );
        for (index, (kind, municipality)) in plan.cooperative_types.iter().enumerate() {
            let id = ids.cooperatives + index as i64;
            let (town, region) = MUNICIPALITIES[*municipality];
            let sectors = match *kind {
                "A" => "training,home_care,education",
                "B" => "laundry,cleaning,gardening",
                _ => "training,catering,assembly",
            };
            let row: Vec<Value> = vec![
                id.into(),
                format!("Cooperativa Sociale Sintetica {:05}", index + 1).into(),
                (*kind).into(),
                sectors.into(),
                town.into(),
                region.into(),
                ids.agency.into(),
                created.clone().into(),
            ];
            organisations.push(self.unit.conn(), row).await?;
            members.push(self.unit.conn(), vec![id.into()]).await?;
            self.tick(index as u64 + 1, total);
        }
        organisations.flush(self.unit.conn()).await?;
        members.flush(self.unit.conn()).await?;
        self.progress.finish();
        Ok(())
    }

    fn round_start(round: Option<u8>) -> Day {
        let index = round.map_or(3, usize::from);
        super::plan::day(ROUNDS[index].1)
    }

    async fn households(&mut self, ids: &Ids) -> Result<()> {
        let batch = Batch::new(
            self.backend,
            "households",
            "id, agency_id, reference, residence_municipality, declared_size, members_recorded, created_at, updated_at",
            &format!("(?1, {}, ?2, ?3, ?4, ?5, ?6, ?6)", ids.agency),
        );
        let seed = self.seed;
        self.write_rows("households", batch, &self.plan.households, |index, household| {
            vec![
                (ids.households + index as i64).into(),
                format!("NAZ-{}-{:07}", seed, index + 1).into(),
                household.municipality.into(),
                household.declared_size.into(),
                household.members_recorded.into(),
                instant(Self::round_start(household.round)).into(),
            ]
        })
        .await
    }

    async fn people(&mut self, ids: &Ids) -> Result<()> {
        let plan = self.plan;
        let optional_columns = self.optional_columns;
        let (extra_columns, extra_values) = if optional_columns {
            (", housing_exclusion, minority", ", ?17, ?18")
        } else {
            ("", "")
        };
        let batch = Batch::new(
            self.backend,
            "participants",
            &format!(
                "id, household_id, first_name, last_name, relationship, birth_date, birth_year, gender, \
                 country_of_birth, citizenship, education_level, employment_status, minimum_income, disability, \
                 single_parent, created_at, updated_at{extra_columns}"
            ),
            &format!("(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16{extra_values})"),
        );
        self.write_rows("household members", batch, &plan.people, |index, person| {
            let household = &plan.households[person.household as usize];
            let mut row: Vec<Value> = vec![
                (ids.people + index as i64).into(),
                (ids.households + i64::from(person.household)).into(),
                person.first_name.into(),
                person.last_name.into(),
                person.relationship.into(),
                Value::Text(person.birth_date.map(iso)),
                person.birth_year.map(i64::from).into(),
                person.gender.into(),
                person.country_of_birth.into(),
                person.citizenship.into(),
                Value::Text(person.education_level.map(|l| l.to_string())),
                person.employment_status.into(),
                person.minimum_income.into(),
                person.disability.into(),
                person.single_parent.into(),
                instant(Self::round_start(household.round)).into(),
            ];
            if optional_columns {
                row.push(person.housing_exclusion.into());
                row.push(person.minority.into());
            }
            row
        })
        .await
    }
}
