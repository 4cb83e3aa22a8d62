//! Keeps [`MapData`] current: a full load at start-up (in the background: the site is
//! served meanwhile), then every [`POLL`] the changes logged in `map_changes` (filled by
//! triggers on `posts`, `structures` and `shared_resources`, whoever writes) are read, looking back for late
//! commits (`app::change_log`, which the lists' search follows too), and the changed
//! items' current state goes to the overlay; a large overlay is folded into a new index
//! off the async threads.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::change_log::{self, Cursor, Item};
use app::db::Pool;

use super::index::{self, ItemKey, MapIndex, Overlay};
use super::index_file::{self, Stamp};
use super::{MapData, Snapshot, load};

/// How often the change log is read.
pub const POLL: Duration = Duration::from_millis(500);
/// Overlay size from which the index is rebuilt: a few milliseconds of extra query
/// time at most, against a rebuild of about 1 s per million items.
const REBUILD_AT: usize = 20_000;

/// Loads the map (from the index file when it is still good, see [`index_file`]) and
/// follows the changes until the process ends. Errors are logged and retried: the map
/// keeps answering with what it has.
pub async fn run(pool: Pool, data: MapData, file: Option<PathBuf>) {
    let mut follower = loop {
        match Follower::start(&pool, &data, file.clone()).await {
            Ok(f) => break f,
            Err(e) => {
                tracing::error!(error = %e, "carte : chargement impossible, nouvel essai dans 5 s");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    };
    let mut ticker = tokio::time::interval(POLL);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let polled = follower.poll(&pool, &data).await;
        crate::metrics::job("map_sync", polled.is_ok());
        match polled {
            Ok(_) => data.mark_synced(),
            Err(e) => tracing::warn!(error = %e, "carte : lecture des changements impossible"),
        }
    }
}

/// The sync task's state.
pub struct Follower {
    /// Where the map stands in the change log.
    log: Cursor,
    /// Where the index is saved after each full build (`None`: not saved).
    file: Option<PathBuf>,
}

impl Follower {
    /// The first load: the index file if it is still good (the next poll then applies
    /// the changes logged since), else everything from the database.
    pub async fn start(pool: &Pool, data: &MapData, file: Option<PathBuf>) -> Result<Follower, sqlx::Error> {
        let started = Instant::now();
        if let Some(path) = &file
            && let Some((index, seq)) = from_file(pool, path).await?
        {
            let (categories, licence) = labels(pool).await?;
            let count = index.len();
            data.publish(Snapshot { index: index.into(), overlay: Overlay::default(), seq, categories, licence });
            tracing::info!(items = count, total_ms = started.elapsed().as_millis() as u64, "carte prête (fichier d’index)");
            return Ok(Follower { log: Cursor::at(seq), file });
        }
        Follower::from_database(pool, data, file).await
    }

    /// Notes where the log stands, then reads everything (changes made meanwhile are
    /// applied again by the next poll).
    async fn from_database(pool: &Pool, data: &MapData, file: Option<PathBuf>) -> Result<Follower, sqlx::Error> {
        let started = Instant::now();
        let watermark = change_log::last(pool).await?;
        let (categories, licence) = labels(pool).await?;
        let builder = load::into_builder(pool).await?;
        let read = started.elapsed();
        let count = builder.len();
        let index: Arc<MapIndex> = tokio::task::spawn_blocking(move || builder.finish()).await.map_err(build_failed)?.into();
        data.publish(Snapshot { index: index.clone(), overlay: Overlay::default(), seq: watermark, categories, licence });
        tracing::info!(items = count, read_ms = read.as_millis() as u64, total_ms = started.elapsed().as_millis() as u64, "carte prête");
        let follower = Follower { log: Cursor::at(watermark), file };
        follower.save(pool, index, watermark).await;
        Ok(follower)
    }

    /// Saves a full build to the index file, in the background (errors only logged: the
    /// file is a shortcut, the database stays the truth).
    async fn save(&self, pool: &Pool, index: Arc<MapIndex>, seq: i64) {
        let Some(path) = self.file.clone() else { return };
        let stamp = match change_at(pool, seq).await {
            Ok(Some(stamp)) => stamp,
            Ok(None) => return,
            Err(e) => return tracing::warn!(error = %e, "carte : fichier d’index non écrit"),
        };
        tokio::task::spawn_blocking(move || {
            if let Err(e) = index_file::save(&path, &index, stamp) {
                tracing::warn!(error = %e, path = %path.display(), "carte : fichier d’index non écrit");
            }
        });
    }

    /// Applies the changes logged since the last poll; returns how many.
    pub async fn poll(&mut self, pool: &Pool, data: &MapData) -> Result<usize, sqlx::Error> {
        let fresh = match self.log.read(pool, true).await? {
            change_log::Read::Fresh(changes) => changes,
            change_log::Read::Behind => {
                *self = Follower::from_database(pool, data, self.file.take()).await?;
                return Ok(0);
            }
        };
        let (categories, licence) = labels(pool).await?;
        let Some(snapshot) = data.snapshot() else { return Ok(0) };
        if fresh.is_empty() {
            if categories != snapshot.categories || licence != snapshot.licence {
                data.publish(Snapshot { index: snapshot.index.clone(), overlay: snapshot.overlay.clone(), seq: snapshot.seq, categories, licence });
            }
            return Ok(0);
        }
        let mut keys: Vec<ItemKey> = fresh
            .iter()
            .map(|c| match c.item {
                Item::Post(id) => ItemKey::Post(id),
                Item::Structure(id) => ItemKey::Structure(id),
                Item::Resource(id) => ItemKey::Resource(id),
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let states = load::current(pool, &keys).await?;
        let mut overlay = snapshot.overlay.clone();
        for (key, item) in states {
            overlay.set(&snapshot.index, key, item);
        }
        self.log.applied(&fresh);
        let applied = fresh.len();
        if overlay.len() >= REBUILD_AT {
            let base = snapshot.index.clone();
            let folded: Arc<MapIndex> = tokio::task::spawn_blocking(move || MapIndex::build(index::fold(&base, &overlay))).await.map_err(build_failed)?.into();
            data.publish(Snapshot { index: folded.clone(), overlay: Overlay::default(), seq: self.log.watermark(), categories, licence });
            self.save(pool, folded, self.log.watermark()).await;
        } else {
            data.publish(Snapshot { index: snapshot.index.clone(), overlay, seq: self.log.watermark(), categories, licence });
        }
        Ok(applied)
    }
}

/// The category slugs and the data licence, read at each poll (admins may change them).
async fn labels(pool: &Pool) -> Result<(Arc<Vec<(u16, String)>>, Arc<(String, String)>), sqlx::Error> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, slug FROM categories ORDER BY id").fetch_all(pool).await?;
    let categories = rows.into_iter().filter_map(|(id, slug)| Some((u16::try_from(id).ok()?, slug))).collect();
    let licence = app::db::settings::get(pool).await.map(|s| s.licence()).unwrap_or(app::model::DataLicence::CcBySa40);
    Ok((Arc::new(categories), Arc::new((licence.label().to_string(), licence.url().to_string()))))
}

/// A build that panicked: logged, and reported as an error so the task retries (the map
/// keeps serving its last index) instead of stopping for good.
fn build_failed(e: tokio::task::JoinError) -> sqlx::Error {
    tracing::error!(error = %e, "carte : construction de l’index interrompue");
    sqlx::Error::WorkerCrashed
}

/// The index file at `path`, if it reads back and its stamp is in this database's log
/// (see [`index_file`]); its change number.
async fn from_file(pool: &Pool, path: &Path) -> Result<Option<(MapIndex, i64)>, sqlx::Error> {
    let p = path.to_path_buf();
    let read = match tokio::task::spawn_blocking(move || index_file::load(&p)).await {
        Ok(Ok(read)) => read,
        Ok(Err(e)) => {
            if e.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!(error = %e, path = %path.display(), "carte : fichier d’index illisible, lecture de la base");
            }
            return Ok(None);
        }
        Err(e) => {
            build_failed(e);
            return Ok(None);
        }
    };
    let (index, stamp) = read;
    if change_at(pool, stamp.seq).await? != Some(stamp) {
        tracing::info!(path = %path.display(), "carte : fichier d’index d’une autre base ou trop ancien, lecture de la base");
        return Ok(None);
    }
    Ok(Some((index, stamp.seq)))
}

/// The stamp of the change logged at `seq`, if the log still has it.
async fn change_at(pool: &Pool, seq: i64) -> Result<Option<Stamp>, sqlx::Error> {
    let change = change_log::at(pool, seq).await?;
    Ok(change.map(|c| Stamp { seq, item: c.item }))
}
