//! The demo's second tenant: another public agency (registered on filiera by
//! the first one's admin, then given users of its own), another consortium
//! with a Type A and a Type B cooperative, one user per role, and a household
//! with health notes on an active project in the agency's own programme.
//!
//! It exists so that every test and every walk through the demo has a
//! neighbour to leak to: an authorization test that knows one organisation
//! cannot find a leak between two. Loading it twice changes nothing.

use crate::pathways::demo_households::{Demo, person, user_actor};
use crate::pathways::programmes::{self, add_round};
use crate::pathways::{catalogue, register};
use crate::{Actor, Result, StorageError, Store, organisations, passwords, users};
use filiera_domain::organisation::{CooperativeType, OrganisationDraft, OrganisationKind};
use filiera_domain::pathways::catalogue::{ServiceDraft, ServiceKind};
use filiera_domain::pathways::household::Gender;
use filiera_domain::pathways::path::PathState;
use filiera_domain::pathways::programme::{ProgrammeDraft, RoundPeriod};
use filiera_domain::pathways::project::ActivityKind;
use filiera_domain::role::Role;
use filiera_domain::user::UserDraft;
use time::Date;
use time::macros::date;

pub const SECOND_AGENCY: &str = "Comune di Livorno — Servizi Sociali";
pub const SECOND_CONSORTIUM: &str = "Consorzio Mosaico";
pub const SECOND_TYPE_A: &str = "Cooperativa Sociale Il Faro";
pub const SECOND_TYPE_B: &str = "Cooperativa Sociale Verde Lavoro";
pub const SECOND_PROGRAMME: &str = "Percorsi Livorno — Inclusione Attiva";

/// The second tenant's users: e-mail, name, role and organisation. Their
/// password is the demo's (`DEMO_PASSWORD`).
pub const SECOND_TENANT_USERS: &[(&str, &str, Role, &str)] = &[
    (
        "admin@livorno.demo.filiera.eu",
        "Lorenzo Amato",
        Role::Admin,
        SECOND_AGENCY,
    ),
    (
        "programme.manager@livorno.demo.filiera.eu",
        "Beatrice Neri",
        Role::ProgrammeManager,
        SECOND_AGENCY,
    ),
    (
        "social.worker@livorno.demo.filiera.eu",
        "Davide Greco",
        Role::SocialWorker,
        SECOND_AGENCY,
    ),
    (
        "auditor@livorno.demo.filiera.eu",
        "Irene Fontana",
        Role::Auditor,
        SECOND_AGENCY,
    ),
    (
        "case.manager@livorno.demo.filiera.eu",
        "Marta Villa",
        Role::CaseManager,
        SECOND_TYPE_A,
    ),
    (
        "operator@livorno.demo.filiera.eu",
        "Yusuf Demir",
        Role::Operator,
        SECOND_TYPE_A,
    ),
    (
        "consortium.manager@livorno.demo.filiera.eu",
        "Franco Serra",
        Role::ConsortiumManager,
        SECOND_CONSORTIUM,
    ),
    (
        "production.supervisor@livorno.demo.filiera.eu",
        "Elisa Rinaldi",
        Role::ProductionSupervisor,
        SECOND_TYPE_B,
    ),
];

fn invalid(e: filiera_domain::ValidationErrors) -> StorageError {
    StorageError::Invalid(e)
}

/// Loads the second tenant where missing; `first_agency` registered the
/// second agency; `today` is the demo's day. Returns how many records it created.
pub async fn load(store: &Store, first_agency: i64, today: Date) -> Result<usize> {
    if programmes::find_by_name(store, SECOND_PROGRAMME).await?.is_some() {
        return Ok(0);
    }
    let mut created = organisations_and_users(store, first_agency).await?;
    created += programme_and_household(store, today).await?;
    Ok(created)
}

async fn ensure_organisation(
    store: &Store,
    unit: &mut crate::Unit,
    draft: OrganisationDraft,
    registered_by: Option<i64>,
) -> Result<(i64, usize)> {
    if let Some(existing) = organisations::find_by_name(store, &draft.name).await? {
        return Ok((existing.id, 0));
    }
    let valid = draft.validate().map_err(invalid)?;
    Ok((organisations::create(unit, &valid, registered_by).await?.id, 1))
}

