//! Page handlers that download a sheet (the sheets themselves are built by
//! the use cases and written by `export::sheet`).

/// Each table downloads as CSV and as XLSX from the same sheet, so the two
/// never disagree: `sheet_downloads!(csv_handler, xlsx_handler, sheet_fn, Query, Id)`
/// where `sheet_fn(&state, &ctx, id, &query)` gives the sheet and the file name.
macro_rules! sheet_downloads {
    ($csv:ident, $xlsx:ident, $sheet:ident, $query:ty, $id:ty) => {
        pub async fn $csv(
            axum::extract::State(state): axum::extract::State<$crate::state::AppState>,
            ctx: $crate::pages::chrome::PageContext,
            $crate::extract::ApiPath(id): $crate::extract::ApiPath<$id>,
            $crate::extract::ApiQuery(query): $crate::extract::ApiQuery<$query>,
        ) -> $crate::error::WebResult<axum::response::Response> {
            let (sheet, name) = $sheet(&state, &ctx, id, &query).await?;
            $crate::export::sheet::csv_response(&sheet, &name)
        }

        pub async fn $xlsx(
            axum::extract::State(state): axum::extract::State<$crate::state::AppState>,
            ctx: $crate::pages::chrome::PageContext,
            $crate::extract::ApiPath(id): $crate::extract::ApiPath<$id>,
            $crate::extract::ApiQuery(query): $crate::extract::ApiQuery<$query>,
        ) -> $crate::error::WebResult<axum::response::Response> {
            let (sheet, name) = $sheet(&state, &ctx, id, &query).await?;
            $crate::export::sheet::xlsx_response(&sheet, &name)
        }
    };
}
pub(crate) use sheet_downloads;
