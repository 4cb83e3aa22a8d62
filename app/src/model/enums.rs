//! Closed vocabularies of the domain, stored as TEXT in both databases.

use serde::{Deserialize, Serialize};

use crate::i18n as t;

/// Declares a text enum: serde and sqlx names (snake_case), `as_str`, `parse`, `ALL`.
macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal => $label:expr),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type))]
        #[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
            /// French label for the UI.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
    };
}

text_enum!(
    /// A post is either something a structure needs or something it can give.
    PostKind { Need = "need" => t::KIND_NEED, Offer = "offer" => t::KIND_OFFER }
);

text_enum!(
    /// Lifecycle: brouillon → publié → en cours → pourvu / expiré → archivé.
    /// Moderation hides a post independently of its status (`posts.hidden`).
    PostStatus {
        Draft = "draft" => t::STATUS_DRAFT,
        Published = "published" => t::STATUS_PUBLISHED,
        InProgress = "in_progress" => t::STATUS_IN_PROGRESS,
        Fulfilled = "fulfilled" => t::STATUS_FULFILLED,
        Expired = "expired" => t::STATUS_EXPIRED,
        Archived = "archived" => t::STATUS_ARCHIVED,
    }
);

impl PostStatus {
    /// Statuses a post can move to from this one (moderation aside).
    pub fn next(self) -> &'static [PostStatus] {
        use PostStatus::*;
        match self {
            Draft => &[Published, Archived],
            Published => &[InProgress, Fulfilled, Expired, Archived],
            InProgress => &[Published, Fulfilled, Expired, Archived],
            Fulfilled | Expired => &[Archived],
            Archived => &[],
        }
    }
    pub fn can_move_to(self, to: PostStatus) -> bool {
        self.next().contains(&to)
    }
    /// Open posts are the ones shown on the map and counted as « ouverts ».
    pub fn is_open(self) -> bool {
        matches!(self, PostStatus::Published | PostStatus::InProgress)
    }
}

text_enum!(
    ResponseStatus {
        Pending = "pending" => t::RESPONSE_PENDING,
        Accepted = "accepted" => t::RESPONSE_ACCEPTED,
        Declined = "declined" => t::RESPONSE_DECLINED,
        Withdrawn = "withdrawn" => t::RESPONSE_WITHDRAWN,
    }
);

text_enum!(
    NotificationKind {
        // The three `Response*` kinds keep their stored and serialised values (`reply`,
        // `reply_accepted`, `reply_declined`): the migrations' `notifications_kind_check`
        // holds them.
        #[serde(rename = "reply")]
        #[cfg_attr(feature = "ssr", sqlx(rename = "reply"))]
        Response = "reply" => t::NOTIF_RESPONSE,
        #[serde(rename = "reply_accepted")]
        #[cfg_attr(feature = "ssr", sqlx(rename = "reply_accepted"))]
        ResponseAccepted = "reply_accepted" => t::NOTIF_RESPONSE_ACCEPTED,
        #[serde(rename = "reply_declined")]
        #[cfg_attr(feature = "ssr", sqlx(rename = "reply_declined"))]
        ResponseDeclined = "reply_declined" => t::NOTIF_RESPONSE_DECLINED,
        Message = "message" => t::NOTIF_MESSAGE,
        ExpirySoon = "expiry_soon" => t::NOTIF_EXPIRY_SOON,
        Expired = "expired" => t::NOTIF_EXPIRED,
        Volunteer = "volunteer" => t::NOTIF_VOLUNTEER,
        Connection = "connection" => t::NOTIF_CONNECTION,
        PostHidden = "post_hidden" => t::NOTIF_POST_HIDDEN,
        PostRestored = "post_restored" => t::NOTIF_POST_RESTORED,
        NetworkInvitation = "network_invitation" => t::NOTIF_NETWORK_INVITATION,
        VolunteerWithdrawn = "volunteer_withdrawn" => t::NOTIF_VOLUNTEER_WITHDRAWN,
        MissionReminder = "mission_reminder" => t::NOTIF_MISSION_REMINDER,
        BookingRequested = "booking_requested" => t::NOTIF_BOOKING_REQUESTED,
        BookingPartner = "booking_partner" => t::NOTIF_BOOKING_PARTNER,
        BookingAccepted = "booking_accepted" => t::NOTIF_BOOKING_ACCEPTED,
        BookingDeclined = "booking_declined" => t::NOTIF_BOOKING_DECLINED,
        BookingCancelled = "booking_cancelled" => t::NOTIF_BOOKING_CANCELLED,
        BookingLapsed = "booking_lapsed" => t::NOTIF_BOOKING_LAPSED,
    }
);

