/// Settings of the web layer. Nothing here is per-instance state: every server
/// behind a load balancer is started with the same configuration.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` always (behind a TLS-terminating proxy that does not
    /// send `X-Forwarded-Proto`). Otherwise they are `Secure` when the request
    /// arrived over HTTPS as the proxy reports it.
    pub force_secure_cookies: bool,
    /// Trust `X-Forwarded-For` / `X-Forwarded-Proto` from a reverse proxy.
    pub trust_proxy: bool,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
}

/// The largest body of a document upload (`multipart/form-data`): the largest
/// document ([`filiera_domain::documents::MAX_DOCUMENT_BYTES`]) with room for
/// the form's other fields and the multipart framing, so a file at the limit
/// gets through and the domain names the file when it is over.
pub const UPLOAD_BODY_LIMIT: usize = filiera_domain::documents::MAX_DOCUMENT_BYTES + 64 * 1024;

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            force_secure_cookies: false,
            trust_proxy: false,
            body_limit: 1024 * 1024,
        }
    }
}
