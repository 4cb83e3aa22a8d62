-- Accent- and case-folded name + description + commune of each structure, for the
-- directory's word-prefix search (« eco » finds « Écocentre »). Written by the
-- application (see model::fold); rows from before this migration are filled at start-up.
ALTER TABLE structures ADD COLUMN search_folded TEXT NOT NULL DEFAULT '';
