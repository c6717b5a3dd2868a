-- In-app notifications: one row per user reached by an event (a request, a
-- handover, a provider report submitted, approved or sent back). The text is
-- a Fluent message key with its arguments (JSON), so it renders in the
-- language of whoever reads it, not of whoever caused it.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    recipient_user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    message_key TEXT NOT NULL,
    message_args TEXT NOT NULL DEFAULT '{}',
    link TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT
);
-- The header's unread counter and the user's list, newest first.
CREATE INDEX notifications_recipient ON notifications (recipient_user_id, read_at, id);
