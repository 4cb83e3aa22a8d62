-- Texts the instance's admins write (« À propos », charter, legal notice, privacy
-- policy): plain text, shown with its paragraphs; the built-in texts apply until set.
CREATE TABLE instance_texts (
    key         TEXT   NOT NULL CONSTRAINT instance_texts_pk PRIMARY KEY
                CONSTRAINT instance_texts_key_check CHECK (key IN ('about', 'charter', 'legal', 'privacy')),
    body        TEXT   NOT NULL,
    updated_by  BIGINT CONSTRAINT instance_texts_updated_by_fk REFERENCES users (id) ON DELETE SET NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
