// The page at 390 px (a phone) without sideways scrolling, and used with the keyboard alone: create a token, copy
// nothing by mouse, revoke it through a dialog that keeps the focus and closes on Escape.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertClean, axe, checkA11y, createUser, launch, openPage, personApi, screenshot } from './support.mjs';

const fitsWidth = (page) => page.evaluate(() => [document.documentElement, document.querySelector('main')]
  .every((e) => e.scrollWidth <= e.clientWidth + 1));

async function tabTo(page, locator, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await locator.evaluate((e) => e === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${locator} with Tab`);
}

describe('the page on a phone and with the keyboard', () => {
  let session; let page; let rest;

  before(async () => {
    const user = await createUser('kim');
    rest = await personApi(user);
    await rest('POST', '/token', { name: 'phone sync', allowed_scopes: ['members.read', 'groups.read'], allowed_ips: ['10.0.0.0/8'] });
    session = await launch({ width: 390, height: 844 });
    page = session.page;
    await openPage(page, user.username, user.password);
  });
  after(async () => {
    await session?.browser.close();
  });

  it('has an accessibility check that does catch violations', async () => {
    await page.getByRole('link', { name: 'phone sync' }).waitFor();
    await page.evaluate(() => document.querySelector('main').insertAdjacentHTML('beforeend',
      '<div id="planted"><img src="data:,"><input type="text"><button></button></div>'));
    const found = (await axe(page)).violations.map((v) => v.id);
    assert.ok(['image-alt', 'label', 'button-name'].every((id) => found.includes(id)), found.join(', '));
    await page.evaluate(() => document.getElementById('planted').remove());
  });

  it('shows the table at 390 px without sideways scrolling', async () => {
    await page.getByRole('link', { name: 'phone sync' }).waitFor();
    assert.ok(await fitsWidth(page), 'no horizontal overflow');
    await checkA11y(page, 'token list at 390 px');
    await screenshot(page, 'narrow-token-list');
  });

  it('creates a token with the keyboard alone', async () => {
    await tabTo(page, page.getByRole('link', { name: '+ Create token' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Create an API token' }).waitFor();
    assert.ok(await fitsWidth(page), 'no horizontal overflow');
    await checkA11y(page, 'create token at 390 px');
    await tabTo(page, page.getByLabel('Name'));
    await page.keyboard.type('typed by keyboard');
    await tabTo(page, page.getByLabel('30 days')); // a radio group is one Tab stop; arrows choose within it
    await page.keyboard.press('ArrowUp');
    assert.ok(await page.getByLabel('7 days').isChecked());
    await page.keyboard.press('Enter'); // submits the form
    await page.getByText('It will not be shown again.').waitFor();
    assert.ok(await fitsWidth(page), 'no horizontal overflow');
    await screenshot(page, 'narrow-token-secret');
    const created = (await rest('GET', '/tokens?search=typed')).body.tokens[0];
    const days = (Date.parse(created.expires_at) - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, `expires in ${days} days`);
  });

  it('revokes it through a dialog that holds the focus and closes on Escape', async () => {
    const revoke = page.getByRole('button', { name: 'Revoke' });
    await tabTo(page, revoke);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Revoke token/ });
    await dialog.waitFor();
    assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus moved into the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await revoke.focus();
    await page.keyboard.press('Enter');
    await tabTo(page, dialog.getByRole('button', { name: 'Revoke' }), 10);
    await page.keyboard.press('Enter');
    await page.locator('.pf-v5-c-label', { hasText: 'Revoked' }).waitFor();
    await checkA11y(page, 'token detail at 390 px');
    await screenshot(page, 'narrow-token-detail');
    assertClean(session.problems);
  });
});
