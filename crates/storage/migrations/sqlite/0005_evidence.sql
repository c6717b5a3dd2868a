-- Money and evidence: quarterly provider reports frozen on approval, their
-- reimbursement claims and payments, the comparison group and its follow-up,
-- the ESF+ attributes not recorded so far, and the publication threshold.

-- ESF+ Annex I, 1.2: declared by the participant; NULL is "not declared".
ALTER TABLE participants ADD COLUMN housing_exclusion BOOLEAN;
ALTER TABLE participants ADD COLUMN minority BOOLEAN;

-- Cells below this count are hidden in anything published (disclosure control).
ALTER TABLE programmes ADD COLUMN disclosure_threshold BIGINT NOT NULL DEFAULT 5;

CREATE INDEX projects_cooperative_programme ON projects (cooperative_id, programme_id);

CREATE TABLE provider_reports (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    cooperative_id BIGINT NOT NULL REFERENCES organisations (id),
    quarter TEXT NOT NULL,
    version BIGINT NOT NULL CHECK (version >= 1),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved')),
    -- The report as generated from the register (JSON, filiera_domain::evidence::provider_report).
    content TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    correction_reason TEXT,
    review_comment TEXT,
    generated_at TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    submitted_at TEXT,
    submitted_by BIGINT REFERENCES users (id),
    reviewed_at TEXT,
    reviewed_by BIGINT REFERENCES users (id),
    CONSTRAINT provider_reports_version_unique UNIQUE (programme_id, cooperative_id, quarter, version)
);
CREATE INDEX provider_reports_programme ON provider_reports (programme_id, quarter);

-- Every step of a report, with the comment of a return.
CREATE TABLE provider_report_events (
    id INTEGER PRIMARY KEY,
    report_id BIGINT NOT NULL REFERENCES provider_reports (id),
    action TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    actor_user_id BIGINT REFERENCES users (id),
    at TEXT NOT NULL
);
CREATE INDEX provider_report_events_report ON provider_report_events (report_id);

-- What an approved report claims from each funding stream (a correction claims the difference).
CREATE TABLE reimbursement_claims (
    id INTEGER PRIMARY KEY,
    report_id BIGINT NOT NULL REFERENCES provider_reports (id),
    funding_stream_id BIGINT NOT NULL REFERENCES funding_streams (id),
    cooperative_id BIGINT NOT NULL REFERENCES organisations (id),
    amount_cents BIGINT NOT NULL,
    claimed_on TEXT NOT NULL,
    paid_on TEXT,
    payment_reference TEXT,
    paid_by BIGINT REFERENCES users (id)
);
CREATE INDEX reimbursement_claims_stream ON reimbursement_claims (funding_stream_id);

-- Eligible people who were not selected, followed up like the participants.
CREATE TABLE comparison_members (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    round_id BIGINT REFERENCES rounds (id),
    -- Set when the person was referred in filiera and not selected.
    participant_id BIGINT REFERENCES participants (id),
    -- A pseudonymous code: the comparison group needs no names.
    reference TEXT NOT NULL,
    gender TEXT CHECK (gender IN ('M', 'F')),
    birth_year BIGINT,
    employment_status TEXT,
    -- Follow-up months count from this date, as they count from closure for participants.
    reference_date TEXT NOT NULL,
    not_selected_reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    CONSTRAINT comparison_members_reference_unique UNIQUE (programme_id, reference)
);

CREATE TABLE comparison_follow_ups (
    id INTEGER PRIMARY KEY,
    member_id BIGINT NOT NULL REFERENCES comparison_members (id) ON DELETE CASCADE,
    months BIGINT NOT NULL CHECK (months IN (6, 12)),
    recorded_on TEXT NOT NULL,
    employment_status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    author_user_id BIGINT REFERENCES users (id),
    CONSTRAINT comparison_follow_ups_once UNIQUE (member_id, months)
);

-- An approved report is frozen, whatever route tries to change it.
CREATE TRIGGER provider_reports_frozen_update BEFORE UPDATE ON provider_reports
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'approved provider reports are frozen');
END;
CREATE TRIGGER provider_reports_frozen_delete BEFORE DELETE ON provider_reports
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'approved provider reports are frozen');
END;
