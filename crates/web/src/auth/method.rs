//! How a request proved who sent it; the CSRF check and the principal both
//! read it, so it sits below both of them.

/// How the principal proved who they are.
#[derive(Debug, Clone)]
pub enum AuthMethod {
    /// A browser session; state-changing requests must carry its CSRF token.
    Session { secret: String, csrf_token: String },
    /// A personal access token sent as `Authorization: Bearer`.
    Token,
}
