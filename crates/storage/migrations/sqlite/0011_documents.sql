-- Documents attached to a household member, a project or a worker: signed
-- forms, certificates of disadvantage, identity documents. The file itself is
-- stored here, in the database, so every server stays stateless and a backup
-- of the database is a backup of the files. Lists never select `content`.

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    -- The record it belongs to: exactly one of the three (documents_one_owner).
    -- A member's documents go with the member when a household is erased; a
    -- project or a worker is never deleted while it has documents.
    participant_id BIGINT REFERENCES participants (id) ON DELETE CASCADE,
    project_id BIGINT REFERENCES projects (id),
    worker_id BIGINT REFERENCES workers (id),
    -- The organisation that owns the record (the household's agency, the
    -- worker's cooperative), kept so an audit entry and a list can name it.
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    -- The sanitised name (filiera_domain::documents::sanitise_file_name).
    file_name TEXT NOT NULL,
    -- The type the bytes are, never the one the client declared.
    media_type TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg')),
    size_bytes BIGINT NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 5242880),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    kind TEXT NOT NULL CHECK (kind IN ('signed_form', 'certificate_of_disadvantage', 'identity_document', 'other')),
    note TEXT,
    uploaded_by BIGINT REFERENCES users (id),
    uploaded_at TEXT NOT NULL,
    -- A removed document is hidden from every list and download; its row
    -- stays, so the ESF+ retention (Reg. (EU) 2021/1060 art. 82) and the
    -- audit log can still account for it.
    deleted_at TEXT,
    deleted_by BIGINT REFERENCES users (id),
    content BLOB NOT NULL,
    CONSTRAINT documents_one_owner CHECK (
        (CASE WHEN participant_id IS NULL THEN 0 ELSE 1 END)
        + (CASE WHEN project_id IS NULL THEN 0 ELSE 1 END)
        + (CASE WHEN worker_id IS NULL THEN 0 ELSE 1 END) = 1
    )
);

CREATE INDEX documents_participant ON documents (participant_id) WHERE participant_id IS NOT NULL;
CREATE INDEX documents_project ON documents (project_id) WHERE project_id IS NOT NULL;
CREATE INDEX documents_worker ON documents (worker_id) WHERE worker_id IS NOT NULL;
