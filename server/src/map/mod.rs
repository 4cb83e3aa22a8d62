//! The public map's data: an in-memory index of everything it shows ([`index`]), loaded
//! from the database in the background at start-up ([`load`]) and kept current by
//! following the `map_changes` log that database triggers fill ([`sync`], through
//! `app::change_log` as the lists' search does), so that an item committed through any
//! server instance sharing the database shows on every instance's map within a couple
//! of seconds. Served by `GET /api/v1/map` ([`api`]).

pub mod api;
pub mod index;
pub mod index_file;
pub mod load;
pub mod sync;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

use index::{MapIndex, Overlay};

/// What queries read: an index, the changes since it was built, and the last change
/// applied (the data version: the same on every instance that has applied it).
pub struct Snapshot {
    pub index: Arc<MapIndex>,
    pub overlay: Overlay,
    pub seq: i64,
    /// Category ids and slugs (the index keeps ids; URLs and answers use slugs).
    pub categories: Arc<Vec<(u16, String)>>,
    /// The instance's data licence: label and URL, stated in every answer.
    pub licence: Arc<(String, String)>,
}

/// The current snapshot, shared by the request handlers and the sync task. `None` until
/// the first load is done: the map API answers 503 meanwhile, the rest of the site is
/// already served.
#[derive(Clone, Default)]
pub struct MapData {
    current: Arc<RwLock<Option<Arc<Snapshot>>>>,
    /// When the map last caught up with the change log (Unix seconds), for `/metrics`.
    synced_at: Arc<AtomicI64>,
}

impl MapData {
    pub fn snapshot(&self) -> Option<Arc<Snapshot>> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// When the map last caught up with the change log (`None`: not loaded yet).
    pub fn synced_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        let at = self.synced_at.load(Ordering::Acquire);
        (at > 0).then(|| chrono::DateTime::from_timestamp(at, 0)).flatten()
    }

    fn mark_synced(&self) {
        self.synced_at.store(chrono::Utc::now().timestamp(), Ordering::Release);
    }

    fn publish(&self, snapshot: Snapshot) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(snapshot));
        self.mark_synced();
    }
}
