// The realm's token policy, for realm managers: the admin API's GET/PUT /admin/realms/{realm}/api-tokens/policy.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Alert, Field, TextInput, html } from '../ui.js';

const TEXT = [
  ['max_lifetime', 'Maximum lifetime', 'ISO-8601 duration, e.g. P90D. A longer expiry is refused. Empty: no limit.'],
  ['default_lifetime', 'Default lifetime', 'ISO-8601 duration, e.g. P30D: the expiry of a token created without one. Empty: none.'],
  ['max_tokens_per_user', 'Maximum tokens per user', 'Every token counts, whatever its status. Empty: no limit.'],
  ['max_grace_period', 'Maximum grace period', 'ISO-8601 duration, at most PT24H.'],
  ['expiry_notice_days', 'Expiry notices (days before)', 'Comma-separated, e.g. 7, 0: the owner gets an e-mail that many days before the expiry (0: once it has expired). Empty: no notices.'],
  ['delete_ended_after_days', 'Delete ended tokens after (days)', 'Tokens revoked or expired more than this many days ago are deleted. Empty: never.'],
];
const INTEGERS = ['max_tokens_per_user', 'delete_ended_after_days'];
const number = (v) => (/^\d+$/.test(v) ? Number(v) : v); // anything else goes as typed, for the API to name
const FLAGS = [
  ['expiry_required', 'Every token must expire'],
  ['users_may_create', 'Everyone may create tokens (off: token administrators only)'],
];

export function RealmPolicy({ onSaved }) {
  const [form, setForm] = useState(null);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(false);
  const fill = (p) => setForm(Object.fromEntries(Object.entries(p)
    .map(([k, v]) => [k, typeof v === 'boolean' ? v : Array.isArray(v) ? v.join(', ') : v ?? ''])));
  useEffect(() => { api.realmPolicy().then(fill, setError); }, []);
  if (!form) return error ? html`<${Alert} title=${error.message} />` : html`<p>Loading…</p>`;
  const errors = (field) => error?.fieldMessages?.(field);

  const submit = (event) => {
    event.preventDefault();
    const body = {};
    for (const [key] of TEXT) {
      const v = String(form[key]).trim();
      if (key === 'expiry_notice_days') body[key] = v ? v.split(',').map((d) => number(d.trim())) : [];
      else if (v) body[key] = INTEGERS.includes(key) ? number(v) : v;
    }
    for (const [key] of FLAGS) body[key] = form[key];
    setSaved(false);
    api.saveRealmPolicy(body).then((p) => { fill(p); setError(null); setSaved(true); onSaved?.(); }, setError);
  };

  return html`
    <h1 class="pf-v5-c-title pf-m-2xl pf-v5-u-mb-md">Token policy of the realm</h1>
    <p class="pf-v5-u-mb-md">The rules every token of the realm follows. Keycloak's admin console shows the same policy
      under Realm settings → API tokens where extension tabs are enabled.</p>
    ${saved && html`<${Alert} variant="success" title="The policy is saved." />`}
    ${error && html`<${Alert} title=${error.message} />`}
    <form class="pf-v5-c-form" novalidate onSubmit=${submit} aria-label="Token policy">
      ${TEXT.map(([key, label, help]) => html`<${Field} id=${`policy-${key}`} label=${label} help=${help} errors=${errors(key)}>
        <${TextInput} id=${`policy-${key}`} value=${form[key]} onInput=${(v) => setForm({ ...form, [key]: v })} errors=${errors(key)} help="1" />
      <//>`)}
      ${FLAGS.map(([key, label]) => html`<div class="pf-v5-c-form__group"><div class="pf-v5-c-check">
        <input class="pf-v5-c-check__input" type="checkbox" id=${`policy-${key}`} checked=${form[key]}
          onChange=${(e) => setForm({ ...form, [key]: e.currentTarget.checked })} />
        <label class="pf-v5-c-check__label" for=${`policy-${key}`}>${label}</label>
      </div></div>`)}
      <div class="pf-v5-c-form__group pf-m-action"><div class="pf-v5-c-form__actions">
        <button type="submit" class="pf-v5-c-button pf-m-primary">Save</button>
      </div></div>
    </form>`;
}
