//! The budget picture of a programme: per funding stream and per cooperative,
//! what was budgeted, committed (planned interventions), claimed and paid.

use crate::pathways::programmes::{self, Programme};
use crate::{Result, Store};
use filiera_domain::evidence::reimbursement::StreamBudget;
use filiera_domain::ids::{FundingStreamId, OrganisationId, ProgrammeId};
use serde::Serialize;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// What one cooperative has committed, claimed and been paid in a programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CooperativeBudget {
    pub cooperative_id: OrganisationId,
    pub name: String,
    pub committed_cents: i64,
    pub claimed_cents: i64,
    pub paid_cents: i64,
}

/// Committed: the planned cost of interventions not cancelled, per stream (or per cooperative).
const COMMITTED_BY_STREAM: &str = "SELECT i.funding_stream_id, CAST(SUM(i.cost_cents) AS BIGINT) FROM interventions i \
     JOIN funding_streams f ON f.id = i.funding_stream_id \
     WHERE f.programme_id = $1 AND i.status <> 'cancelled' GROUP BY i.funding_stream_id";

const CLAIMED_BY_STREAM: &str = "SELECT c.funding_stream_id, CAST(SUM(c.amount_cents) AS BIGINT), \
     CAST(SUM(CASE WHEN c.paid_on IS NULL THEN 0 ELSE c.amount_cents END) AS BIGINT) \
     FROM reimbursement_claims c JOIN funding_streams f ON f.id = c.funding_stream_id \
     WHERE f.programme_id = $1 GROUP BY c.funding_stream_id";

pub(crate) async fn stream_budgets_in(conn: &mut AnyConnection, programme: &Programme) -> Result<Vec<StreamBudget>> {
    let committed: HashMap<FundingStreamId, i64> = sqlx::query_as::<_, (FundingStreamId, i64)>(COMMITTED_BY_STREAM)
        .bind(programme.id)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
    let claimed: HashMap<FundingStreamId, (i64, i64)> =
        sqlx::query_as::<_, (FundingStreamId, i64, i64)>(CLAIMED_BY_STREAM)
            .bind(programme.id)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|(id, claimed, paid)| (id, (claimed, paid)))
            .collect();
    Ok(programme
        .funding_streams
        .iter()
        .map(|stream| {
            let (claimed, paid) = claimed.get(&stream.id).copied().unwrap_or((0, 0));
            StreamBudget {
                funding_stream_id: stream.id,
                name: stream.name.clone(),
                budget_cents: stream.budget_cents,
                committed_cents: committed.get(&stream.id).copied().unwrap_or(0),
                claimed_cents: claimed,
                paid_cents: paid,
            }
        })
        .collect())
}

/// The budget of each funding stream of a programme.
pub async fn stream_budgets(store: &Store, programme: &Programme) -> Result<Vec<StreamBudget>> {
    let mut conn = store.pool().acquire().await?;
    stream_budgets_in(&mut conn, programme).await
}

/// The budget of each delivering cooperative of a programme.
pub async fn cooperative_budgets(store: &Store, programme_id: ProgrammeId) -> Result<Vec<CooperativeBudget>> {
    let programme = programmes::get(store, programme_id).await?;
    let committed: HashMap<OrganisationId, i64> = sqlx::query_as::<_, (OrganisationId, i64)>(
        "SELECT pr.cooperative_id, CAST(SUM(i.cost_cents) AS BIGINT) FROM interventions i \
         JOIN projects pr ON pr.id = i.project_id WHERE pr.programme_id = $1 AND pr.cooperative_id IS NOT NULL \
         AND i.status <> 'cancelled' GROUP BY pr.cooperative_id",
    )
    .bind(programme_id)
    .fetch_all(store.pool())
    .await?
    .into_iter()
    .collect();
    let claimed: HashMap<OrganisationId, (i64, i64)> = sqlx::query_as::<_, (OrganisationId, i64, i64)>(
        "SELECT c.cooperative_id, CAST(SUM(c.amount_cents) AS BIGINT), \
         CAST(SUM(CASE WHEN c.paid_on IS NULL THEN 0 ELSE c.amount_cents END) AS BIGINT) \
         FROM reimbursement_claims c JOIN provider_reports r ON r.id = c.report_id \
         WHERE r.programme_id = $1 GROUP BY c.cooperative_id",
    )
    .bind(programme_id)
    .fetch_all(store.pool())
    .await?
    .into_iter()
    .map(|(id, claimed, paid)| (id, (claimed, paid)))
    .collect();
    Ok(programme
        .cooperatives
        .iter()
        .map(|(id, name)| {
            let (claimed, paid) = claimed.get(id).copied().unwrap_or((0, 0));
            CooperativeBudget {
                cooperative_id: *id,
                name: name.clone(),
                committed_cents: committed.get(id).copied().unwrap_or(0),
                claimed_cents: claimed,
                paid_cents: paid,
            }
        })
        .collect())
}
