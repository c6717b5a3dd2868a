use super::week::{self};
use crate::auth::Principal;
use crate::error::WebResult;
use crate::state::AppState;
use crate::work::with_unit;
use filiera_domain::ids::{AllocationId, OrganisationId, TaskId, WorkerId};
use filiera_domain::msg;
use filiera_storage::consortium::production::{self, AllocationLine, PersonRef};
use filiera_storage::consortium::{self};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineDto {
    pub task_id: TaskId,
    /// `worker` or `user`.
    pub person_kind: String,
    pub person_id: i64,
    pub units: i64,
}

pub fn line_dto(line: &AllocationLine) -> LineDto {
    let (person_kind, person_id) = match line.person {
        PersonRef::Worker(id) => ("worker", id.get()),
        PersonRef::User(id) => ("user", id),
    };
    LineDto {
        task_id: line.task_id,
        person_kind: person_kind.into(),
        person_id,
        units: line.units,
    }
}

pub fn to_lines(lines: &[LineDto]) -> WebResult<Vec<AllocationLine>> {
    lines
        .iter()
        .filter(|l| l.units != 0)
        .enumerate()
        .map(|(i, l)| {
            let person = match l.person_kind.as_str() {
                "worker" => PersonRef::Worker(WorkerId(l.person_id)),
                "user" => PersonRef::User(l.person_id),
                _ => {
                    return Err(filiera_domain::ValidationErrors::single(
                        &format!("lines[{i}].person_kind"),
                        msg!("error-worker-or-user"),
                    )
                    .into());
                }
            };
            Ok(AllocationLine {
                task_id: l.task_id,
                person,
                units: l.units,
            })
        })
        .collect()
}

/// Checks an edit against the week's constraints and stores it.
pub async fn save_edit(
    state: &AppState,
    principal: &Principal,
    allocation: &production::Allocation,
    lines: &[AllocationLine],
) -> WebResult<()> {
    if allocation.accepted {
        return Err(crate::error::WebError::Conflict(
            filiera_domain::ValidationErrors::single("status", msg!("error-allocation-accepted")),
        ));
    }
    let cooperative = consortium::member_cooperative(&state.store, allocation.organisation_id).await?;
    let week = week::load(state, &cooperative, allocation.week_start).await?;
    week::check(&week, lines)?;
    with_unit(state, principal, async |unit| {
        production::update_allocation(unit, allocation.id, lines).await
    })
    .await
}

/// An allocation, if the principal may do `action` in its cooperative.
pub async fn allocation(
    state: &AppState,
    principal: &Principal,
    id: AllocationId,
    action: filiera_domain::policy::consortium::ConsortiumAction,
) -> WebResult<production::Allocation> {
    let allocation = production::allocation(&state.store, id).await?;
    crate::app::consortium::load_cooperative(state, principal, allocation.organisation_id, action).await?;
    Ok(allocation)
}

/// Computes a draft allocation of the week of `day` with the optimisation
/// engine and stores it for review; returns its id.
pub async fn compute(
    state: &AppState,
    principal: &Principal,
    cooperative_id: OrganisationId,
    day: time::Date,
) -> WebResult<AllocationId> {
    let cooperative = crate::app::consortium::load_cooperative(
        state,
        principal,
        cooperative_id,
        filiera_domain::policy::consortium::ConsortiumAction::ManageProduction,
    )
    .await?;
    let week = week::load(state, &cooperative, week::monday_of(day)).await?;
    let lines = week::compute(&week)?;
    let stretch = week.settings.stretch_share_bp;
    with_unit(state, principal, async |unit| {
        production::create_allocation(unit, cooperative_id, week.start, stretch, &lines).await
    })
    .await
}

/// Accepts a draft: it becomes the week's plan; work sent to Type A workshops
/// is recorded as internal transfers.
pub async fn accept(state: &AppState, principal: &Principal, id: AllocationId) -> WebResult<()> {
    allocation(
        state,
        principal,
        id,
        filiera_domain::policy::consortium::ConsortiumAction::AcceptAllocation,
    )
    .await?;
    let today = state.clock.today();
    let store = state.store.clone();
    with_unit(state, principal, async |unit| {
        production::accept_allocation(&store, unit, id, today).await
    })
    .await?;
    Ok(())
}
