//! The consortium's finance page: the Solidarity Fund statement of a year, the
//! balance of every account and the ledger, with a form to record a movement.

use crate::app::consortium::{date_param, load_consortium, statement_of};
use crate::error::{WebError, WebResult};
use crate::extract::{ApiPath, ApiQuery};
use crate::pages::chrome::{Chrome, PageContext};
use crate::pages::errors::render;
use crate::pages::forms::PageForm;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::Money;
use filiera_domain::consortium::fund::ContributionStatement;
use filiera_domain::consortium::ledger::{Account, MovementKind, balances, transfer};
use filiera_domain::consortium::statement::CooperativeStatement;
use filiera_domain::ids::OrganisationId;
use filiera_domain::msg;
use filiera_domain::policy::Action;
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::{self, Consortium, finance};
use serde::Deserialize;
use time::Date;

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct YearQuery {
    year: Option<i32>,
}

/// The finance page's filter: the year and, optionally, the cooperative whose statement to show.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatementQuery {
    year: Option<i32>,
    cooperative: Option<String>,
}

impl StatementQuery {
    pub fn year(&self, today: Date) -> i32 {
        self.year.unwrap_or_else(|| today.year())
    }

    /// The chosen cooperative; none when the field is empty.
    pub fn cooperative(&self) -> WebResult<Option<OrganisationId>> {
        match self.cooperative.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => Ok(None),
            Some(text) => text
                .parse()
                .map(Some)
                .map_err(|_| WebError::Invalid(ValidationErrors::single("cooperative", msg!("error-must-be-member")))),
        }
    }
}

/// A cooperative's statement as the page shows it (amounts formatted, kinds translated).
pub struct StatementView {
    pub cooperative: String,
    pub opening: String,
    pub closing: String,
    pub fund_owed: String,
    pub fund_paid: String,
    pub fund_outstanding: String,
    pub grants_received: String,
    /// Date, kind, description, amount, balance.
    pub lines: Vec<(String, String, String, String, String)>,
}

/// A cooperative's statement as export rows: `section,date,kind,description,amount,balance`.
pub fn cooperative_statement_rows(statement: &CooperativeStatement) -> Vec<Vec<String>> {
    let figure = |section: &str, amount: Money, balance: bool| {
        let (amount, balance) = if balance {
            (String::new(), amount.decimal())
        } else {
            (amount.decimal(), String::new())
        };
        vec![
            section.into(),
            String::new(),
            String::new(),
            String::new(),
            amount,
            balance,
        ]
    };
    let mut rows = vec![figure("opening", statement.opening, true)];
    rows.extend(statement.lines.iter().map(|l| {
        vec![
            "movement".into(),
            l.on.clone(),
            l.kind.as_str().into(),
            l.description.clone(),
            l.amount.decimal(),
            l.balance.decimal(),
        ]
    }));
    rows.push(figure("closing", statement.closing, true));
    rows.push(figure("fund_owed", statement.fund_owed, false));
    rows.push(figure("fund_paid", statement.fund_paid, false));
    rows.push(figure("fund_outstanding", statement.fund_outstanding, false));
    rows.push(figure("grants_received", statement.grants_received, false));
    rows
}

impl YearQuery {
    pub fn year(&self, today: Date) -> i32 {
        self.year.unwrap_or_else(|| today.year())
    }
}

pub struct MovementRow {
    pub on: String,
    pub kind: String,
    pub description: String,
    pub postings: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "consortium/finance.html")]
struct FinancePage {
    chrome: Chrome,
    consortium_id: OrganisationId,
    year: i32,
    per_hour: String,
    fund: ContributionStatement,
    balances: Vec<(String, String)>,
    movements: Vec<MovementRow>,
    can_manage: bool,
    members: Vec<(String, String)>,
    cooperative: String,
    statement: Option<StatementView>,
    accounts: Vec<(String, String)>,
    kinds: Vec<(&'static str, String)>,
    errors: ValidationErrors,
}

fn account_label(consortium: &Consortium, ctx: &PageContext, account: Account) -> String {
    match account {
        Account::Cooperative(id) => consortium
            .member(id)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| account.code()),
        other => ctx
            .t
            .get(&format!("consortium-account-{}", other.code().replace('_', "-"))),
    }
}

