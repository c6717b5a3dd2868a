//! Walls between organisations, with both demo tenants: every demo user of
//! either tenant against the records of both, through the API and the pages,
//! decided exactly as the domain's policy says and never leaking across.

use crate::helpers::*;
use crate::pages::log_in;
use filiera_domain::ids::{HouseholdId, OrganisationId, ProgrammeId, RoundId};
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_domain::policy::pathways::{PROPOSE_MATCHING, PathwayAction};
use filiera_domain::policy::{Action, Membership, Target, authorize, authorize_all};
use filiera_fixtures::demo::DEMO_USERS;
use filiera_fixtures::demo::second_tenant::{
    SECOND_AGENCY, SECOND_CONSORTIUM, SECOND_PROGRAMME, SECOND_TENANT_USERS, SECOND_TYPE_A, SECOND_TYPE_B,
};
use filiera_storage::pathways::households::{self, HouseholdQuery};
use filiera_storage::pathways::programmes;
use filiera_storage::{PageRequest, Store, organisations, users};
use serde_json::{Value, json};

const AGENCY: &str = "Società della Salute della Zona Pisana";
const CONSORTIUM: &str = "Consorzio Armonia";
const TYPE_A: &str = "Cooperativa Sociale Il Girasole";
const TYPE_B: &str = "Cooperativa Sociale La Lavanderia Solidale";
const PROGRAMME: &str = "ALI — Agenzia per il Lavoro Innovativo";
const SECOND_ADMIN: &str = "admin@livorno.demo.filiera.eu";
const SECOND_SOCIAL_WORKER: &str = "social.worker@livorno.demo.filiera.eu";

/// One tenant's records, as the tests address them.
struct Tenant {
    agency: OrganisationId,
    consortium: OrganisationId,
    cooperatives: [OrganisationId; 2],
    programme: ProgrammeId,
    round: RoundId,
    household: HouseholdId,
}

async fn org_id(store: &Store, name: &str) -> OrganisationId {
    organisations::find_by_name(store, name).await.unwrap().expect(name).id
}

async fn tenant(store: &Store, agency: &str, consortium: &str, cooperatives: [&str; 2], programme: &str) -> Tenant {
    let agency = org_id(store, agency).await;
    let programme = programmes::find_by_name(store, programme)
        .await
        .unwrap()
        .expect("programme");
    let query = HouseholdQuery {
        agencies: vec![agency],
        cooperatives: vec![],
        search: None,
        social_worker_id: None,
    };
    let listed = households::list(store, &query, PageRequest::new(None, None))
        .await
        .unwrap();
    let household = listed
        .items
        .iter()
        .find(|h| h.agency_id == agency)
        .expect("a household of the agency")
        .id;
    Tenant {
        agency,
        consortium: org_id(store, consortium).await,
        cooperatives: [
            org_id(store, cooperatives[0]).await,
            org_id(store, cooperatives[1]).await,
        ],
        programme: programme.id,
        round: programme.rounds.last().expect("a round").id,
        household,
    }
}

async fn tenants(store: &Store) -> [Tenant; 2] {
    [
        tenant(store, AGENCY, CONSORTIUM, [TYPE_A, TYPE_B], PROGRAMME).await,
        tenant(
            store,
            SECOND_AGENCY,
            SECOND_CONSORTIUM,
            [SECOND_TYPE_A, SECOND_TYPE_B],
            SECOND_PROGRAMME,
        )
        .await,
    ]
}

/// What the API and the pages must agree with the policy on: a path on each
/// surface and whether the policy allows it.
struct Probe {
    api: String,
    page: Option<String>,
    allowed: bool,
    /// Which tenant the record belongs to (for the leak check).
    tenant: usize,
}

