//! The demo programme, modelled on ALI (source `002_…txt`): owned by the demo
//! agency, delivered by the three demo cooperatives, two rounds, two funding
//! streams with their eligibility rules, and the eleven services of the
//! evaluation tables with capacities per round, plus internships hosted by
//! partner firms with a tutor. Other demo data refers to the programme by name
//! and to services by code, so both are stable. Loading it twice adds nothing.

use super::{add_funding_stream, add_round, create, find_by_name};
use crate::pathways::catalogue;
use crate::{Actor, Result, StorageError, Store, organisations};
use filiera_domain::organisation::{OrganisationDraft, OrganisationKind};
use filiera_domain::pathways::catalogue::{ServiceDraft, ServiceKind};
use filiera_domain::pathways::programme::{FundingStreamDraft, ProgrammeDraft, RoundPeriod};
use time::macros::date;

pub const DEMO_PROGRAMME: &str = "ALI — Agenzia per il Lavoro Innovativo";
const AGENCY: &str = "Società della Salute della Zona Pisana";
const COOPERATIVES: [&str; 3] = [
    "Cooperativa Sociale Il Girasole",
    "Cooperativa Sociale La Lavanderia Solidale",
    "Cooperativa Sociale Orti in Comune",
];
const MECHANICS: &str = "Officine Rossi S.r.l.";
const RESTAURANT: &str = "Trattoria La Pergola S.n.c.";
const WAREHOUSE: &str = "Logistica Tirrena S.p.A.";

/// The municipalities of the Zona Pisana health and social district.
const ZONA_PISANA: &str = r#"["Pisa","Cascina","San Giuliano Terme","Vecchiano","Calci","Vicopisano","Fauglia","Crespina Lorenzana","Orciano Pisano"]"#;

struct DemoService {
    code: &'static str,
    name: &'static str,
    kind: ServiceKind,
    cooperative: usize,
    hours: &'static str,
    unit_cost: &'static str,
    capacity: (i64, i64),
    tags: &'static str,
    areas: &'static str,
}

const SERVICES: [DemoService; 11] = [
    DemoService {
        code: "internship",
        name: "Internship",
        kind: ServiceKind::Internship,
        cooperative: 0,
        hours: "480",
        unit_cost: "2400",
        capacity: (40, 20),
        tags: "mechanics,logistics",
        areas: "employment_stability,transversal_skills",
    },
    DemoService {
        code: "forklift",
        name: "Forklift training",
        kind: ServiceKind::TrainingCourse,
        cooperative: 1,
        hours: "12",
        unit_cost: "250",
        capacity: (15, 8),
        tags: "logistics,warehouse",
        areas: "education_and_skills",
    },
    DemoService {
        code: "italian",
        name: "Italian for foreigners",
        kind: ServiceKind::TrainingCourse,
        cooperative: 0,
        hours: "60",
        unit_cost: "300",
        capacity: (30, 15),
        tags: "languages",
        areas: "italian_language,communication_skills",
    },
    DemoService {
        code: "haccp",
        name: "HACCP course",
        kind: ServiceKind::TrainingCourse,
        cooperative: 2,
        hours: "12",
        unit_cost: "120",
        capacity: (20, 10),
        tags: "cooking,catering",
        areas: "education_and_skills",
    },
    DemoService {
        code: "safety",
        name: "Safety in workplace course",
        kind: ServiceKind::TrainingCourse,
        cooperative: 1,
        hours: "8",
        unit_cost: "90",
        capacity: (40, 20),
        tags: "",
        areas: "education_and_skills",
    },
    DemoService {
        code: "home_education",
        name: "Home educational services for minors",
        kind: ServiceKind::HomeEducationMinors,
        cooperative: 0,
        hours: "100",
        unit_cost: "2200",
        capacity: (20, 10),
        tags: "",
        areas: "family_conditions",
    },
    DemoService {
        code: "it_training",
        name: "IT training",
        kind: ServiceKind::TrainingCourse,
        cooperative: 2,
        hours: "40",
        unit_cost: "400",
        capacity: (20, 10),
        tags: "computers,office",
        areas: "digital_skills",
    },
    DemoService {
        code: "soft_skills",
        name: "Soft skills",
        kind: ServiceKind::TrainingCourse,
        cooperative: 0,
        hours: "20",
        unit_cost: "200",
        capacity: (30, 15),
        tags: "",
        areas: "transversal_skills,communication_skills",
    },
    DemoService {
        code: "home_care",
        name: "Basic home care",
        kind: ServiceKind::BasicHomeCare,
        cooperative: 2,
        hours: "80",
        unit_cost: "1600",
        capacity: (10, 5),
        tags: "care",
        areas: "family_conditions,personal_conditions",
    },
    DemoService {
        code: "psychological_support",
        name: "Psychological support",
        kind: ServiceKind::PsychologicalSupport,
        cooperative: 0,
        hours: "10",
        unit_cost: "600",
        capacity: (30, 15),
        tags: "",
        areas: "personal_conditions",
    },
    DemoService {
        code: "orientation",
        name: "Orientation to the local services",
        kind: ServiceKind::Orientation,
        cooperative: 1,
        hours: "4",
        unit_cost: "80",
        capacity: (60, 30),
        tags: "",
        areas: "autonomy_of_movement,economic_situation",
    },
];

