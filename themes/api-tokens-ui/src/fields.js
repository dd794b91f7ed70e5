// Form parts that creation and the token detail share: the expiry chooser, the scope picker, the policy's limits.
import { Field, FieldErrors, Help, TextInput, html, useId } from './ui.js';

/** Seconds in an ISO-8601 duration such as P30D, PT2H or P1DT12H; null for null. */
export function seconds(iso) {
  const m = iso && /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  return m ? ((+m[1] || 0) * 86400) + ((+m[2] || 0) * 3600) + ((+m[3] || 0) * 60) + (+m[4] || 0) : null;
}

export function spell(iso) {
  const s = seconds(iso);
  if (s === null) return iso;
  if (s % 86400 === 0) return `${s / 86400} day${s === 86400 ? '' : 's'}`;
  if (s % 3600 === 0) return `${s / 3600} hour${s === 3600 ? '' : 's'}`;
  return `${Math.round(s / 60)} minutes`;
}

/** The realm's limits in words, shown before the person submits. */
export function PolicyLimits({ policy }) {
  const lines = [];
  if (policy.max_lifetime) lines.push(`Tokens may live at most ${spell(policy.max_lifetime)}.`);
  if (policy.default_lifetime) lines.push(`Without an expiry a token gets ${spell(policy.default_lifetime)}.`);
  else if (policy.max_lifetime) lines.push(`Without an expiry a token gets the maximum, ${spell(policy.max_lifetime)}.`);
  if (policy.expiry_required && !policy.default_lifetime) lines.push('Every token must expire.');
  if (policy.tokens_left !== null) lines.push(`You can have ${policy.tokens_left} more token${policy.tokens_left === 1 ? '' : 's'} (at most ${policy.max_tokens_per_user}, whatever their status).`);
  if (!lines.length) return null;
  return html`<div class="pf-v5-c-alert pf-m-info pf-m-inline pf-m-plain pf-v5-u-mb-md" role="note" aria-label="The realm's limits">
    <p class="pf-v5-c-alert__title">The realm's limits</p>
    <div class="pf-v5-c-alert__description"><ul class="pf-v5-c-list">${lines.map((l) => html`<li>${l}</li>`)}</ul></div>
  </div>`;
}

export const PRESETS = [7, 30, 60, 90];

/** Whether the person may ask for a token that never expires. */
export const mayNeverExpire = (policy) => !policy.expiry_required && !policy.max_lifetime && !policy.default_lifetime;

/** Expiry as chosen: {kind: 'days', days} | {kind: 'date', date: 'YYYY-MM-DD'} | {kind: 'none'}. */
export function ExpiryField({ name, value, onChange, policy, errors, label = 'Expiration' }) {
  const id = useId(name);
  const maxDays = policy.max_lifetime ? seconds(policy.max_lifetime) / 86400 : null;
  const choose = (v) => onChange(v);
  const radio = (key, text, v, disabled) => html`<div class="pf-v5-c-radio">
    <input class="pf-v5-c-radio__input" type="radio" id=${`${id}-${key}`} name=${id} checked=${sameExpiry(value, v)}
      disabled=${disabled} onChange=${() => choose(v)} />
    <label class="pf-v5-c-radio__label ${disabled ? 'pf-m-disabled' : ''}" for=${`${id}-${key}`}>${text}</label>
  </div>`;
  return html`<fieldset class="pf-v5-c-form__group" aria-describedby=${`${id}-help ${errors?.length ? `${id}-error` : ''}`}>
    <legend class="pf-v5-c-form__label"><span class="pf-v5-c-form__label-text">${label}</span></legend>
    <div class="pf-v5-c-form__group-control">
      ${PRESETS.map((days) => radio(`d${days}`, `${days} days`, { kind: 'days', days }, maxDays !== null && days > maxDays))}
      ${radio('date', 'Custom date', { kind: 'date', date: value.kind === 'date' ? value.date : '' })}
      ${value.kind === 'date' && html`<div class="pf-v5-u-ml-lg pf-v5-u-mt-sm">
        <label class="pf-v5-c-form__label" for=${`${id}-on`}><span class="pf-v5-c-form__label-text">Expires on</span></label>
        <${TextInput} id=${`${id}-on`} type="date" value=${value.date} onInput=${(date) => choose({ kind: 'date', date })} errors=${errors} />
      </div>`}
      ${mayNeverExpire(policy) && radio('none', 'No expiry', { kind: 'none' })}
      <div class="pf-v5-c-form__helper-text"><${Help} id=${`${id}-help`}>${maxDays !== null
        ? `The realm allows at most ${spell(policy.max_lifetime)}.` : 'Shorter is safer: a leaked token stops working when it expires.'}<//></div>
      <div class="pf-v5-c-form__helper-text"><${FieldErrors} id=${`${id}-error`} messages=${errors} /></div>
    </div>
  </fieldset>`;
}

