-- Alertes (« Être prévenu »): a saved filter of the list (`/partage`'s own query,
-- canonical) and how often to hear about its new posts. `sent_until`: posts published
-- after it are new for the next mail; `next_due_at`: when that mail is due (07:00 Paris,
-- daily, or on Mondays). Taking an alert moves `next_due_at` on, in the transaction that
-- enqueues the mail: one instance sends it, once.
CREATE TABLE alerts (
    id           INTEGER NOT NULL CONSTRAINT alerts_pk PRIMARY KEY,
    user_id      INTEGER NOT NULL CONSTRAINT alerts_user_fk REFERENCES users (id) ON DELETE CASCADE,
    query        TEXT NOT NULL CONSTRAINT alerts_query_check CHECK (length(query) <= 2000),
    frequency    TEXT NOT NULL CONSTRAINT alerts_frequency_check CHECK (frequency IN ('daily', 'weekly')),
    created_at   TEXT NOT NULL,
    sent_until   TEXT NOT NULL,
    next_due_at  TEXT NOT NULL
);
CREATE INDEX alerts_user_idx ON alerts (user_id);
CREATE INDEX alerts_due_idx ON alerts (next_due_at);
