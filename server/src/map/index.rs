//! The map's in-memory index: every point the public map shows (open public posts and
//! validated structures), clustered per viewport in well under a millisecond at a
//! million points.
//!
//! Points are sorted once along a Z-order (Morton) curve of their Web-Mercator
//! coordinates, quantised to 32 bits per axis. Every square cell of every zoom level is
//! then one contiguous run of that order, and prefix sums over it (coordinates and
//! counts per kind) give any cell's count, centroid and counts per kind in O(1). A
//! viewport query walks down the implicit quadtree from the whole world to cells of a
//! quarter tile (64 px at the viewport's zoom), skipping empty and off-screen quarters,
//! and returns one cluster per non-empty cell, or the point itself when a cell holds
//! one. Building is a sort plus prefix sums (no per-zoom clustering pass, unlike
//! supercluster), so the index can be rebuilt often; clusters are grid cells, placed at
//! their points' centroid.
//!
//! Filters on kind and category read sub-indexes built the same way (per kind, per
//! category, per kind × category), so a filtered view is as exact and as fast as the
//! full one. Recent changes live in a small [`Overlay`] merged at query time.

use std::collections::{BTreeMap, HashSet};

use app::search::IdSet;

/// Cells are 1/2^CELL_BITS of a tile wide: 64 px on 256-px tiles.
pub const CELL_BITS: u32 = 2;
/// Highest zoom the API accepts.
pub const MAX_ZOOM: u8 = 20;
/// From this zoom on (street level, past supercluster's default `maxZoom` of 16), a view
/// holding at most [`MAX_POINTS`] items shows each of them, even those sharing one
/// address (the map spreads those out), so every item can be reached.
pub const UNCLUSTER_ZOOM: u8 = 17;
pub const MAX_POINTS: u32 = 500;
/// Cells a query may return at most; a wider request (a huge screen, a hand-made URL)
/// is answered at a coarser level so the response stays bounded.
pub const MAX_CELLS: u64 = 2_500;
const COORD_BITS: u32 = 32;
const SCALE: f64 = (1u64 << COORD_BITS) as f64;
/// Web Mercator's latitude limit.
const MAX_LAT: f64 = 85.051_128_78;

/// What a point is. The order is the order of the counts in [`Cluster::kinds`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    Need = 0,
    Offer = 1,
    Structure = 2,
    /// A pooled resource to book (a van, a room): like a structure, no category.
    Resource = 3,
}

/// Kinds there are: four, the most the two low bits of a layer key carry ([`layer_key`]).
pub const KINDS: usize = 4;

impl ItemKind {
    pub const ALL: [ItemKind; KINDS] = [ItemKind::Need, ItemKind::Offer, ItemKind::Structure, ItemKind::Resource];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Need => "need",
            ItemKind::Offer => "offer",
            ItemKind::Structure => "structure",
            ItemKind::Resource => "resource",
        }
    }

    /// Posts (needs and offers) have a category and match words; the others do not.
    pub fn is_post(self) -> bool {
        matches!(self, ItemKind::Need | ItemKind::Offer)
    }
}

/// One point of the map as loaded from the database.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub kind: ItemKind,
    pub id: i64,
    /// Index into the category list the index was built with (posts only).
    pub category: Option<u16>,
    pub lon: f64,
    pub lat: f64,
    pub title: String,
    /// A structure's page slug (empty for posts and resources, whose page is their id).
    pub slug: String,
    /// A post's or a resource's structure (its database id).
    pub structure: Option<i64>,
    /// A post someone is already answering (« en cours »).
    pub in_progress: bool,
}

impl Item {
    pub fn key(&self) -> ItemKey {
        ItemKey::of(self.kind, self.id)
    }
}

/// Identifies an item across rebuilds: its table and database id (a post keeps its key
/// when edited from need to offer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKey {
    Post(i64),
    Structure(i64),
    Resource(i64),
}

impl ItemKey {
    pub fn of(kind: ItemKind, id: i64) -> ItemKey {
        match kind {
            ItemKind::Structure => ItemKey::Structure(id),
            ItemKind::Resource => ItemKey::Resource(id),
            ItemKind::Need | ItemKind::Offer => ItemKey::Post(id),
        }
    }
}

/// Which points a query reads: a union of sub-indexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    All,
    Kind(ItemKind),
    Category(u16),
    KindCategory(ItemKind, u16),
}

impl Layer {
    pub fn holds(self, kind: ItemKind, category: Option<u16>) -> bool {
        match self {
            Layer::All => true,
            Layer::Kind(k) => k == kind,
            Layer::Category(c) => category == Some(c),
            Layer::KindCategory(k, c) => k == kind && category == Some(c),
        }
    }

    /// The layers whose union is « these kinds and these categories » (empty: any).
    /// Structures and resources have no category, so a category filter leaves them out.
    pub fn for_filter(kinds: &[ItemKind], categories: &[u16]) -> Vec<Layer> {
        let all_kinds = kinds.is_empty() || ItemKind::ALL.iter().all(|k| kinds.contains(k));
        match (all_kinds, categories.is_empty()) {
            (true, true) => vec![Layer::All],
            (false, true) => kinds.iter().map(|&k| Layer::Kind(k)).collect(),
            (_, false) => {
                let post_kinds: Vec<ItemKind> = kinds.iter().copied().filter(|k| k.is_post()).collect();
                let both = kinds.is_empty() || (post_kinds.contains(&ItemKind::Need) && post_kinds.contains(&ItemKind::Offer));
                if both {
                    categories.iter().map(|&c| Layer::Category(c)).collect()
                } else {
                    post_kinds.iter().flat_map(|&k| categories.iter().map(move |&c| Layer::KindCategory(k, c))).collect()
                }
            }
        }
    }
}

/// A point projected and quantised: x grows eastwards, y southwards, both in [0, 2³²).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quantised {
    pub x: u32,
    pub y: u32,
}

/// Web Mercator, normalised to the unit square, quantised.
pub fn quantise(lon: f64, lat: f64) -> Quantised {
    let x = (lon / 360.0 + 0.5).clamp(0.0, 1.0);
    let lat = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let y = (0.5 - (std::f64::consts::FRAC_PI_4 + lat / 2.0).tan().ln() / (2.0 * std::f64::consts::PI)).clamp(0.0, 1.0);
    let q = |v: f64| ((v * SCALE) as u64).min(u32::MAX as u64) as u32;
    Quantised { x: q(x), y: q(y) }
}

/// The inverse of [`quantise`] (to the quantisation step: under a millimetre).
pub fn unquantise(x: f64, y: f64) -> (f64, f64) {
    let lon = (x / SCALE - 0.5) * 360.0;
    let n = std::f64::consts::PI * (1.0 - 2.0 * y / SCALE);
    let lat = n.sinh().atan().to_degrees();
    (lon, lat)
}

/// Interleaves the bits of x (even positions) and y (odd positions).
pub fn morton(q: Quantised) -> u64 {
    spread(q.x) | (spread(q.y) << 1)
}

