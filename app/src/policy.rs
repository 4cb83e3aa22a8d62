//! The one authorization policy. Every server function has an entry here, and the
//! server consults it before running any of them (see `server::authz`): a function
//! without an entry is refused, and a test fails. Finer, per-object rules (member of
//! *this* structure, coordinator of *this* territory) are functions of this module too,
//! called by the services that need them.
//!
//! May import: `db`, `model`, `error`. The services and `server::authz` call it.

use serde::{Deserialize, Serialize};

/// The highest role a user holds (memberships, territory appointments, admin flag).
#[cfg(feature = "ssr")]
pub async fn role_of(pool: &crate::db::Pool, user: &crate::model::SessionUser) -> crate::error::AppResult<Role> {
    if user.is_instance_admin {
        return Ok(Role::InstanceAdmin);
    }
    let (coordinates, admin_of, member_of) = crate::db::users::role_counts(pool, user.id).await?;
    Ok(if coordinates > 0 {
        Role::Coordinator
    } else if admin_of > 0 {
        Role::StructureAdmin
    } else if member_of > 0 {
        Role::StructureMember
    } else {
        Role::Citizen
    })
}

/// Who is asking, from the least to the most powerful. A user has the highest role
/// their memberships and appointments give them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    Visitor,
    Citizen,
    StructureMember,
    StructureAdmin,
    Coordinator,
    InstanceAdmin,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::Visitor, Role::Citizen, Role::StructureMember, Role::StructureAdmin, Role::Coordinator, Role::InstanceAdmin];
}

/// What an endpoint requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in account.
    SignedIn,
    /// Accounts holding at least this role somewhere (the service then checks the
    /// object: admin of *this* structure, coordinator of *this* territory).
    AtLeast(Role),
    /// Instance admins; on a development instance (`COIN_DEV_MODE`) anyone.
    AdminOrDevInstance,
    /// Instance admins only.
    InstanceAdmin,
}

impl Rule {
    pub fn allows(self, role: Role, dev_instance: bool) -> bool {
        match self {
            Rule::Public => true,
            Rule::SignedIn => role >= Role::Citizen,
            Rule::AtLeast(min) => role >= min,
            Rule::AdminOrDevInstance => dev_instance || role == Role::InstanceAdmin,
            Rule::InstanceAdmin => role == Role::InstanceAdmin,
        }
    }
}

