import { test, expect, waitForHydration } from './fixtures';

test('l’annuaire trouve « Écocentre » en tapant « eco », filtre par un lien partageable et ouvre la fiche', async ({ page, consoleErrors }) => {
  await page.goto('/annuaire');
  await waitForHydration(page);
  await page.getByLabel('Rechercher').fill('eco');
  await page.getByLabel('Type').selectOption('centre_social');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(/\/annuaire\?q=eco&type=centre_social/);
  const card = page.locator('article', { hasText: 'Écocentre et Centre social Pierre et Terre' });
  await expect(card).toBeVisible();
  // The same link, opened afresh, restores the filters and the results.
  const shared = page.url();
  await page.goto(shared);
  await expect(page.getByLabel('Rechercher')).toHaveValue('eco');
  await expect(page.getByLabel('Type')).toHaveValue('centre_social');
  await expect(card).toBeVisible();
  await card.getByRole('link', { name: /Écocentre/ }).click();
  await expect(page).toHaveURL(/\/structures\//);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Écocentre et Centre social Pierre et Terre');
  await expect(page.getByRole('heading', { name: 'Contact' })).toBeVisible();
});

test('l’annuaire et la fiche sont dans le HTML servi, sans JavaScript', async ({ request }) => {
  const html = await (await request.get('/annuaire?q=thiverny')).text();
  expect(html).toContain('Garage solidaire de Thiverny');
  const res = await request.get('/structures/nexiste-pas');
  expect(res.status()).toBe(404);
});

test('le Coin du partage trouve « vélo » en tapant « velo », garde les filtres dans le lien et ouvre l’annonce', async ({ page, consoleErrors }) => {
  await page.goto('/partage');
  await waitForHydration(page);
  await page.getByLabel('Rechercher').fill('velo');
  await page.getByLabel('Ressources', { exact: true }).check();
  await page.getByRole('search', { name: 'Filtres' }).getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(/\/partage\?q=velo&type=ressource/);
  const first = page.locator('article.post-card').first();
  await expect(first).toContainText(/vélo/i);
  await expect(first.locator('.tag-offer')).toBeVisible();
  await page.goto(page.url());
  await expect(page.getByLabel('Rechercher')).toHaveValue('velo');
  await expect(page.getByLabel('Ressources', { exact: true })).toBeChecked();
  const title = await first.getByRole('heading').innerText();
  await first.getByRole('heading').getByRole('link').click();
  await expect(page).toHaveURL(/\/partage\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
});
