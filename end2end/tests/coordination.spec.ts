import { Page } from '@playwright/test';
import * as fs from 'node:fs';
import { test, expect, waitForHydration } from './fixtures';

const PW = 'partage-demo-2026';

async function logIn(page: Page, email: string) {
  await page.goto('/connexion');
  await waitForHydration(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(PW);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/compte$/);
}

async function logOut(page: Page) {
  await page.goto('/compte');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Se connecter' })).toBeVisible();
}

test('la coordination lit son tableau de bord, exporte les besoins sans réponse, relie un besoin et masque une annonce signalée', async ({ page, consoleErrors }) => {
  // A citizen reports a post.
  await logIn(page, 'camille@example.org');
  await page.goto('/partage?q=parrainer');
  await page.getByRole('link', { name: /Paysans retraités pour parrainer/ }).click();
  await expect(page).toHaveURL(/\/partage\/\d+$/);
  await waitForHydration(page);
  await page.getByText('Signaler un problème').click();
  await page.getByLabel('Ce qui ne va pas').fill('Cette annonce demande un engagement payant déguisé.');
  await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(page.getByText('Merci, votre signalement a été transmis à la coordination.')).toBeVisible();
  await logOut(page);

  // The coordinator's dashboard: figures, charts with their tables, links to the lists.
  await logIn(page, 'coordination@example.org');
  await page.goto('/coordination/tableau');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Tableau de bord — ');
  await expect(page.getByRole('img', { name: 'Annonces ouvertes par catégorie' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Annonces publiées ces 12 derniers mois' })).toBeVisible();
  await expect(page.locator('.dashboard-figures')).toContainText('À traiter en modération');
  await page.locator('.dashboard-figures').getByRole('link', { name: /Besoins sans réponse depuis 7 jours/ }).click();
  await expect(page).toHaveURL(/etat=sans-reponse-7/);
  const row = page.locator('tr', { hasText: 'Cimaises, grilles d’exposition' });
  await expect(row).toBeVisible();

  // The filtered list downloads as CSV with a BOM (Excel reads the accents).
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Exporter ces annonces (CSV)' }).click(),
  ]);
  const file = fs.readFileSync(await download.path());
  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = file.subarray(3).toString('utf8');
  expect(csv.split('\n')[0]).toContain('id,type,catégorie,titre,état');
  expect(csv).toContain('Cimaises, grilles d’exposition');
  expect(csv).not.toContain('@example.org');

  // « Mise en relation » of this unanswered need with a matching offer nearby.
  await row.getByRole('link', { name: 'Relier à une ressource' }).click();
  await expect(page).toHaveURL(/\/coordination\/relier\/\d+$/);
  await waitForHydration(page);
  const offer = page.locator('.connect-candidate', { hasText: 'Prêt de tables pliantes' });
  await offer.getByRole('button', { name: 'Mettre en relation' }).click();
  await expect(page.getByText('Les deux parties ont été prévenues.')).toBeVisible();
  await expect(page.locator('.connect-candidate', { hasText: 'Prêt de tables pliantes' })).toContainText('Mis en relation');

  // The report waits in the moderation queue with its reason; the post is hidden.
  await page.goto('/coordination/moderation');
  await waitForHydration(page);
  const card = page.locator('.card', { hasText: 'Paysans retraités pour parrainer' });
  await expect(card).toContainText('engagement payant déguisé');
  await expect(card).toContainText('signalement');
  await card.getByLabel('Motif (envoyé à l’auteur)').fill('Les offres payantes n’ont pas leur place ici.');
  await card.getByRole('button', { name: 'Masquer l’annonce' }).click();
  await expect(page.locator('section', { hasText: 'Annonces masquées' }).locator('.card', { hasText: 'Paysans retraités' })).toBeVisible();
  await expect(page.locator('section[aria-labelledby="signalements"] .card', { hasText: 'Paysans retraités' })).toHaveCount(0);
  await page.goto('/partage?q=parrainer');
  await expect(page.getByRole('link', { name: /Paysans retraités pour parrainer/ })).toHaveCount(0);
});

test('un import CSV avec deux lignes fausses n’écrit rien ; corrigé, il entre en entier', async ({ page, consoleErrors }) => {
  await logIn(page, 'coordination@example.org');
  await page.goto('/coordination/import');
  await waitForHydration(page);
  const bad = [
    'Nom;Type;Commune;RNA',
    'Atelier vélo de Vallabrix;Association;Vallabrix;',
    'Les Pousses de Montaren;ferme;Montaren-et-Saint-Médiers;',
    'Amicale introuvable;association;Zzyzx-sur-Mer;',
    'Repair Café de Blauzac;association;Blauzac;',
  ].join('\n');
  // The file is chosen from disk; its text lands in the field.
  await page.getByLabel('Fichier CSV').setInputFiles({ name: 'structures.csv', mimeType: 'text/csv', buffer: Buffer.from('\ufeff' + bad) });
  await expect(page.getByLabel('Contenu du fichier (ou collez-le ici)')).toHaveValue(/Atelier vélo de Vallabrix/);
  await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
  await expect(page.getByRole('heading', { name: /2 structures prêtes à importer, 2 lignes en erreur/ })).toBeVisible();
  await expect(page.locator('tr', { hasText: 'Les Pousses de Montaren' })).toContainText('type : Choisissez un type');
  await expect(page.locator('tr', { hasText: 'Amicale introuvable' })).toContainText('commune : Aucune commune');
  await expect(page.getByRole('button', { name: 'Importer ces structures' })).toHaveCount(0);
  await page.goto('/annuaire?q=vallabrix');
  await expect(page.getByText('Atelier vélo de Vallabrix')).toHaveCount(0);

  // Fixed: everything goes in, with a progress bar.
  await page.goto('/coordination/import');
  await waitForHydration(page);
  const good = bad.replace(';ferme;', ';Collectif;').replace('Zzyzx-sur-Mer', 'Uzès');
  await page.getByLabel('Contenu du fichier (ou collez-le ici)').fill(good);
  await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
  await expect(page.getByRole('heading', { name: /4 structures prêtes à importer, aucune erreur/ })).toBeVisible();
  await page.getByRole('button', { name: 'Importer ces structures' }).click();
  await expect(page.getByText('Import terminé : 4 structures ajoutées à l’annuaire.')).toBeVisible();
  await page.goto('/annuaire?q=vallabrix');
  await expect(page.getByRole('link', { name: 'Atelier vélo de Vallabrix' })).toBeVisible();
});

test('un citoyen n’entre pas dans l’espace coordination', async ({ page, consoleErrors }) => {
  await logIn(page, 'camille@example.org');
  await page.goto('/coordination/tableau');
  await expect(page.getByRole('alert')).toBeVisible();
  const res = await page.request.get('/coordination/export/annonces.csv');
  expect(res.status()).toBe(403);
});
