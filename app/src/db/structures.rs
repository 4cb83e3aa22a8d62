//! Structures as accounts see them: declaring one, memberships, invitations, the
//! validation queue. The directory's public queries come with the "Annuaire".

use super::{Pool, Tx};
use crate::error::AppResult;
use crate::model::{MemberRole, MembershipStatus, Member, MyStructure, PendingStructure, StructureHit, StructureKind, ValidationStatus, fold};

/// `base`, or `base-2`, `base-3`… whichever is free.
pub async fn free_slug(tx: &mut Tx<'_>, base: &str) -> AppResult<String> {
    let taken: Vec<String> = sqlx::query_scalar("SELECT slug FROM structures WHERE slug = $1 OR slug LIKE $2")
        .bind(base)
        .bind(format!("{base}-%"))
        .fetch_all(&mut **tx)
        .await?;
    if !taken.iter().any(|s| s == base) {
        return Ok(base.to_string());
    }
    Ok((2..).map(|n| format!("{base}-{n}")).find(|s| !taken.contains(s)).expect("an unused suffix exists"))
}

pub async fn pending_count_by(pool: &Pool, user_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM structures WHERE created_by = $1 AND validation_status = 'pending'")
        .bind(user_id)
        .fetch_one(pool)
        .await?)
}

pub async fn my_structures(pool: &Pool, user_id: i64) -> AppResult<Vec<MyStructure>> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.slug, s.name, m.role, m.status, s.validation_status AS validation
         FROM memberships m JOIN structures s ON s.id = m.structure_id
         WHERE m.user_id = $1 ORDER BY s.name_folded",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?)
}

/// Validated structures whose name has a word starting with `query` (accents ignored).
pub async fn search_validated(pool: &Pool, query: &str, limit: i64) -> AppResult<Vec<StructureHit>> {
    let q = fold(query);
    if q.is_empty() {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_as(
        "SELECT s.id, s.slug, s.name, c.name AS commune
         FROM structures s LEFT JOIN communes c ON c.insee = s.insee
         WHERE s.validation_status = 'validated' AND (s.name_folded LIKE $1 OR s.name_folded LIKE $2)
         ORDER BY s.name_folded LIMIT $3",
    )
    .bind(format!("{q}%"))
    .bind(format!("% {q}%"))
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// (role, status) of a user's membership of a structure.
pub async fn membership(pool: &Pool, user_id: i64, structure_id: i64) -> AppResult<Option<(MemberRole, MembershipStatus)>> {
    Ok(sqlx::query_as("SELECT role, status FROM memberships WHERE user_id = $1 AND structure_id = $2")
        .bind(user_id)
        .bind(structure_id)
        .fetch_optional(pool)
        .await?)
}

pub async fn insert_membership(
    tx: &mut Tx<'_>,
    user_id: i64,
    structure_id: i64,
    role: MemberRole,
    status: MembershipStatus,
) -> AppResult<bool> {
    let n = sqlx::query(
        "INSERT INTO memberships (user_id, structure_id, role, status, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, structure_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(structure_id)
    .bind(role)
    .bind(status)
    .bind(super::now())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Moves a membership from `from` to active. `false` if it was not in that state.
pub async fn activate(pool: &Pool, user_id: i64, structure_id: i64, from: MembershipStatus) -> AppResult<bool> {
    let n = sqlx::query("UPDATE memberships SET status = 'active' WHERE user_id = $1 AND structure_id = $2 AND status = $3")
        .bind(user_id)
        .bind(structure_id)
        .bind(from)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(n == 1)
}

pub async fn set_role(tx: &mut Tx<'_>, user_id: i64, structure_id: i64, role: MemberRole) -> AppResult<bool> {
    let n = sqlx::query("UPDATE memberships SET role = $1 WHERE user_id = $2 AND structure_id = $3 AND status = 'active'")
        .bind(role)
        .bind(user_id)
        .bind(structure_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok(n == 1)
}

/// Deletes a membership; returns what it was (`None` if there was none).
pub async fn delete_membership(tx: &mut Tx<'_>, user_id: i64, structure_id: i64) -> AppResult<Option<(MemberRole, MembershipStatus)>> {
    Ok(sqlx::query_as("DELETE FROM memberships WHERE user_id = $1 AND structure_id = $2 RETURNING role, status")
        .bind(user_id)
        .bind(structure_id)
        .fetch_optional(&mut **tx)
        .await?)
}

/// The structures whose last active responsable is `user_id` (names), read after locking
/// each of them: deleting that account would leave them without one.
pub async fn structures_left_without_admin(tx: &mut Tx<'_>, user_id: i64) -> AppResult<Vec<String>> {
    let mine: Vec<i64> = sqlx::query_scalar(
        "SELECT structure_id FROM memberships WHERE user_id = $1 AND role = 'admin' AND status = 'active' ORDER BY structure_id",
    )
    .bind(user_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut names = Vec::new();
    for id in mine {
        super::backend::lock_structure(tx, id).await?;
        let (others, name): (i64, String) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM memberships m WHERE m.structure_id = s.id AND m.role = 'admin'
                     AND m.status = 'active' AND m.user_id <> $1), s.name
             FROM structures s WHERE s.id = $2",
        )
        .bind(user_id)
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
        if others == 0 {
            names.push(name);
        }
    }
    Ok(names)
}

/// Active admins of a structure, counted inside the transaction that may remove one.
pub async fn admin_count(tx: &mut Tx<'_>, structure_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE structure_id = $1 AND role = 'admin' AND status = 'active'",
    )
    .bind(structure_id)
    .fetch_one(&mut **tx)
    .await?)
}

/// (id, display name, e-mail) of a structure's active admins, to notify them.
pub async fn admins(pool: &Pool, structure_id: i64) -> AppResult<Vec<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.display_name, u.email FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.structure_id = $1 AND m.role = 'admin' AND m.status = 'active' AND u.status = 'active'",
    )
    .bind(structure_id)
    .fetch_all(pool)
    .await?)
}

