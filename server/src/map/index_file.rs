//! The map index saved to a file after each full build and read back at start-up, so a
//! restarted instance serves its map in about a second instead of reading every item
//! from the database (8 s at a million posts on SQLite). The file holds the records and
//! their text, plus a stamp: the last change of `map_changes` the index includes, and
//! that change's item. At start-up the stamp must still be in the database's log,
//! naming the same item (else the file belongs to another database, or the log was
//! trimmed past it, and everything is read from the database); the instance then
//! follows the log from there like after any build.
//!
//! Plain little-endian fields (no serialisation library for two arrays); every field
//! read back is checked, so a damaged file is refused, never trusted.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use app::change_log::Item;

use super::index::{ItemKind, MapIndex, NO_CATEGORY, NONE, Quantised, Record};

const MAGIC: &[u8; 8] = b"COINMAP3";
const RECORD_BYTES: usize = 32;

/// Where the index stood in the change log when it was built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub seq: i64,
    /// The change at `seq`: its item.
    pub item: Item,
}

/// The stamp's item as one byte and an id.
fn item_bytes(item: Item) -> (u8, i64) {
    match item {
        Item::Post(id) => (0, id),
        Item::Structure(id) => (1, id),
        Item::Resource(id) => (2, id),
    }
}

/// Writes the index next to `path` then moves it there, so a reader never sees half a
/// file (and of two instances sharing the path, the last to finish wins whole).
pub fn save(path: &Path, index: &MapIndex, stamp: Stamp) -> io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = temp_path(path);
    let (records, titles) = index.raw_parts();
    {
        let mut w = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
        w.write_all(MAGIC)?;
        w.write_all(&stamp.seq.to_le_bytes())?;
        let (kind, id) = item_bytes(stamp.item);
        w.write_all(&[kind])?;
        w.write_all(&id.to_le_bytes())?;
        w.write_all(&(records.len() as u64).to_le_bytes())?;
        w.write_all(&(titles.len() as u64).to_le_bytes())?;
        for r in records {
            w.write_all(&encode(r))?;
        }
        w.write_all(titles.as_bytes())?;
        w.flush()?;
    }
    std::fs::rename(&tmp, path)
}

/// Reads an index saved by [`save`]; an error if the file is missing or not sound.
pub fn load(path: &Path) -> io::Result<(MapIndex, Stamp)> {
    let mut r = BufReader::with_capacity(1 << 20, File::open(path)?);
    let mut magic = [0u8; 8];
    r.read_exact(&mut magic)?;
    if &magic != MAGIC {
        return Err(invalid("not a map index file of this version"));
    }
    let seq = read_i64(&mut r)?;
    let mut flag = [0u8; 1];
    r.read_exact(&mut flag)?;
    let item_id = read_i64(&mut r)?;
    let item = match flag[0] {
        0 => Item::Post(item_id),
        1 => Item::Structure(item_id),
        2 => Item::Resource(item_id),
        _ => return Err(invalid("stamp")),
    };
    let stamp = Stamp { seq, item };
    let count = usize::try_from(read_i64(&mut r)?).map_err(|_| invalid("record count"))?;
    let text_len = usize::try_from(read_i64(&mut r)?).map_err(|_| invalid("text length"))?;
    let size = std::fs::metadata(path)?.len() as usize;
    if count.checked_mul(RECORD_BYTES).and_then(|n| n.checked_add(text_len)).and_then(|n| n.checked_add(41)) != Some(size) {
        return Err(invalid("size does not match the header"));
    }
    let mut records = Vec::with_capacity(count);
    let mut buf = [0u8; RECORD_BYTES];
    for _ in 0..count {
        r.read_exact(&mut buf)?;
        records.push(decode(&buf).ok_or_else(|| invalid("bad record"))?);
    }
    let mut text = Vec::with_capacity(text_len);
    r.read_to_end(&mut text)?;
    let titles = String::from_utf8(text).map_err(|_| invalid("text is not UTF-8"))?;
    check(&records, &titles)?;
    Ok((MapIndex::from_records(records, titles), stamp))
}

/// What the index relies on: records sorted by key, text ranges on character
/// boundaries, structure links to structures.
fn check(records: &[Record], titles: &str) -> io::Result<()> {
    let sorted = records.windows(2).all(|w| super::index::ItemKey::of(w[0].kind, w[0].id) < super::index::ItemKey::of(w[1].kind, w[1].id));
    let text_ok = records.iter().all(|r| {
        let (a, b) = (r.title_start as usize, r.title_start as usize + r.title_len as usize);
        let c = b + r.slug_len as usize;
        c <= titles.len() && titles.is_char_boundary(a) && titles.is_char_boundary(b) && titles.is_char_boundary(c)
    });
    let links_ok = records.iter().all(|r| r.structure == NONE || records.get(r.structure as usize).is_some_and(|s| s.kind == ItemKind::Structure));
    if sorted && text_ok && links_ok { Ok(()) } else { Err(invalid("inconsistent records")) }
}

