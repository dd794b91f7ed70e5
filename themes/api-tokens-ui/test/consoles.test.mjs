// Keycloak's own consoles work in the shipped demo realm: the demo user sees their profile in the account console and
// finds the token page under Applications, where a signed-in person is not asked to sign in again; demo-admin uses
// the realm's admin console.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KC, REALM, checkA11y, launch, login, screenshot } from './support.mjs';

describe('the demo realm in Keycloak consoles', () => {
  let session; let page;

  before(async () => {
    session = await launch();
    page = session.page;
  });
  after(async () => {
    await session?.browser.close();
  });

  it('lets the demo user sign in to the account console and see their profile', async () => {
    const profile = page.waitForResponse((r) => r.url().includes('/account/') && r.url().includes('userProfileMetadata=true'));
    await page.goto(`${KC}/realms/${REALM}/account/`);
    await login(page, 'demo', 'demo');
    assert.equal((await profile).status(), 200);
    await page.getByLabel('Email').waitFor();
    assert.equal(await page.getByLabel('Email').inputValue(), 'demo@example.org');
    assert.equal(await page.getByLabel('First name').inputValue(), 'Demo');
    assert.equal(await page.getByText('Something went wrong').count(), 0);
  });

  it('lists the token page under Applications and opens it without a second sign-in', async () => {
    await page.goto(`${KC}/realms/${REALM}/account/applications`);
    const app = page.getByText('API tokens', { exact: true }).first();
    await app.waitFor();
    await screenshot(page, 'account-console-applications');
    const [tab] = await Promise.all([session.context.waitForEvent('page'), page.locator('a', { hasText: 'API tokens' }).click()]);
    await tab.getByRole('heading', { name: 'My API tokens' }).waitFor();
    assert.equal(new URL(tab.url()).pathname, `/realms/${REALM}/api-tokens/ui/`);
    assert.equal(await tab.getByLabel('Password', { exact: true }).count(), 0, 'not asked to sign in again');
    await checkA11y(tab, 'token list (demo user)');
  });

  it("lets demo-admin use the realm's admin console", async () => {
    const admin = await launch();
    try {
      await admin.page.goto(`${KC}/admin/${REALM}/console/`);
      await login(admin.page, 'demo-admin', 'demo-admin');
      await admin.page.getByRole('link', { name: 'Users' }).first().click();
      await admin.page.getByRole('link', { name: 'demo', exact: true }).waitFor();
      await screenshot(admin.page, 'admin-console-users');
    } finally {
      await admin.browser.close();
    }
  });
});
