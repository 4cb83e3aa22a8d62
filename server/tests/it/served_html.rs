//! Public pages are complete in the HTML the server sends: what a browser without
//! JavaScript, a search engine, or anyone in the seconds before hydration receives.
//! (The end-to-end crawl, `end2end/tests/crawl.spec.ts`, checks the same in Chromium
//! with JavaScript off, on the release build.)

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use app::db::posts::POST_IS_PUBLIC;
use app::i18n as t;
use app::model::{MapView, SERVED_MAP_ITEMS, SERVED_MAP_PX};

use crate::helpers::{TestApp, body_text};

async fn page(app: &TestApp, uri: &str) -> (u16, String) {
    let res = app.get(uri).await;
    let status = res.status().as_u16();
    (status, body_text(res).await)
}

/// Whether the HTML shows `text` (as the server escapes it).
fn shows(html: &str, text: &str) -> bool {
    let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    html.contains(text) || html.contains(&escaped) || html.contains(&escaped.replace('\'', "&#39;").replace('"', "&quot;"))
}

/// The ids of the posts and slugs of the structures the map list links to.
fn listed(html: &str) -> (BTreeSet<i64>, BTreeSet<String>) {
    let list = &html[html.find("class=\"map-items\"").unwrap_or(html.len())..];
    let list = &list[..list.find("</ul>").unwrap_or(list.len())];
    let mut posts = BTreeSet::new();
    let mut structures = BTreeSet::new();
    for part in list.split("href=\"").skip(1) {
        let href = &part[..part.find('"').unwrap()];
        if let Some(id) = href.strip_prefix("/partage/") {
            posts.insert(id.parse::<i64>().unwrap());
        } else if let Some(slug) = href.strip_prefix("/structures/") {
            structures.insert(slug.to_string());
        }
    }
    (posts, structures)
}

#[test]
fn a_structure_page_serves_its_profile_contacts_map_link_and_posts() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        // A structure placed on the map (its page has the small map, which used to make
        // the server give up and send « Chargement… »), with a public post.
        let (slug, name, description): (String, String, String) = sqlx::query_as(&format!(
            "SELECT s.slug, s.name, s.description FROM structures s WHERE s.validation_status = 'validated' AND s.lat IS NOT NULL
             AND s.description <> '' AND EXISTS (SELECT 1 FROM posts p WHERE p.structure_id = s.id AND {POST_IS_PUBLIC})
             ORDER BY s.id LIMIT 1"
        ))
        .fetch_one(pool)
        .await
        .unwrap();
        let title: String = sqlx::query_scalar(&format!(
            "SELECT p.title FROM posts p JOIN structures s ON s.id = p.structure_id WHERE s.slug = $1 AND {POST_IS_PUBLIC} ORDER BY p.id LIMIT 1"
        ))
        .bind(&slug)
        .fetch_one(pool)
        .await
        .unwrap();
        let (status, html) = page(&app, &format!("/structures/{slug}")).await;
        assert_eq!(status, 200);
        let main = &html[html.find("<main").unwrap()..];
        assert!(!main.contains(t::LOADING), "the profile, not its loading fallback");
        assert!(shows(main, &format!("<h1>{name}</h1>")) || shows(main, &name), "its name");
        let first_line = description.lines().next().unwrap();
        assert!(shows(main, first_line), "its description: {first_line}");
        assert!(shows(main, &title), "its posts");
        assert!(main.contains(t::PROFILE_CONTACT) && main.contains(t::PROFILE_NEEDS), "contact panel and posts sections");
        assert!(main.contains(t::STRUCTURE_MAP_OPEN), "the link to the big map around it");
        app.finish().await;
    })
}