/// The fund lines and the year's postings, one row per cell set, for the exports.
pub async fn statement_rows(state: &AppState, consortium: &Consortium, year: i32) -> WebResult<Vec<Vec<String>>> {
    let fund = crate::app::consortium::finance_statement(state, consortium, year).await?;
    let mut rows: Vec<Vec<String>> = fund
        .lines
        .iter()
        .map(|l| {
            vec![
                "solidarity_fund".into(),
                String::new(),
                String::new(),
                l.cooperative.clone(),
                String::new(),
                l.hours.to_string(),
                l.contribution.decimal(),
            ]
        })
        .collect();
    rows.push(vec![
        "solidarity_fund".into(),
        String::new(),
        String::new(),
        "total".into(),
        String::new(),
        fund.total_hours.to_string(),
        fund.total.decimal(),
    ]);
    for stored in finance::movements_in_year(&state.store, consortium.id, year).await? {
        for posting in &stored.movement.postings {
            let account = match posting.account {
                Account::Cooperative(id) => consortium
                    .member(id)
                    .map(|m| m.name.clone())
                    .unwrap_or_else(|| posting.account.code()),
                other => other.code(),
            };
            rows.push(vec![
                "ledger".into(),
                stored.movement.on.to_string(),
                stored.movement.kind.as_str().into(),
                stored.movement.description.clone(),
                account,
                String::new(),
                posting.amount.decimal(),
            ]);
        }
    }
    Ok(rows)
}

