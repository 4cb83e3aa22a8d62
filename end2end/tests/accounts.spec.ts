import { Page } from '@playwright/test';
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

  // Joins a structure: asks, its responsable accepts, and it is hers.
  await page.getByRole('link', { name: 'Mes structures' }).click();
  await expect(page).toHaveURL(/\/compte\/structures$/);
  await waitForHydration(page);
  await expect(page.getByText('Vous n’êtes membre d’aucune structure')).toBeVisible();
  await page.getByLabel('Structure à rejoindre').fill('thiverny');
  await page.getByRole('button', { name: 'Chercher' }).click();
  // The search is a plain GET form: the results page must be hydrated before the
  // request button answers in place (without JavaScript it posts and comes back).
  await expect(page).toHaveURL(/q=thiverny/);
  await waitForHydration(page);
  const hit = page.locator('li', { hasText: 'Garage solidaire de Thiverny' });
  await hit.getByRole('button', { name: 'Demander à rejoindre' }).click();
  await expect(page.getByRole('status')).toContainText('Demande envoyée');
  await expect(page.locator('.card', { hasText: 'Garage solidaire de Thiverny' })).toContainText('demande en attente');
  await logOut(page);

  await logIn(page, 'responsable@example.org', 'partage-demo-2026');
  await page.goto('/compte/structures');
  await waitForHydration(page);
  await page.locator('.card', { hasText: 'Garage solidaire de Thiverny' }).getByRole('link', { name: 'Gérer les membres' }).click();
  await waitForHydration(page);
  const request = page.locator('.card', { hasText: email });
  await expect(page.getByRole('heading', { name: 'Demandes à rejoindre' })).toBeVisible();
  await request.getByRole('button', { name: 'Accepter' }).click();
  await expect(page.getByRole('heading', { name: 'Demandes à rejoindre' })).toHaveCount(0);
  await expect(page.locator('.card', { hasText: email })).toContainText('membre');
  await logOut(page);

  await logIn(page, email, 'des châtaignes pour tout l’hiver');
  await page.goto('/compte/structures');
  const mine = page.locator('.card', { hasText: 'Garage solidaire de Thiverny' });
  await expect(mine).toContainText('membre');
  await expect(mine).not.toContainText('demande en attente');
  await expect(mine.getByRole('button', { name: 'Quitter la structure' })).toBeVisible();
  await logOut(page);
});

async function logIn(page: Page, email: string, password: string) {
  await page.goto('/connexion');
  await waitForHydration(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/compte$/);
}

async function logOut(page: Page) {
  await page.goto('/compte');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Se connecter' })).toBeVisible();
}

test('déclarer une structure : les erreurs gardent la saisie, puis la coordination la valide', async ({ page, consoleErrors }) => {
  const name = `Recyclerie des Garrigues ${Date.now()}`;
  await logIn(page, 'yanis@example.org', 'partage-demo-2026');
  await page.goto('/compte/structures');
  await waitForHydration(page);
  await page.getByLabel('Nom de la structure', { exact: true }).fill(name);
  await page.getByLabel('Type de structure').selectOption('association');
  await page.getByLabel('Présentation').fill('Réemploi et ateliers de réparation.');
  await page.getByLabel('Commune').fill('Uzès (30700)');
  await page.getByLabel('Site web (facultatif)').fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Envoyer pour validation' }).click();
  const website = page.getByLabel('Site web (facultatif)');
  await expect(website).toHaveAttribute('aria-invalid', 'true');
  await expect(website).toBeFocused();
  await expect(page.locator('#champ-form-website-erreur')).toContainText('https://');
  await expect(page.getByLabel('Nom de la structure', { exact: true })).toHaveValue(name);
  await website.fill('https://recyclerie-garrigues.example.org');
  await page.getByRole('button', { name: 'Envoyer pour validation' }).click();
  await expect(page.getByRole('status')).toContainText('attend la validation');
  await expect(page.locator('.card', { hasText: name })).toContainText('En attente de validation');
  await logOut(page);

  await logIn(page, 'coordination@example.org', 'partage-demo-2026');
  await page.goto('/coordination/validation');
  await waitForHydration(page);
  const card = page.locator('.card', { hasText: name });
  await expect(card).toContainText('Yanis');
  await card.getByRole('button', { name: 'Valider' }).click();
  await expect(page.locator('.card', { hasText: name })).toHaveCount(0);
  await logOut(page);
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
