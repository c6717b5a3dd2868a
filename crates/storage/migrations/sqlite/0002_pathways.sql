-- Paths to autonomy (ALI): programmes, rounds, funding streams, the service
-- catalogue, households and their members, the path state machine, the Access
-- and Evaluation Form, Personalised Individual Projects, interventions, the
-- activity register, requests, handovers, closure and follow-up.
-- Money is integer cents; durations are minutes; dates are ISO text.

CREATE TABLE programmes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    agency_id BIGINT NOT NULL REFERENCES organisations (id),
    description TEXT NOT NULL DEFAULT '',
    total_budget_cents BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT programmes_name_unique UNIQUE (name)
);

-- The cooperatives that deliver a programme's interventions.
CREATE TABLE programme_cooperatives (
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (programme_id, organisation_id)
);

CREATE TABLE rounds (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    CONSTRAINT rounds_number_unique UNIQUE (programme_id, number)
);

CREATE TABLE funding_streams (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    budget_cents BIGINT NOT NULL DEFAULT 0,
    -- An eligibility rule as data (JSON, see filiera_domain::pathways::eligibility).
    eligibility TEXT NOT NULL DEFAULT '{"all":[]}',
    end_date TEXT,
    CONSTRAINT funding_streams_name_unique UNIQUE (programme_id, name)
);

CREATE TABLE services (
    id INTEGER PRIMARY KEY,
    -- The organisation that offers the service (a delivering cooperative).
    organisation_id BIGINT REFERENCES organisations (id),
    -- Set for services of one programme's catalogue (codes are per programme).
    programme_id BIGINT REFERENCES programmes (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    unit_cost_cents BIGINT NOT NULL DEFAULT 0,
    minutes BIGINT NOT NULL DEFAULT 0,
    language TEXT,
    location TEXT,
    eligibility TEXT,
    -- ISCO-08 occupation code, for internships.
    isco08 TEXT,
    host_firm_id BIGINT REFERENCES organisations (id),
    tutor_name TEXT,
    tutor_email TEXT,
    -- Comma-separated interest tags the service fits (interest-fit guard, matching).
    interest_tags TEXT NOT NULL DEFAULT '',
    -- Comma-separated employability areas the service improves (matching).
    improves_areas TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    archived_at TEXT,
    CONSTRAINT services_code_unique UNIQUE (programme_id, code)
);

CREATE TABLE service_capacity (
    service_id BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    round_id BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    capacity BIGINT NOT NULL CHECK (capacity >= 0),
    PRIMARY KEY (service_id, round_id)
);

CREATE TABLE households (
    id INTEGER PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES organisations (id),
    reference TEXT NOT NULL,
    residence_municipality TEXT,
    residence_address TEXT,
    -- Declared size when members are not all recorded (imports give only a size).
    declared_size BIGINT,
    social_worker_id BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT households_reference_unique UNIQUE (reference)
);
CREATE INDEX households_agency ON households (agency_id);

-- Household members; a participant is a member with a path.
CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    household_id BIGINT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    external_id TEXT,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    tax_code TEXT,
    relationship TEXT NOT NULL DEFAULT 'head',
    birth_date TEXT,
    birth_year BIGINT,
    gender TEXT CHECK (gender IN ('M', 'F')),
    country_of_birth TEXT,
    citizenship TEXT,
    languages TEXT NOT NULL DEFAULT '',
    education_level TEXT,
    employment_status TEXT,
    minimum_income BOOLEAN,
    disability BOOLEAN,
    single_parent BOOLEAN,
    interests TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT participants_tax_code_unique UNIQUE (tax_code)
);
CREATE INDEX participants_household ON participants (household_id);
CREATE INDEX participants_name_birth ON participants (last_name, first_name, birth_date);
CREATE INDEX participants_external ON participants (external_id);

CREATE TABLE paths (
    id INTEGER PRIMARY KEY,
    participant_id BIGINT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    round_id BIGINT REFERENCES rounds (id),
    state TEXT NOT NULL,
    reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- At most one open path (hence one active project) per participant and programme.
CREATE UNIQUE INDEX paths_one_open_per_programme ON paths (participant_id, programme_id)
    WHERE state NOT IN ('closed', 'withdrawn', 'interrupted');
CREATE INDEX paths_programme_round ON paths (programme_id, round_id);

CREATE TABLE path_events (
    id INTEGER PRIMARY KEY,
    path_id BIGINT NOT NULL REFERENCES paths (id) ON DELETE CASCADE,
    from_state TEXT,
    to_state TEXT NOT NULL,
    reason TEXT,
    actor_user_id BIGINT,
    at TEXT NOT NULL
);
CREATE INDEX path_events_path ON path_events (path_id);

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    participant_id BIGINT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    assessed_on TEXT NOT NULL,
    author_user_id BIGINT NOT NULL REFERENCES users (id),
    signed_at TEXT NOT NULL,
    scale_min BIGINT NOT NULL,
    scale_max BIGINT NOT NULL,
    family_composition TEXT NOT NULL DEFAULT '',
    vulnerabilities TEXT NOT NULL DEFAULT '',
    vulnerabilities_other TEXT NOT NULL DEFAULT '',
    past_work TEXT NOT NULL DEFAULT '',
    skills TEXT NOT NULL DEFAULT '',
    work_difficulties TEXT NOT NULL DEFAULT '',
    interests TEXT NOT NULL DEFAULT '',
    aspirations TEXT NOT NULL DEFAULT '',
    suggested_interventions TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX assessments_participant ON assessments (participant_id, assessed_on);

CREATE TABLE assessment_scores (
    assessment_id BIGINT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    area TEXT NOT NULL,
    score BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, area)
);

