-- Several server processes on one database: what each process kept in memory is now in
-- the database, so every process sees the same (docs/decisions.md §41).

-- Rate limits counted per account (sign-in, publishing, moderation): the theoretical
-- arrival time of GCRA, in milliseconds since the epoch; a row whose time has passed is
-- a fully recovered key, deleted from time to time.
CREATE TABLE rate_limits (
    key     TEXT    PRIMARY KEY,
    tat_ms  BIGINT  NOT NULL
);

-- Background jobs: a run is claimed by one process (`UPDATE … WHERE next_run_ms <= now`),
-- so two processes never run the same job at once.
CREATE TABLE job_runs (
    name         TEXT    PRIMARY KEY,
    next_run_ms  BIGINT  NOT NULL,
    runs         BIGINT  NOT NULL DEFAULT 0,
    last_run_at  TIMESTAMPTZ
);

-- CSV imports of structures: their progress, readable from any process.
CREATE TABLE import_jobs (
    id          BIGINT  PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    total       BIGINT  NOT NULL,
    done        BIGINT  NOT NULL DEFAULT 0,
    finished    BOOLEAN NOT NULL DEFAULT FALSE,
    created     BIGINT  NOT NULL DEFAULT 0,
    error       TEXT,
    started_at  TIMESTAMPTZ NOT NULL
);
