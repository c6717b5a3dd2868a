use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Scripts, styles and images come only from filiera itself (htmx is served by
/// the binary); pages cannot be framed; nothing is sniffed.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// The static assets compiled into the binary: the same for everyone, so they
/// keep the long caching their route sets.
const ASSETS: &str = "/assets/";

pub async fn add(request: Request, next: Next) -> Response {
    let is_asset = request.uri().path().starts_with(ASSETS);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // Every page, download and API answer may carry personal data (health notes
    // among them), so no browser, proxy or shared computer keeps a copy. This
    // replaces whatever a handler set: one rule, in one place.
    if !is_asset {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let mut set = |name: HeaderName, value: &'static str| {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "same-origin");
    response
}
