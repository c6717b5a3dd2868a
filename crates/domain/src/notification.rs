//! In-app notifications: the events that reach a user, each with the message
//! that tells it. The message is a Fluent key with arguments, so a
//! notification reads in the language of whoever opens it.

use crate::pathways::household::word_enum;

word_enum!(
    /// What reached the user.
    NotificationKind {
        RequestOpened => "request_opened",
        Handover => "handover",
        ReportSubmitted => "report_submitted",
        ReportApproved => "report_approved",
        ReportReturned => "report_returned",
    }
);

impl NotificationKind {
    /// The Fluent key of the notification's message (`notification-<kind>`).
    pub fn message_key(self) -> &'static str {
        match self {
            NotificationKind::RequestOpened => "notification-request-opened",
            NotificationKind::Handover => "notification-handover",
            NotificationKind::ReportSubmitted => "notification-report-submitted",
            NotificationKind::ReportApproved => "notification-report-approved",
            NotificationKind::ReportReturned => "notification-report-returned",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_message_and_reads_back_from_its_word() {
        let mut keys: Vec<&str> = NotificationKind::ALL.iter().map(|k| k.message_key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), NotificationKind::ALL.len());
        for kind in NotificationKind::ALL {
            assert_eq!(kind.as_str().parse::<NotificationKind>(), Ok(*kind));
        }
    }
}
