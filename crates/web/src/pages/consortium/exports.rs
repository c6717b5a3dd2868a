//! Table A and the finance statements as CSV (UTF-8 with a byte-order mark, as
//! the registry export) and XLSX.

use super::dashboard::DateQuery;
use super::finance::{StatementQuery, YearQuery, cooperative_statement_rows, statement_rows};
use crate::app::consortium::{date_param, load_consortium, statement_of};
use crate::error::{WebError, WebResult};
use crate::pages::downloads::sheet_downloads;
use filiera_domain::ids::OrganisationId;
use filiera_domain::msg;
// Re-exported for the borsa page, which imports them from here.
pub(super) use crate::export::sheet::{Sheet, csv_response};
use crate::pages::chrome::PageContext;
use crate::state::AppState;
use filiera_domain::consortium::table_a::TABLE_A_HEADER;
use filiera_domain::policy::consortium::ConsortiumAction;

async fn table_a_sheet(
    state: &AppState,
    ctx: &PageContext,
    id: OrganisationId,
    query: &DateQuery,
) -> WebResult<(Sheet, String)> {
    let consortium = load_consortium(state, ctx.require()?, id, ConsortiumAction::ViewCompliance).await?;
    let date = date_param(state.clock.today(), "date", query.date())?;
    let table = crate::app::consortium::table_a_on(&state.store, &consortium, date).await?;
    let rows = table
        .rows
        .iter()
        .chain(std::iter::once(&table.total))
        .map(|r| r.csv_record())
        .collect();
    Ok((
        Sheet {
            header: TABLE_A_HEADER.iter().map(|h| (*h).to_owned()).collect(),
            rows,
        },
        format!("table-a-{date}"),
    ))
}

async fn finance_sheet(
    state: &AppState,
    ctx: &PageContext,
    id: OrganisationId,
    query: &YearQuery,
) -> WebResult<(Sheet, String)> {
    let consortium = load_consortium(state, ctx.require()?, id, ConsortiumAction::ViewFinance).await?;
    let year = query.year(state.clock.today());
    let rows = statement_rows(state, &consortium, year).await?;
    let header = ["section", "date", "kind", "description", "account", "hours", "amount"]
        .map(str::to_owned)
        .to_vec();
    Ok((Sheet { header, rows }, format!("finance-{year}")))
}

async fn cooperative_sheet(
    state: &AppState,
    ctx: &PageContext,
    id: OrganisationId,
    query: &StatementQuery,
) -> WebResult<(Sheet, String)> {
    let consortium = load_consortium(state, ctx.require()?, id, ConsortiumAction::ViewFinance).await?;
    let Some(cooperative) = query.cooperative()? else {
        return Err(WebError::Invalid(filiera_domain::ValidationErrors::single(
            "cooperative",
            msg!("error-choose-member-cooperative"),
        )));
    };
    let year = query.year(state.clock.today());
    let statement = statement_of(&state.store, &consortium, cooperative, state.clock.today(), Some(year)).await?;
    let header = ["section", "date", "kind", "description", "amount", "balance"]
        .map(str::to_owned)
        .to_vec();
    let rows = cooperative_statement_rows(&statement);
    Ok((Sheet { header, rows }, format!("statement-{cooperative}-{year}")))
}

sheet_downloads!(table_a_csv, table_a_xlsx, table_a_sheet, DateQuery, OrganisationId);
sheet_downloads!(finance_csv, finance_xlsx, finance_sheet, YearQuery, OrganisationId);
sheet_downloads!(
    cooperative_csv,
    cooperative_xlsx,
    cooperative_sheet,
    StatementQuery,
    OrganisationId
);
