-- Freshness of structure profiles: a structure not updated for a year gets a reminder
-- with one-click answers (the links' token is stored hashed); without an answer within
-- 30 days it is flagged stale — on the map (hence the trigger) and in the coordinators'
-- queue — until its members update it or confirm it.
ALTER TABLE structures
    ADD COLUMN freshness_asked_at TIMESTAMPTZ,
    ADD COLUMN freshness_token_hash TEXT,
    ADD COLUMN stale BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX structures_freshness_idx ON structures (validation_status, updated_at);
CREATE INDEX structures_freshness_token_idx ON structures (freshness_token_hash) WHERE freshness_token_hash IS NOT NULL;

DROP TRIGGER structures_map_change ON structures;
CREATE TRIGGER structures_map_change
    AFTER INSERT OR DELETE OR UPDATE OF name, lat, lon, validation_status, stale ON structures
    FOR EACH ROW EXECUTE FUNCTION map_change('structure');
