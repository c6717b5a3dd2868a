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
use filiera_storage::{Actor, api_tokens, sessions};
use std::convert::Infallible;
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

async fn resolve(state: &AppState, parts: &Parts) -> Result<Option<Principal>, WebError> {
    let client = ClientInfo::from_parts(parts, state.config.trust_proxy);
    // One query finds the credential, its user and their memberships as they
    // are now: nothing about who may do what is kept between requests.
    let (account, method) = if let Some(token) = bearer_token(&parts.headers) {
        match api_tokens::authenticate_account(&state.store, token).await? {
            Some(account) => (account, AuthMethod::Token),
            // A wrong token is an error, not an anonymous request: the client
            // meant to authenticate and should be told it failed.
            None => return Err(WebError::Unauthenticated),
        }
    } else if let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) {
        match sessions::find_account(&state.store, &secret).await? {
            Some((session, account)) => (
                account,
                AuthMethod::Session {
                    secret,
                    csrf_token: session.csrf_token,
                },
            ),
            None => return Ok(None),
        }
    } else {
        return Ok(None);
    };
    Ok(Some(Principal {
        user: account.user,
        memberships: account.memberships,
        method,
        client,
    }))
}

/// Middleware: resolves the principal once, checks CSRF on state-changing
/// requests, and leaves the principal in the request for handlers.
pub async fn authenticate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let principal = match resolve(&state, &parts).await {
        Ok(principal) => principal,
        Err(error) => return error.into_response(),
    };
    let secure = secure_cookies(&state, &parts);
    let request = Request::from_parts(parts, body);
    let (request, anonymous_token) = match csrf::check(&state, principal.as_ref().map(|p| &p.method), request).await {
        Ok(checked) => checked,
        Err(error) => return error.into_response(),
    };
    let (mut new_parts, body) = request.into_parts();
    new_parts.extensions.insert(MaybePrincipal(principal.map(Arc::new)));
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
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<MaybePrincipal>().cloned().unwrap_or_default())
    }
}

impl FromRequestParts<AppState> for Arc<Principal> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let MaybePrincipal(principal) = MaybePrincipal::from_request_parts(parts, state)
            .await
            .unwrap_or_default();
        principal.ok_or(WebError::Unauthenticated)
    }
}
