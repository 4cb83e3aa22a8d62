-- Mutualiser: pooled resources show on the public map as their own kind of marker. The
-- map's change log learns a third item, `resource`, written by a trigger on
-- `shared_resources` as for posts and structures (whoever writes, every instance's map
-- follows).
ALTER TABLE map_changes DROP CONSTRAINT map_changes_item_check;
ALTER TABLE map_changes ADD CONSTRAINT map_changes_item_check CHECK (item IN ('post', 'structure', 'resource'));

CREATE TRIGGER resources_map_change
    AFTER INSERT OR DELETE OR UPDATE OF name, lat, lon, active, structure_id ON shared_resources
    FOR EACH ROW EXECUTE FUNCTION map_change('resource');
