//! Browsing the audit log: which organisations' entries a principal may read.

use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use filiera_domain::audit::AuditEntry;
use filiera_domain::ids::OrganisationId;
use filiera_domain::policy::{Action, Target};
use filiera_storage::audit_log::{self, AuditQuery};
use filiera_storage::{Page, PageRequest};

/// Resolves which organisations' entries the principal may see.
fn audit_scope(principal: &Principal, organisation_id: Option<OrganisationId>) -> WebResult<Vec<i64>> {
    let allowed = principal.organisations_allowing(Action::ViewAuditLog);
    match organisation_id {
        Some(id) => {
            principal.authorize(Action::ViewAuditLog, &Target::organisation(id, None))?;
            Ok(vec![id.get()])
        }
        None if allowed.is_empty() => Err(WebError::Forbidden(
            "only admins and auditors can browse the audit log".into(),
        )),
        None => Ok(allowed.into_iter().map(OrganisationId::get).collect()),
    }
}

/// One page of the audit log, newest first: of `organisation_id` when given
/// (the principal must be allowed there), else of every organisation where
/// the principal may browse the log.
pub async fn browse(
    state: &AppState,
    principal: &Principal,
    organisation_id: Option<OrganisationId>,
    action_prefix: Option<String>,
    page: PageRequest,
) -> WebResult<Page<AuditEntry>> {
    let query = AuditQuery {
        organisations: Some(audit_scope(principal, organisation_id)?),
        action_prefix,
        actor_user_id: None,
    };
    Ok(audit_log::list(&state.store, &query, page).await?)
}
