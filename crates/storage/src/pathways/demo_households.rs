//! Demo households at every stage of the path in the demo programme: referred,
//! first interview (with a form and health notes), second interview, project
//! active (with interventions, a date conflict, the register and an overdue
//! request), closed with a follow-up, and withdrawn. Loading twice adds nothing.

use super::{assessments, households, interventions, paths, projects, register};
use crate::{Actor, Result, StorageError, Store, organisations, users};
use filiera_domain::pathways::assessment::{AssessmentDraft, EmployabilityArea, Scale, Vulnerability};
use filiera_domain::pathways::closure::{ClosureDraft, Outcome};
use filiera_domain::pathways::household::{EmploymentStatus, Gender, MemberDraft, Relationship};
use filiera_domain::pathways::path::PathState;
use filiera_domain::pathways::project::{ActivityKind, InterventionStatus, Profession, validate_objective};
use time::macros::date;
use time::{Date, Duration};

const PROGRAMME: &str = "ALI — Agenzia per il Lavoro Innovativo";
const AGENCY: &str = "Società della Salute della Zona Pisana";
const COOPERATIVE: &str = "Cooperativa Sociale Il Girasole";

pub(crate) fn person(
    first: &str,
    last: &str,
    born: Date,
    gender: Gender,
    country: &str,
    interests: &[&str],
) -> MemberDraft {
    MemberDraft {
        first_name: first.into(),
        last_name: last.into(),
        birth_date: Some(born),
        gender: Some(gender),
        country_of_birth: Some(country.into()),
        citizenship: Some(country.into()),
        employment_status: Some(EmploymentStatus::Unemployed),
        minimum_income: Some(true),
        interests: interests.iter().map(|s| (*s).to_owned()).collect(),
        ..Default::default()
    }
}

fn invalid(e: filiera_domain::ValidationErrors) -> StorageError {
    StorageError::Invalid(e)
}

/// One agency's demo case work: who records it, in which programme and round.
pub(crate) struct Demo {
    pub(crate) store: Store,
    pub(crate) agency: i64,
    pub(crate) cooperative: i64,
    pub(crate) programme: i64,
    pub(crate) round: i64,
    pub(crate) social_worker: Actor,
    pub(crate) case_manager: Actor,
    pub(crate) psychologist: i64,
    pub(crate) today: Date,
}

impl Demo {
    pub(crate) async fn household(&self, head: MemberDraft, municipality: &str) -> Result<(i64, i64)> {
        let head = head.validate(self.today).map_err(invalid)?;
        let mut unit = self.store.begin(&self.social_worker).await?;
        let (household, member) = households::create(
            &mut unit,
            self.agency,
            Some(municipality),
            None,
            self.social_worker.user_id,
            &head,
        )
        .await?;
        unit.commit().await?;
        Ok((household.id, member.id))
    }

    pub(crate) async fn path_to(&self, participant: i64, states: &[PathState]) -> Result<i64> {
        let mut unit = self.store.begin(&self.social_worker).await?;
        let path = paths::open(&mut unit, participant, self.programme, Some(self.round)).await?;
        for state in states {
            let reason = state.needs_reason().then_some("moved to another region for work");
            paths::move_to(&mut unit, path.id, *state, reason).await?;
        }
        unit.commit().await?;
        Ok(path.id)
    }

    pub(crate) async fn assess(&self, participant: i64, on: Date, score: i64, health: Option<&str>) -> Result<()> {
        let scores = EmployabilityArea::ALL
            .iter()
            .enumerate()
            .map(|(i, a)| (*a, (score + (i as i64 % 3) - 1).clamp(1, 5)))
            .collect();
        let draft = AssessmentDraft {
            assessed_on: Some(on),
            scores,
            health_notes: health.map(str::to_owned),
            family_composition: "Lives with two children aged 8 and 12.".into(),
            vulnerabilities: vec![Vulnerability::SingleParent, Vulnerability::Unemployment],
            past_work: "Cleaning, seasonal agriculture.".into(),
            interests: "Cooking, logistics.".into(),
            suggested_interventions: "Italian course, HACCP, internship in catering.".into(),
            ..Default::default()
        };
        let form = draft.validate(&Scale::default(), self.today).map_err(invalid)?;
        let mut unit = self.store.begin(&self.social_worker).await?;
        assessments::create(&mut unit, participant, &form).await?;
        unit.commit().await
    }

