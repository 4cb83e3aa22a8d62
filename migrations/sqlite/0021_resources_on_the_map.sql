-- Mutualiser: pooled resources show on the public map as their own kind of marker. The
-- map's change log learns a third item, `resource`, written by triggers on
-- `shared_resources` as for posts and structures (whoever writes, every instance's map
-- follows). SQLite cannot change a CHECK: the log is rebuilt, its triggers dropped before
-- and created again after (a rename checks every trigger that names the table). Its
-- numbers and its AUTOINCREMENT counter are kept, so that readers' cursors stay valid.
DROP TRIGGER posts_map_insert;
DROP TRIGGER posts_map_update;
DROP TRIGGER posts_map_delete;
DROP TRIGGER structures_map_insert;
DROP TRIGGER structures_map_update;
DROP TRIGGER structures_map_delete;

CREATE TABLE map_changes_new (
    seq      INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    item     TEXT    NOT NULL CONSTRAINT map_changes_item_check CHECK (item IN ('post', 'structure', 'resource')),
    item_id  INTEGER NOT NULL
);
INSERT INTO map_changes_new (seq, item, item_id) SELECT seq, item, item_id FROM map_changes;
DELETE FROM sqlite_sequence WHERE name = 'map_changes_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'map_changes_new', seq FROM sqlite_sequence WHERE name = 'map_changes';
DROP TABLE map_changes;
ALTER TABLE map_changes_new RENAME TO map_changes;

-- As left by migrations 0010, 0012 and 0014.
CREATE TRIGGER posts_map_insert AFTER INSERT ON posts
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('post', NEW.id); END;
CREATE TRIGGER posts_map_update
    AFTER UPDATE OF kind, category_id, structure_id, title, lat, lon, status, hidden,
                    search_folded, published_at, urgency, insee, location_precision ON posts
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('post', NEW.id); END;
CREATE TRIGGER posts_map_delete AFTER DELETE ON posts
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('post', OLD.id); END;

CREATE TRIGGER structures_map_insert AFTER INSERT ON structures
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('structure', NEW.id); END;
CREATE TRIGGER structures_map_update AFTER UPDATE OF name, lat, lon, validation_status, stale ON structures
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('structure', NEW.id); END;
CREATE TRIGGER structures_map_delete AFTER DELETE ON structures
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('structure', OLD.id); END;

CREATE TRIGGER resources_map_insert AFTER INSERT ON shared_resources
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('resource', NEW.id); END;
CREATE TRIGGER resources_map_update AFTER UPDATE OF name, lat, lon, active, structure_id ON shared_resources
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('resource', NEW.id); END;
CREATE TRIGGER resources_map_delete AFTER DELETE ON shared_resources
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('resource', OLD.id); END;
