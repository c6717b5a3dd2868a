//! Consortium operations on both backends: registers, Table A, import, ledger,
//! allocations and the demo consortium.

use filiera_domain::consortium::borsa::BorsaMonth;
use filiera_domain::consortium::filiere::AutonomyLevel;
use filiera_domain::consortium::import::{ImportFiles, parse_import};
use filiera_domain::consortium::ledger::{Account, MovementKind, balances, transfer};
use filiera_domain::consortium::membership::{MemberKind, MemberRecord};
use filiera_domain::consortium::table_a::{TableA, table_a};
use filiera_domain::consortium::workforce::Hours;
use filiera_domain::consortium::{Money, YearMonth};
use filiera_domain::ids::OrganisationId;
use filiera_storage::audit_log::{self, AuditQuery};
use filiera_storage::consortium::production::{AllocationLine, PersonRef};
use filiera_storage::consortium::{self, finance, hours, import, members, production, registers};
use filiera_storage::{Actor, PageRequest, StorageError, Store};
use time::macros::date;

fn files(workers: &str) -> ImportFiles {
    ImportFiles {
        cooperatives: Some("name,type,sector\nLavanderia,B,laundry\nGirasole,A,workshops\n".into()),
        workers: Some(format!(
            "cooperative,worker_id,member,disadvantaged,category,contract_start,contract_end,weekly_hours\n{workers}"
        )),
        users: Some("cooperative,user_id,category\nGirasole,U1,mental_health\nGirasole,U2,elderly\n".into()),
        hours: Some(
            "cooperative,worker_id,month,hours\nLavanderia,L1,2024-01,120\nLavanderia,L2,2024-02,160.5\n".into(),
        ),
    }
}

const WORKERS: &str = "Lavanderia,L1,yes,yes,psychiatric_treatment,2020-01-01,,30\n\
                       Lavanderia,L2,yes,no,,2020-01-01,,38\n\
                       Lavanderia,L3,no,no,,2020-01-01,,38\n\
                       Girasole,G1,yes,no,,2019-05-01,,36\n";

/// Table A by the domain's rule on what storage reads for it.
async fn table_a_on(store: &Store, consortium: &consortium::Consortium, date: time::Date) -> TableA {
    let members = consortium::table_a_members(store, consortium, date).await.unwrap();
    table_a(
        &members.iter().map(consortium::TableAMember::input).collect::<Vec<_>>(),
        date,
    )
}

async fn run_import(store: &Store, files: &ImportFiles) -> Result<import::ImportSummary, String> {
    let parsed = parse_import(files).map_err(|e| format!("{e:?}"))?;
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    match import::apply(store, &mut unit, "Consorzio Test", &parsed)
        .await
        .unwrap()
    {
        Ok(summary) => {
            unit.commit().await.unwrap();
            Ok(summary)
        }
        Err(errors) => Err(format!("{errors:?}")),
    }
}

async fn an_import_creates_the_consortium_its_members_and_their_registers(store: &Store) {
    let summary = run_import(store, &files(WORKERS)).await.unwrap();
    assert!(summary.consortium_created);
    assert_eq!(
        (
            summary.cooperatives_created,
            summary.workers,
            summary.users,
            summary.hours
        ),
        (2, 4, 2, 2)
    );
    let consortium = consortium::consortium(store, summary.consortium_id).await.unwrap();
    assert_eq!(consortium.members.len(), 2);
    let table = table_a_on(store, &consortium, date!(2024 - 06 - 30)).await;
    let laundry = table.rows.iter().find(|r| r.cooperative == "Lavanderia").unwrap();
    assert_eq!(laundry.csv_record()[2..7], ["3", "2", "1", "33.3", "yes"]);
    assert_eq!(table.total.users, [0, 1, 1, 0]);
    let laundry_id = consortium.members.iter().find(|m| m.name == "Lavanderia").unwrap().id;
    assert_eq!(
        registers::hours_in_year(store, laundry_id, 2024).await.unwrap(),
        Hours::from_hundredths(28_050)
    );
    // Importing again changes nothing new.
    let again = run_import(store, &files(WORKERS)).await.unwrap();
    assert!(!again.consortium_created);
    assert_eq!(again.cooperatives_created, 0);
    assert_eq!(registers::workers_of(store, laundry_id).await.unwrap().len(), 3);
}

