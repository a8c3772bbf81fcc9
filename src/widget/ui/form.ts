import { h } from '../dom';
import { WidgetApiError } from '../api';
import type { Strings } from '../i18n';

export type FormFieldName = 'name' | 'phone' | 'email' | 'body';
export interface FormField {
  name: FormFieldName;
  required: boolean;
}
export type FormValues = Partial<Record<FormFieldName, string>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The client-side check; the server checks again and its 400 lands on the same field. */
export function fieldError(name: FormFieldName, value: string, required: boolean, t: Strings): string | null {
  const v = value.trim();
  if (!v) return required ? t.required : null;
  if (name === 'email' && !EMAIL.test(v)) return t.invalidEmail;
  if (name === 'phone') {
    const digits = v.replace(/\D/g, '');
    if (/[^\d\s().+-]/.test(v) || digits.length < 8 || digits.length > 15) return t.invalidPhone;
  }
  return null;
}

const FIELD_NAMES = ['email', 'phone', 'name', 'body'] as const;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Maps a server 400 to the field it is about (`widget.prechat_required` or `validation.failed`). */
export function serverFieldError(err: WidgetApiError, t: Strings): { field: FormFieldName | null; message: string } {
  const d = err.details;
  if (err.id === 'widget.prechat_required' && isRecord(d)) {
    const field = FIELD_NAMES.find((f) => f === d.field);
    if (field) return { field, message: t.required };
  }
  if (err.id === 'validation.failed' && Array.isArray(d)) {
    for (const issue of d.filter(isRecord)) {
      // A path is a list (["email"]) or dotted text ("body.email").
      const path: unknown[] = Array.isArray(issue.path) ? issue.path : typeof issue.path === 'string' ? issue.path.split('.') : [];
      const field = FIELD_NAMES.find((f) => path.includes(f));
      if (field === 'email') return { field, message: t.invalidEmail };
      if (field === 'phone') return { field, message: t.invalidPhone };
      if (field) return { field, message: field === 'body' ? t.required : t.genericError };
    }
  }
  if (err.status === 429) return { field: null, message: t.rateLimited };
  // Server messages are English; the visitor gets their own language.
  return { field: null, message: t.genericError };
}

const inputAttrs: Record<FormFieldName, Record<string, string>> = {
  name: { type: 'text', autocomplete: 'name' },
  phone: { type: 'tel', autocomplete: 'tel', inputmode: 'tel' },
  email: { type: 'email', autocomplete: 'email', inputmode: 'email' },
  body: {},
};

let formSeq = 0;

/** A small labelled form: pre-chat details, or the out-of-hours "leave your email" form. */
export function createForm(
  t: Strings,
  opts: { fields: FormField[]; intro?: string; submitLabel: string; testId: string; onSubmit(values: FormValues): Promise<void> },
) {
  const id = `tt-f${++formSeq}`;
  const inputs = new Map<FormFieldName, HTMLInputElement | HTMLTextAreaElement>();
  const errors = new Map<FormFieldName, HTMLElement>();
  const formError = h('p', { class: 'tt-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'tt-primary' }, opts.submitLabel);

  const rows = opts.fields.map((f) => {
    const inputId = `${id}-${f.name}`;
    const label = f.name === 'body' ? t.offlineMessage : t[f.name];
    const input =
      f.name === 'body'
        ? h('textarea', { id: inputId, name: f.name, rows: 3, maxlength: 5000, 'aria-required': f.required, 'aria-describedby': `${inputId}-err` })
        : h('input', { id: inputId, name: f.name, ...inputAttrs[f.name], maxlength: 200, 'aria-required': f.required, 'aria-describedby': `${inputId}-err` });
    input.addEventListener('input', () => setError(f.name, null));
    inputs.set(f.name, input);
    const err = h('p', { id: `${inputId}-err`, class: 'tt-field-error', hidden: true });
    errors.set(f.name, err);
    return h(
      'div',
      { class: 'tt-field' },
      h('label', { for: inputId }, label, f.required ? h('span', { class: 'tt-req', 'aria-hidden': 'true' }, ' *') : h('span', { class: 'tt-opt' }, ` (${t.optional})`)),
      input,
      err,
    );
  });

  function setError(field: FormFieldName, message: string | null) {
    const input = inputs.get(field);
    const err = errors.get(field);
    if (!input || !err) return;
    err.textContent = message ?? '';
    err.hidden = !message;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  const form = h(
    'form',
    { class: 'tt-form', novalidate: true, 'data-testid': opts.testId },
    opts.intro ? h('p', { class: 'tt-intro' }, opts.intro) : null,
    rows,
    formError,
    submit,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    formError.hidden = true;
    const values: FormValues = {};
    let firstBad: HTMLElement | null = null;
    for (const f of opts.fields) {
      const input = inputs.get(f.name)!;
      const message = fieldError(f.name, input.value, f.required, t);
      setError(f.name, message);
      if (message) firstBad ??= input;
      if (input.value.trim()) values[f.name] = input.value.trim();
    }
    if (firstBad) {
      firstBad.focus();
      return;
    }
    submit.disabled = true;
    try {
      await opts.onSubmit(values);
    } catch (err) {
      const e = err instanceof WidgetApiError ? serverFieldError(err, t) : { field: null, message: t.genericError };
      if (e.field && inputs.has(e.field)) {
        setError(e.field, e.message);
        inputs.get(e.field)!.focus();
      } else {
        formError.textContent = e.message;
        formError.hidden = false;
      }
    } finally {
      submit.disabled = false;
    }
  });

  return {
    el: form,
    focus() {
      inputs.values().next().value?.focus();
    },
  };
}
