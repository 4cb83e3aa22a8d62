//! The map pages (`/carte`, `/embed`): controls, groups and the list sent with them.

pub const MAP_TITLE: &str = "La carte du partage";
pub const MAP_INTRO: &str = "Besoins, ressources, structures et ressources à réserver de tout le territoire. Zoomez, filtrez, ouvrez une annonce : l’adresse de la page garde la vue et les filtres, pour la partager.";
pub const MAP_TO_LIST: &str = "Voir en liste";
pub const MAP_SEARCH_HINT: &str = "Mots du titre ou de la description des annonces.";
pub const MAP_SHOW: &str = "Afficher";
pub const MAP_SHOW_HINT: &str = "Rien de coché : tout est affiché.";
pub const MAP_PLACE: &str = "Aller à une commune";
pub const MAP_PLACE_HINT: &str = "Nom ou code postal, puis choisissez dans la liste.";
pub const MAP_KIND_NEED: &str = "Besoin";
pub const MAP_KIND_OFFER: &str = "Ressource";
pub const MAP_KIND_STRUCTURE: &str = "Structure";
/// A pooled resource (a van, a room, a clède): booked through its calendar.
pub const MAP_KIND_RESOURCE: &str = "À réserver";
pub const MAP_KIND_CLUSTER: &str = "Groupe (cliquer pour zoomer)";
pub const MAP_LEGEND: &str = "Légende de la carte";
pub const MAP_FULLSCREEN: &str = "Plein écran";
pub const MAP_REGION: &str = "Carte";
pub const MAP_NEEDS_JS: &str = "La carte a besoin de JavaScript. La liste des annonces fonctionne sans : suivez le lien « Voir en liste ».";
pub const MAP_LIST_TITLE: &str = "Sur la carte";
pub const MAP_LOADING: &str = "Chargement de la carte…";
pub const MAP_EMPTY: &str = "Rien à cet endroit avec ces filtres. Dézoomez ou retirez un filtre.";
pub const MAP_TRUNCATED: &str = "Beaucoup d’annonces correspondent : seules les plus récentes sont placées. Précisez la recherche ou zoomez.";
pub const MAP_DATA_LICENCE: &str = "Données sous licence";
pub const MAP_IN_PROGRESS: &str = "en cours";
pub const MAP_OPEN_POST: &str = "Voir l’annonce";
pub const MAP_OPEN_STRUCTURE: &str = "Voir la structure";
pub const MAP_OPEN_RESOURCE: &str = "Voir le calendrier";
/// A group's label starts so (`{n}`: how many); map.js and [`map_cluster`] add the kinds.
pub const MAP_CLUSTER_PREFIX: &str = "Groupe de {n}";
/// Singular and plural of each kind in a group's label (needs, offers, structures,
/// pooled resources), in the order of the map API's counts.
pub const MAP_CLUSTER_WORDS: [(&str, &str); 4] = [("besoin", "besoins"), ("ressource", "ressources"), ("structure", "structures"), ("à réserver", "à réserver")];
pub const MAP_SEARCH_ZONE: &str = "Rechercher dans cette zone";
pub const MAP_SEARCH_ZONE_HINT: &str = "Ouvre la liste des annonces de la partie de la carte affichée, avec les mêmes filtres.";
pub const SHARE_IN_ZONE: &str = "Annonces de la zone choisie sur la carte.";
pub const SHARE_ZONE_REMOVE: &str = "Voir tout le territoire";
pub const STRUCTURE_MAP: &str = "Sur la carte";
pub const STRUCTURE_MAP_OPEN: &str = "Voir les alentours sur la grande carte";
pub const POINT_PICK_LEGEND: &str = "Point précis sur la carte (facultatif)";
pub const POINT_PICK_HINT: &str = "Déplacez le repère ou cliquez sur la carte pour indiquer le lieu exact (à moins de 30 km de la commune). Sans point précis, l’annonce est placée au centre de la commune ou à l’adresse de la structure.";
pub const POINT_PICK_HINT_RESOURCE: &str = "Déplacez le repère ou cliquez sur la carte pour indiquer où se trouve la ressource (à moins de 30 km de la commune). Sans point précis, elle est placée au centre de la commune indiquée ou au lieu de la structure.";
pub const POINT_PICK_INDIVIDUAL: &str = "Une annonce personnelle est placée au centre de sa commune : votre adresse n’est jamais montrée.";
pub const POINT_PICK_CHOSEN: &str = "Point choisi :";
pub const POINT_PICK_CLEAR: &str = "Retirer le point précis";
pub const POINT_PICK_MARKER: &str = "Lieu de l’annonce (déplaçable)";
pub const ADDRESS_SEARCH: &str = "Chercher une adresse";
pub const ADDRESS_SEARCH_HINT: &str = "Numéro et rue, puis la commune (Base adresse nationale).";
pub const ADDRESS_NOT_CONFIGURED: &str = "La recherche d’adresse n’est pas proposée sur cette instance : choisissez la commune ou placez le repère sur la carte.";
pub const ERR_ADDRESS_QUERY: &str = "Tapez une adresse de 3 à 200 caractères.";
pub const ADDRESS_SUBMIT: &str = "Chercher";
pub const ADDRESS_NONE: &str = "Aucune adresse trouvée.";
pub const ADDRESS_UNAVAILABLE: &str = "La recherche d’adresse ne répond pas : placez le repère à la main ou laissez la commune.";
pub const ERR_POINT_FAR: &str = "Le point choisi est à plus de 30 km de la commune : déplacez le repère ou changez de commune.";
pub const ERR_POINT_NEEDS_COMMUNE: &str = "Indiquez la commune du point choisi sur la carte.";
pub const ERR_POINT_INVALID: &str = "Point illisible : déplacez le repère à nouveau.";
pub const MAP_LOAD_FAILED: &str = "La carte n’a pas pu se charger. La liste reste disponible.";
pub const MAP_EMBED: &str = "Intégrer cette carte sur un autre site";
pub const MAP_EMBED_HINT: &str = "Copiez ce code dans une page de votre site (un wiki de réseau, par exemple) : la carte s’y affiche avec les filtres et la vue actuels.";
pub const MAP_EMBED_FRAME_TITLE: &str = "Carte du Coin du partage";
pub const MAP_EMBED_OPEN: &str = "ouvrir la carte en grand";
pub const MAP_FETCH_FAILED: &str = "Les données de la carte n’ont pas pu être chargées. Réessayez en déplaçant la carte.";

