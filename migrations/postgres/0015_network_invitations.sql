-- A coordinator no longer adds a structure to their territory or network: they invite it,
-- and its responsables accept or decline (an instance admin may decide too). Joining a
-- network widens what its coordinators may do with the structure (moderation, exports
-- with its contacts), so the structure says yes first. Only pending invitations are kept;
-- the answer is written in the audit log.
CREATE TABLE network_invitations (
    territory_id  BIGINT NOT NULL CONSTRAINT network_invitations_territory_fk REFERENCES territories (id) ON DELETE CASCADE,
    structure_id  BIGINT NOT NULL CONSTRAINT network_invitations_structure_fk REFERENCES structures (id) ON DELETE CASCADE,
    invited_by    BIGINT CONSTRAINT network_invitations_invited_by_fk REFERENCES users (id) ON DELETE SET NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    CONSTRAINT network_invitations_pk PRIMARY KEY (territory_id, structure_id)
);
CREATE INDEX network_invitations_structure_idx ON network_invitations (structure_id);

-- The responsables' in-app notice of an invitation: a new kind, and the structure and
-- territory it names (the text is built at display time, as for the other kinds).
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN
    ('reply', 'reply_accepted', 'reply_declined', 'message', 'expiry_soon', 'expired', 'volunteer',
     'connection', 'post_hidden', 'post_restored', 'network_invitation'));
ALTER TABLE notifications
    ADD COLUMN structure_id BIGINT CONSTRAINT notifications_structure_fk REFERENCES structures (id) ON DELETE CASCADE,
    ADD COLUMN territory_id BIGINT CONSTRAINT notifications_territory_fk REFERENCES territories (id) ON DELETE CASCADE;
-- Deleting a structure (a merge) finds its notices without reading the whole table.
CREATE INDEX notifications_structure_idx ON notifications (structure_id) WHERE structure_id IS NOT NULL;
