//! The consortium use cases: loading a consortium or member cooperative for a
//! principal, the solidarity fund statements, the register of members, the
//! workforce register, hours, borsa lavoro, production orders and weekly
//! allocations, and the filiere of service users.

pub mod allocations;
pub mod borsa;
pub mod filiere;
pub mod hours;
pub mod members;
pub mod orders;
pub mod registers;
pub mod week;

use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use filiera_domain::consortium::fund::{ContributionStatement, contribution_statement};
use filiera_domain::consortium::parse_date;
use filiera_domain::consortium::statement::CooperativeStatement;
use filiera_domain::consortium::table_a::{TableA, table_a};
use filiera_domain::ids::{LedgerMovementId, OrganisationId};
use filiera_domain::policy::Action;
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::Store;
use filiera_storage::consortium::{self as stored, Consortium, MemberCooperative};
use time::Date;

/// The fund statement of a year: each cooperative's hours and contribution (amounts in cents).
pub async fn fund_statement(
    store: &Store,
    consortium: &Consortium,
    year: i32,
) -> filiera_storage::Result<ContributionStatement> {
    let settings = stored::settings(store, consortium.id).await?;
    let mut hours = Vec::new();
    for member in &consortium.members {
        hours.push((
            member.name.clone(),
            stored::registers::hours_in_year(store, member.id, year).await?,
        ));
    }
    Ok(contribution_statement(&hours, settings.fund_per_hour))
}

/// Table A of a consortium on a date: each member's workers and users, counted
/// by the domain's rule ([`table_a`]).
pub async fn table_a_on(store: &Store, consortium: &Consortium, date: Date) -> filiera_storage::Result<TableA> {
    let members = stored::table_a_members(store, consortium, date).await?;
    let inputs: Vec<_> = members.iter().map(stored::TableAMember::input).collect();
    Ok(table_a(&inputs, date))
}

/// The statement of a member of `consortium` (404 for anyone else), shared with the pages.
pub async fn statement_of(
    store: &Store,
    consortium: &Consortium,
    cooperative_id: OrganisationId,
    today: Date,
    year: Option<i32>,
) -> WebResult<CooperativeStatement> {
    let year = year_param(today, year)?;
    if consortium.member(cooperative_id).is_none() {
        return Err(filiera_storage::StorageError::NotFound { what: "cooperative" }.into());
    }
    Ok(stored::finance::statement_of_cooperative(store, consortium.id, cooperative_id, year).await?)
}

/// The Solidarity Fund statement of a year (shared with the pages).
pub async fn finance_statement(
    state: &AppState,
    consortium: &Consortium,
    year: i32,
) -> WebResult<filiera_domain::consortium::fund::ContributionStatement> {
    Ok(fund_statement(&state.store, consortium, year).await?)
}

pub async fn load_consortium(
    state: &AppState,
    principal: &Principal,
    id: OrganisationId,
    action: ConsortiumAction,
) -> WebResult<Consortium> {
    let consortium = stored::consortium(&state.store, id).await?;
    principal.authorize(Action::Consortium(action), &consortium.target())?;
    Ok(consortium)
}

pub async fn load_cooperative(
    state: &AppState,
    principal: &Principal,
    id: OrganisationId,
    action: ConsortiumAction,
) -> WebResult<MemberCooperative> {
    let cooperative = stored::member_cooperative(&state.store, id).await?;
    principal.authorize(Action::Consortium(action), &cooperative.target())?;
    Ok(cooperative)
}

pub fn date_param(today: Date, field: &str, text: Option<&str>) -> WebResult<Date> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(today),
        Some(text) => parse_date(text)
            .map_err(|message| WebError::Invalid(filiera_domain::ValidationErrors::single(field, message))),
    }
}

/// A statement's year, within the years a date can be written for (422 on `year` otherwise).
pub fn year_param(today: Date, year: Option<i32>) -> WebResult<i32> {
    let year = year.unwrap_or_else(|| today.year());
    filiera_domain::bounds::check_year(year)
        .map_err(|message| WebError::Invalid(filiera_domain::ValidationErrors::single("year", message)))
}

/// Parses a required `YYYY-MM-DD` field, noting the error on `field`.
pub fn parse_field_date(errors: &mut filiera_domain::ValidationErrors, field: &str, text: &str) -> Option<Date> {
    parse_date(text.trim()).map_err(|m| errors.add(field, m)).ok()
}

/// Records a movement of the consortium's ledger (its postings must balance;
/// a cooperative's account must be a member's).
pub async fn record_movement(
    state: &AppState,
    principal: &Principal,
    consortium_id: OrganisationId,
    movement: &filiera_domain::consortium::ledger::Movement,
) -> WebResult<LedgerMovementId> {
    load_consortium(state, principal, consortium_id, ConsortiumAction::ManageFinance).await?;
    crate::work::with_unit(state, principal, async |unit| {
        stored::finance::record_movement(unit, consortium_id, movement).await
    })
    .await
}

/// Replaces the consortium's settings (fund per hour, borsa shares, human scale).
pub async fn save_settings(
    state: &AppState,
    principal: &Principal,
    consortium_id: OrganisationId,
    settings: &stored::Settings,
) -> WebResult<()> {
    load_consortium(state, principal, consortium_id, ConsortiumAction::ManageFinance).await?;
    crate::work::with_unit(state, principal, async |unit| {
        stored::save_settings(unit, consortium_id, settings).await
    })
    .await
}
