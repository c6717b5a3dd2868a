//! The demo consortium, modelled on the Harmony case at about a tenth of its
//! size: Consorzio Armonia with a Type A cooperative (workshops and elderly
//! care), two Type B cooperatives (an industrial laundry and an assembly
//! shop) and a mixed one; workers with disadvantage categories and
//! certificates, users by category, a year of hours, an order with its task
//! tree, a draft allocation for this week, borsa lavoro months and ledger
//! movements. Loading it twice changes nothing.

use super::{Settings, finance, production, registers, save_settings};
use crate::{Actor, Result, StorageError, Store, organisations};
use filiera_domain::consortium::borsa::BorsaMonth;
use filiera_domain::consortium::filiere::{AutonomyLevel, Progression};
use filiera_domain::consortium::fund::solidarity_contribution;
use filiera_domain::consortium::ledger::{Account, MovementKind, redistribution, transfer};
use filiera_domain::consortium::membership::{MemberKind, MemberRecord};
use filiera_domain::consortium::production::{ClientKind, Grade, OrderDraft, StepDraft, TaskSpec, Venue};
use filiera_domain::consortium::table_a::UserCategory;
use filiera_domain::consortium::workforce::{
    Activity, Contract, Disadvantage, DisadvantageCategory, Hours, WorkerRecord,
};
use filiera_domain::consortium::{Money, YearMonth};
use filiera_domain::organisation::{CooperativeType, OrganisationDraft, OrganisationKind};
use production::{AllocationLine, PersonRef};
use time::{Date, Duration, Weekday};

const CONSORTIUM: &str = "Consorzio Armonia";
const TYPE_A: &str = "Cooperativa Sociale Il Girasole";
const TYPE_B: &str = "Cooperativa Sociale La Lavanderia Solidale";
const MIXED: &str = "Cooperativa Sociale Orti in Comune";
/// A second Type B cooperative, a spin-off incubated by the laundry.
const ASSEMBLY: &str = "Cooperativa Sociale Assemblaggi Riuniti";

const LAW_381: [DisadvantageCategory; 5] = [
    DisadvantageCategory::PsychiatricTreatment,
    DisadvantageCategory::Disability,
    DisadvantageCategory::DrugAddiction,
    DisadvantageCategory::Alcoholism,
    DisadvantageCategory::AlternativeMeasures,
];

