//! Users, their passwords and their memberships (one role per organisation).

use crate::constraint::{UniqueRule, on_unique};
use crate::{AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{OrganisationId, UserId};
use filiera_domain::msg;
use filiera_domain::policy::Membership;
use filiera_domain::role::Role;
use filiera_domain::user::ValidUser;
use serde::Serialize;
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub preferred_language: Option<String>,
    #[sqlx(try_from = "crate::columns::InstantText")]
    #[serde(with = "filiera_domain::time_format::instant")]
    pub created_at: OffsetDateTime,
    #[sqlx(try_from = "crate::columns::OptionalInstantText")]
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub disabled_at: Option<OffsetDateTime>,
}

/// A membership with the organisation's name and consortium, for display and policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MembershipView {
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub role: Role,
}

impl MembershipView {
    pub fn membership(&self) -> Membership {
        Membership {
            organisation_id: self.organisation_id,
            role: self.role,
        }
    }
}

const UNIQUE_RULES: &[UniqueRule] = &[UniqueRule {
    constraint: "users_email_unique",
    sqlite_columns: "users.email",
    field: "email",
    message: msg!("error-email-taken"),
}];

const SELECT: &str = "SELECT id, email, display_name, preferred_language, created_at, disabled_at FROM users";

#[derive(sqlx::FromRow)]
struct MemberRow {
    #[sqlx(flatten)]
    user: User,
    role: String,
}

pub async fn create(unit: &mut Unit, user: &ValidUser, password_hash: &str) -> Result<User> {
    let user: User = sqlx::query_as(
        "INSERT INTO users (email, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4) \
         RETURNING id, email, display_name, preferred_language, created_at, disabled_at",
    )
    .bind(&user.email)
    .bind(&user.display_name)
    .bind(password_hash)
    .bind(now_text())
    .fetch_one(unit.conn())
    .await
    .map_err(|e| on_unique(e, UNIQUE_RULES))?;
    unit.record(
        AuditEvent::new("user.create", "user", user.id).with_detail(serde_json::json!({ "email": user.email })),
    )
    .await?;
    Ok(user)
}

/// Gives a user a role in an organisation, replacing any role held there before.
pub async fn set_membership(
    unit: &mut Unit,
    user_id: UserId,
    organisation_id: OrganisationId,
    role: Role,
) -> Result<()> {
    let archived: Option<(Option<String>,)> = sqlx::query_as("SELECT archived_at FROM organisations WHERE id = $1")
        .bind(organisation_id)
        .fetch_optional(unit.conn())
        .await?;
    match archived {
        None => {
            return Err(StorageError::NotFound { what: "organisation" });
        }
        Some((Some(_),)) => {
            return Err(StorageError::Invalid(ValidationErrors::single(
                "organisation_id",
                msg!("error-organisation-archived"),
            )));
        }
        Some((None,)) => {}
    }
    sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND organisation_id = $2")
        .bind(user_id)
        .bind(organisation_id)
        .execute(unit.conn())
        .await?;
    sqlx::query("INSERT INTO memberships (user_id, organisation_id, role, created_at) VALUES ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(organisation_id)
        .bind(role.as_str())
        .bind(now_text())
        .execute(unit.conn())
        .await?;
    unit.record(
        AuditEvent::new("membership.set", "user", user_id)
            .in_organisation(Some(organisation_id.get()))
            .with_detail(serde_json::json!({ "role": role })),
    )
    .await
}

/// Removes a membership and ends all the user's sessions and tokens, so access
/// opened under the old role does not outlive it.
pub async fn remove_membership(unit: &mut Unit, user_id: UserId, organisation_id: OrganisationId) -> Result<()> {
    let removed = sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND organisation_id = $2")
        .bind(user_id)
        .bind(organisation_id)
        .execute(unit.conn())
        .await?;
    if removed.rows_affected() == 0 {
        return Err(StorageError::NotFound { what: "membership" });
    }
    unit.record(AuditEvent::new("membership.remove", "user", user_id).in_organisation(Some(organisation_id.get())))
        .await?;
    crate::sessions::end_other_access(unit, user_id.get(), None).await
}

/// Sets a new password and ends the user's other sessions and all their tokens:
/// whoever knew the old password must not stay logged in. `keep_session` is
/// the secret of the session making the change, which stays logged in.
pub async fn set_password(
    unit: &mut Unit,
    user_id: UserId,
    password_hash: &str,
    keep_session: Option<&str>,
) -> Result<()> {
    let updated = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(unit.conn())
        .await?;
    if updated.rows_affected() == 0 {
        return Err(StorageError::NotFound { what: "user" });
    }
    unit.record(AuditEvent::new("user.password_change", "user", user_id))
        .await?;
    crate::sessions::end_other_access(unit, user_id.get(), keep_session).await
}

pub async fn set_preferred_language(store: &Store, user_id: UserId, language: &str) -> Result<()> {
    sqlx::query("UPDATE users SET preferred_language = $1 WHERE id = $2")
        .bind(language)
        .bind(user_id)
        .execute(store.pool())
        .await?;
    Ok(())
}

/// The user and their password hash, for logging in. Disabled users are not found.
pub async fn find_for_login(store: &Store, email: &str) -> Result<Option<(User, String)>> {
    let row: Option<(UserId, String)> =
        sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1 AND disabled_at IS NULL")
            .bind(email)
            .fetch_optional(store.pool())
            .await?;
    match row {
        Some((id, hash)) => Ok(Some((get(store, id).await?, hash))),
        None => Ok(None),
    }
}

pub async fn get(store: &Store, id: UserId) -> Result<User> {
    let user: Option<User> = sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(store.pool())
        .await?;
    user.ok_or(StorageError::NotFound { what: "user" })
}

pub async fn find_by_email(store: &Store, email: &str) -> Result<Option<User>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE email = $1"))
        .bind(email)
        .fetch_optional(store.pool())
        .await?)
}

