//! The indicators and the outcome report as CSV and XLSX. `?audience=public`
//! (the files to publish or send outside the programme) hides small counts and
//! what would reveal them; `staff`, the default, shows every figure. The
//! audience is in the file name and in the first line, so a staff file is not
//! mistaken for a publishable one.

use super::super::super::chrome::PageContext;
use super::viewable;
use crate::app::evidence::publication::{indicators_sheet, outcomes_sheet, published};
use crate::error::WebResult;
use crate::export::AudienceQuery;
use crate::export::sheet::Sheet;
use crate::pages::downloads::sheet_downloads;
use crate::state::AppState;
use filiera_domain::ids::ProgrammeId;

async fn indicators(
    state: &AppState,
    ctx: &PageContext,
    id: ProgrammeId,
    query: &AudienceQuery,
) -> WebResult<(Sheet, String)> {
    viewable(state, ctx, id).await?;
    let audience = query.audience.unwrap_or_default();
    let (indicators, _) = published(&state.store, id, audience).await?;
    Ok((
        indicators_sheet(&ctx.t, &indicators),
        format!("indicators-{id}-{}", audience.as_str()),
    ))
}

async fn outcomes(
    state: &AppState,
    ctx: &PageContext,
    id: ProgrammeId,
    query: &AudienceQuery,
) -> WebResult<(Sheet, String)> {
    viewable(state, ctx, id).await?;
    let audience = query.audience.unwrap_or_default();
    let (indicators, outcomes) = published(&state.store, id, audience).await?;
    Ok((
        outcomes_sheet(&ctx.t, &outcomes, audience, indicators.threshold),
        format!("outcomes-{id}-{}", audience.as_str()),
    ))
}

sheet_downloads!(indicators_csv, indicators_xlsx, indicators, AudienceQuery, ProgrammeId);
sheet_downloads!(outcomes_csv, outcomes_xlsx, outcomes, AudienceQuery, ProgrammeId);
