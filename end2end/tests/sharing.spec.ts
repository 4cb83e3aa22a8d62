import { Page } from '@playwright/test';
import { test, expect, waitForHydration } from './fixtures';

const PW = 'partage-demo-2026';

async function logIn(page: Page, email: string, js = true) {
  await page.goto('/connexion');
  if (js) await waitForHydration(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(PW);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/compte$/);
}

async function logOut(page: Page, js = true) {
  await page.goto('/compte');
  if (js) await waitForHydration(page);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Se connecter' })).toBeVisible();
}

/** Fills the publish form with a vehicle need; `title` may be invalid on purpose. */
async function fillNeed(page: Page, title: string, description: string) {
  await page.getByLabel('Type d’annonce').selectOption('need');
  await page.getByLabel('Catégorie').selectOption('vehicule');
  await page.getByLabel('Titre').fill(title);
  await page.getByLabel('Description').fill(description);
  await page.getByLabel('Quantité').fill('1 camionnette');
}

test('publier un besoin, le retrouver, y répondre, accepter, échanger les coordonnées, le marquer pourvu', async ({ page, consoleErrors }) => {
  const stamp = Date.now();
  const title = `Camionnette réfrigérée pour la fête ${stamp}`;
  const description = 'Pour transporter les légumes du marché paysan jusqu’à la salle des fêtes, samedi matin.';

  await logIn(page, 'membre@example.org');
  await page.goto('/partage/publier');
  await waitForHydration(page);
  await fillNeed(page, 'abc', description);
  await page.getByRole('button', { name: 'Publier', exact: true }).click();
  // Checked in the browser with the server's rules: message on the field, focus, input kept.
  const titleField = page.getByLabel('Titre');
  await expect(titleField).toHaveAttribute('aria-invalid', 'true');
  await expect(titleField).toBeFocused();
  await expect(page.locator('#champ-form-title-erreur')).toContainText('5 à 120 caractères');
  await expect(page.getByLabel('Description')).toHaveValue(description);
  await titleField.fill(title);
  await page.getByRole('button', { name: 'Publier', exact: true }).click();
  await expect(page).toHaveURL(/\/partage\/\d+$/);
  const postUrl = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await logOut(page);

  // A citizen finds it without accents, and through a filtered link.
  await logIn(page, 'camille@example.org');
  await page.goto('/partage');
  await waitForHydration(page);
  await page.getByLabel('Rechercher').fill(`refrigeree fete ${stamp}`);
  await page.getByRole('search', { name: 'Filtres' }).getByRole('button', { name: 'Filtrer' }).click();
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await page.goto(`/partage?q=${encodeURIComponent('camionnette refrigeree')}&type=besoin&categorie=vehicule`);
  await page.getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`${postUrl}$`));
  await waitForHydration(page);
  await page.getByLabel('Votre message').fill('Notre camion frigo est libre samedi, je peux le conduire.');
  await page.getByRole('button', { name: 'Je peux aider' }).click();
  const mine = page.locator('section', { has: page.getByRole('heading', { name: 'Votre réponse' }) });
  await expect(mine).toContainText('camion frigo');
  await expect(mine).toContainText('En attente');
  await expect(mine.getByText('membre@example.org')).toHaveCount(0);
  await logOut(page);

  // The member is notified, accepts: both see each other's contacts.
  await logIn(page, 'membre@example.org');
  const exchanges = page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: /Mes échanges/ });
  await expect(exchanges.locator('.badge')).toBeVisible();
  await exchanges.click();
  await page.getByRole('link', { name: title }).first().click();
  await waitForHydration(page);
  const replies = page.locator('section', { has: page.getByRole('heading', { name: 'Réponses reçues' }) });
  await replies.getByRole('button', { name: 'Accepter' }).click();
  await expect(replies.getByRole('group', { name: 'Coordonnées' })).toContainText('camille@example.org');
  await expect(page.locator('.post-page .card-tags')).toContainText('En cours');
  await page.getByRole('button', { name: 'Marquer comme pourvu' }).click();
  await expect(page.locator('.post-page .card-tags')).toContainText('Pourvu');
  await logOut(page);

  await logIn(page, 'camille@example.org');
  await page.goto(postUrl);
  await expect(page.getByRole('group', { name: 'Coordonnées' })).toContainText('membre@example.org');
  await expect(page.locator('.post-page .card-tags')).toContainText('Pourvu');
});