/// Members and applicants. Invitations are not members: [`pending_invitations`] lists
/// them by address, so an invitation never shows the name of the account behind it.
pub async fn members(pool: &Pool, structure_id: i64) -> AppResult<Vec<Member>> {
    Ok(sqlx::query_as(
        "SELECT u.id AS user_id, u.display_name, u.email, m.role, m.status
         FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.structure_id = $1 AND m.status <> 'invited' ORDER BY m.status, u.display_name",
    )
    .bind(structure_id)
    .fetch_all(pool)
    .await?)
}

/// (name, validation status) of a structure.
pub async fn name_and_status(pool: &Pool, structure_id: i64) -> AppResult<Option<(String, String)>> {
    Ok(sqlx::query_as("SELECT name, validation_status FROM structures WHERE id = $1")
        .bind(structure_id)
        .fetch_optional(pool)
        .await?)
}

/// The addresses invited and not yet answered: to an address without an account
/// (`structure_invitations`) or to an account (an `invited` membership; its address is
/// the one typed, both being normalised the same way).
pub async fn pending_invitations(pool: &Pool, structure_id: i64) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT email FROM structure_invitations WHERE structure_id = $1
         UNION
         SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.structure_id = $1 AND m.status = 'invited'
         ORDER BY 1",
    )
    .bind(structure_id)
    .fetch_all(pool)
    .await?)
}

pub async fn insert_invitation(tx: &mut Tx<'_>, structure_id: i64, email: &str, invited_by: i64) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO structure_invitations (structure_id, email, invited_by, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (structure_id, email) DO NOTHING",
    )
    .bind(structure_id)
    .bind(email)
    .bind(invited_by)
    .bind(super::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Withdraws an invitation, whether it waits for a sign-up or on an account.
pub async fn delete_invitation(pool: &Pool, structure_id: i64, email: &str) -> AppResult<bool> {
    let mut tx = super::begin_write(pool).await?;
    let n = sqlx::query("DELETE FROM structure_invitations WHERE structure_id = $1 AND email = $2")
        .bind(structure_id)
        .bind(email)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let m = sqlx::query(
        "DELETE FROM memberships WHERE structure_id = $1 AND status = 'invited'
         AND user_id IN (SELECT id FROM users WHERE email = $2)",
    )
    .bind(structure_id)
    .bind(email)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(n + m > 0)
}

/// Turns the invitations waiting for an address into memberships of its (now confirmed) account.
pub async fn claim_invitations(tx: &mut Tx<'_>, user_id: i64, email: &str) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO memberships (user_id, structure_id, role, status, created_at)
         SELECT $1, structure_id, 'member', 'invited', created_at FROM structure_invitations WHERE email = $2
         ON CONFLICT (user_id, structure_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(email)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM structure_invitations WHERE email = $1").bind(email).execute(&mut **tx).await?;
    Ok(())
}

/// Structures waiting for validation that a user may decide on: all of them for an
/// instance admin; for a coordinator, those whose commune lies in one of their territories.
pub async fn validation_queue(pool: &Pool, user_id: i64, instance_admin: bool) -> AppResult<Vec<PendingStructure>> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.name, s.kind, s.description, c.name AS commune, s.departement, s.rna, s.siret, s.website,
                u.display_name AS created_by_name, s.created_at
         FROM structures s
         LEFT JOIN communes c ON c.insee = s.insee
         LEFT JOIN users u ON u.id = s.created_by
         WHERE s.validation_status = 'pending'
           AND ($2 OR EXISTS (SELECT 1 FROM territory_communes tc
                              JOIN territory_coordinators co ON co.territory_id = tc.territory_id
                              WHERE tc.insee = s.insee AND co.user_id = $1))
         ORDER BY s.created_at",
    )
    .bind(user_id)
    .bind(instance_admin)
    .fetch_all(pool)
    .await?)
}

