//! Tokens signed with the instance key: a payload bound to one purpose and an expiry,
//! that the instance can trust when a browser or a link brings it back. The key is
//! `COIN_SECRET_KEY`, else the one generated at first start and kept in the database
//! (`server::startup::secret_key`), so every instance sharing a database signs alike.
//! Users: a refused form's values in a visitor's cookie (`server::form_flash`); the next
//! features' unsubscribe links, booking links and calendar-feed keys.
//!
//! Signed, not encrypted: the payload is readable by whoever holds the token, so it
//! never carries a secret. Format: `base64url(payload).expiry.base64url(mac)` where
//! expiry is in Unix seconds and mac = HMAC-SHA256(key, purpose ‖ 0 ‖ expiry ‖ 0 ‖
//! payload): a token made for one purpose is refused for any other.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// What a token is for. A closed list, so two features cannot share a purpose by accident.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// The values of a refused plain form, kept for the next page view.
    FormFlash,
    /// An unsubscribe link of a mail (`mail::unsubscribe`).
    Unsubscribe,
    /// The link confirming a visitor's address for their alerts (`mail::visitors`).
    AlertConfirm,
    /// An owner's accept or decline link for one booking request (`mail::bookings`).
    BookingAnswer,
    /// The secret key of a resource's or a structure's calendar feed (`feeds::bookings`).
    BookingFeed,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::FormFlash => "form-flash",
            Purpose::Unsubscribe => "unsubscribe",
            Purpose::AlertConfirm => "alert-confirm",
            Purpose::BookingAnswer => "booking-answer",
            Purpose::BookingFeed => "booking-feed",
        }
    }
}

/// Why a token was refused (callers usually treat every case as « no token »).
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("malformed token")]
    Malformed,
    #[error("bad signature")]
    BadSignature,
    #[error("expired token")]
    Expired,
}

/// Signs and verifies with one key.
pub struct Signer {
    key: Hmac<Sha256>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer([caché])")
    }
}

impl Signer {
    pub fn new(secret: &str) -> Self {
        // HMAC takes keys of any length.
        Signer { key: Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key length") }
    }

    fn mac(&self, purpose: Purpose, expiry: i64, payload: &[u8]) -> Hmac<Sha256> {
        let mut mac = self.key.clone();
        mac.update(purpose.as_str().as_bytes());
        mac.update(&[0]);
        mac.update(expiry.to_string().as_bytes());
        mac.update(&[0]);
        mac.update(payload);
        mac
    }

    pub fn sign(&self, purpose: Purpose, payload: &[u8], expires: DateTime<Utc>) -> String {
        let expiry = expires.timestamp();
        let tag = self.mac(purpose, expiry, payload).finalize().into_bytes();
        format!("{}.{expiry}.{}", URL_SAFE_NO_PAD.encode(payload), URL_SAFE_NO_PAD.encode(tag))
    }

    /// The payload of a token made by this key for `purpose`, if it has not expired.
    pub fn verify(&self, purpose: Purpose, token: &str, now: DateTime<Utc>) -> Result<Vec<u8>, Refused> {
        let mut parts = token.split('.');
        let (Some(payload), Some(expiry), Some(tag), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(Refused::Malformed);
        };
        let payload = URL_SAFE_NO_PAD.decode(payload).map_err(|_| Refused::Malformed)?;
        let expiry: i64 = expiry.parse().map_err(|_| Refused::Malformed)?;
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| Refused::Malformed)?;
        // Constant-time comparison (hmac's verify_slice).
        self.mac(purpose, expiry, &payload).verify_slice(&tag).map_err(|_| Refused::BadSignature)?;
        if now.timestamp() >= expiry {
            return Err(Refused::Expired);
        }
        Ok(payload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn a_token_comes_back_only_unchanged_unexpired_and_for_its_purpose_and_key() {
        let now = Utc::now();
        let signer = Signer::new("une clé d’instance assez longue pour les tests, 32+");
        let token = signer.sign(Purpose::FormFlash, b"titre=V\xc3\xa9lo", now + Duration::seconds(60));
        assert_eq!(signer.verify(Purpose::FormFlash, &token, now).unwrap(), b"titre=V\xc3\xa9lo");
        // Expired a minute later.
        assert_eq!(signer.verify(Purpose::FormFlash, &token, now + Duration::seconds(61)), Err(Refused::Expired));
        // Another key.
        let other = Signer::new("une autre clé d’instance, tout aussi longue, 32+");
        assert_eq!(other.verify(Purpose::FormFlash, &token, now), Err(Refused::BadSignature));
        // A changed payload or a pushed-back expiry.
        let (payload, rest) = token.split_once('.').unwrap();
        let (expiry, tag) = rest.split_once('.').unwrap();
        let forged = format!("{}.{expiry}.{tag}", URL_SAFE_NO_PAD.encode(b"titre=Camion"));
        assert_eq!(signer.verify(Purpose::FormFlash, &forged, now), Err(Refused::BadSignature));
        let later = format!("{payload}.{}.{tag}", expiry.parse::<i64>().unwrap() + 3600);
        assert_eq!(signer.verify(Purpose::FormFlash, &later, now), Err(Refused::BadSignature));
        for bad in ["", "a.b", "a.b.c.d", "!!.1.x", "YQ.pas-un-nombre.YQ"] {
            assert_eq!(signer.verify(Purpose::FormFlash, bad, now), Err(Refused::Malformed), "{bad}");
        }
    }
}
