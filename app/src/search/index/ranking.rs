//! Ranking in memory: a search's matches among the index's posts, all counted and
//! ordered exactly ([`Inner::rank`]), or gathered as a set of ids for the map
//! ([`Inner::matching`]).

use std::collections::HashSet;
use std::sync::Arc;

use super::{Commune, Doc, Inner, MATCHES_KEPT, MatchKey, Territory};
use crate::model::{BBox, PostKind, ShareSort};
use crate::search::{IdSet, KM_PER_DEGREE, Origin, PostSearch, Ranked, RankedPost, term_weight};

impl Inner {
    pub(super) fn rank(&self, s: &PostSearch, categories: &[i64], territory: Option<&Territory>, offset: i64, count: i64) -> Ranked {
        let Some(filters) = self.filters(s, categories, territory) else {
            return Ranked::default();
        };
        let limit = s.limit.max(0);
        let mut offset = offset.clamp(0, limit);
        // The first `wanted` in order hold the page, and the first page in case the
        // offset is past the end (known only once every match is counted).
        let wanted = (offset + count.max(0)).min(limit) as usize;
        let mut best = Best::new(wanted, s.sort);
        let relevance = s.sort == ShareSort::Relevance;
        match &s.words[..] {
            [] => {
                for slot in 0..self.docs.len() as u32 {
                    self.offer(&mut best, &filters, s, slot, |_| 0.0);
                }
            }
            // One word (the common case): its postings straight, no vector per match.
            [word] => {
                for p in self.postings(word).iter() {
                    self.offer(&mut best, &filters, s, p.slot, |d| if relevance { term_weight(i64::from(p.tf), i64::from(d.len)) } else { 0.0 });
                }
            }
            words => {
                let (candidates, tfs) = self.holding_all(words);
                for (k, &slot) in candidates.iter().enumerate() {
                    self.offer(&mut best, &filters, s, slot, |d| {
                        // `search::relevance`, without a vector per match.
                        if relevance { tfs.iter().map(|t| term_weight(i64::from(t[k]), i64::from(d.len))).sum() } else { 0.0 }
                    });
                }
            }
        }
        let found = best.found;
        let total = found.min(limit);
        if offset >= total && offset > 0 {
            // Past the end (an old link): the first page.
            offset = 0;
        }
        let end = (offset + count.max(0)).min(total) as usize;
        let posts = best
            .into_sorted()
            .get(offset as usize..end)
            .unwrap_or_default()
            .iter()
            .map(|m| RankedPost { id: m.id, km: m.sq.map(|sq| sq.sqrt() * KM_PER_DEGREE) })
            .collect();
        Ranked { posts, total, more: found > limit }
    }

    /// [`Inner::matching`] without a territory, from the sets kept for the last searches
    /// when one of them is the same search.
    pub(super) fn kept_matching(&self, s: &PostSearch, categories: Vec<i64>) -> Arc<IdSet> {
        let key = MatchKey {
            words: s.words.clone(),
            kind: s.kind,
            categories,
            commune: s.commune.clone(),
            departement: s.departement.clone(),
            bbox: s.bbox,
            within: s.within,
            since: s.since,
        };
        let known = self.matches.lock().unwrap_or_else(|e| e.into_inner()).iter().find(|(k, _)| *k == key).map(|(_, set)| set.clone());
        if let Some(set) = known {
            return set;
        }
        let set = Arc::new(self.matching(s, &key.categories, None));
        let mut matches = self.matches.lock().unwrap_or_else(|e| e.into_inner());
        if matches.iter().any(|(k, _)| *k == key) {
            return set; // computed meanwhile by another search
        }
        if matches.len() >= MATCHES_KEPT {
            matches.remove(0);
        }
        matches.push((key, set.clone()));
        set
    }

    pub(super) fn matching(&self, s: &PostSearch, categories: &[i64], territory: Option<&Territory>) -> IdSet {
        let mut set = IdSet::default();
        let Some(filters) = self.filters(s, categories, territory) else {
            return set;
        };
        let mut add = |slot: u32| {
            let doc = &self.docs[slot as usize];
            if doc.live && filters.keep(doc) {
                set.insert(doc.id);
            }
        };
        match &s.words[..] {
            [] => (0..self.docs.len() as u32).for_each(&mut add),
            [word] => self.postings(word).iter().for_each(|p| add(p.slot)),
            words => self.holding_all(words).0.into_iter().for_each(&mut add),
        }
        set
    }