text_enum!(
    /// What a user chooses how to hear about by e-mail (`/compte#courriels`): each
    /// notification kind belongs to one topic ([`NotificationKind::topic`]).
    MailTopic {
        Replies = "replies" => t::TOPIC_REPLIES,
        Messages = "messages" => t::TOPIC_MESSAGES,
        Decisions = "decisions" => t::TOPIC_DECISIONS,
        Connections = "connections" => t::TOPIC_CONNECTIONS,
        Moderation = "moderation" => t::TOPIC_MODERATION,
        Volunteers = "volunteers" => t::TOPIC_VOLUNTEERS,
        Missions = "missions" => t::TOPIC_MISSIONS,
        Expiry = "expiry" => t::TOPIC_EXPIRY,
        Invitations = "invitations" => t::TOPIC_INVITATIONS,
        Bookings = "bookings" => t::TOPIC_BOOKINGS,
    }
);

text_enum!(
    /// When the mails of a topic leave.
    MailFrequency {
        Now = "now" => t::FREQUENCY_NOW,
        Daily = "daily" => t::FREQUENCY_DAILY,
        Never = "never" => t::FREQUENCY_NEVER,
    }
);

text_enum!(
    /// When an alert's new posts are mailed.
    AlertFrequency {
        Daily = "daily" => t::ALERT_DAILY,
        Weekly = "weekly" => t::ALERT_WEEKLY,
    }
);

impl NotificationKind {
    pub fn topic(self) -> MailTopic {
        use NotificationKind as K;
        match self {
            K::Response => MailTopic::Replies,
            K::Message => MailTopic::Messages,
            K::ResponseAccepted | K::ResponseDeclined => MailTopic::Decisions,
            K::Connection => MailTopic::Connections,
            K::PostHidden | K::PostRestored => MailTopic::Moderation,
            K::Volunteer | K::VolunteerWithdrawn => MailTopic::Volunteers,
            K::MissionReminder => MailTopic::Missions,
            K::ExpirySoon | K::Expired => MailTopic::Expiry,
            K::NetworkInvitation => MailTopic::Invitations,
            K::BookingRequested | K::BookingPartner | K::BookingAccepted | K::BookingDeclined | K::BookingCancelled | K::BookingLapsed => {
                MailTopic::Bookings
            }
        }
    }
}

impl MailTopic {
    /// Without a choice of the user: what someone waits for an answer on comes at once,
    /// the rest in the daily summary.
    pub fn default_frequency(self) -> MailFrequency {
        match self {
            MailTopic::Replies | MailTopic::Messages | MailTopic::Decisions | MailTopic::Bookings => MailFrequency::Now,
            _ => MailFrequency::Daily,
        }
    }
}

text_enum!(
    Urgency { Low = "low" => t::URGENCY_LOW, Normal = "normal" => t::URGENCY_NORMAL, High = "high" => t::URGENCY_HIGH }
);

text_enum!(
    StructureKind {
        Association = "association" => t::SK_ASSOCIATION,
        Cooperative = "cooperative" => t::SK_COOPERATIVE,
        TiersLieu = "tiers_lieu" => t::SK_TIERS_LIEU,
        CentreSocial = "centre_social" => t::SK_CENTRE_SOCIAL,
        Evs = "evs" => t::SK_EVS,
        Collectif = "collectif" => t::SK_COLLECTIF,
        Collectivite = "collectivite" => t::SK_COLLECTIVITE,
        EntrepriseEss = "entreprise_ess" => t::SK_ENTREPRISE_ESS,
    }
);

text_enum!(
    /// New structures wait for a coordinator before they appear publicly.
    ValidationStatus {
        Pending = "pending" => "En attente de validation",
        Validated = "validated" => "Validée",
        Rejected = "rejected" => "Refusée",
        Archived = "archived" => "Archivée",
    }
);

