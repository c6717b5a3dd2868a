-- The participant statistics report each participant's household size. When
-- no size was declared it is the number of recorded members; counting them for
-- each of a million participants took half a second, so each household keeps
-- its member count, maintained by these triggers whatever writes the members.
ALTER TABLE households ADD COLUMN member_count BIGINT NOT NULL DEFAULT 0;
UPDATE households SET member_count = (SELECT COUNT(*) FROM participants p WHERE p.household_id = households.id);

CREATE TRIGGER participants_count_insert AFTER INSERT ON participants
BEGIN
    UPDATE households SET member_count = member_count + 1 WHERE id = NEW.household_id;
END;
CREATE TRIGGER participants_count_delete AFTER DELETE ON participants
BEGIN
    UPDATE households SET member_count = member_count - 1 WHERE id = OLD.household_id;
END;
CREATE TRIGGER participants_count_move AFTER UPDATE OF household_id ON participants
WHEN NEW.household_id IS NOT OLD.household_id
BEGIN
    UPDATE households SET member_count = member_count - 1 WHERE id = OLD.household_id;
    UPDATE households SET member_count = member_count + 1 WHERE id = NEW.household_id;
END;
