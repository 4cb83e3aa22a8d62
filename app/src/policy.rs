//! The one authorization policy. Every server function has an entry here, and the
//! server consults it before running any of them (see `server::authz`): a function
//! without an entry is refused, and a test fails. Finer, per-object rules (member of
//! *this* structure, coordinator of *this* territory) are functions of this module too,
//! called by the services that need them.

use serde::{Deserialize, Serialize};

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
            Rule::AdminOrDevInstance => dev_instance || role == Role::InstanceAdmin,
            Rule::InstanceAdmin => role == Role::InstanceAdmin,
        }
    }
}

/// Every server function (its endpoint under `/api/`) and what it requires.
pub const SERVER_FUNCTIONS: &[(&str, Rule)] = &[
    ("site_info", Rule::Public),
    ("home", Rule::Public),
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
];

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
        let mut names: Vec<_> = SERVER_FUNCTIONS.iter().map(|(e, _)| *e).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), SERVER_FUNCTIONS.len(), "one entry per endpoint");
    }
}
