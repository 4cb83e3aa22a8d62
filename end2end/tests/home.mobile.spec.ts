import { test, expect } from './fixtures';

test('à 360 px, la page d’accueil tient dans la largeur et la navigation reste accessible', async ({ page, consoleErrors }) => {
  await page.goto('/');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByRole('link', { name: 'Coin du partage' }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();
});
