use super::chrome::PageContext;
use super::forms::PageForm;
use super::organisations::show_page;
use crate::app::members::{self, NewMember};
use crate::error::{WebError, WebResult};
use crate::extract::ApiPath;
use crate::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{OrganisationId, UserId};
use filiera_domain::msg;
use filiera_domain::policy::Action;
use filiera_domain::role::Role;
use filiera_storage::organisations;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct AddMemberForm {
    email: String,
    #[serde(default)]
    display_name: String,
    role: String,
}

/// Adds a person to the organisation; a new account gets a one-time password,
/// shown once on the page that follows.
pub async fn add(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
    PageForm(form): PageForm<AddMemberForm>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let role = match form.role.parse::<Role>() {
        Ok(role) => role,
        Err(error) => {
            return show_page(
                &state,
                &ctx,
                id,
                ValidationErrors::single("role", msg!("error-unknown-choice", value = error.0, expected = "admin, programme_manager, social_worker, case_manager, operator, consortium_manager, production_supervisor, auditor")),
                None,
            )
            .await;
        }
    };
    let new = NewMember {
        email: form.email,
        display_name: form.display_name,
        role,
        password: None,
    };
    match members::add_member(&state, &principal, id, new).await {
        Ok(added) => {
            let shown = added.one_time_password.map(|p| (added.user.email.clone(), p));
            show_page(&state, &ctx, id, ValidationErrors::new(), shown).await
        }
        Err(WebError::Invalid(errors) | WebError::Conflict(errors)) => show_page(&state, &ctx, id, errors, None).await,
        Err(other) => Err(other),
    }
}

pub async fn remove(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath((id, user_id)): ApiPath<(OrganisationId, UserId)>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let target = organisations::target(&state.store, id).await?;
    principal.authorize(Action::ManageMembers, &target)?;
    // The use case refuses this too; the page says it in the user's language.
    if user_id == principal.user.id {
        let errors = ValidationErrors::single("email", msg!("members-cannot-remove-self"));
        return show_page(&state, &ctx, id, errors, None).await;
    }
    members::remove_member(&state, &principal, id, user_id).await?;
    Ok(Redirect::to(&format!("/organisations/{id}")).into_response())
}
