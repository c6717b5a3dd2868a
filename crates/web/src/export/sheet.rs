//! Tables and documents as downloads: one [`Sheet`] becomes CSV (UTF-8 with a
//! byte-order mark, as the registry export) or XLSX; a rendered PDF becomes an attachment.

use crate::error::{WebError, WebResult};
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A table: a header and rows of cells (numbers stay text in CSV, become numbers in XLSX).
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The sheet as `{filename}.csv`, written by the one CSV writer
/// ([`filiera_domain::csv_export`]), which keeps formulas out of the cells.
pub fn csv_response(sheet: &Sheet, filename: &str) -> WebResult<Response> {
    let text = filiera_domain::csv_export::table(&sheet.header, &sheet.rows);
    Ok(csv_text_response(&text, &format!("{filename}.csv")))
}

/// CSV text from [`filiera_domain::csv_export`] as a download, with a UTF-8
/// byte-order mark so spreadsheet programs read accents right.
pub fn csv_text_response(text: &str, filename: &str) -> Response {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

pub fn xlsx_response(sheet: &Sheet, filename: &str) -> WebResult<Response> {
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

/// A rendered PDF (see [`crate::export::pdf::render_pdf`]) as a download named `{filename}.pdf`.
pub fn pdf_response(bytes: Vec<u8>, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}.pdf\""),
            ),
        ],
        bytes,
    )
        .into_response()
}
