// "+ Create token": name, description, expiry, allowed IPs and scopes; then on to the detail page, which shows the
// secret once.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ExpiryField, PolicyLimits, ScopePicker, expiresAt, scopeErrors, scopeRequest, splitList } from '../fields.js';
import { Alert, Button, Field, TextArea, TextInput, html, navigate } from '../ui.js';
import { showSecretOnce } from './token-detail.js';

export function CreateToken({ policy, onCreated }) {
  const [form, setForm] = useState({ name: '', description: '', ips: '', expiry: { kind: 'days', days: 30 }, scopes: {} });
  const [catalogue, setCatalogue] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { api.grantableScopes().then((c) => setCatalogue(c.scopes), setError); }, []);
  useEffect(() => { // after a refused submit, take the person to the first field the API named
    (document.querySelector('form [aria-invalid="true"]') ?? document.querySelector('[role="alert"]'))?.focus?.();
  }, [error]);
  const set = (key) => (value) => setForm({ ...form, [key]: value });
  const errors = (field) => error?.fieldMessages?.(field);

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    const expires = expiresAt(form.expiry);
    try {
      const created = await api.createToken({
        name: form.name.trim(),
        ...(form.description.trim() ? { description: form.description.trim() } : {}),
        ...(expires ? { expires_at: expires } : {}),
        allowed_ips: splitList(form.ips),
        ...scopeRequest(form.scopes),
      });
      showSecretOnce(created);
      onCreated?.();
      navigate(`/tokens/${created.id}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return html`
    <h1 class="pf-v5-c-title pf-m-2xl pf-v5-u-mb-md">Create an API token</h1>
    ${!policy.may_create && html`<${Alert} variant="warning" title="You cannot create tokens now">
      ${policy.tokens_left === 0 ? 'You have as many tokens as the realm allows; delete some to make room.' : 'The realm lets only token administrators have tokens.'}<//>`}
    <${PolicyLimits} policy=${policy} />
    ${error && html`<${Alert} title=${error.message} />`}
    <form class="pf-v5-c-form" novalidate onSubmit=${submit} aria-label="Create an API token">
      <${Field} id="token-name" label="Name" required errors=${errors('name')} help="A label you will recognise, e.g. the job that uses it.">
        <${TextInput} id="token-name" value=${form.name} onInput=${set('name')} errors=${errors('name')} help="1" required maxlength="255" />
      <//>
      <${Field} id="token-description" label="Description" errors=${errors('description')}>
        <${TextArea} id="token-description" value=${form.description} onInput=${set('description')} errors=${errors('description')} rows="2" />
      <//>
      <${ExpiryField} name="expiry" value=${form.expiry} onChange=${set('expiry')} policy=${policy} errors=${errors('expires_at')} />
      <${Field} id="token-ips" label="Allowed IP addresses" errors=${errors('allowed_ips')}
          help="Addresses or CIDR ranges, one per line or comma-separated (10.0.0.0/8, 2001:db8::/32). Empty: any address.">
        <${TextArea} id="token-ips" value=${form.ips} onInput=${set('ips')} errors=${errors('allowed_ips')} help="1" rows="2" />
      <//>
      ${catalogue ? html`<${ScopePicker} catalogue=${catalogue} value=${form.scopes} onChange=${set('scopes')} errors=${scopeErrors(error)} />`
        : html`<p>Loading scopes…</p>`}
      ${errors('owner')?.length ? html`<${Alert} title=${errors('owner').join(' ')} />` : null}
      <div class="pf-v5-c-form__group pf-m-action"><div class="pf-v5-c-form__actions">
        <button type="submit" class="pf-v5-c-button pf-m-primary" disabled=${busy}>Create token</button>
        <a class="pf-v5-c-button pf-m-link" href="#/">Cancel</a>
      </div></div>
    </form>`;
}