fn spread(v: u32) -> u64 {
    let mut v = v as u64;
    v = (v | (v << 16)) & 0x0000_FFFF_0000_FFFF;
    v = (v | (v << 8)) & 0x00FF_00FF_00FF_00FF;
    v = (v | (v << 4)) & 0x0F0F_0F0F_0F0F_0F0F;
    v = (v | (v << 2)) & 0x3333_3333_3333_3333;
    (v | (v << 1)) & 0x5555_5555_5555_5555
}

/// The stored form of an item: 32 bytes, its title then slug in a shared arena.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Record {
    pub id: i64,
    pub q: Quantised,
    pub title_start: u32,
    /// The record of the post's structure ([`NONE`] if it has none or it is not on the map).
    pub structure: u32,
    pub title_len: u16,
    pub slug_len: u16,
    pub category: u16,
    pub kind: ItemKind,
    pub in_progress: bool,
}

impl Record {
    fn key(&self) -> ItemKey {
        ItemKey::of(self.kind, self.id)
    }
}

pub(super) const NO_CATEGORY: u16 = u16::MAX;
pub(super) const NONE: u32 = u32::MAX;

/// Entries per checkpoint of a layer's prefix sums: a cell's sums are two checkpoints
/// plus at most twice this many keys decoded, for 2 bytes per entry instead of 28.
const BLOCK: usize = 16;

/// Sums over a run of a layer: coordinates and counts per kind.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Sums {
    x: u64,
    y: u64,
    kinds: [u32; KINDS],
}

impl Sums {
    fn add_key(&mut self, key: u64) {
        self.x += u64::from(compact(key));
        self.y += u64::from(compact(key >> 1));
        self.kinds[(key & 3) as usize] += 1;
    }
}

/// A layer's key of a record: its Morton code, whose two lowest bits (under 2 cm on
/// the ground, far below any cell) carry its kind instead, so that the keys alone give a
/// run's sums.
fn layer_key(rec: &Record) -> u64 {
    (morton(rec.q) & !3) | rec.kind as u64
}

/// The inverse of [`spread`]: the even bits of `v`.
fn compact(v: u64) -> u32 {
    let mut v = v & 0x5555_5555_5555_5555;
    v = (v | (v >> 1)) & 0x3333_3333_3333_3333;
    v = (v | (v >> 2)) & 0x0F0F_0F0F_0F0F_0F0F;
    v = (v | (v >> 4)) & 0x00FF_00FF_00FF_00FF;
    v = (v | (v >> 8)) & 0x0000_FFFF_0000_FFFF;
    ((v | (v >> 16)) & 0xFFFF_FFFF) as u32
}

/// One sub-index: its points' keys in order, which record each is, and checkpoints of
/// the prefix sums (entry b sums the first b × [`BLOCK`] points).
#[derive(Default)]
struct Sorted {
    keys: Vec<u64>,
    records: Vec<u32>,
    checks: Vec<Sums>,
    running: Sums,
}

impl Sorted {
    fn with_capacity(n: usize) -> Sorted {
        let mut checks = Vec::with_capacity(n / BLOCK + 1);
        checks.push(Sums::default());
        Sorted { keys: Vec::with_capacity(n), records: Vec::with_capacity(n), checks, running: Sums::default() }
    }

    /// Appends a point (keys must come in order).
    fn push(&mut self, key: u64, record: u32) {
        self.keys.push(key);
        self.records.push(record);
        self.running.add_key(key);
        if self.keys.len() % BLOCK == 0 {
            self.checks.push(self.running);
        }
    }

    /// The sums of the first `i` points.
    fn prefix(&self, i: usize) -> Sums {
        let b = i / BLOCK;
        let mut s = self.checks[b];
        for &k in &self.keys[b * BLOCK..i] {
            s.add_key(k);
        }
        s
    }

    fn cell(&self, key: u64, lo: usize, hi: usize) -> Cell {
        let (a, b) = (self.prefix(lo), self.prefix(hi));
        Cell {
            key,
            count: (hi - lo) as u32,
            sum_x: b.x - a.x,
            sum_y: b.y - a.y,
            kinds: std::array::from_fn(|i| b.kinds[i] - a.kinds[i]),
            single: (hi - lo == 1).then(|| self.records[lo]),
        }
    }

    fn heap_bytes(&self) -> usize {
        self.keys.capacity() * 8 + self.records.capacity() * 4 + self.checks.capacity() * std::mem::size_of::<Sums>()
    }
}

/// The aggregate of one cell before it becomes a cluster or a point.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Cell {
    key: u64,
    count: u32,
    sum_x: u64,
    sum_y: u64,
    kinds: [u32; KINDS],
    /// The record, when the cell holds exactly one point of the base index.
    single: Option<u32>,
}

/// A viewport: longitudes may go past ±180 (as Leaflet sends them at low zoom).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    pub min_lon: f64,
    pub min_lat: f64,
    pub max_lon: f64,
    pub max_lat: f64,
    pub zoom: u8,
}

/// What a query returns: clusters and single points.
#[derive(Clone, Debug, PartialEq)]
pub enum Feature<'a> {
    Cluster { lon: f64, lat: f64, count: u32, kinds: [u32; KINDS] },
    Point(PointView<'a>),
}

/// One item as a query returns it: what its popup shows.
#[derive(Clone, Debug, PartialEq)]
pub struct PointView<'a> {
    pub lon: f64,
    pub lat: f64,
    pub kind: ItemKind,
    pub id: i64,
    pub category: Option<u16>,
    pub title: &'a str,
    pub slug: &'a str,
    /// The name of the post's structure, when it is on the map.
    pub structure: Option<&'a str>,
    pub in_progress: bool,
}

/// Collects items (streamed from the database or read from a file) into an index
/// without holding them as [`Item`]s: a record and its text in one arena each.
#[derive(Default)]
pub struct Builder {
    records: Vec<Record>,
    titles: String,
    /// Each record's structure id (0: none), resolved to records when finishing.
    structure_ids: Vec<i64>,
}

