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

// A visitor without an account, without JavaScript: a radius chosen on the list, the
// alert asked for with an address, the confirmation link read in the development outbox,
// then confirmed. Nothing is sent before.
test('un visiteur sans compte crée une alerte autour d’une commune et la confirme par courriel', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const email = `visiteur-${Date.now()}@example.net`;
  await page.goto('/partage?tri=distance&pres=30334');
  await page.getByLabel('Dans un rayon de').selectOption('20');
  await page.locator('.radius-form').getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(/commune=30334/);
  await expect(page).toHaveURL(/rayon=20/);
  await expect(page.getByText('Autour de').or(page.getByText('Distance depuis')).first()).toBeVisible();
  await page.getByRole('link', { name: 'Créer une alerte avec ces filtres' }).click();
  const form = page.getByRole('region', { name: 'Sans compte : votre adresse e-mail suffit' });
  await expect(form).toContainText('à moins de 20 km d’Uzès');
  await form.getByLabel('Adresse e-mail').fill(email);
  await form.getByRole('button', { name: 'Recevoir cette alerte' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'un courriel vient de lui être envoyé' })).toBeVisible();

  await page.goto('/dev/courriels');
  const mail = page.locator('article', { hasText: email }).first();
  await expect(mail).toContainText('Confirmez votre alerte');
  const text = (await mail.textContent()) ?? '';
  const link = text.match(/https?:\/\/[^\s]+\/alertes\/confirmer\/[A-Za-z0-9_.\-]+/);
  expect(link).not.toBeNull();
  await page.goto(new URL(link![0]).pathname);
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'C’est confirmé' })).toBeVisible();
  await context.close();
});