async fn an_import_that_conflicts_with_the_registry_writes_nothing(store: &Store) {
    run_import(store, &files(WORKERS)).await.unwrap();
    let before = filiera_storage::audit_log::verify(store, |_, _| {}).await.unwrap();
    let mut conflicting = files(WORKERS);
    conflicting.cooperatives = Some("name,type,sector\nLavanderia,A,laundry\nGirasole,A,workshops\n".into());
    let error = run_import(store, &conflicting).await.unwrap_err();
    assert!(error.contains("cooperatives.csv") && error.contains("type"), "{error}");
    assert_eq!(
        filiera_storage::audit_log::verify(store, |_, _| {}).await.unwrap(),
        before
    );
}

async fn a_balanced_movement_is_stored_and_read_back_with_its_postings(store: &Store) {
    let summary = run_import(store, &files(WORKERS)).await.unwrap();
    let consortium = consortium::consortium(store, summary.consortium_id).await.unwrap();
    let laundry = consortium.members[1].id;
    let movement = transfer(
        date!(2024 - 12 - 31),
        MovementKind::FundContribution,
        "Solidarity Fund 2024",
        Account::Cooperative(laundry),
        Account::SolidarityFund,
        Money::from_cents(2_805),
    )
    .validate()
    .unwrap();
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    finance::record_movement(&mut unit, consortium.id, &movement)
        .await
        .unwrap();
    // A cooperative outside the consortium cannot be in its ledger.
    let outside = transfer(
        date!(2024 - 12 - 31),
        MovementKind::Other,
        "x",
        Account::Cooperative(OrganisationId(9_999)),
        Account::SurplusPool,
        Money::euros(1),
    )
    .validate()
    .unwrap();
    assert!(matches!(
        finance::record_movement(&mut unit, consortium.id, &outside).await,
        Err(StorageError::Invalid(_))
    ));
    unit.commit().await.unwrap();
    let stored = finance::movements(store, consortium.id, date!(2024 - 01 - 01), date!(2024 - 12 - 31))
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].movement, movement);
    let balances = balances(stored.iter().map(|m| &m.movement));
    assert_eq!(balances[&Account::SolidarityFund], Money::from_cents(2_805));
}

async fn an_accepted_allocation_cannot_change_and_pays_the_workshop(store: &Store) {
    let summary = run_import(store, &files(WORKERS)).await.unwrap();
    let consortium = consortium::consortium(store, summary.consortium_id).await.unwrap();
    let (girasole, laundry) = (consortium.members[0].id, consortium.members[1].id);
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let user = registers::save_user(
        &mut unit,
        girasole,
        "U9",
        filiera_domain::consortium::table_a::UserCategory::Disability,
        None,
        Hours::whole(12),
    )
    .await
    .unwrap();
    let order = filiera_domain::consortium::production::OrderDraft {
        client: "Hotel Arno".into(),
        client_kind: filiera_domain::consortium::production::ClientKind::Private,
        product: "Towels".into(),
        quantity: 100,
        due_on: date!(2030 - 01 - 01),
        price: Money::euros(300),
    };
    let steps = vec![filiera_domain::consortium::production::StepDraft {
        key: "fold".into(),
        parent: None,
        name: "Folding".into(),
        task: Some(filiera_domain::consortium::production::TaskSpec {
            kind: "folding".into(),
            grade: filiera_domain::consortium::production::Grade::new(1).unwrap(),
            seconds_per_unit: 30,
            units: 100,
            venue: filiera_domain::consortium::production::Venue::Either,
            transfer_price: Money::from_cents(12),
        }),
    }];
    let order_id = production::create_order(&mut unit, laundry, &order, &steps)
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let task = production::steps_of(store, order_id).await.unwrap()[0].id;
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let lines = [AllocationLine {
        task_id: task,
        person: PersonRef::User(user),
        units: 40,
    }];
    let id = production::create_allocation(&mut unit, laundry, date!(2025 - 03 - 03), 1_000, &lines)
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let transfers = production::accept_allocation(store, &mut unit, id, date!(2025 - 03 - 07))
        .await
        .unwrap();
    unit.commit().await.unwrap();
    assert_eq!(transfers, vec![(girasole, Money::from_cents(480))]);
    assert_eq!(production::open_tasks(store, laundry).await.unwrap()[0].remaining, 60);
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    assert!(matches!(
        production::update_allocation(&mut unit, id, &lines).await,
        Err(StorageError::Conflict(_))
    ));
}