impl Builder {
    pub fn push(&mut self, it: &Item) {
        let start = self.titles.len() as u32;
        let title = &it.title[..floor_char_boundary(&it.title, u16::MAX as usize)];
        let slug = &it.slug[..floor_char_boundary(&it.slug, u16::MAX as usize)];
        self.titles.push_str(title);
        self.titles.push_str(slug);
        self.records.push(Record {
            id: it.id,
            q: quantise(it.lon, it.lat),
            title_start: start,
            structure: NONE,
            title_len: title.len() as u16,
            slug_len: slug.len() as u16,
            category: it.category.unwrap_or(NO_CATEGORY),
            kind: it.kind,
            in_progress: it.in_progress,
        });
        self.structure_ids.push(it.structure.unwrap_or(0));
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Sorts the records by key (so an item is found by binary search), links posts and
    /// resources to their structure's record, and builds the layers.
    pub fn finish(self) -> MapIndex {
        let Builder { records, mut titles, structure_ids } = self;
        let mut order: Vec<u32> = (0..records.len() as u32).collect();
        order.sort_unstable_by_key(|&r| records[r as usize].key());
        let mut sorted: Vec<Record> = order.iter().map(|&r| records[r as usize]).collect();
        drop(records);
        let keys: Vec<ItemKey> = sorted.iter().map(Record::key).collect();
        for (rec, &r) in sorted.iter_mut().zip(&order) {
            let sid = structure_ids[r as usize];
            if sid != 0 {
                rec.structure = keys.binary_search(&ItemKey::Structure(sid)).map_or(NONE, |i| i as u32);
            }
        }
        titles.shrink_to_fit();
        MapIndex::from_records(sorted, titles)
    }
}

/// The built index. Immutable: changes go to an [`Overlay`]; a rebuild makes a new one.
pub struct MapIndex {
    /// Sorted by [`ItemKey`].
    records: Vec<Record>,
    titles: String,
    layers: BTreeMap<Layer, Sorted>,
}

impl MapIndex {
    /// Builds the index over `items` (any order). Items must be unique by key.
    pub fn build(items: impl IntoIterator<Item = Item>) -> MapIndex {
        let mut b = Builder::default();
        for it in items {
            b.push(&it);
        }
        b.finish()
    }

    /// The layers over records already sorted and linked (a build, or a file read back).
    /// One sort of the whole map: each sub-layer is a filter of it, so comes out sorted.
    pub(super) fn from_records(records: Vec<Record>, titles: String) -> MapIndex {
        let mut all: Vec<(u64, u32)> = records.iter().enumerate().map(|(i, r)| (layer_key(r), i as u32)).collect();
        all.sort_unstable();
        let mut sizes: BTreeMap<Layer, usize> = BTreeMap::new();
        for r in &records {
            for layer in layers_of(r) {
                *sizes.entry(layer).or_default() += 1;
            }
        }
        let mut layers: BTreeMap<Layer, Sorted> = sizes.into_iter().map(|(l, n)| (l, Sorted::with_capacity(n))).collect();
        for (key, r) in all {
            for layer in layers_of(&records[r as usize]) {
                if let Some(s) = layers.get_mut(&layer) {
                    s.push(key, r);
                }
            }
        }
        MapIndex { records, titles, layers }
    }

    pub(super) fn raw_parts(&self) -> (&[Record], &str) {
        (&self.records, &self.titles)
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Every item, as loaded (for a rebuild with an overlay folded in).
    pub fn items(&self) -> impl Iterator<Item = Item> + '_ {
        (0..self.records.len() as u32).map(|r| self.item(r))
    }

    fn item(&self, r: u32) -> Item {
        let rec = &self.records[r as usize];
        let (lon, lat) = unquantise(rec.q.x as f64 + 0.5, rec.q.y as f64 + 0.5);
        Item {
            kind: rec.kind,
            id: rec.id,
            category: (rec.category != NO_CATEGORY).then_some(rec.category),
            lon,
            lat,
            title: self.title(r).to_string(),
            slug: self.slug(r).to_string(),
            structure: (rec.structure != NONE).then(|| self.records[rec.structure as usize].id),
            in_progress: rec.in_progress,
        }
    }

    fn title(&self, r: u32) -> &str {
        let rec = &self.records[r as usize];
        &self.titles[rec.title_start as usize..rec.title_start as usize + rec.title_len as usize]
    }

    fn slug(&self, r: u32) -> &str {
        let rec = &self.records[r as usize];
        let start = rec.title_start as usize + rec.title_len as usize;
        &self.titles[start..start + rec.slug_len as usize]
    }

    /// A structure's current name: from the overlay if it changed since the build.
    pub fn structure_name<'a>(&'a self, overlay: &'a Overlay, id: i64) -> Option<&'a str> {
        let key = ItemKey::Structure(id);
        if !overlay.replaced.contains(&key)
            && let Some(r) = self.find(key)
        {
            return Some(self.title(r));
        }
        // Changed or added since the build (rare): the overlay has its current state.
        overlay.items.iter().find(|it| it.key() == key).map(|it| it.title.as_str())
    }

    fn find(&self, key: ItemKey) -> Option<u32> {
        self.records.binary_search_by_key(&key, Record::key).ok().map(|i| i as u32)
    }

    pub fn contains(&self, key: ItemKey) -> bool {
        self.find(key).is_some()
    }

    /// Approximate heap size, for the benchmark report.
    pub fn heap_bytes(&self) -> usize {
        let layers: usize = self.layers.values().map(Sorted::heap_bytes).sum();
        self.records.capacity() * std::mem::size_of::<Record>() + self.titles.capacity() + layers
    }

    /// The clusters and points of a viewport for the union of `layers`, with the
    /// overlay's changes applied.
    pub fn query<'a>(&'a self, overlay: &'a Overlay, view: Viewport, layers: &[Layer]) -> Vec<Feature<'a>> {
        let level = cell_level(view);
        let mut cells = Vec::new();
        for range in x_ranges(view, level) {
            let y = y_range(view, level);
            for layer in layers {
                if let Some(sorted) = self.layers.get(layer) {
                    walk(sorted, level, range, y, &mut cells);
                }
            }
        }
        if layers.len() > 1 || !overlay.is_empty() {
            cells = self.merge_cells(cells, overlay, view, level, layers);
        }
        let shown: u64 = cells.iter().map(|c| u64::from(c.count)).sum();
        if view.zoom >= UNCLUSTER_ZOOM && shown <= u64::from(MAX_POINTS) && cells.iter().any(|c| c.count > 1) {
            return self.points(overlay, view, level, layers);
        }
        cells
            .into_iter()
            .filter(|c| c.count > 0)
            .map(|c| self.feature(c, overlay))
            .collect()
    }

    /// Like [`MapIndex::query`], for the posts of `kept` only (the matches of words or
    /// places, from the post index): reads the records in their order (posts by id, so the
    /// set of ids is read in order too: no random access for a view of all France) and
    /// sums the kept ones of the view into a dense grid of its cells (at most about
    /// [`MAX_CELLS`]), clustered as [`MapIndex::query`] does. Structures and resources
    /// never match words or places.
    pub fn query_kept<'a>(&'a self, overlay: &'a Overlay, view: Viewport, layers: &[Layer], kept: &IdSet) -> Vec<Feature<'a>> {
        let level = cell_level(view);
        let grid = Grid::of(view, level);
        let mut cells = vec![Cell { key: 0, count: 0, sum_x: 0, sum_y: 0, kinds: [0; KINDS], single: None }; grid.len()];
        self.each_kept(overlay, &grid, layers, kept, |q, kind, record, i| {
            let c = &mut cells[i];
            c.single = if c.count == 0 { Some(record) } else { None };
            c.count += 1;
            // What `compact` gives back of the point's layer key (its lowest coordinate
            // bits carry the kind), without interleaving the bits and taking them apart
            // again for each of up to a million points: the same sums as `query`.
            let kind = kind as u32;
            c.sum_x += u64::from((q.x & !1) | (kind & 1));
            c.sum_y += u64::from((q.y & !1) | (kind >> 1));
            c.kinds[kind as usize] += 1;
        });
        let shown: u64 = cells.iter().map(|c| u64::from(c.count)).sum();
        if view.zoom >= UNCLUSTER_ZOOM && shown <= u64::from(MAX_POINTS) && cells.iter().any(|c| c.count > 1) {
            let mut out = Vec::new();
            self.each_kept(overlay, &grid, layers, kept, |_, _, record, _| {
                out.push(self.feature(Cell { key: 0, count: 1, sum_x: 0, sum_y: 0, kinds: [0; KINDS], single: Some(record) }, overlay));
            });
            return out;
        }
        cells.into_iter().filter(|c| c.count > 0).map(|c| self.feature(c, overlay)).collect()
    }

