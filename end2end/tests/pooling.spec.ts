import { test, expect, logIn } from './fixtures';
import { Page, Browser } from '@playwright/test';

// « Mutualiser »: the responsable of the demo social centre publishes a camion with one
// trusted partner; the partner books it (confirmed at once); another structure asks for
// an overlapping slot and is refused with the free slots shown, then asks for a free
// one, which the owner accepts from the link of the request's mail (development outbox).

/** A Paris day `days` from today, as the date field takes it. */
function dayAhead(days: number): string {
  const d = new Date(Date.now() + days * 86400000);
  return d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
}

async function logOut(page: Page) {
  await page.context().clearCookies();
}

async function ask(page: Page, url: string, day: string, units: string) {
  await page.goto(url);
  const form = page.getByRole('region', { name: 'Demander un créneau' });
  await form.getByLabel('Jour').fill(day);
  await form.getByLabel('Durée').fill(units);
  await form.getByRole('button', { name: 'Demander ce créneau' }).click();
}

test('publier le CAM’S, le réserver en partenaire, refuser un créneau pris, accepter une demande depuis le courriel', async ({ page, consoleErrors }) => {
  const stamp = Date.now();
  const name = `CAM’S de démonstration ${stamp}`;
  await logIn(page, 'lo-solan@example.org');
  await page.goto('/ressources/nouvelle');
  await page.getByLabel('Nom de la ressource').fill(name);
  await page.getByLabel('Type').selectOption('vehicle');
  await page.getByLabel('Description', { exact: true }).fill('Camion aménagé : coin café, table, connexion pour les démarches.');
  await page.getByLabel('Partenaires de confiance').selectOption({ label: 'Épicerie solidaire du bassin de Lacq (démo)' });
  await page.getByRole('button', { name: 'Enregistrer la ressource' }).click();
  await expect(page).toHaveURL(/\/ressources\/\d+(\?__avis=1)?$/);
  await expect(page.getByRole('status').filter({ hasText: 'Ressource enregistrée.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  const url = new URL(page.url()).pathname;

  // The trusted partner: confirmed at once, for two days.
  const day = dayAhead(20);
  await logOut(page);
  await logIn(page, 'epicerie-mourenx@example.org');
  await ask(page, url, day, '2');
  await expect(page.getByRole('status').filter({ hasText: 'Réservation confirmée' })).toBeVisible();

  // Another structure: the overlapping day is refused, with free slots of the same length.
  await logOut(page);
  await logIn(page, 'lagor@example.org');
  await ask(page, url, dayAhead(21), '1');
  const refusal = page.getByRole('alert');
  await expect(refusal).toContainText('Ce créneau vient d\'être pris');
  await expect(refusal).toContainText('Créneaux libres de même durée');
  // The calendar of that month shows the partner's days as taken, without its name.
  await page.goto(`${url}?mois=${day.slice(0, 7)}`);
  await expect(page.locator('table.calendar')).toContainText('Pris');
  await expect(page.locator('table.calendar')).not.toContainText('Épicerie solidaire');
  // A free day is requested: it waits for the owner's answer.
  await ask(page, url, dayAhead(25), '1');
  await expect(page.getByRole('status').filter({ hasText: 'Demande envoyée' })).toBeVisible();

  // The owner's mail, in the development outbox, carries the accept link.
  await page.goto('/dev/courriels');
  const mail = page.locator('article', { hasText: 'lo-solan@example.org' }).filter({ hasText: name }).filter({ hasText: 'Demande de réservation' }).first();
  await expect(mail).toBeVisible();
  const text = await mail.innerText();
  const accept = text.match(/Accepter : (\S+)/)?.[1];
  expect(accept, text).toBeTruthy();
  await page.goto(new URL(accept!).pathname);
  await expect(page.getByText('Comité des fêtes de Lagor (démo)')).toBeVisible();
  await page.getByRole('button', { name: 'Confirmer : accepter la demande' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'C\'est noté' })).toBeVisible();
  // The link has done its work: opened again, it says so.
  await page.goto(new URL(accept!).pathname);
  await expect(page.getByText('Ce lien n\'est plus valable')).toBeVisible();

  // The borrower sees it confirmed in « Réservations », and its structure's secret
  // calendar feed holds it; the .ics came with its mail.
  await page.goto('/reservations');
  await expect(page.locator('.booking', { hasText: name }).first()).toContainText('Confirmée');
  const feed = await page.locator('a[type="text/calendar"]').first().getAttribute('href');
  const ics = await (await page.request.get(new URL(feed!).pathname + new URL(feed!).search)).text();
  expect(ics).toContain('BEGIN:VCALENDAR');
  expect(ics).toContain(name);
  await page.goto('/dev/courriels');
  await expect(page.locator('article', { hasText: 'lagor@example.org' }).filter({ hasText: 'Réservation confirmée' }).first()).toContainText(name);
});

test('sans JavaScript : parcourir les ressources, ouvrir un agenda et demander un créneau', async ({ browser }: { browser: Browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/ressources?q=camion');
  await page.getByRole('link', { name: 'Le CAM’S, camion solidaire' }).click();
  await expect(page.locator('table.calendar caption')).toContainText('Agenda');
  await page.getByRole('link', { name: 'Semaine' }).click();
  await expect(page.locator('table.calendar-week')).toBeVisible();
  await page.getByRole('link', { name: 'Mois' }).click();
  await expect(page.getByText('Connectez-vous avec le compte d\'une structure')).toBeVisible();
  const url = new URL(page.url()).pathname;
  await logIn(page, 'lagor@example.org', false);
  await ask(page, url, dayAhead(40), '1');
  await expect(page.getByRole('status').filter({ hasText: 'Demande envoyée' })).toBeVisible();
  await context.close();
});
