use crate::config::WebConfig;
use crate::mail::Mailer;
use filiera_storage::Store;
use filiera_storage::clock::Clock;
use std::sync::Arc;

/// What every handler can reach: the store, the configuration and the clock. No sessions,
/// caches or counters live here, so instances are interchangeable.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    /// Where every "today" of a request comes from (a stopped clock in tests).
    pub clock: Clock,
    /// Where notification e-mails go (`--smtp-url`); none sends no mail.
    pub mailer: Option<Mailer>,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> Self {
        Self {
            store,
            config: Arc::new(config),
            clock: Clock::system(),
            mailer: None,
        }
    }

    /// The same state reading `clock` instead of the system clock.
    pub fn with_clock(self, clock: Clock) -> Self {
        Self { clock, ..self }
    }

    /// The same state sending notification e-mails through `mailer`.
    pub fn with_mailer(self, mailer: Mailer) -> Self {
        Self {
            mailer: Some(mailer),
            ..self
        }
    }
}
