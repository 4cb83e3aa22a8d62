import { test, expect, Browser, BrowserContext, Page } from '@playwright/test';

// Every internal link reachable from the public pages opens (no 404, no 5xx), for a
// visitor and for each demo role; and every page is complete in the HTML the server
// sends: with JavaScript off (a search engine, a slow phone before hydration), each
// route shows its content, never the « Chargement… » of a Suspense that gave up.
//
// At most 3 pages per route pattern (ids, slugs and query values normalised away), so
// the crawl stays within a minute or so. Links that change state are never followed:
// logout is a form (POST), `/deconnexion` and `/dev/` are skipped all the same, and so
// is any link marked `data-method` and the coordination exports (audited); the open
// data downloads (CSV, GeoJSON, JSON) are fetched for their status only.

const PW = 'partage-demo-2026';
const ROLES = ['camille@example.org', 'membre@example.org', 'responsable@example.org', 'coordination@example.org', 'admin@example.org'];
const START = ['/', '/carte', '/embed', '/partage', '/annuaire', '/benevolat', '/ressources', '/reservations', '/compte', '/compte/echanges', '/compte/structures', '/coordination'];
const PER_PATTERN = 3;
const LOADING = 'Chargement…';

/** `/partage/12?tri=recent&q=velo` → `/partage/:id?q&tri`. */
function pattern(url: string): string {
  const u = new URL(url, 'http://x');
  let parts = u.pathname.split('/').map((s) => (/^\d+$/.test(s) ? ':id' : s));
  if (parts[1] === 'structures' && parts.length === 3) parts[2] = ':slug';
  const keys = [...new Set([...u.searchParams.keys()])].sort();
  return `${parts.join('/')}?${keys.join('&')}`;
}

/**
 * Never fetched: logout, the development mailbox, static files, server functions, and the
 * coordination exports (each one is written to the audit log).
 */
function skipped(href: string): boolean {
  return /^\/(deconnexion|dev\/|pkg\/|coordination\/export\/)/.test(href) || (href.startsWith('/api/') && !href.startsWith('/api/v1/')) || href.startsWith('//');
}

/** Downloads (open data): fetched for their status, not parsed for links. */
function isDownload(href: string): boolean {
  return href.startsWith('/api/v1/') || /\.(csv|geojson|json)(\?|$)/.test(href);
}

/** The internal links of a page (not marked as changing state), fragments dropped. */
function links(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\s[^>]*>/g)) {
    const tag = m[0];
    if (/\sdata-method=/.test(tag)) continue;
    const href = /\shref="([^"]*)"/.exec(tag)?.[1]?.replace(/&amp;/g, '&').split('#')[0];
    if (href && href.startsWith('/') && !skipped(href)) out.push(href);
  }
  return out;
}

/** A browser context with JavaScript off, signed in as `email` (the login form works without it). */
async function contextFor(browser: Browser, baseURL: string, email: string | null): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: 'fr-FR' });
  // Nothing leaves 127.0.0.1 (map tiles, fonts…).
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]).*/, (route) => route.abort());
  if (email) {
    const page = await context.newPage();
    await page.goto('/connexion');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(PW);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page).toHaveURL(/\/compte$/);
    await page.close();
  }
  return context;
}

/**
 * Crawls from START with this context's cookies: every fetched URL and its status; the
 * first HTML page of each pattern is also opened with JavaScript off and must not show
 * a loading fallback instead of its content.
 */
async function crawl(context: BrowserContext, who: string, checked: Set<string>) {
  const queue = [...START];
  const seen = new Set(queue);
  const perPattern = new Map<string, number>();
  const broken: string[] = [];
  const incomplete: string[] = [];
  const page = await context.newPage();
  while (queue.length > 0) {
    const url = queue.shift()!;
    const p = pattern(url);
    const n = perPattern.get(p) ?? 0;
    if (n >= PER_PATTERN) continue;
    perPattern.set(p, n + 1);
    const res = await context.request.get(url, { maxRedirects: 5 });
    if (res.status() === 404 || res.status() >= 500) {
      broken.push(`${url} → ${res.status()} (${who})`);
      continue;
    }
    if (isDownload(url) || !(res.headers()['content-type'] ?? '').startsWith('text/html')) continue;
    const html = await res.text();
    for (const link of links(html)) {
      if (!seen.has(link)) {
        seen.add(link);
        queue.push(link);
      }
    }
    // Once per pattern over the whole run: the page as a browser without JavaScript shows it.
    if (!checked.has(p)) {
      checked.add(p);
      await page.goto(url);
      const text = await page.locator('main').innerText();
      if (text.includes(LOADING) || text.trim().length < 20) incomplete.push(`${url} (${who}): ${text.slice(0, 120)}`);
    }
  }
  await page.close();
  expect(broken, `liens cassés (${who})`).toEqual([]);
  expect(incomplete, `pages servies sans leur contenu (${who})`).toEqual([]);
  return perPattern;
}

