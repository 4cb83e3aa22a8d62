//! Instance settings (admins) and territories (coordinators edit theirs, admins all).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{SettingsView, TerritoriesView};

#[cfg(feature = "ssr")]
use super::Ctx;
#[cfg(feature = "ssr")]
use super::coordination::acting;

#[cfg(feature = "ssr")]
fn label_kind(v: &str) -> Result<crate::model::LabelKind, AppError> {
    crate::model::LabelKind::parse(v).ok_or_else(|| AppError::bad_request(crate::i18n::ERR_BAD_REQUEST))
}

/// Instance admins: categories, themes, texts, default map view.
#[server(prefix = "/api", endpoint = "instance_settings")]
pub async fn instance_settings() -> Result<SettingsView, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::coordination::settings::view(&st.pool, &user).await
}

/// Instance admins: `rename`, `add`, `up`, `down` or `merge` (into `other`) a category or
/// theme (`kind`: `category` | `theme`).
#[server(prefix = "/api", endpoint = "edit_label")]
pub async fn edit_label(kind: String, action: String, id: Option<i64>, name: Option<String>, other: Option<i64>) -> Result<bool, AppError> {
    use crate::coordination::settings as s;
    let Ctx { st, user, .. } = acting().await?;
    let kind = label_kind(&kind)?;
    let id = || id.ok_or_else(|| AppError::bad_request(crate::i18n::ERR_BAD_REQUEST));
    let name = name.unwrap_or_default();
    let done = match action.as_str() {
        "rename" => s::rename(&st.pool, &user, kind, id()?, &name).await,
        "add" => s::add(&st.pool, &user, kind, &name).await.map(|_| true),
        "up" | "down" => s::shift(&st.pool, &user, kind, id()?, action == "up").await,
        "merge" => s::merge(&st.pool, &user, kind, id()?, other.unwrap_or(0)).await,
        _ => Err(AppError::bad_request(crate::i18n::ERR_BAD_REQUEST)),
    };
    st.cache.forget();
    done
}

/// Instance admins: an instance text (`about`, `charter`, `legal`, `privacy`); empty
/// restores the built-in one.
#[server(prefix = "/api", endpoint = "save_instance_text")]
pub async fn save_instance_text(key: String, body: String) -> Result<(), AppError> {
    let Ctx { st, user, .. } = acting().await?;
    crate::coordination::settings::save_text(&st.pool, &user, &key, &body).await
}

/// Instance admins: the map's default view.
#[server(prefix = "/api", endpoint = "save_map_view")]
pub async fn save_map_view(lat: f64, lon: f64, zoom: i64) -> Result<(), AppError> {
    let Ctx { st, user, .. } = acting().await?;
    let done = crate::coordination::settings::save_map_view(&st.pool, &user, lat, lon, zoom).await;
    st.cache.forget();
    done
}

/// Anyone: an instance text written by the admins, if any (else the page's built-in text).
#[server(prefix = "/api", endpoint = "instance_text")]
pub async fn instance_text(key: String) -> Result<Option<String>, AppError> {
    let Ctx { st, .. } = Ctx::new().await?;
    if !crate::model::INSTANCE_TEXTS.iter().any(|(k, _, _)| *k == key) {
        return Err(AppError::bad_request(crate::i18n::ERR_BAD_REQUEST));
    }
    crate::db::settings::text(&st.pool, &key).await
}

/// Coordinators: their territories (instance admins: all).
#[server(prefix = "/api", endpoint = "territories")]
pub async fn territories() -> Result<TerritoriesView, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::coordination::territories::view(&st.pool, &user).await
}

/// Coordinators: renames one of their territories; instance admins also create one (no `id`).
#[server(prefix = "/api", endpoint = "save_territory")]
pub async fn save_territory(id: Option<i64>, name: String, description: String) -> Result<i64, AppError> {
    let Ctx { st, user, .. } = acting().await?;
    let done = crate::coordination::territories::save(&st.pool, &user, id, &name, &description).await;
    st.cache.forget();
    done
}

/// Instance admins: communes of a territory (`add`, `departement`, `remove`).
#[server(prefix = "/api", endpoint = "territory_communes")]
pub async fn territory_communes(id: i64, action: String, value: String) -> Result<u64, AppError> {
    let Ctx { st, user, .. } = acting().await?;
    crate::coordination::territories::edit_communes(&st.pool, &user, id, &action, &value).await
}

/// Coordinators: member structures of their territory (`add` by name: an invitation the
/// structure answers; instance admins add directly; `remove` by id).
#[server(prefix = "/api", endpoint = "territory_member")]
pub async fn territory_member(id: i64, action: String, structure: String) -> Result<bool, AppError> {
    let Ctx { st, user, .. } = acting().await?;
    crate::coordination::territories::edit_member(&st.pool, &user, id, &action, &structure).await
}

/// Responsables of the structure (and instance admins): `accept` or `decline` its
/// invitation to join a territory or network. Answers whether it joined.
#[server(prefix = "/api", endpoint = "answer_network_invitation")]
pub async fn answer_network_invitation(structure_id: i64, territory_id: i64, decision: super::Decision) -> Result<bool, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    let accept = decision == super::Decision::Accept;
    crate::coordination::territories::answer_invitation(&st.pool, &user, structure_id, territory_id, accept).await
}

/// Instance admins: what coordinators added to territories (from the audit log) and the
/// network invitations waiting for an answer.
#[server(prefix = "/api", endpoint = "territory_review")]
pub async fn territory_review() -> Result<crate::model::CoordinatorReview, AppError> {
    let Ctx { st, user, .. } = Ctx::signed_in().await?;
    crate::coordination::territories::review(&st.pool, &user).await
}

/// Instance admins: coordinators of a territory (`add` by e-mail, `remove` by id).
#[server(prefix = "/api", endpoint = "territory_coordinator")]
pub async fn territory_coordinator(id: i64, action: String, who: String) -> Result<bool, AppError> {
    let Ctx { st, user, .. } = acting().await?;
    crate::coordination::territories::edit_coordinator(&st.pool, &user, id, &action, &who).await
}
