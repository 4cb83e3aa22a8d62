-- The lists' search index in memory (app/src/db/post_index.rs) follows the map's change
-- log too: a post's text, publication date, urgency and place change what a search
-- finds and how it orders it, so those writes are logged as well.
DROP TRIGGER posts_map_change ON posts;
CREATE TRIGGER posts_map_change
    AFTER INSERT OR DELETE OR UPDATE OF kind, category_id, structure_id, title, lat, lon, status, hidden,
                                        search_folded, published_at, urgency, insee, location_precision ON posts
    FOR EACH ROW EXECUTE FUNCTION map_change('post');
