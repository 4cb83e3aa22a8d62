-- Delivery of the outbox by SMTP (server/src/mailer.rs). `attempts` and `last_error`
-- exist since 0003. A failed mail waits until `next_attempt_at` (exponential backoff);
-- an instance sending a mail holds it until `claimed_until`, so instances sharing one
-- database do not send the same mail twice (a crashed instance's claim simply lapses).
ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until TEXT;
