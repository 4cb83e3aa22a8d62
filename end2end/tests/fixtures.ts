import { test as base, expect, Page } from '@playwright/test';

// Every test fails on a console error or an uncaught exception, and no request may
// leave 127.0.0.1 (the map's tiles included: the app must work without them).
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      // Outside requests (map tiles) are blocked below on purpose: their failures are expected.
      if (msg.location().url && !msg.location().url.startsWith('http://127.0.0.1')) return;
      // A server function refusing input (400, 401, 403, 404, 409, 429) is an expected answer, not a bug.
      const expected = /status of 4(00|01|03|04|09|29)/.test(msg.text()) && msg.location().url.includes('/api/');
      if (!expected) errors.push(`${msg.text()} @ ${msg.location().url}`);
    });
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/]).*/, (route) => route.abort());
    await use(errors);
    expect(errors, 'console errors').toEqual([]);
  },
});
export { expect };

/** Waits until the WASM bundle has hydrated the page (an interactive control works). */
export async function waitForHydration(page: Page) {
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
}

/** Logs a demo account in (with or without JavaScript) and waits for « Mon compte ». */
export async function logIn(page: Page, email: string, js = true) {
  await page.goto('/connexion');
  if (js) await waitForHydration(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill('partage-demo-2026');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/compte$/);
}