pub async fn memberships(store: &Store, user_id: UserId) -> Result<Vec<MembershipView>> {
    let rows: Vec<(OrganisationId, String, String)> = sqlx::query_as(
        "SELECT m.organisation_id, o.name, m.role FROM memberships m JOIN organisations o ON o.id = m.organisation_id \
         WHERE m.user_id = $1 AND o.archived_at IS NULL ORDER BY o.name",
    )
    .bind(user_id)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|(organisation_id, organisation_name, role)| {
            Ok(MembershipView {
                organisation_id,
                organisation_name,
                role: role.parse().map_err(StorageError::corrupt)?,
            })
        })
        .collect()
}

/// The people of an organisation with their role there.
pub async fn members_of(store: &Store, organisation_id: OrganisationId) -> Result<Vec<(User, Role)>> {
    let rows: Vec<MemberRow> = sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, u.preferred_language, u.created_at, u.disabled_at, m.role \
         FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.organisation_id = $1 ORDER BY u.display_name",
    )
    .bind(organisation_id)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|row| Ok((row.user, row.role.parse().map_err(StorageError::corrupt)?)))
        .collect()
}

/// A signed-in user with their memberships, as one credential look-up finds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub user: User,
    pub memberships: Vec<MembershipView>,
}

/// The columns of [`AccountRow`], for a query that joins `users u` to
/// [`MEMBERSHIPS_JOIN`].
pub(crate) const ACCOUNT_COLUMNS: &str = "u.id, u.email, u.display_name, u.preferred_language, u.created_at, \
     u.disabled_at, m.organisation_id, mo.name AS organisation_name, m.role";

/// The user's memberships, one row each (one row of NULLs when there are none).
/// A membership of an archived organisation comes without the organisation's
/// name and [`Account::from_rows`] leaves it out. Plain joins let both engines
/// look the memberships up by user, where a filtered subquery made SQLite scan
/// every membership on every request.
pub(crate) const MEMBERSHIPS_JOIN: &str = "LEFT JOIN memberships m ON m.user_id = u.id \
     LEFT JOIN organisations mo ON mo.id = m.organisation_id AND mo.archived_at IS NULL";

/// The order of [`MEMBERSHIPS_JOIN`]'s rows, as [`memberships`] orders them.
pub(crate) const MEMBERSHIPS_ORDER: &str = "mo.name";

/// One row of a credential look-up: the user and one of their memberships.
#[derive(sqlx::FromRow)]
pub(crate) struct AccountRow {
    #[sqlx(flatten)]
    user: User,
    organisation_id: Option<OrganisationId>,
    organisation_name: Option<String>,
    role: Option<String>,
}

impl AccountRow {
    pub(crate) fn user_id(&self) -> i64 {
        self.user.id.get()
    }
}

impl Account {
    /// Folds the rows of one user (as [`ACCOUNT_COLUMNS`] selects them) into an account.
    pub(crate) fn from_rows(rows: Vec<AccountRow>) -> Result<Option<Account>> {
        let mut rows = rows.into_iter();
        let Some(first) = rows.next() else {
            return Ok(None);
        };
        let user = first.user.clone();
        let mut memberships = Vec::new();
        for row in std::iter::once(first).chain(rows) {
            if let (Some(organisation_id), Some(organisation_name), Some(role)) =
                (row.organisation_id, row.organisation_name, row.role)
            {
                memberships.push(MembershipView {
                    organisation_id,
                    organisation_name,
                    role: role.parse().map_err(StorageError::corrupt)?,
                });
            }
        }
        Ok(Some(Account { user, memberships }))
    }
}
