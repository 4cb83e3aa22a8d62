//! Structures and memberships: the form to declare a structure (checked the same way in
//! the browser and on the server) and what the account pages list.

use serde::{Deserialize, Serialize};

use super::{Email, MemberRole, MembershipStatus, StructureKind, ValidationStatus, fold};
use crate::error::{AppError, FieldError};
use crate::i18n as t;

pub const STRUCTURE_NAME_MAX_CHARS: usize = 120;
pub const STRUCTURE_DESCRIPTION_MAX_CHARS: usize = 5000;
pub const ADDRESS_MAX_CHARS: usize = 200;
pub const WEBSITE_MAX_CHARS: usize = 300;
pub const PHONE_MAX_CHARS: usize = 30;

/// The "declare a structure" form, as typed. Missing fields read as empty.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StructureForm {
    pub name: String,
    pub kind: String,
    pub description: String,
    /// A commune name or postcode, or « Nom (code postal) » as the suggestions show it.
    pub commune: String,
    pub address: String,
    pub email: String,
    pub phone: String,
    pub website: String,
    pub rna: String,
    pub siret: String,
    /// Checked: the contact is kept for the structure's members and its territory's
    /// coordinators (a checkbox sends `true`; unchecked sends nothing, hence public).
    pub hide_email: bool,
    pub hide_phone: bool,
    pub hide_website: bool,
}

/// A structure's contacts (each may be absent).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contacts {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
}

/// Which of its contacts a structure makes public (`structures.*_public`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactVisibility {
    pub email: bool,
    pub phone: bool,
    pub website: bool,
}

impl Default for ContactVisibility {
    /// Everything public: what the profile page showed before the choice existed.
    fn default() -> Self {
        ContactVisibility { email: true, phone: true, website: true }
    }
}

/// Who is looking at a structure's contacts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContactAudience {
    /// Anyone: visitors, other accounts, the open data.
    Anyone,
    /// Its active members, the coordinators of its territory, instance admins
    /// (`app::db::structures::contact_audience` decides).
    Insiders,
}

impl Contacts {
    /// The one rule for a structure's contacts, applied by every path that shows them
    /// (profile page and its JSON, `/api/v1/structures`, open-data exports, the
    /// coordinators' exports): a public field is shown to anyone, the others only to
    /// insiders.
    pub fn seen_by(self, public: ContactVisibility, audience: ContactAudience) -> Contacts {
        let insider = audience == ContactAudience::Insiders;
        Contacts {
            email: self.email.filter(|_| insider || public.email),
            phone: self.phone.filter(|_| insider || public.phone),
            website: self.website.filter(|_| insider || public.website),
        }
    }
}

/// The form once checked (the commune is resolved by the server from the lookup).
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedStructure {
    pub name: String,
    pub kind: StructureKind,
    pub description: String,
    pub address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub rna: Option<String>,
    pub siret: Option<String>,
    pub public: ContactVisibility,
}

pub fn optional(raw: &str) -> Option<String> {
    let s = raw.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn too_long(s: &str, max: usize) -> bool {
    s.chars().count() > max || s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

impl StructureForm {
    /// Every field's problem at once, in the form's order. The commune is only checked
    /// for presence here; the server resolves it.
    pub fn check(&self) -> Result<CheckedStructure, AppError> {
        let mut fields: Vec<FieldError> = Vec::new();
        let mut bad = |f: &str, m: &str| fields.push(AppError::field(f, m));
        let name = self.name.trim().to_string();
        if name.chars().count() < 2 || too_long(&name, STRUCTURE_NAME_MAX_CHARS) || name.contains('\n') {
            bad("name", t::ERR_STRUCTURE_NAME);
        }
        let kind = StructureKind::parse(&self.kind);
        if kind.is_none() {
            bad("kind", t::ERR_STRUCTURE_KIND);
        }
        let description = self.description.trim().to_string();
        if too_long(&description, STRUCTURE_DESCRIPTION_MAX_CHARS) {
            bad("description", t::ERR_STRUCTURE_DESCRIPTION);
        }
        if self.commune.trim().is_empty() || self.commune.chars().count() > 100 {
            bad("commune", t::ERR_COMMUNE_REQUIRED);
        }
        let address = optional(&self.address);
        if address.as_deref().is_some_and(|a| too_long(a, ADDRESS_MAX_CHARS)) {
            bad("address", t::ERR_ADDRESS);
        }
        let email = match optional(&self.email) {
            Some(e) => match Email::parse(&e) {
                Ok(e) => Some(e.as_str().to_string()),
                Err(m) => {
                    bad("email", m);
                    None
                }
            },
            None => None,
        };
        let phone = optional(&self.phone);
        if phone.as_deref().is_some_and(|p| {
            too_long(p, PHONE_MAX_CHARS) || !p.chars().all(|c| c.is_ascii_digit() || " +.-()".contains(c))
        }) {
            bad("phone", t::ERR_PHONE);
        }
        let website = optional(&self.website);
        if website.as_deref().is_some_and(|w| !is_web_address(w)) {
            bad("website", t::ERR_WEBSITE);
        }
        let rna = optional(&self.rna).map(|r| r.to_uppercase());
        if rna.as_deref().is_some_and(|r| !is_rna(r)) {
            bad("rna", t::ERR_RNA);
        }
        let siret = optional(&self.siret).map(|s| s.chars().filter(|c| !c.is_whitespace()).collect::<String>());
        if siret.as_deref().is_some_and(|s| !is_siret(s)) {
            bad("siret", t::ERR_SIRET);
        }
        match kind {
            Some(kind) if fields.is_empty() => {
                let public = ContactVisibility { email: !self.hide_email, phone: !self.hide_phone, website: !self.hide_website };
                Ok(CheckedStructure { name, kind, description, address, email, phone, website, rna, siret, public })
            }
            _ => Err(AppError::invalid(fields)),
        }
    }
}

/// An `http(s)://` address with a host, no spaces: anything else could be a
/// `javascript:` link once rendered.
pub fn is_web_address(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    url.chars().count() <= WEBSITE_MAX_CHARS
        && rest.is_some_and(|r| {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            host.contains('.') && !r.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<')
        })
}

/// RNA number of an association: W followed by 9 characters (digits, sometimes a letter
/// in the second position for old départements such as 2A/2B).
pub fn is_rna(rna: &str) -> bool {
    rna.len() == 10 && rna.starts_with('W') && rna[1..].chars().all(|c| c.is_ascii_alphanumeric()) && rna[4..].chars().all(|c| c.is_ascii_digit())
}

/// SIRET: 14 digits passing the Luhn check (La Poste's establishments excepted, as INSEE does).
pub fn is_siret(siret: &str) -> bool {
    if siret.len() != 14 || !siret.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if siret.starts_with("356000000") {
        return siret.bytes().map(|b| u32::from(b - b'0')).sum::<u32>() % 5 == 0;
    }
    let sum: u32 = siret
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }
        })
        .sum();
    sum % 10 == 0
}

