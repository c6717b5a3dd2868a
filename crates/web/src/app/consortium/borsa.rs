use crate::error::{WebError, WebResult};
use crate::state::AppState;
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::borsa::{BorsaStatement, borsa_statement};
use filiera_domain::consortium::{Money, YearMonth};
use filiera_domain::ids::OrganisationId;
use filiera_storage::consortium::{self, Consortium, finance};
use serde::{Deserialize, Serialize};
use time::Date;
use time::Duration;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default, deny_unknown_fields)]
pub struct MonthParams {
    /// The month (YYYY-MM); last month when absent.
    pub month: Option<String>,
}

impl MonthParams {
    /// The month asked for, or the last complete month; 422 on a malformed one.
    pub fn month(&self, today: Date) -> WebResult<YearMonth> {
        match self.month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            None => Ok(YearMonth::of(today - Duration::days(i64::from(today.day())))),
            Some(text) => YearMonth::parse(text).map_err(|m| WebError::Invalid(ValidationErrors::single("month", m))),
        }
    }
}

/// One user's statement (amounts in cents, hours in hundredths).
#[derive(Debug, Serialize, ToSchema)]
pub struct BorsaLine {
    pub user_id: i64,
    pub user: String,
    pub cooperative: String,
    pub statement: BorsaStatement,
}

/// A month's statements and their totals; `public_part + type_b_part = total`.
#[derive(Debug, Serialize, ToSchema)]
pub struct BorsaMonthDto {
    pub consortium_id: OrganisationId,
    pub month: String,
    /// Public funding's share in basis points (5,000 = 50%).
    pub public_share_bp: u32,
    pub lines: Vec<BorsaLine>,
    #[schema(value_type = i64)]
    pub total: Money,
    #[schema(value_type = i64)]
    pub public_part: Money,
    #[schema(value_type = i64)]
    pub type_b_part: Money,
}

/// Computes the statements of a month under the consortium's schedule (shared with the pages).
pub async fn borsa_month(state: &AppState, consortium: &Consortium, month: YearMonth) -> WebResult<BorsaMonthDto> {
    let settings = consortium::settings(&state.store, consortium.id).await?;
    let lines: Vec<BorsaLine> = finance::borsa_months(&state.store, consortium.id, month)
        .await?
        .into_iter()
        .map(|(user_id, user, cooperative, input)| BorsaLine {
            user_id,
            user,
            cooperative,
            statement: borsa_statement(&settings.borsa, &input),
        })
        .collect();
    Ok(BorsaMonthDto {
        consortium_id: consortium.id,
        month: month.to_string(),
        public_share_bp: settings.borsa.public_share_bp,
        total: lines.iter().map(|l| l.statement.total).sum(),
        public_part: lines.iter().map(|l| l.statement.public_part).sum(),
        type_b_part: lines.iter().map(|l| l.statement.type_b_part).sum(),
        lines,
    })
}