/// Internships with more host firms, because ALI had too few kinds of internship.
const INTERNSHIPS: [(&str, &str, &str, &str, &str, &str); 3] = [
    (
        "internship",
        MECHANICS,
        "8344",
        "Marco Rossi",
        "marco.rossi@officine-rossi.example.it",
        "Cascina",
    ),
    (
        "internship_kitchen",
        RESTAURANT,
        "9412",
        "Giulia Neri",
        "giulia@lapergola.example.it",
        "Pisa",
    ),
    (
        "internship_warehouse",
        WAREHOUSE,
        "9333",
        "Stefano Bruni",
        "s.bruni@logisticatirrena.example.it",
        "Vecchiano",
    ),
];

async fn ensure_firm(
    store: &Store,
    unit: &mut crate::Unit,
    name: &str,
    sectors: &[&str],
    town: &str,
    agency: i64,
) -> Result<(i64, usize)> {
    if let Some(firm) = organisations::find_by_name(store, name).await? {
        return Ok((firm.id, 0));
    }
    let draft = OrganisationDraft {
        name: name.into(),
        kind: Some(OrganisationKind::Firm),
        sectors: sectors.iter().map(|s| (*s).to_owned()).collect(),
        municipality: Some(town.into()),
        ..Default::default()
    };
    let valid = draft.validate().map_err(StorageError::Invalid)?;
    Ok((organisations::create(unit, &valid, Some(agency)).await?.id, 1))
}

