// Sign-in through the realm's own login: OpenID Connect authorization code with PKCE (S256).
// Tokens live in this module's variables only. The one thing that must survive the redirect to the login page,
// the PKCE verifier with the state and the route to come back to, waits in sessionStorage and is deleted on return.
import { config } from './config.js';

const PENDING = 'api-tokens-ui.pending-login';
let tokens = null; // { access, refresh, idToken, expiresAt }
let refreshing = null;

const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

function claims(jwt) {
  const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(decodeURIComponent(escape(atob(part))));
}

async function tokenRequest(form) {
  const response = await fetch(`${config.oidc}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: config.clientId, ...form }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.error_description || body.error || `Sign-in failed (${response.status})`);
  }
  tokens = {
    access: body.access_token,
    refresh: body.refresh_token,
    idToken: body.id_token ?? tokens?.idToken,
    expiresAt: Date.now() + (body.expires_in ?? 60) * 1000,
  };
}

function login() {
  const verifier = random() + random();
  const state = random();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, route: location.hash }));
  return crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then((hash) => {
    location.assign(`${config.oidc}/auth?${new URLSearchParams({
      client_id: config.clientId, redirect_uri: config.pageUrl, response_type: 'code', scope: 'openid',
      state, code_challenge: base64url(hash), code_challenge_method: 'S256',
    })}`);
    return new Promise(() => {}); // the browser is leaving
  });
}

/** Resolves once signed in; a person with a session at the realm is not asked for anything. */
export async function signIn() {
  const params = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  if (!params.has('code') && !params.has('error')) {
    return login();
  }
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', `${location.pathname}${pending?.route ?? ''}`); // the code leaves the address bar
  if (params.has('error')) {
    throw new Error(params.get('error_description') || params.get('error'));
  }
  if (!pending || pending.state !== params.get('state')) {
    return login(); // not our login, or a stale one: start over
  }
  await tokenRequest({
    grant_type: 'authorization_code', code: params.get('code'), redirect_uri: config.pageUrl, code_verifier: pending.verifier,
  });
}

/** A fresh access token for the API, refreshed shortly before it expires. */
export async function accessToken() {
  if (tokens && tokens.expiresAt - Date.now() < 20_000) {
    refreshing ??= tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh })
      .catch(() => login())
      .finally(() => { refreshing = null; });
    await refreshing;
  }
  return tokens.access;
}

/** Who is signed in: user id, username and display name, from the access token. */
export function me() {
  const c = claims(tokens.access);
  return { id: c.sub, username: c.preferred_username, name: c.name || c.preferred_username };
}

export function signOut() {
  const hint = tokens?.idToken;
  tokens = null;
  location.assign(`${config.oidc}/logout?${new URLSearchParams({
    client_id: config.clientId, post_logout_redirect_uri: config.pageUrl, ...(hint ? { id_token_hint: hint } : {}),
  })}`);
}
