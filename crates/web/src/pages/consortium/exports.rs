//! Table A and the finance statements as CSV (UTF-8 with a byte-order mark, as
//! the registry export) and XLSX.

use super::dashboard::DateQuery;
use super::finance::{StatementQuery, YearQuery, cooperative_statement_rows, statement_rows};
use crate::api::consortium::{date_param, load_consortium, statement_of};
use crate::error::{WebError, WebResult};
use crate::extract::{ApiPath, ApiQuery};
use crate::pages::chrome::PageContext;
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use filiera_domain::consortium::table_a::TABLE_A_HEADER;
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium;

/// A table: a header and rows of cells (numbers stay text in CSV, become numbers in XLSX).
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

pub(super) fn csv_response(sheet: &Sheet, filename: &str) -> WebResult<Response> {
    let mut writer = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let csv_error = |e: csv::Error| WebError::Internal(e.to_string());
    writer.write_record(&sheet.header).map_err(csv_error)?;
    for row in &sheet.rows {
        writer.write_record(row).map_err(csv_error)?;
    }
    let bytes = writer.into_inner().map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}.csv\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

fn xlsx_response(sheet: &Sheet, filename: &str) -> WebResult<Response> {
    let xlsx_error = |e: rust_xlsxwriter::XlsxError| WebError::Internal(format!("xlsx: {e}"));
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let worksheet = workbook.add_worksheet();
    for (col, title) in sheet.header.iter().enumerate() {
        worksheet
            .write_string_with_format(0, col as u16, title, &bold)
            .map_err(xlsx_error)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        for (col, cell) in row.iter().enumerate() {
            let (r, col) = (r as u32 + 1, col as u16);
            // Figures are numbers in the spreadsheet so they can be summed.
            match cell.parse::<f64>() {
                Ok(number) if !cell.is_empty() => worksheet.write_number(r, col, number).map_err(xlsx_error)?,
                _ => worksheet.write_string(r, col, cell).map_err(xlsx_error)?,
            };
        }
    }
    worksheet.autofit();
    let bytes = workbook.save_to_buffer().map_err(xlsx_error)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}.xlsx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

async fn table_a_sheet(state: &AppState, ctx: &PageContext, id: i64, query: &DateQuery) -> WebResult<(Sheet, String)> {
    let consortium = load_consortium(state, ctx.require()?, id, ConsortiumAction::ViewCompliance).await?;
    let date = date_param("date", query.date())?;
    let table = consortium::table_a_on(&state.store, &consortium, date).await?;
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

async fn finance_sheet(state: &AppState, ctx: &PageContext, id: i64, query: &YearQuery) -> WebResult<(Sheet, String)> {
    let consortium = load_consortium(state, ctx.require()?, id, ConsortiumAction::ViewFinance).await?;
    let year = query.year();
    let rows = statement_rows(state, &consortium, year).await?;
    let header = ["section", "date", "kind", "description", "account", "hours", "amount"]
        .map(str::to_owned)
        .to_vec();
    Ok((Sheet { header, rows }, format!("finance-{year}")))
}

async fn cooperative_sheet(
    state: &AppState,
    ctx: &PageContext,
    id: i64,
    query: &StatementQuery,
) -> WebResult<(Sheet, String)> {
    let consortium = load_consortium(state, ctx.require()?, id, ConsortiumAction::ViewFinance).await?;
    let Some(cooperative) = query.cooperative()? else {
        return Err(WebError::Invalid(filiera_domain::ValidationErrors::single(
            "cooperative",
            "choose a member cooperative",
        )));
    };
    let year = query.year();
    let statement = statement_of(&state.store, &consortium, cooperative, Some(year)).await?;
    let header = ["section", "date", "kind", "description", "amount", "balance"]
        .map(str::to_owned)
        .to_vec();
    let rows = cooperative_statement_rows(&statement);
    Ok((Sheet { header, rows }, format!("statement-{cooperative}-{year}")))
}

/// Each table downloads as CSV and as XLSX from the same sheet, so the two
/// never disagree.
macro_rules! sheet_downloads {
    ($csv:ident, $xlsx:ident, $sheet:ident, $query:ty) => {
        pub async fn $csv(
            State(state): State<AppState>,
            ctx: PageContext,
            ApiPath(id): ApiPath<i64>,
            ApiQuery(query): ApiQuery<$query>,
        ) -> WebResult<Response> {
            let (sheet, name) = $sheet(&state, &ctx, id, &query).await?;
            csv_response(&sheet, &name)
        }

        pub async fn $xlsx(
            State(state): State<AppState>,
            ctx: PageContext,
            ApiPath(id): ApiPath<i64>,
            ApiQuery(query): ApiQuery<$query>,
        ) -> WebResult<Response> {
            let (sheet, name) = $sheet(&state, &ctx, id, &query).await?;
            xlsx_response(&sheet, &name)
        }
    };
}

sheet_downloads!(table_a_csv, table_a_xlsx, table_a_sheet, DateQuery);
sheet_downloads!(finance_csv, finance_xlsx, finance_sheet, YearQuery);
sheet_downloads!(cooperative_csv, cooperative_xlsx, cooperative_sheet, StatementQuery);