#[test]
fn the_map_pages_serve_the_first_items_of_their_view_and_filters_with_a_link_to_the_list() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let pool = &app.db.pool;
        app.sync_map().await;
        // A view around the public need in the densest place of the demo data.
        let (lat, lon): (f64, f64) = sqlx::query_as(&format!(
            "SELECT p.lat, p.lon FROM posts p LEFT JOIN structures s ON s.id = p.structure_id
             WHERE {POST_IS_PUBLIC} AND p.kind = 'need' AND p.lat IS NOT NULL
             ORDER BY (SELECT COUNT(*) FROM posts q WHERE q.insee = p.insee) DESC, p.id LIMIT 1"
        ))
        .fetch_one(pool)
        .await
        .unwrap();
        let view = MapView { lat, lon, zoom: 11 };
        let b = view.bbox(SERVED_MAP_PX.0, SERVED_MAP_PX.1);
        let in_box = |kind: &'static str| {
            let sql = format!(
                "SELECT p.id FROM posts p LEFT JOIN structures s ON s.id = p.structure_id WHERE {POST_IS_PUBLIC} AND p.kind = '{kind}'
                 AND p.lat BETWEEN $1 AND $2 AND p.lon BETWEEN $3 AND $4"
            );
            async move {
                sqlx::query_scalar::<_, i64>(&sql).bind(b.min_lat).bind(b.max_lat).bind(b.min_lon).bind(b.max_lon).fetch_all(pool).await.unwrap().into_iter().collect::<BTreeSet<i64>>()
            }
        };
        let (needs, offers) = (in_box("need").await, in_box("offer").await);
        assert!(!needs.is_empty() && !offers.is_empty(), "the view holds needs and offers");
        let at = format!("lat={lat:.5}&lon={lon:.5}&z=11");

        // The map: needs only, as the URL says.
        let (status, html) = page(&app, &format!("/carte?type=besoin&{at}")).await;
        assert_eq!(status, 200);
        assert!(!html.contains(t::MAP_LOADING), "a list, not the map's loading message");
        let (posts, structures) = listed(&html);
        assert!(structures.is_empty() && posts.is_disjoint(&offers), "needs only: {posts:?} {structures:?}");
        assert_eq!(posts.len(), needs.len().min(SERVED_MAP_ITEMS), "the needs of the view: {posts:?} of {needs:?}");
        assert!(posts.is_subset(&needs) || needs.len() > SERVED_MAP_ITEMS);
        assert!(html.contains(t::MAP_LIST_ALL) && html.contains("href=\"/partage?type=besoin\""), "a link to the list, same filters");
        let one = *needs.iter().next().unwrap();
        let title: String = sqlx::query_scalar("SELECT title FROM posts WHERE id = $1").bind(one).fetch_one(pool).await.unwrap();
        if posts.contains(&one) {
            assert!(shows(&html, &title), "each item with its title");
        }

        // The embed: structures only.
        let expected: BTreeSet<String> = sqlx::query_scalar::<_, String>(
            "SELECT slug FROM structures WHERE validation_status = 'validated' AND lat BETWEEN $1 AND $2 AND lon BETWEEN $3 AND $4",
        )
        .bind(b.min_lat)
        .bind(b.max_lat)
        .bind(b.min_lon)
        .bind(b.max_lon)
        .fetch_all(pool)
        .await
        .unwrap()
        .into_iter()
        .collect();
        assert!(!expected.is_empty());
        let (status, html) = page(&app, &format!("/embed?type=structure&{at}")).await;
        assert_eq!(status, 200);
        let (posts, structures) = listed(&html);
        assert!(posts.is_empty(), "{posts:?}");
        assert_eq!(structures.len(), expected.len().min(SERVED_MAP_ITEMS));
        assert!(structures.is_subset(&expected) || expected.len() > SERVED_MAP_ITEMS, "{structures:?} of {expected:?}");
        assert!(html.contains("href=\"/partage?\"") || html.contains("href=\"/partage\""), "the list link (no post filter)");
        assert!(html.contains("target=\"_parent\""), "links open in the framing page");

        // Words: the matching posts, wherever the view is (the default one here).
        let word = title.split_whitespace().find(|w| w.chars().count() >= 5).unwrap().to_string();
        let (_, html) = page(&app, &format!("/embed?q={}", crate::helpers::urlencode(&word))).await;
        let (posts, _) = listed(&html);
        assert!(posts.contains(&one), "{word}: {posts:?}");
        assert!(html.contains("href=\"/partage?q="), "the list link keeps the words");

        // No view in the URL: the instance's default one (all of France in the demo),
        // at most the first items, said so when the view holds more.
        let (_, html) = page(&app, "/carte").await;
        let (posts, structures) = listed(&html);
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM posts p LEFT JOIN structures s ON s.id = p.structure_id WHERE {POST_IS_PUBLIC} AND p.lat IS NOT NULL"
        ))
        .fetch_one(pool)
        .await
        .unwrap();
        assert!(total as usize > SERVED_MAP_ITEMS, "the demo data fills more than one list");
        assert_eq!(posts.len() + structures.len(), SERVED_MAP_ITEMS);
        assert!(html.contains(&t::map_first_items(SERVED_MAP_ITEMS)), "the list says it is cut");
        app.finish().await;
    })
}

