-- E-mails of the exchanges (« Être prévenu »). Every in-app notification is also a mail
-- to come: at once (gathered per post for a few minutes), in the daily summary at 07:00
-- Paris time, or never, as its recipient chose per topic (`mail_preferences`; a topic
-- without a row keeps its default, written in `model::mail`). The choice is read when
-- the notification is written and kept on it (`mail_mode`, `mail_due_at`), so the
-- sender reads only what is due; `mailed_at` marks it taken, once, by one instance.
-- Two new kinds: a volunteer's withdrawal and the day-before reminder of a mission.
-- SQLite cannot change a CHECK, so the table is copied.
CREATE TABLE notifications_new (
    id               INTEGER NOT NULL CONSTRAINT notifications_pk PRIMARY KEY,
    user_id          INTEGER NOT NULL CONSTRAINT notifications_user_fk REFERENCES users (id) ON DELETE CASCADE,
    kind             TEXT    NOT NULL CONSTRAINT notifications_kind_check CHECK (kind IN
                     ('reply', 'reply_accepted', 'reply_declined', 'message', 'expiry_soon', 'expired', 'volunteer',
                      'connection', 'post_hidden', 'post_restored', 'network_invitation',
                      'volunteer_withdrawn', 'mission_reminder')),
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
    mailed_at        TEXT
);
-- What was notified before this version is not mailed now.
INSERT INTO notifications_new (id, user_id, kind, post_id, response_id, related_post_id, detail, read_at, created_at,
                               structure_id, territory_id, mailed_at)
    SELECT id, user_id, kind, post_id, response_id, related_post_id, detail, read_at, created_at,
           structure_id, territory_id, created_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user_idx ON notifications (user_id, read_at, created_at);
CREATE INDEX notifications_structure_idx ON notifications (structure_id) WHERE structure_id IS NOT NULL;
CREATE INDEX notifications_mail_due_idx ON notifications (mail_due_at) WHERE mailed_at IS NULL;

CREATE TABLE mail_preferences (
    user_id    INTEGER NOT NULL CONSTRAINT mail_preferences_user_fk REFERENCES users (id) ON DELETE CASCADE,
    topic      TEXT    NOT NULL CONSTRAINT mail_preferences_topic_check CHECK (topic IN
               ('replies', 'messages', 'decisions', 'connections', 'moderation', 'volunteers', 'missions',
                'expiry', 'invitations')),
    frequency  TEXT    NOT NULL CONSTRAINT mail_preferences_frequency_check CHECK (frequency IN ('now', 'daily', 'never')),
    CONSTRAINT mail_preferences_pk PRIMARY KEY (user_id, topic)
);

-- « Tout suspendre », and an address the SMTP server refused (5xx): no mail but the
-- account's own (confirmation, reset) until the user says otherwise on /compte.
ALTER TABLE users ADD COLUMN mails_suspended_at TEXT;
ALTER TABLE users ADD COLUMN mail_refused_at TEXT;
ALTER TABLE users ADD COLUMN mail_refused_reason TEXT;

-- The day-before reminder of a mission, taken once per sign-up.
ALTER TABLE participations ADD COLUMN reminded_at TEXT;

-- Mails a user may turn off carry their HTML alternative, the unsubscribe link of their
-- List-Unsubscribe header, and their user (a permanent refusal stops that user's mails).
ALTER TABLE outbox ADD COLUMN html TEXT;
ALTER TABLE outbox ADD COLUMN unsubscribe_url TEXT;
ALTER TABLE outbox ADD COLUMN user_id INTEGER CONSTRAINT outbox_user_fk REFERENCES users (id) ON DELETE SET NULL;
-- An iCalendar file attached (a mission sign-up's confirmation).
ALTER TABLE outbox ADD COLUMN ics TEXT;
