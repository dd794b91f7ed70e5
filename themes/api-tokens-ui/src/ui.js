// Small shared pieces in PatternFly 5 classes: form fields that show the API's errors, dialogs, alerts, labels.
import { h } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import htm from 'htm';

export const html = htm.bind(h);

export const navigate = (path) => { location.hash = path; };

let ids = 0;
/** A stable id for label/for pairs. */
export const useId = (prefix) => {
  const id = useRef(null);
  id.current ??= `${prefix}-${++ids}`;
  return id.current;
};

/** Messages under a field; the API's field errors land here. */
export function FieldErrors({ id, messages }) {
  if (!messages?.length) return null;
  return html`<div class="pf-v5-c-helper-text" id=${id} aria-live="polite">
    ${messages.map((m) => html`<div class="pf-v5-c-helper-text__item pf-m-error"><span class="pf-v5-c-helper-text__item-text">${m}</span></div>`)}
  </div>`;
}

export function Help({ id, children }) {
  return html`<div class="pf-v5-c-helper-text" id=${id}><div class="pf-v5-c-helper-text__item">
    <span class="pf-v5-c-helper-text__item-text">${children}</span></div></div>`;
}

/** A labelled form group: label for the control, help text and errors described-by it. */
export function Field({ id, label, required, help, errors, children }) {
  return html`<div class="pf-v5-c-form__group">
    <div class="pf-v5-c-form__group-label">
      <label class="pf-v5-c-form__label" for=${id}><span class="pf-v5-c-form__label-text">${label}</span>
        ${required && html`<span class="pf-v5-c-form__label-required" aria-hidden="true"> *</span>`}</label>
    </div>
    <div class="pf-v5-c-form__group-control">
      ${children}
      ${help && html`<div class="pf-v5-c-form__helper-text"><${Help} id=${`${id}-help`}>${help}<//></div>`}
      <div class="pf-v5-c-form__helper-text"><${FieldErrors} id=${`${id}-error`} messages=${errors} /></div>
    </div>
  </div>`;
}

/** aria attributes tying a control to its help and errors. */
export const described = (id, help, errors) => ({
  'aria-describedby': [help && `${id}-help`, errors?.length && `${id}-error`].filter(Boolean).join(' ') || undefined,
  'aria-invalid': errors?.length ? 'true' : undefined,
});

export function TextInput({ id, value, onInput, errors, help, type = 'text', ...rest }) {
  return html`<span class="pf-v5-c-form-control ${errors?.length ? 'pf-m-error' : ''}">
    <input id=${id} type=${type} value=${value} onInput=${(e) => onInput(e.currentTarget.value)} ...${described(id, help, errors)} ...${rest} />
  </span>`;
}

export function TextArea({ id, value, onInput, errors, help, ...rest }) {
  return html`<span class="pf-v5-c-form-control ${errors?.length ? 'pf-m-error' : ''}">
    <textarea id=${id} value=${value} onInput=${(e) => onInput(e.currentTarget.value)} ...${described(id, help, errors)} ...${rest}></textarea>
  </span>`;
}

export function Select({ id, value, onChange, options, ...rest }) {
  return html`<span class="pf-v5-c-form-control">
    <select id=${id} value=${value} onChange=${(e) => onChange(e.currentTarget.value)} ...${rest}>
      ${options.map(([v, text]) => html`<option value=${v} selected=${v === value}>${text}</option>`)}
    </select>
  </span>`;
}

export function Button({ variant = 'secondary', small, children, ...rest }) {
  return html`<button type="button" class="pf-v5-c-button pf-m-${variant} ${small ? 'pf-m-small' : ''}" ...${rest}>${children}</button>`;
}

export function Alert({ variant = 'danger', title, children, actions }) {
  return html`<div class="pf-v5-c-alert pf-m-${variant} pf-m-inline pf-v5-u-mb-md" role=${variant === 'danger' ? 'alert' : 'status'}>
    <p class="pf-v5-c-alert__title"><span class="pf-v5-screen-reader">${variant} alert:</span>${title}</p>
    ${children && html`<div class="pf-v5-c-alert__description">${children}</div>`}
    ${actions && html`<div class="pf-v5-c-alert__action-group">${actions}</div>`}
  </div>`;
}

/** A native modal <dialog>: focus stays inside, Escape closes it. */
export function Dialog({ title, onClose, children, actions, variant = 'small' }) {
  const ref = useRef(null);
  const titleId = useId('dialog-title');
  useEffect(() => {
    const dialog = ref.current;
    dialog.showModal();
    return () => dialog.open && dialog.close();
  }, []);
  return html`<dialog ref=${ref} class="pf-v5-c-modal-box pf-m-${variant}" aria-labelledby=${titleId}
      onCancel=${(e) => { e.preventDefault(); onClose(); }}>
    <div class="pf-v5-c-modal-box__close">
      <button type="button" class="pf-v5-c-button pf-m-plain" aria-label="Close" onClick=${onClose}>${icons.close}</button>
    </div>
    <header class="pf-v5-c-modal-box__header"><h1 class="pf-v5-c-modal-box__title" id=${titleId}>${title}</h1></header>
    <div class="pf-v5-c-modal-box__body">${children}</div>
    <footer class="pf-v5-c-modal-box__footer">${actions}</footer>
  </dialog>`;
}

/** "Are you sure?" with the action spelled out on its button. */
export function Confirm({ title, confirm, variant = 'danger', onConfirm, onClose, children, error }) {
  return html`<${Dialog} title=${title} onClose=${onClose} actions=${html`
      <${Button} variant=${variant} onClick=${onConfirm}>${confirm}<//>
      <${Button} variant="link" onClick=${onClose}>Cancel<//>`}>
    ${error && html`<${Alert} title=${error} />`}
    ${children}
  <//>`;
}

