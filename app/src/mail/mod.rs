//! Mails beyond the account's own: each in-app notification also becomes a mail, at once
//! or in a daily summary as its recipient chose (`exchanges`); their text and HTML
//! (`compose`); the unsubscribe links they carry (`unsubscribe`). The server's outbox
//! sender delivers them (`server::mailer`) with the List-Unsubscribe headers.
//!
//! May import: `auth` (signed tokens), `db`, `feeds` (calendar files), `pooling` (the lapse
//! rule), `model`, `i18n`, `error`.

pub mod alerts;
pub mod bookings;
pub mod compose;
pub mod exchanges;
pub mod matching;
pub mod unsubscribe;
pub mod settings;
pub mod visitors;
