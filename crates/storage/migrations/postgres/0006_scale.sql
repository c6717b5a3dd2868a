-- Scale (issue "Money and evidence", part 7): the participant statistics count
-- each participant once per round and service; with the participant in the
-- index the count reads the index alone instead of two million table rows.
CREATE INDEX interventions_round_service_participant ON interventions (round_id, service_id, participant_id, status);
