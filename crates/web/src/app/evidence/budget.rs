use crate::app::evidence::reports::agency_side;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::state::AppState;
use filiera_domain::evidence::reimbursement::StreamBudget;
use filiera_domain::ids::{OrganisationId, ProgrammeId};
use filiera_domain::policy::Action;
use filiera_domain::policy::evidence::EvidenceAction;
use filiera_storage::evidence::budget::{self, CooperativeBudget};
use filiera_storage::pathways::programmes::{self, Programme};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct StreamBudgetDto {
    #[serde(flatten)]
    pub stream: StreamBudget,
    pub remaining_cents: i64,
    pub over_committed: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CooperativeBudgetDto {
    pub cooperative_id: OrganisationId,
    pub name: String,
    pub committed_cents: i64,
    pub claimed_cents: i64,
    pub paid_cents: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BudgetDto {
    pub programme_id: ProgrammeId,
    pub streams: Vec<StreamBudgetDto>,
    pub cooperatives: Vec<CooperativeBudgetDto>,
    pub claims: Vec<ClaimDto>,
}

/// Everything the budget page shows, after checking the principal may see the programme's evidence.
pub async fn budget_of(
    state: &AppState,
    principal: &Principal,
    id: ProgrammeId,
) -> WebResult<(Programme, Vec<StreamBudget>, Vec<CooperativeBudget>)> {
    let programme = programmes::get(&state.store, id).await?;
    principal.authorize(Action::Evidence(EvidenceAction::ViewEvidence), &agency_side(&programme))?;
    let streams = budget::stream_budgets(&state.store, &programme).await?;
    let cooperatives = budget::cooperative_budgets(&state.store, id).await?;
    Ok((programme, streams, cooperatives))
}

/// A claim as the API shows it: the stored record itself (its schema keeps
/// the name `ClaimDto`).
pub use filiera_storage::evidence::provider_reports::Claim as ClaimDto;