const STATUS = { active: ['green', 'Active'], revoked: ['red', 'Revoked'], expired: ['orange', 'Expired'] };
export function StatusLabel({ status }) {
  const [color, text] = STATUS[status] ?? ['grey', status];
  return html`<span class="pf-v5-c-label pf-m-${color}"><span class="pf-v5-c-label__content">${text}</span></span>`;
}

export const formatDate = (iso) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '');

const svg = (path, viewBox = '0 0 448 512') => html`<svg class="pf-v5-svg" viewBox=${viewBox} fill="currentColor" aria-hidden="true" role="img" width="1em" height="1em"><path d=${path} /></svg>`;
export const icons = {
  trash: svg('M432 32H312l-9.4-18.7A24 24 0 0 0 281.1 0H166.8a23.7 23.7 0 0 0-21.4 13.3L136 32H16A16 16 0 0 0 0 48v32a16 16 0 0 0 16 16h416a16 16 0 0 0 16-16V48a16 16 0 0 0-16-16zM53.2 467a48 48 0 0 0 47.9 45h245.8a48 48 0 0 0 47.9-45L416 128H32z'),
  copy: svg('M320 448v40c0 13.3-10.7 24-24 24H24c-13.3 0-24-10.7-24-24V120c0-13.3 10.7-24 24-24h72v296c0 30.9 25.1 56 56 56h168zm0-344V0H152c-13.3 0-24 10.7-24 24v368c0 13.3 10.7 24 24 24h272c13.3 0 24-10.7 24-24V128H344c-13.2 0-24-10.8-24-24zm121-31L375 7A24 24 0 0 0 358.1 0H352v96h96v-6.1a24 24 0 0 0-7-17z'),
  close: svg('M242.7 256l100.1-100.1c12.3-12.3 12.3-32.2 0-44.5l-22.2-22.2c-12.3-12.3-32.2-12.3-44.5 0L176 189.3 75.9 89.2c-12.3-12.3-32.2-12.3-44.5 0L9.2 111.5c-12.3 12.3-12.3 32.2 0 44.5L109.3 256 9.2 356.1c-12.3 12.3-12.3 32.2 0 44.5l22.2 22.2c12.3 12.3 32.2 12.3 44.5 0L176 322.7l100.1 100.1c12.3 12.3 32.2 12.3 44.5 0l22.2-22.2c12.3-12.3 12.3-32.2 0-44.5z', '0 0 352 512'),
};
