import { test, expect, logIn, waitForHydration } from './fixtures';

// The e-mail choices of /compte: one radio group per topic, saved by a plain form,
// announced, and kept. Works the same without JavaScript (the form is not an island).
for (const js of [true, false]) {
  test(`choisir quand recevoir les courriels d’échanges (${js ? 'avec' : 'sans'} JavaScript)`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await logIn(page, 'martine@example.org', js);

    const section = page.getByRole('region', { name: 'Courriels' });
    const replies = section.getByRole('group', { name: 'Réponses à mes annonces' });
    const choice = js ? 'Jamais' : 'Résumé quotidien';
    await replies.getByLabel(choice).check();
    await section.getByRole('button', { name: 'Enregistrer mes choix' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Vos choix de courriels sont enregistrés.' })).toBeVisible();

    await page.goto('/compte');
    await expect(page.getByRole('region', { name: 'Courriels' }).getByRole('group', { name: 'Réponses à mes annonces' }).getByLabel(choice)).toBeChecked();
    expect(errors).toEqual([]);
    await context.close();
  });
}

// An alert made from the list's filters, a matching need published by someone else, and
// the summary read in the development outbox (its button sends what waits for 07:00).
test('créer une alerte depuis les filtres, puis lire le résumé dans la boîte d’envoi', async ({ page, consoleErrors }) => {
  const stamp = Date.now();
  const title = `Fourgon pour la recyclerie ${stamp}`;
  await logIn(page, 'yanis@example.org');
  await page.goto('/partage?type=besoin&categorie=vehicule');
  await page.getByRole('link', { name: 'Créer une alerte avec ces filtres' }).click();
  await expect(page).toHaveURL(/\/compte\/alertes\?nouvelle=/);
  await expect(page.getByRole('region', { name: 'Nouvelle alerte' })).toContainText('Besoins, Véhicule');
  await page.getByLabel('Chaque jour').check();
  await page.getByRole('button', { name: 'Créer l’alerte' }).click();
  await expect(page).toHaveURL(/\/compte\/alertes(\?__avis=1)?$/);
  await expect(page.getByRole('status').filter({ hasText: 'Alerte créée' })).toBeVisible();
  await expect(page.locator('.card', { hasText: 'Besoins, Véhicule' }).first()).toContainText('Chaque jour');
  await page.goto('/compte');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/$/);

  await logIn(page, 'membre@example.org');
  await page.goto('/partage/publier');
  await waitForHydration(page);
  await page.getByLabel('Type d’annonce').selectOption('need');
  await page.getByLabel('Catégorie').selectOption('vehicule');
  await page.getByLabel('Titre').fill(title);
  await page.getByLabel('Description').fill('Pour rapporter les meubles donnés jusqu’à la recyclerie, jeudi après-midi.');
  await page.getByRole('button', { name: 'Publier', exact: true }).click();
  await expect(page).toHaveURL(/\/partage\/\d+$/);

  await page.goto('/dev/courriels');
  await page.getByRole('button', { name: /Envoyer maintenant/ }).click();
  await expect(page.getByRole('status')).toContainText('boîte d’envoi');
  const summary = page.locator('article', { hasText: 'yanis@example.org' }).filter({ hasText: 'pour vos alertes' }).first();
  await expect(summary).toContainText(title);
  await expect(summary).toContainText('Besoins, Véhicule');
  await expect(summary).toContainText('Arrêter cette alerte');
});