    pub(crate) async fn service(&self, code: &str) -> Result<i64> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM services WHERE programme_id = $1 AND code = $2")
            .bind(self.programme)
            .bind(code)
            .fetch_optional(self.store.pool())
            .await?;
        row.map(|(id,)| id)
            .ok_or(StorageError::NotFound { what: "demo service" })
    }

    pub(crate) async fn project(&self, household: i64, focus: i64, started: Date) -> Result<i64> {
        let mut unit = self.store.begin(&self.case_manager).await?;
        let project = projects::create(
            &mut unit,
            &projects::NewProject {
                household_id: household,
                programme_id: self.programme,
                round_id: Some(self.round),
                cooperative_id: Some(self.cooperative),
                focus_participant_id: focus,
                case_manager_id: self.case_manager.user_id,
                started_on: started,
            },
        )
        .await?;
        projects::add_operator(&mut unit, project.id, self.psychologist, Profession::Psychologist).await?;
        unit.commit().await?;
        Ok(project.id)
    }

    pub(crate) async fn intervention(
        &self,
        project: i64,
        participant: i64,
        code: &str,
        start: Date,
        end: Date,
    ) -> Result<i64> {
        let service = self.service(code).await?;
        let mut unit = self.store.begin(&self.case_manager).await?;
        let planned = interventions::add_intervention(
            &mut unit,
            &interventions::NewIntervention {
                project_id: project,
                participant_id: participant,
                service_id: service,
                round_id: Some(self.round),
                funding_stream_id: None,
                planned_start: Some(start),
                planned_end: Some(end),
                minutes: 40 * 60,
                cost_cents: 120_000,
                justification: Some("agreed with the person at the second interview".into()),
            },
        )
        .await?;
        unit.commit().await?;
        Ok(planned.id)
    }
}

pub(crate) async fn user_actor(store: &Store, email: &str) -> Result<Actor> {
    let user = users::find_by_email(store, email)
        .await?
        .ok_or(StorageError::NotFound { what: "demo user" })?;
    Ok(Actor {
        user_id: Some(user.id),
        label: user.email,
        ip: None,
    })
}