const sameExpiry = (a, b) => a.kind === b.kind && (a.kind !== 'days' || a.days === b.days);

/** The chosen expiry as the API's expires_at: an instant, or null for none. */
export function expiresAt(value) {
  if (value.kind === 'days') return new Date(Date.now() + value.days * 86400_000).toISOString();
  if (value.kind === 'date') return value.date ? `${value.date} 23:59:59` : '';
  return null;
}

export const splitList = (text) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

/**
 * Scopes grouped by resource, each with its description and optional resource ids.
 * value: {name: 'id1, id2'} for every chosen scope.
 */
export function ScopePicker({ catalogue, exclude = [], value, onChange, errors }) {
  const groups = new Map();
  for (const scope of catalogue.filter((s) => !exclude.includes(s.name))) {
    if (!groups.has(scope.group)) groups.set(scope.group, []);
    groups.get(scope.group).push(scope);
  }
  const toggle = (name, on) => {
    const next = { ...value };
    if (on) next[name] = ''; else delete next[name];
    onChange(next);
  };
  if (!groups.size) return html`<p>No further scopes to grant.</p>`;
  return html`<fieldset class="pf-v5-c-form__group" aria-describedby="scopes-error">
    <legend class="pf-v5-c-form__label"><span class="pf-v5-c-form__label-text">Scopes</span></legend>
    <${Help} id="scopes-help">What the token may do. Grant no more than it needs; restrict a scope to particular resource ids where you can.<//>
    <${FieldErrors} id="scopes-error" messages=${errors} />
    ${[...groups].map(([group, scopes]) => {
      const chosen = scopes.filter((s) => s.name in value).length;
      return html`<details class="kc-scope-group" open=${chosen > 0}>
        <summary>${group}${chosen ? ` (${chosen} chosen)` : ''}</summary>
        ${scopes.map((scope) => html`<${ScopeChoice} scope=${scope} chosen=${scope.name in value} resources=${value[scope.name] ?? ''}
          onToggle=${(on) => toggle(scope.name, on)} onResources=${(text) => onChange({ ...value, [scope.name]: text })} />`)}
      </details>`;
    })}
  </fieldset>`;
}

function ScopeChoice({ scope, chosen, resources, onToggle, onResources }) {
  const id = useId('scope');
  return html`<div class="pf-v5-c-check pf-v5-u-mb-sm">
    <input class="pf-v5-c-check__input" type="checkbox" id=${id} checked=${chosen} onChange=${(e) => onToggle(e.currentTarget.checked)}
      aria-describedby=${`${id}-desc`} />
    <label class="pf-v5-c-check__label" for=${id}>${scope.name}</label>
    <span class="pf-v5-c-check__description" id=${`${id}-desc`}>${scope.description || ''}${scope.resources ? ` (only ${scope.resources.join(', ')})` : ''}</span>
    ${chosen && html`<div class="pf-v5-c-check__body">
      <${Field} id=${`${id}-res`} label=${`Resource ids for ${scope.name} (optional)`} help="Comma-separated; empty: every resource">
        <${TextInput} id=${`${id}-res`} value=${resources} onInput=${onResources} help="1" />
      <//>
    </div>`}
  </div>`;
}

/** The picker's value as the API's allowed_scopes and scope_resources. */
export function scopeRequest(value) {
  const allowed = Object.keys(value);
  const resources = Object.fromEntries(allowed.map((name) => [name, splitList(value[name])]).filter(([, ids]) => ids.length));
  return { allowed_scopes: allowed, ...(Object.keys(resources).length ? { scope_resources: resources } : {}) };
}

/** Field errors for scopes: allowed_scopes[i] and scope_resources.x. */
export const scopeErrors = (error) => error && [...error.fieldMessages('allowed_scopes'), ...error.fieldMessages('scope_resources')];
