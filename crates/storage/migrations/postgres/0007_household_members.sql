-- The participant statistics report each participant's household size. When
-- no size was declared it is the number of recorded members; counting them for
-- each of a million participants took half a second, so each household keeps
-- its member count, maintained by these triggers whatever writes the members.
-- Statement-level triggers: a bulk insert updates each household once.
ALTER TABLE households ADD COLUMN member_count BIGINT NOT NULL DEFAULT 0;
UPDATE households SET member_count = (SELECT COUNT(*) FROM participants p WHERE p.household_id = households.id);

CREATE FUNCTION participants_count_added() RETURNS trigger AS $$
BEGIN
    UPDATE households h SET member_count = h.member_count + added.members
    FROM (SELECT household_id, COUNT(*) AS members FROM new_members GROUP BY household_id) added
    WHERE h.id = added.household_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION participants_count_removed() RETURNS trigger AS $$
BEGIN
    UPDATE households h SET member_count = h.member_count - removed.members
    FROM (SELECT household_id, COUNT(*) AS members FROM old_members GROUP BY household_id) removed
    WHERE h.id = removed.household_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION participants_count_moved() RETURNS trigger AS $$
BEGIN
    UPDATE households h SET member_count = h.member_count + moved.change
    FROM (
        SELECT household_id, SUM(change) AS change FROM (
            SELECT household_id, -1 AS change FROM old_members
            UNION ALL
            SELECT household_id, 1 AS change FROM new_members
        ) changes GROUP BY household_id
    ) moved
    WHERE h.id = moved.household_id AND moved.change <> 0;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER participants_count_insert AFTER INSERT ON participants
    REFERENCING NEW TABLE AS new_members
    FOR EACH STATEMENT EXECUTE FUNCTION participants_count_added();
CREATE TRIGGER participants_count_delete AFTER DELETE ON participants
    REFERENCING OLD TABLE AS old_members
    FOR EACH STATEMENT EXECUTE FUNCTION participants_count_removed();
CREATE TRIGGER participants_count_move AFTER UPDATE ON participants
    REFERENCING OLD TABLE AS old_members NEW TABLE AS new_members
    FOR EACH STATEMENT EXECUTE FUNCTION participants_count_moved();