    /// Calls `f` with the point, kind, record (or flagged overlay item) and grid cell of
    /// every post of `kept` in the view.
    fn each_kept(&self, overlay: &Overlay, grid: &Grid, layers: &[Layer], kept: &IdSet, mut f: impl FnMut(Quantised, ItemKind, u32, usize)) {
        let check_replaced = !overlay.replaced.is_empty();
        for (r, rec) in self.records.iter().enumerate() {
            if !rec.kind.is_post() || !kept.contains(rec.id) {
                continue;
            }
            let Some(i) = grid.cell(rec.q) else { continue };
            let cat = (rec.category != NO_CATEGORY).then_some(rec.category);
            if !layers.iter().any(|l| l.holds(rec.kind, cat)) || (check_replaced && overlay.replaced.contains(&ItemKey::Post(rec.id))) {
                continue;
            }
            f(rec.q, rec.kind, r as u32, i);
        }
        for (i, it) in overlay.items.iter().enumerate() {
            if !it.kind.is_post() || !kept.contains(it.id) || !layers.iter().any(|l| l.holds(it.kind, it.category)) {
                continue;
            }
            let q = quantise(it.lon, it.lat);
            if let Some(cell) = grid.cell(q) {
                f(q, it.kind, OVERLAY_FLAG | i as u32, cell);
            }
        }
    }

    /// Up to `limit` items of a view one by one, spread over it, and whether it holds
    /// more: the list the map pages send in their HTML (`api::first_items`), before the
    /// browser's map draws clusters. With `kept` (the matches of words or places, from the
    /// post index), its posts only. Changes since the build come first (a post published
    /// a moment ago is listed), then a round over the view's cells takes one item of each
    /// in turn, so that the list covers the whole view rather than its first corner. The
    /// cells are taken in the order of their bit-reversed Morton codes: consecutive ones
    /// fall in different quarters of the view (Z-order would fill one quarter first).
    pub fn sample<'a>(&'a self, overlay: &'a Overlay, view: Viewport, layers: &[Layer], kept: Option<&IdSet>, limit: usize) -> (Vec<Feature<'a>>, bool) {
        let level = cell_level(view);
        let shift = 2 * (COORD_BITS - level);
        let (xs, y) = (x_ranges(view, level), y_range(view, level));
        let single = |r: u32| Cell { key: 0, count: 1, sum_x: 0, sum_y: 0, kinds: [0; KINDS], single: Some(r) };
        let wanted = |kind: ItemKind, id: i64| kept.is_none_or(|k| kind.is_post() && k.contains(id));
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for (i, it) in overlay.items.iter().enumerate() {
            let q = quantise(it.lon, it.lat);
            let (cx, cy) = ((q.x as u64) >> (COORD_BITS - level), (q.y as u64) >> (COORD_BITS - level));
            let in_view = (y.0..=y.1).contains(&cy) && xs.iter().any(|r| (r.0..=r.1).contains(&cx));
            if in_view && wanted(it.kind, it.id) && layers.iter().any(|l| l.holds(it.kind, it.category)) && seen.insert(it.key()) {
                if out.len() == limit {
                    return (out, true);
                }
                out.push(self.feature(single(OVERLAY_FLAG | i as u32), overlay));
            }
        }
        // Each cell's run of records in every layer read: (order, layer, next, end).
        let mut runs: Vec<(u64, &Sorted, usize, usize)> = Vec::new();
        let mut cells = Vec::new();
        for &range in &xs {
            for layer in layers {
                let Some(s) = self.layers.get(layer) else { continue };
                cells.clear();
                walk(s, level, range, y, &mut cells);
                for c in &cells {
                    let (start, end) = (c.key << shift, ((c.key + 1) << shift).wrapping_sub(1));
                    let lo = s.keys.partition_point(|&k| k < start);
                    let hi = s.keys.partition_point(|&k| k <= end);
                    runs.push((c.key.reverse_bits(), s, lo, hi));
                }
            }
        }
        runs.sort_by_key(|run| run.0);
        loop {
            let mut found = false;
            for run in runs.iter_mut() {
                // The cell's next wanted item.
                while run.2 < run.3 {
                    let r = run.1.records[run.2];
                    run.2 += 1;
                    let rec = &self.records[r as usize];
                    let key = ItemKey::of(rec.kind, rec.id);
                    if !wanted(rec.kind, rec.id) || overlay.replaced.contains(&key) || !seen.insert(key) {
                        continue;
                    }
                    if out.len() == limit {
                        return (out, true);
                    }
                    out.push(self.feature(single(r), overlay));
                    found = true;
                    break;
                }
            }
            if !found {
                return (out, false);
            }
        }
    }

    /// Every item of the view, one by one (few, see [`UNCLUSTER_ZOOM`]).
    fn points<'a>(&'a self, overlay: &'a Overlay, view: Viewport, level: u32, layers: &[Layer]) -> Vec<Feature<'a>> {
        let mut cells = Vec::new();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let shift = 2 * (COORD_BITS - level);
        for range in x_ranges(view, level) {
            for layer in layers {
                let Some(s) = self.layers.get(layer) else { continue };
                cells.clear();
                walk(s, level, range, y_range(view, level), &mut cells);
                for c in &cells {
                    let (start, end) = (c.key << shift, ((c.key + 1) << shift).wrapping_sub(1));
                    let lo = s.keys.partition_point(|&k| k < start);
                    let hi = s.keys.partition_point(|&k| k <= end);
                    for &r in &s.records[lo..hi] {
                        let rec = &self.records[r as usize];
                        let key = ItemKey::of(rec.kind, rec.id);
                        if !overlay.replaced.contains(&key) && seen.insert(key) {
                            out.push(self.feature(Cell { key: c.key, count: 1, sum_x: 0, sum_y: 0, kinds: [0; KINDS], single: Some(r) }, overlay));
                        }
                    }
                }
            }
        }
        let (xs, y) = (x_ranges(view, level), y_range(view, level));
        for (i, it) in overlay.items.iter().enumerate() {
            let q = quantise(it.lon, it.lat);
            let (cx, cy) = ((q.x as u64) >> (COORD_BITS - level), (q.y as u64) >> (COORD_BITS - level));
            let in_view = (y.0..=y.1).contains(&cy) && xs.iter().any(|r| (r.0..=r.1).contains(&cx));
            if in_view && layers.iter().any(|l| l.holds(it.kind, it.category)) && seen.insert(it.key()) {
                out.push(self.feature(Cell { key: 0, count: 1, sum_x: 0, sum_y: 0, kinds: [0; KINDS], single: Some(OVERLAY_FLAG | i as u32) }, overlay));
            }
        }
        out
    }

