-- E-mails of the exchanges (« Être prévenu »). Every in-app notification is also a mail
-- to come: at once (gathered per post for a few minutes), in the daily summary at 07:00
-- Paris time, or never, as its recipient chose per topic (`mail_preferences`; a topic
-- without a row keeps its default, written in `model::mail`). The choice is read when
-- the notification is written and kept on it (`mail_mode`, `mail_due_at`), so the
-- sender reads only what is due; `mailed_at` marks it taken, once, by one instance.
-- Two new kinds: a volunteer's withdrawal and the day-before reminder of a mission.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN
    ('reply', 'reply_accepted', 'reply_declined', 'message', 'expiry_soon', 'expired', 'volunteer',
     'connection', 'post_hidden', 'post_restored', 'network_invitation',
     'volunteer_withdrawn', 'mission_reminder'));
ALTER TABLE notifications
    ADD COLUMN mail_mode TEXT CONSTRAINT notifications_mail_mode_check CHECK (mail_mode IN ('now', 'daily')),
    ADD COLUMN mail_due_at TIMESTAMPTZ,
    ADD COLUMN mailed_at TIMESTAMPTZ;
-- What was notified before this version is not mailed now.
UPDATE notifications SET mailed_at = created_at;
CREATE INDEX notifications_mail_due_idx ON notifications (mail_due_at) WHERE mailed_at IS NULL;

CREATE TABLE mail_preferences (
    user_id    BIGINT NOT NULL CONSTRAINT mail_preferences_user_fk REFERENCES users (id) ON DELETE CASCADE,
    topic      TEXT   NOT NULL CONSTRAINT mail_preferences_topic_check CHECK (topic IN
               ('replies', 'messages', 'decisions', 'connections', 'moderation', 'volunteers', 'missions',
                'expiry', 'invitations')),
    frequency  TEXT   NOT NULL CONSTRAINT mail_preferences_frequency_check CHECK (frequency IN ('now', 'daily', 'never')),
    CONSTRAINT mail_preferences_pk PRIMARY KEY (user_id, topic)
);

-- « Tout suspendre », and an address the SMTP server refused (5xx): no mail but the
-- account's own (confirmation, reset) until the user says otherwise on /compte.
ALTER TABLE users
    ADD COLUMN mails_suspended_at TIMESTAMPTZ,
    ADD COLUMN mail_refused_at TIMESTAMPTZ,
    ADD COLUMN mail_refused_reason TEXT;

-- The day-before reminder of a mission, taken once per sign-up.
ALTER TABLE participations ADD COLUMN reminded_at TIMESTAMPTZ;

-- Mails a user may turn off carry their HTML alternative, the unsubscribe link of their
-- List-Unsubscribe header, and their user (a permanent refusal stops that user's mails).
ALTER TABLE outbox
    ADD COLUMN html TEXT,
    ADD COLUMN unsubscribe_url TEXT,
    ADD COLUMN user_id BIGINT CONSTRAINT outbox_user_fk REFERENCES users (id) ON DELETE SET NULL,
    -- An iCalendar file attached (a mission sign-up's confirmation).
    ADD COLUMN ics TEXT;
