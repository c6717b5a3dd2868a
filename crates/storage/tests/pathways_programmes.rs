use filiera_domain::ids::OrganisationId;
use filiera_domain::pathways::eligibility::{Person, Rule, Verdict};
use filiera_domain::pathways::programme::{FundingStreamDraft, ProgrammeDraft, RoundPeriod};
use filiera_fixtures::demo;
use filiera_fixtures::demo::DEMO_PROGRAMME;
use filiera_storage::pathways::programmes;
use filiera_storage::{Actor, StorageError, Store, organisations};
use time::macros::date;

async fn org(store: &Store, name: &str) -> OrganisationId {
    organisations::find_by_name(store, name).await.unwrap().unwrap().id
}

async fn the_demo_programme_is_like_ali_and_loading_twice_adds_nothing(store: &Store) {
    demo::load(store).await.unwrap();
    let programme = programmes::find_by_name(store, DEMO_PROGRAMME).await.unwrap().unwrap();
    assert_eq!(programme.total_budget_cents, 79_316_500);
    assert_eq!(programme.agency_name, "Società della Salute della Zona Pisana");
    assert_eq!(programme.cooperatives.len(), 3);
    let story = demo::DemoCalendar::as_of(filiera_storage::clock::today());
    let rounds: Vec<(time::Date, time::Date)> = programme.rounds.iter().map(|r| (r.start_date, r.end_date)).collect();
    assert_eq!(
        rounds,
        [
            (story.on(date!(2020 - 10 - 01)), story.on(date!(2021 - 12 - 31))),
            (story.on(date!(2022 - 01 - 01)), story.on(date!(2024 - 12 - 31)))
        ]
    );
    let poverty_fund = &programme.funding_streams[0];
    assert_eq!(poverty_fund.name, "Poverty Fund");
    let without_rdc = Person {
        minimum_income: Some(false),
        birth_year: Some(1980),
        ..Default::default()
    };
    assert_eq!(
        poverty_fund.eligibility.evaluate(&without_rdc, date!(2020 - 10 - 01)),
        Verdict::NotEligible
    );
    let again =
        filiera_fixtures::demo::programme::load(store, demo::DemoCalendar::as_of(filiera_storage::clock::today()))
            .await
            .unwrap();
    assert_eq!(again, 0);
    assert_eq!(demo::load(store).await.unwrap(), 0, "the whole demo loads once");
    // The demo programme and the second tenant's, each of its own agency.
    let agencies: Vec<String> = programmes::list(store)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.agency_name)
        .collect();
    assert_eq!(agencies.len(), 2);
    assert!(agencies.contains(&filiera_fixtures::demo::second_tenant::SECOND_AGENCY.to_owned()));
}

async fn a_programme_must_belong_to_a_public_agency_and_be_delivered_by_cooperatives(store: &Store) {
    demo::load(store).await.unwrap();
    let firm = org(store, "Officine Rossi S.r.l.").await;
    let draft = ProgrammeDraft {
        name: "Wrong owners".into(),
        agency_id: Some(firm),
        cooperative_ids: vec![firm],
        ..Default::default()
    };
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let error = programmes::create(&mut unit, &draft.validate().unwrap())
        .await
        .unwrap_err();
    let StorageError::Invalid(errors) = error else {
        panic!("{error:?}")
    };
    assert!(errors.for_field("agency_id").is_some());
    assert!(errors.for_field("cooperative_ids").is_some());
}

async fn rounds_may_not_overlap_and_names_are_unique(store: &Store) {
    demo::load(store).await.unwrap();
    let programme = programmes::find_by_name(store, DEMO_PROGRAMME).await.unwrap().unwrap();
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let story = demo::DemoCalendar::as_of(filiera_storage::clock::today());
    let overlapping = RoundPeriod::new(3, story.on(date!(2022 - 06 - 01)), story.on(date!(2022 - 12 - 31))).unwrap();
    let error = programmes::add_round(&mut unit, programme.id, &overlapping)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, StorageError::Invalid(e) if e.for_field("start_date").is_some()),
        "{error:?}"
    );
    let stream = FundingStreamDraft {
        name: "Poverty Fund".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let error = programmes::add_funding_stream(&mut unit, programme.id, &stream)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, StorageError::Conflict(e) if e.for_field("name").is_some()),
        "{error:?}"
    );
}

async fn a_funding_stream_keeps_its_rule_and_the_change_is_audited(store: &Store) {
    demo::load(store).await.unwrap();
    let agency = org(store, "Società della Salute della Zona Pisana").await;
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let programme = programmes::create(
        &mut unit,
        &ProgrammeDraft {
            name: "Pilot".into(),
            agency_id: Some(agency),
            total_budget: "1.000,50".into(),
            ..Default::default()
        }
        .validate()
        .unwrap(),
    )
    .await
    .unwrap();
    let rule = r#"{"any":[{"single_parent":true},{"household_size":{"min":5}}]}"#;
    let stream = FundingStreamDraft {
        name: "Families".into(),
        budget: "250".into(),
        eligibility: rule.into(),
        end_date: None,
    };
    programmes::add_funding_stream(&mut unit, programme.id, &stream.validate().unwrap())
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let stored = programmes::get(store, programme.id).await.unwrap();
    assert_eq!(stored.total_budget_cents, 100_050);
    assert_eq!(stored.funding_streams[0].eligibility, Rule::parse_json(rule).unwrap());
    let audit = filiera_storage::audit_log::list(store, &Default::default(), Default::default())
        .await
        .unwrap();
    let actions: Vec<&str> = audit.items.iter().map(|e| e.action.as_str()).collect();
    assert!(
        actions.contains(&"programme.create") && actions.contains(&"funding_stream.create"),
        "{actions:?}"
    );
}

filiera_fixtures::on_both_backends!(
    the_demo_programme_is_like_ali_and_loading_twice_adds_nothing,
    a_programme_must_belong_to_a_public_agency_and_be_delivered_by_cooperatives,
    rounds_may_not_overlap_and_names_are_unique,
    a_funding_stream_keeps_its_rule_and_the_change_is_audited,
);
