//! The principal's in-app notifications: the list, the unread count of the
//! page header, marking read. A notification belongs to its recipient alone,
//! so every use case here reads and changes the principal's own only (storage
//! answers "not found" for anyone else's); no role is needed to read one's own.
//!
//! [`deliver`] is called by the use cases whose events notify someone, after
//! their unit of work has committed, to send the e-mail copies.

use crate::auth::Principal;
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::work::with_unit;
use filiera_domain::ids::NotificationId;
use filiera_storage::notifications::{self, Delivery, Notification};
use filiera_storage::{Page, PageRequest};

/// Sends the e-mail copies of committed notifications, when a relay is set.
pub fn deliver(state: &AppState, deliveries: Vec<Delivery>) {
    if let Some(mailer) = &state.mailer {
        mailer.send_in_background(deliveries);
    }
}

/// A notification as the reader sees it: its message in their language.
pub struct Shown {
    pub notification: Notification,
    pub text: String,
}

pub fn show(t: &Tr, notification: Notification) -> Shown {
    let text = t.args(&notification.message_key, &notification.message_args);
    Shown { notification, text }
}

pub async fn list(state: &AppState, principal: &Principal, page: PageRequest) -> WebResult<Page<Notification>> {
    Ok(notifications::list(&state.store, principal.user.id, page).await?)
}

pub async fn unread_count(state: &AppState, principal: &Principal) -> WebResult<i64> {
    Ok(notifications::unread_count(&state.store, principal.user.id).await?)
}

pub async fn mark_read(state: &AppState, principal: &Principal, id: NotificationId) -> WebResult<()> {
    with_unit(state, principal, async |unit| notifications::mark_read(unit, id).await).await
}

pub async fn mark_all_read(state: &AppState, principal: &Principal) -> WebResult<u64> {
    with_unit(state, principal, async |unit| notifications::mark_all_read(unit).await).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::LANGUAGES;
    use filiera_domain::notification::NotificationKind;

    #[test]
    fn every_notification_reads_in_every_language_with_its_arguments() {
        let args = [
            ("household", "H-1"),
            ("from", "sara@example.it"),
            ("quarter", "2026-Q3"),
            ("cooperative", "Il Girasole"),
            ("programme", "ALI"),
        ];
        for (code, _) in LANGUAGES {
            let t = Tr::new(code);
            for kind in NotificationKind::ALL {
                let text = t.args(kind.message_key(), args);
                assert_ne!(text, kind.message_key(), "{code} lacks {kind}");
                assert!(!text.contains('{'), "{code} {kind}: {text}");
            }
        }
    }
}