/// Every server function (its endpoint under `/api/`) and what it requires.
pub const SERVER_FUNCTIONS: &[(&str, Rule)] = &[
    ("site_info", Rule::Public),
    ("home", Rule::Public),
    ("map_settings", Rule::Public),
    ("communes", Rule::Public),
    ("sign_up", Rule::Public),
    ("verify_email", Rule::Public),
    ("log_in", Rule::Public),
    ("log_out", Rule::Public),
    ("request_password_reset", Rule::Public),
    ("reset_password", Rule::Public),
    ("current_user", Rule::Public),
    ("my_sessions", Rule::SignedIn),
    ("revoke_session", Rule::SignedIn),
    ("dev_outbox", Rule::AdminOrDevInstance),
    ("dev_send_mails", Rule::AdminOrDevInstance),
    ("change_password", Rule::SignedIn),
    ("request_email_change", Rule::SignedIn),
    ("confirm_email_change", Rule::Public),
    ("export_my_data", Rule::SignedIn),
    ("delete_account", Rule::SignedIn),
    ("mail_settings", Rule::SignedIn),
    ("save_mail_settings", Rule::SignedIn),
    ("unsubscribe_link", Rule::Public),
    ("my_alerts", Rule::SignedIn),
    ("describe_filter", Rule::Public),
    ("create_alert", Rule::SignedIn),
    ("subscribe_alert", Rule::Public),
    ("confirm_alert", Rule::Public),
    ("change_alert", Rule::SignedIn),
    ("delete_alert", Rule::SignedIn),
    ("my_structures", Rule::SignedIn),
    ("find_structures", Rule::SignedIn),
    ("declare_structure", Rule::SignedIn),
    ("request_membership", Rule::SignedIn),
    ("answer_membership", Rule::SignedIn),
    ("structure_members", Rule::AtLeast(Role::StructureAdmin)),
    ("structure_profile_form", Rule::AtLeast(Role::StructureMember)),
    ("update_structure", Rule::AtLeast(Role::StructureMember)),
    ("invite_member", Rule::AtLeast(Role::StructureAdmin)),
    ("manage_member", Rule::AtLeast(Role::StructureAdmin)),
    ("validation_queue", Rule::AtLeast(Role::Coordinator)),
    ("decide_structure", Rule::AtLeast(Role::Coordinator)),
    ("audit_log", Rule::InstanceAdmin),
    ("dashboard", Rule::AtLeast(Role::Coordinator)),
    ("coordination_posts", Rule::AtLeast(Role::Coordinator)),
    ("connection_candidates", Rule::AtLeast(Role::Coordinator)),
    ("connect_posts", Rule::AtLeast(Role::Coordinator)),
    ("moderation_queue", Rule::AtLeast(Role::Coordinator)),
    ("moderate_post", Rule::AtLeast(Role::Coordinator)),
    ("dismiss_reports", Rule::AtLeast(Role::Coordinator)),
    ("archive_structure", Rule::AtLeast(Role::Coordinator)),
    ("merge_structure", Rule::AtLeast(Role::Coordinator)),
    ("ban_user", Rule::InstanceAdmin),
    ("preview_import", Rule::AtLeast(Role::Coordinator)),
    ("start_import", Rule::AtLeast(Role::Coordinator)),
    ("import_status", Rule::AtLeast(Role::Coordinator)),
    ("coordination_scope", Rule::AtLeast(Role::Coordinator)),
    ("freshness_link", Rule::Public),
    ("answer_freshness", Rule::Public),
    ("instance_settings", Rule::InstanceAdmin),
    ("edit_label", Rule::InstanceAdmin),
    ("save_instance_text", Rule::InstanceAdmin),
    ("save_map_view", Rule::InstanceAdmin),
    ("instance_text", Rule::Public),
    ("territories", Rule::AtLeast(Role::Coordinator)),
    ("save_territory", Rule::AtLeast(Role::Coordinator)),
    // A territory's communes widen what its coordinators moderate and export: admins only.
    ("territory_communes", Rule::InstanceAdmin),
    ("territory_member", Rule::AtLeast(Role::Coordinator)),
    ("territory_coordinator", Rule::InstanceAdmin),
    ("answer_network_invitation", Rule::AtLeast(Role::StructureAdmin)),
    ("territory_review", Rule::InstanceAdmin),
    ("directory", Rule::Public),
    ("structure_profile", Rule::Public),
    ("post_page", Rule::Public),
    ("publish_context", Rule::SignedIn),
    ("save_post", Rule::SignedIn),
    ("similar_posts", Rule::SignedIn),
    ("search_addresses", Rule::SignedIn),
    ("set_post_status", Rule::SignedIn),
    ("reply_to_post", Rule::SignedIn),
    ("decide_reply", Rule::SignedIn),
    ("send_message", Rule::SignedIn),
    ("volunteer", Rule::SignedIn),
    ("report", Rule::SignedIn),
    ("my_exchanges", Rule::SignedIn),
    ("read_notifications", Rule::SignedIn),
    ("unread_notifications", Rule::Public),
    ("volunteering", Rule::Public),
    ("match_counts", Rule::Public),
    ("share_list", Rule::Public),
    ("resource_list", Rule::Public),
    ("resource_page", Rule::Public),
    // Any signed-in account may open the form; saving checks membership of the owner.
    ("resource_editor", Rule::SignedIn),
    ("save_resource", Rule::AtLeast(Role::StructureMember)),
    // Individuals may ask where an owner allows it; the service checks the rest.
    ("request_booking", Rule::SignedIn),
    ("decide_booking", Rule::AtLeast(Role::StructureMember)),
    ("cancel_booking", Rule::SignedIn),
    ("my_bookings", Rule::SignedIn),
    // The owner's links in the request's mail: the signed token is the credential.
    ("booking_answer_link", Rule::Public),
    ("answer_booking", Rule::Public),
    ("revoke_booking_feed", Rule::AtLeast(Role::StructureMember)),
];