test('des bénévoles s’inscrivent à une mission jusqu’à ce qu’elle soit complète', async ({ page, consoleErrors }) => {
  const title = `Tenir le stand de la fête des récoltes ${Date.now()}`;
  const day = new Date(Date.now() + 12 * 86400_000).toISOString().slice(0, 10);
  await logIn(page, 'membre@example.org');
  await page.goto('/partage/publier');
  await waitForHydration(page);
  await page.getByLabel('Type d’annonce').selectOption('need');
  await page.getByLabel('Catégorie').selectOption('benevolat');
  await page.getByLabel('Titre').fill(title);
  await page.getByLabel('Description').fill('Accueillir le public et servir la soupe de 9 h à midi.');
  await page.getByLabel('À partir du').fill(day);
  await page.getByLabel('Heure de début').fill('09:00');
  await page.getByLabel('Nombre de bénévoles').fill('2');
  await page.getByRole('button', { name: 'Publier', exact: true }).click();
  await expect(page).toHaveURL(/\/partage\/\d+$/);
  const url = new URL(page.url()).pathname;
  await logOut(page);

  for (const who of ['camille', 'yanis']) {
    await logIn(page, `${who}@example.org`);
    await page.goto('/benevolat');
    await page.getByRole('link', { name: title }).click();
    await waitForHydration(page);
    await page.getByRole('button', { name: 'Je m’inscris' }).click();
    await expect(page.getByText('Vous êtes inscrit·e à cette mission.')).toBeVisible();
    await page.goto('/benevolat');
    await expect(page.locator('section', { has: page.getByRole('heading', { name: 'Mes prochaines missions' }) })).toContainText(title);
    await logOut(page);
  }

  await logIn(page, 'martine@example.org');
  await page.goto(url);
  await expect(page.locator('.facts')).toContainText('Complet (2 inscrits)');
  await expect(page.getByRole('button', { name: 'Je m’inscris' })).toHaveCount(0);
});

test.describe('sans JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('publier (erreur corrigée, saisie gardée), répondre et accepter avec des formulaires simples', async ({ page, consoleErrors }) => {
    const title = `Remorque pour vélo cargo ${Date.now()}`;
    const description = 'Pour livrer les paniers solidaires du jeudi aux personnes qui ne peuvent pas se déplacer.';
    await logIn(page, 'membre@example.org', false);
    await page.goto('/partage/publier');
    await fillNeed(page, 'abc', description);
    await page.getByRole('button', { name: 'Publier', exact: true }).click();
    // The server's answer: the page again, with the message and what was typed.
    await expect(page).toHaveURL(/\/partage\/publier\?/);
    await expect(page.locator('#champ-form-title-erreur')).toContainText('5 à 120 caractères');
    await expect(page.getByLabel('Description')).toHaveValue(description);
    await expect(page.getByLabel('Titre')).toHaveValue('abc');
    await expect(page.getByLabel('Catégorie')).toHaveValue('vehicule');
    await page.getByLabel('Titre').fill(title);
    await page.getByRole('button', { name: 'Publier', exact: true }).click();
    await expect(page).toHaveURL(/\/partage\/\d+$/);
    const postUrl = new URL(page.url()).pathname;
    await logOut(page, false);

    await logIn(page, 'yanis@example.org', false);
    await page.goto(postUrl);
    await page.getByLabel('Votre message').fill('Une remorque dort dans notre garage, elle est à vous jeudi.');
    await page.getByRole('button', { name: 'Je peux aider' }).click();
    await expect(page.locator('section', { has: page.getByRole('heading', { name: 'Votre réponse' }) })).toContainText('En attente');
    await logOut(page, false);

    await logIn(page, 'membre@example.org', false);
    await page.goto(postUrl);
    await page.getByRole('button', { name: 'Accepter' }).click();
    await expect(page.getByRole('group', { name: 'Coordonnées' })).toContainText('yanis@example.org');
  });
});

test('une structure place son annonce sur un point précis de la carte ; un particulier ne le peut pas', async ({ page, consoleErrors }) => {
  const title = `Barnums pour la fête ${Date.now()}`;
  await logIn(page, 'membre@example.org');
  await page.goto('/partage/publier');
  await waitForHydration(page);
  await fillNeed(page, title, 'Trois barnums pour abriter les stands de la fête de quartier, samedi.');
  const picker = page.getByRole('group', { name: 'Point précis sur la carte (facultatif)' });
  const map = picker.getByRole('region', { name: 'Lieu de l’annonce (déplaçable)' });
  await expect(map).toHaveClass(/leaflet-container/);
  await expect(picker.getByText('Point choisi :')).toHaveCount(0);
  // A click on the map places the marker there.
  await map.click({ position: { x: 120, y: 90 } });
  await expect(picker.getByText('Point choisi :')).toBeVisible();
  await expect(map.locator('.map-pin-pick')).toBeVisible();
  const lat = await page.locator('input[name="form[lat]"]').inputValue();
  expect(Number(lat)).not.toBeNaN();
  await page.getByRole('button', { name: 'Publier', exact: true }).click();
  await expect(page).toHaveURL(/\/partage\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  const geo = await (await page.request.get('/api/v1/posts.geojson')).json();
  const mine = geo.features.find((f) => f.properties.id === id);
  expect(mine.properties.precision).toBe('address');
  expect(Math.abs(mine.geometry.coordinates[1] - Number(lat))).toBeLessThan(1e-5);
  await logOut(page);

  // An individual: no picker, the commune only.
  await logIn(page, 'camille@example.org');
  await page.goto('/partage/publier');
  await waitForHydration(page);
  await expect(page.getByText('Une annonce personnelle est placée au centre de sa commune')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Point précis sur la carte (facultatif)' })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
