//! `coin-du-partage create-admin EMAIL`: the first instance admin of a real install.
//! The password comes from `COIN_ADMIN_PASSWORD` or is read from standard input, so it
//! never appears in the shell history or the process list.

use app::db::users::NewUser;
use app::db::{self, Pool};
use app::error::{AppError, AppResult};
use app::model::{Email, check_new_password};

/// Creates an instance admin, or promotes the existing account with that e-mail
/// (its password is then left unchanged). Returns a French summary.
pub async fn create_admin(pool: &Pool, email: &str, password: &str) -> AppResult<String> {
    let email = Email::parse(email).map_err(AppError::bad_request)?;
    let mut tx = app::db::begin_write(pool).await?;
    let (id, summary) = match db::users::id_by_email(&mut tx, email.as_str()).await? {
        Some(id) => {
            db::users::make_instance_admin(&mut tx, id).await?;
            (id, format!("{} est maintenant admin de l’instance (mot de passe inchangé)", email.as_str()))
        }
        None => {
            check_new_password(password).map_err(AppError::bad_request)?;
            let owned = password.to_string();
            let hash = tokio::task::spawn_blocking(move || password_auth::generate_hash(owned))
                .await
                .map_err(AppError::internal)?;
            let name = email.as_str().split('@').next().unwrap_or("admin").to_string();
            let id = db::users::insert_user(
                &mut tx,
                &NewUser {
                    email: email.as_str(),
                    display_name: &name,
                    password_hash: Some(&hash),
                    is_instance_admin: true,
                    email_verified: true,
                },
            )
            .await?;
            (id, format!("compte admin créé : {}", email.as_str()))
        }
    };
    db::audit::record(&mut tx, None, "admin.create_from_cli", Some(("user", id)), "{}").await?;
    tx.commit().await?;
    Ok(summary)
}
