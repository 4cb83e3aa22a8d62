-- Alertes, second part (« Être prévenu »):
-- * a visitor without an account keeps alerts under an address confirmed by a link
--   (double opt-in): `alert_subscribers`, and an alert belongs to a user or to one;
-- * `confirmed_at`: nothing is sent for an alert before it (a user's alert is confirmed
--   when created); a visitor's alert never confirmed is deleted after 7 days;
-- * `urgent_now`: urgent needs matching the alert are mailed at once, not in a summary;
--   `urgent_alert_runs` records the urgent needs already matched (one instance, once).
-- SQLite cannot drop NOT NULL from a column: the table is rebuilt, its rows kept.
CREATE TABLE alert_subscribers (
    id                    INTEGER NOT NULL CONSTRAINT alert_subscribers_pk PRIMARY KEY,
    email                 TEXT NOT NULL CONSTRAINT alert_subscribers_email_check CHECK (length(email) <= 254),
    created_at            TEXT NOT NULL,
    confirmation_sent_at  TEXT,
    mails_suspended_at    TEXT,
    CONSTRAINT alert_subscribers_email_key UNIQUE (email)
);

CREATE TABLE alerts_rebuilt (
    id             INTEGER NOT NULL CONSTRAINT alerts_pk PRIMARY KEY,
    user_id        INTEGER CONSTRAINT alerts_user_fk REFERENCES users (id) ON DELETE CASCADE,
    subscriber_id  INTEGER CONSTRAINT alerts_subscriber_fk REFERENCES alert_subscribers (id) ON DELETE CASCADE,
    query          TEXT NOT NULL CONSTRAINT alerts_query_check CHECK (length(query) <= 2000),
    frequency      TEXT NOT NULL CONSTRAINT alerts_frequency_check CHECK (frequency IN ('daily', 'weekly')),
    urgent_now     INTEGER NOT NULL DEFAULT 0 CONSTRAINT alerts_urgent_now_bool CHECK (urgent_now IN (0, 1)),
    created_at     TEXT NOT NULL,
    confirmed_at   TEXT,
    sent_until     TEXT NOT NULL,
    next_due_at    TEXT NOT NULL,
    CONSTRAINT alerts_owner_check CHECK ((user_id IS NULL) <> (subscriber_id IS NULL))
);
INSERT INTO alerts_rebuilt (id, user_id, subscriber_id, query, frequency, urgent_now, created_at, confirmed_at, sent_until, next_due_at)
    SELECT id, user_id, NULL, query, frequency, 0, created_at, created_at, sent_until, next_due_at FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_rebuilt RENAME TO alerts;
CREATE INDEX alerts_user_idx ON alerts (user_id);
CREATE INDEX alerts_subscriber_idx ON alerts (subscriber_id);
CREATE INDEX alerts_due_idx ON alerts (next_due_at);
CREATE INDEX alerts_pending_idx ON alerts (created_at) WHERE confirmed_at IS NULL;

CREATE TABLE urgent_alert_runs (
    post_id  INTEGER NOT NULL CONSTRAINT urgent_alert_runs_pk PRIMARY KEY
             CONSTRAINT urgent_alert_runs_post_fk REFERENCES posts (id) ON DELETE CASCADE,
    done_at  TEXT NOT NULL
);
-- The urgent needs the « at once » sender looks for every 20 s: few among many posts.
CREATE INDEX posts_urgent_need_idx ON posts (published_at) WHERE kind = 'need' AND urgency = 'high';