text_enum!(
    /// Role of a member in a structure: responsables manage members and the profile.
    MemberRole { Admin = "admin" => t::ROLE_ADMIN, Member = "member" => t::ROLE_MEMBER }
);

text_enum!(
    /// A membership is active, offered by the structure (invited) or asked by the user (requested).
    MembershipStatus {
        Active = "active" => "active",
        Invited = "invited" => t::MEMBERSHIP_INVITED,
        Requested = "requested" => t::MEMBERSHIP_REQUESTED,
    }
);

text_enum!(
    /// How precise a post's point is: a structure's address, or only its commune
    /// (always the case for individuals, whose home is never shown).
    LocationPrecision { Address = "address" => "Adresse", Commune = "commune" => "Commune" }
);

text_enum!(
    /// Data licences an instance can publish its open data under.
    DataLicence {
        CcBySa40 = "cc-by-sa-4.0" => "CC BY-SA 4.0",
        Odbl10 = "odbl-1.0" => "ODbL 1.0",
        Etalab20 = "etalab-2.0" => "Licence Ouverte 2.0",
    }
);

impl DataLicence {
    pub fn url(self) -> &'static str {
        match self {
            DataLicence::CcBySa40 => "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
            DataLicence::Odbl10 => "https://opendatacommons.org/licenses/odbl/1-0/",
            DataLicence::Etalab20 => "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trip() {
        for s in PostStatus::ALL {
            assert_eq!(PostStatus::parse(s.as_str()), Some(*s));
            assert_eq!(serde_json::to_string(s).unwrap(), format!("\"{}\"", s.as_str()));
        }
        for k in StructureKind::ALL {
            assert_eq!(StructureKind::parse(k.as_str()), Some(*k));
        }
        // Serialised as stored, the variants renamed since included (`Response` = `reply`).
        for k in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(k.as_str()), Some(*k));
            assert_eq!(serde_json::to_string(k).unwrap(), format!("\"{}\"", k.as_str()));
        }
        for r in ResponseStatus::ALL {
            assert_eq!(serde_json::to_string(r).unwrap(), format!("\"{}\"", r.as_str()));
        }
        assert_eq!(PostKind::parse("besoin"), None);
    }

    #[test]
    fn lifecycle_is_one_way_to_archive() {
        use PostStatus::*;
        assert!(Draft.can_move_to(Published));
        assert!(Published.can_move_to(Fulfilled));
        assert!(!Fulfilled.can_move_to(Published));
        assert!(!Archived.can_move_to(Draft));
        assert!(Published.is_open() && InProgress.is_open() && !Fulfilled.is_open());
    }
}

text_enum!(
    /// What a pooled resource is (`shared_resources.kind`).
    ResourceKind {
        Vehicle = "vehicle" => t::RESOURCE_KIND_VEHICLE,
        Room = "room" => t::RESOURCE_KIND_ROOM,
        Equipment = "equipment" => t::RESOURCE_KIND_EQUIPMENT,
        Oven = "oven" => t::RESOURCE_KIND_OVEN,
        Tool = "tool" => t::RESOURCE_KIND_TOOL,
        Other = "other" => t::RESOURCE_KIND_OTHER,
    }
);

text_enum!(
    /// The grain of a resource's calendar: bookings start and end on its boundaries
    /// (Paris clock: whole hours; 00:00 and 12:00; midnight).
    TimeUnit {
        Hour = "hour" => t::TIME_UNIT_HOUR,
        HalfDay = "half_day" => t::TIME_UNIT_HALF_DAY,
        Day = "day" => t::TIME_UNIT_DAY,
    }
);

text_enum!(
    /// A booking's lifecycle: demandée → confirmée / refusée, or annulée; a request not
    /// decided within 72 h lapses (`expirée`). Confirmed and requested bookings hold their
    /// slot (`model::pooling::HOLDING`).
    BookingStatus {
        Requested = "requested" => t::BOOKING_REQUESTED,
        Confirmed = "confirmed" => t::BOOKING_CONFIRMED,
        Declined = "declined" => t::BOOKING_DECLINED,
        Cancelled = "cancelled" => t::BOOKING_CANCELLED,
        Lapsed = "lapsed" => t::BOOKING_LAPSED,
    }
);
