//! Argon2id (OWASP parameters: m = 19 MiB, t = 2, p = 1 — `password-auth`'s defaults) on
//! tokio's blocking threads, at most `MAX_CONCURRENT_HASHES` at a time: a login flood
//! queues here instead of starving page rendering of CPU and memory.

use std::sync::{Arc, LazyLock};

use tokio::sync::Semaphore;

use crate::error::{AppError, AppResult};

pub const MAX_CONCURRENT_HASHES: usize = 2;
static PERMITS: LazyLock<Arc<Semaphore>> = LazyLock::new(|| Arc::new(Semaphore::new(MAX_CONCURRENT_HASHES)));

/// A valid hash of a random password: verifying against it for unknown e-mails makes a
/// failed login take as long whether or not the account exists.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| password_auth::generate_hash("coin-du-partage/compte-inexistant"));

async fn on_pool<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    // The permit lives as long as the hashing itself, even if the request is dropped
    // meanwhile (timeout, closed connection): abandoned work still counts.
    let permit = PERMITS.clone().acquire_owned().await.map_err(AppError::internal)?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    })
    .await
    .map_err(AppError::internal)
}

pub async fn hash(password: String) -> AppResult<String> {
    on_pool(move || password_auth::generate_hash(password)).await
}

/// Checks a password against a stored hash (or against the dummy hash when `None`).
pub async fn verify(password: String, stored: Option<String>) -> AppResult<bool> {
    on_pool(move || match stored {
        Some(h) => password_auth::verify_password(password, &h).is_ok(),
        None => {
            let _ = password_auth::verify_password(password, &DUMMY_HASH);
            false
        }
    })
    .await
}
