// What a first visit costs on a weak link (issue « Léger »): for each goal page, in a
// fresh Chromium profile emulating a 1.6 Mbit/s link with 150 ms of latency and a CPU
// four times slower, the compressed bytes received by kind (HTML, JS, WASM, CSS, data,
// other), the time to content (first contentful paint) and the time to interactive
// (the app marks `html[data-hydrated]` once hydrated, the same sign the end-to-end tests
// wait for); then what a second page of the site costs after the first one.
//
//   node end2end/bench/weight.mjs <site> <baseline> > target/bench-results/weight.md
//
// <baseline> serves the naive baseline (end2end/bench/baseline: a minimal Leptos page,
// fully hydrated), measured first in the same run.
//
// Map tiles and any request leaving the server are blocked (by the browser's host
// resolver, not by request interception, which would turn Chromium's cache off and make
// every page look like a first visit): they are not counted.
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:3457';
const baseline = process.argv[3];
const runs = Number(process.env.WEIGHT_RUNS ?? 3);
const LINK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const CPU_SLOWDOWN = 4;

async function json(path) {
  const res = await fetch(base + path);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

function kindOf(type, mime, url) {
  if (mime.includes('wasm') || url.endsWith('.wasm')) return 'wasm';
  if (type === 'Document') return 'html';
  if (type === 'Script') return 'js';
  if (type === 'Stylesheet') return 'css';
  if (type === 'Fetch' || type === 'XHR') return 'data';
  return 'other';
}

/** Loads `paths` one after the other in one fresh profile; the bytes and times of each. */
async function visit(browser, paths, origin = base) {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } });
  // When the page says it is hydrated, on the page's own clock.
  await context.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.documentElement.dataset.hydrated === 'true') {
        window.__hydratedAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', LINK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const seen = new Map();
  let bytes = {};
  cdp.on('Network.responseReceived', (e) => seen.set(e.requestId, kindOf(e.type, e.response.mimeType ?? '', e.response.url)));
  cdp.on('Network.loadingFinished', (e) => {
    const kind = seen.get(e.requestId) ?? 'other';
    bytes[kind] = (bytes[kind] ?? 0) + e.encodedDataLength;
  });
  const out = [];
  for (const path of paths) {
    bytes = {};
    await page.goto(origin + path, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 120_000 });
    // Late fetches of the page (server functions after hydration) count too.
    await page.waitForLoadState('networkidle', { timeout: 120_000 });
    const times = await page.evaluate(() => ({
      content: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      interactive: window.__hydratedAt,
    }));
    out.push({ path, bytes: { ...bytes }, ...times });
  }
  await context.close();
  return out;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => (n / 1024).toFixed(1);
const s = (ms) => (ms / 1000).toFixed(2);
const KINDS = ['html', 'js', 'wasm', 'css', 'data', 'other'];

const post = (await json('/api/v1/posts')).items[0];
const structure = (await json('/api/v1/structures')).items[0];
const pages = ['/', '/partage', `/partage/${post.id}`, '/annuaire', `/structures/${structure.slug}`, '/benevolat', '/connexion', '/carte'];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
console.log(`Lien émulé : ${LINK.downloadThroughput * 8 / 1e6} Mbit/s, ${LINK.latency} ms ; processeur ${CPU_SLOWDOWN}× plus lent ; médiane de ${runs} premières visites (profil vide).\n`);
console.log('| page | HTML Ko | JS Ko | WASM Ko | CSS Ko | données Ko | autre Ko | total Ko | contenu s | interactif s |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const rows = baseline ? [[baseline, '/', 'référence naïve : page Leptos minimale']] : [];
for (const path of pages) rows.push([base, path, `\`${path}\``]);
for (const [origin, path, label] of rows) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push((await visit(browser, [path], origin))[0]);
  const by = (k) => median(samples.map((x) => x.bytes[k] ?? 0));
  const total = median(samples.map((x) => KINDS.reduce((t, k) => t + (x.bytes[k] ?? 0), 0)));
  console.log(`| ${label} | ${KINDS.map((k) => kb(by(k))).join(' | ')} | **${kb(total)}** | ${s(median(samples.map((x) => x.content)))} | ${s(median(samples.map((x) => x.interactive)))} |`);
}
// A second page after a first one, in the same profile: what it adds.
const second = [];
for (let i = 0; i < runs; i++) second.push((await visit(browser, ['/', '/partage']))[1]);
const addTotal = median(second.map((x) => KINDS.reduce((t, k) => t + (x.bytes[k] ?? 0), 0)));
console.log(`\nSeconde page (\`/partage\` après \`/\`, même profil) : ${kb(addTotal)} Ko reçus, interactive en ${s(median(second.map((x) => x.interactive)))} s.`);
await browser.close();
