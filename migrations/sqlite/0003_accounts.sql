-- Accounts: which sessions belong to whom (to list and revoke them, and to close the
-- others after a password change), single-use e-mail tokens, and the e-mail outbox.
-- The session data itself lives in the `tower_sessions` table created by the store.

CREATE TABLE user_sessions (
    session_id    TEXT    NOT NULL CONSTRAINT user_sessions_pk PRIMARY KEY,
    user_id       INTEGER NOT NULL CONSTRAINT user_sessions_user_fk REFERENCES users (id) ON DELETE CASCADE,
    user_agent    TEXT    NOT NULL DEFAULT '',   -- shortened, to recognise a device in the list
    created_at    TEXT    NOT NULL,
    last_seen_at  TEXT    NOT NULL
);
CREATE INDEX user_sessions_user_idx ON user_sessions (user_id);

-- Only a SHA-256 of each token is stored: a database leak does not leak usable links.
CREATE TABLE account_tokens (
    id          INTEGER NOT NULL CONSTRAINT account_tokens_pk PRIMARY KEY,
    user_id     INTEGER NOT NULL CONSTRAINT account_tokens_user_fk REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT    NOT NULL CONSTRAINT account_tokens_purpose_check CHECK (purpose IN ('verify_email', 'reset_password', 'change_email')),
    token_hash  TEXT    NOT NULL CONSTRAINT account_tokens_hash_key UNIQUE,
    new_email   TEXT,
    expires_at  TEXT    NOT NULL,
    used_at     TEXT,
    created_at  TEXT    NOT NULL
);
CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose);

-- E-mails to send. Sent by SMTP when configured; readable on the dev outbox page otherwise.
CREATE TABLE outbox (
    id          INTEGER NOT NULL CONSTRAINT outbox_pk PRIMARY KEY,
    recipient   TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    sent_at     TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT
);
CREATE INDEX outbox_pending_idx ON outbox (sent_at, created_at);