    /// Counts the post in `slot` if it is live and passes the filters, and keeps it if it
    /// is among the best so far (`score` is computed only then).
    #[inline]
    fn offer(&self, best: &mut Best, filters: &Filters<'_>, s: &PostSearch, slot: u32, score: impl FnOnce(&Doc) -> f64) {
        let doc = &self.docs[slot as usize];
        if !doc.live || !filters.keep(doc) {
            return;
        }
        let sq = s.origin.filter(|_| doc.has_point()).map(|o| o.squared(doc.lat, doc.lon));
        best.offer(Match { sq, score: score(doc), published: doc.published, id: doc.id, urgency: doc.urgency });
    }

    /// The live posts holding every word, by slot, with each word's frequency (one vector
    /// per word, aligned with the slots).
    fn holding_all(&self, words: &[String]) -> (Vec<u32>, Vec<Vec<u16>>) {
        let mut candidates: Vec<u32> = Vec::new();
        let mut tfs: Vec<Vec<u16>> = Vec::new();
        for (i, word) in words.iter().enumerate() {
            let list = self.postings(word);
            if i == 0 {
                let live = list.iter().filter(|p| self.docs[p.slot as usize].live);
                let (slots, tf): (Vec<u32>, Vec<u16>) = live.map(|p| (p.slot, p.tf)).unzip();
                candidates = slots;
                tfs.push(tf);
                continue;
            }
            // Both in slot order: one merge.
            let (mut kept, mut kept_tfs, mut tf) = (Vec::new(), vec![Vec::new(); tfs.len()], Vec::new());
            let mut j = 0;
            for (k, &slot) in candidates.iter().enumerate() {
                while j < list.len() && list[j].slot < slot {
                    j += 1;
                }
                if j < list.len() && list[j].slot == slot {
                    kept.push(slot);
                    for (w, t) in tfs.iter().enumerate() {
                        kept_tfs[w].push(t[k]);
                    }
                    tf.push(list[j].tf);
                }
            }
            kept_tfs.push(tf);
            candidates = kept;
            tfs = kept_tfs;
        }
        (candidates, tfs)
    }
}

/// The first `keep` matches in the list order among those offered, and how many were
/// offered: a buffer cut back to the best `keep` whenever it doubles, so tens of
/// thousands of matches cost one comparison each once the buffer is warm (a match not
/// better than the last kept one is dropped at once).
struct Best {
    keep: usize,
    sort: ShareSort,
    kept: Vec<Match>,
    /// The last of the best `keep` at the previous cut.
    worst: Option<Match>,
    found: i64,
}

impl Best {
    fn new(keep: usize, sort: ShareSort) -> Self {
        Best { keep, sort, kept: Vec::with_capacity(2 * keep.max(64)), worst: None, found: 0 }
    }

    #[inline]
    fn offer(&mut self, m: Match) {
        self.found += 1;
        if self.keep == 0 || self.worst.as_ref().is_some_and(|w| m.compare(self.sort, w).is_ge()) {
            return;
        }
        self.kept.push(m);
        if self.kept.len() >= 2 * self.keep.max(64) {
            self.cut();
        }
    }

    fn cut(&mut self) {
        if self.kept.len() > self.keep {
            let sort = self.sort;
            self.kept.select_nth_unstable_by(self.keep - 1, |a, b| a.compare(sort, b));
            self.kept.truncate(self.keep);
            self.worst = Some(self.kept[self.keep - 1]);
        }
    }

    fn into_sorted(mut self) -> Vec<Match> {
        self.cut();
        let sort = self.sort;
        self.kept.sort_unstable_by(|a, b| a.compare(sort, b));
        self.kept
    }
}

/// A matching post: its squared distance from the origin (in degrees of latitude),
/// relevance, and its other sort keys — copied here so that ordering tens of thousands
/// of matches reads them in a row rather than from every post.
#[derive(Clone, Copy)]
struct Match {
    sq: Option<f64>,
    score: f64,
    published: i64,
    id: i64,
    urgency: u8,
}