async fn the_demo_consortium_loads_once_with_a_compliant_type_b_member(store: &Store) {
    filiera_fixtures::demo::load(store).await.unwrap();
    let id = consortium::find_consortium(store, "Consorzio Armonia")
        .await
        .unwrap()
        .unwrap();
    let before = filiera_storage::audit_log::verify(store, |_, _| {}).await.unwrap();
    filiera_fixtures::demo::load(store).await.unwrap();
    assert_eq!(
        filiera_storage::audit_log::verify(store, |_, _| {}).await.unwrap(),
        before
    );
    let consortium = consortium::consortium(store, id).await.unwrap();
    assert_eq!(consortium.members.len(), 4);
    let today = time::OffsetDateTime::now_utc().date();
    let table = table_a_on(store, &consortium, today).await;
    let laundry = table
        .rows
        .iter()
        .find(|r| r.cooperative.contains("Lavanderia"))
        .unwrap();
    assert_eq!(laundry.compliant_text(), "yes");
    assert!(table.total.users[2] > 100);
    let ledger = finance::movements(store, id, date!(2000 - 01 - 01), date!(2100 - 12 - 31))
        .await
        .unwrap();
    assert!(ledger.len() >= 5);
    assert!(
        !production::allocations_of(
            store,
            consortium
                .members
                .iter()
                .find(|m| m.name.contains("Lavanderia"))
                .unwrap()
                .id
        )
        .await
        .unwrap()
        .is_empty()
    );
}

