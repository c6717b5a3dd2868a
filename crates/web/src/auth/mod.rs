//! Who is asking: a principal resolved once per request from a session cookie or
//! a bearer token, and the CSRF check on every state-changing request.

mod csrf;
pub mod login;
mod method;
mod principal;

pub use csrf::{AnonymousCsrf, CSRF_FIELD};
pub use principal::{
    AuthMethod, MaybePrincipal, Principal, ReadingPrincipal, SESSION_COOKIE, authenticate, secure_cookies,
};
