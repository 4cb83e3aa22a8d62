//! Feeds other software reads: Atom for the list of posts (`/partage.atom`, the list's
//! own filter), iCalendar for volunteering missions (`/benevolat.ics`,
//! `/structures/{slug}/missions.ics`, the file attached to a sign-up's confirmation).
//! `ical` is the one iCalendar writer: the bookings' secret feeds (`bookings`) and mails
//! reuse it.
//!
//! May import: `auth` (feed keys), `db`, `search`, `state`, `model`, `i18n`, `error`.

pub mod atom;
pub mod bookings;
pub mod ical;
