-- Full-text search over posts. `search_folded` is title + description folded by the
-- application (model::fold: lower-case, no accents, punctuation as spaces); FTS5 indexes it
-- with prefix indexes so « velo* » is an index lookup. Kept in sync by triggers.
ALTER TABLE posts ADD COLUMN search_folded TEXT NOT NULL DEFAULT '';

CREATE VIRTUAL TABLE posts_fts USING fts5(
    search_folded,
    content = 'posts',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);

CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
    INSERT INTO posts_fts (rowid, search_folded) VALUES (new.id, new.search_folded);
END;
CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, search_folded) VALUES ('delete', old.id, old.search_folded);
END;
CREATE TRIGGER posts_fts_update AFTER UPDATE OF search_folded ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, search_folded) VALUES ('delete', old.id, old.search_folded);
    INSERT INTO posts_fts (rowid, search_folded) VALUES (new.id, new.search_folded);
END;