/// Loads the demo households; does nothing if the demo programme is missing or
/// the households are already there. Returns how many households it created.
pub async fn load(store: &Store) -> Result<usize> {
    let programme: Option<(i64,)> = sqlx::query_as("SELECT id FROM programmes WHERE name = $1")
        .bind(PROGRAMME)
        .fetch_optional(store.pool())
        .await?;
    let Some((programme,)) = programme else { return Ok(0) };
    let round: Option<(i64,)> = sqlx::query_as("SELECT id FROM rounds WHERE programme_id = $1 ORDER BY number DESC")
        .bind(programme)
        .fetch_optional(store.pool())
        .await?;
    let Some((round,)) = round else { return Ok(0) };
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM households")
        .fetch_one(store.pool())
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let agency = organisations::find_by_name(store, AGENCY)
        .await?
        .ok_or(StorageError::NotFound { what: "demo agency" })?;
    let cooperative = organisations::find_by_name(store, COOPERATIVE)
        .await?
        .ok_or(StorageError::NotFound {
            what: "demo cooperative",
        })?;
    let psychologist = user_actor(store, "operator@demo.filiera.eu")
        .await?
        .user_id
        .unwrap_or_default();
    let demo = Demo {
        store: store.clone(),
        agency: agency.id,
        cooperative: cooperative.id,
        programme,
        round,
        social_worker: user_actor(store, "social.worker@demo.filiera.eu").await?,
        case_manager: user_actor(store, "case.manager@demo.filiera.eu").await?,
        psychologist,
        today: crate::clock::today(),
    };

    // Referred: a large family; the adult daughter is the one referred.
    let (benali, karim) = demo
        .household(
            person(
                "Karim",
                "Benali",
                date!(1972 - 04 - 11),
                Gender::M,
                "MA",
                &["construction"],
            ),
            "Pisa",
        )
        .await?;
    let mut unit = store.begin(&demo.social_worker).await?;
    let relatives = [
        (
            "Fatima",
            date!(1976 - 09 - 02),
            Gender::F,
            Relationship::Partner,
            &["tailoring"][..],
        ),
        (
            "Salma",
            date!(2001 - 01 - 20),
            Gender::F,
            Relationship::Child,
            &["logistics", "retail"][..],
        ),
        (
            "Youssef",
            date!(2013 - 06 - 14),
            Gender::M,
            Relationship::Child,
            &[][..],
        ),
    ];
    let mut salma = karim;
    for (first, born, gender, relationship, interests) in relatives {
        let mut draft = person(first, "Benali", born, gender, "MA", interests);
        draft.relationship = Some(relationship);
        let member = households::add_member(&mut unit, benali, &draft.validate(demo.today).map_err(invalid)?).await?;
        if first == "Salma" {
            salma = member.id;
        }
    }
    unit.commit().await?;
    demo.path_to(salma, &[]).await?;

    // First interview: form filled in, with health notes.
    let mut rossi = person("Maria", "Rossi", date!(1984 - 02 - 29), Gender::F, "IT", &["cooking"]);
    rossi.single_parent = Some(true);
    let (_, maria) = demo.household(rossi, "Cascina").await?;
    demo.path_to(maria, &[PathState::FirstInterview]).await?;
    demo.assess(
        maria,
        demo.today - Duration::days(20),
        2,
        Some("Follows a therapy for anxiety; check appointments before planning."),
    )
    .await?;

    // Second interview: ready for the project.
    let (bianchi, giulia) = demo
        .household(
            person("Giulia", "Bianchi", date!(1990 - 07 - 08), Gender::F, "IT", &["retail"]),
            "Pisa",
        )
        .await?;
    demo.path_to(giulia, &[PathState::FirstInterview, PathState::SecondInterview])
        .await?;
    demo.assess(giulia, demo.today - Duration::days(40), 3, None).await?;
    let _ = bianchi;

    // Project active: interventions, one planned past its round, register, overdue request.
    let (kaur, harpreet) = demo
        .household(
            person(
                "Harpreet",
                "Kaur",
                date!(1979 - 12 - 01),
                Gender::F,
                "IN",
                &["cooking", "logistics"],
            ),
            "San Giuliano Terme",
        )
        .await?;
    demo.path_to(harpreet, &[PathState::FirstInterview, PathState::SecondInterview])
        .await?;
    demo.assess(
        harpreet,
        date!(2022 - 01 - 10),
        2,
        Some("Back pain: avoid lifting tasks."),
    )
    .await?;
    demo.assess(harpreet, date!(2022 - 05 - 20), 3, None).await?;
    let project = demo.project(kaur, harpreet, date!(2022 - 01 - 17)).await?;
    let italian = demo
        .intervention(
            project,
            harpreet,
            "italian",
            date!(2022 - 01 - 24),
            date!(2022 - 05 - 30),
        )
        .await?;
    demo.intervention(
        project,
        harpreet,
        "internship",
        date!(2022 - 05 - 02),
        date!(2022 - 08 - 31),
    )
    .await?;
    let mut unit = store.begin(&demo.case_manager).await?;
    interventions::change_intervention_status(&mut unit, italian, InterventionStatus::Active, None).await?;
    let objective = validate_objective(
        "Reach A2 in Italian",
        Some(date!(2022 - 06 - 15)),
        "CELI A2 certificate",
    )
    .map_err(invalid)?;
    projects::add_objective(&mut unit, project, &objective).await?;
    for (day, kind, text) in [
        (
            date!(2022 - 01 - 24),
            ActivityKind::SessionAttended,
            "First Italian lesson",
        ),
        (date!(2022 - 02 - 03), ActivityKind::HomeVisit, "Met the family at home"),
        (date!(2022 - 02 - 10), ActivityKind::SessionMissed, "Child ill"),
    ] {
        let entry = register::NewEntry {
            project_id: project,
            participant_id: Some(harpreet),
            intervention_id: (kind != ActivityKind::HomeVisit).then_some(italian),
            kind,
            occurred_on: day,
            minutes: 120,
            text: text.into(),
        };
        register::add_entry(&mut unit, &entry).await?;
    }
    register::open_request(
        &mut unit,
        kaur,
        "household",
        "Help with the school canteen fee form",
        demo.today - Duration::days(15),
    )
    .await?;
    unit.commit().await?;

    // Closed, with a follow-up at six months.
    let (esposito, luca) = demo
        .household(
            person(
                "Luca",
                "Esposito",
                date!(1968 - 03 - 15),
                Gender::M,
                "IT",
                &["logistics"],
            ),
            "Pisa",
        )
        .await?;
    demo.path_to(luca, &[PathState::FirstInterview, PathState::SecondInterview])
        .await?;
    let closed = demo.project(esposito, luca, date!(2022 - 01 - 10)).await?;
    let forklift = demo
        .intervention(closed, luca, "forklift", date!(2022 - 02 - 01), date!(2022 - 03 - 15))
        .await?;
    let mut unit = store.begin(&demo.case_manager).await?;
    interventions::change_intervention_status(&mut unit, forklift, InterventionStatus::Active, None).await?;
    interventions::change_intervention_status(&mut unit, forklift, InterventionStatus::Completed, None).await?;
    let closure = ClosureDraft {
        closed_on: Some(date!(2022 - 06 - 30)),
        objectives_achieved: "Forklift licence obtained; CV updated.".into(),
        skills_acquired: "Forklift driving, warehouse safety.".into(),
        critical_issues: "Long commute without a car.".into(),
        resources_activated: "Forklift course, job centre.".into(),
        outcome: Some(Outcome::HiredElsewhere),
    }
    .validate(date!(2022 - 01 - 10), demo.today)
    .map_err(invalid)?;
    projects::close(&mut unit, closed, &closure).await?;
    projects::record_follow_up(
        &mut unit,
        closed,
        luca,
        6,
        date!(2023 - 01 - 10),
        "employed",
        "Still at the warehouse",
    )
    .await?;
    unit.commit().await?;

    // Project just started, waiting for places: what the round's matching proposes for.
    for (first, last, born, gender, country, interests) in [
        (
            "Ahmed",
            "Saleh",
            date!(1986 - 08 - 19),
            Gender::M,
            "EG",
            &["logistics", "warehouse"][..],
        ),
        (
            "Chiara",
            "Lombardi",
            date!(1997 - 11 - 05),
            Gender::F,
            "IT",
            &["catering", "cooking"][..],
        ),
    ] {
        let (household, member) = demo
            .household(person(first, last, born, gender, country, interests), "Pisa")
            .await?;
        demo.path_to(member, &[PathState::FirstInterview, PathState::SecondInterview])
            .await?;
        demo.assess(member, demo.today - Duration::days(10), 2, None).await?;
        demo.project(household, member, demo.today - Duration::days(3)).await?;
    }

    // Withdrawn after the first interview.
    let (_, elena) = demo
        .household(
            person("Elena", "Popescu", date!(1995 - 10 - 30), Gender::F, "RO", &["care"]),
            "Vecchiano",
        )
        .await?;
    demo.path_to(elena, &[PathState::FirstInterview, PathState::Withdrawn])
        .await?;
    Ok(8)
}
