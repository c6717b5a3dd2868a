//! Participant statistics of a programme, as JSON or as the long CSV.

use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiPath, ApiQuery};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use filiera_domain::evidence::publication::Audience;
use filiera_domain::evidence::statistics_publication::publish_statistics;
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::evidence::settings;
use filiera_storage::pathways::{programmes, statistics};
use serde::Deserialize;
use std::sync::Arc;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StatisticsParams {
    /// `json` (default) or `csv` (`dimension,category,round,count,percent`).
    pub format: Option<String>,
    /// `staff` (default, every figure) or `public`: counts below the programme's
    /// publication threshold, and what would reveal them, are hidden (`null`
    /// in JSON, `<5` in CSV).
    pub audience: Option<Audience>,
}

/// Participants by round and in total: gender, country of birth, age band,
/// household size, single parents, average age, interventions per service.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/statistics/participants", tag = "programme data",
    security(("bearer" = [])), params(("id" = i64, Path), StatisticsParams),
    responses((status = 200, body = Object, description = "JSON statistics, or text/csv with ?format=csv"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn participants(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<StatisticsParams>,
) -> WebResult<Response> {
    let programme = programmes::get(&state.store, id).await?;
    principal.authorize(Action::Pathway(PathwayAction::ViewStatistics), &programme.target())?;
    let stats = statistics::participant_statistics(&state.store, id).await?;
    let csv = params.format.as_deref() == Some("csv");
    Ok(match params.audience.unwrap_or_default() {
        Audience::Staff if csv => csv_response(&stats.to_csv(), "participants.csv"),
        Audience::Staff => Json(stats).into_response(),
        Audience::Public => {
            let threshold = settings::publication_threshold(&state.store, id).await?;
            let published = publish_statistics(&stats, Audience::Public, threshold);
            if csv {
                csv_response(&published.to_csv(), &format!("participants-{id}-public.csv"))
            } else {
                Json(published).into_response()
            }
        }
    })
}

pub(crate) use crate::export::sheet::csv_text_response as csv_response;
