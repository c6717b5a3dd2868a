use super::csrf;
pub use super::method::AuthMethod;
use crate::client::{ClientInfo, cookie};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use filiera_domain::ids::OrganisationId;
use filiera_domain::policy::{Action, Membership, Target, authorize, authorize_all, may_somewhere};
use filiera_storage::users::{MembershipView, User};
use filiera_storage::{Actor, Reader, api_tokens, sessions};
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "filiera_session";

/// The logged-in user with their memberships, as the policy sees them.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user: User,
    pub memberships: Vec<MembershipView>,
    pub method: AuthMethod,
    pub client: ClientInfo,
}

impl Principal {
    pub fn policy_memberships(&self) -> Vec<Membership> {
        self.memberships.iter().map(MembershipView::membership).collect()
    }

    /// The one gate: may this principal do `action` on `target`?
    pub fn authorize(&self, action: Action, target: &Target) -> Result<(), WebError> {
        authorize(&self.policy_memberships(), action, target).map_err(WebError::from)
    }

    /// The gate for a use case that does several actions at once.
    pub fn authorize_all(&self, actions: &[Action], target: &Target) -> Result<(), WebError> {
        authorize_all(&self.policy_memberships(), actions, target).map_err(WebError::from)
    }

    pub fn may_somewhere(&self, action: Action) -> bool {
        may_somewhere(&self.policy_memberships(), action)
    }

    /// The organisations where the principal may perform `action`.
    pub fn organisations_allowing(&self, action: Action) -> Vec<OrganisationId> {
        self.memberships
            .iter()
            .filter(|m| filiera_domain::policy::allowed(m.role, action, filiera_domain::policy::Relation::Own))
            .map(|m| m.organisation_id)
            .collect()
    }

    /// The principal as the audit log names them.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.user.id.get()),
            label: self.user.email.clone(),
            ip: self.client.ip.clone(),
        }
    }

    pub fn csrf_token(&self) -> Option<&str> {
        match &self.method {
            AuthMethod::Session { csrf_token, .. } => Some(csrf_token),
            AuthMethod::Token => None,
        }
    }
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// A bearer token not looked up yet. An API request needs no CSRF check, so
/// the look-up waits for the handler: most take it from the pool like any
/// read, and a read-only handler does it on the connection it reads with
/// ([`ReadingPrincipal`]).
#[derive(Debug, Clone)]
struct PendingBearer(Arc<str>);

/// The session's user, found in one query with their memberships as they are
/// now: nothing about who may do what is kept between requests.
async fn resolve_session(state: &AppState, parts: &Parts) -> Result<Option<Principal>, WebError> {
    let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    Ok(sessions::find_account(&state.store, &secret)
        .await?
        .map(|(session, account)| Principal {
            user: account.user,
            memberships: account.memberships,
            method: AuthMethod::Session {
                secret,
                csrf_token: session.csrf_token,
            },
            client: ClientInfo::from_parts(parts, state.config.trust_proxy),
        }))
}

/// The token's user with their memberships, read on `reader`. A wrong token
/// is an error, not an anonymous request: the client meant to authenticate
/// and should be told it failed.
async fn resolve_bearer(
    state: &AppState,
    parts: &Parts,
    reader: &mut Reader,
    token: &str,
) -> Result<Principal, WebError> {
    let account = api_tokens::authenticate_account_on(reader, token)
        .await?
        .ok_or(WebError::Unauthenticated)?;
    Ok(Principal {
        user: account.user,
        memberships: account.memberships,
        method: AuthMethod::Token,
        client: ClientInfo::from_parts(parts, state.config.trust_proxy),
    })
}

/// The principal of a request whose bearer token waits to be looked up, kept
/// in the request once found.
async fn settle_bearer(
    state: &AppState,
    parts: &mut Parts,
    reader: &mut Reader,
) -> Result<Option<Arc<Principal>>, WebError> {
    let Some(PendingBearer(token)) = parts.extensions.remove::<PendingBearer>() else {
        return Ok(None);
    };
    let principal = Arc::new(resolve_bearer(state, parts, reader, &token).await?);
    parts.extensions.insert(MaybePrincipal(Some(principal.clone())));
    Ok(Some(principal))
}

/// Middleware: resolves a session's principal, checks CSRF on state-changing
/// requests, and leaves the principal (or the bearer token to look up) in the
/// request for handlers.
pub async fn authenticate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let (principal, pending) = match bearer_token(&parts.headers) {
        Some(token) => (None, Some(PendingBearer(token.into()))),
        None => match resolve_session(&state, &parts).await {
            Ok(principal) => (principal, None),
            Err(error) => return error.into_response(),
        },
    };
    let secure = secure_cookies(&state, &parts);
    let request = Request::from_parts(parts, body);
    let method = match (&principal, &pending) {
        (Some(principal), _) => Some(&principal.method),
        (None, Some(_)) => Some(&AuthMethod::Token),
        (None, None) => None,
    };
    let (request, anonymous_token) = match csrf::check(&state, method, request).await {
        Ok(checked) => checked,
        Err(error) => return error.into_response(),
    };
    let (mut new_parts, body) = request.into_parts();
    if let Some(pending) = pending {
        new_parts.extensions.insert(pending);
    } else {
        new_parts.extensions.insert(MaybePrincipal(principal.map(Arc::new)));
    }
    if let Some(token) = &anonymous_token {
        new_parts.extensions.insert(token.clone());
    }
    let mut response = next.run(Request::from_parts(new_parts, body)).await;
    if let Some(token) = anonymous_token
        && token.is_new
    {
        csrf::set_cookie(&mut response, &token.token, secure);
    }
    response
}

/// Whether cookies set in answer to this request must be `Secure`.
pub fn secure_cookies(state: &AppState, parts: &Parts) -> bool {
    state.config.force_secure_cookies || ClientInfo::from_parts(parts, state.config.trust_proxy).https
}

/// The principal if the request is authenticated.
#[derive(Debug, Clone, Default)]
pub struct MaybePrincipal(pub Option<Arc<Principal>>);

impl FromRequestParts<AppState> for MaybePrincipal {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if parts.extensions.get::<PendingBearer>().is_some() {
            let mut reader = state.store.reader().await?;
            return Ok(MaybePrincipal(settle_bearer(state, parts, &mut reader).await?));
        }
        Ok(parts.extensions.get::<MaybePrincipal>().cloned().unwrap_or_default())
    }
}

impl FromRequestParts<AppState> for Arc<Principal> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let MaybePrincipal(principal) = MaybePrincipal::from_request_parts(parts, state).await?;
        principal.ok_or(WebError::Unauthenticated)
    }
}

/// The principal and one connection for a read-only handler: a bearer token
/// is looked up on the connection the handler then reads with, so the request
/// takes the pool once (see [`filiera_storage::Reader`]).
pub struct ReadingPrincipal {
    pub principal: Arc<Principal>,
    pub reader: Reader,
}

impl FromRequestParts<AppState> for ReadingPrincipal {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let mut reader = state.store.reader().await?;
        let principal = match settle_bearer(state, parts, &mut reader).await? {
            Some(principal) => principal,
            None => Arc::<Principal>::from_request_parts(parts, state).await?,
        };
        Ok(ReadingPrincipal { principal, reader })
    }
}
