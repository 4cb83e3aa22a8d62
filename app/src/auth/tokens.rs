//! Single-use tokens for e-mail links: 256 random bits, sent once, stored only as SHA-256.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new token (URL-safe hex) and the hash to store.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let hash = hash_token(&token);
    (token, hash)
}

pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Replaces the token of every `jeton=` link with « … » (for admins reading mails).
pub fn redact_links(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find("jeton=") {
        out.push_str(&rest[..i + 6]);
        out.push('…');
        rest = rest[i + 6..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, ha) = super::new_token();
        let (b, _) = super::new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(super::hash_token(&a), ha);
        assert_ne!(a, ha);
        assert_eq!(super::redact_links(&format!("lien : https://x/v?jeton={a}\nfin")), "lien : https://x/v?jeton=…\nfin");
    }
}
