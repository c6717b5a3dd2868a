//! Facts about the client that sent a request: its address (for the audit log),
//! its user agent, whether it came over HTTPS, and its cookies.

use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::SocketAddr;

#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub https: bool,
}

impl ClientInfo {
    pub fn from_parts(parts: &Parts, trust_proxy: bool) -> ClientInfo {
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let forwarded_for = header("x-forwarded-for")
            .and_then(|v| v.split(',').next().map(|ip| ip.trim().to_owned()))
            .filter(|_| trust_proxy);
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string());
        ClientInfo {
            ip: forwarded_for.or(peer),
            user_agent: header("user-agent"),
            https: trust_proxy && header("x-forwarded-proto").is_some_and(|p| p.eq_ignore_ascii_case("https")),
        }
    }
}

impl FromRequestParts<AppState> for ClientInfo {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientInfo::from_parts(parts, state.config.trust_proxy))
    }
}

/// The value of one cookie.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, path `/`, and Secure when the
/// deployment is behind TLS. `max_age` of `Some(0)` deletes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age_secs: Option<i64>, secure: bool) -> String {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age_secs {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}
