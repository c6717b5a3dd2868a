//! What every page shows around its content: navigation by role, the user, the
//! language switch, and the CSRF token its forms carry.

use crate::auth::{AnonymousCsrf, MaybePrincipal, Principal};
use crate::error::WebError;
use crate::i18n::{LANGUAGES, Tr, negotiate};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use filiera_domain::policy::Action;
use std::sync::Arc;

pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

pub struct LanguageOption {
    pub code: &'static str,
    pub name: &'static str,
    pub current: bool,
}

/// The layout's data, built once per page.
pub struct Chrome {
    pub t: Tr,
    pub title: String,
    pub user_name: Option<String>,
    pub nav: Vec<NavItem>,
    pub csrf: String,
    pub path: String,
    pub languages: Vec<LanguageOption>,
    /// The user's unread notifications, for the header's counter.
    pub unread: i64,
}

/// Everything a page handler needs about the request.
pub struct PageContext {
    pub t: Tr,
    pub principal: Option<Arc<Principal>>,
    pub csrf: String,
    pub path: String,
    /// The user's unread notifications (0 when anonymous).
    pub unread: i64,
}

impl FromRequestParts<AppState> for PageContext {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let MaybePrincipal(principal) = MaybePrincipal::from_request_parts(parts, state).await?;
        let preferred = principal.as_ref().and_then(|p| p.user.preferred_language.clone());
        let t = negotiate(&parts.headers, preferred.as_deref());
        let csrf = match &principal {
            Some(p) => p.csrf_token().unwrap_or_default().to_owned(),
            None => parts
                .extensions
                .get::<AnonymousCsrf>()
                .map(|a| a.token.clone())
                .unwrap_or_default(),
        };
        let path = parts.uri.path().to_owned();
        // The header's counter: a failed count shows none rather than failing the page.
        let unread = match &principal {
            Some(p) => crate::app::notifications::unread_count(state, p)
                .await
                .unwrap_or_else(|error| {
                    tracing::warn!(%error, "unread notifications not counted");
                    0
                }),
            None => 0,
        };
        Ok(PageContext {
            t,
            principal,
            csrf,
            path,
            unread,
        })
    }
}

impl PageContext {
    /// The principal, or the error that sends the browser to the login page.
    pub fn require(&self) -> Result<&Arc<Principal>, WebError> {
        self.principal.as_ref().ok_or(WebError::Unauthenticated)
    }

    pub fn chrome(&self, title_key: &str) -> Chrome {
        let title = self.t.get(title_key);
        self.chrome_titled(title)
    }

    pub fn chrome_titled(&self, title: String) -> Chrome {
        let nav = match &self.principal {
            Some(principal) => self.nav_for(principal),
            None => Vec::new(),
        };
        Chrome {
            t: self.t.clone(),
            title,
            user_name: self.principal.as_ref().map(|p| p.user.display_name.clone()),
            nav,
            csrf: self.csrf.clone(),
            path: self.path.clone(),
            unread: self.unread,
            languages: LANGUAGES
                .iter()
                .map(|(code, name)| LanguageOption {
                    code,
                    name,
                    current: *code == self.t.code(),
                })
                .collect(),
        }
    }

    fn nav_for(&self, principal: &Principal) -> Vec<NavItem> {
        let mut items = vec![("/", "nav-dashboard", true)];
        items.push((
            "/organisations",
            "nav-organisations",
            principal.may_somewhere(Action::ViewOrganisation),
        ));
        items.push((
            "/households",
            "nav-households",
            principal.may_somewhere(Action::Pathway(
                filiera_domain::policy::pathways::PathwayAction::ViewHousehold,
            )),
        ));
        items.push((
            "/consortium",
            "nav-consortium",
            principal.may_somewhere(Action::Consortium(
                filiera_domain::policy::consortium::ConsortiumAction::ViewCompliance,
            )),
        ));
        items.push((
            "/programmes",
            "nav-programmes",
            principal.may_somewhere(Action::Pathway(
                filiera_domain::policy::pathways::PathwayAction::ViewProgramme,
            )),
        ));
        // The catalogue is open to every partner: anyone with a membership.
        items.push(("/catalogue", "nav-catalogue", !principal.memberships.is_empty()));
        items.push((
            "/matching",
            "nav-matching",
            principal.may_somewhere(Action::Pathway(
                filiera_domain::policy::pathways::PathwayAction::ManageProgramme,
            )),
        ));
        items.push(("/audit", "nav-audit", principal.may_somewhere(Action::ViewAuditLog)));
        items.push(("/account", "nav-account", true));
        items
            .into_iter()
            .filter(|(_, _, shown)| *shown)
            .map(|(href, key, _)| NavItem {
                href,
                label: self.t.get(key),
                current: if href == "/" {
                    self.path == "/"
                } else {
                    self.path.starts_with(href)
                },
            })
            .collect()
    }
}
