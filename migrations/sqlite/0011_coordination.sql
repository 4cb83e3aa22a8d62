-- Espace coordination: « mise en relation » records, notifications for moderation and
-- connections, and the indexes the dashboard's counts read (docs/benchmarks.md §3).

-- A coordinator connected a need with an offer: both sides were notified.
CREATE TABLE connections (
    id          INTEGER NOT NULL CONSTRAINT connections_pk PRIMARY KEY,
    need_id     INTEGER NOT NULL CONSTRAINT connections_need_fk REFERENCES posts (id) ON DELETE CASCADE,
    offer_id    INTEGER NOT NULL CONSTRAINT connections_offer_fk REFERENCES posts (id) ON DELETE CASCADE,
    created_by  INTEGER CONSTRAINT connections_created_by_fk REFERENCES users (id) ON DELETE SET NULL,
    created_at  TEXT    NOT NULL,
    CONSTRAINT connections_pair_key UNIQUE (need_id, offer_id)
);
CREATE INDEX connections_offer_idx ON connections (offer_id);

-- New kinds (a connection, a post hidden or restored by moderation) and what they carry:
-- the other post of a connection, the moderator's reason. SQLite cannot change a CHECK,
-- so the table is copied.
CREATE TABLE notifications_new (
    id               INTEGER NOT NULL CONSTRAINT notifications_pk PRIMARY KEY,
    user_id          INTEGER NOT NULL CONSTRAINT notifications_user_fk REFERENCES users (id) ON DELETE CASCADE,
    kind             TEXT    NOT NULL CONSTRAINT notifications_kind_check CHECK (kind IN
                     ('reply', 'reply_accepted', 'reply_declined', 'message', 'expiry_soon', 'expired', 'volunteer',
                      'connection', 'post_hidden', 'post_restored')),
    post_id          INTEGER CONSTRAINT notifications_post_fk REFERENCES posts (id) ON DELETE CASCADE,
    response_id      INTEGER CONSTRAINT notifications_response_fk REFERENCES responses (id) ON DELETE CASCADE,
    related_post_id  INTEGER CONSTRAINT notifications_related_post_fk REFERENCES posts (id) ON DELETE CASCADE,
    detail           TEXT,
    read_at          TEXT,
    created_at       TEXT    NOT NULL
);
INSERT INTO notifications_new (id, user_id, kind, post_id, response_id, read_at, created_at)
    SELECT id, user_id, kind, post_id, response_id, read_at, created_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user_idx ON notifications (user_id, read_at, created_at);

-- Dashboard: posts by publication month and kind (trend, active structures) and closed
-- posts by date (fulfilled this month).
CREATE INDEX posts_published_idx ON posts (published_at, kind, structure_id);
CREATE INDEX posts_closed_idx ON posts (status, updated_at);