/// Whether a user coordinates a territory containing the structure's commune.
pub async fn coordinates_structure(pool: &Pool, user_id: i64, structure_id: i64) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM structures s
         JOIN territory_communes tc ON tc.insee = s.insee
         JOIN territory_coordinators co ON co.territory_id = tc.territory_id
         WHERE s.id = $1 AND co.user_id = $2",
    )
    .bind(structure_id)
    .bind(user_id)
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// Validates or rejects a pending structure. `false` if it was not pending any more
/// (someone else decided first).
pub async fn decide(tx: &mut Tx<'_>, structure_id: i64, validated: bool, by: i64) -> AppResult<bool> {
    let now = super::now();
    let n = sqlx::query(
        "UPDATE structures SET validation_status = $1, validated_by = $2, validated_at = $3, updated_at = $3
         WHERE id = $4 AND validation_status = 'pending'",
    )
    .bind(if validated { "validated" } else { "rejected" })
    .bind(by)
    .bind(now)
    .bind(structure_id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// The declarant of a structure: (display name, e-mail) if the account still exists.
pub async fn declarant(pool: &Pool, structure_id: i64) -> AppResult<Option<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT u.display_name, u.email FROM structures s JOIN users u ON u.id = s.created_by
         WHERE s.id = $1 AND u.status = 'active'",
    )
    .bind(structure_id)
    .fetch_optional(pool)
    .await?)
}

/// E-mail addresses of a structure's active responsables.
pub async fn admin_emails(pool: &Pool, structure_id: i64) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.structure_id = $1 AND m.role = 'admin' AND m.status = 'active' AND u.status = 'active' ORDER BY u.id",
    )
    .bind(structure_id)
    .fetch_all(pool)
    .await?)
}

/// A structure's profile as its edit form shows it, with its slug.
pub async fn as_form(pool: &Pool, structure_id: i64) -> AppResult<Option<(String, crate::model::StructureForm)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        slug: String,
        name: String,
        kind: crate::model::StructureKind,
        description: String,
        address: Option<String>,
        commune: Option<String>,
        postcode: Option<String>,
        email: Option<String>,
        phone: Option<String>,
        website: Option<String>,
        rna: Option<String>,
        siret: Option<String>,
        email_public: bool,
        phone_public: bool,
        website_public: bool,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT s.slug, s.name, s.kind, s.description, s.address, c.name AS commune, s.postcode, s.email, s.phone, s.website,
                s.rna, s.siret, s.email_public, s.phone_public, s.website_public
         FROM structures s LEFT JOIN communes c ON c.insee = s.insee WHERE s.id = $1",
    )
    .bind(structure_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| {
        let commune = match (r.commune, r.postcode) {
            (Some(c), Some(p)) => format!("{c} ({p})"),
            (Some(c), None) => c,
            _ => String::new(),
        };
        (
            r.slug,
            crate::model::StructureForm {
                name: r.name,
                kind: r.kind.as_str().into(),
                description: r.description,
                commune,
                address: r.address.unwrap_or_default(),
                email: r.email.unwrap_or_default(),
                phone: r.phone.unwrap_or_default(),
                website: r.website.unwrap_or_default(),
                rna: r.rna.unwrap_or_default(),
                siret: r.siret.unwrap_or_default(),
                hide_email: !r.email_public,
                hide_phone: !r.phone_public,
                hide_website: !r.website_public,
            },
        )
    }))
}

