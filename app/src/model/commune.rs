use serde::{Deserialize, Serialize};

/// A commune as returned by the offline lookup (name or postcode).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CommuneHit {
    pub insee: String,
    pub name: String,
    pub postcode: String,
    pub departement: String,
    pub lat: f64,
    pub lon: f64,
}

/// Lower-case, accents removed, punctuation turned into spaces, spaces collapsed:
/// the form every accent-insensitive lookup compares (« Saint-Quentin-la-Poterie »
/// → « saint quentin la poterie »). The same function runs in the browser and the server.
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    let mut space = true;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_accents_case_and_punctuation() {
        assert_eq!(fold("Saint-Quentin-la-Poterie"), "saint quentin la poterie");
        assert_eq!(fold("  Écocentre Pierre & Terre "), "ecocentre pierre terre");
        assert_eq!(fold("L'Abergement-Clémenciat"), "l abergement clemenciat");
        assert_eq!(fold("ŒUVRE"), "oeuvre");
        assert_eq!(fold(""), "");
    }
}
