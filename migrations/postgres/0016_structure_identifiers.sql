-- RNA and SIRET numbers name one live structure (pending or validated): a partial unique
-- index per number, the rule written once for every path that writes a structure
-- (declaration, profile edit, import, validation). The server refuses to start while
-- duplicates are present, with their list (server/src/startup.rs, docs/decisions.md): the
-- normalisation below is the one the start-up check applies, so no row can fail here.
--
-- Stored as the forms check them (app/src/model/structure.rs): RNA upper case without
-- spaces, SIRET digits without spaces, an empty value as NULL.
UPDATE structures SET rna = NULL WHERE TRIM(rna) = '';
UPDATE structures SET rna = UPPER(REPLACE(rna, ' ', '')) WHERE rna IS NOT NULL;
UPDATE structures SET siret = NULL WHERE TRIM(siret) = '';
UPDATE structures SET siret = REPLACE(siret, ' ', '') WHERE siret IS NOT NULL;

CREATE UNIQUE INDEX structures_rna_live_key ON structures (rna)
    WHERE rna IS NOT NULL AND validation_status IN ('pending', 'validated');
CREATE UNIQUE INDEX structures_siret_live_key ON structures (siret)
    WHERE siret IS NOT NULL AND validation_status IN ('pending', 'validated');
-- The unique indexes serve the look-ups the plain ones did.
DROP INDEX structures_rna_idx;
DROP INDEX structures_siret_idx;

-- Which contacts anyone may see (app::structures::contacts): each field is public or
-- kept for the structure's members and its territory's coordinators. Public by default,
-- as the profile page showed them all until now.
ALTER TABLE structures ADD COLUMN email_public BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE structures ADD COLUMN phone_public BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE structures ADD COLUMN website_public BOOLEAN NOT NULL DEFAULT TRUE;