async fn probes(store: &Store, memberships: &[Membership], tenants: &[Tenant; 2]) -> Vec<Probe> {
    let may = |action: Action, target: &Target| authorize(memberships, action, target).is_ok();
    let mut probes = Vec::new();
    for (index, t) in tenants.iter().enumerate() {
        let household = households::target(store, t.household).await.unwrap();
        probes.push(Probe {
            api: format!("/api/v1/households/{}", t.household),
            page: Some(format!("/households/{}", t.household)),
            allowed: may(Action::Pathway(PathwayAction::ViewHousehold), &household),
            tenant: index,
        });
        probes.push(Probe {
            api: format!("/api/v1/households/{}/timeline", t.household),
            page: Some(format!("/households/{}/timeline", t.household)),
            allowed: may(Action::Pathway(PathwayAction::ViewHousehold), &household),
            tenant: index,
        });
        let programme = programmes::get(store, t.programme).await.unwrap();
        probes.push(Probe {
            api: format!("/api/v1/programmes/{}/statistics/participants", t.programme),
            page: Some(format!("/programmes/{}/statistics", t.programme)),
            allowed: may(Action::Pathway(PathwayAction::ViewStatistics), &programme.target()),
            tenant: index,
        });
        probes.push(Probe {
            api: format!("/api/v1/programmes/{}/rounds/{}/matching", t.programme, t.round),
            page: Some(format!("/programmes/{}/rounds/{}/matching", t.programme, t.round)),
            allowed: authorize_all(
                memberships,
                &PROPOSE_MATCHING.map(Action::Pathway),
                &programme.owner_target(),
            )
            .is_ok(),
            tenant: index,
        });
        for organisation in [t.agency, t.consortium, t.cooperatives[0], t.cooperatives[1]] {
            let target = organisations::target(store, organisation).await.unwrap();
            probes.push(Probe {
                api: format!("/api/v1/organisations/{organisation}/members"),
                page: None,
                allowed: may(Action::ViewMembers, &target),
                tenant: index,
            });
        }
        for cooperative in t.cooperatives {
            let target = organisations::target(store, cooperative).await.unwrap();
            probes.push(Probe {
                api: format!("/api/v1/cooperatives/{cooperative}/members"),
                page: Some(format!("/cooperatives/{cooperative}/members")),
                allowed: may(Action::Consortium(ConsortiumAction::ViewRegisters), &target),
                tenant: index,
            });
        }
        let consortium = organisations::target(store, t.consortium).await.unwrap();
        probes.push(Probe {
            api: format!("/api/v1/consortia/{}/table-a", t.consortium),
            page: None,
            allowed: may(Action::Consortium(ConsortiumAction::ViewCompliance), &consortium),
            tenant: index,
        });
    }
    probes
}

fn all_demo_users() -> Vec<(&'static str, usize)> {
    DEMO_USERS
        .iter()
        .map(|u| (u.0, 0))
        .chain(SECOND_TENANT_USERS.iter().map(|u| (u.0, 1)))
        .collect()
}

async fn memberships_of(store: &Store, email: &str) -> Vec<Membership> {
    let user = users::find_by_email(store, email).await.unwrap().expect(email);
    users::memberships(store, user.id)
        .await
        .unwrap()
        .iter()
        .map(|m| m.membership())
        .collect()
}

fn outcome(status: u16) -> Option<bool> {
    match status {
        200 => Some(true),
        403 | 404 => Some(false),
        _ => None,
    }
}

