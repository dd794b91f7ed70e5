// The token table: "My tokens", or for token administrators "All tokens" with the owner on every row.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Alert, Button, Confirm, Select, StatusLabel, TextInput, formatDate, html, navigate } from '../ui.js';

const STATUSES = [['', 'All'], ['active', 'Active'], ['revoked', 'Revoked'], ['expired', 'Expired']];
const SIZES = [10, 20, 50, 100];

export function TokenList({ all, user, onChanged }) {
  const [filter, setFilter] = useState({ status: '', search: '', owner: '', first: 0, max: 20 });
  const [page, setPage] = useState(null);
  const [mine, setMine] = useState(null); // how many tokens I have, whatever the filter: for "Delete all"
  const [error, setError] = useState(null);
  const [confirm, setConfirm] = useState(null);
  const timer = useRef(null);

  const load = () => {
    const owner = all ? filter.owner : user.id;
    api.listTokens({ status: filter.status, search: filter.search, owner, first: filter.first, max: filter.max })
      .then((result) => { setPage(result); setError(null); }, setError);
    if (!all) api.listTokens({ owner: user.id, max: 1 }).then((result) => setMine(result.total), setError);
  };
  useEffect(load, [filter, all]);

  const change = (patch) => setFilter({ ...filter, ...patch, first: 0 });
  const typed = (key) => (text) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => change({ [key]: text }), 250);
  };
  const act = (action) => action().then(() => { setConfirm(null); load(); onChanged?.(); },
    (e) => setConfirm({ ...confirm, error: e.message }));

  const ask = {
    remove: (token) => setConfirm({ title: `Delete token "${token.name}"?`, confirm: 'Delete', run: () => api.deleteToken(token.id),
      body: 'Scripts using it stop working at once. This cannot be undone.' }),
    revoke: (token) => setConfirm({ title: `Revoke token "${token.name}"?`, confirm: 'Revoke', run: () => api.revoke(token.id),
      body: `Owner ${token.owner?.username ?? token.owner_id} keeps the token, but it stops working at once.` }),
    removeAll: () => setConfirm({ title: `Delete all ${mine} tokens?`, confirm: `Delete all ${mine} tokens`, run: () => api.deleteAll(),
      body: `All ${mine} of your tokens, whatever their status, are deleted and stop working at once. This cannot be undone.` }),
  };

  const last = page ? Math.min(page.first + page.tokens.length, page.total) : 0;
  return html`
    <h1 class="pf-v5-c-title pf-m-2xl pf-v5-u-mb-md">${all ? 'All tokens of the realm' : 'My API tokens'}</h1>
    ${!all && html`<p class="pf-v5-u-mb-md">Scripts, CI jobs and integrations use an API token as the client secret of its client id.
      Find it again later here, under "Applications" in your account console.</p>`}
    <div class="pf-v5-c-toolbar"><div class="pf-v5-c-toolbar__content"><div class="pf-v5-c-toolbar__content-section pf-v5-u-flex-wrap">
      <div class="pf-v5-c-toolbar__item">
        <label class="pf-v5-c-form__label pf-v5-u-mr-sm" for="status-filter">Status</label>
        <${Select} id="status-filter" value=${filter.status} onChange=${(status) => change({ status })} options=${STATUSES} />
      </div>
      <div class="pf-v5-c-toolbar__item">
        <label class="pf-v5-c-form__label pf-v5-u-mr-sm" for="name-search">Name</label>
        <${TextInput} id="name-search" type="search" value=${filter.search} onInput=${typed('search')} placeholder="Search by name" />
      </div>
      ${all && html`<div class="pf-v5-c-toolbar__item">
        <label class="pf-v5-c-form__label pf-v5-u-mr-sm" for="owner-search">Owner</label>
        <${TextInput} id="owner-search" type="search" value=${filter.owner} onInput=${typed('owner')} placeholder="Username or user id" />
      </div>`}
      ${!all && html`<div class="pf-v5-c-toolbar__item">
        <a class="pf-v5-c-button pf-m-primary" href="#/new">+ Create token</a>
      </div>
      <div class="pf-v5-c-toolbar__item">
        <${Button} variant="danger" disabled=${!mine} onClick=${ask.removeAll}>Delete all<//>
      </div>`}
    </div></div></div>
    ${error && html`<${Alert} title=${error.message} />`}
    ${page && html`
      <table class="pf-v5-c-table pf-m-grid-md pf-m-compact" aria-label=${all ? 'All tokens' : 'My tokens'}>
        <thead class="pf-v5-c-table__thead"><tr class="pf-v5-c-table__tr">
          <th class="pf-v5-c-table__th" scope="col">Name</th>
          ${all && html`<th class="pf-v5-c-table__th" scope="col">Owner</th>`}
          <th class="pf-v5-c-table__th" scope="col">Status</th>
          <th class="pf-v5-c-table__th" scope="col">Scopes</th>
          <th class="pf-v5-c-table__th" scope="col">Expires</th>
          <th class="pf-v5-c-table__th" scope="col">Last used</th>
          <th class="pf-v5-c-table__th" scope="col">Created</th>
          <th class="pf-v5-c-table__th" scope="col"><span class="pf-v5-screen-reader">Actions</span></th>
        </tr></thead>
        <tbody class="pf-v5-c-table__tbody">
          ${page.tokens.map((token) => html`<tr class="pf-v5-c-table__tr" key=${token.id}>
            <td class="pf-v5-c-table__td" data-label="Name"><a href=${`#/tokens/${token.id}`}>${token.name}</a></td>
            ${all && html`<td class="pf-v5-c-table__td" data-label="Owner">${token.owner?.username ?? token.owner_id}</td>`}
            <td class="pf-v5-c-table__td" data-label="Status"><${StatusLabel} status=${token.status} /></td>
            <td class="pf-v5-c-table__td" data-label="Scopes">${token.allowed_scopes.length ? token.allowed_scopes.join(', ') : 'none'}</td>
            <td class="pf-v5-c-table__td" data-label="Expires">${token.expires_at ? formatDate(token.expires_at) : 'Never'}</td>
            <td class="pf-v5-c-table__td" data-label="Last used">${token.last_used_at ? formatDate(token.last_used_at) : 'Never'}</td>
            <td class="pf-v5-c-table__td" data-label="Created">${formatDate(token.created_at)}</td>
            <td class="pf-v5-c-table__td" data-label="Actions"><div class="pf-v5-l-flex pf-m-space-items-sm">
              <${Button} small variant="link" onClick=${() => navigate(`/tokens/${token.id}`)} aria-label=${`View ${token.name}`}>View<//>
              ${all && token.status === 'active' && html`<${Button} small variant="secondary" onClick=${() => ask.revoke(token)} aria-label=${`Revoke ${token.name}`}>Revoke<//>`}
              <${Button} small variant="secondary" class="pf-v5-c-button pf-m-secondary pf-m-small pf-m-danger" onClick=${() => ask.remove(token)} aria-label=${`Delete ${token.name}`}>Delete<//>
            </div></td>
          </tr>`)}
        </tbody>
      </table>
      ${!page.tokens.length && html`<p class="pf-v5-u-my-lg">${page.total || filter.status || filter.search || filter.owner ? 'No tokens match.' : 'No tokens yet.'}</p>`}
      <nav class="pf-v5-c-pagination pf-m-bottom pf-v5-u-mt-md" aria-label="Pages">
        <span class="pf-v5-u-mr-md" aria-live="polite">${page.total ? `${page.first + 1} – ${last} of ${page.total}` : "0 tokens"}</span>
        <div class="pf-v5-c-toolbar__item">
          <label class="pf-v5-c-form__label pf-v5-u-mr-sm" for="page-size">Per page</label>
          <${Select} id="page-size" value=${String(filter.max)} onChange=${(max) => change({ max: Number(max) })} options=${SIZES.map((n) => [String(n), String(n)])} />
        </div>
        <div class="pf-v5-c-pagination__nav">
          <${Button} variant="plain" aria-label="Previous page" disabled=${filter.first === 0}
            onClick=${() => setFilter({ ...filter, first: Math.max(0, filter.first - filter.max) })}>‹ Previous<//>
          <${Button} variant="plain" aria-label="Next page" disabled=${last >= page.total}
            onClick=${() => setFilter({ ...filter, first: filter.first + filter.max })}>Next ›<//>
        </div>
      </nav>`}
    ${confirm && html`<${Confirm} title=${confirm.title} confirm=${confirm.confirm} error=${confirm.error}
      onConfirm=${() => act(confirm.run)} onClose=${() => setConfirm(null)}><p>${confirm.body}</p><//>`}`;
}
