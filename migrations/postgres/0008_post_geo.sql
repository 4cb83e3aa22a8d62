-- Reading public posts quickly at 100,000 posts and more (measured in docs/benchmarks.md):
-- by place, and in the two list orders, so that a page stops after the rows it shows
-- instead of sorting every open post. The application picks which one drives a query
-- (app/src/db/post_search.rs); the conditions below repeat the first terms of
-- POST_IS_PUBLIC (app/src/db/home.rs) so that the partial indexes apply to it.

-- Points: a bounding box reads a latitude band and filters longitudes inside the index.
-- An individual's post carries its commune's centroid only (see posts), never a home.
CREATE INDEX posts_place_idx ON posts (lat, lon);

-- Newest first.
CREATE INDEX posts_recent_idx ON posts (published_at DESC, id DESC)
    WHERE hidden = FALSE AND status IN ('published', 'in_progress');

-- Most urgent first, then newest (the expression is the list's ORDER BY).
CREATE INDEX posts_urgency_idx ON posts ((CASE urgency WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END), published_at DESC, id DESC)
    WHERE hidden = FALSE AND status IN ('published', 'in_progress');
