-- Households imported from a programme's CSV files know only one member (the
-- participant) and perhaps a declared size: their members are not recorded, so
-- statistics must not count the one stored member as the household's size.
ALTER TABLE households ADD COLUMN members_recorded BOOLEAN NOT NULL DEFAULT TRUE;
