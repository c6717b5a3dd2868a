-- Interviews with a household (issue 13): the first and second interviews of
-- the path, and any later meeting, recorded with their date, who attended and
-- what was said, instead of a bare "interview done" button. An interview that
-- is a step of a path names the path and the step it moved the path to.
CREATE TABLE interviews (
    id INTEGER PRIMARY KEY,
    household_id BIGINT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    participant_id BIGINT REFERENCES participants (id) ON DELETE CASCADE,
    path_id BIGINT REFERENCES paths (id) ON DELETE SET NULL,
    -- first_interview or second_interview when the interview moved the path.
    path_step TEXT CHECK (path_step IN ('first_interview', 'second_interview')),
    held_on TEXT NOT NULL,
    -- At most 500 characters (docs/input-limits.md).
    attendees TEXT NOT NULL,
    -- At most 20,000 characters.
    notes TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX interviews_household ON interviews (household_id, held_on);

-- The timeline names who did what: who answered a request and who planned an
-- intervention were not kept. Rows written before this migration stay NULL.
ALTER TABLE requests ADD COLUMN answered_by BIGINT REFERENCES users (id);
ALTER TABLE interventions ADD COLUMN created_by BIGINT REFERENCES users (id);

-- The timeline reads a household's focus changes through its projects.
CREATE INDEX project_focus_history_project ON project_focus_history (project_id);
