-- Full-text search over posts. `search_folded` is title + description folded by the
-- application (model::fold: lower-case, no accents, punctuation as spaces), so the
-- 'simple' configuration (no stemming) and no unaccent extension are needed.
ALTER TABLE posts ADD COLUMN search_folded TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_folded)) STORED;
CREATE INDEX posts_search_idx ON posts USING GIN (search_vector);
