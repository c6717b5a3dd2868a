-- Each programme weighs the components of a matching proposal its own way
-- (JSON of the optimisation crate's MatchingWeights; NULL: the defaults).
ALTER TABLE programmes ADD COLUMN matching_weights TEXT;
