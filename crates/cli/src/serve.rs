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
    /// Send e-mail copies of notifications through this SMTP relay
    /// (`smtp://host:port`, no TLS: a local relay). Without it, no mail is sent.
    #[arg(long, env = "FILIERA_SMTP_URL")]
    smtp_url: Option<String>,
}

pub async fn run(url: &str, args: ServeArgs) -> anyhow::Result<()> {
    // A wrong relay address stops the start, before anything is served.
    let mailer = match args.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(smtp) => Some(filiera_web::mail::Mailer::from_url(smtp).map_err(|e| anyhow::anyhow!("--smtp-url: {e}"))?),
        None => None,
    };
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
    let mut state = AppState::new(store.clone(), config);
    if let Some(mailer) = mailer {
        tracing::info!(?mailer, "notification e-mails on");
        state = state.with_mailer(mailer);
    }
    let served = filiera_web::server::serve_until(listener, state, shutdown).await;
    anchors.abort();
    served?;
    store.close().await;
    Ok(())
}