/// Per-object rule: manages the structure's members and profile — its active
/// responsables, and instance admins.
#[cfg(feature = "ssr")]
pub async fn require_structure_admin(
    pool: &crate::db::Pool,
    user: &crate::model::SessionUser,
    structure_id: i64,
) -> crate::error::AppResult<()> {
    use crate::model::{MemberRole, MembershipStatus};
    if user.is_instance_admin {
        return Ok(());
    }
    match crate::db::structures::membership(pool, user.id, structure_id).await? {
        Some((MemberRole::Admin, MembershipStatus::Active)) => Ok(()),
        _ => Err(crate::error::AppError::forbidden()),
    }
}

/// Per-object rule: may validate or reject a declared structure — coordinators of a
/// territory containing its commune, and instance admins (who also handle structures
/// no territory covers).
#[cfg(feature = "ssr")]
pub async fn require_structure_validator(
    pool: &crate::db::Pool,
    user: &crate::model::SessionUser,
    structure_id: i64,
) -> crate::error::AppResult<()> {
    if user.is_instance_admin || crate::db::structures::coordinates_structure(pool, user.id, structure_id).await? {
        Ok(())
    } else {
        Err(crate::error::AppError::forbidden())
    }
}

/// Plain axum routes (the open-data REST API `/api/v1/…`, the coordinators' downloads)
/// and what they require: the same policy, consulted by the same middleware.
pub const API_ROUTES: &[(&str, Rule)] = &[
    ("/api/v1/structures", Rule::Public),
    ("/api/v1/posts", Rule::Public),
    ("/coordination/export/annonces.csv", Rule::AtLeast(Role::Coordinator)),
    ("/coordination/export/annonces.geojson", Rule::AtLeast(Role::Coordinator)),
    ("/coordination/export/structures.csv", Rule::AtLeast(Role::Coordinator)),
    ("/coordination/export/structures.geojson", Rule::AtLeast(Role::Coordinator)),
    ("/coordination/export/structures.data-inclusion.json", Rule::AtLeast(Role::Coordinator)),
];

pub fn rule_for_api(path: &str) -> Option<Rule> {
    API_ROUTES.iter().find(|(p, _)| *p == path).map(|(_, r)| *r)
}

pub fn rule_for(endpoint: &str) -> Option<Rule> {
    SERVER_FUNCTIONS.iter().find(|(e, _)| *e == endpoint).map(|(_, r)| *r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_and_rules_behave() {
        assert!(Rule::SignedIn.allows(Role::Citizen, false));
        assert!(!Rule::SignedIn.allows(Role::Visitor, false));
        assert!(!Rule::AdminOrDevInstance.allows(Role::Coordinator, false));
        assert!(Rule::AdminOrDevInstance.allows(Role::Visitor, true));
        assert!(Rule::InstanceAdmin.allows(Role::InstanceAdmin, false));
        assert!(!Rule::InstanceAdmin.allows(Role::Coordinator, true));
        assert!(Rule::AtLeast(Role::StructureAdmin).allows(Role::Coordinator, false));
        assert!(!Rule::AtLeast(Role::StructureAdmin).allows(Role::StructureMember, false));
        let mut names: Vec<_> = SERVER_FUNCTIONS.iter().map(|(e, _)| *e).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), SERVER_FUNCTIONS.len(), "one entry per endpoint");
    }
}
