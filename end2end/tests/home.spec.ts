import { test, expect, waitForHydration } from './fixtures';

test('la page d’accueil montre les données de démonstration, en français', async ({ page, consoleErrors }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Partager ce qui manque, prêter ce qui dort');
  // Live counts read from the database: exactly what the open-data API counts (tests run
  // one at a time, so nothing changes in between).
  const structures = Number(await page.locator('[data-stat="structures"]').innerText());
  const directory = await (await page.request.get('/api/v1/structures')).json();
  expect(directory.total).toBeGreaterThanOrEqual(40);
  expect(structures).toBe(directory.total);
  const needsApi = await (await page.request.get('/api/v1/posts?type=besoin')).json();
  expect(needsApi.total_is_lower_bound).toBe(false);
  expect(Number(await page.locator('[data-stat="needs"]').innerText())).toBe(needsApi.total);
  // Latest needs and offers are listed with their structure.
  const needs = page.getByRole('region', { name: 'Derniers besoins' }).locator('article');
  await expect(needs).toHaveCount(6);
  await expect(page.getByRole('region', { name: 'Dernières ressources' }).locator('article').first()).toBeVisible();
  // The footer states the data licence from the instance settings.
  await expect(page.locator('footer')).toContainText('CC BY-SA 4.0');
});

test('le contenu est dans le HTML servi, avant tout JavaScript', async ({ request }) => {
  const html = await (await request.get('/')).text();
  expect(html).toContain('Derniers besoins');
  expect(html).toMatch(/data-stat="structures">\d+</);
});

test('après hydratation, la recherche de commune répond en tapant (sans accents)', async ({ page, consoleErrors }) => {
  await page.goto('/');
  await waitForHydration(page);
  const input = page.getByLabel('Chercher une commune');
  await input.fill('uzes');
  await expect(page.locator('#commune-results').getByRole('link', { name: 'Uzès' })).toBeVisible();
  await input.fill('30700');
  await expect(page.locator('#commune-results').getByRole('link', { name: 'Uzès' })).toBeVisible();
  await input.fill('saint quentin la pot');
  await expect(page.locator('#commune-results')).toContainText('Saint-Quentin-la-Poterie');
});

test('la navigation mène aux rubriques, marquées comme page courante', async ({ page, consoleErrors }) => {
  await page.goto('/');
  await waitForHydration(page);
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Annuaire' }).click();
  await expect(page).toHaveURL(/\/annuaire$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Annuaire des structures');
  await expect(page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Annuaire' })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('link', { name: 'Coin du partage' }).first().click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Partager ce qui manque, prêter ce qui dort');
});

// Chromium logs the 404 status of the document itself: this test checks the page
// instead of the console.
test('une adresse inconnue donne une page 404 en français', async ({ page }) => {
  const missing = await page.goto('/cette-page-n-existe-pas');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
});

test('les liens du pied de page mènent à des pages existantes', async ({ page, consoleErrors }) => {
  await page.goto('/');
  for (const name of ['Mentions légales', 'Confidentialité']) {
    await page.locator('footer').getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(name === 'Confidentialité' ? 'Confidentialité' : name);
    await page.goBack();
  }
});
