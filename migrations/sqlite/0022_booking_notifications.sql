-- Mutualiser: booking events (a request, a partner's booking, an answer, a cancellation,
-- a lapse) are in-app notifications too, about a booking (`booking_id`) instead of a
-- post, and their mails follow a topic of their own, `bookings`. At once, the mail is the
-- booking's own (its answer links, its .ics), so the notification is not mailed again;
-- in the daily summary, the summary carries it; never, no mail.
-- SQLite cannot change a CHECK, so both tables are copied.
CREATE TABLE notifications_new (
    id               INTEGER NOT NULL CONSTRAINT notifications_pk PRIMARY KEY,
    user_id          INTEGER NOT NULL CONSTRAINT notifications_user_fk REFERENCES users (id) ON DELETE CASCADE,
    kind             TEXT    NOT NULL CONSTRAINT notifications_kind_check CHECK (kind IN
                     ('reply', 'reply_accepted', 'reply_declined', 'message', 'expiry_soon', 'expired', 'volunteer',
                      'connection', 'post_hidden', 'post_restored', 'network_invitation',
                      'volunteer_withdrawn', 'mission_reminder',
                      'booking_requested', 'booking_partner', 'booking_accepted', 'booking_declined',
                      'booking_cancelled', 'booking_lapsed')),
    post_id          INTEGER CONSTRAINT notifications_post_fk REFERENCES posts (id) ON DELETE CASCADE,
    response_id      INTEGER CONSTRAINT notifications_response_fk REFERENCES responses (id) ON DELETE CASCADE,
    related_post_id  INTEGER CONSTRAINT notifications_related_post_fk REFERENCES posts (id) ON DELETE CASCADE,
    detail           TEXT,
    read_at          TEXT,
    created_at       TEXT    NOT NULL,
    structure_id     INTEGER CONSTRAINT notifications_structure_fk REFERENCES structures (id) ON DELETE CASCADE,
    territory_id     INTEGER CONSTRAINT notifications_territory_fk REFERENCES territories (id) ON DELETE CASCADE,
    mail_mode        TEXT    CONSTRAINT notifications_mail_mode_check CHECK (mail_mode IN ('now', 'daily')),
    mail_due_at      TEXT,
    mailed_at        TEXT,
    booking_id       INTEGER CONSTRAINT notifications_booking_fk REFERENCES bookings (id) ON DELETE CASCADE
);
INSERT INTO notifications_new (id, user_id, kind, post_id, response_id, related_post_id, detail, read_at, created_at,
                               structure_id, territory_id, mail_mode, mail_due_at, mailed_at)
    SELECT id, user_id, kind, post_id, response_id, related_post_id, detail, read_at, created_at,
           structure_id, territory_id, mail_mode, mail_due_at, mailed_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user_idx ON notifications (user_id, read_at, created_at);
CREATE INDEX notifications_structure_idx ON notifications (structure_id) WHERE structure_id IS NOT NULL;
CREATE INDEX notifications_mail_due_idx ON notifications (mail_due_at) WHERE mailed_at IS NULL;
CREATE INDEX notifications_booking_idx ON notifications (booking_id) WHERE booking_id IS NOT NULL;

CREATE TABLE mail_preferences_new (
    user_id    INTEGER NOT NULL CONSTRAINT mail_preferences_user_fk REFERENCES users (id) ON DELETE CASCADE,
    topic      TEXT    NOT NULL CONSTRAINT mail_preferences_topic_check CHECK (topic IN
               ('replies', 'messages', 'decisions', 'connections', 'moderation', 'volunteers', 'missions',
                'expiry', 'invitations', 'bookings')),
    frequency  TEXT    NOT NULL CONSTRAINT mail_preferences_frequency_check CHECK (frequency IN ('now', 'daily', 'never')),
    CONSTRAINT mail_preferences_pk PRIMARY KEY (user_id, topic)
);
INSERT INTO mail_preferences_new (user_id, topic, frequency) SELECT user_id, topic, frequency FROM mail_preferences;
DROP TABLE mail_preferences;
ALTER TABLE mail_preferences_new RENAME TO mail_preferences;
