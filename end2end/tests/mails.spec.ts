import { test, expect, waitForHydration } from './fixtures';

// The e-mail choices of /compte: one radio group per topic, saved by a plain form,
// announced, and kept. Works the same without JavaScript (the form is not an island).
for (const js of [true, false]) {
  test(`choisir quand recevoir les courriels d’échanges (${js ? 'avec' : 'sans'} JavaScript)`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto('/connexion');
    if (js) await waitForHydration(page);
    await page.getByLabel('Adresse e-mail').fill('martine@example.org');
    await page.getByLabel('Mot de passe').fill('partage-demo-2026');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page).toHaveURL(/\/compte$/);

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