    /// Sums cells of the same key (several layers, or one cell in both halves of a
    /// wrapped view), then applies the overlay: the base points it replaces leave their
    /// cell, its visible items join theirs.
    fn merge_cells(&self, mut cells: Vec<Cell>, overlay: &Overlay, view: Viewport, level: u32, layers: &[Layer]) -> Vec<Cell> {
        let shift = 2 * (COORD_BITS - level);
        let (xs, y) = (x_ranges(view, level), y_range(view, level));
        let in_view = |q: Quantised| {
            let (cx, cy) = ((q.x as u64) >> (COORD_BITS - level), (q.y as u64) >> (COORD_BITS - level));
            (y.0..=y.1).contains(&cy) && xs.iter().any(|r| (r.0..=r.1).contains(&cx))
        };
        let wanted = |kind: ItemKind, cat: Option<u16>| layers.iter().any(|l| l.holds(kind, cat));
        for key in &overlay.replaced {
            let Some(r) = self.find(*key) else { continue };
            let rec = self.records[r as usize];
            let cat = (rec.category != NO_CATEGORY).then_some(rec.category);
            if wanted(rec.kind, cat) && in_view(rec.q) {
                cells.push(point_cell(rec.q, rec.kind, shift, -1, None));
            }
        }
        for (i, it) in overlay.items.iter().enumerate() {
            let q = quantise(it.lon, it.lat);
            if wanted(it.kind, it.category) && in_view(q) {
                cells.push(point_cell(q, it.kind, shift, 1, Some(OVERLAY_FLAG | i as u32)));
            }
        }
        cells.sort_by_key(|c| c.key);
        let mut merged: Vec<Cell> = Vec::with_capacity(cells.len());
        for c in cells {
            match merged.last_mut() {
                Some(last) if last.key == c.key => {
                    last.count = last.count.wrapping_add(c.count);
                    last.sum_x = last.sum_x.wrapping_add(c.sum_x);
                    last.sum_y = last.sum_y.wrapping_add(c.sum_y);
                    for k in 0..KINDS {
                        last.kinds[k] = last.kinds[k].wrapping_add(c.kinds[k]);
                    }
                    last.single = None;
                }
                _ => merged.push(c),
            }
        }
        // A cell left with one point after removals: find which.
        for c in merged.iter_mut().filter(|c| c.count == 1 && c.single.is_none()) {
            c.single = self.remaining_single(c.key, shift, overlay, layers);
        }
        merged
    }

    fn remaining_single(&self, cell: u64, shift: u32, overlay: &Overlay, layers: &[Layer]) -> Option<u32> {
        let (start, end) = (cell << shift, ((cell + 1) << shift).wrapping_sub(1));
        for (i, it) in overlay.items.iter().enumerate() {
            let key = morton(quantise(it.lon, it.lat));
            if key >= start && key <= end && layers.iter().any(|l| l.holds(it.kind, it.category)) {
                return Some(OVERLAY_FLAG | i as u32);
            }
        }
        for layer in layers {
            let Some(s) = self.layers.get(layer) else { continue };
            let lo = s.keys.partition_point(|&k| k < start);
            let hi = s.keys.partition_point(|&k| k <= end);
            for &r in &s.records[lo..hi] {
                let rec = &self.records[r as usize];
                if !overlay.replaced.contains(&ItemKey::of(rec.kind, rec.id)) {
                    return Some(r);
                }
            }
        }
        None
    }

    fn feature<'a>(&'a self, c: Cell, overlay: &'a Overlay) -> Feature<'a> {
        match c.single {
            Some(r) if c.count == 1 && r & OVERLAY_FLAG != 0 => {
                let it = &overlay.items[(r & !OVERLAY_FLAG) as usize];
                let structure = it.structure.and_then(|sid| self.structure_name(overlay, sid));
                Feature::Point(PointView { lon: it.lon, lat: it.lat, kind: it.kind, id: it.id, category: it.category, title: &it.title, slug: &it.slug, structure, in_progress: it.in_progress })
            }
            Some(r) if c.count == 1 => {
                let rec = &self.records[r as usize];
                let (lon, lat) = unquantise(rec.q.x as f64 + 0.5, rec.q.y as f64 + 0.5);
                let category = (rec.category != NO_CATEGORY).then_some(rec.category);
                let structure = match rec.structure {
                    NONE => None,
                    s => self.structure_name(overlay, self.records[s as usize].id),
                };
                Feature::Point(PointView { lon, lat, kind: rec.kind, id: rec.id, category, title: self.title(r), slug: self.slug(r), structure, in_progress: rec.in_progress })
            }
            _ => {
                let n = c.count.max(1) as f64;
                let (lon, lat) = unquantise(c.sum_x as f64 / n, c.sum_y as f64 / n);
                Feature::Cluster { lon, lat, count: c.count, kinds: c.kinds }
            }
        }
    }
}

/// The cells of a view at one level as a dense grid: its columns (one range, or two across
/// the antimeridian) side by side, then its rows.
struct Grid {
    xs: Vec<(u64, u64)>,
    y: (u64, u64),
    width: u64,
    down: u32,
}

impl Grid {
    fn of(view: Viewport, level: u32) -> Grid {
        let xs = x_ranges(view, level);
        let width = xs.iter().map(|r| r.1 - r.0 + 1).sum();
        Grid { xs, y: y_range(view, level), width, down: COORD_BITS - level }
    }

    fn len(&self) -> usize {
        (self.width * (self.y.1 - self.y.0 + 1)) as usize
    }

