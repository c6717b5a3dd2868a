use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use crate::work::with_unit;
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::filiere::{AutonomyLevel, Path, Progression, check_hire, check_progression, level_on};
use filiera_domain::consortium::table_a::UserCategory;
use filiera_domain::ids::OrganisationId;
use filiera_domain::msg;
use filiera_storage::consortium::registers::{self, ServiceUser};
use filiera_storage::consortium::{self, MemberCooperative};
use serde::Serialize;
use time::Date;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressionDto {
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub on: Date,
    pub level: u8,
}

/// A user's place on the filière (dates `YYYY-MM-DD`).
#[derive(Debug, Serialize, ToSchema)]
pub struct UserPathDto {
    pub id: i64,
    pub code: String,
    pub category: UserCategory,
    #[serde(with = "filiera_domain::time_format::iso_date::option")]
    pub entered_on: Option<Date>,
    /// The autonomy level today, from the latest progression.
    pub level: Option<u8>,
    pub progressions: Vec<ProgressionDto>,
    pub hired_by: Option<OrganisationId>,
    #[serde(with = "filiera_domain::time_format::iso_date::option")]
    pub hired_on: Option<Date>,
}

pub async fn user_path(state: &AppState, user: ServiceUser) -> WebResult<UserPathDto> {
    let progressions = registers::progressions(&state.store, user.id).await?;
    Ok(UserPathDto {
        id: user.id,
        code: user.code,
        category: user.category,
        entered_on: user.entered_on,
        level: level_on(&progressions, state.clock.today()).map(AutonomyLevel::get),
        progressions: progressions
            .iter()
            .map(|p| ProgressionDto {
                on: p.on,
                level: p.level.get(),
            })
            .collect(),
        hired_by: user.hired_by,
        hired_on: user.hired_on,
    })
}

/// The user of this cooperative (404 for another cooperative's user) and their path.
pub async fn user_of(
    state: &AppState,
    cooperative: &MemberCooperative,
    user_id: i64,
) -> WebResult<(ServiceUser, Path)> {
    let user = registers::service_user(&state.store, user_id).await?;
    if user.organisation_id != cooperative.id {
        return Err(WebError::NotFound { what: "user" });
    }
    let path = Path {
        entered: user.entered_on.unwrap_or(Date::MIN),
        hired: user.hired_on,
    };
    Ok((user, path))
}

/// Records a progression after the domain's check (shared with the pages).
pub async fn progress(
    state: &AppState,
    principal: &Principal,
    cooperative: &MemberCooperative,
    user_id: i64,
    progression: Progression,
) -> WebResult<ServiceUser> {
    let (user, path) = user_of(state, cooperative, user_id).await?;
    check_progression(Some(path), progression.on)?;
    with_unit(state, principal, async |unit| {
        registers::record_progression(unit, user_id, progression).await
    })
    .await?;
    Ok(user)
}

/// Records a hire by a Type B or mixed member of the same consortium (shared with the pages).
pub async fn hire(
    state: &AppState,
    principal: &Principal,
    cooperative: &MemberCooperative,
    user_id: i64,
    hired_by: OrganisationId,
    on: Date,
) -> WebResult<ServiceUser> {
    let (_, path) = user_of(state, cooperative, user_id).await?;
    let hiring = match consortium::member_cooperative(&state.store, hired_by).await {
        Ok(hiring) if hiring.consortium_id == cooperative.consortium_id => hiring,
        Ok(_) | Err(filiera_storage::StorageError::NotFound { .. }) => {
            return Err(ValidationErrors::single("hired_by", msg!("error-not-member-cooperative")).into());
        }
        Err(other) => return Err(other.into()),
    };
    check_hire(Some(path), hiring.kind, on)?;
    with_unit(state, principal, async |unit| {
        registers::record_hire(unit, user_id, hired_by, on).await
    })
    .await?;
    Ok(registers::service_user(&state.store, user_id).await?)
}