async fn a_borsa_month_is_replaced_not_duplicated_and_listed_per_consortium_month(store: &Store) {
    let summary = run_import(store, &files(WORKERS)).await.unwrap();
    let consortium = consortium::consortium(store, summary.consortium_id).await.unwrap();
    let girasole = consortium.members.iter().find(|m| m.name == "Girasole").unwrap().id;
    let users = registers::users_of(store, girasole).await.unwrap();
    let march = YearMonth::parse("2025-03").unwrap();
    let month = |hours: i64, level: u8, m: YearMonth| BorsaMonth {
        month: m,
        hours: Hours::whole(hours),
        level: AutonomyLevel::new(level).unwrap(),
        effort: true,
        result: false,
    };
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    finance::save_borsa_month(&mut unit, users[0].id, &month(40, 1, march))
        .await
        .unwrap();
    finance::save_borsa_month(&mut unit, users[0].id, &month(80, 2, march))
        .await
        .unwrap();
    finance::save_borsa_month(&mut unit, users[1].id, &month(10, 3, march.next()))
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let listed = finance::borsa_months(store, consortium.id, march).await.unwrap();
    assert_eq!(listed.len(), 1);
    let (id, code, cooperative, stored) = &listed[0];
    assert_eq!(
        (*id, code.as_str(), cooperative.as_str()),
        (users[0].id, "U1", "Girasole")
    );
    assert_eq!(stored, &month(80, 2, march));
    assert_eq!(
        finance::borsa_months(store, consortium.id, march.next())
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn the_hours_register_lists_a_month_per_worker_and_refuses_another_cooperatives_worker(store: &Store) {
    let summary = run_import(store, &files(WORKERS)).await.unwrap();
    let consortium = consortium::consortium(store, summary.consortium_id).await.unwrap();
    let id_of = |name: &str| consortium.members.iter().find(|m| m.name == name).unwrap().id;
    let (laundry, girasole) = (id_of("Lavanderia"), id_of("Girasole"));
    let january = YearMonth::parse("2024-01").unwrap();
    let register = hours::hours_of_month(store, laundry, january).await.unwrap();
    let entered: Vec<_> = register.iter().map(|l| (l.code.as_str(), l.hours)).collect();
    assert_eq!(entered, [("L1", Some(Hours::whole(120))), ("L2", None), ("L3", None)]);
    let l2 = register[1].worker_id;
    let g1 = registers::workers_of(store, girasole).await.unwrap()[0].id;
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    hours::record(&mut unit, laundry, l2, january, Hours::from_hundredths(15_025))
        .await
        .unwrap();
    hours::record(&mut unit, laundry, l2, january, Hours::from_hundredths(15_050))
        .await
        .unwrap();
    let refused = hours::record(&mut unit, laundry, g1, january, Hours::whole(1)).await;
    assert!(
        matches!(refused, Err(StorageError::Invalid(ref e)) if e.for_field("worker_id").is_some()),
        "{refused:?}"
    );
    unit.commit().await.unwrap();
    let register = hours::hours_of_month(store, laundry, january).await.unwrap();
    assert_eq!(register[1].hours, Some(Hours::from_hundredths(15_050)));
    assert_eq!(
        registers::hours_in_year(store, laundry, 2024).await.unwrap(),
        Hours::from_hundredths(12_000 + 15_050 + 16_050)
    );
    // Before anyone's contract started, the register is empty.
    let before = hours::hours_of_month(store, laundry, YearMonth::parse("2019-12").unwrap())
        .await
        .unwrap();
    assert!(before.is_empty());
}

async fn a_member_leaves_once_and_a_spin_off_is_incubated_inside_the_consortium(store: &Store) {
    let summary = run_import(store, &files(WORKERS)).await.unwrap();
    let consortium = consortium::consortium(store, summary.consortium_id).await.unwrap();
    let id_of = |name: &str| consortium.members.iter().find(|m| m.name == name).unwrap().id;
    let (laundry, girasole) = (id_of("Lavanderia"), id_of("Girasole"));
    let record = MemberRecord {
        name: "Anna".into(),
        kind: MemberKind::Volunteer,
        joined_on: date!(2020 - 01 - 01),
        left_on: None,
        shares: Money::euros(25),
    };
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let anna = registers::add_member(&mut unit, laundry, &record).await.unwrap();
    let other = members::record_leaving(&mut unit, girasole, anna, date!(2024 - 01 - 31)).await;
    assert!(matches!(other, Err(StorageError::NotFound { .. })), "{other:?}");
    let left = members::record_leaving(&mut unit, laundry, anna, date!(2024 - 01 - 31))
        .await
        .unwrap();
    assert_eq!(left.record.left_on, Some(date!(2024 - 01 - 31)));
    let twice = members::record_leaving(&mut unit, laundry, anna, date!(2024 - 02 - 28)).await;
    assert!(matches!(twice, Err(StorageError::Invalid(_))), "{twice:?}");
    let outside = members::record_spin_off_in_consortium(
        &mut unit,
        consortium.id,
        girasole,
        OrganisationId(999_999),
        date!(2015 - 01 - 01),
    )
    .await;
    assert!(matches!(outside, Err(StorageError::Invalid(_))), "{outside:?}");
    members::record_spin_off_in_consortium(&mut unit, consortium.id, girasole, laundry, date!(2015 - 01 - 01))
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let stored = registers::members_of(store, laundry).await.unwrap();
    assert_eq!(stored[0].record.left_on, Some(date!(2024 - 01 - 31)));
    assert_eq!(
        registers::incubated_by(store, girasole).await.unwrap(),
        Some((laundry, date!(2015 - 01 - 01)))
    );
}

async fn settings_are_validated_stored_audited_and_feed_the_statements(store: &Store) {
    let summary = run_import(store, &files(WORKERS)).await.unwrap();
    let consortium = consortium::consortium(store, summary.consortium_id).await.unwrap();
    let laundry = consortium.members.iter().find(|m| m.name == "Lavanderia").unwrap().id;
    assert_eq!(
        consortium::settings(store, consortium.id).await.unwrap(),
        consortium::Settings::default()
    );
    let mut changed = consortium::Settings {
        human_scale_limit: 80,
        fund_per_hour: Money::from_cents(25),
        stretch_share_bp: 2_000,
        ..consortium::Settings::default()
    };
    changed.borsa.public_share_bp = 6_000;
    changed.borsa.per_hour = [200, 250, 300, 350, 400].map(Money::from_cents);
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let refused = consortium::save_settings(
        &mut unit,
        consortium.id,
        &consortium::Settings {
            stretch_share_bp: 10_001,
            ..changed.clone()
        },
    )
    .await;
    assert!(
        matches!(refused, Err(StorageError::Invalid(ref e)) if e.for_field("stretch_share_bp").is_some()),
        "{refused:?}"
    );
    consortium::save_settings(&mut unit, consortium.id, &changed)
        .await
        .unwrap();
    consortium::save_settings(&mut unit, consortium.id, &changed)
        .await
        .unwrap();
    let grant = transfer(
        date!(2024 - 03 - 01),
        MovementKind::FundGrant,
        "Dryer",
        Account::SolidarityFund,
        Account::Cooperative(laundry),
        Money::euros(500),
    );
    let paid = transfer(
        date!(2024 - 12 - 31),
        MovementKind::FundContribution,
        "Fund 2024",
        Account::Cooperative(laundry),
        Account::SolidarityFund,
        Money::euros(40),
    );
    for movement in [grant, paid] {
        finance::record_movement(&mut unit, consortium.id, &movement.validate().unwrap())
            .await
            .unwrap();
    }
    unit.commit().await.unwrap();
    assert_eq!(consortium::settings(store, consortium.id).await.unwrap(), changed);
    let audit = audit_log::list(
        store,
        &AuditQuery {
            action_prefix: Some("consortium.settings".into()),
            ..AuditQuery::default()
        },
        PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(audit.items.len(), 2);
    assert!(
        audit.items[1].detail.contains("\"human_scale_limit\":100"),
        "{}",
        audit.items[1].detail
    );
    assert!(audit.items[0].detail.contains("\"human_scale_limit\":80"));
    // 120 + 160.5 hours at the new €0.25 an hour: €70.13 owed, €40 paid.
    let statement = finance::statement_of_cooperative(store, consortium.id, laundry, 2024)
        .await
        .unwrap();
    assert_eq!(statement.fund_owed, Money::from_cents(7_013));
    assert_eq!(statement.fund_paid, Money::euros(40));
    assert_eq!(statement.fund_outstanding, Money::from_cents(3_013));
    assert_eq!(statement.grants_received, Money::euros(500));
    assert_eq!(statement.lines.len(), 2);
    assert_eq!(statement.closing, Money::euros(460));
    let next = finance::statement_of_cooperative(store, consortium.id, laundry, 2025)
        .await
        .unwrap();
    assert_eq!((next.opening, next.lines.len()), (Money::euros(460), 0));
}

filiera_fixtures::on_both_backends!(
    settings_are_validated_stored_audited_and_feed_the_statements,
    an_import_creates_the_consortium_its_members_and_their_registers,
    an_import_that_conflicts_with_the_registry_writes_nothing,
    a_balanced_movement_is_stored_and_read_back_with_its_postings,
    an_accepted_allocation_cannot_change_and_pays_the_workshop,
    the_demo_consortium_loads_once_with_a_compliant_type_b_member,
    a_borsa_month_is_replaced_not_duplicated_and_listed_per_consortium_month,
    the_hours_register_lists_a_month_per_worker_and_refuses_another_cooperatives_worker,
    a_member_leaves_once_and_a_spin_off_is_incubated_inside_the_consortium,
);