fn encode(r: &Record) -> [u8; RECORD_BYTES] {
    let mut b = [0u8; RECORD_BYTES];
    b[0..8].copy_from_slice(&r.id.to_le_bytes());
    b[8..12].copy_from_slice(&r.q.x.to_le_bytes());
    b[12..16].copy_from_slice(&r.q.y.to_le_bytes());
    b[16..20].copy_from_slice(&r.title_start.to_le_bytes());
    b[20..24].copy_from_slice(&r.structure.to_le_bytes());
    b[24..26].copy_from_slice(&r.title_len.to_le_bytes());
    b[26..28].copy_from_slice(&r.slug_len.to_le_bytes());
    b[28..30].copy_from_slice(&r.category.to_le_bytes());
    b[30] = r.kind as u8;
    b[31] = u8::from(r.in_progress);
    b
}

fn decode(b: &[u8; RECORD_BYTES]) -> Option<Record> {
    let u32_at = |i: usize| u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes"));
    let u16_at = |i: usize| u16::from_le_bytes(b[i..i + 2].try_into().expect("2 bytes"));
    let kind = match b[30] {
        0 => ItemKind::Need,
        1 => ItemKind::Offer,
        2 => ItemKind::Structure,
        3 => ItemKind::Resource,
        _ => return None,
    };
    let category = u16_at(28);
    if !kind.is_post() && category != NO_CATEGORY || b[31] > 1 {
        return None;
    }
    Some(Record {
        id: i64::from_le_bytes(b[0..8].try_into().expect("8 bytes")),
        q: Quantised { x: u32_at(8), y: u32_at(12) },
        title_start: u32_at(16),
        structure: u32_at(20),
        title_len: u16_at(24),
        slug_len: u16_at(26),
        category,
        kind,
        in_progress: b[31] == 1,
    })
}

fn read_i64(r: &mut impl Read) -> io::Result<i64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)?;
    Ok(i64::from_le_bytes(b))
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

/// This process's temporary name (two instances sharing a file never write the same one).
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".{}.tmp", std::process::id()));
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::super::index::{Item as MapItem, MapIndex, Overlay, Viewport, Layer};
    use super::*;

    fn item(kind: ItemKind, id: i64, lon: f64, structure: Option<i64>) -> MapItem {
        let slug = if kind == ItemKind::Structure { format!("atelier-{id}") } else { String::new() };
        let category = kind.is_post().then_some(2);
        MapItem { kind, id, category, lon, lat: 44.01, title: format!("Élément n° {id} — café"), slug, structure, in_progress: id % 2 == 0 }
    }

    #[test]
    fn an_index_reads_back_as_saved_and_a_damaged_file_is_refused() {
        let items = vec![item(ItemKind::Structure, 7, 4.41, None), item(ItemKind::Need, 3, 4.42, Some(7)), item(ItemKind::Offer, 4, 4.43, Some(99)), item(ItemKind::Need, 5, 4.44, None), item(ItemKind::Resource, 5, 4.45, Some(7))];
        let index = MapIndex::build(items);
        let dir = std::env::temp_dir().join(format!("coin-map-file-{}", std::process::id()));
        let path = dir.join("carte.index");
        let stamp = Stamp { seq: 42, item: Item::Resource(5) };
        save(&path, &index, stamp).unwrap();
        let (back, read) = load(&path).unwrap();
        assert_eq!(read, stamp);
        let view = Viewport { min_lon: 4.0, min_lat: 43.9, max_lon: 5.0, max_lat: 44.1, zoom: 18 };
        let none = Overlay::default();
        assert_eq!(back.query(&none, view, &[Layer::All]), index.query(&none, view, &[Layer::All]));
        assert_eq!(back.items().collect::<Vec<_>>(), index.items().collect::<Vec<_>>());

        let mut bytes = std::fs::read(&path).unwrap();
        bytes.truncate(bytes.len() - 3);
        std::fs::write(&path, &bytes).unwrap();
        assert!(load(&path).is_err(), "a truncated file");
        std::fs::write(&path, b"COINMAP1 something else").unwrap();
        assert!(load(&path).is_err(), "another format");
        let _ = std::fs::remove_dir_all(dir);
    }
}
