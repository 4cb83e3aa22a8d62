//! The « Coin du partage » list: filters, orders, counts and distances.

pub const SHARE_INTRO: &str = "Les besoins des structures et ce qu’elles — ou des habitants — peuvent prêter, donner ou proposer.";
pub const SHARE_SEARCH_HINT: &str = "Dans les titres et les descriptions, sans se soucier des accents : « velo » trouve « vélo ».";
pub const SHARE_KIND: &str = "Afficher";
pub const SHARE_KIND_ALL: &str = "Besoins et ressources";
pub const SHARE_KIND_NEEDS: &str = "Besoins";
pub const SHARE_KIND_OFFERS: &str = "Ressources";
pub const SHARE_CATEGORY: &str = "Catégories";
pub const SHARE_CATEGORY_HINT: &str = "Aucune cochée : toutes.";
pub const SHARE_SINCE: &str = "Publiées depuis le";
pub const SHARE_AROUND: &str = "Autour de";
pub const SHARE_RADIUS: &str = "Dans un rayon de";
pub const SHARE_RADIUS_REMOVE: &str = "retirer le rayon";
pub const SHARE_SORT: &str = "Trier par";
pub const SHARE_SORT_RECENT: &str = "Les plus récentes";
pub const SHARE_SORT_URGENCY: &str = "Les plus urgentes";
pub const SHARE_NONE: &str = "Aucune annonce ne correspond à ces critères.";
pub const SHARE_SORT_RELEVANCE: &str = "Les plus pertinentes";
pub const SHARE_SORT_DISTANCE: &str = "Les plus proches";
pub const SHARE_NEAR: &str = "Distance depuis";
pub const SHARE_NEAR_HINT: &str = "Pour trier par distance : le nom ou le code postal d’une commune, puis choisissez-la dans la liste.";
pub const SHARE_NEAR_CHANGE: &str = "changer";
pub const SHARE_DISTANCE_NEEDS_COMMUNE: &str = "Choisissez une commune pour trier par distance ; en attendant, les annonces sont triées par date.";
pub const SHARE_MORE_HINT: &str = "Seules les premières peuvent être parcourues : ajoutez un mot ou un filtre pour affiner.";

/// A radius choice: « 10 km ».
pub fn radius_km(km: u16) -> String {
    format!("{km} km")
}

/// The distance order asked for a commune code that is not known.
pub fn share_unknown_commune(code: &str) -> String {
    format!("Commune inconnue (code « {code} ») : les annonces ne sont pas triées par distance.")
}

/// « 1 000 annonces et plus » when a list counts only its first posts.
pub fn posts_count_at_least(n: i64) -> String {
    format!("Plus de {} annonces", thousands(n))
}

/// « à 12 km », « à 1,5 km », « à moins de 500 m ».
pub fn distance_km(km: f64) -> String {
    if km < 0.5 {
        "à moins de 500 m".into()
    } else if km < 10.0 {
        format!("à {} km", format!("{:.1}", km).replace('.', ",").trim_end_matches(",0"))
    } else {
        format!("à {} km", thousands(km.round() as i64))
    }
}

/// 12345 → « 12 345 » (French digit grouping, narrow no-break space).
fn thousands(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// « 12 annonces » / « 1 annonce ».
pub fn posts_count(n: i64) -> String {
    if n <= 1 { format!("{n} annonce") } else { format!("{n} annonces") }
}

#[cfg(test)]
mod tests {
    #[test]
    fn distances_and_counts_read_in_french() {
        assert_eq!(super::distance_km(0.2), "à moins de 500 m");
        assert_eq!(super::distance_km(1.0), "à 1 km");
        assert_eq!(super::distance_km(1.46), "à 1,5 km");
        assert_eq!(super::distance_km(12.4), "à 12 km");
        assert_eq!(super::distance_km(1234.0), "à 1\u{202f}234 km");
        assert_eq!(super::posts_count_at_least(1000), "Plus de 1\u{202f}000 annonces");
    }
}