impl Match {
    /// The list order (the same as the database path's `sql::push_sort`).
    fn compare(&self, sort: ShareSort, b: &Match) -> std::cmp::Ordering {
        let a = self;
        let newest = || b.published.cmp(&a.published).then(b.id.cmp(&a.id));
        match sort {
            ShareSort::Recent => newest(),
            ShareSort::Urgency => a.urgency.cmp(&b.urgency).then_with(newest),
            ShareSort::Distance => match (a.sq, b.sq) {
                (Some(x), Some(y)) => x.total_cmp(&y).then(b.id.cmp(&a.id)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => b.id.cmp(&a.id),
            },
            ShareSort::Relevance => b.score.total_cmp(&a.score).then_with(newest),
        }
    }
}


/// A search's filters other than words, resolved against the index: ids as the posts
/// hold them, and the communes of its commune or département.
struct Filters<'a> {
    kind: Option<PostKind>,
    /// Empty: all.
    categories: Vec<u32>,
    /// Per commune of the table, whether it is in the place (a bitmap: no hashing per post).
    communes: Option<Vec<bool>>,
    territory: Option<(HashSet<u32>, Vec<bool>)>,
    bbox: Option<BBox>,
    /// The centre and the squared radius (`Origin::squared`'s unit).
    within: Option<(Origin, f64)>,
    /// Microseconds since 1970.
    since: Option<i64>,
    communes_table: &'a [Commune],
}

impl Inner {
    /// `None` when nothing can match (no category id the posts can hold).
    fn filters(&self, s: &PostSearch, categories: &[i64], territory: Option<&Territory>) -> Option<Filters<'_>> {
        let of = |keep: &dyn Fn(&Commune) -> bool| -> Vec<bool> { self.communes.iter().map(keep).collect() };
        let communes = match (&s.commune, &s.departement) {
            (None, None) => None,
            (c, d) => Some(of(&|co: &Commune| {
                c.as_deref().is_none_or(|c| &*co.insee == c) && d.as_deref().is_none_or(|d| co.departement.as_deref() == Some(d))
            })),
        };
        let territory = territory.map(|t| {
            let structures = t.structures.iter().filter_map(|id| u32::try_from(*id).ok()).collect();
            (structures, of(&|co: &Commune| t.communes.contains(&*co.insee)))
        });
        let wanted = categories.len();
        let categories: Vec<u32> = categories.iter().filter_map(|c| u32::try_from(*c).ok()).collect();
        if wanted > 0 && categories.is_empty() {
            return None;
        }
        Some(Filters {
            kind: s.kind,
            categories,
            communes,
            territory,
            bbox: s.bbox,
            within: s.within.map(|(o, km)| (o, (km / KM_PER_DEGREE).powi(2))),
            since: s.since.map(|t| t.timestamp_micros()),
            communes_table: &self.communes,
        })
    }
}

impl Filters<'_> {
    /// The search's filters other than words (`sql::push_place` and the rest).
    fn keep(&self, d: &Doc) -> bool {
        self.kind.is_none_or(|k| k == d.kind)
            && (self.categories.is_empty() || self.categories.contains(&d.category))
            && self.communes.as_ref().is_none_or(|set| in_set(set, d.commune))
            && self.territory.as_ref().is_none_or(|(structures, communes)| structures.contains(&d.structure) || in_set(communes, d.commune))
            && self.bbox.is_none_or(|b| {
                d.has_point()
                    && inside(b, (d.lat, d.lon))
                    && (d.address || self.communes_table.get(d.commune as usize).and_then(|c| c.centroid).is_some_and(|c| inside(b, c)))
            })
            && self.within.is_none_or(|(o, sq)| d.has_point() && o.squared(d.lat, d.lon) <= sq)
            && self.since.is_none_or(|t| d.published >= t)
    }
}

fn in_set(set: &[bool], commune: u32) -> bool {
    set.get(commune as usize).copied().unwrap_or(false)
}

fn inside(b: BBox, (lat, lon): (f64, f64)) -> bool {
    lat >= b.min_lat && lat <= b.max_lat && lon >= b.min_lon && lon <= b.max_lon
}