/// A readable URL part from a name: « Ressourcerie L'Étape » → `ressourcerie-l-etape`.
pub fn slugify(name: &str) -> String {
    let folded = fold(name);
    let mut slug: String = folded.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-");
    if slug.len() > 60 {
        slug.truncate(60);
        slug = slug.trim_end_matches('-').to_string();
    }
    if slug.is_empty() { "structure".to_string() } else { slug }
}

/// One of my structures (or an invitation/request), as the account page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MyStructure {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub role: MemberRole,
    pub status: MembershipStatus,
    pub validation: ValidationStatus,
}

/// A member, invitee or applicant of a structure, as its admins see them. The e-mail is
/// shown to the structure's admins only (they need it to recognise an applicant).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Member {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub role: MemberRole,
    pub status: MembershipStatus,
}

/// The members page of one structure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MembersPage {
    pub id: i64,
    pub name: String,
    pub members: Vec<Member>,
    /// Invitations not answered yet, by the address typed (with or without an account).
    pub pending_emails: Vec<String>,
    /// Territories and networks inviting the structure to join, waiting for an answer.
    pub network_invitations: Vec<NetworkInvitation>,
}

/// A coordinator's invitation for a structure to join their territory or network: the
/// structure's responsables (or an instance admin) accept or decline it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct NetworkInvitation {
    pub territory_id: i64,
    pub territory_name: String,
    pub structure_id: i64,
    pub structure_name: String,
    /// The inviting coordinator's display name (none once their account is gone).
    pub invited_by: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A structure to join: validated, found by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct StructureHit {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub commune: Option<String>,
}

/// A structure waiting for validation, as coordinators see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PendingStructure {
    pub id: i64,
    pub name: String,
    pub kind: StructureKind,
    pub description: String,
    pub commune: Option<String>,
    pub departement: Option<String>,
    pub rna: Option<String>,
    pub siret: Option<String>,
    pub website: Option<String>,
    pub created_by_name: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> StructureForm {
        StructureForm {
            name: "Garage solidaire du Val".into(),
            kind: "association".into(),
            commune: "Uzès".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_minimal_form_passes_and_every_bad_field_is_named() {
        let ok = form().check().unwrap();
        assert_eq!(ok.kind, StructureKind::Association);
        assert_eq!(ok.email, None);
        let bad = StructureForm {
            name: "X".into(),
            kind: "secte".into(),
            commune: "".into(),
            email: "pas-une-adresse".into(),
            website: "javascript:alert(1)".into(),
            rna: "W12".into(),
            siret: "12345678901234".into(),
            phone: "<script>".into(),
            ..Default::default()
        };
        let err = bad.check().unwrap_err();
        let names: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["name", "kind", "commune", "email", "phone", "website", "rna", "siret"]);
    }

    #[test]
    fn a_contact_not_public_is_seen_by_insiders_only() {
        let all = Contacts { email: Some("a@b.fr".into()), phone: Some("04 66 00 00 00".into()), website: Some("https://a.fr".into()) };
        let phone_kept = ContactVisibility { phone: false, ..ContactVisibility::default() };
        let public = all.clone().seen_by(phone_kept, ContactAudience::Anyone);
        assert_eq!(public, Contacts { phone: None, ..all.clone() });
        assert_eq!(all.clone().seen_by(phone_kept, ContactAudience::Insiders), all);
        let none_public = ContactVisibility { email: false, phone: false, website: false };
        assert_eq!(all.clone().seen_by(none_public, ContactAudience::Anyone), Contacts::default());
        // The form: unchecked boxes (absent) keep every contact public.
        assert_eq!(form().check().unwrap().public, ContactVisibility::default());
        let hidden = StructureForm { hide_phone: true, ..form() }.check().unwrap();
        assert_eq!(hidden.public, phone_kept);
    }

    #[test]
    fn identifiers_and_slugs() {
        assert!(is_siret("73282932000074"));
        assert!(!is_siret("73282932000075"));
        assert!(is_rna("W302001234"));
        assert!(!is_rna("302001234W"));
        assert!(is_web_address("https://www.cooperation-uzes.fr/page?x=1"));
        assert!(!is_web_address("http://localhost"));
        assert!(!is_web_address("https://a.fr/\"onmouseover=x"));
        assert_eq!(slugify("Ressourcerie L'Étape — Uzès"), "ressourcerie-l-etape-uzes");
        assert_eq!(slugify("!!!"), "structure");
        assert!(slugify(&"mot ".repeat(40)).len() <= 60);
    }
}
