// Shared by the browser tests: Debian's headless Chromium through playwright-core, sign-in, axe-core checks, and the
// REST calls a test makes around the page (as the master admin, or as a person through the public CLI client).
// PagesIT (src/test/java) runs each test file against the shared test server and passes the environment.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const KC = process.env.KC_URL ?? 'http://127.0.0.1:8080';
export const OUT = process.env.OUT_DIR ?? 'target/pages';
mkdirSync(OUT, { recursive: true });

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** A fresh browser with its own empty profile; clipboard permissions granted for the page's origin. */
export async function launch({ width = 1280, height = 900 } = {}) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
  const context = await browser.newContext({ viewport: { width, height } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: KC });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 40[0-9]/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.setDefaultTimeout(15_000);
  return { browser, context, page, problems };
}

/** Keycloak's login form, as a person fills it in. */
export async function login(page, username, password) {
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign In' }).click();
}

/** Opens the token page and signs in through the realm's login. */
export async function openPage(page, username, password, realm = REALM) {
  await page.goto(pageUrl(realm));
  await login(page, username, password);
  await page.getByRole('heading', { name: 'My API tokens' }).waitFor();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_LOG = join(OUT, 'axe-results.json');

/**
 * axe-core on what the page shows now (a dialog included): no serious or critical violation. The script is evaluated
 * through the DevTools protocol, so the page's Content-Security-Policy stays as strict as it is.
 */
export async function checkA11y(page, name) {
  const result = await axe(page);
  const severe = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const log = existsSync(AXE_LOG) ? JSON.parse(readFileSync(AXE_LOG, 'utf8')) : {};
  log[name] = { serious_or_critical: severe.length, all: result.violations.map((v) => `${v.id} (${v.impact})`) };
  writeFileSync(AXE_LOG, JSON.stringify(log, null, 2));
  assert.deepEqual(severe.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${name}`);
}

/** axe-core's findings on the page as it is now. */
export async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(OUT, 'screenshots', `${name}.png`) });
}
mkdirSync(join(OUT, 'screenshots'), { recursive: true });

/** The page sent no script error and broke no Content-Security-Policy rule. */
export function assertClean(problems) {
  assert.deepEqual(problems, []);
}

async function json(response) {
  const text = await response.text();
  return text ? JSON.parse(text) : {};
}

export async function form(path, fields) {
  const response = await fetch(`${KC}${path}`, { method: 'POST', body: new URLSearchParams(fields) });
  return { status: response.status, body: await json(response) };
}

/** Imports the shipped demo realm under a new name, as the Java tests' TestRealm does. */
async function importRealm() {
  const name = `pages-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const file = new URL('../../../realm-config/demo-realm.json', import.meta.url);
  const text = readFileSync(file, 'utf8').replaceAll('/realms/demo/', `/realms/${name}/`).replaceAll('/admin/demo/', `/admin/${name}/`);
  const realm = { ...JSON.parse(text), realm: name, sslRequired: 'none' };
  const created = await adminApi('POST', '/admin/realms', realm);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return name;
}

let admin = null;
/** The master realm's admin API. */
export async function adminApi(method, path, body) {
  admin ??= (await form('/realms/master/protocol/openid-connect/token', {
    grant_type: 'password', client_id: 'admin-cli', username: process.env.KC_ADMIN_USER, password: process.env.KC_ADMIN_PASSWORD,
  })).body.access_token;
  const response = await fetch(`${KC}${path}`, {
    method, headers: { Authorization: `Bearer ${admin}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await json(response), headers: response.headers };
}

/** A user of the test realm with password <username>-pw, realm roles and realm-management roles. */
export async function createUser(username, { realmRoles = [], managementRoles = [] } = {}) {
  const base = `/admin/realms/${REALM}`;
  const created = await adminApi('POST', `${base}/users`, {
    username, enabled: true, email: `${username}@example.org`, emailVerified: true, firstName: username, lastName: 'Test',
    credentials: [{ type: 'password', value: `${username}-pw`, temporary: false }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.headers.get('location').split('/').pop();
  for (const role of realmRoles) {
    const rep = (await adminApi('GET', `${base}/roles/${role}`)).body;
    assert.equal((await adminApi('POST', `${base}/users/${id}/role-mappings/realm`, [rep])).status, 204);
  }
  if (managementRoles.length) {
    const client = (await adminApi('GET', `${base}/clients?clientId=realm-management`)).body[0];
    const reps = await Promise.all(managementRoles.map(async (r) => (await adminApi('GET', `${base}/clients/${client.id}/roles/${r}`)).body));
    assert.equal((await adminApi('POST', `${base}/users/${id}/role-mappings/clients/${client.id}`, reps)).status, 204);
  }
  return { id, username, password: `${username}-pw` };
}

/** The token API as a person (a bearer token from the realm's public CLI client). */
export async function personApi(user) {
  const token = (await form(`/realms/${REALM}/protocol/openid-connect/token`, {
    grant_type: 'password', client_id: 'api-tokens-cli', username: user.username, password: user.password,
  })).body.access_token;
  return async (method, path, body) => {
    const response = await fetch(`${KC}/realms/${REALM}/api-tokens/api/v1${path}`, {
      method, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: await json(response) };
  };
}

/** client_credentials with the token as the client secret, from this machine (127.0.0.1). */
export const exchange = (clientId, secret) => form(`/realms/${REALM}/protocol/openid-connect/token`, {
  grant_type: 'client_credentials', client_id: clientId, client_secret: secret,
});

/** Polls until the condition holds; no fixed sleeps. */
export async function eventually(condition, { timeout = 30_000, every = 250 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, every));
  }
}

/** The realm under test: KC_REALM, or a fresh import of realm-config/demo-realm.json. */
export const REALM = process.env.KC_REALM ?? await importRealm();
export const pageUrl = (realm = REALM) => `${KC}/realms/${realm}/api-tokens/ui/`;
