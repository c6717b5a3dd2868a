//! Reusable exports for reports: tables as CSV/XLSX, charts as standalone SVG
//! (the same markup in the HTML pages and in the PDF) and A4 PDF documents.
//! Nothing here touches storage or decides what a report contains.

pub mod chart;
pub mod pdf;
pub mod sheet;

use filiera_domain::evidence::publication::Audience;
use serde::Deserialize;

/// `?audience=public|staff` on a download: who the file is for (staff by default).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AudienceQuery {
    pub audience: Option<Audience>,
}
