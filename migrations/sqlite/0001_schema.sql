-- Coin du partage — the whole domain model (SQLite).
-- Conventions: ids are INTEGER PRIMARY KEY (i64); timestamps are UTC, written by the
-- application as RFC 3339 text (sqlx's chrono encoding) so they compare as text;
-- dates are 'YYYY-MM-DD'; booleans are 0/1 with a CHECK; closed vocabularies are TEXT
-- with named CHECK constraints. Foreign keys are enforced (PRAGMA foreign_keys = ON on
-- every connection). The PostgreSQL twin is migrations/postgres/0001_schema.sql.

-- One row: settings a later feature may edit from the admin space.
CREATE TABLE instance_settings (
    id              INTEGER NOT NULL CONSTRAINT instance_settings_pk PRIMARY KEY
                    CONSTRAINT instance_settings_singleton CHECK (id = 1),
    instance_name   TEXT    NOT NULL DEFAULT 'Coin du partage',
    data_licence    TEXT    NOT NULL DEFAULT 'cc-by-sa-4.0'
                    CONSTRAINT instance_settings_licence_check CHECK (data_licence IN ('cc-by-sa-4.0', 'odbl-1.0', 'etalab-2.0')),
    map_center_lat  REAL    NOT NULL DEFAULT 46.6,
    map_center_lon  REAL    NOT NULL DEFAULT 2.4,
    map_zoom        INTEGER NOT NULL DEFAULT 6 CONSTRAINT instance_settings_zoom_check CHECK (map_zoom BETWEEN 0 AND 20),
    updated_at      TEXT    NOT NULL
);

-- Server secrets shared by every instance on this database (e.g. the generated secret key).
CREATE TABLE instance_secrets (
    name        TEXT NOT NULL CONSTRAINT instance_secrets_pk PRIMARY KEY,
    value       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- French communes (COG 2024) with centroids: the offline place lookup.
CREATE TABLE communes (
    insee        TEXT    NOT NULL CONSTRAINT communes_pk PRIMARY KEY,
    name         TEXT    NOT NULL,
    name_folded  TEXT    NOT NULL,   -- lower case, no accents, punctuation as spaces
    departement  TEXT    NOT NULL,
    region       TEXT    NOT NULL,
    kind         TEXT    NOT NULL CONSTRAINT communes_kind_check CHECK (kind IN ('COM', 'COMD', 'ARM')),
    lat          REAL,
    lon          REAL,
    population   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX communes_name_folded_idx ON communes (name_folded);
CREATE INDEX communes_departement_idx ON communes (departement);

CREATE TABLE commune_postcodes (
    postcode  TEXT NOT NULL,
    insee     TEXT NOT NULL CONSTRAINT commune_postcodes_insee_fk REFERENCES communes (insee) ON DELETE CASCADE,
    CONSTRAINT commune_postcodes_pk PRIMARY KEY (postcode, insee)
);
CREATE INDEX commune_postcodes_insee_idx ON commune_postcodes (insee);

CREATE TABLE users (
    id                 INTEGER NOT NULL CONSTRAINT users_pk PRIMARY KEY,
    email              TEXT    NOT NULL CONSTRAINT users_email_key UNIQUE,   -- stored lower-case
    email_verified_at  TEXT,
    password_hash      TEXT,                                                  -- argon2id PHC string; NULL = cannot log in
    display_name       TEXT    NOT NULL,
    phone              TEXT,                                                  -- private: shown only after an accepted reply
    is_instance_admin  INTEGER NOT NULL DEFAULT 0 CONSTRAINT users_admin_bool CHECK (is_instance_admin IN (0, 1)),
    status             TEXT    NOT NULL DEFAULT 'active'
                       CONSTRAINT users_status_check CHECK (status IN ('active', 'banned', 'deleted')),
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    last_login_at      TEXT
);

CREATE TABLE themes (
    id        INTEGER NOT NULL CONSTRAINT themes_pk PRIMARY KEY,
    slug      TEXT    NOT NULL CONSTRAINT themes_slug_key UNIQUE,
    name      TEXT    NOT NULL,
    position  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE categories (
    id        INTEGER NOT NULL CONSTRAINT categories_pk PRIMARY KEY,
    slug      TEXT    NOT NULL CONSTRAINT categories_slug_key UNIQUE,
    name      TEXT    NOT NULL,
    position  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE structures (
    id                 INTEGER NOT NULL CONSTRAINT structures_pk PRIMARY KEY,
    slug               TEXT    NOT NULL CONSTRAINT structures_slug_key UNIQUE,
    name               TEXT    NOT NULL,
    name_folded        TEXT    NOT NULL,
    kind               TEXT    NOT NULL CONSTRAINT structures_kind_check CHECK (kind IN
                       ('association', 'cooperative', 'tiers_lieu', 'centre_social', 'evs', 'collectif', 'collectivite', 'entreprise_ess')),
    description        TEXT    NOT NULL DEFAULT '',
    address            TEXT,
    insee              TEXT    CONSTRAINT structures_insee_fk REFERENCES communes (insee),
    postcode           TEXT,
    departement        TEXT,
    lat                REAL,
    lon                REAL,
    email              TEXT,     -- public contact of the structure (not a person's)
    phone              TEXT,
    website            TEXT,
    rna                TEXT,     -- W + 9 digits
    siret              TEXT,     -- 14 digits
    validation_status  TEXT    NOT NULL DEFAULT 'pending'
                       CONSTRAINT structures_validation_check CHECK (validation_status IN ('pending', 'validated', 'rejected', 'archived')),
    created_by         INTEGER CONSTRAINT structures_created_by_fk REFERENCES users (id) ON DELETE SET NULL,
    validated_by       INTEGER CONSTRAINT structures_validated_by_fk REFERENCES users (id) ON DELETE SET NULL,
    validated_at       TEXT,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    CONSTRAINT structures_latlon_check CHECK ((lat IS NULL) = (lon IS NULL)
        AND (lat IS NULL OR (lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180)))
);
CREATE INDEX structures_validation_idx ON structures (validation_status, name_folded);
CREATE INDEX structures_insee_idx ON structures (insee);
CREATE INDEX structures_departement_idx ON structures (departement);
CREATE INDEX structures_rna_idx ON structures (rna) WHERE rna IS NOT NULL;
CREATE INDEX structures_siret_idx ON structures (siret) WHERE siret IS NOT NULL;

CREATE TABLE structure_themes (
    structure_id  INTEGER NOT NULL CONSTRAINT structure_themes_structure_fk REFERENCES structures (id) ON DELETE CASCADE,
    theme_id      INTEGER NOT NULL CONSTRAINT structure_themes_theme_fk REFERENCES themes (id) ON DELETE CASCADE,
    CONSTRAINT structure_themes_pk PRIMARY KEY (structure_id, theme_id)
);
CREATE INDEX structure_themes_theme_idx ON structure_themes (theme_id);

-- A user acting for a structure. Structure admins invite or accept members.
CREATE TABLE memberships (
    user_id       INTEGER NOT NULL CONSTRAINT memberships_user_fk REFERENCES users (id) ON DELETE CASCADE,
    structure_id  INTEGER NOT NULL CONSTRAINT memberships_structure_fk REFERENCES structures (id) ON DELETE CASCADE,
    role          TEXT    NOT NULL DEFAULT 'member' CONSTRAINT memberships_role_check CHECK (role IN ('admin', 'member')),
    status        TEXT    NOT NULL DEFAULT 'active' CONSTRAINT memberships_status_check CHECK (status IN ('active', 'invited', 'requested')),
    created_at    TEXT    NOT NULL,
    CONSTRAINT memberships_pk PRIMARY KEY (user_id, structure_id)
);
CREATE INDEX memberships_structure_idx ON memberships (structure_id);

-- A territory or a network: one entity for both (area and/or member structures).
CREATE TABLE territories (
    id           INTEGER NOT NULL CONSTRAINT territories_pk PRIMARY KEY,
    slug         TEXT    NOT NULL CONSTRAINT territories_slug_key UNIQUE,
    name         TEXT    NOT NULL,
    description  TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL
);

CREATE TABLE territory_communes (
    territory_id  INTEGER NOT NULL CONSTRAINT territory_communes_territory_fk REFERENCES territories (id) ON DELETE CASCADE,
    insee         TEXT    NOT NULL CONSTRAINT territory_communes_insee_fk REFERENCES communes (insee),
    CONSTRAINT territory_communes_pk PRIMARY KEY (territory_id, insee)
);
CREATE INDEX territory_communes_insee_idx ON territory_communes (insee);

CREATE TABLE territory_structures (
    territory_id  INTEGER NOT NULL CONSTRAINT territory_structures_territory_fk REFERENCES territories (id) ON DELETE CASCADE,
    structure_id  INTEGER NOT NULL CONSTRAINT territory_structures_structure_fk REFERENCES structures (id) ON DELETE CASCADE,
    CONSTRAINT territory_structures_pk PRIMARY KEY (territory_id, structure_id)
);
CREATE INDEX territory_structures_structure_idx ON territory_structures (structure_id);

CREATE TABLE territory_coordinators (
    territory_id  INTEGER NOT NULL CONSTRAINT territory_coordinators_territory_fk REFERENCES territories (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL CONSTRAINT territory_coordinators_user_fk REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT territory_coordinators_pk PRIMARY KEY (territory_id, user_id)
);
CREATE INDEX territory_coordinators_user_idx ON territory_coordinators (user_id);

-- Needs and offers. A post belongs to a structure, or to an individual (structure_id NULL,
-- location precision 'commune': an individual's home is never stored or shown).
CREATE TABLE posts (
    id                   INTEGER NOT NULL CONSTRAINT posts_pk PRIMARY KEY,
    kind                 TEXT    NOT NULL CONSTRAINT posts_kind_check CHECK (kind IN ('need', 'offer')),
    category_id          INTEGER NOT NULL CONSTRAINT posts_category_fk REFERENCES categories (id),
    structure_id         INTEGER CONSTRAINT posts_structure_fk REFERENCES structures (id) ON DELETE CASCADE,
    author_id            INTEGER CONSTRAINT posts_author_fk REFERENCES users (id) ON DELETE SET NULL,
    title                TEXT    NOT NULL,
    description          TEXT    NOT NULL,
    quantity             TEXT,
    starts_on            TEXT,                    -- period (dates); both NULL = ongoing
    ends_on              TEXT,
    mission_time         TEXT,                    -- 'HH:MM:SS' start time of a volunteering mission
    volunteers_needed    INTEGER CONSTRAINT posts_volunteers_check CHECK (volunteers_needed IS NULL OR volunteers_needed > 0),
    insee                TEXT    CONSTRAINT posts_insee_fk REFERENCES communes (insee),
    lat                  REAL,
    lon                  REAL,
    location_precision   TEXT    NOT NULL DEFAULT 'commune'
                         CONSTRAINT posts_precision_check CHECK (location_precision IN ('address', 'commune')),
    urgency              TEXT    NOT NULL DEFAULT 'normal' CONSTRAINT posts_urgency_check CHECK (urgency IN ('low', 'normal', 'high')),
    status               TEXT    NOT NULL DEFAULT 'draft'
                         CONSTRAINT posts_status_check CHECK (status IN ('draft', 'published', 'in_progress', 'fulfilled', 'expired', 'archived')),
    hidden               INTEGER NOT NULL DEFAULT 0 CONSTRAINT posts_hidden_bool CHECK (hidden IN (0, 1)),
    hidden_reason        TEXT,
    expires_at           TEXT,
    expiry_reminded_at   TEXT,
    published_at         TEXT,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    CONSTRAINT posts_period_check CHECK (starts_on IS NULL OR ends_on IS NULL OR starts_on <= ends_on),
    CONSTRAINT posts_latlon_check CHECK ((lat IS NULL) = (lon IS NULL)
        AND (lat IS NULL OR (lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180))),
    CONSTRAINT posts_owner_check CHECK (structure_id IS NOT NULL OR author_id IS NOT NULL OR status = 'archived')
);
-- Lists and home page: open, visible posts by kind, newest first.
CREATE INDEX posts_public_idx ON posts (hidden, status, kind, published_at);
CREATE INDEX posts_category_idx ON posts (category_id, status);
CREATE INDEX posts_structure_idx ON posts (structure_id, status);
CREATE INDEX posts_author_idx ON posts (author_id);
CREATE INDEX posts_insee_idx ON posts (insee);
CREATE INDEX posts_expires_idx ON posts (status, expires_at);

-- « Je peux aider » / « Ça m'intéresse »: a reply to a post, with its thread.
CREATE TABLE responses (
    id                INTEGER NOT NULL CONSTRAINT responses_pk PRIMARY KEY,
    post_id           INTEGER NOT NULL CONSTRAINT responses_post_fk REFERENCES posts (id) ON DELETE CASCADE,
    responder_id      INTEGER CONSTRAINT responses_responder_fk REFERENCES users (id) ON DELETE SET NULL,
    structure_id      INTEGER CONSTRAINT responses_structure_fk REFERENCES structures (id) ON DELETE SET NULL,
    message           TEXT    NOT NULL,
    status            TEXT    NOT NULL DEFAULT 'pending'
                      CONSTRAINT responses_status_check CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
    decided_at        TEXT,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL
);
CREATE INDEX responses_post_idx ON responses (post_id, created_at);
CREATE INDEX responses_responder_idx ON responses (responder_id);

CREATE TABLE response_messages (
    id           INTEGER NOT NULL CONSTRAINT response_messages_pk PRIMARY KEY,
    response_id  INTEGER NOT NULL CONSTRAINT response_messages_response_fk REFERENCES responses (id) ON DELETE CASCADE,
    author_id    INTEGER CONSTRAINT response_messages_author_fk REFERENCES users (id) ON DELETE SET NULL,
    body         TEXT    NOT NULL,
    read_at      TEXT,
    created_at   TEXT    NOT NULL
);
CREATE INDEX response_messages_response_idx ON response_messages (response_id, created_at);

-- A citizen's sign-up to a volunteering mission (its own record, not a reply).
CREATE TABLE participations (
    id          INTEGER NOT NULL CONSTRAINT participations_pk PRIMARY KEY,
    post_id     INTEGER NOT NULL CONSTRAINT participations_post_fk REFERENCES posts (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL CONSTRAINT participations_user_fk REFERENCES users (id) ON DELETE CASCADE,
    status      TEXT    NOT NULL DEFAULT 'confirmed' CONSTRAINT participations_status_check CHECK (status IN ('confirmed', 'cancelled')),
    created_at  TEXT    NOT NULL,
    CONSTRAINT participations_post_user_key UNIQUE (post_id, user_id)
);
CREATE INDEX participations_user_idx ON participations (user_id);

CREATE TABLE reports (
    id           INTEGER NOT NULL CONSTRAINT reports_pk PRIMARY KEY,
    reporter_id  INTEGER CONSTRAINT reports_reporter_fk REFERENCES users (id) ON DELETE SET NULL,
    target_kind  TEXT    NOT NULL CONSTRAINT reports_target_check CHECK (target_kind IN ('post', 'structure', 'user')),
    target_id    INTEGER NOT NULL,
    reason       TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'open' CONSTRAINT reports_status_check CHECK (status IN ('open', 'resolved', 'dismissed')),
    resolved_by  INTEGER CONSTRAINT reports_resolved_by_fk REFERENCES users (id) ON DELETE SET NULL,
    resolved_at  TEXT,
    created_at   TEXT    NOT NULL
);
CREATE INDEX reports_open_idx ON reports (status, created_at);
CREATE INDEX reports_target_idx ON reports (target_kind, target_id);

-- Sensitive actions, for instance admins. No IP addresses, no message contents.
CREATE TABLE audit_log (
    id           INTEGER NOT NULL CONSTRAINT audit_log_pk PRIMARY KEY,
    actor_id     INTEGER CONSTRAINT audit_log_actor_fk REFERENCES users (id) ON DELETE SET NULL,
    action       TEXT    NOT NULL,
    target_kind  TEXT,
    target_id    INTEGER,
    details      TEXT    NOT NULL DEFAULT '{}',   -- JSON
    created_at   TEXT    NOT NULL
);
CREATE INDEX audit_log_created_idx ON audit_log (created_at);
CREATE INDEX audit_log_target_idx ON audit_log (target_kind, target_id);

-- Equipment lent between members (a van, a room, a kiln), and its calendar.
CREATE TABLE shared_resources (
    id            INTEGER NOT NULL CONSTRAINT shared_resources_pk PRIMARY KEY,
    structure_id  INTEGER NOT NULL CONSTRAINT shared_resources_structure_fk REFERENCES structures (id) ON DELETE CASCADE,
    category_id   INTEGER CONSTRAINT shared_resources_category_fk REFERENCES categories (id),
    name          TEXT    NOT NULL,
    description   TEXT    NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 1 CONSTRAINT shared_resources_active_bool CHECK (active IN (0, 1)),
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
CREATE INDEX shared_resources_structure_idx ON shared_resources (structure_id);

CREATE TABLE bookings (
    id                   INTEGER NOT NULL CONSTRAINT bookings_pk PRIMARY KEY,
    resource_id          INTEGER NOT NULL CONSTRAINT bookings_resource_fk REFERENCES shared_resources (id) ON DELETE CASCADE,
    booker_id            INTEGER CONSTRAINT bookings_booker_fk REFERENCES users (id) ON DELETE SET NULL,
    booker_structure_id  INTEGER CONSTRAINT bookings_booker_structure_fk REFERENCES structures (id) ON DELETE SET NULL,
    starts_at            TEXT    NOT NULL,
    ends_at              TEXT    NOT NULL,
    status               TEXT    NOT NULL DEFAULT 'requested'
                         CONSTRAINT bookings_status_check CHECK (status IN ('requested', 'confirmed', 'declined', 'cancelled')),
    note                 TEXT,
    created_at           TEXT    NOT NULL,
    CONSTRAINT bookings_period_check CHECK (starts_at < ends_at)
);
CREATE INDEX bookings_resource_idx ON bookings (resource_id, starts_at);