-- Special-category data (GDPR art. 9) kept apart, so every read is explicit and audited.
CREATE TABLE health_notes (
    assessment_id BIGINT PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
    notes TEXT NOT NULL
);

CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    household_id BIGINT NOT NULL REFERENCES households (id),
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    round_id BIGINT REFERENCES rounds (id),
    cooperative_id BIGINT REFERENCES organisations (id),
    focus_participant_id BIGINT NOT NULL REFERENCES participants (id),
    case_manager_id BIGINT REFERENCES users (id),
    status TEXT NOT NULL DEFAULT 'active',
    started_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX projects_household ON projects (household_id);

CREATE TABLE project_focus_history (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    participant_id BIGINT NOT NULL REFERENCES participants (id),
    reason TEXT,
    actor_user_id BIGINT,
    at TEXT NOT NULL
);

CREATE TABLE project_operators (
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    -- educator, tutor, psychologist, trainer
    profession TEXT NOT NULL,
    PRIMARY KEY (project_id, user_id)
);

CREATE TABLE objectives (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    target_date TEXT,
    measure TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open',
    created_at TEXT NOT NULL
);

CREATE TABLE interventions (
    id INTEGER PRIMARY KEY,
    project_id BIGINT REFERENCES projects (id) ON DELETE CASCADE,
    participant_id BIGINT NOT NULL REFERENCES participants (id),
    service_id BIGINT NOT NULL REFERENCES services (id),
    round_id BIGINT REFERENCES rounds (id),
    funding_stream_id BIGINT REFERENCES funding_streams (id),
    status TEXT NOT NULL,
    status_reason TEXT,
    planned_start TEXT,
    planned_end TEXT,
    minutes BIGINT NOT NULL DEFAULT 0,
    cost_cents BIGINT NOT NULL DEFAULT 0,
    -- Why a training course outside the participant's interests was proposed.
    justification TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX interventions_service_round ON interventions (service_id, round_id, status);
CREATE INDEX interventions_project ON interventions (project_id);
CREATE INDEX interventions_participant ON interventions (participant_id);

CREATE TABLE waiting_list (
    id INTEGER PRIMARY KEY,
    service_id BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    round_id BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    participant_id BIGINT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    project_id BIGINT REFERENCES projects (id) ON DELETE CASCADE,
    added_at TEXT NOT NULL,
    CONSTRAINT waiting_list_once UNIQUE (service_id, round_id, participant_id)
);

CREATE TABLE activity_entries (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    participant_id BIGINT REFERENCES participants (id),
    intervention_id BIGINT REFERENCES interventions (id),
    kind TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    minutes BIGINT NOT NULL DEFAULT 0,
    text TEXT NOT NULL DEFAULT '',
    author_user_id BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX activity_entries_project ON activity_entries (project_id, occurred_on);
CREATE INDEX activity_entries_intervention ON activity_entries (intervention_id, occurred_on);

-- Requests to the social worker, with a due date (response-time guard).
CREATE TABLE requests (
    id INTEGER PRIMARY KEY,
    household_id BIGINT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    from_kind TEXT NOT NULL CHECK (from_kind IN ('household', 'operator')),
    from_user_id BIGINT REFERENCES users (id),
    addressed_to_user_id BIGINT REFERENCES users (id),
    text TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    answered_at TEXT,
    answer TEXT
);
CREATE INDEX requests_open ON requests (addressed_to_user_id, answered_at, due_on);

-- Who was in charge of a household, with the handover note at each change.
CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    household_id BIGINT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('social_worker', 'case_manager')),
    user_id BIGINT NOT NULL REFERENCES users (id),
    handover_note TEXT,
    actor_user_id BIGINT,
    from_at TEXT NOT NULL,
    to_at TEXT
);
CREATE INDEX assignments_household ON assignments (household_id, role);

CREATE TABLE closures (
    project_id BIGINT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    closed_on TEXT NOT NULL,
    objectives_achieved TEXT NOT NULL,
    skills_acquired TEXT NOT NULL,
    critical_issues TEXT NOT NULL,
    resources_activated TEXT NOT NULL,
    outcome TEXT NOT NULL,
    author_user_id BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);

CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    participant_id BIGINT NOT NULL REFERENCES participants (id),
    months BIGINT NOT NULL CHECK (months IN (6, 12)),
    recorded_on TEXT NOT NULL,
    employment_status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    author_user_id BIGINT REFERENCES users (id),
    CONSTRAINT follow_ups_once UNIQUE (project_id, participant_id, months)
);
