//! Documents attached to a household member, a project or a worker: upload,
//! list, download and remove. A document has no rules of its own: each use
//! case asks the policy what the record it belongs to asks
//! ([`DocumentOwner::read_action`], [`DocumentOwner::change_action`]), and
//! storage writes the audit entry of an upload and a removal; a download is
//! audited here as the read of a sensitive record.
//!
//! A record or document of an organisation the principal does not work with
//! is answered 404, as if it did not exist: its id says nothing about another
//! organisation's files. Within one's organisation a role that may not act is
//! told so (403).

use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use crate::work::with_unit;
use filiera_domain::documents::{DocumentDraft, DocumentOwner, DocumentRefusal};
use filiera_domain::ids::DocumentId;
use filiera_domain::policy::{Action, Relation, Target};
use filiera_storage::documents::{self, DocumentMeta};
use filiera_storage::pathways::{households, projects};
use filiera_storage::{consortium::registers, organisations};

/// A downloaded document: its description and its bytes.
pub struct Download {
    pub meta: DocumentMeta,
    pub content: Vec<u8>,
}

/// The policy target of the record a document belongs to.
async fn owner_target(state: &AppState, owner: DocumentOwner) -> WebResult<Target> {
    let store = &state.store;
    Ok(match owner {
        DocumentOwner::Participant(id) => {
            let member = households::member(store, id).await?;
            households::target(store, member.household_id).await?
        }
        DocumentOwner::Project(id) => {
            let project = projects::get(store, id).await?;
            households::target(store, project.household_id).await?
        }
        DocumentOwner::Worker(id) => {
            let worker = registers::worker(store, id).await?;
            organisations::target(store, worker.organisation_id).await?
        }
    })
}

/// [`Principal::authorize`], except that a principal whose organisations have
/// nothing to do with the record is told it was not found.
fn authorize(principal: &Principal, action: Action, target: &Target, what: &'static str) -> WebResult<()> {
    let refused = match principal.authorize(action, target) {
        Ok(()) => return Ok(()),
        Err(refused) => refused,
    };
    let works_with_it = principal
        .policy_memberships()
        .iter()
        .any(|m| Relation::of(m, target).works_on_records());
    if works_with_it {
        Err(refused)
    } else {
        Err(WebError::NotFound { what })
    }
}

fn refused(refusal: DocumentRefusal) -> WebError {
    match refusal {
        DocumentRefusal::TooLarge { limit } => WebError::PayloadTooLarge { limit },
        DocumentRefusal::UnsupportedType => WebError::UnsupportedMediaType(
            "the file must be a PDF, PNG or JPEG: its content is none of these, whatever its name says".into(),
        ),
        DocumentRefusal::Invalid(errors) => WebError::Invalid(errors),
    }
}

/// Attaches a document to `owner`: allowed to whoever may change the record.
pub async fn upload(
    state: &AppState,
    principal: &Principal,
    owner: DocumentOwner,
    draft: DocumentDraft,
) -> WebResult<DocumentMeta> {
    let target = owner_target(state, owner).await?;
    authorize(principal, owner.change_action(), &target, owner.kind())?;
    let document = draft.validate().map_err(refused)?;
    with_unit(state, principal, async |unit| {
        documents::insert(unit, owner, &document).await
    })
    .await
}

/// The documents of `owner` (descriptions only): allowed to whoever may see the record.
pub async fn list(state: &AppState, principal: &Principal, owner: DocumentOwner) -> WebResult<Vec<DocumentMeta>> {
    let target = owner_target(state, owner).await?;
    authorize(principal, owner.read_action(), &target, owner.kind())?;
    Ok(documents::list(&state.store, owner).await?)
}

/// Whether the principal may attach documents to `owner` and remove them.
pub async fn may_change(state: &AppState, principal: &Principal, owner: DocumentOwner) -> WebResult<bool> {
    let target = owner_target(state, owner).await?;
    Ok(principal.authorize(owner.change_action(), &target).is_ok())
}

/// One document with its bytes, after the record's read rule; every download
/// is written to the audit log before the bytes are handed over.
pub async fn download(state: &AppState, principal: &Principal, id: DocumentId) -> WebResult<Download> {
    let meta = documents::get(&state.store, id).await?;
    let target = owner_target(state, meta.owner).await?;
    authorize(principal, meta.owner.read_action(), &target, "document")?;
    let content = documents::content(&state.store, id).await?;
    documents::record_download(&state.store, &principal.actor(), &meta).await?;
    Ok(Download { meta, content })
}

/// Removes a document from its record (hidden; the row and the audit trail
/// stay): allowed to whoever may change the record. Returns what was removed.
pub async fn remove(state: &AppState, principal: &Principal, id: DocumentId) -> WebResult<DocumentMeta> {
    let meta = documents::get(&state.store, id).await?;
    let target = owner_target(state, meta.owner).await?;
    authorize(principal, meta.owner.change_action(), &target, "document")?;
    with_unit(state, principal, async |unit| documents::soft_delete(unit, id).await).await
}