/// Creates what is missing of the demo programme; returns how many records it created.
pub async fn demo(store: &Store) -> Result<usize> {
    let find = async |name: &str| {
        organisations::find_by_name(store, name)
            .await?
            .map(|o| o.id)
            .ok_or(StorageError::NotFound {
                what: "demo organisation",
            })
    };
    let agency = find(AGENCY).await?;
    let mut cooperatives = Vec::new();
    for name in COOPERATIVES {
        cooperatives.push(find(name).await?);
    }
    let mut unit = store.begin(&Actor::system("demo")).await?;
    let mut created = 0;
    let mut firms = Vec::new();
    for (name, sectors, town) in [
        (MECHANICS, &["mechanics", "logistics"][..], "Cascina"),
        (RESTAURANT, &["catering"][..], "Pisa"),
        (WAREHOUSE, &["logistics", "warehouse"][..], "Vecchiano"),
    ] {
        let (id, new) = ensure_firm(store, &mut unit, name, sectors, town, agency).await?;
        firms.push((name, id));
        created += new;
    }
    let programme = match find_by_name(store, DEMO_PROGRAMME).await? {
        Some(programme) => programme,
        None => {
            let draft = ProgrammeDraft {
                name: DEMO_PROGRAMME.into(),
                agency_id: Some(agency),
                description: "Personalised paths to autonomy for vulnerable households of the Zona Pisana, \
                              with internships, training and family support delivered by three social cooperatives."
                    .into(),
                total_budget: "793165.00".into(),
                cooperative_ids: cooperatives.clone(),
            };
            created += 1;
            create(&mut unit, &draft.validate().map_err(StorageError::Invalid)?).await?
        }
    };
    for (number, start, end) in [
        (1, date!(2020 - 10 - 01), date!(2021 - 12 - 31)),
        (2, date!(2022 - 01 - 01), date!(2022 - 06 - 30)),
    ] {
        if programme.round(number).is_none() {
            let period = RoundPeriod::new(number, start, end).map_err(StorageError::Invalid)?;
            add_round(&mut unit, programme.id, &period).await?;
            created += 1;
        }
    }
    let streams = [
        (
            "Poverty Fund",
            "500000",
            r#"{"all":[{"minimum_income":true},{"age":{"min":18}}]}"#.to_owned(),
        ),
        (
            "NOP Social Inclusion",
            "293165",
            format!(
                r#"{{"all":[{{"residence_in":{ZONA_PISANA}}},{{"age":{{"min":18,"max":64}}}},{{"any":[{{"minimum_income":true}},{{"single_parent":true}},{{"disability":true}},{{"employment_status_in":["unemployed","long_term_unemployed"]}}]}}]}}"#
            ),
        ),
    ];
    for (name, budget, rule) in streams {
        if !programme.funding_streams.iter().any(|s| s.name == name) {
            let draft = FundingStreamDraft {
                name: name.into(),
                budget: budget.into(),
                eligibility: rule,
                end_date: None,
            };
            add_funding_stream(
                &mut unit,
                programme.id,
                &draft.validate().map_err(StorageError::Invalid)?,
            )
            .await?;
            created += 1;
        }
    }
    let existing: Vec<String> = catalogue::list_in(unit.conn(), programme.id, true)
        .await?
        .into_iter()
        .map(|s| s.code)
        .collect();
    let split = |text: &str| {
        text.split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let mut drafts: Vec<ServiceDraft> = SERVICES
        .iter()
        .map(|s| ServiceDraft {
            code: s.code.into(),
            name: s.name.into(),
            kind: Some(s.kind),
            organisation_id: Some(cooperatives[s.cooperative]),
            hours: s.hours.into(),
            unit_cost: s.unit_cost.into(),
            language: Some("it".into()),
            location: Some("Pisa".into()),
            interest_tags: split(s.tags),
            improves_areas: split(s.areas),
            capacities: vec![(1, s.capacity.0), (2, s.capacity.1)],
            ..Default::default()
        })
        .collect();
    for (code, firm, isco, tutor, email, town) in INTERNSHIPS {
        let host = firms.iter().find(|(name, _)| *name == firm).map(|(_, id)| *id);
        let template = drafts
            .iter()
            .find(|d| d.code == "internship")
            .cloned()
            .unwrap_or_default();
        let internship = ServiceDraft {
            code: code.into(),
            name: format!("Internship at {firm}"),
            description: format!("A supervised placement at {firm}, with a tutor from the firm."),
            isco08: Some(isco.into()),
            host_firm_id: host,
            tutor_name: Some(tutor.into()),
            tutor_email: Some(email.into()),
            location: Some(town.into()),
            capacities: if code == "internship" {
                template.capacities.clone()
            } else {
                vec![(1, 6), (2, 4)]
            },
            ..template
        };
        match drafts.iter_mut().find(|d| d.code == code) {
            Some(slot) => *slot = internship,
            None => drafts.push(internship),
        }
    }
    for draft in drafts {
        if existing.contains(&draft.code.to_string()) {
            continue;
        }
        let valid = draft.validate().map_err(StorageError::Invalid)?;
        catalogue::create(&mut unit, programme.id, &valid).await?;
        created += 1;
    }
    unit.commit().await?;
    Ok(created)
}