    /// The grid index of a point's cell, `None` outside the view.
    #[inline]
    fn cell(&self, q: Quantised) -> Option<usize> {
        let (cx, cy) = ((q.x as u64) >> self.down, (q.y as u64) >> self.down);
        if cy < self.y.0 || cy > self.y.1 {
            return None;
        }
        let mut offset = 0;
        for &(a, b) in &self.xs {
            if (a..=b).contains(&cx) {
                return Some(((cy - self.y.0) * self.width + offset + (cx - a)) as usize);
            }
            offset += b - a + 1;
        }
        None
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn floor_char_boundary(s: &str, max: usize) -> usize {
    (0..=max.min(s.len())).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0)
}

/// Marks a « record number » as an index into the overlay's items.
const OVERLAY_FLAG: u32 = 1 << 31;

fn point_cell(q: Quantised, kind: ItemKind, shift: u32, sign: i64, single: Option<u32>) -> Cell {
    // Removals are added as two's-complement negatives; the sums wrap back.
    let signed = |v: u64| if sign < 0 { v.wrapping_neg() } else { v };
    let mut kinds = [0u32; KINDS];
    kinds[kind as usize] = if sign < 0 { u32::MAX } else { 1 };
    Cell {
        key: morton(q) >> shift,
        count: if sign < 0 { u32::MAX } else { 1 },
        sum_x: signed(q.x as u64),
        sum_y: signed(q.y as u64),
        kinds,
        single,
    }
}

/// The layers a record belongs to.
fn layers_of(rec: &Record) -> impl Iterator<Item = Layer> {
    let cat = (rec.category != NO_CATEGORY).then_some(rec.category);
    [Some(Layer::All), Some(Layer::Kind(rec.kind)), cat.map(Layer::Category), cat.map(|c| Layer::KindCategory(rec.kind, c))].into_iter().flatten()
}

/// The cell level of a view: a quarter tile at its zoom, coarser when the view is so
/// wide that it would hold more than [`MAX_CELLS`] cells.
fn cell_level(view: Viewport) -> u32 {
    let mut level = view.zoom.min(MAX_ZOOM) as u32 + CELL_BITS;
    let width = (view.max_lon - view.min_lon).clamp(0.0, 360.0) / 360.0;
    let (_, y0) = norm(view.min_lon, view.max_lat);
    let (_, y1) = norm(view.min_lon, view.min_lat);
    let height = (y1 - y0).max(0.0);
    while level > 0 && (width * (1u64 << level) as f64 + 1.0) * (height * (1u64 << level) as f64 + 1.0) > MAX_CELLS as f64 {
        level -= 1;
    }
    level
}

fn norm(lon: f64, lat: f64) -> (f64, f64) {
    let q = quantise(lon, lat);
    (q.x as f64 / SCALE, q.y as f64 / SCALE)
}

/// The view's cell columns at `level` (inclusive), one range, or two when the view
/// crosses the antimeridian. Longitudes are wrapped into [-180, 180).
fn x_ranges(view: Viewport, level: u32) -> Vec<(u64, u64)> {
    let cells = 1u64 << level;
    let col = |lon: f64| (((lon / 360.0 + 0.5) * cells as f64).floor() as i64).clamp(0, cells as i64 - 1) as u64;
    if view.max_lon - view.min_lon >= 360.0 {
        return vec![(0, cells - 1)];
    }
    let wrap = |lon: f64| (lon + 180.0).rem_euclid(360.0) - 180.0;
    let (a, b) = (wrap(view.min_lon), wrap(view.max_lon));
    if a <= b { vec![(col(a), col(b))] } else { vec![(col(a), cells - 1), (0, col(b))] }
}

fn y_range(view: Viewport, level: u32) -> (u64, u64) {
    let shift = COORD_BITS - level;
    let top = quantise(0.0, view.max_lat).y as u64 >> shift;
    let bottom = quantise(0.0, view.min_lat).y as u64 >> shift;
    (top, bottom)
}

/// Walks the implicit quadtree of `s` down to `level`, pushing the non-empty cells that
/// meet the columns `x` and rows `y` (inclusive, at `level`), in Morton order.
fn walk(s: &Sorted, level: u32, x: (u64, u64), y: (u64, u64), out: &mut Vec<Cell>) {
    if s.keys.is_empty() {
        return;
    }
    // Start from the coarsest cell holding the whole box, found by key range.
    let mut stack: Vec<(u32, u64, u64, usize, usize)> = vec![(0, 0, 0, 0, s.keys.len())];
    while let Some((l, cx, cy, lo, hi)) = stack.pop() {
        if l == level {
            let cell_key = (spread(cx as u32) | (spread(cy as u32) << 1)) as u64;
            out.push(s.cell(cell_key, lo, hi));
            continue;
        }
        // The four children, pushed in reverse Morton order so they pop in order.
        let shift_below = 2 * (COORD_BITS - (l + 1));
        let child_base = (spread(cx as u32) | (spread(cy as u32) << 1)) << 2;
        let mut bounds = [lo; 5];
        bounds[4] = hi;
        for q in 1..4u64 {
            let start = (child_base | q) << shift_below;
            bounds[q as usize] = lo + s.keys[lo..hi].partition_point(|&k| k < start);
        }
        for q in (0..4u64).rev() {
            let (clo, chi) = (bounds[q as usize], bounds[q as usize + 1]);
            if clo == chi {
                continue;
            }
            let (ccx, ccy) = (cx * 2 + (q & 1), cy * 2 + (q >> 1));
            // The child's span of columns and rows at the target level.
            let span = level - (l + 1);
            let (x0, x1) = (ccx << span, ((ccx + 1) << span) - 1);
            let (y0, y1) = (ccy << span, ((ccy + 1) << span) - 1);
            if x1 < x.0 || x0 > x.1 || y1 < y.0 || y0 > y.1 {
                continue;
            }
            stack.push((l + 1, ccx, ccy, clo, chi));
        }
    }
}

/// Changes since the index was built: items added or changed (their current state) and
/// the base items they replace or that left the map.
#[derive(Clone, Debug, Default)]
pub struct Overlay {
    pub items: Vec<Item>,
    pub replaced: HashSet<ItemKey>,
}

impl Overlay {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.replaced.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len() + self.replaced.len()
    }

    /// Records the current state of `key`: `Some` if it is on the map, `None` if it left.
    pub fn set(&mut self, base: &MapIndex, key: ItemKey, current: Option<Item>) {
        self.items.retain(|it| it.key() != key);
        if base.contains(key) {
            self.replaced.insert(key);
        }
        if let Some(it) = current {
            self.items.push(it);
        }
    }
}

