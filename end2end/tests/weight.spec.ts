import { test, expect, Browser, BrowserContext } from '@playwright/test';

// The size budget of issue « Léger »: what a first visit of each goal page transfers
// (compressed: HTML, JS, WASM, CSS, data; map tiles and anything not from this server
// excluded), in a fresh profile, on the release build. Each budget is set just above
// what the page weighs (docs/benchmarks.md §4), under the goal of 250 KB (350 KB for
// pages with a map, Leaflet included): a change that makes a page heavier fails here.
// The times on a weak link are the bench's (scripts/bench-weight.sh), not a test's.
const KB = 1024;
const BUDGET: Record<string, number> = {
  '/': 170 * KB,
  '/partage': 170 * KB,
  post: 170 * KB,
  '/annuaire': 175 * KB,
  structure: 300 * KB,
  '/benevolat': 170 * KB,
  '/connexion': 170 * KB,
  '/carte': 335 * KB,
  '/ressources': 175 * KB,
  resource: 180 * KB,
};

/** Bytes received from this server by `context`'s page while `run` goes, by kind. */
async function received(context: BrowserContext, run: (page: import('@playwright/test').Page) => Promise<void>) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  const bytes: Record<string, number> = {};
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId) ?? '';
    if (!url.startsWith('http://127.0.0.1')) return;
    const kind = url.endsWith('.wasm') ? 'wasm' : url.endsWith('.js') ? 'js' : url.endsWith('.css') ? 'css' : 'other';
    bytes[kind] = (bytes[kind] ?? 0) + e.encodedDataLength;
  });
  await run(page);
  return bytes;
}

async function firstVisit(browser: Browser, path: string) {
  const context = await browser.newContext();
  const bytes = await received(context, async (page) => {
    await page.goto(path);
    await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
  });
  await context.close();
  return bytes;
}

const total = (b: Record<string, number>) => Object.values(b).reduce((t, n) => t + n, 0);

test('chaque page visée tient dans son budget à la première visite', async ({ browser, request }) => {
  const post = (await (await request.get('/api/v1/posts')).json()).items[0];
  const structure = (await (await request.get('/api/v1/structures')).json()).items[0];
  const resource = (await (await request.get('/ressources')).text()).match(/href="\/ressources\/(\d+)"/)![1];
  const paths: Record<string, string> = {
    '/': '/', '/partage': '/partage', post: `/partage/${post.id}`, '/annuaire': '/annuaire',
    structure: `/structures/${structure.slug}`, '/benevolat': '/benevolat', '/connexion': '/connexion', '/carte': '/carte',
    '/ressources': '/ressources', resource: `/ressources/${resource}`,
  };
  const over: string[] = [];
  for (const [name, path] of Object.entries(paths)) {
    const bytes = await firstVisit(browser, path);
    // The page did load its bundle (a page without WASM would pass any budget).
    expect(bytes.wasm ?? 0, `${path}: WASM`).toBeGreaterThan(50 * KB);
    if (total(bytes) > BUDGET[name]) over.push(`${path}: ${Math.round(total(bytes) / KB)} Ko > ${BUDGET[name] / KB} Ko ${JSON.stringify(bytes)}`);
  }
  expect(over).toEqual([]);
});

test('une seconde page ne recharge pas le code déjà reçu', async ({ browser }) => {
  const context = await browser.newContext();
  await received(context, async (page) => {
    await page.goto('/');
    await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
  });
  const second = await received(context, async (page) => {
    await page.goto('/partage');
    await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
  });
  await context.close();
  // WASM, JS and CSS come from the cache (immutable, content-addressed): only the page.
  expect(second.wasm ?? 0).toBe(0);
  expect(second.js ?? 0).toBe(0);
  expect(second.css ?? 0).toBe(0);
  expect(second.other ?? 0).toBeGreaterThan(1 * KB);
});