/// Every demo user of both tenants, against the records of both: the API and
/// the pages answer exactly as the policy decides, and nobody reads a record
/// of the other tenant.
async fn every_user_of_both_tenants_meets_the_policy_on_the_api_and_the_pages(app: TestApp) {
    let store = &app.db.store;
    let tenants = tenants(store).await;
    let mut checked = 0;
    for (email, home) in all_demo_users() {
        let memberships = memberships_of(store, email).await;
        let token = app.token(email).await;
        let browser = client();
        log_in(&app.server.address, &browser, email).await;
        for probe in probes(store, &memberships, &tenants).await {
            let status = app.get(&probe.api, &token).await.status().as_u16();
            assert_eq!(
                outcome(status),
                Some(probe.allowed),
                "{email} GET {} answered {status}",
                probe.api
            );
            if probe.tenant != home {
                assert!(!probe.allowed, "{email} reaches {} of the other tenant", probe.api);
            }
            if let Some(page) = &probe.page {
                let status = browser.get(app.url(page)).send().await.unwrap().status().as_u16();
                assert_eq!(
                    outcome(status),
                    Some(probe.allowed),
                    "{email} page {page} answered {status}"
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 16 * 2 * 11, "every user met every probe");
    app.finish().await;
}

/// Lists show only one's own tenant: no household of the other agency in the
/// household list of any user.
async fn no_list_shows_a_household_of_the_other_tenant(app: TestApp) {
    let store = &app.db.store;
    let tenants = tenants(store).await;
    for (email, home) in all_demo_users() {
        let token = app.token(email).await;
        let response = app.get("/api/v1/households?per_page=200", &token).await;
        if response.status() != 200 {
            continue;
        }
        let body: Value = response.json().await.unwrap();
        let foreign = tenants[1 - home].agency;
        for item in body["items"].as_array().expect("items") {
            assert_ne!(item["agency_id"].as_i64(), Some(foreign.get()), "{email} lists {item}");
        }
    }
    app.finish().await;
}

/// The takeover of issue 11: the first agency's admin registered the second
/// agency, which has its own admin and data now. Registering it gave no power.
async fn registering_an_agency_gives_its_registrar_no_power_over_it(app: TestApp) {
    let store = &app.db.store;
    let second = org_id(store, SECOND_AGENCY).await;
    let token = app.token(ADMIN).await;
    let add_self = json!({ "email": ADMIN, "role": "programme_manager" });
    problem(
        app.post_json(&format!("/api/v1/organisations/{second}/members"), &token, &add_self)
            .await,
        403,
    )
    .await;
    let their_admin = users::find_by_email(store, SECOND_ADMIN).await.unwrap().unwrap().id;
    let demote = app
        .http
        .put(app.url(&format!("/api/v1/organisations/{second}/members/{their_admin}")))
        .bearer_auth(&token)
        .json(&json!({ "role": "operator" }))
        .send()
        .await
        .unwrap();
    problem(demote, 403).await;
    let remove = app
        .http
        .delete(app.url(&format!("/api/v1/organisations/{second}/members/{their_admin}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    problem(remove, 403).await;
    let rename = app
        .http
        .put(app.url(&format!("/api/v1/organisations/{second}")))
        .bearer_auth(&token)
        .json(&json!({ "name": "Taken over", "kind": "public_agency" }))
        .send()
        .await
        .unwrap();
    problem(rename, 403).await;
    problem(
        app.post_json(&format!("/api/v1/organisations/{second}/archive"), &token, &json!({}))
            .await,
        403,
    )
    .await;
    problem(
        app.get(&format!("/api/v1/organisations/{second}/members"), &token)
            .await,
        403,
    )
    .await;
    let social_worker = app.token(SOCIAL_WORKER).await;
    problem(
        app.get(&format!("/api/v1/organisations/{second}/members"), &social_worker)
            .await,
        403,
    )
    .await;
    // Nothing changed: the second agency's admin is still its admin.
    let own = app.token(SECOND_ADMIN).await;
    let members: Value = app
        .get(&format!("/api/v1/organisations/{second}/members"), &own)
        .await
        .json()
        .await
        .unwrap();
    let roles: Vec<(&str, &str)> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["email"].as_str().unwrap(), m["role"].as_str().unwrap()))
        .collect();
    assert!(roles.contains(&(SECOND_ADMIN, "admin")), "{roles:?}");
    assert!(!roles.iter().any(|(email, _)| *email == ADMIN), "{roles:?}");
    // The registrar still keeps the entries of the firm it registered, which has no users.
    let firm = org_id(store, "Officine Rossi S.r.l.").await;
    let firm_entry: Value = app
        .get(&format!("/api/v1/organisations/{firm}"), &token)
        .await
        .json()
        .await
        .unwrap();
    let mut edited = firm_entry.clone();
    edited["municipality"] = json!("Pontedera");
    let response = app
        .http
        .put(app.url(&format!("/api/v1/organisations/{firm}")))
        .bearer_auth(&token)
        .json(&json!({
            "name": firm_entry["name"], "kind": "firm", "vat_number": firm_entry["vat_number"],
            "municipality": "Pontedera", "sectors": firm_entry["sectors"],
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap_or_default());
    app.finish().await;
}

/// Matching is no back door: an admin (not a programme manager) may neither
/// read a round's proposal, with participants' names, nor accept it.
async fn an_admin_can_neither_read_nor_accept_a_matching_proposal(app: TestApp) {
    let store = &app.db.store;
    let [first, _] = tenants(store).await;
    let path = format!("/api/v1/programmes/{}/rounds/{}/matching", first.programme, first.round);
    let admin = app.token(ADMIN).await;
    problem(app.get(&path, &admin).await, 403).await;
    let accept = json!({ "assignments": [{ "participant_id": 1, "service_id": 1 }] });
    problem(app.post_json(&format!("{path}/accept"), &admin, &accept).await, 403).await;
    let manager = app.token("programme.manager@demo.filiera.eu").await;
    assert_eq!(app.get(&path, &manager).await.status(), 200);
    // Nor may the other tenant's programme manager.
    let other = app.token("programme.manager@livorno.demo.filiera.eu").await;
    problem(app.get(&path, &other).await, 403).await;
    app.finish().await;
}

/// A household of one agency cannot join the other agency's programme, by
/// path or by project; the refusal names the programme.
async fn a_household_cannot_join_another_agencys_programme(app: TestApp) {
    let store = &app.db.store;
    let [first, second] = tenants(store).await;
    let token = app.token(SOCIAL_WORKER).await;
    let household: Value = app
        .get(&format!("/api/v1/households/{}", first.household), &token)
        .await
        .json()
        .await
        .unwrap();
    let participant = household["members"][0]["id"].as_i64().expect("a member");
    let open = json!({ "participant_id": participant, "programme_id": second.programme });
    let refused = problem(
        app.post_json(&format!("/api/v1/households/{}/paths", first.household), &token, &open)
            .await,
        422,
    )
    .await;
    assert_eq!(blamed_fields(&refused), ["programme_id"]);
    let start = json!({ "programme_id": second.programme, "focus_participant_id": participant });
    let refused = problem(
        app.post_json(
            &format!("/api/v1/households/{}/projects", first.household),
            &token,
            &start,
        )
        .await,
        422,
    )
    .await;
    assert_eq!(blamed_fields(&refused), ["programme_id"]);
    // A round of another programme is refused on the round, a missing programme on the programme.
    let wrong_round =
        json!({ "participant_id": participant, "programme_id": first.programme, "round_id": second.round });
    let refused = problem(
        app.post_json(
            &format!("/api/v1/households/{}/paths", first.household),
            &token,
            &wrong_round,
        )
        .await,
        422,
    )
    .await;
    assert_eq!(blamed_fields(&refused), ["round_id"]);
    let missing = json!({ "participant_id": participant, "programme_id": 999_999 });
    let refused = problem(
        app.post_json(
            &format!("/api/v1/households/{}/paths", first.household),
            &token,
            &missing,
        )
        .await,
        422,
    )
    .await;
    assert_eq!(blamed_fields(&refused), ["programme_id"]);
    // The other agency's staff see nothing of the first household.
    let theirs = app.token(SECOND_SOCIAL_WORKER).await;
    problem(
        app.get(&format!("/api/v1/households/{}", first.household), &theirs)
            .await,
        403,
    )
    .await;
    app.finish().await;
}

/// Health notes of the second tenant's participant: readable by its own social
/// worker, by nobody of the first tenant.
async fn health_notes_never_cross_to_the_other_tenant(app: TestApp) {
    let store = &app.db.store;
    let [_, second] = tenants(store).await;
    let own = app.token(SECOND_SOCIAL_WORKER).await;
    let household: Value = app
        .get(&format!("/api/v1/households/{}", second.household), &own)
        .await
        .json()
        .await
        .unwrap();
    let participant = household["members"][0]["id"].as_i64().expect("a member");
    let forms: Value = app
        .get(&format!("/api/v1/participants/{participant}/assessments"), &own)
        .await
        .json()
        .await
        .unwrap();
    let assessment = forms["assessments"][0]["id"].as_i64().expect("an assessment");
    let path = format!("/api/v1/participants/{participant}/assessments/{assessment}/health-notes");
    assert_eq!(app.get(&path, &own).await.status(), 200);
    for (email, home) in all_demo_users() {
        if home == 0 {
            let token = app.token(email).await;
            let status = app.get(&path, &token).await.status().as_u16();
            assert!(status == 403 || status == 404, "{email} read health notes: {status}");
        }
    }
    app.finish().await;
}

crate::api_tests!(
    every_user_of_both_tenants_meets_the_policy_on_the_api_and_the_pages,
    no_list_shows_a_household_of_the_other_tenant,
    registering_an_agency_gives_its_registrar_no_power_over_it,
    an_admin_can_neither_read_nor_accept_a_matching_proposal,
    a_household_cannot_join_another_agencys_programme,
    health_notes_never_cross_to_the_other_tenant,
);
