-- Mutualiser: pooled resources (a van, a room, a clède) and their bookings.
-- * `shared_resources` gains what a borrower needs to know (kind, conditions, place,
--   handover, contribution) and the owner's booking rules (time unit, lengths, notice,
--   horizon, buffer, who may book). Its rows keep their defaults: one day at a time.
-- * `bookings` is rebuilt (SQLite cannot change a CHECK): times are stored in ONE
--   fixed-width UTC form, `YYYY-MM-DDTHH:MM:00Z`, so that comparing the text compares the
--   instants; `blocked_until` is the end widened by the resource's buffer, so that two
--   bookings conflict exactly when [starts_at, blocked_until) overlap. Old rows are
--   converted; among old overlapping holders the first keeps its slot.
-- * A booking HOLDS its slot when `confirmed`, or `requested` until decided or until
--   `hold_until` (72 h): writers turn expired requests into `lapsed` before they write,
--   so the triggers below (and PostgreSQL's exclusion constraint) only look at statuses.
ALTER TABLE shared_resources ADD COLUMN kind TEXT NOT NULL DEFAULT 'other'
    CONSTRAINT shared_resources_kind_check CHECK (kind IN ('vehicle', 'room', 'equipment', 'oven', 'tool', 'other'));
ALTER TABLE shared_resources ADD COLUMN conditions TEXT NOT NULL DEFAULT '';
ALTER TABLE shared_resources ADD COLUMN insee TEXT CONSTRAINT shared_resources_insee_fk REFERENCES communes (insee);
ALTER TABLE shared_resources ADD COLUMN lat REAL;
ALTER TABLE shared_resources ADD COLUMN lon REAL;
ALTER TABLE shared_resources ADD COLUMN location_precision TEXT NOT NULL DEFAULT 'commune'
    CONSTRAINT shared_resources_precision_check CHECK (location_precision IN ('address', 'commune'));
ALTER TABLE shared_resources ADD COLUMN handover TEXT NOT NULL DEFAULT '';
ALTER TABLE shared_resources ADD COLUMN contribution TEXT NOT NULL DEFAULT '';
ALTER TABLE shared_resources ADD COLUMN open_to_individuals INTEGER NOT NULL DEFAULT 0
    CONSTRAINT shared_resources_individuals_bool CHECK (open_to_individuals IN (0, 1));
ALTER TABLE shared_resources ADD COLUMN time_unit TEXT NOT NULL DEFAULT 'day'
    CONSTRAINT shared_resources_unit_check CHECK (time_unit IN ('hour', 'half_day', 'day'));
ALTER TABLE shared_resources ADD COLUMN min_units INTEGER NOT NULL DEFAULT 1
    CONSTRAINT shared_resources_min_check CHECK (min_units BETWEEN 1 AND 1000);
ALTER TABLE shared_resources ADD COLUMN max_units INTEGER NOT NULL DEFAULT 7
    CONSTRAINT shared_resources_max_check CHECK (max_units BETWEEN 1 AND 1000);
ALTER TABLE shared_resources ADD COLUMN notice_hours INTEGER NOT NULL DEFAULT 24
    CONSTRAINT shared_resources_notice_check CHECK (notice_hours BETWEEN 0 AND 2160);
ALTER TABLE shared_resources ADD COLUMN horizon_days INTEGER NOT NULL DEFAULT 180
    CONSTRAINT shared_resources_horizon_check CHECK (horizon_days BETWEEN 1 AND 730);
ALTER TABLE shared_resources ADD COLUMN buffer_minutes INTEGER NOT NULL DEFAULT 0
    CONSTRAINT shared_resources_buffer_check CHECK (buffer_minutes BETWEEN 0 AND 10080);
-- Name, description and conditions without accents or case: the list's search. Written by
-- the application (its normaliser), which fills the rows left empty here at start-up.
ALTER TABLE shared_resources ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
-- The calendar feed's key names this generation: « révoquer » increments it.
ALTER TABLE shared_resources ADD COLUMN feed_generation INTEGER NOT NULL DEFAULT 1;
ALTER TABLE structures ADD COLUMN bookings_feed_generation INTEGER NOT NULL DEFAULT 1;
-- Existing resources stand where their structure does.
UPDATE shared_resources SET insee = (SELECT s.insee FROM structures s WHERE s.id = shared_resources.structure_id),
    lat = (SELECT s.lat FROM structures s WHERE s.id = shared_resources.structure_id),
    lon = (SELECT s.lon FROM structures s WHERE s.id = shared_resources.structure_id);
CREATE INDEX shared_resources_insee_idx ON shared_resources (insee);

-- Structures whose members' bookings of a resource are confirmed at once.
CREATE TABLE resource_partners (
    resource_id   INTEGER NOT NULL CONSTRAINT resource_partners_resource_fk REFERENCES shared_resources (id) ON DELETE CASCADE,
    structure_id  INTEGER NOT NULL CONSTRAINT resource_partners_structure_fk REFERENCES structures (id) ON DELETE CASCADE,
    CONSTRAINT resource_partners_pk PRIMARY KEY (resource_id, structure_id)
);
CREATE INDEX resource_partners_structure_idx ON resource_partners (structure_id);

-- Days the resource cannot be booked (maintenance, holidays), Paris dates, both included.
CREATE TABLE resource_closures (
    id           INTEGER NOT NULL CONSTRAINT resource_closures_pk PRIMARY KEY,
    resource_id  INTEGER NOT NULL CONSTRAINT resource_closures_resource_fk REFERENCES shared_resources (id) ON DELETE CASCADE,
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '' CONSTRAINT resource_closures_reason_check CHECK (length(reason) <= 200),
    CONSTRAINT resource_closures_period_check CHECK (starts_on <= ends_on)
);
CREATE INDEX resource_closures_resource_idx ON resource_closures (resource_id, ends_on);

CREATE TABLE bookings_rebuilt (
    id                   INTEGER NOT NULL CONSTRAINT bookings_pk PRIMARY KEY,
    resource_id          INTEGER NOT NULL CONSTRAINT bookings_resource_fk REFERENCES shared_resources (id) ON DELETE CASCADE,
    booker_id            INTEGER CONSTRAINT bookings_booker_fk REFERENCES users (id) ON DELETE SET NULL,
    booker_structure_id  INTEGER CONSTRAINT bookings_booker_structure_fk REFERENCES structures (id) ON DELETE SET NULL,
    starts_at            TEXT NOT NULL CONSTRAINT bookings_starts_format CHECK (starts_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:00Z'),
    ends_at              TEXT NOT NULL CONSTRAINT bookings_ends_format CHECK (ends_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:00Z'),
    blocked_until        TEXT NOT NULL CONSTRAINT bookings_blocked_format CHECK (blocked_until GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:00Z'),
    status               TEXT NOT NULL DEFAULT 'requested'
                         CONSTRAINT bookings_status_check CHECK (status IN ('requested', 'confirmed', 'declined', 'cancelled', 'lapsed')),
    note                 TEXT CONSTRAINT bookings_note_check CHECK (length(note) <= 1000),
    reason               TEXT CONSTRAINT bookings_reason_check CHECK (length(reason) <= 500),
    hold_until           TEXT,
    created_at           TEXT NOT NULL,
    decided_at           TEXT,
    cancelled_at         TEXT,
    cancelled_by_owner   INTEGER CONSTRAINT bookings_cancelled_by_owner_bool CHECK (cancelled_by_owner IN (0, 1)),
    reminded_at          TEXT,
    -- The borrower was told that the request lapsed (whoever turned it `lapsed`).
    lapse_mailed_at      TEXT,
    CONSTRAINT bookings_period_check CHECK (starts_at < ends_at AND ends_at <= blocked_until),
    CONSTRAINT bookings_hold_check CHECK (status <> 'requested' OR hold_until IS NOT NULL)
);
INSERT INTO bookings_rebuilt (id, resource_id, booker_id, booker_structure_id, starts_at, ends_at, blocked_until,
                              status, note, hold_until, created_at)
    SELECT id, resource_id, booker_id, booker_structure_id,
           strftime('%Y-%m-%dT%H:%M:00Z', starts_at), strftime('%Y-%m-%dT%H:%M:00Z', ends_at),
           strftime('%Y-%m-%dT%H:%M:00Z', ends_at), status, note,
           CASE WHEN status = 'requested' THEN strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+72 hours') END, created_at
    FROM bookings
    WHERE strftime('%Y-%m-%dT%H:%M:00Z', starts_at) < strftime('%Y-%m-%dT%H:%M:00Z', ends_at);
DROP TABLE bookings;
ALTER TABLE bookings_rebuilt RENAME TO bookings;
UPDATE bookings SET status = 'cancelled', reason = 'Créneau déjà pris (vérification à la mise à jour).'
WHERE status IN ('requested', 'confirmed') AND EXISTS (
    SELECT 1 FROM bookings o WHERE o.resource_id = bookings.resource_id AND o.id < bookings.id
      AND o.status IN ('requested', 'confirmed')
      AND o.starts_at < bookings.blocked_until AND bookings.starts_at < o.blocked_until);
CREATE INDEX bookings_resource_idx ON bookings (resource_id, starts_at);
-- The overlap check reads a resource's bookings that end after the new start.
CREATE INDEX bookings_resource_until_idx ON bookings (resource_id, blocked_until);
CREATE INDEX bookings_booker_idx ON bookings (booker_id);
CREATE INDEX bookings_booker_structure_idx ON bookings (booker_structure_id, starts_at);
CREATE INDEX bookings_waiting_idx ON bookings (hold_until) WHERE status = 'requested';
CREATE INDEX bookings_reminder_idx ON bookings (starts_at) WHERE status = 'confirmed' AND reminded_at IS NULL;
CREATE INDEX bookings_lapsed_idx ON bookings (id) WHERE status = 'lapsed' AND lapse_mailed_at IS NULL;

-- No double booking: two holders of one resource never overlap (back to back is fine).
-- The twin of PostgreSQL's exclusion constraint `bookings_no_overlap`; the message is the
-- constraint's name, which the application maps to its French 409.
CREATE TRIGGER bookings_no_overlap_insert BEFORE INSERT ON bookings
WHEN NEW.status IN ('requested', 'confirmed')
BEGIN
    SELECT RAISE(ABORT, 'bookings_no_overlap') WHERE EXISTS (
        SELECT 1 FROM bookings b
        WHERE b.resource_id = NEW.resource_id AND b.blocked_until > NEW.starts_at
          AND b.starts_at < NEW.blocked_until AND b.status IN ('requested', 'confirmed'));
END;
CREATE TRIGGER bookings_no_overlap_update BEFORE UPDATE OF resource_id, starts_at, blocked_until, status ON bookings
WHEN NEW.status IN ('requested', 'confirmed')
BEGIN
    SELECT RAISE(ABORT, 'bookings_no_overlap') WHERE EXISTS (
        SELECT 1 FROM bookings b
        WHERE b.resource_id = NEW.resource_id AND b.id <> NEW.id AND b.blocked_until > NEW.starts_at
          AND b.starts_at < NEW.blocked_until AND b.status IN ('requested', 'confirmed'));
END;
