-- The lists' search index in memory (app/src/db/post_index.rs) follows the map's change
-- log too: a post's text, publication date, urgency and place change what a search
-- finds and how it orders it, so those writes are logged as well.
DROP TRIGGER posts_map_update;
CREATE TRIGGER posts_map_update
    AFTER UPDATE OF kind, category_id, structure_id, title, lat, lon, status, hidden,
                    search_folded, published_at, urgency, insee, location_precision ON posts
BEGIN INSERT INTO map_changes (item, item_id) VALUES ('post', NEW.id); END;
