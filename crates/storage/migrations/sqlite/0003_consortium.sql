-- Consortium operations: settings per consortium, spin-offs, membership and
-- workforce registers, hours, service users on the filière, capability grades,
-- production orders with task trees, weekly allocations, borsa lavoro months
-- and the consortium's balanced ledger. Money is integer cents, hours are
-- hundredths of an hour, dates ISO text.

CREATE TABLE consortium_settings (
    consortium_id BIGINT PRIMARY KEY REFERENCES organisations (id),
    human_scale_limit BIGINT NOT NULL,
    fund_cents_per_hour BIGINT NOT NULL,
    borsa_rates TEXT NOT NULL,
    effort_bonus_cents BIGINT NOT NULL,
    result_bonus_cents BIGINT NOT NULL,
    borsa_public_share_bp BIGINT NOT NULL CHECK (borsa_public_share_bp BETWEEN 0 AND 10000),
    stretch_share_bp BIGINT NOT NULL CHECK (stretch_share_bp BETWEEN 0 AND 10000),
    updated_at TEXT NOT NULL
);

CREATE TABLE spin_offs (
    cooperative_id BIGINT PRIMARY KEY REFERENCES organisations (id),
    incubated_by BIGINT NOT NULL REFERENCES organisations (id),
    founded_on TEXT NOT NULL
);

CREATE TABLE cooperative_members (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('worker', 'user', 'volunteer', 'financing', 'legal_person')),
    joined_on TEXT NOT NULL,
    left_on TEXT,
    shares_cents BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX cooperative_members_organisation ON cooperative_members (organisation_id);

CREATE TABLE workers (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    code TEXT NOT NULL,
    member BOOLEAN NOT NULL,
    category TEXT,
    certificate TEXT,
    certified_until TEXT,
    contract_start TEXT NOT NULL,
    contract_end TEXT,
    weekly_hundredths BIGINT NOT NULL,
    activity TEXT NOT NULL CHECK (activity IN ('A', 'B')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT workers_code_unique UNIQUE (organisation_id, code)
);

CREATE TABLE worker_hours (
    worker_id BIGINT NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    hundredths BIGINT NOT NULL CHECK (hundredths >= 0),
    PRIMARY KEY (worker_id, month)
);

CREATE TABLE service_users (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    code TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('disability', 'mental_health', 'elderly', 'other')),
    entered_on TEXT,
    weekly_hundredths BIGINT NOT NULL DEFAULT 0,
    hired_by BIGINT REFERENCES organisations (id),
    hired_on TEXT,
    left_on TEXT,
    created_at TEXT NOT NULL,
    CONSTRAINT service_users_code_unique UNIQUE (organisation_id, code)
);

CREATE TABLE user_progressions (
    user_id BIGINT NOT NULL REFERENCES service_users (id) ON DELETE CASCADE,
    on_date TEXT NOT NULL,
    level BIGINT NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (user_id, on_date)
);

CREATE TABLE capabilities (
    person_kind TEXT NOT NULL CHECK (person_kind IN ('worker', 'user')),
    person_id BIGINT NOT NULL,
    task_kind TEXT NOT NULL,
    grade BIGINT NOT NULL CHECK (grade BETWEEN 1 AND 5),
    PRIMARY KEY (person_kind, person_id, task_kind)
);

CREATE TABLE production_orders (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    client TEXT NOT NULL,
    client_kind TEXT NOT NULL CHECK (client_kind IN ('public', 'private')),
    product TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    due_on TEXT NOT NULL,
    price_cents BIGINT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE task_steps (
    id INTEGER PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES production_orders (id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES task_steps (id),
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT,
    grade BIGINT CHECK (grade BETWEEN 1 AND 5),
    seconds_per_unit BIGINT,
    units BIGINT,
    venue TEXT CHECK (venue IN ('type_b_floor', 'type_a_workshop', 'either')),
    transfer_price_cents BIGINT
);
CREATE INDEX task_steps_order ON task_steps (order_id);

CREATE TABLE allocations (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    week_start TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'accepted')),
    stretch_share_bp BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    accepted_at TEXT
);

CREATE TABLE allocation_lines (
    allocation_id BIGINT NOT NULL REFERENCES allocations (id) ON DELETE CASCADE,
    task_id BIGINT NOT NULL REFERENCES task_steps (id),
    person_kind TEXT NOT NULL CHECK (person_kind IN ('worker', 'user')),
    person_id BIGINT NOT NULL,
    units BIGINT NOT NULL CHECK (units > 0),
    PRIMARY KEY (allocation_id, task_id, person_kind, person_id)
);

CREATE TABLE borsa_months (
    user_id BIGINT NOT NULL REFERENCES service_users (id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    hundredths BIGINT NOT NULL CHECK (hundredths >= 0),
    level BIGINT NOT NULL CHECK (level BETWEEN 1 AND 5),
    effort BOOLEAN NOT NULL,
    result BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, month)
);

CREATE TABLE ledger_movements (
    id INTEGER PRIMARY KEY,
    consortium_id BIGINT NOT NULL REFERENCES organisations (id),
    on_date TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ledger_movements_consortium ON ledger_movements (consortium_id, on_date);

CREATE TABLE ledger_postings (
    movement_id BIGINT NOT NULL REFERENCES ledger_movements (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    account TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    PRIMARY KEY (movement_id, position)
);
