// Keycloak's admin console shows the realm's policy under Realm settings → API tokens (declarative-ui): a change
// through the REST endpoint shows in the tab, and a policy saved in the tab is what the REST endpoint then returns.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KC, REALM, adminApi, launch, login, screenshot } from './support.mjs';

describe('the admin console tab', () => {
  let session; let page;
  const policy = async () => (await adminApi('GET', `/admin/realms/${REALM}/api-tokens/policy`)).body;

  before(async () => {
    assert.equal((await adminApi('PUT', `/admin/realms/${REALM}/api-tokens/policy`, { max_lifetime: 'P60D', max_tokens_per_user: 3 })).status, 200);
    session = await launch();
    page = session.page;
    await page.goto(`${KC}/admin/master/console/#/${REALM}/realm-settings`);
    await login(page, process.env.KC_ADMIN_USER, process.env.KC_ADMIN_PASSWORD);
  });
  after(async () => {
    await session?.browser.close();
  });

  it('shows the policy the REST endpoint set', async () => {
    await page.getByRole('tab', { name: 'API tokens' }).click();
    await page.getByLabel('Maximum lifetime').waitFor();
    await page.waitForFunction(() => document.getElementById('config.max_lifetime')?.value === 'P60D');
    assert.equal(await page.getByLabel('Maximum tokens per user').inputValue(), '3');
  });

  it('saves a policy that the REST endpoint then returns', async () => {
    await page.getByLabel('Maximum lifetime').fill('P45D');
    await page.getByLabel('Maximum tokens per user').fill('7');
    await page.getByLabel('Default lifetime').fill('P14D');
    await screenshot(page, 'admin-console-tab');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const saved = await (async () => {
      for (let i = 0; i < 40; i++) {
        const p = await policy();
        if (p.max_lifetime === 'P45D') return p;
        await new Promise((r) => setTimeout(r, 250));
      }
      return policy();
    })();
    assert.equal(saved.max_lifetime, 'P45D');
    assert.equal(saved.max_tokens_per_user, 7);
    assert.equal(saved.default_lifetime, 'P14D');
  });

  it('refuses an invalid policy with the REST validation, changing nothing', async () => {
    await page.getByLabel('Maximum lifetime').fill('forever');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/max_lifetime/).first().waitFor();
    assert.equal((await policy()).max_lifetime, 'P45D');
  });
});