#[test]
fn the_home_page_publish_button_opens_the_publish_page() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        let (_, html) = page(&app, "/").await;
        let hero = &html[html.find("class=\"hero-actions\"").unwrap()..];
        let href = hero.split("href=\"").nth(1).map(|h| &h[..h.find('"').unwrap()]).unwrap().to_string();
        assert_eq!(href, "/partage/publier");
        assert!(hero[..hero.find("</p>").unwrap()].contains(t::HOME_CTA_PUBLISH));
        let status = app.get(&href).await.status().as_u16();
        assert!(status != 404 && status < 500, "{href}: {status}");
        app.finish().await;
    })
}

/// The route pattern of a path: numbers and slugs of known dynamic routes become `:id`
/// and `:slug`, the query's values are dropped (its keys are kept).
fn pattern(url: &str) -> String {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut parts: Vec<String> = path.split('/').map(|s| if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) { ":id".to_string() } else { s.to_string() }).collect();
    if parts.len() == 3 && parts[1] == "structures" {
        parts[2] = ":slug".into();
    }
    let mut keys: Vec<&str> = query.split('&').filter_map(|kv| kv.split('=').next()).filter(|k| !k.is_empty()).collect();
    keys.sort();
    keys.dedup();
    format!("{}?{}", parts.join("/"), keys.join("&"))
}

/// The internal links of a page, without fragments; `&amp;` decoded.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|part| part.find('"').map(|end| part[..end].replace("&amp;", "&")))
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .map(|h| h.split('#').next().unwrap().to_string())
        .filter(|h| !h.is_empty())
        .collect()
}

#[test]
fn every_internal_link_of_the_public_pages_opens() {
    crate::helpers::run(async {
        let app = TestApp::new().await;
        app.sync_map().await;
        // Anonymous, two pages per route pattern: every link a visitor can follow.
        let mut queue: VecDeque<String> = ["/", "/carte", "/embed", "/partage", "/annuaire", "/benevolat"].map(String::from).into();
        let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
        let mut per_pattern: BTreeMap<String, usize> = BTreeMap::new();
        let mut broken = Vec::new();
        while let Some(url) = queue.pop_front() {
            let n = per_pattern.entry(pattern(&url)).or_default();
            if *n >= 2 {
                continue;
            }
            *n += 1;
            let res = app.get(&url).await;
            let status = res.status().as_u16();
            // Downloads and API answers are checked for their status only.
            let html = res.headers().get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
            let body = body_text(res).await;
            if status == 404 || status >= 500 {
                broken.push(format!("{url}: {status}"));
                continue;
            }
            if !html {
                continue;
            }
            for link in links(&body) {
                // Nothing that changes state, nor the static files.
                if link.starts_with("/deconnexion") || link.starts_with("/dev/") || link.starts_with("/pkg/") || link.starts_with("/api/") && link.contains("export") {
                    continue;
                }
                if seen.insert(link.clone()) {
                    queue.push_back(link);
                }
            }
        }
        assert!(broken.is_empty(), "broken links: {broken:#?}");
        assert!(per_pattern.contains_key("/structures/:slug?") && per_pattern.contains_key("/partage/:id?") && per_pattern.contains_key("/partage/publier?"), "{per_pattern:#?}");
        app.finish().await;
    })
}
