//! The borsa lavoro page: a month's statements per user with the split between
//! public funding and the Type B cooperatives' transfers, and its CSV export.

use super::exports::{Sheet, csv_response};
use crate::app::consortium::borsa::{BorsaMonthDto, MonthParams, borsa_month};
use crate::app::consortium::load_consortium;
use crate::error::WebResult;
use crate::extract::{ApiPath, ApiQuery};
use crate::pages::chrome::{Chrome, PageContext};
use crate::pages::errors::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use filiera_domain::ids::OrganisationId;
use filiera_domain::policy::consortium::ConsortiumAction;

/// The CSV header of the statements: amounts in euros, hours as decimals.
pub const BORSA_HEADER: [&str; 10] = [
    "cooperative",
    "user",
    "hours",
    "level",
    "rate",
    "base",
    "bonuses",
    "total",
    "public_part",
    "type_b_part",
];

#[derive(Template)]
#[template(path = "consortium/borsa.html")]
struct BorsaPage {
    chrome: Chrome,
    consortium_id: OrganisationId,
    public_share: String,
    data: BorsaMonthDto,
}

async fn load(
    state: &AppState,
    ctx: &PageContext,
    id: OrganisationId,
    query: &MonthParams,
) -> WebResult<(String, BorsaMonthDto)> {
    let consortium = load_consortium(state, ctx.require()?, id, ConsortiumAction::ViewFinance).await?;
    let month = query.month(state.clock.today())?;
    Ok((consortium.name.clone(), borsa_month(state, &consortium, month).await?))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiQuery(query): ApiQuery<MonthParams>,
) -> WebResult<Response> {
    let (name, data) = load(&state, &ctx, id, &query).await?;
    let bp = data.public_share_bp;
    let page = BorsaPage {
        chrome: ctx.chrome_titled(ctx.t.with("consortium-borsa-title", "name", &name)),
        consortium_id: id,
        public_share: format!("{}.{:02}%", bp / 100, bp % 100),
        data,
    };
    Ok(render(&page).into_response())
}

pub async fn csv(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiQuery(query): ApiQuery<MonthParams>,
) -> WebResult<Response> {
    let (_, data) = load(&state, &ctx, id, &query).await?;
    let mut rows: Vec<Vec<String>> = data
        .lines
        .iter()
        .map(|l| {
            let s = &l.statement;
            vec![
                l.cooperative.clone(),
                l.user.clone(),
                s.hours.to_string(),
                s.level.get().to_string(),
                s.rate.decimal(),
                s.base.decimal(),
                s.bonuses.decimal(),
                s.total.decimal(),
                s.public_part.decimal(),
                s.type_b_part.decimal(),
            ]
        })
        .collect();
    let mut total = vec![String::new(); BORSA_HEADER.len()];
    total[0] = "total".into();
    total[7] = data.total.decimal();
    total[8] = data.public_part.decimal();
    total[9] = data.type_b_part.decimal();
    rows.push(total);
    let sheet = Sheet {
        header: BORSA_HEADER.map(str::to_owned).to_vec(),
        rows,
    };
    csv_response(&sheet, &format!("borsa-{}", data.month))
}
