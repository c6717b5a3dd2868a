use filiera_domain::ids::OrganisationId;
use filiera_domain::organisation::{OrganisationDraft, OrganisationKind};
use filiera_domain::role::Role;
use filiera_domain::throttle::MAX_FAILURES;
use filiera_domain::user::UserDraft;
use filiera_storage::login_attempts::Admission;
use filiera_storage::{
    Actor, StorageError, Store, api_tokens, login_attempts, organisations, passwords, sessions, users,
};

async fn org(store: &Store, name: &str) -> OrganisationId {
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let valid = OrganisationDraft {
        name: name.into(),
        kind: Some(OrganisationKind::PublicAgency),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let id = organisations::create(&mut unit, &valid, None).await.unwrap().id;
    unit.commit().await.unwrap();
    id
}

async fn user(store: &Store, email: &str) -> users::User {
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let draft = UserDraft {
        email: email.into(),
        display_name: "Test".into(),
    }
    .validate()
    .unwrap();
    let user = users::create(&mut unit, &draft, &passwords::hash_password("a long password").unwrap())
        .await
        .unwrap();
    unit.commit().await.unwrap();
    user
}

async fn a_user_holds_one_role_per_organisation(store: &Store) {
    let agency = org(store, "SdS Pisa").await;
    let other = org(store, "SdS Lucca").await;
    let anna = user(store, "anna@sds.example").await;
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    users::set_membership(&mut unit, anna.id, agency, Role::SocialWorker)
        .await
        .unwrap();
    users::set_membership(&mut unit, anna.id, agency, Role::ProgrammeManager)
        .await
        .unwrap();
    users::set_membership(&mut unit, anna.id, other, Role::Auditor)
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let memberships = users::memberships(store, anna.id).await.unwrap();
    let roles: Vec<(OrganisationId, Role)> = memberships.iter().map(|m| (m.organisation_id, m.role)).collect();
    assert_eq!(roles.len(), 2);
    assert!(roles.contains(&(agency, Role::ProgrammeManager)));
    assert!(roles.contains(&(other, Role::Auditor)));
    assert_eq!(users::members_of(store, agency).await.unwrap().len(), 1);
}

async fn a_second_account_with_the_same_email_is_refused(store: &Store) {
    user(store, "anna@sds.example").await;
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let draft = UserDraft {
        email: "ANNA@sds.example".into(),
        display_name: "Anna".into(),
    }
    .validate()
    .unwrap();
    match users::create(&mut unit, &draft, "x").await {
        Err(StorageError::Conflict(errors)) => assert!(errors.for_field("email").is_some()),
        other => panic!("expected conflict, got {other:?}"),
    }
}

async fn a_session_is_found_by_its_secret_until_it_is_ended(store: &Store) {
    let anna = user(store, "anna@sds.example").await;
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let new = sessions::create(&mut unit, anna.id.get(), Some("test-agent"))
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let found = sessions::find(store, &new.secret).await.unwrap().expect("live session");
    assert_eq!(found.user_id, anna.id.get());
    assert_eq!(found.csrf_token, new.csrf_token);
    assert!(sessions::find(store, "not-the-secret").await.unwrap().is_none());
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    sessions::end(&mut unit, &new.secret).await.unwrap();
    unit.commit().await.unwrap();
    assert!(sessions::find(store, &new.secret).await.unwrap().is_none());
}

async fn an_api_token_authenticates_until_revoked_and_only_its_hash_is_stored(store: &Store) {
    let anna = user(store, "anna@sds.example").await;
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let (token, secret) = api_tokens::create(&mut unit, anna.id, "reporting script")
        .await
        .unwrap();
    unit.commit().await.unwrap();
    assert!(secret.starts_with(api_tokens::TOKEN_PREFIX));
    assert_eq!(api_tokens::authenticate(store, &secret).await.unwrap(), Some(anna.id));
    let listed = api_tokens::list(store, anna.id).await.unwrap();
    assert!(listed[0].last_used_at.is_some());
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    api_tokens::revoke(&mut unit, anna.id, token.id).await.unwrap();
    unit.commit().await.unwrap();
    assert_eq!(api_tokens::authenticate(store, &secret).await.unwrap(), None);
}

async fn five_failed_logins_pause_the_account_and_a_success_resets_the_count(store: &Store) {
    let admit = |email: &'static str| login_attempts::admit(store, email, Some("127.0.0.1"));
    for _ in 0..4 {
        assert!(matches!(
            admit("anna@sds.example").await.unwrap(),
            Admission::Admitted(_)
        ));
    }
    let Admission::Admitted(fifth) = admit("anna@sds.example").await.unwrap() else {
        panic!("the fifth attempt is admitted");
    };
    login_attempts::succeeded(store, fifth).await.unwrap();
    for _ in 0..5 {
        assert!(matches!(
            admit("anna@sds.example").await.unwrap(),
            Admission::Admitted(_)
        ));
    }
    assert!(matches!(
        admit("anna@sds.example").await.unwrap(),
        Admission::PausedUntil(_)
    ));
    assert!(matches!(
        admit("other@sds.example").await.unwrap(),
        Admission::Admitted(_)
    ));
}

async fn parallel_attempts_for_one_email_are_admitted_at_most_five_times(store: &Store) {
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let store = store.clone();
        attempts.spawn(async move { login_attempts::admit(&store, "bruno@sds.example", None).await });
    }
    let admissions = attempts.join_all().await;
    let admitted = admissions
        .iter()
        .filter(|a| matches!(a, Ok(Admission::Admitted(_))))
        .count();
    assert_eq!(admitted, MAX_FAILURES, "{admissions:?}");
}

async fn the_demo_data_loads_once_and_a_second_load_changes_nothing(store: &Store) {
    let first = filiera_fixtures::demo::load(store).await.unwrap();
    assert!(first >= 15, "created {first}");
    assert_eq!(filiera_fixtures::demo::load(store).await.unwrap(), 0);
    for (email, _, role, _) in filiera_fixtures::demo::DEMO_USERS {
        let (user, hash) = users::find_for_login(store, email).await.unwrap().expect("demo user");
        assert!(passwords::verify_password(filiera_fixtures::demo::DEMO_PASSWORD, &hash));
        let memberships = users::memberships(store, user.id).await.unwrap();
        assert_eq!(memberships[0].role, *role);
    }
}

filiera_fixtures::on_both_backends!(
    a_user_holds_one_role_per_organisation,
    a_second_account_with_the_same_email_is_refused,
    a_session_is_found_by_its_secret_until_it_is_ended,
    an_api_token_authenticates_until_revoked_and_only_its_hash_is_stored,
    five_failed_logins_pause_the_account_and_a_success_resets_the_count,
    parallel_attempts_for_one_email_are_admitted_at_most_five_times,
    the_demo_data_loads_once_and_a_second_load_changes_nothing,
);
