use crate::config::WebConfig;
use filiera_storage::Store;
use std::sync::Arc;

/// What every handler can reach: the store and the configuration. No sessions,
/// caches or counters live here, so instances are interchangeable.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> Self {
        Self {
            store,
            config: Arc::new(config),
        }
    }
}
