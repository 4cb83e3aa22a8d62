-- Change log the map's in-memory index follows (server/src/map/sync.rs): every write
-- that can move, add or remove a point of the public map, whoever makes it, appends the
-- item here. Numbers come from a sequence, so they are not in commit order: the reader
-- looks back (sync.rs). Trimmed to its last entries by the hourly jobs.
CREATE TABLE map_changes (
    seq      BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT map_changes_pk PRIMARY KEY,
    item     TEXT   NOT NULL CONSTRAINT map_changes_item_check CHECK (item IN ('post', 'structure')),
    item_id  BIGINT NOT NULL
);

CREATE FUNCTION map_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO map_changes (item, item_id)
    VALUES (TG_ARGV[0], CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
    RETURN NULL;
END
$$;

CREATE TRIGGER posts_map_change
    AFTER INSERT OR DELETE OR UPDATE OF kind, category_id, structure_id, title, lat, lon, status, hidden ON posts
    FOR EACH ROW EXECUTE FUNCTION map_change('post');
CREATE TRIGGER structures_map_change
    AFTER INSERT OR DELETE OR UPDATE OF name, lat, lon, validation_status ON structures
    FOR EACH ROW EXECUTE FUNCTION map_change('structure');