/// The base items with an overlay folded in: what the next build starts from.
pub fn fold(base: &MapIndex, overlay: &Overlay) -> Vec<Item> {
    let mut items: Vec<Item> = base.items().filter(|it| !overlay.replaced.contains(&it.key())).collect();
    items.extend(overlay.items.iter().cloned());
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no dependency for tests).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> f64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    fn items(n: usize, seed: u64) -> Vec<Item> {
        let mut r = Lcg(seed);
        (0..n)
            .map(|i| {
                let kind = ItemKind::ALL[(r.next() * KINDS as f64) as usize % KINDS];
                // Half around Lyon, half over France.
                let (lon, lat) = if r.next() < 0.5 { (4.8 + r.next() * 0.1, 45.7 + r.next() * 0.1) } else { (-5.0 + r.next() * 14.0, 42.0 + r.next() * 9.0) };
                let category = kind.is_post().then(|| (r.next() * 4.0) as u16);
                let slug = if kind == ItemKind::Structure { format!("structure-{i}") } else { String::new() };
                Item { kind, id: i as i64 + 1, category, lon, lat, title: format!("Annonce {i}"), slug, structure: None, in_progress: false }
            })
            .collect()
    }

    /// What a query must return, computed the slow way: the points of each cell.
    fn expected(items: &[Item], view: Viewport, layers: &[Layer]) -> (usize, [u32; KINDS], Vec<i64>) {
        let level = cell_level(view);
        let (xs, y) = (x_ranges(view, level), y_range(view, level));
        let mut cells: BTreeMap<u64, Vec<&Item>> = BTreeMap::new();
        for it in items.iter().filter(|it| layers.iter().any(|l| l.holds(it.kind, it.category))) {
            let q = quantise(it.lon, it.lat);
            let (cx, cy) = ((q.x as u64) >> (COORD_BITS - level), (q.y as u64) >> (COORD_BITS - level));
            if (y.0..=y.1).contains(&cy) && xs.iter().any(|r| (r.0..=r.1).contains(&cx)) {
                cells.entry(morton(q) >> (2 * (COORD_BITS - level))).or_default().push(it);
            }
        }
        let mut kinds = [0u32; KINDS];
        let mut singles = Vec::new();
        for pts in cells.values() {
            pts.iter().for_each(|it| kinds[it.kind as usize] += 1);
            if pts.len() == 1 {
                singles.push(pts[0].id);
            }
        }
        singles.sort();
        (cells.len(), kinds, singles)
    }

    fn summary(features: &[Feature<'_>]) -> (usize, [u32; KINDS], Vec<i64>) {
        let mut kinds = [0u32; KINDS];
        let mut singles = Vec::new();
        for f in features {
            match f {
                Feature::Cluster { count, kinds: k, .. } => {
                    assert!(*count > 1);
                    assert_eq!(k.iter().sum::<u32>(), *count);
                    (0..KINDS).for_each(|i| kinds[i] += k[i]);
                }
                Feature::Point(PointView { kind, id, .. }) => {
                    kinds[*kind as usize] += 1;
                    singles.push(*id);
                }
            }
        }
        singles.sort();
        (features.len(), kinds, singles)
    }

    fn views() -> Vec<Viewport> {
        let mut r = Lcg(7);
        let mut v: Vec<Viewport> = (0..60)
            .map(|i| {
                let zoom = 3 + (i % 15) as u8;
                let w = 360.0 / f64::from(1u32 << zoom) * 4.0;
                let (cx, cy) = (-2.0 + r.next() * 10.0, 43.0 + r.next() * 6.0);
                Viewport { min_lon: cx - w / 2.0, min_lat: cy - w * 0.3, max_lon: cx + w / 2.0, max_lat: cy + w * 0.3, zoom }
            })
            .collect();
        // Around Lyon, zoomed in; the whole world past the antimeridian (Leaflet at zoom 0).
        v.push(Viewport { min_lon: 4.8, min_lat: 45.7, max_lon: 4.9, max_lat: 45.8, zoom: 14 });
        v.push(Viewport { min_lon: -250.0, min_lat: -85.0, max_lon: 250.0, max_lat: 85.0, zoom: 0 });
        v.push(Viewport { min_lon: 170.0, min_lat: 40.0, max_lon: 190.0, max_lat: 50.0, zoom: 4 });
        v
    }

    #[test]
    fn quantising_round_trips() {
        for (lon, lat) in [(2.3522, 48.8566), (-4.49, 48.39), (7.26, 43.70), (-179.9, -80.0), (179.9, 80.0)] {
            let q = quantise(lon, lat);
            let (lon2, lat2) = unquantise(q.x as f64 + 0.5, q.y as f64 + 0.5);
            assert!((lon - lon2).abs() < 1e-6 && (lat - lat2).abs() < 1e-6, "{lon},{lat} → {lon2},{lat2}");
        }
        assert_eq!(morton(Quantised { x: 0b11, y: 0b01 }), 0b0111);
    }

    #[test]
    fn queries_match_a_slow_grouping() {
        let all = items(5_000, 1);
        let index = MapIndex::build(all.clone());
        let none = Overlay::default();
        for view in views() {
            for layers in [vec![Layer::All], vec![Layer::Category(2)], vec![Layer::KindCategory(ItemKind::Need, 1)], Layer::for_filter(&[ItemKind::Offer, ItemKind::Structure], &[])] {
                assert_eq!(summary(&index.query(&none, view, &layers)), expected(&all, view, &layers), "{view:?} {layers:?}");
            }
        }
    }

    #[test]
    fn responses_stay_bounded() {
        let index = MapIndex::build(items(20_000, 2));
        let huge = Viewport { min_lon: -180.0, min_lat: -85.0, max_lon: 180.0, max_lat: 85.0, zoom: 20 };
        assert!(index.query(&Overlay::default(), huge, &[Layer::All]).len() as u64 <= MAX_CELLS);
    }

    #[test]
    fn a_sample_lists_items_of_the_view_and_its_layers_spread_over_it() {
        let all = items(5_000, 11);
        let index = MapIndex::build(all.clone());
        let mut overlay = Overlay::default();
        // One item removed, one added since the build: the sample reads them as current.
        let removed = all.iter().find(|it| it.lon > 4.8 && it.lon < 4.9 && it.lat > 45.7 && it.lat < 45.8).unwrap().clone();
        overlay.set(&index, removed.key(), None);
        let added = Item { id: 99_999, kind: ItemKind::Need, category: Some(1), lon: 4.85, lat: 45.75, title: "Nouvelle".into(), slug: String::new(), structure: None, in_progress: false };
        overlay.set(&index, added.key(), Some(added.clone()));
        let lyon = Viewport { min_lon: 4.8, min_lat: 45.7, max_lon: 4.9, max_lat: 45.8, zoom: 13 };
        let ids = |f: &[Feature<'_>]| f.iter().map(|f| match f { Feature::Point(p) => p.id, Feature::Cluster { .. } => panic!("a cluster in a sample") }).collect::<Vec<_>>();
        for layers in [vec![Layer::All], vec![Layer::Kind(ItemKind::Structure)], Layer::for_filter(&[ItemKind::Need], &[1, 2])] {
            let current: Vec<&Item> = all.iter().chain([&added]).filter(|it| it.key() != removed.key()).collect();
            let in_view: HashSet<i64> = current.iter()
                .filter(|it| it.lon >= 4.8 && it.lon <= 4.9 && it.lat >= 45.7 && it.lat <= 45.8 && layers.iter().any(|l| l.holds(it.kind, it.category)))
                .map(|it| it.id)
                .collect();
            assert!(in_view.len() > 60, "the view holds more than the sample: {}", in_view.len());
            let (sample, more) = index.sample(&overlay, lyon, &layers, None, 50);
            let got = ids(&sample);
            assert_eq!(got.len(), 50, "{layers:?}");
            assert!(more);
            assert_eq!(got.iter().collect::<HashSet<_>>().len(), 50, "no item twice");
            // Cells at the view's edge may reach a little past it: within a cell (64 px).
            let near: HashSet<i64> = current.iter()
                .filter(|it| it.lon >= 4.79 && it.lon <= 4.91 && it.lat >= 45.69 && it.lat <= 45.81 && layers.iter().any(|l| l.holds(it.kind, it.category)))
                .map(|it| it.id)
                .collect();
            assert!(got.iter().all(|id| near.contains(id)), "{layers:?}: only items of the view and its layers");
            assert!(!got.contains(&removed.id));
            assert_eq!(got.contains(&added.id), layers.iter().any(|l| l.holds(added.kind, added.category)), "the new item first");
            // Spread: items from all four quarters of the view.
            let quarters: HashSet<(bool, bool)> = sample.iter().filter_map(|f| match f { Feature::Point(p) => Some((p.lon > 4.85, p.lat > 45.75)), _ => None }).collect();
            assert_eq!(quarters.len(), 4, "{layers:?}: the sample covers the view");
            // A limit above the view's count lists all of it.
            let (whole, more) = index.sample(&overlay, lyon, &layers, None, 10_000);
            assert!(!more);
            assert!(ids(&whole).iter().filter(|id| in_view.contains(id)).count() == in_view.len());
        }
        // With the matches of words or places (`kept`): those posts of the view only,
        // never a structure.
        let chosen: Vec<i64> = all
            .iter()
            .filter(|it| it.kind.is_post() && it.id != removed.id && it.lon > 4.81 && it.lon < 4.89 && it.lat > 45.71 && it.lat < 45.79)
            .map(|it| it.id)
            .take(7)
            .collect();
        let mut kept = IdSet::default();
        for &id in &chosen {
            kept.insert(id);
        }
        kept.insert(all.iter().find(|it| it.kind == ItemKind::Structure).unwrap().id);
        kept.insert(all.iter().find(|it| it.kind.is_post() && it.lon < 0.0).unwrap().id);
        let (found, more) = index.sample(&overlay, lyon, &[Layer::All], Some(&kept), 50);
        assert!(!more);
        let mut found = ids(&found);
        found.sort();
        assert_eq!(found, chosen);
    }

    #[test]
    fn an_overlay_reads_like_a_rebuild() {
        let all = items(3_000, 3);
        let index = MapIndex::build(all.clone());
        let mut overlay = Overlay::default();
        let mut r = Lcg(11);
        // Moves, removals, new items, a post edited from need to offer.
        for id in (1..=3_000).step_by(37) {
            let old = &all[id - 1];
            let current = (r.next() < 0.7).then(|| Item { lon: old.lon + 0.01, kind: if old.kind == ItemKind::Need { ItemKind::Offer } else { old.kind }, ..old.clone() });
            overlay.set(&index, old.key(), current);
        }
        for extra in items(200, 4) {
            overlay.set(&index, ItemKey::of(extra.kind, extra.id + 10_000), Some(Item { id: extra.id + 10_000, ..extra }));
        }
        let rebuilt_items = fold(&index, &overlay);
        let rebuilt = MapIndex::build(rebuilt_items.clone());
        for view in views() {
            for layers in [vec![Layer::All], Layer::for_filter(&[ItemKind::Need], &[1, 2])] {
                let merged = summary(&index.query(&overlay, view, &layers));
                assert_eq!(merged, summary(&rebuilt.query(&Overlay::default(), view, &layers)), "{view:?} {layers:?}");
                assert_eq!(merged, expected(&rebuilt_items, view, &layers));
            }
        }
    }

    #[test]
    fn street_level_shows_items_sharing_an_address() {
        let same = |id: i64| Item { kind: ItemKind::Need, id, category: Some(1), lon: 4.4197, lat: 44.0125, title: format!("Besoin {id}"), slug: String::new(), structure: None, in_progress: false };
        let index = MapIndex::build((1..=4).map(same));
        let mut overlay = Overlay::default();
        overlay.set(&index, ItemKey::Post(2), None);
        overlay.set(&index, ItemKey::Post(9), Some(same(9)));
        let view = |zoom| Viewport { min_lon: 4.41, min_lat: 44.01, max_lon: 4.43, max_lat: 44.02, zoom };
        let grouped = index.query(&overlay, view(16), &[Layer::All]);
        assert!(matches!(grouped[..], [Feature::Cluster { count: 4, .. }]), "{grouped:?}");
        let mut ids: Vec<i64> = index.query(&overlay, view(17), &[Layer::All]).iter().map(|f| match f { Feature::Point(p) => p.id, _ => 0 }).collect();
        ids.sort();
        assert_eq!(ids, vec![1, 3, 4, 9]);
    }

    #[test]
    fn posts_carry_their_structures_current_name() {
        let place = |kind, id, structure, title: &str| Item { kind, id, category: kind.is_post().then_some(1), lon: 4.42, lat: 44.01 + id as f64 * 0.001, title: title.into(), slug: format!("s{id}"), structure, in_progress: id == 2 };
        let index = MapIndex::build([place(ItemKind::Structure, 1, None, "Garage solidaire"), place(ItemKind::Need, 2, Some(1), "Cric"), place(ItemKind::Offer, 3, Some(5), "Scie")]);
        let view = Viewport { min_lon: 4.0, min_lat: 43.9, max_lon: 5.0, max_lat: 44.1, zoom: 18 };
        let names = |overlay: &Overlay| -> Vec<(i64, Option<String>, bool)> {
            let mut v: Vec<_> = index.query(overlay, view, &[Layer::All]).into_iter().filter_map(|f| match f { Feature::Point(p) => Some((p.id, p.structure.map(str::to_string), p.in_progress)), _ => None }).collect();
            v.sort();
            v
        };
        let none = Overlay::default();
        assert_eq!(names(&none), vec![(1, None, false), (2, Some("Garage solidaire".into()), true), (3, None, false)]);
        let mut renamed = Overlay::default();
        renamed.set(&index, ItemKey::Structure(1), Some(place(ItemKind::Structure, 1, None, "Garage des Cévennes")));
        assert_eq!(names(&renamed)[1], (2, Some("Garage des Cévennes".into()), true));
    }

    #[test]
    fn filters_pick_layers() {
        assert_eq!(Layer::for_filter(&[], &[]), vec![Layer::All]);
        assert_eq!(Layer::for_filter(&ItemKind::ALL, &[]), vec![Layer::All]);
        assert_eq!(Layer::for_filter(&[ItemKind::Structure], &[]), vec![Layer::Kind(ItemKind::Structure)]);
        assert_eq!(Layer::for_filter(&[], &[3]), vec![Layer::Category(3)]);
        assert_eq!(Layer::for_filter(&[ItemKind::Need], &[3, 4]), vec![Layer::KindCategory(ItemKind::Need, 3), Layer::KindCategory(ItemKind::Need, 4)]);
        assert!(Layer::for_filter(&[ItemKind::Structure], &[3]).is_empty(), "structures have no category");
        assert!(Layer::for_filter(&[ItemKind::Resource, ItemKind::Structure], &[3]).is_empty(), "nor have resources");
        assert_eq!(Layer::for_filter(&[ItemKind::Resource], &[]), vec![Layer::Kind(ItemKind::Resource)]);
    }
}
