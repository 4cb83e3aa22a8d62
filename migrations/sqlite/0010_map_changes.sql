-- Change log the map's in-memory index follows (server/src/map/sync.rs): every write
-- that can move, add or remove a point of the public map, whoever makes it, appends the
-- item here. Trimmed to its last entries by the hourly jobs.
CREATE TABLE map_changes (
    seq      INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    item     TEXT    NOT NULL CONSTRAINT map_changes_item_check CHECK (item IN ('post', 'structure')),
    item_id  INTEGER NOT NULL
);

CREATE TRIGGER posts_map_insert AFTER INSERT ON posts
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('post', NEW.id); END;
CREATE TRIGGER posts_map_update AFTER UPDATE OF kind, category_id, structure_id, title, lat, lon, status, hidden ON posts
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('post', NEW.id); END;
CREATE TRIGGER posts_map_delete AFTER DELETE ON posts
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('post', OLD.id); END;

CREATE TRIGGER structures_map_insert AFTER INSERT ON structures
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('structure', NEW.id); END;
CREATE TRIGGER structures_map_update AFTER UPDATE OF name, lat, lon, validation_status ON structures
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('structure', NEW.id); END;
CREATE TRIGGER structures_map_delete AFTER DELETE ON structures
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('structure', OLD.id); END;
