//! The reference cache ([`ReferenceCache`], `AppState::cache`): an in-memory copy of the
//! small tables that most pages and API answers read and admins seldom change — the
//! instance settings (name, data licence, map view), the categories and themes, the
//! territories and networks — kept by each instance for [`FRESH_FOR`], so a list page or an
//! API answer makes no round trip for them (docs/benchmarks.md §1, decision n° 24).
//!
//! A change made through this instance is seen at once: the server functions that make
//! them call [`ReferenceCache::forget`]. One made elsewhere (another instance, plain SQL) is
//! seen within a second, as the map and the post index follow the change log.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use super::Pool;
use super::settings::InstanceSettings;
use crate::error::AppResult;
use crate::model::Choice;

/// How long a value read from the database is used without reading it again.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

/// Categories or themes, in the forms' order, and their ids by slug (what rows hold).
#[derive(Debug, Default)]
pub struct Labels {
    pub choices: Vec<Choice>,
    pub ids: HashMap<String, i64>,
}

impl Labels {
    /// `table`: `categories` or `themes`.
    async fn read(pool: &Pool, table: &str) -> AppResult<Labels> {
        let rows: Vec<(i64, String, String)> =
            sqlx::query_as(&format!("SELECT id, slug, name FROM {table} ORDER BY position, name")).fetch_all(pool).await?;
        Ok(Labels {
            ids: rows.iter().map(|(id, slug, _)| (slug.clone(), *id)).collect(),
            choices: rows.into_iter().map(|(_, slug, name)| Choice { slug, name }).collect(),
        })
    }
}

/// This instance's copies of the reference data (`AppState::cache`).
pub struct ReferenceCache {
    /// How long a copy is used ([`FRESH_FOR`]; tests that change these tables with plain
    /// SQL between two reads use zero).
    fresh_for: Duration,
    settings: Kept<InstanceSettings>,
    categories: Kept<Labels>,
    themes: Kept<Labels>,
    territories: Kept<Vec<Choice>>,
    /// Bumped by [`ReferenceCache::forget`]: a read that started before is not kept.
    generation: AtomicU64,
}

impl Default for ReferenceCache {
    fn default() -> Self {
        ReferenceCache::keeping_for(FRESH_FOR)
    }
}

impl ReferenceCache {
    pub fn keeping_for(fresh_for: Duration) -> Self {
        ReferenceCache {
            fresh_for,
            settings: Kept::default(),
            categories: Kept::default(),
            themes: Kept::default(),
            territories: Kept::default(),
            generation: AtomicU64::new(0),
        }
    }

    pub async fn settings(&self, pool: &Pool) -> AppResult<Arc<InstanceSettings>> {
        self.settings.get(self, || super::settings::get(pool)).await
    }

    pub async fn categories(&self, pool: &Pool) -> AppResult<Arc<Labels>> {
        self.categories.get(self, || Labels::read(pool, "categories")).await
    }

    /// Structures' themes, for the directory's filter form.
    pub async fn themes(&self, pool: &Pool) -> AppResult<Arc<Labels>> {
        self.themes.get(self, || Labels::read(pool, "themes")).await
    }

    /// Territories and networks, for the filter forms.
    pub async fn territories(&self, pool: &Pool) -> AppResult<Arc<Vec<Choice>>> {
        self.territories.get(self, || super::directory::territory_choices(pool)).await
    }

    /// Drops every copy: called after this instance changed settings, categories, themes
    /// or territories.
    pub fn forget(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.settings.clear();
        self.categories.clear();
        self.themes.clear();
        self.territories.clear();
    }
}

/// One copy and when it was read.
struct Kept<T> {
    slot: RwLock<Option<(Instant, Arc<T>)>>,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept { slot: RwLock::new(None) }
    }
}

impl<T> Kept<T> {
    async fn get<F, Fut>(&self, of: &ReferenceCache, load: F) -> AppResult<Arc<T>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = AppResult<T>>,
    {
        if let Some((at, value)) = &*self.slot.read().unwrap_or_else(|e| e.into_inner()) {
            if at.elapsed() < of.fresh_for {
                return Ok(value.clone());
            }
        }
        let before = of.generation.load(Ordering::Acquire);
        let read_at = Instant::now();
        let value = Arc::new(load().await?);
        let mut slot = self.slot.write().unwrap_or_else(|e| e.into_inner());
        // A change forgotten while this read ran may not be in it: answer it, keep it not.
        if of.generation.load(Ordering::Acquire) == before {
            *slot = Some((read_at, value.clone()));
        }
        Ok(value)
    }

    fn clear(&self) {
        *self.slot.write().unwrap_or_else(|e| e.into_inner()) = None;
    }
}
