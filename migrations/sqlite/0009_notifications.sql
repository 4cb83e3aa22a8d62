-- In-app notifications (the badge in the header): new replies, decisions, messages,
-- expiry reminders, volunteer sign-ups. The text is built at display time from the kind
-- and the post, so nothing personal is copied here.
CREATE TABLE notifications (
    id           INTEGER NOT NULL CONSTRAINT notifications_pk PRIMARY KEY,
    user_id      INTEGER NOT NULL CONSTRAINT notifications_user_fk REFERENCES users (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CONSTRAINT notifications_kind_check CHECK (kind IN
                 ('reply', 'reply_accepted', 'reply_declined', 'message', 'expiry_soon', 'expired', 'volunteer')),
    post_id      INTEGER CONSTRAINT notifications_post_fk REFERENCES posts (id) ON DELETE CASCADE,
    response_id  INTEGER CONSTRAINT notifications_response_fk REFERENCES responses (id) ON DELETE CASCADE,
    read_at      TEXT,
    created_at   TEXT    NOT NULL
);
CREATE INDEX notifications_user_idx ON notifications (user_id, read_at, created_at);
-- One reply per person and post: a second « Je peux aider » continues the thread instead.
CREATE UNIQUE INDEX responses_post_responder_key ON responses (post_id, responder_id);
