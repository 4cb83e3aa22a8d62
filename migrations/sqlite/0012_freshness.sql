-- Freshness of structure profiles: a structure not updated for a year gets a reminder
-- with one-click answers (the links' token is stored hashed); without an answer within
-- 30 days it is flagged stale — on the map (hence the trigger) and in the coordinators'
-- queue — until its members update it or confirm it.
ALTER TABLE structures ADD COLUMN freshness_asked_at TEXT;
ALTER TABLE structures ADD COLUMN freshness_token_hash TEXT;
ALTER TABLE structures ADD COLUMN stale INTEGER NOT NULL DEFAULT 0;
CREATE INDEX structures_freshness_idx ON structures (validation_status, updated_at);
CREATE INDEX structures_freshness_token_idx ON structures (freshness_token_hash) WHERE freshness_token_hash IS NOT NULL;

DROP TRIGGER structures_map_update;
CREATE TRIGGER structures_map_update AFTER UPDATE OF name, lat, lon, validation_status, stale ON structures
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('structure', NEW.id); END;
