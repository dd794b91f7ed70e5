// A person signs in once, creates a token with scopes, addresses and a duration, reads the secret once, copies it and
// uses it; a reload hides it; then scopes are added and removed, the token edited (also against a stale version)
// and revoked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertClean, checkA11y, createUser, exchange, launch, openPage, personApi, screenshot } from './support.mjs';

describe('token lifecycle on the page', () => {
  let session; let page; let user; let secret; let tokenId; let rest;

  before(async () => {
    user = await createUser('alice');
    rest = await personApi(user);
    session = await launch();
    page = session.page;
  });
  after(async () => {
    await session?.browser.close();
  });

  it('signs in once through the realm login and shows the empty table', async () => {
    await openPage(page, user.username, user.password);
    await page.getByText('No tokens yet.').waitFor();
    assert.equal(await page.getByRole('table', { name: 'My tokens' }).count(), 1);
    await checkA11y(page, 'token list (empty)');
  });

  it('creates a token with scopes, allowed addresses and a 30-day duration', async () => {
    await page.getByRole('link', { name: '+ Create token' }).click();
    await page.getByRole('heading', { name: 'Create an API token' }).waitFor();
    await page.getByText('members', { exact: true }).click(); // opens the group
    await checkA11y(page, 'create token');
    await page.getByLabel('Name').fill('ci deploy');
    await page.getByLabel('Description').fill('deploys the demo');
    await page.getByLabel('30 days').check();
    await page.getByLabel('Allowed IP addresses').fill('127.0.0.1\n10.0.0.0/8');
    await page.getByLabel('members.read', { exact: true }).check();
    await page.getByLabel('Resource ids for members.read (optional)').fill('m-1, m-2');
    await page.getByText('groups', { exact: true }).click();
    await page.getByLabel('groups.read', { exact: true }).check();
    await screenshot(page, 'create-token');
    await page.getByRole('button', { name: 'Create token' }).click();

    await page.getByText('Copy your new token now. It will not be shown again.').waitFor();
    tokenId = page.url().split('/tokens/')[1];
    const token = (await rest('GET', `/token/${tokenId}`)).body;
    assert.equal(token.name, 'ci deploy');
    assert.equal(token.description, 'deploys the demo');
    assert.deepEqual(token.allowed_ips, ['127.0.0.1', '10.0.0.0/8']);
    assert.deepEqual([...token.allowed_scopes].sort(), ['groups.read', 'members.read']);
    assert.deepEqual(token.scope_resources, { 'members.read': ['m-1', 'm-2'] });
    const days = (Date.parse(token.expires_at) - Date.now()) / 86_400_000;
    assert.ok(days > 29.9 && days <= 30, `expires in ${days} days`);
    await checkA11y(page, 'token detail with the secret');
    await screenshot(page, 'token-secret-once');
  });

  it('copies the secret to the clipboard, and the secret works', async () => {
    secret = await page.getByLabel('Token secret').inputValue();
    assert.match(secret, /^kcpat_/);
    await page.getByRole('button', { name: 'Copy token' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);

    const clientId = (await rest('GET', `/token/${tokenId}`)).body.client_id;
    const jwt = await exchange(clientId, secret);
    assert.equal(jwt.status, 200, JSON.stringify(jwt.body));
    assert.deepEqual(jwt.body.scope.split(' ').sort(), ['groups.read', 'members.read']);
  });

  it('shows only the masked token after a reload, without asking to sign in again', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'ci deploy' }).waitFor();
    assert.equal(await page.getByLabel('Token secret').count(), 0);
    assert.ok(!(await page.content()).includes(secret), 'the secret is gone from the page');
    await page.getByText(`kcpat_…${secret.slice(-4)}`).waitFor();
    assert.ok(!page.url().includes('code='), 'the authorization code left the address bar');
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }) + document.cookie);
    assert.ok(!stored.includes(secret) && !stored.includes('eyJ'), 'no secret and no token in storage or our cookies');
  });

  it('adds a scope and removes one with its trash icon', async () => {
    await page.getByRole('button', { name: 'Add scope' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add scopes' });
    await dialog.getByText('members', { exact: true }).click();
    await dialog.getByLabel('members.create', { exact: true }).check();
    await checkA11y(page, 'add scope dialog');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('cell', { name: 'members.create', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Remove scope groups.read' }).click();
    await page.getByRole('cell', { name: 'groups.read', exact: true }).waitFor({ state: 'detached' });
    assert.deepEqual((await rest('GET', `/token/${tokenId}`)).body.allowed_scopes.sort(), ['members.create', 'members.read']);
  });

  it('deletes all scopes after confirming', async () => {
    await page.getByRole('button', { name: 'Delete all' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete all 2 scopes?' });
    await checkA11y(page, 'delete all scopes dialog');
    await dialog.getByRole('button', { name: 'Delete all scopes' }).click();
    await page.getByText('No scopes: the token can be exchanged').waitFor();
    assert.deepEqual((await rest('GET', `/token/${tokenId}`)).body.allowed_scopes, []);
    await rest('POST', `/token/${tokenId}/scopes`, { allowed_scopes: ['members.read'] });
    await page.reload();
    await page.getByRole('cell', { name: 'members.read', exact: true }).waitFor();
  });

  it('edits name, description and addresses', async () => {
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit "ci deploy"' });
    await checkA11y(page, 'edit dialog');
    await dialog.getByLabel('Name').fill('ci deploy (prod)');
    await dialog.getByLabel('Allowed IP addresses').fill('not-an-address');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const ipError = dialog.locator('#edit-ips-error');
    await ipError.waitFor();
    assert.equal(await dialog.getByLabel('Allowed IP addresses').getAttribute('aria-invalid'), 'true');

    await dialog.getByLabel('Allowed IP addresses').fill('127.0.0.1');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'ci deploy (prod)' }).waitFor();
    assert.deepEqual((await rest('GET', `/token/${tokenId}`)).body.allowed_ips, ['127.0.0.1']);
  });

  it('says "changed elsewhere, reload" when the token changed since it was read', async () => {
    const current = (await rest('GET', `/token/${tokenId}`)).body;
    assert.equal((await rest('PATCH', `/token/${tokenId}`, { version: current.version, description: 'changed by a script' })).status, 200);

    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit "ci deploy (prod)"' });
    await dialog.getByLabel('Name').fill('lost update');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('This token was changed elsewhere.').waitFor();
    await checkA11y(page, 'edit dialog, stale version');
    await dialog.getByRole('button', { name: 'Reload' }).click();
    await page.getByText('changed by a script').waitFor();
    assert.equal((await rest('GET', `/token/${tokenId}`)).body.name, 'ci deploy (prod)');
  });

  it('revokes the token after confirming', async () => {
    await page.getByRole('button', { name: 'Revoke' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke token "ci deploy (prod)"?' });
    await checkA11y(page, 'revoke dialog');
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await page.locator('.pf-v5-c-label', { hasText: 'Revoked' }).waitFor();
    assert.equal((await rest('GET', `/token/${tokenId}`)).body.status, 'revoked');
    const clientId = (await rest('GET', `/token/${tokenId}`)).body.client_id;
    assert.equal((await exchange(clientId, secret)).status, 401);
    assertClean(session.problems);
  });
});