/// Loads the demo consortium's data where missing; returns how many records it created.
pub async fn load(store: &Store) -> Result<usize> {
    let Some(consortium) = organisations::find_by_name(store, CONSORTIUM).await? else {
        return Ok(0);
    };
    let loaded: Option<(i64,)> =
        sqlx::query_as("SELECT consortium_id FROM consortium_settings WHERE consortium_id = $1")
            .bind(consortium.id)
            .fetch_optional(store.pool())
            .await?;
    if loaded.is_some() {
        return Ok(0);
    }
    let today = crate::clock::today();
    let id_of = async |name: &str| -> Result<i64> {
        organisations::find_by_name(store, name)
            .await?
            .map(|o| o.id)
            .ok_or(StorageError::NotFound {
                what: "demo cooperative",
            })
    };
    let (girasole, lavanderia, orti) = (id_of(TYPE_A).await?, id_of(TYPE_B).await?, id_of(MIXED).await?);
    let mut unit = store.begin(&Actor::system("demo")).await?;
    let mut created = 0;
    let assembly = match organisations::find_by_name(store, ASSEMBLY).await? {
        Some(existing) => existing.id,
        None => {
            let draft = OrganisationDraft {
                name: ASSEMBLY.into(),
                kind: Some(OrganisationKind::Cooperative),
                cooperative_type: Some(CooperativeType::B),
                sectors: vec!["assembly".into(), "packaging".into()],
                municipality: Some("Cascina".into()),
                consortium_id: Some(consortium.id),
                ..Default::default()
            };
            let valid = draft.validate().map_err(StorageError::Invalid)?;
            created += 1;
            organisations::create(&mut unit, &valid, Some(consortium.id)).await?.id
        }
    };
    registers::record_spin_off(&mut unit, assembly, lavanderia, date(2014, 3, 1)).await?;
    save_settings(&mut unit, consortium.id, &Settings::default()).await?;

    // Workforces: (cooperative, prefix, disadvantaged, ordinary, activity A staff).
    let staff: [(i64, &str, u32, u32, u32); 4] = [
        (lavanderia, "LAV", 12, 28, 0),
        (assembly, "ASM", 5, 16, 0),
        (orti, "ORT", 3, 5, 6),
        (girasole, "GIR", 0, 25, 0),
    ];
    let mut workers_by_coop = Vec::new();
    for (cooperative, prefix, disadvantaged, ordinary, care_staff) in staff {
        let mut ids = Vec::new();
        for i in 0..disadvantaged + ordinary + care_staff {
            let is_disadvantaged = i < disadvantaged;
            let certified_until = match (prefix, i) {
                // One certificate in the assembly shop expires soon: the forecast warns.
                ("ASM", 0) => Some(today + Duration::days(45)),
                (_, i) if is_disadvantaged && i % 3 == 0 => Some(today + Duration::days(400 + i64::from(i) * 20)),
                _ => None,
            };
            let record = WorkerRecord {
                code: format!("{prefix}-{:03}", i + 1),
                member: i % 5 != 4,
                disadvantage: is_disadvantaged.then(|| Disadvantage {
                    category: LAW_381[i as usize % LAW_381.len()],
                    certificate: Some(format!("ASL Toscana NO {}/{}", 2019 + i % 5, 100 + i)),
                    certified_until,
                }),
                contract: Contract {
                    start: date(2012 + (i % 10) as i32, (1 + i % 12) as u8, 1),
                    end: (prefix == "LAV" && i == 20).then(|| today + Duration::days(120)),
                    weekly_hours: Hours::whole(if i % 4 == 0 { 24 } else { 36 }),
                },
                activity: if i >= disadvantaged + ordinary || prefix == "GIR" {
                    Activity::A
                } else {
                    Activity::B
                },
            };
            ids.push((registers::save_worker(&mut unit, cooperative, &record).await?, record));
            created += 1;
        }
        workers_by_coop.push((cooperative, ids));
    }
    // Hours: last year in full and this year up to last month, ≈ 4.33 weeks a month.
    let first = YearMonth::new(today.year() - 1, time::Month::January);
    let last_month = YearMonth::of(today - Duration::days(i64::from(today.day())));
    let mut year_hours: Vec<(i64, Hours)> = Vec::new();
    for (cooperative, workers) in &workers_by_coop {
        let mut total = Hours::ZERO;
        for (worker_id, record) in workers {
            for month in first.through(last_month) {
                if record.in_force_on(month.last_day()) {
                    let hours = Hours::from_hundredths(record.contract.weekly_hours.hundredths() * 433 / 100);
                    registers::set_hours(&mut unit, *worker_id, month, hours).await?;
                    if month.year() == today.year() - 1 {
                        total = total + hours;
                    }
                }
            }
        }
        year_hours.push((*cooperative, total));
    }
    // Membership registers: worker members, users and families, volunteers, financing members.
    for (cooperative, workers) in &workers_by_coop {
        for (_, record) in workers.iter().filter(|(_, r)| r.member) {
            add_member(
                &mut unit,
                *cooperative,
                &format!("Worker member {}", record.code),
                MemberKind::Worker,
                record.contract.start,
            )
            .await?;
        }
        for i in 0..6 {
            add_member(
                &mut unit,
                *cooperative,
                &format!("Volunteer {}", i + 1),
                MemberKind::Volunteer,
                date(2015, 1 + i, 10),
            )
            .await?;
        }
        add_member(
            &mut unit,
            *cooperative,
            "Banca di Credito Cooperativo di Pisa",
            MemberKind::LegalPerson,
            date(2010, 6, 1),
        )
        .await?;
    }
    // Il Girasole grows towards human scale: users' families join as members.
    for i in 0..64 {
        add_member(
            &mut unit,
            girasole,
            &format!("User or family member {}", i + 1),
            MemberKind::User,
            date(2016 + i % 8, 1 + (i % 12) as u8, 5),
        )
        .await?;
    }
    // Users of the Type A services (a tenth of Harmony's 172 / 355 / 1,519).
    let categories = [
        (UserCategory::Disability, 17),
        (UserCategory::MentalHealth, 35),
        (UserCategory::Elderly, 152),
    ];
    let mut workshop_users = Vec::new();
    for (category, count) in categories {
        for i in 0..count {
            let code = format!("{}-{:03}", &category.as_str()[..3].to_uppercase(), i + 1);
            let in_workshop = category != UserCategory::Elderly && i < 14;
            // Users who moved on entered a few months to a few years before being hired.
            let entered = if category == UserCategory::MentalHealth && i >= 30 {
                today - Duration::days(200 + i64::from(i - 30) * 150)
            } else {
                date(2020 + i % 5, 1 + (i % 12) as u8, 15)
            };
            let weekly = if in_workshop {
                Hours::whole(12 + i64::from(i % 3) * 4)
            } else {
                Hours::ZERO
            };
            let user = registers::save_user(&mut unit, girasole, &code, category, Some(entered), weekly).await?;
            created += 1;
            if in_workshop {
                let level = AutonomyLevel::new(1 + (i % 4) as u8).map_err(StorageError::corrupt)?;
                registers::record_progression(
                    &mut unit,
                    user,
                    Progression {
                        on: entered,
                        level: AutonomyLevel::MIN,
                    },
                )
                .await?;
                registers::record_progression(
                    &mut unit,
                    user,
                    Progression {
                        on: entered + Duration::days(200),
                        level,
                    },
                )
                .await?;
                for (kind, grade) in [("labelling", 1 + i % 2), ("folding", 1 + i % 3), ("packing", 2)] {
                    production::set_capability(&mut unit, PersonRef::User(user), kind, grade_of(grade as u8)?).await?;
                }
                let month = BorsaMonth {
                    month: last_month,
                    hours: Hours::whole(weekly.hundredths() / 100 * 4),
                    level,
                    effort: i % 2 == 0,
                    result: i % 3 == 0,
                };
                finance::save_borsa_month(&mut unit, user, &month).await?;
                workshop_users.push((user, weekly));
            } else if category == UserCategory::MentalHealth && i >= 30 {
                // Five users moved on to the laundry after their path.
                registers::record_hire(
                    &mut unit,
                    user,
                    lavanderia,
                    today - Duration::days(30 + i64::from(i - 30) * 60),
                )
                .await?;
            }
        }
    }
    // Capability grades of the laundry's workers.
    if let Some((_, laundry)) = workers_by_coop.first() {
        for (i, (worker, _)) in laundry.iter().enumerate() {
            for (kind, base) in [
                ("sorting", 2),
                ("folding", 2),
                ("ironing", 3),
                ("loading", 3),
                ("labelling", 2),
                ("packing", 2),
            ] {
                production::set_capability(
                    &mut unit,
                    PersonRef::Worker(*worker),
                    kind,
                    grade_of((base + i % 3) as u8)?,
                )
                .await?;
            }
        }
    }
    // An order from the local health authority, decomposed into graded tasks.
    let step = |key: &str,
                parent: Option<&str>,
                name: &str,
                task: Option<(&str, u8, i64, i64, Venue, i64)>|
     -> Result<StepDraft> {
        Ok(StepDraft {
            key: key.into(),
            parent: parent.map(str::to_owned),
            name: name.into(),
            task: match task {
                Some((kind, grade, seconds_per_unit, units, venue, price)) => Some(TaskSpec {
                    kind: kind.into(),
                    grade: grade_of(grade)?,
                    seconds_per_unit,
                    units,
                    venue,
                    transfer_price: Money::from_cents(price),
                }),
                None => None,
            },
        })
    };
    let steps = vec![
        step("wash", None, "Washing", None)?,
        step(
            "sort",
            Some("wash"),
            "Sorting soiled linen",
            Some(("sorting", 2, 20, 6_000, Venue::TypeBFloor, 0)),
        )?,
        step(
            "load",
            Some("wash"),
            "Loading the tunnel washer",
            Some(("loading", 3, 15, 6_000, Venue::TypeBFloor, 0)),
        )?,
        step("finish", None, "Finishing", None)?,
        step(
            "iron",
            Some("finish"),
            "Ironing uniforms",
            Some(("ironing", 4, 90, 1_200, Venue::TypeBFloor, 0)),
        )?,
        step(
            "fold",
            Some("finish"),
            "Folding towels",
            Some(("folding", 2, 25, 4_000, Venue::Either, 6)),
        )?,
        step(
            "label",
            Some("finish"),
            "Labelling garments",
            Some(("labelling", 1, 30, 3_000, Venue::TypeAWorkshop, 8)),
        )?,
        step(
            "pack",
            Some("finish"),
            "Packing for wards",
            Some(("packing", 1, 40, 1_500, Venue::Either, 10)),
        )?,
    ];
    let order = OrderDraft {
        client: "ASL Toscana Nord Ovest".into(),
        client_kind: ClientKind::Public,
        product: "Hospital linen, 6,000 pieces".into(),
        quantity: 6_000,
        due_on: today + Duration::days(10),
        price: Money::euros(18_400),
    };
    let order_id = production::create_order(&mut unit, lavanderia, &order, &steps).await?;
    created += 1;
    // A draft allocation for this week, made simply (grade-respecting); the
    // supervisor computes an optimised one on the page.
    let task_ids: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM task_steps WHERE order_id = $1 AND kind IS NOT NULL ORDER BY position")
            .bind(order_id)
            .fetch_all(unit.conn())
            .await?;
    let task = |name: &str| task_ids.iter().find(|(_, n)| n == name).map(|(id, _)| *id).unwrap_or(0);
    let mut lines = Vec::new();
    for (user, _) in workshop_users.iter().take(10) {
        lines.push(AllocationLine {
            task_id: task("Labelling garments"),
            person: PersonRef::User(*user),
            units: 240,
        });
    }
    if let Some((_, laundry)) = workers_by_coop.first() {
        for (worker, _) in laundry.iter().take(8) {
            lines.push(AllocationLine {
                task_id: task("Sorting soiled linen"),
                person: PersonRef::Worker(*worker),
                units: 1_200,
            });
        }
    }
    let monday = today - Duration::days(i64::from(today.weekday().number_days_from_monday()));
    debug_assert_eq!(monday.weekday(), Weekday::Monday);
    production::create_allocation(&mut unit, lavanderia, monday, 1_000, &lines).await?;
    // The ledger: last year's fund contributions, a grant, pooled surplus and its redistribution.
    let settings = Settings::default();
    let year_end = date(today.year() - 1, 12, 31);
    for (cooperative, hours) in &year_hours {
        let amount = solidarity_contribution(*hours, settings.fund_per_hour);
        if amount > Money::ZERO {
            let movement = transfer(
                year_end,
                MovementKind::FundContribution,
                &format!("Solidarity Fund {}", today.year() - 1),
                Account::Cooperative(*cooperative),
                Account::SolidarityFund,
                amount,
            )
            .validate()
            .map_err(StorageError::Invalid)?;
            finance::record_movement(&mut unit, consortium.id, &movement).await?;
        }
    }
    let movements = [
        transfer(
            date(today.year(), 2, 15),
            MovementKind::FundGrant,
            "Labelling line for the laundry",
            Account::SolidarityFund,
            Account::Cooperative(lavanderia),
            Money::euros(3_500),
        ),
        transfer(
            date(today.year(), 3, 31),
            MovementKind::SurplusPooling,
            "Surplus of the elderly-care homes",
            Account::Cooperative(girasole),
            Account::SurplusPool,
            Money::euros(24_000),
        ),
        redistribution(
            date(today.year(), 4, 30),
            "Plan decided by the assembly: 60% laundry, 40% assembly",
            Money::euros(20_000),
            &[(lavanderia, 60), (assembly, 40)],
        ),
    ];
    for draft in movements {
        let movement = draft.validate().map_err(StorageError::Invalid)?;
        finance::record_movement(&mut unit, consortium.id, &movement).await?;
    }
    unit.commit().await?;
    Ok(created)
}

async fn add_member(
    unit: &mut crate::Unit,
    cooperative: i64,
    name: &str,
    kind: MemberKind,
    joined_on: Date,
) -> Result<()> {
    let record = MemberRecord {
        name: name.into(),
        kind,
        joined_on,
        left_on: None,
        shares: Money::euros(25),
    }
    .validate()
    .map_err(StorageError::Invalid)?;
    registers::add_member(unit, cooperative, &record).await?;
    Ok(())
}

fn grade_of(grade: u8) -> Result<Grade> {
    Grade::new(grade.clamp(1, 5)).map_err(StorageError::corrupt)
}

fn date(year: i32, month: u8, day: u8) -> Date {
    let month = time::Month::try_from(month.clamp(1, 12)).unwrap_or(time::Month::January);
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MIN)
}
