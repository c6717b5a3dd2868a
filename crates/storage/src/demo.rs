//! Demo data: a public agency, a consortium with Type A, Type B and mixed
//! cooperatives, a partner firm, a funder, and one user per role — and a
//! second tenant beside them (`demo_second_tenant`: another agency, another
//! consortium, their cooperatives and users). Loading it twice changes nothing.

use crate::{Actor, Result, Store, organisations, passwords, users};
use filiera_domain::organisation::{CooperativeType, OrganisationDraft, OrganisationKind};
use filiera_domain::role::Role;
use filiera_domain::user::UserDraft;
use time::macros::date;

/// The password of every demo user (documented in the README).
pub const DEMO_PASSWORD: &str = "filiera-demo";

/// The demo users: e-mail, name, role and the organisation they work in.
pub const DEMO_USERS: &[(&str, &str, Role, &str)] = &[
    ("admin@demo.filiera.eu", "Alessandra Admin", Role::Admin, AGENCY),
    (
        "programme.manager@demo.filiera.eu",
        "Paolo Bianchi",
        Role::ProgrammeManager,
        AGENCY,
    ),
    (
        "social.worker@demo.filiera.eu",
        "Sara Conti",
        Role::SocialWorker,
        AGENCY,
    ),
    (
        "case.manager@demo.filiera.eu",
        "Carla Marini",
        Role::CaseManager,
        TYPE_A,
    ),
    ("operator@demo.filiera.eu", "Omar Haddad", Role::Operator, TYPE_A),
    (
        "consortium.manager@demo.filiera.eu",
        "Giorgio Ferri",
        Role::ConsortiumManager,
        CONSORTIUM,
    ),
    (
        "production.supervisor@demo.filiera.eu",
        "Lucia Gallo",
        Role::ProductionSupervisor,
        TYPE_B,
    ),
    ("auditor@demo.filiera.eu", "Andrea Revisori", Role::Auditor, AGENCY),
];

const AGENCY: &str = "Società della Salute della Zona Pisana";
const CONSORTIUM: &str = "Consorzio Armonia";
const TYPE_A: &str = "Cooperativa Sociale Il Girasole";
const TYPE_B: &str = "Cooperativa Sociale La Lavanderia Solidale";
const MIXED: &str = "Cooperativa Sociale Orti in Comune";

fn demo_organisations(consortium_id: Option<i64>) -> Vec<OrganisationDraft> {
    let cooperative = |name: &str, kind: CooperativeType, sectors: &[&str], number: &str| OrganisationDraft {
        name: name.into(),
        kind: Some(OrganisationKind::Cooperative),
        cooperative_type: Some(kind),
        sectors: sectors.iter().map(|s| (*s).to_owned()).collect(),
        municipality: Some("Pisa".into()),
        law381_region: Some("Toscana".into()),
        law381_number: Some(number.into()),
        law381_registered_on: Some(date!(1998 - 05 - 12)),
        consortium_id,
        ..Default::default()
    };
    vec![
        cooperative(
            TYPE_A,
            CooperativeType::A,
            &["training workshops", "home care", "education"],
            "A-1021",
        ),
        cooperative(
            TYPE_B,
            CooperativeType::B,
            &["industrial laundry", "cleaning"],
            "B-0433",
        ),
        cooperative(MIXED, CooperativeType::Mixed, &["agriculture", "day centre"], "AB-0077"),
        OrganisationDraft {
            name: "Officine Rossi S.r.l.".into(),
            kind: Some(OrganisationKind::Firm),
            sectors: vec!["mechanics".into(), "logistics".into()],
            vat_number: Some("01234567897".into()),
            municipality: Some("Cascina".into()),
            ..Default::default()
        },
        OrganisationDraft {
            name: "FSE+ Regione Toscana".into(),
            kind: Some(OrganisationKind::Funder),
            ..Default::default()
        },
    ]
}

/// Loads the demo data where missing. Returns how many records it created.
pub async fn load(store: &Store) -> Result<usize> {
    let actor = Actor::system("demo");
    let mut unit = store.begin(&actor).await?;
    let mut created = 0;
    let mut ensure =
        async |unit: &mut crate::Unit, draft: OrganisationDraft, registered_by: Option<i64>| -> Result<i64> {
            if let Some(existing) = organisations::find_by_name(store, &draft.name).await? {
                return Ok(existing.id);
            }
            let valid = draft.validate().map_err(crate::StorageError::Invalid)?;
            created += 1;
            Ok(organisations::create(unit, &valid, registered_by).await?.id)
        };
    let agency_id = ensure(
        &mut unit,
        OrganisationDraft {
            name: AGENCY.into(),
            kind: Some(OrganisationKind::PublicAgency),
            municipality: Some("Pisa".into()),
            email: Some("segreteria@sds-pisa.example.it".into()),
            ..Default::default()
        },
        None,
    )
    .await?;
    let consortium_id = ensure(
        &mut unit,
        OrganisationDraft {
            name: CONSORTIUM.into(),
            kind: Some(OrganisationKind::Consortium),
            sectors: vec!["back office".into(), "tenders".into()],
            municipality: Some("Pisa".into()),
            law381_region: Some("Toscana".into()),
            law381_number: Some("C-0012".into()),
            law381_registered_on: Some(date!(1996 - 02 - 20)),
            ..Default::default()
        },
        None,
    )
    .await?;
    for draft in demo_organisations(Some(consortium_id)) {
        // The agency registered its partner firm and funder and looks after them.
        let (draft, registered_by) = if draft.kind == Some(OrganisationKind::Cooperative) {
            (draft, None)
        } else {
            let draft = OrganisationDraft {
                consortium_id: None,
                ..draft
            };
            (draft, Some(agency_id))
        };
        ensure(&mut unit, draft, registered_by).await?;
    }
    unit.commit().await?;
    // Organisations must be committed before users refer to them by name.
    let mut unit = store.begin(&actor).await?;
    let password_hash = passwords::hash_password(DEMO_PASSWORD)?;
    for (email, name, role, organisation) in DEMO_USERS {
        if users::find_by_email(store, email).await?.is_some() {
            continue;
        }
        let user = UserDraft {
            email: (*email).into(),
            display_name: (*name).into(),
        }
        .validate()
        .map_err(crate::StorageError::Invalid)?;
        let user = users::create(&mut unit, &user, &password_hash).await?;
        let org = organisations::find_by_name(store, organisation)
            .await?
            .ok_or(crate::StorageError::NotFound {
                what: "demo organisation",
            })?;
        users::set_membership(&mut unit, user.id, org.id, *role).await?;
        created += 1;
    }
    unit.commit().await?;
    // Consortium operations (registers, production, ledger); counted apart.
    crate::consortium::demo::load(store).await?;
    crate::pathways::programmes::demo(store).await?;
    // Households at every stage of the path, in the demo programme.
    created += crate::pathways::demo_households::load(store).await?;
    let today = crate::clock::today();
    created += crate::evidence::demo::load(store, today).await?;
    created += crate::demo_second_tenant::load(store, agency_id, today).await?;
    Ok(created)
}
