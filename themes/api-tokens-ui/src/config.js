// What the server filled into <html data-*>: Keycloak's base path, the realm and the page's OIDC client.
const data = document.documentElement.dataset;

export const config = {
  base: data.base,
  realm: data.realm,
  clientId: data.client,
  oidc: `${data.base}realms/${encodeURIComponent(data.realm)}/protocol/openid-connect`,
  api: `${data.base}realms/${encodeURIComponent(data.realm)}/api-tokens/api/v1`,
  adminApi: `${data.base}admin/realms/${encodeURIComponent(data.realm)}/api-tokens`,
  pageUrl: `${location.origin}${location.pathname}`,
};
