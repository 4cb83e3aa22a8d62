-- Invitations to join a structure sent to an address that has no account yet: they turn
-- into memberships ('invited') when that address's account is confirmed.
CREATE TABLE structure_invitations (
    structure_id  INTEGER NOT NULL CONSTRAINT structure_invitations_structure_fk REFERENCES structures (id) ON DELETE CASCADE,
    email         TEXT    NOT NULL,   -- lower-case
    invited_by    INTEGER CONSTRAINT structure_invitations_invited_by_fk REFERENCES users (id) ON DELETE SET NULL,
    created_at    TEXT    NOT NULL,
    CONSTRAINT structure_invitations_pk PRIMARY KEY (structure_id, email)
);
CREATE INDEX structure_invitations_email_idx ON structure_invitations (email);
