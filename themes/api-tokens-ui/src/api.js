// The one client of the REST API (documented in /realms/{realm}/api-tokens/openapi.json) that every screen calls.
import { accessToken } from './auth.js';
import { config } from './config.js';

/**
 * An error answer of the API: {error, error_description, fields: [{field, message}]}; the admin API answers as the rest
 * of Keycloak's /admin does, {errorMessage, field, errors: [{field, errorMessage}]}, read into the same shape.
 */
export class ApiError extends Error {
  constructor(status, body) {
    super(body.error_description || body.errorMessage || body.error || `Request failed (${status})`);
    this.status = status;
    this.code = body.error;
    this.fields = body.fields
      ?? (body.errors ?? (body.field ? [body] : [])).map((e) => ({ field: e.field, message: e.errorMessage }));
  }

  /** The messages for one field, matching indexed and nested names too: allowed_ips[2], scope_resources.x. */
  fieldMessages(field) {
    return this.fields.filter((f) => f.field === field || f.field.startsWith(`${field}[`) || f.field.startsWith(`${field}.`))
      .map((f) => (f.field.startsWith(`${field}.`) ? `${f.field.slice(field.length + 1)}: ${f.message}` : f.message));
  }
}

async function call(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: {
      Authorization: `Bearer ${await accessToken()}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (!response.ok) {
    throw new ApiError(response.status, json);
  }
  return json;
}

const query = (params) => {
  const defined = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return defined.length ? `?${new URLSearchParams(defined)}` : '';
};
const token = (id) => `${config.api}/token/${encodeURIComponent(id)}`;

export const api = {
  /** {tokens, total, first, max}; params: status, search, owner, first, max */
  listTokens: (params) => call('GET', `${config.api}/tokens${query(params)}`),
  getToken: (id) => call('GET', token(id)),
  createToken: (body) => call('POST', `${config.api}/token`, body),
  updateToken: (id, body) => call('PATCH', token(id), body),
  regenerate: (id, body) => call('POST', `${token(id)}/regenerate`, body),
  revoke: (id) => call('DELETE', token(id)),
  deleteToken: (id) => call('DELETE', `${token(id)}?permanent=true`),
  deleteAll: () => call('DELETE', `${config.api}/tokens`),
  addScopes: (id, body) => call('POST', `${token(id)}/scopes`, body),
  removeScope: (id, scope) => call('DELETE', `${token(id)}/scopes/${encodeURIComponent(scope)}`),
  removeAllScopes: (id) => call('DELETE', `${token(id)}/scopes`),
  /** {scopes: [{name, description, group, resources?}]} */
  grantableScopes: () => call('GET', `${config.api}/scopes`),
  /** the policy as it applies to me, and may_administer / may_manage_policy */
  myPolicy: () => call('GET', `${config.api}/policy`),
  realmPolicy: () => call('GET', `${config.adminApi}/policy`),
  saveRealmPolicy: (body) => call('PUT', `${config.adminApi}/policy`, body),
};
