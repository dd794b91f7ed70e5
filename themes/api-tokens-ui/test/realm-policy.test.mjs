// A realm manager (realm-management manage-realm, nothing else) lowers the maximum lifetime on the page; the page
// then explains the limit, and a creation beyond it shows the API's error next to the expiry field.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { REALM, adminApi, assertClean, checkA11y, createUser, launch, openPage, screenshot } from './support.mjs';

describe('the realm policy on the page', () => {
  let session; let page;

  before(async () => {
    const manager = await createUser('maria', { managementRoles: ['manage-realm'] });
    session = await launch();
    page = session.page;
    await openPage(page, manager.username, manager.password);
  });
  after(async () => {
    await adminApi('PUT', `/admin/realms/${REALM}/api-tokens/policy`, {});
    await session?.browser.close();
  });

  it('lets a realm manager lower the maximum lifetime', async () => {
    await page.getByRole('link', { name: 'Policy' }).click();
    await page.getByRole('heading', { name: 'Token policy of the realm' }).waitFor();
    await page.getByLabel('Maximum lifetime').fill('P45Y');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#policy-max_lifetime-error').waitFor();
    await page.getByLabel('Maximum lifetime').fill('P30D');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The policy is saved.').waitFor();
    await checkA11y(page, 'realm policy');
    await screenshot(page, 'realm-policy');
    assert.equal((await adminApi('GET', `/admin/realms/${REALM}/api-tokens/policy`)).body.max_lifetime, 'P30D');
  });

  it('explains the limit before submitting, and shows the field error of a creation beyond it', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'My tokens' }).click();
    await page.getByRole('link', { name: '+ Create token' }).click();
    await page.getByText('Tokens may live at most 30 days.').waitFor();
    assert.ok(await page.getByLabel('60 days').isDisabled());
    await page.getByLabel('Name').fill('too long');
    await page.getByLabel('Custom date').check();
    const far = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Expires on').fill(far);
    await page.getByRole('button', { name: 'Create token' }).click();

    const expiry = page.getByRole('group', { name: 'Expiration' });
    await expiry.getByText(/must be at most P30D from now/).waitFor();
    assert.equal(await page.getByLabel('Expires on').getAttribute('aria-invalid'), 'true');
    assert.ok(await page.getByLabel('Expires on').evaluate((e) => e === document.activeElement), 'the field the API named has the focus');
    await checkA11y(page, 'create token with a field error');
    await screenshot(page, 'create-token-field-error');
    assertClean(session.problems);
  });
});
