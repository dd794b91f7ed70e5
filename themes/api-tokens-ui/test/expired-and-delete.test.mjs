// The status filter finds an expired token, which is regenerated back to life with a new secret shown once; then a
// token is deleted from the row actions and all the rest with "Delete all", whose confirmation says how many.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertClean, checkA11y, createUser, eventually, exchange, launch, openPage, personApi, screenshot } from './support.mjs';

describe('expired tokens, regeneration and deletion on the page', () => {
  let session; let page; let rest; let expired;

  before(async () => {
    const user = await createUser('bea');
    rest = await personApi(user);
    // a token that expires in a few seconds, made through the API; the test waits for the expiry by polling
    expired = (await rest('POST', '/token', { name: 'nightly export', expires_at: new Date(Date.now() + 3000).toISOString(),
      allowed_scopes: ['members.read'] })).body;
    await rest('POST', '/token', { name: 'still active', allowed_scopes: ['groups.read'] });
    await eventually(async () => (await rest('GET', `/token/${expired.id}`)).body.status === 'expired');
    session = await launch();
    page = session.page;
    await openPage(page, user.username, user.password);
  });
  after(async () => {
    await session?.browser.close();
  });

  it('shows the expired token under the Expired filter only', async () => {
    await page.getByRole('link', { name: 'still active' }).waitFor();
    await page.getByLabel('Status').selectOption('expired');
    await page.getByRole('link', { name: 'still active' }).waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /nightly export/ });
    await row.getByText('Expired').waitFor();
    await checkA11y(page, 'token list, expired filter');
    await screenshot(page, 'token-list-expired');
    await page.getByLabel('Status').selectOption('active');
    await page.getByRole('link', { name: 'still active' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'nightly export' }).count(), 0);
  });

  it('regenerates the expired token with a new duration and shows the new secret once', async () => {
    await page.getByLabel('Status').selectOption('expired');
    await page.getByRole('link', { name: 'nightly export' }).click();
    await page.getByRole('heading', { name: 'nightly export' }).waitFor();
    await page.getByRole('button', { name: 'Regenerate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Regenerate "nightly export"' });
    await dialog.getByLabel('7 days').check();
    assert.equal(await dialog.getByLabel('Grace period').count(), 0, 'no grace for an expired token');
    await checkA11y(page, 'regenerate dialog');
    await screenshot(page, 'regenerate-dialog');
    await dialog.getByRole('button', { name: 'Regenerate' }).click();
    await page.getByText('Copy your new token now. It will not be shown again.').waitFor();
    const secret = await page.getByLabel('Token secret').inputValue();

    const token = (await rest('GET', `/token/${expired.id}`)).body;
    assert.equal(token.status, 'active');
    const days = (Date.parse(token.expires_at) - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, `expires in ${days} days`);
    assert.equal((await exchange(token.client_id, secret)).status, 200);
    await page.locator('.pf-v5-c-label', { hasText: 'Active' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'nightly export' }).waitFor();
    assert.equal(await page.getByLabel('Token secret').count(), 0);
  });

  it('deletes one token from its row after confirming', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'My tokens' }).click();
    await page.getByRole('button', { name: 'Delete still active' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete token "still active"?' });
    await checkA11y(page, 'delete token dialog');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('link', { name: 'still active' }).waitFor({ state: 'detached' });
    assert.deepEqual((await rest('GET', '/tokens')).body.tokens.map((t) => t.name), ['nightly export']);
  });

  it('deletes all tokens, saying how many', async () => {
    await rest('POST', '/token', { name: 'third' });
    await page.reload();
    await page.getByRole('link', { name: 'third' }).waitFor();
    await page.getByRole('button', { name: 'Delete all' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete all 2 tokens?' });
    await dialog.getByText('All 2 of your tokens').waitFor();
    await checkA11y(page, 'delete all tokens dialog');
    await dialog.getByRole('button', { name: 'Delete all 2 tokens' }).click();
    await page.getByText('No tokens yet.').waitFor();
    assert.equal((await rest('GET', '/tokens')).body.total, 0);
    assertClean(session.problems);
  });
});
