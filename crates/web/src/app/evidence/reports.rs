//! Provider reports on behalf of a principal. A report has two sides: the
//! cooperative prepares it, the agency owning the programme reviews it; both see it.

use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use crate::work::with_unit;
use filiera_domain::Message;
use filiera_domain::ValidationErrors;
use filiera_domain::evidence::Quarter;
use filiera_domain::evidence::report_status::ReportAction;
use filiera_domain::ids::OrganisationId;
use filiera_domain::ids::{ClaimId, ProviderReportId};
use filiera_domain::msg;
use filiera_domain::policy::evidence::EvidenceAction;
use filiera_domain::policy::{Action, Target};
use filiera_storage::evidence::provider_reports::{self, Claim, ProviderReport};
use filiera_storage::pathways::programmes::{self, Programme};

/// The cooperative's side of its reports.
pub fn cooperative_side(cooperative_id: OrganisationId) -> Target {
    Target::organisation(cooperative_id, None)
}

/// The agency's side: the programme's owner. Evidence (budget, indicators,
/// outcomes, the comparison group) belongs to it alone, not to the partners.
pub fn agency_side(programme: &Programme) -> Target {
    Target::organisation(programme.agency_id, None)
}

/// Both sides see a report.
pub fn report_target(programme: &Programme, cooperative_id: OrganisationId) -> Target {
    cooperative_side(cooperative_id).with_partners([programme.agency_id])
}

fn evidence(action: EvidenceAction) -> Action {
    Action::Evidence(action)
}

/// A report with its programme, if the principal may see it.
pub async fn load(
    state: &AppState,
    principal: &Principal,
    id: ProviderReportId,
) -> WebResult<(ProviderReport, Programme)> {
    let report = provider_reports::get(&state.store, id).await?;
    let programme = programmes::get(&state.store, report.programme_id).await?;
    principal.authorize(
        evidence(EvidenceAction::ViewProviderReport),
        &report_target(&programme, report.cooperative_id),
    )?;
    Ok((report, programme))
}

/// What the principal may do on a report, for showing the right buttons.
pub struct Permissions {
    pub prepare: bool,
    pub review: bool,
}

pub fn permissions(principal: &Principal, programme: &Programme, cooperative_id: OrganisationId) -> Permissions {
    Permissions {
        prepare: principal
            .authorize(
                evidence(EvidenceAction::PrepareProviderReport),
                &cooperative_side(cooperative_id),
            )
            .is_ok(),
        review: principal
            .authorize(evidence(EvidenceAction::ReviewProviderReport), &agency_side(programme))
            .is_ok(),
    }
}

/// The programme's reports the principal may see: all of them on the agency's
/// side, a cooperative's own otherwise. Nothing at all is a 403.
pub async fn visible(state: &AppState, principal: &Principal, programme: &Programme) -> WebResult<Vec<ProviderReport>> {
    let view = evidence(EvidenceAction::ViewProviderReport);
    if principal.authorize(view, &agency_side(programme)).is_ok() {
        return Ok(provider_reports::list(&state.store, programme.id, None).await?);
    }
    let own: Vec<OrganisationId> = programme
        .cooperatives
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| principal.authorize(view, &cooperative_side(*id)).is_ok())
        .collect();
    if own.is_empty() {
        principal.authorize(view, &agency_side(programme))?;
    }
    let all = provider_reports::list(&state.store, programme.id, None).await?;
    Ok(all.into_iter().filter(|r| own.contains(&r.cooperative_id)).collect())
}

/// Whether the principal sees any of the programme's reports (for the link to them).
pub fn may_see_any(principal: &Principal, programme: &Programme) -> bool {
    let view = evidence(EvidenceAction::ViewProviderReport);
    principal.authorize(view, &agency_side(programme)).is_ok()
        || programme
            .cooperatives
            .iter()
            .any(|(id, _)| principal.authorize(view, &cooperative_side(*id)).is_ok())
}

/// The cooperatives the principal may prepare reports for.
pub fn preparable_cooperatives(principal: &Principal, programme: &Programme) -> Vec<(OrganisationId, String)> {
    programme
        .cooperatives
        .iter()
        .filter(|(id, _)| permissions(principal, programme, *id).prepare)
        .cloned()
        .collect()
}

pub fn parse_quarter(text: &str) -> Result<Quarter, ValidationErrors> {
    text.parse()
        .map_err(|message: Message| ValidationErrors::single("quarter", message))
}

/// Generates (or regenerates while open) a cooperative's report for a quarter.
pub async fn generate(
    state: &AppState,
    principal: &Principal,
    programme: &Programme,
    cooperative_id: OrganisationId,
    quarter: Quarter,
) -> WebResult<ProviderReportId> {
    if !programme.cooperatives.iter().any(|(id, _)| *id == cooperative_id) {
        return Err(WebError::Invalid(ValidationErrors::single(
            "cooperative_id",
            msg!("error-cooperative-not-delivering"),
        )));
    }
    principal.authorize(
        evidence(EvidenceAction::PrepareProviderReport),
        &cooperative_side(cooperative_id),
    )?;
    let programme_id = programme.id;
    with_unit(state, principal, async |unit| {
        provider_reports::generate(unit, programme_id, cooperative_id, quarter, state.clock.today()).await
    })
    .await
}

/// Runs a life-cycle action: the cooperative regenerates and submits, the agency approves or sends back.
pub async fn act(
    state: &AppState,
    principal: &Principal,
    id: ProviderReportId,
    action: ReportAction,
    comment: &str,
) -> WebResult<()> {
    let (report, programme) = load(state, principal, id).await?;
    let needed = match action {
        ReportAction::Regenerate | ReportAction::Submit => (
            EvidenceAction::PrepareProviderReport,
            cooperative_side(report.cooperative_id),
        ),
        ReportAction::Approve | ReportAction::Return => (EvidenceAction::ReviewProviderReport, agency_side(&programme)),
    };
    principal.authorize(evidence(needed.0), &needed.1)?;
    // The decision and the notifications it causes are one unit of work.
    let deliveries = with_unit(state, principal, async |unit| {
        provider_reports::act(unit, id, action, comment, state.clock.today()).await?;
        filiera_storage::notifications::report_action(unit, id, action).await
    })
    .await?;
    crate::app::notifications::deliver(state, deliveries);
    Ok(())
}

/// Starts a correction (a new version) of an approved report.
pub async fn correct(
    state: &AppState,
    principal: &Principal,
    id: ProviderReportId,
    reason: &str,
) -> WebResult<ProviderReportId> {
    let (report, _) = load(state, principal, id).await?;
    principal.authorize(
        evidence(EvidenceAction::PrepareProviderReport),
        &cooperative_side(report.cooperative_id),
    )?;
    with_unit(state, principal, async |unit| {
        provider_reports::correct(unit, id, reason).await
    })
    .await
}

/// Records a payment of a claim (the agency's side).
pub async fn pay(
    state: &AppState,
    principal: &Principal,
    claim_id: ClaimId,
    paid_on: time::Date,
    reference: &str,
) -> WebResult<Claim> {
    let claim = provider_reports::claim(&state.store, claim_id).await?;
    let (_, programme) = load(state, principal, claim.report_id).await?;
    principal.authorize(evidence(EvidenceAction::ReviewProviderReport), &agency_side(&programme))?;
    with_unit(state, principal, async |unit| {
        provider_reports::record_payment(unit, &claim, paid_on, reference).await
    })
    .await?;
    Ok(provider_reports::claim(&state.store, claim_id).await?)
}
