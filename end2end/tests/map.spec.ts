import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, waitForHydration } from './fixtures';

// The collaborative map on the demo data, tiles blocked (as in every test): markers,
// clusters, filters in the URL, the view restored, commune search, popups, the embed.

async function openMap(page, query = '') {
  await page.goto(`/carte${query}`);
  await waitForHydration(page);
  await expect(page.locator('.leaflet-marker-icon').first()).toBeVisible();
}

function viewOf(url: string) {
  const u = new URL(url);
  return { lat: Number(u.searchParams.get('lat')), lon: Number(u.searchParams.get('lon')), z: Number(u.searchParams.get('z')) };
}

test('clusters across France, a click zooms in, filters and view live in the URL', async ({ page, consoleErrors }) => {
  await openMap(page, '?lat=46.6&lon=2.5&z=5');
  const clusters = page.locator('.map-cluster-wrap');
  await expect(clusters.first()).toBeVisible();
  // The list beside the map says the same.
  await expect(page.getByRole('region', { name: 'Carte', exact: true })).toBeVisible();
  await expect(page.locator('.map-items li').first()).toBeVisible();

  await expect.poll(() => viewOf(page.url()).z).toBe(5);
  await clusters.first().click();
  await expect.poll(() => viewOf(page.url()).z).toBe(7);

  // A filter: structures only. The URL, the markers and the list follow.
  await page.getByRole('checkbox', { name: /Structures/ }).check();
  await expect(page).toHaveURL(/type=structure/);
  await expect(page.locator('.map-item-need')).toHaveCount(0);
  const before = viewOf(page.url());

  // Reloading the URL restores the filters and the view.
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByRole('checkbox', { name: /Structures/ })).toBeChecked();
  await expect.poll(() => viewOf(page.url()).z).toBe(before.z);
  expect(Math.abs(viewOf(page.url()).lat - before.lat)).toBeLessThan(0.01);
  expect(consoleErrors).toEqual([]);
});

test('a commune search moves the map, a popup links to the post', async ({ page }) => {
  await openMap(page);
  await page.getByRole('searchbox', { name: 'Aller à une commune' }).fill('Uzès');
  await page.getByRole('button', { name: 'Uzès', exact: true }).click();
  await expect.poll(() => viewOf(page.url()).z).toBe(13);
  expect(Math.abs(viewOf(page.url()).lat - 44.01)).toBeLessThan(0.05);
  // Street level at a post's place: items one by one, even those sharing an address.
  const posts = await (await page.request.get('/api/v1/posts?q=velo')).json();
  const { lat, lon } = posts.items[0].location;
  await page.goto(`/carte?lat=${lat}&lon=${lon}&z=18`);
  await waitForHydration(page);
  const pin = page.locator('.map-pin-wrap').first();
  await expect(pin).toBeVisible();
  await pin.click();
  const link = page.locator('.map-popup-link');
  await expect(link).toBeVisible();
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^\/(partage|structures)\//);
  await link.click();
  await expect(page).toHaveURL(new RegExp(href!.replace(/[/]/g, '\\/')));
});

test('the embed page renders inside an iframe of another origin', async ({ page, baseURL }) => {
  // A partner's page on another origin: another port, served by the test itself.
  const html = `<!doctype html><title>Partenaire</title><iframe title="carte" src="${baseURL}/embed?type=besoin&lat=46.6&lon=2.5&z=5" width="900" height="600"></iframe>`;
  const partner = http.createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
  const { port } = partner.address() as AddressInfo;
  await page.goto(`http://127.0.0.1:${port}/`);
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('.leaflet-marker-icon').first()).toBeVisible({ timeout: 15_000 });
  await expect(frame.locator('.site-header')).toBeHidden();
  await expect(frame.getByRole('link', { name: /ouvrir la carte en grand/ })).toHaveAttribute('target', '_blank');
  partner.close();
});

test('« Rechercher dans cette zone » opens the list of the box shown, and a structure page has its small map', async ({ page, consoleErrors }) => {
  await openMap(page, '?lat=44.012&lon=4.42&z=12');
  const zone = page.getByRole('link', { name: 'Rechercher dans cette zone' });
  await expect(zone).toHaveAttribute('href', /bbox=/);
  await zone.click();
  await expect(page).toHaveURL(/\/partage\?.*bbox=/);
  await expect(page.getByText('Annonces de la zone choisie sur la carte.')).toBeVisible();
  const box = new URL(page.url()).searchParams.get('bbox')!.split(',').map(Number);
  expect(box[0]).toBeLessThan(4.42);
  expect(box[2]).toBeGreaterThan(4.42);
  // Every post listed is inside the box (the API says where they are).
  const listed = await (await page.request.get(`/api/v1/posts?bbox=${box.join(',')}`)).json();
  expect(listed.total).toBeGreaterThan(0);
  for (const p of listed.items) {
    expect(p.location.lon).toBeGreaterThanOrEqual(box[0]);
    expect(p.location.lon).toBeLessThanOrEqual(box[2]);
    expect(p.location.lat).toBeGreaterThanOrEqual(box[1]);
    expect(p.location.lat).toBeLessThanOrEqual(box[3]);
  }
  await page.getByRole('link', { name: 'Voir tout le territoire' }).click();
  await expect(page).not.toHaveURL(/bbox=/);

  // A structure with a place: its page shows it on a small map.
  const structures = await (await page.request.get('/api/v1/structures.geojson')).json();
  const placed = structures.features.find((f) => f.geometry);
  await page.goto(new URL(placed.properties.url).pathname);
  await waitForHydration(page);
  const small = page.locator('.structure-map');
  await expect(small.locator('.leaflet-marker-icon').first()).toBeVisible();
  await expect(small.getByRole('link', { name: 'Voir les alentours sur la grande carte' })).toHaveAttribute('href', /\/carte\?lat=/);
  expect(consoleErrors).toEqual([]);
});
