//! The people of an organisation: listing them, adding (creating the account
//! when needed), changing a role, removing.

use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use crate::work::with_unit;
use filiera_domain::ids::{OrganisationId, UserId};
use filiera_domain::msg;
use filiera_domain::policy::Action;
use filiera_domain::role::Role;
use filiera_domain::user::{UserDraft, check_password};
use filiera_storage::users::User;
use filiera_storage::{organisations, passwords, users};

/// The people of an organisation with their role there.
pub async fn list_members(
    state: &AppState,
    principal: &Principal,
    organisation_id: OrganisationId,
) -> WebResult<Vec<(User, Role)>> {
    let target = organisations::target(&state.store, organisation_id).await?;
    principal.authorize(Action::ViewMembers, &target)?;
    Ok(users::members_of(&state.store, organisation_id).await?)
}

/// Someone just added to an organisation.
pub struct AddedMember {
    pub user: User,
    pub role: Role,
    /// Set when a new account was created without a password: shown only once.
    pub one_time_password: Option<String>,
}

/// What is needed to add someone to an organisation (API and page share it).
pub struct NewMember {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub password: Option<String>,
}

/// Adds an existing user, or creates the account first, in one unit of work.
pub async fn add_member(
    state: &AppState,
    principal: &Principal,
    organisation_id: OrganisationId,
    new: NewMember,
) -> WebResult<AddedMember> {
    let target = organisations::target(&state.store, organisation_id).await?;
    principal.authorize(Action::ManageMembers, &target)?;
    let email = filiera_domain::user::normalise_email(&new.email);
    let existing = users::find_by_email(&state.store, &email).await?;
    let (password_hash, one_time_password) = match (&existing, new.password) {
        (Some(_), _) => (None, None),
        (None, Some(password)) => {
            check_password(&password)?;
            (Some(hash(password).await?), None)
        }
        (None, None) => {
            let generated = filiera_storage::passwords::one_time_password();
            (Some(hash(generated.clone()).await?), Some(generated))
        }
    };
    let valid = match &existing {
        Some(_) => None,
        None => Some(
            UserDraft {
                email: email.clone(),
                display_name: new.display_name,
            }
            .validate()?,
        ),
    };
    let role = new.role;
    let user = with_unit(state, principal, async |unit| {
        let user = match (existing, valid, password_hash) {
            (Some(user), _, _) => user,
            (None, Some(valid), Some(hash)) => users::create(unit, &valid, &hash).await?,
            _ => return Err(filiera_storage::StorageError::NotFound { what: "user" }),
        };
        users::set_membership(unit, user.id, organisation_id, role).await?;
        Ok(user)
    })
    .await?;
    Ok(AddedMember {
        user,
        role,
        one_time_password,
    })
}

async fn hash(password: String) -> WebResult<String> {
    tokio::task::spawn_blocking(move || passwords::hash_password(&password))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .map_err(WebError::from)
}

/// Changes a member's role.
pub async fn set_role(
    state: &AppState,
    principal: &Principal,
    organisation_id: OrganisationId,
    user_id: UserId,
    role: Role,
) -> WebResult<()> {
    let target = organisations::target(&state.store, organisation_id).await?;
    principal.authorize(Action::ManageMembers, &target)?;
    users::get(&state.store, user_id).await?;
    with_unit(state, principal, async |unit| {
        users::set_membership(unit, user_id, organisation_id, role).await
    })
    .await
}

/// Removes a person from an organisation (their account stays). Nobody removes
/// themselves: another admin must, so an organisation is never left without one by accident.
pub async fn remove_member(
    state: &AppState,
    principal: &Principal,
    organisation_id: OrganisationId,
    user_id: UserId,
) -> WebResult<()> {
    let target = organisations::target(&state.store, organisation_id).await?;
    principal.authorize(Action::ManageMembers, &target)?;
    if user_id == principal.user.id {
        return Err(WebError::Invalid(filiera_domain::ValidationErrors::single(
            "user_id",
            msg!("error-cannot-remove-self"),
        )));
    }
    with_unit(state, principal, async |unit| {
        users::remove_membership(unit, user_id, organisation_id).await
    })
    .await
}
