-- Foundation: organisations, users and their roles, sessions, API tokens, login
-- attempts and the hash-chained audit log. Instants are RFC 3339 UTC text with
-- milliseconds (fixed width, so text order is time order); dates are ISO text.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('public_agency', 'consortium', 'cooperative', 'firm', 'funder')),
    cooperative_type TEXT CHECK (cooperative_type IN ('A', 'B', 'mixed')),
    sectors TEXT NOT NULL DEFAULT '',
    vat_number TEXT,
    municipality TEXT,
    email TEXT,
    law381_region TEXT,
    law381_number TEXT,
    law381_registered_on TEXT,
    consortium_id BIGINT REFERENCES organisations (id),
    -- The organisation whose staff registered this one (e.g. the agency that
    -- entered a partner firm); it keeps looking after the entry.
    registered_by BIGINT REFERENCES organisations (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CONSTRAINT organisations_name_unique UNIQUE (name),
    CONSTRAINT organisations_vat_number_unique UNIQUE (vat_number)
);
CREATE INDEX organisations_consortium ON organisations (consortium_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    preferred_language TEXT,
    created_at TEXT NOT NULL,
    disabled_at TEXT,
    CONSTRAINT users_email_unique UNIQUE (email)
);

CREATE TABLE memberships (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'programme_manager', 'social_worker', 'case_manager',
        'operator', 'consortium_manager', 'production_supervisor', 'auditor')),
    created_at TEXT NOT NULL,
    CONSTRAINT memberships_one_role_per_organisation PRIMARY KEY (user_id, organisation_id)
);
CREATE INDEX memberships_organisation ON memberships (organisation_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ip TEXT,
    user_agent TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT,
    CONSTRAINT api_tokens_hash_unique UNIQUE (token_hash)
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    at TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL,
    ip TEXT
);
CREATE INDEX login_attempts_email_at ON login_attempts (email, at);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor_user_id BIGINT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT,
    organisation_id BIGINT,
    ip TEXT,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_organisation ON audit_log (organisation_id, seq);

-- The head of the chain: how many entries were ever written and the last hash,
-- so deleting entries at the end is detected. Every write transaction locks
-- this row first, which serialises writers on both backends.
CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
