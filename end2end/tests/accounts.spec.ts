import { test, expect, waitForHydration } from './fixtures';

test('s’inscrire, confirmer son adresse depuis la boîte d’envoi, se connecter, se déconnecter', async ({ page, consoleErrors }) => {
  const email = `nadia.${Date.now()}@example.org`;
  await page.goto('/inscription');
  await waitForHydration(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Nom affiché').fill('Nadia');
  await page.getByLabel('Mot de passe').fill('court');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();

  // The error is announced, linked to the field, focused; what was typed is kept.
  const password = page.getByLabel('Mot de passe');
  await expect(page.getByRole('alert')).toContainText('corrigez les champs signalés');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#champ-password-erreur')).toContainText('12 caractères');
  await expect(password).toBeFocused();
  await expect(page.getByLabel('Adresse e-mail')).toHaveValue(email);
  await expect(page.getByLabel('Nom affiché')).toHaveValue('Nadia');

  await password.fill('des châtaignes pour tout l’hiver');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByRole('status')).toContainText('lien de confirmation');

  // Without SMTP, the dev outbox shows the e-mail the instance would send.
  await page.goto('/dev/courriels');
  const mail = page.locator('article', { hasText: email }).first();
  const body = await mail.locator('pre').innerText();
  const link = body.match(/https?:\/\/\S+jeton=[0-9a-f]{64}/)![0];
  await page.goto(link);
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
  await expect(page.getByRole('status')).toContainText('adresse est confirmée');

  await page.goto('/connexion');
  await waitForHydration(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill('des châtaignes pour tout l’hiver');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/compte$/);
  await expect(page.getByRole('main')).toContainText('Nadia');
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toContainText('Nadia');

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Se connecter' })).toBeVisible();
});

test('un mauvais mot de passe donne un message clair, sans dire si le compte existe', async ({ page, consoleErrors }) => {
  await page.goto('/connexion');
  await waitForHydration(page);
  await page.getByLabel('Adresse e-mail').fill('camille@example.org');
  await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toHaveText('Adresse e-mail ou mot de passe incorrect.');
});

test('une adresse e-mail invalide reçoit le message français du serveur', async ({ page, consoleErrors }) => {
  await page.goto('/inscription');
  await waitForHydration(page);
  await page.getByLabel('Adresse e-mail').fill('pas-un-email');
  await page.getByLabel('Nom affiché').fill('Nadia');
  await page.getByLabel('Mot de passe').fill('des châtaignes pour tout l’hiver');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.locator('#champ-email-erreur')).toHaveText('Adresse e-mail invalide (exemple : prenom@exemple.fr).');
  await expect(page.getByLabel('Adresse e-mail')).toBeFocused();
});

test('les formulaires à jeton portent le jeton dans le HTML servi, avant le JavaScript', async ({ request }) => {
  const token = 'a'.repeat(64);
  for (const path of ['/compte/verification', '/mot-de-passe/nouveau']) {
    const html = await (await request.get(`${path}?jeton=${token}`)).text();
    expect(html).toContain(`name="token" value="${token}"`);
  }
});