/// Which contacts a structure makes public (written apart from `insert_structure`,
/// which every path creating a structure shares; a new structure's are all public).
pub async fn set_contact_visibility(tx: &mut Tx<'_>, structure_id: i64, public: crate::model::ContactVisibility) -> AppResult<()> {
    sqlx::query("UPDATE structures SET email_public = $1, phone_public = $2, website_public = $3 WHERE id = $4")
        .bind(public.email)
        .bind(public.phone)
        .bind(public.website)
        .bind(structure_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Live structures (pending or validated) sharing an RNA or SIRET number, compared as
/// migration 0016 stores them (RNA upper case, no spaces; SIRET without spaces), as
/// French lines for an operator: « SIRET 73282932000074 : « A » (n° 3, validée), « B » (n° 9, en attente) ».
/// Read before that migration, whose unique indexes would otherwise fail.
pub async fn live_identifier_duplicates(pool: &Pool) -> AppResult<Vec<String>> {
    let mut lines = Vec::new();
    for (label, normalised) in [("RNA", "UPPER(REPLACE(rna, ' ', ''))"), ("SIRET", "REPLACE(siret, ' ', '')")] {
        let column = label.to_lowercase();
        let rows: Vec<(String, i64, String, String)> = sqlx::query_as(&format!(
            "SELECT {normalised} AS number, id, name, validation_status FROM structures
             WHERE validation_status IN ('pending', 'validated') AND TRIM(COALESCE({column}, '')) <> ''
               AND {normalised} IN (SELECT {normalised} FROM structures
                                    WHERE validation_status IN ('pending', 'validated') AND TRIM(COALESCE({column}, '')) <> ''
                                    GROUP BY {normalised} HAVING COUNT(*) > 1)
             ORDER BY number, id"
        ))
        .fetch_all(pool)
        .await?;
        let mut current: Option<String> = None;
        for (number, id, name, status) in rows {
            let status = if status == "validated" { "validée" } else { "en attente" };
            let entry = format!("« {name} » (n° {id}, {status})");
            if current.as_deref() == Some(number.as_str()) {
                if let Some(last) = lines.last_mut() {
                    *last = format!("{last}, {entry}");
                }
            } else {
                lines.push(format!("{label} {number} : {entry}"));
                current = Some(number);
            }
        }
    }
    Ok(lines)
}

/// Saves a checked profile; returns the slug (unchanged: shared links keep working).
pub async fn update_profile(
    tx: &mut Tx<'_>,
    structure_id: i64,
    s: &crate::model::CheckedStructure,
    commune: &crate::model::CommuneHit,
) -> AppResult<Option<String>> {
    Ok(sqlx::query_scalar(
        "UPDATE structures SET name = $1, name_folded = $2, kind = $3, description = $4, address = $5, insee = $6,
                postcode = $7, departement = $8, lat = $9, lon = $10, email = $11, phone = $12, website = $13, rna = $14,
                siret = $15, search_folded = $16, updated_at = $17,
                stale = FALSE, freshness_asked_at = NULL, freshness_token_hash = NULL,
                email_public = $19, phone_public = $20, website_public = $21
         WHERE id = $18 RETURNING slug",
    )
    .bind(&s.name)
    .bind(crate::model::fold(&s.name))
    .bind(s.kind)
    .bind(&s.description)
    .bind(&s.address)
    .bind(&commune.insee)
    .bind(&commune.postcode)
    .bind(&commune.departement)
    .bind(commune.lat)
    .bind(commune.lon)
    .bind(&s.email)
    .bind(&s.phone)
    .bind(&s.website)
    .bind(&s.rna)
    .bind(&s.siret)
    .bind(super::directory::search_text(&s.name, &s.description))
    .bind(super::now())
    .bind(structure_id)
    .bind(s.public.email)
    .bind(s.public.phone)
    .bind(s.public.website)
    .fetch_optional(&mut **tx)
    .await?)
}

/// The audience `viewer` (a user id; `None` for a visitor) belongs to for a structure's
/// contacts: insiders ([`is_insider`]) or anyone.
pub async fn contact_audience(pool: &Pool, viewer: Option<i64>, structure_id: i64) -> AppResult<crate::model::ContactAudience> {
    Ok(match viewer {
        Some(user_id) if is_insider(pool, user_id, structure_id).await? => crate::model::ContactAudience::Insiders,
        _ => crate::model::ContactAudience::Anyone,
    })
}

/// Whether `user_id` is an insider of `structure_id` for its contacts: an instance admin,
/// an active member, or a coordinator of a territory it belongs to (by its commune, or
/// as a member structure — the scope of the coordinators' pages and exports).
pub async fn is_insider(pool: &Pool, user_id: i64, structure_id: i64) -> AppResult<bool> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND is_instance_admin = TRUE)
             OR EXISTS (SELECT 1 FROM memberships WHERE user_id = $1 AND structure_id = $2 AND status = 'active')
             OR EXISTS (SELECT 1 FROM territory_coordinators co
                        WHERE co.user_id = $1 AND (
                          co.territory_id IN (SELECT ts.territory_id FROM territory_structures ts WHERE ts.structure_id = $2)
                          OR co.territory_id IN (SELECT tc.territory_id FROM territory_communes tc
                                                 JOIN structures s ON s.insee = tc.insee WHERE s.id = $2)))",
    )
    .bind(user_id)
    .bind(structure_id)
    .fetch_one(pool)
    .await?)
}