async fn page(
    state: &AppState,
    ctx: &PageContext,
    id: OrganisationId,
    year: i32,
    cooperative: Option<OrganisationId>,
    errors: ValidationErrors,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let consortium = load_consortium(state, principal, id, ConsortiumAction::ViewFinance).await?;
    let statement = match cooperative {
        None => None,
        Some(member) => {
            let statement = statement_of(&state.store, &consortium, member, state.clock.today(), Some(year)).await?;
            Some(statement_view(&consortium, ctx, &statement))
        }
    };
    let settings = consortium::settings(&state.store, id).await?;
    let fund = crate::app::consortium::finance_statement(state, &consortium, year).await?;
    let all = finance::movements(&state.store, id, finance::BEGINNING, finance::END).await?;
    let balances = balances(all.iter().map(|m| &m.movement))
        .into_iter()
        .map(|(account, amount)| (account_label(&consortium, ctx, account), amount.to_string()))
        .collect();
    let year_prefix = format!("{year:04}-");
    let movements = all
        .iter()
        .filter(|m| m.movement.on.to_string().starts_with(&year_prefix))
        .map(|m| MovementRow {
            on: m.movement.on.to_string(),
            kind: ctx.t.get(&format!(
                "consortium-movement-{}",
                m.movement.kind.as_str().replace('_', "-")
            )),
            description: m.movement.description.clone(),
            postings: m
                .movement
                .postings
                .iter()
                .map(|p| (account_label(&consortium, ctx, p.account), p.amount.to_string()))
                .collect(),
        })
        .collect();
    let mut accounts: Vec<(String, String)> = [
        Account::SolidarityFund,
        Account::SurplusPool,
        Account::PublicFunding,
        Account::External,
    ]
    .into_iter()
    .map(|a| (a.code(), account_label(&consortium, ctx, a)))
    .collect();
    accounts.extend(
        consortium
            .members
            .iter()
            .map(|m| (Account::Cooperative(m.id).code(), m.name.clone())),
    );
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = FinancePage {
        chrome: ctx.chrome_titled(ctx.t.with("consortium-finance-title", "name", &consortium.name)),
        consortium_id: id,
        year,
        per_hour: settings.fund_per_hour.to_string(),
        fund,
        balances,
        movements,
        can_manage: principal
            .authorize(
                Action::Consortium(ConsortiumAction::ManageFinance),
                &consortium.target(),
            )
            .is_ok(),
        members: consortium
            .members
            .iter()
            .map(|m| (m.id.to_string(), m.name.clone()))
            .collect(),
        cooperative: cooperative.map(|c| c.to_string()).unwrap_or_default(),
        statement,
        accounts,
        kinds: MovementKind::ALL
            .iter()
            .map(|k| {
                (
                    k.as_str(),
                    ctx.t
                        .get(&format!("consortium-movement-{}", k.as_str().replace('_', "-"))),
                )
            })
            .collect(),
        errors,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiQuery(query): ApiQuery<StatementQuery>,
) -> WebResult<Response> {
    let cooperative = query.cooperative()?;
    page(
        &state,
        &ctx,
        id,
        query.year(state.clock.today()),
        cooperative,
        ValidationErrors::new(),
    )
    .await
}

fn statement_view(consortium: &Consortium, ctx: &PageContext, statement: &CooperativeStatement) -> StatementView {
    StatementView {
        cooperative: consortium
            .member(statement.cooperative_id)
            .map(|m| m.name.clone())
            .unwrap_or_default(),
        opening: statement.opening.to_string(),
        closing: statement.closing.to_string(),
        fund_owed: statement.fund_owed.to_string(),
        fund_paid: statement.fund_paid.to_string(),
        fund_outstanding: statement.fund_outstanding.to_string(),
        grants_received: statement.grants_received.to_string(),
        lines: statement
            .lines
            .iter()
            .map(|l| {
                (
                    l.on.clone(),
                    ctx.t
                        .get(&format!("consortium-movement-{}", l.kind.as_str().replace('_', "-"))),
                    l.description.clone(),
                    l.amount.to_string(),
                    l.balance.to_string(),
                )
            })
            .collect(),
    }
}

#[derive(Debug, Deserialize)]
pub struct MovementForm {
    #[allow(dead_code)]
    csrf_token: Option<String>,
    on: String,
    kind: String,
    description: String,
    from: String,
    to: String,
    amount: String,
}

/// Records a movement from one account to another: balanced by construction,
/// and checked by the domain's balanced-movement rule all the same.
pub async fn record(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
    PageForm(form): PageForm<MovementForm>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    load_consortium(&state, &principal, id, ConsortiumAction::ManageFinance).await?;
    let mut errors = ValidationErrors::new();
    let on = date_param(state.clock.today(), "on", Some(&form.on))
        .map_err(|e| errors.0.extend(field_errors(e)))
        .ok();
    let kind = MovementKind::parse(&form.kind).map_err(|m| errors.add("kind", m)).ok();
    let from = Account::parse(&form.from).map_err(|m| errors.add("from", m)).ok();
    let to = Account::parse(&form.to).map_err(|m| errors.add("to", m)).ok();
    let amount = Money::parse(&form.amount).map_err(|m| errors.add("amount", m)).ok();
    let year = on.map(|d| d.year()).unwrap_or_else(|| state.clock.today().year());
    let (Some(on), Some(kind), Some(from), Some(to), Some(amount)) = (on, kind, from, to, amount) else {
        return page(&state, &ctx, id, year, None, errors).await;
    };
    let movement = match transfer(on, kind, &form.description, from, to, amount).validate() {
        Ok(movement) => movement,
        Err(errors) => return page(&state, &ctx, id, year, None, errors).await,
    };
    match crate::app::consortium::record_movement(&state, &principal, id, &movement).await {
        Ok(_) => Ok(Redirect::to(&format!("/consortium/{id}/finance?year={year}")).into_response()),
        Err(WebError::Invalid(errors)) => page(&state, &ctx, id, year, None, errors).await,
        Err(other) => Err(other),
    }
}

fn field_errors(error: WebError) -> Vec<filiera_domain::FieldError> {
    match error {
        WebError::Invalid(errors) => errors.0,
        other => vec![filiera_domain::FieldError {
            field: "on".into(),
            message: msg!("error-malformed", detail = other.to_string()),
        }],
    }
}
