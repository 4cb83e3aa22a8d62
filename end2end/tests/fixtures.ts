import { test as base, expect, Page } from '@playwright/test';

// Every test fails on a console error or an uncaught exception, and no request may
// leave 127.0.0.1 (the map's tiles included: the app must work without them).
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
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