/// These structures' contacts with their visibility (the `*_public` columns), by id.
pub async fn contacts_of(pool: &Pool, ids: &[i64]) -> AppResult<Vec<(i64, crate::model::Contacts, crate::model::ContactVisibility)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        email: Option<String>,
        phone: Option<String>,
        website: Option<String>,
        email_public: bool,
        phone_public: bool,
        website_public: bool,
    }
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = sqlx::QueryBuilder::<super::Db>::new(
        "SELECT id, email, phone, website, email_public, phone_public, website_public FROM structures WHERE id IN (",
    );
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    qb.push(")");
    let rows: Vec<Row> = qb.build_query_as().fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let contacts = crate::model::Contacts { email: r.email, phone: r.phone, website: r.website };
            let public = crate::model::ContactVisibility { email: r.email_public, phone: r.phone_public, website: r.website_public };
            (r.id, contacts, public)
        })
        .collect())
}

pub async fn count(pool: &Pool) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM structures").fetch_one(pool).await?)
}

pub async fn add_theme(tx: &mut Tx<'_>, structure_id: i64, theme_id: i64) -> AppResult<()> {
    sqlx::query("INSERT INTO structure_themes (structure_id, theme_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(structure_id)
        .bind(theme_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub struct NewStructure<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub kind: StructureKind,
    pub description: &'a str,
    pub address: Option<&'a str>,
    pub insee: Option<&'a str>,
    pub postcode: Option<&'a str>,
    pub departement: Option<&'a str>,
    pub lat_lon: Option<(f64, f64)>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub website: Option<&'a str>,
    pub rna: Option<&'a str>,
    pub siret: Option<&'a str>,
    pub validation_status: ValidationStatus,
    pub created_by: Option<i64>,
}

pub async fn insert_structure(tx: &mut Tx<'_>, s: &NewStructure<'_>) -> AppResult<i64> {
    let now = super::now();
    let validated_at = (s.validation_status == ValidationStatus::Validated).then_some(now);
    Ok(sqlx::query_scalar(
        "INSERT INTO structures (slug, name, name_folded, kind, description, address, insee, postcode, departement,
                                 lat, lon, email, phone, website, rna, siret, validation_status, created_by,
                                 validated_at, created_at, updated_at, search_folded)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21)
         RETURNING id",
    )
    .bind(s.slug)
    .bind(s.name)
    .bind(fold(s.name))
    .bind(s.kind)
    .bind(s.description)
    .bind(s.address)
    .bind(s.insee)
    .bind(s.postcode)
    .bind(s.departement)
    .bind(s.lat_lon.map(|p| p.0))
    .bind(s.lat_lon.map(|p| p.1))
    .bind(s.email)
    .bind(s.phone)
    .bind(s.website)
    .bind(s.rna)
    .bind(s.siret)
    .bind(s.validation_status)
    .bind(s.created_by)
    .bind(validated_at)
    .bind(now)
    .bind(super::directory::search_text(s.name, s.description))
    .fetch_one(&mut **tx)
    .await?)
}
