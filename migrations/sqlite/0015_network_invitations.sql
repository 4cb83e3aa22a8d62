-- A coordinator no longer adds a structure to their territory or network: they invite it,
-- and its responsables accept or decline (an instance admin may decide too). Joining a
-- network widens what its coordinators may do with the structure (moderation, exports
-- with its contacts), so the structure says yes first. Only pending invitations are kept;
-- the answer is written in the audit log.
CREATE TABLE network_invitations (
    territory_id  INTEGER NOT NULL CONSTRAINT network_invitations_territory_fk REFERENCES territories (id) ON DELETE CASCADE,
    structure_id  INTEGER NOT NULL CONSTRAINT network_invitations_structure_fk REFERENCES structures (id) ON DELETE CASCADE,
    invited_by    INTEGER CONSTRAINT network_invitations_invited_by_fk REFERENCES users (id) ON DELETE SET NULL,
    created_at    TEXT    NOT NULL,
    CONSTRAINT network_invitations_pk PRIMARY KEY (territory_id, structure_id)
);
CREATE INDEX network_invitations_structure_idx ON network_invitations (structure_id);

-- The responsables' in-app notice of an invitation: a new kind, and the structure and
-- territory it names (the text is built at display time, as for the other kinds).
-- SQLite cannot change a CHECK, so the table is copied.
CREATE TABLE notifications_new (
    id               INTEGER NOT NULL CONSTRAINT notifications_pk PRIMARY KEY,
    user_id          INTEGER NOT NULL CONSTRAINT notifications_user_fk REFERENCES users (id) ON DELETE CASCADE,
    kind             TEXT    NOT NULL CONSTRAINT notifications_kind_check CHECK (kind IN
                     ('reply', 'reply_accepted', 'reply_declined', 'message', 'expiry_soon', 'expired', 'volunteer',
                      'connection', 'post_hidden', 'post_restored', 'network_invitation')),
    post_id          INTEGER CONSTRAINT notifications_post_fk REFERENCES posts (id) ON DELETE CASCADE,
    response_id      INTEGER CONSTRAINT notifications_response_fk REFERENCES responses (id) ON DELETE CASCADE,
    related_post_id  INTEGER CONSTRAINT notifications_related_post_fk REFERENCES posts (id) ON DELETE CASCADE,
    detail           TEXT,
    read_at          TEXT,
    created_at       TEXT    NOT NULL,
    structure_id     INTEGER CONSTRAINT notifications_structure_fk REFERENCES structures (id) ON DELETE CASCADE,
    territory_id     INTEGER CONSTRAINT notifications_territory_fk REFERENCES territories (id) ON DELETE CASCADE
);
INSERT INTO notifications_new (id, user_id, kind, post_id, response_id, related_post_id, detail, read_at, created_at)
    SELECT id, user_id, kind, post_id, response_id, related_post_id, detail, read_at, created_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user_idx ON notifications (user_id, read_at, created_at);
-- Deleting a structure (a merge) finds its notices without reading the whole table.
CREATE INDEX notifications_structure_idx ON notifications (structure_id) WHERE structure_id IS NOT NULL;
