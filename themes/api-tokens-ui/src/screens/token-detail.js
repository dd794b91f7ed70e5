// The detail page: every field of the token, its scopes, and Revoke, Regenerate, Edit, Delete. Right after creation or
// regeneration it shows the secret, once: the secret is handed over in memory and dropped when the page is left.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ExpiryField, ScopePicker, expiresAt, scopeErrors, scopeRequest, seconds, spell, splitList } from '../fields.js';
import { Alert, Button, Confirm, Dialog, Field, Select, StatusLabel, TextArea, TextInput, formatDate, html, icons, navigate } from '../ui.js';

let handedOver = null; // {id, secret}: the one moment a secret exists in the page

export function showSecretOnce(token) {
  handedOver = { id: token.id, secret: token.token };
}

function takeSecret(id) {
  const secret = handedOver?.id === id ? handedOver.secret : null;
  handedOver = null;
  return secret;
}

export function TokenDetail({ id, user, policy, onChanged }) {
  const [token, setToken] = useState(null);
  const [secret, setSecret] = useState(() => takeSecret(id));
  const [catalogue, setCatalogue] = useState([]);
  const [error, setError] = useState(null);
  const [dialog, setDialog] = useState(null);
  const load = () => api.getToken(id).then((t) => { setToken(t); setError(null); }, setError);
  useEffect(() => {
    load();
    api.grantableScopes().then((c) => setCatalogue(c.scopes), () => {});
    return () => setSecret(null);
  }, [id]);

  if (error && !token) return html`<${Alert} title=${error.message} />`;
  if (!token) return html`<p>Loading…</p>`;
  const own = token.owner_id === user.id;
  const changed = (t) => { if (t?.id) setToken(t); setDialog(null); onChanged?.(); };
  const close = () => setDialog(null);
  const describe = (name) => catalogue.find((s) => s.name === name)?.description ?? '';

  const row = (term, value) => html`<div class="pf-v5-c-description-list__group">
    <dt class="pf-v5-c-description-list__term"><span class="pf-v5-c-description-list__text">${term}</span></dt>
    <dd class="pf-v5-c-description-list__description"><div class="pf-v5-c-description-list__text">${value}</div></dd>
  </div>`;
  const who = (ref) => (ref ? ref.username ?? ref.id : '');

  return html`
    <nav class="pf-v5-c-breadcrumb pf-v5-u-mb-md" aria-label="Breadcrumb"><ol class="pf-v5-c-breadcrumb__list">
      <li class="pf-v5-c-breadcrumb__item"><a class="pf-v5-c-breadcrumb__link" href=${own ? '#/' : '#/all'}>${own ? 'My tokens' : 'All tokens'}</a></li>
      <li class="pf-v5-c-breadcrumb__item"><span class="pf-v5-c-breadcrumb__item-divider">›</span><span aria-current="page">${token.name}</span></li>
    </ol></nav>
    <h1 class="pf-v5-c-title pf-m-2xl pf-v5-u-mb-md">${token.name}</h1>
    ${secret && html`<${SecretPanel} secret=${secret} clientId=${token.client_id} />`}
    ${error && html`<${Alert} title=${error.message} />`}
    <div class="pf-v5-l-flex pf-m-space-items-sm pf-v5-u-mb-md">
      ${own && html`<${Button} onClick=${() => setDialog('edit')}>Edit<//>`}
      ${own && html`<${Button} variant="primary" onClick=${() => setDialog('regenerate')}>Regenerate<//>`}
      <${Button} variant="danger" onClick=${() => setDialog('delete')}>Delete<//>
    </div>
    <dl class="pf-v5-c-description-list pf-m-horizontal pf-m-2-col-on-lg pf-v5-u-mb-lg" aria-label="Token details">
      ${row('Status', html`<span class="pf-v5-l-flex pf-m-space-items-sm pf-m-align-items-center"><${StatusLabel} status=${token.status} />
        ${token.status === 'active' && html`<${Button} small variant="secondary" onClick=${() => setDialog('revoke')}>Revoke<//>`}</span>`)}
      ${row('Token', html`<code>${token.masked_token}</code>`)}
      ${row('Client ID', html`<code>${token.client_id}</code>`)}
      ${row('Description', token.description || '—')}
      ${row('Owner', who(token.owner) || token.owner_id)}
      ${row('Expires', token.expires_at ? formatDate(token.expires_at) : 'Never')}
      ${row('Created', `${formatDate(token.created_at)} by ${who(token.created_by)}`)}
      ${row('Updated', `${formatDate(token.updated_at)} by ${who(token.updated_by)}`)}
      ${row('Last used', token.last_used_at ? `${formatDate(token.last_used_at)} from ${token.last_used_ip ?? 'an unknown address'}` : 'Never')}
      ${row('Allowed IP addresses', token.allowed_ips.length ? token.allowed_ips.join(', ') : 'Any address')}
      ${token.revoked_at && row('Revoked', formatDate(token.revoked_at))}
      ${token.previous_token_valid_until && row('Previous secret works until', formatDate(token.previous_token_valid_until))}
    </dl>

    <div class="pf-v5-l-flex pf-m-justify-content-space-between pf-m-align-items-center pf-v5-u-mb-sm">
      <h2 class="pf-v5-c-title pf-m-xl">Scopes</h2>
      ${own && html`<div class="pf-v5-l-flex pf-m-space-items-sm">
        <${Button} variant="secondary" onClick=${() => setDialog('add-scope')}>Add scope<//>
        <${Button} variant="danger" disabled=${!token.allowed_scopes.length} onClick=${() => setDialog('remove-scopes')}>Delete all<//>
      </div>`}
    </div>
    <table class="pf-v5-c-table pf-m-grid-md pf-m-compact" aria-label="Scopes">
      <thead class="pf-v5-c-table__thead"><tr class="pf-v5-c-table__tr">
        <th class="pf-v5-c-table__th" scope="col">Scope</th><th class="pf-v5-c-table__th" scope="col">Description</th>
        <th class="pf-v5-c-table__th" scope="col">Resources</th>
        <th class="pf-v5-c-table__th" scope="col"><span class="pf-v5-screen-reader">Actions</span></th>
      </tr></thead>
      <tbody class="pf-v5-c-table__tbody">${token.allowed_scopes.map((name) => html`<tr class="pf-v5-c-table__tr" key=${name}>
        <td class="pf-v5-c-table__td" data-label="Scope"><code>${name}</code></td>
        <td class="pf-v5-c-table__td" data-label="Description">${describe(name)}</td>
        <td class="pf-v5-c-table__td" data-label="Resources">${token.scope_resources?.[name]?.join(', ') ?? 'All'}</td>
        <td class="pf-v5-c-table__td" data-label="Actions">${own && html`<button type="button" class="pf-v5-c-button pf-m-plain"
          aria-label=${`Remove scope ${name}`} onClick=${() => api.removeScope(token.id, name).then(changed, setError)}>${icons.trash}</button>`}</td>
      </tr>`)}</tbody>
    </table>
    ${!token.allowed_scopes.length && html`<p class="pf-v5-u-my-md">No scopes: the token can be exchanged, but its JWT grants nothing.</p>`}

    ${dialog === 'revoke' && html`<${Action} title=${`Revoke token "${token.name}"?`} confirm="Revoke" onClose=${close}
      run=${() => api.revoke(token.id)} onDone=${changed}>The token stops working at once. You can regenerate it later to use it again.<//>`}
    ${dialog === 'delete' && html`<${Action} title=${`Delete token "${token.name}"?`} confirm="Delete" onClose=${close}
      run=${() => api.deleteToken(token.id)} onDone=${() => { onChanged?.(); navigate(own ? '/' : '/all'); }}>
      The token, its client and its API Token User are deleted. Scripts using it stop working. This cannot be undone.<//>`}
    ${dialog === 'remove-scopes' && html`<${Action} title=${`Delete all ${token.allowed_scopes.length} scopes?`} confirm="Delete all scopes" onClose=${close}
      run=${() => api.removeAllScopes(token.id)} onDone=${changed}>The token keeps working, but its JWTs grant nothing until you add scopes again.<//>`}
    ${dialog === 'add-scope' && html`<${AddScopes} token=${token} catalogue=${catalogue} onClose=${close} onDone=${changed} />`}
    ${dialog === 'edit' && html`<${EditToken} token=${token} onClose=${close} onDone=${changed} onReload=${() => { close(); load(); }} />`}
    ${dialog === 'regenerate' && html`<${Regenerate} token=${token} policy=${policy} onClose=${close}
      onDone=${(t) => { setSecret(t.token); changed(t); }} />`}`;
}

function SecretPanel({ secret, clientId }) {
  const [copied, setCopied] = useState(false);
  const copy = () => navigator.clipboard.writeText(secret).then(() => setCopied(true));
  return html`<div class="pf-v5-c-alert pf-m-success pf-m-inline pf-v5-u-mb-md" role="status">
    <p class="pf-v5-c-alert__title">Copy your new token now. It will not be shown again.</p>
    <div class="pf-v5-c-alert__description">
      <p class="pf-v5-u-mb-sm">Use it as the client secret of client id <code>${clientId}</code>. Store it like a password.</p>
      <div class="pf-v5-c-clipboard-copy"><div class="pf-v5-c-clipboard-copy__group">
        <label class="pf-v5-screen-reader" for="secret">Token secret</label>
        <span class="pf-v5-c-form-control pf-m-readonly"><input id="secret" class="kc-secret" readonly value=${secret} /></span>
        <button type="button" class="pf-v5-c-button pf-m-control" aria-label="Copy token" onClick=${copy}>${icons.copy}</button>
      </div></div>
      <p class="pf-v5-u-mt-sm" aria-live="polite">${copied ? 'Copied to the clipboard.' : ''}</p>
    </div>
  </div>`;
}

/** A confirmed action whose error stays in the dialog. */
function Action({ title, confirm, run, onDone, onClose, children }) {
  const [error, setError] = useState(null);
  return html`<${Confirm} title=${title} confirm=${confirm} error=${error} onClose=${onClose}
    onConfirm=${() => run().then(onDone, (e) => setError(e.message))}><p>${children}</p><//>`;
}

function AddScopes({ token, catalogue, onClose, onDone }) {
  const [value, setValue] = useState({});
  const [error, setError] = useState(null);
  const add = () => api.addScopes(token.id, scopeRequest(value)).then(onDone, setError);
  return html`<${Dialog} title="Add scopes" variant="medium" onClose=${onClose} actions=${html`
      <${Button} variant="primary" disabled=${!Object.keys(value).length} onClick=${add}>Add<//>
      <${Button} variant="link" onClick=${onClose}>Cancel<//>`}>
    ${error && html`<${Alert} title=${error.message} />`}
    <form class="pf-v5-c-form" novalidate onSubmit=${(e) => { e.preventDefault(); add(); }}>
      <${ScopePicker} catalogue=${catalogue} exclude=${token.allowed_scopes} value=${value} onChange=${setValue} errors=${scopeErrors(error)} />
    </form>
  <//>`;
}

function EditToken({ token, onClose, onDone, onReload }) {
  const [form, setForm] = useState({ name: token.name, description: token.description ?? '', ips: token.allowed_ips.join('\n') });
  const [error, setError] = useState(null);
  const set = (key) => (v) => setForm({ ...form, [key]: v });
  const errors = (field) => error?.fieldMessages?.(field);
  const save = () => api.updateToken(token.id, {
    version: token.version, name: form.name.trim(), description: form.description.trim() || null, allowed_ips: splitList(form.ips),
  }).then(onDone, setError);
  return html`<${Dialog} title=${`Edit "${token.name}"`} variant="medium" onClose=${onClose} actions=${html`
      <${Button} variant="primary" onClick=${save}>Save<//><${Button} variant="link" onClick=${onClose}>Cancel<//>`}>
    ${error?.status === 409
      ? html`<${Alert} variant="warning" title="This token was changed elsewhere." actions=${html`<${Button} variant="link" onClick=${onReload}>Reload<//>`}>
          Reload to see the changes, then edit again.<//>`
      : error && html`<${Alert} title=${error.message} />`}
    <form class="pf-v5-c-form" novalidate onSubmit=${(e) => { e.preventDefault(); save(); }}>
      <${Field} id="edit-name" label="Name" required errors=${errors('name')}>
        <${TextInput} id="edit-name" value=${form.name} onInput=${set('name')} errors=${errors('name')} /><//>
      <${Field} id="edit-description" label="Description" errors=${errors('description')}>
        <${TextArea} id="edit-description" value=${form.description} onInput=${set('description')} errors=${errors('description')} rows="2" /><//>
      <${Field} id="edit-ips" label="Allowed IP addresses" errors=${errors('allowed_ips')} help="One per line or comma-separated. Empty: any address.">
        <${TextArea} id="edit-ips" value=${form.ips} onInput=${set('ips')} errors=${errors('allowed_ips')} help="1" rows="3" /><//>
    </form>
  <//>`;
}

const GRACE = [['', 'None: the old secret stops at once'], ['PT1H', '1 hour'], ['PT4H', '4 hours'], ['PT24H', '24 hours']];

function Regenerate({ token, policy, onClose, onDone }) {
  const [expiry, setExpiry] = useState({ kind: 'days', days: 30 });
  const [grace, setGrace] = useState('');
  const [error, setError] = useState(null);
  const cap = seconds(policy.max_grace_period);
  const graces = GRACE.filter(([v]) => !v || seconds(v) <= cap);
  const errors = (field) => error?.fieldMessages?.(field);
  const run = () => {
    const body = {};
    if (expiry.kind === 'days') body.duration = `P${expiry.days}D`;
    if (expiry.kind === 'date') body.expires_at = expiresAt(expiry);
    if (grace) body.grace_period = grace;
    api.regenerate(token.id, body).then(onDone, setError);
  };
  return html`<${Dialog} title=${`Regenerate "${token.name}"`} onClose=${onClose} actions=${html`
      <${Button} variant="primary" onClick=${run}>Regenerate<//><${Button} variant="link" onClick=${onClose}>Cancel<//>`}>
    ${error && html`<${Alert} title=${error.message} />`}
    <p class="pf-v5-u-mb-md">A new secret with a new validity; name, description, scopes and allowed addresses stay.
      ${token.status !== 'active' && ' The token becomes active again.'}</p>
    <form class="pf-v5-c-form" novalidate onSubmit=${(e) => { e.preventDefault(); run(); }}>
      <${ExpiryField} name="regen-expiry" label="New expiration" value=${expiry} onChange=${setExpiry} policy=${policy}
        errors=${[...(errors('duration') ?? []), ...(errors('expires_at') ?? [])]} />
      ${token.status === 'active' && html`<${Field} id="grace" label="Grace period" errors=${errors('grace_period')}
          help=${`How long the old secret keeps working, to roll the new one out (at most ${spell(policy.max_grace_period)}).`}>
        <${Select} id="grace" value=${grace} onChange=${setGrace} options=${graces} aria-describedby="grace-help" />
      <//>`}
    </form>
  <//>`;
}
