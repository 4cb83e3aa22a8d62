//! The home page: its introduction, figures and commune search.

pub const HOME_TITLE: &str = "Partager ce qui manque, prêter ce qui dort";
pub const HOME_INTRO: &str = "Un camion pour samedi, des outils pour un garage solidaire, des bras pour une buvette, une salle pour un atelier : publiez vos besoins, proposez vos ressources, trouvez-vous sur la carte.";
pub const HOME_STATS_LABEL: &str = "Le partage en chiffres";
pub const STAT_STRUCTURES: &str = "structures";
pub const STAT_OPEN_NEEDS: &str = "besoins ouverts";
pub const STAT_OPEN_OFFERS: &str = "ressources disponibles";
pub const STAT_COMMUNES: &str = "communes";
pub const HOME_LATEST_NEEDS: &str = "Derniers besoins";
pub const HOME_LATEST_OFFERS: &str = "Dernières ressources";
pub const HOME_NONE_YET: &str = "Rien pour l’instant.";
pub const HOME_CTA_PUBLISH: &str = "Publier un besoin ou une ressource";
pub const HOME_CTA_BROWSE: &str = "Parcourir le Coin du partage";
pub const HOME_COMMUNE_SEARCH: &str = "Chercher une commune";
pub const HOME_COMMUNE_SEARCH_HINT: &str = "Nom ou code postal, par exemple « uzes » ou « 30700 »";
pub const HOME_COMMUNE_NO_RESULT: &str = "Aucune commune ne correspond.";