async fn organisations_and_users(store: &Store, first_agency: i64) -> Result<usize> {
    let actor = Actor::system("demo");
    let mut unit = store.begin(&actor).await?;
    let (_, mut created) = ensure_organisation(
        store,
        &mut unit,
        OrganisationDraft {
            name: SECOND_AGENCY.into(),
            kind: Some(OrganisationKind::PublicAgency),
            municipality: Some("Livorno".into()),
            email: Some("servizi.sociali@comune-livorno.example.it".into()),
            ..Default::default()
        },
        Some(first_agency),
    )
    .await?;
    let (consortium, new) = ensure_organisation(
        store,
        &mut unit,
        OrganisationDraft {
            name: SECOND_CONSORTIUM.into(),
            kind: Some(OrganisationKind::Consortium),
            sectors: vec!["back office".into()],
            municipality: Some("Livorno".into()),
            law381_region: Some("Toscana".into()),
            law381_number: Some("C-0031".into()),
            law381_registered_on: Some(date!(2004 - 09 - 14)),
            ..Default::default()
        },
        None,
    )
    .await?;
    created += new;
    for (name, kind, sectors, number) in [
        (
            SECOND_TYPE_A,
            CooperativeType::A,
            "training workshops,education",
            "A-2210",
        ),
        (SECOND_TYPE_B, CooperativeType::B, "gardening,cleaning", "B-1187"),
    ] {
        let (_, new) = ensure_organisation(
            store,
            &mut unit,
            OrganisationDraft {
                name: name.into(),
                kind: Some(OrganisationKind::Cooperative),
                cooperative_type: Some(kind),
                sectors: sectors.split(',').map(str::to_owned).collect(),
                municipality: Some("Livorno".into()),
                law381_region: Some("Toscana".into()),
                law381_number: Some(number.into()),
                law381_registered_on: Some(date!(2006 - 03 - 01)),
                consortium_id: Some(consortium),
                ..Default::default()
            },
            Some(consortium),
        )
        .await?;
        created += new;
    }
    unit.commit().await?;
    let mut unit = store.begin(&actor).await?;
    let password_hash = passwords::hash_password(crate::demo::DEMO_PASSWORD)?;
    for (email, name, role, organisation) in SECOND_TENANT_USERS {
        if users::find_by_email(store, email).await?.is_some() {
            continue;
        }
        let draft = UserDraft {
            email: (*email).into(),
            display_name: (*name).into(),
        };
        let user = users::create(&mut unit, &draft.validate().map_err(invalid)?, &password_hash).await?;
        let org = organisations::find_by_name(store, organisation)
            .await?
            .ok_or(StorageError::NotFound {
                what: "demo organisation",
            })?;
        users::set_membership(&mut unit, user.id, org.id, *role).await?;
        created += 1;
    }
    unit.commit().await?;
    Ok(created)
}

async fn id_of(store: &Store, name: &str) -> Result<i64> {
    organisations::find_by_name(store, name)
        .await?
        .map(|o| o.id)
        .ok_or(StorageError::NotFound {
            what: "demo organisation",
        })
}

/// The agency's programme (one round, two services by its Type A
/// cooperative) and a household on an active project with health notes.
async fn programme_and_household(store: &Store, today: Date) -> Result<usize> {
    let (agency, cooperative) = (id_of(store, SECOND_AGENCY).await?, id_of(store, SECOND_TYPE_A).await?);
    let mut unit = store.begin(&Actor::system("demo")).await?;
    let draft = ProgrammeDraft {
        name: SECOND_PROGRAMME.into(),
        agency_id: Some(agency),
        description: "Paths to autonomy for households of Livorno, delivered by Il Faro.".into(),
        total_budget: "120000.00".into(),
        cooperative_ids: vec![cooperative],
    };
    let programme = programmes::create(&mut unit, &draft.validate().map_err(invalid)?).await?;
    let period = RoundPeriod::new(1, date!(2022 - 01 - 01), date!(2022 - 12 - 31)).map_err(invalid)?;
    let round = add_round(&mut unit, programme.id, &period).await?;
    for (code, name, kind, tags) in [
        (
            "workshop",
            "Carpentry workshop",
            ServiceKind::TrainingCourse,
            "carpentry",
        ),
        (
            "counselling",
            "Psychological support",
            ServiceKind::PsychologicalSupport,
            "",
        ),
    ] {
        let service = ServiceDraft {
            code: code.into(),
            name: name.into(),
            kind: Some(kind),
            organisation_id: Some(cooperative),
            hours: "40".into(),
            unit_cost: "600".into(),
            language: Some("it".into()),
            location: Some("Livorno".into()),
            interest_tags: tags.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
            capacities: vec![(1, 10)],
            ..Default::default()
        };
        catalogue::create(&mut unit, programme.id, &service.validate().map_err(invalid)?).await?;
    }
    unit.commit().await?;

    let demo = Demo {
        store: store.clone(),
        agency,
        cooperative,
        programme: programme.id,
        round: round.id,
        social_worker: user_actor(store, "social.worker@livorno.demo.filiera.eu").await?,
        case_manager: user_actor(store, "case.manager@livorno.demo.filiera.eu").await?,
        psychologist: user_actor(store, "operator@livorno.demo.filiera.eu")
            .await?
            .user_id
            .unwrap_or_default(),
        today,
    };
    let (household, participant) = demo
        .household(
            person(
                "Giovanni",
                "Lombardi",
                date!(1981 - 07 - 19),
                Gender::M,
                "IT",
                &["carpentry"],
            ),
            "Livorno",
        )
        .await?;
    demo.path_to(participant, &[PathState::FirstInterview, PathState::SecondInterview])
        .await?;
    demo.assess(
        participant,
        date!(2022 - 02 - 07),
        2,
        Some("Under treatment at the local mental health centre; avoid night shifts."),
    )
    .await?;
    let project = demo.project(household, participant, date!(2022 - 02 - 14)).await?;
    let workshop = demo
        .intervention(
            project,
            participant,
            "workshop",
            date!(2022 - 03 - 01),
            date!(2022 - 06 - 30),
        )
        .await?;
    let mut unit = store.begin(&demo.case_manager).await?;
    register::add_entry(
        &mut unit,
        &register::NewEntry {
            project_id: project,
            intervention_id: Some(workshop),
            participant_id: Some(participant),
            kind: ActivityKind::SessionAttended,
            occurred_on: date!(2022 - 03 - 07),
            minutes: 180,
            text: "First morning at the carpentry workshop: punctual, works well in pairs.".into(),
        },
    )
    .await?;
    unit.commit().await?;
    Ok(6)
}