test.describe('exploration des liens', () => {
  const checked = new Set<string>();

  test('visiteur : aucun lien interne cassé, chaque page complète sans JavaScript', async ({ browser, baseURL }) => {
    test.setTimeout(60_000);
    const context = await contextFor(browser, baseURL!, null);
    const patterns = await crawl(context, 'visiteur', checked);
    // The crawl reached the pages it is about.
    for (const p of ['/structures/:slug?', '/partage/:id?', '/partage/publier?', '/annuaire?', '/carte?', '/embed?', '/benevolat?', '/ressources?', '/ressources/:id?']) {
      expect([...patterns.keys()], p).toContain(p);
    }
    await context.close();
  });

  for (const email of ROLES) {
    test(`${email} : aucun lien interne cassé, chaque page complète sans JavaScript`, async ({ browser, baseURL }) => {
      test.setTimeout(60_000);
      const context = await contextFor(browser, baseURL!, email);
      await crawl(context, email, checked);
      await context.close();
    });
  }
});

test.describe('sans JavaScript, chaque page publique montre son contenu', () => {
  let context: BrowserContext;
  let page: Page;
  test.beforeEach(async ({ browser, baseURL }) => {
    context = await contextFor(browser, baseURL!, null);
    page = await context.newPage();
  });
  test.afterEach(async () => context.close());

  const main = () => page.locator('main');
  /** The first line of a text, shortened: what a page must show of it. */
  const start = (s: string) => s.split('\n')[0].trim().slice(0, 60).trim();

  test('une fiche de structure : son nom et sa description', async () => {
    const geo = await (await context.request.get('/api/v1/structures.geojson')).json();
    const withText = geo.features.filter((f: any) => (f.properties.description ?? '').trim().length > 0).slice(0, PER_PATTERN);
    expect(withText.length).toBeGreaterThan(0);
    for (const f of withText) {
      await page.goto(new URL(f.properties.url).pathname);
      await expect(main().getByRole('heading', { level: 1 })).toHaveText(f.properties.name);
      await expect(main()).toContainText(start(f.properties.description));
      await expect(main()).not.toContainText(LOADING);
    }
  });

  test('une annonce : son titre et son texte', async () => {
    const posts = await (await context.request.get('/api/v1/posts')).json();
    for (const p of posts.items.slice(0, PER_PATTERN)) {
      await page.goto(new URL(p.url).pathname);
      await expect(main().getByRole('heading', { level: 1 })).toHaveText(p.title);
      await expect(main()).toContainText(start(p.description));
    }
  });

  test('les listes : le Coin du partage, l’annuaire, le bénévolat', async () => {
    const posts = await (await context.request.get('/api/v1/posts')).json();
    await page.goto('/partage');
    await expect(main().locator('article.post-card')).toHaveCount(posts.items.length);
    for (const p of posts.items.slice(0, 5)) await expect(main()).toContainText(p.title);

    const structures = await (await context.request.get('/api/v1/structures')).json();
    await page.goto('/annuaire');
    expect(await main().locator('article').count()).toBeGreaterThanOrEqual(structures.items.length);
    for (const s of structures.items.slice(0, 5)) await expect(main()).toContainText(s.name);

    await page.goto('/benevolat');
    const missions = main().locator('article.mission-card');
    expect(await missions.count()).toBeGreaterThan(0);
    const href = await missions.first().getByRole('link').getAttribute('href');
    expect(href).toMatch(/^\/partage\/\d+$/);
  });

  test('la carte et la carte intégrable : la liste de la vue et des filtres, et le lien vers la liste', async () => {
    // Needs only, around the first need of the API that has a place.
    const needs = await (await context.request.get('/api/v1/posts?type=besoin')).json();
    const here = needs.items.find((p: any) => p.location);
    const at = `lat=${here.location.lat}&lon=${here.location.lon}&z=12`;
    for (const path of [`/carte?type=besoin&${at}`, `/embed?type=besoin&${at}`]) {
      await page.goto(path);
      const items = main().locator('.map-items li');
      const count = await items.count();
      expect(count, path).toBeGreaterThan(0);
      expect(count, path).toBeLessThanOrEqual(50);
      // Every item is a need, with a link to its page; the one we centred on is there.
      expect(await main().locator('.map-items li.map-item-need').count()).toBe(count);
      await expect(main().locator('.map-items')).toContainText(here.title);
      await expect(main().locator('a[href="/partage?type=besoin"]').first()).toBeAttached();
      await expect(main()).not.toContainText('Chargement de la carte…');
    }
    // No view in the URL: the instance's default one, cut at 50 items.
    await page.goto('/embed');
    expect(await main().locator('.map-items li').count()).toBe(50);
    await expect(main()).toContainText('Les 50 premiers éléments de cette vue');
    // Words: the matching posts.
    const velo = await (await context.request.get('/api/v1/posts?q=velo')).json();
    await page.goto('/carte?q=velo');
    await expect(main().locator('.map-items')).toContainText(velo.items[0].title);
  });
});