/// « Groupe de 12 : 3 besoins, 8 ressources, 1 structure — zoomer » (empty kinds left
/// out); `counts` in the order of [`MAP_CLUSTER_WORDS`].
pub fn map_cluster(n: u32, counts: [u32; 4]) -> String {
    let parts: Vec<String> = counts
        .into_iter()
        .zip(MAP_CLUSTER_WORDS)
        .filter(|(count, _)| *count > 0)
        .map(|(count, (one, many))| format!("{count} {}", if count == 1 { one } else { many }))
        .collect();
    format!("{} : {} — zoomer", MAP_CLUSTER_PREFIX.replace("{n}", &n.to_string()), parts.join(", "))
}

pub fn map_shown(n: usize) -> String {
    match n {
        0 => "Rien d’affiché sur la carte.".into(),
        1 => "1 élément affiché sur la carte.".into(),
        n => format!("{n} éléments affichés sur la carte."),
    }
}

pub const MAP_LIST_ALL: &str = "Toutes les annonces de ces filtres, en liste";

/// Above the list the server sends with a map page, when the view holds more.
pub fn map_first_items(n: usize) -> String {
    format!("Les {n} premiers éléments de cette vue. Zoomez ou filtrez pour en voir d’autres, ou ouvrez la liste des annonces.")
}

pub fn map_kind_plural(k: crate::model::MapKind) -> &'static str {
    match k {
        crate::model::MapKind::Need => "Besoins",
        crate::model::MapKind::Offer => "Ressources",
        crate::model::MapKind::Structure => "Structures",
        crate::model::MapKind::Resource => "À réserver",
    }
}
