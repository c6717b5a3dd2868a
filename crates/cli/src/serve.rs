use crate::database;
use anyhow::Context;
use filiera_web::{AppState, WebConfig};
use std::net::SocketAddr;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "FILIERA_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Load the demo data before serving.
    #[arg(long)]
    demo: bool,
    /// Behind a reverse proxy: trust its X-Forwarded-For and X-Forwarded-Proto.
    #[arg(long, env = "FILIERA_TRUST_PROXY")]
    trust_proxy: bool,
    /// Always mark cookies Secure (TLS terminated before filiera).
    #[arg(long, env = "FILIERA_SECURE_COOKIES")]
    secure_cookies: bool,
}

pub async fn run(url: &str, args: ServeArgs) -> anyhow::Result<()> {
    let store = database::open(url).await?;
    if args.demo {
        let created = filiera_fixtures::demo::load(&store).await?;
        tracing::info!(
            created,
            password = filiera_fixtures::demo::DEMO_PASSWORD,
            "demo data loaded"
        );
    }
    let purged = filiera_storage::sessions::purge_expired(&store).await?;
    tracing::debug!(purged, "expired sessions removed");
    let config = WebConfig {
        force_secure_cookies: args.secure_cookies,
        trust_proxy: args.trust_proxy,
        ..WebConfig::default()
    };
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let shutdown = filiera_web::server::shutdown_signal();
    let bound = listener.local_addr()?;
    tracing::info!(address = %bound, database = %filiera_storage::redact_password(url), "filiera is serving");
    println!("filiera is serving on http://{bound}");
    let anchors = tokio::spawn(crate::audit::log_anchor_daily(store.clone()));
    let served = filiera_web::server::serve_until(listener, AppState::new(store.clone(), config), shutdown).await;
    anchors.abort();
    served?;
    store.close().await;
    Ok(())
}
