use crate::config::WebConfig;
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
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> Self {
        Self {
            store,
            config: Arc::new(config),
            clock: Clock::system(),
        }
    }

    /// The same state reading `clock` instead of the system clock.
    pub fn with_clock(self, clock: Clock) -> Self {
        Self { clock, ..self }
    }
}
