-- One row per e-mail that has tried to log in: the throttle locks it before it
-- counts and records an attempt, so parallel guesses are decided one at a time
-- (see login_attempts::admit).
CREATE TABLE login_emails (
    email TEXT PRIMARY KEY
);

-- Personal access tokens expire. Tokens made before this migration get the
-- default lifetime, 90 days, from their creation.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
UPDATE api_tokens
SET expires_at = to_char((created_at::timestamptz + INTERVAL '90 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
