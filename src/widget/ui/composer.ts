import { h, icon } from '../dom';
import { formatBytes } from '../format';
import type { Strings } from '../i18n';

/** Whether a file matches the widget's allowed types ("image/*", "application/pdf", ".docx"); none listed = any. */
export function fileTypeAllowed(file: { name: string; type: string }, allowed: string[]): boolean {
  if (!allowed.length) return true;
  const type = file.type.toLowerCase();
  const name = file.name.toLowerCase();
  return allowed.some((rule) => {
    const r = rule.trim().toLowerCase();
    if (r.startsWith('.')) return name.endsWith(r);
    if (r.endsWith('/*')) return type.startsWith(r.slice(0, -1));
    return type === r;
  });
}

/** The message box: Enter sends, Shift+Enter is a new line, the paperclip picks a file. */
export function createComposer(
  t: Strings,
  opts: { allowedTypes: string[]; maxBytes: number; onSend(body: string): void; onFile(file: File): void; onTyping(): void },
) {
  const textarea = h('textarea', { class: 'tt-input', rows: 1, maxlength: 5000, placeholder: t.placeholder, 'aria-label': t.placeholder, 'data-testid': 'tt-input' });
  const fileInput = h('input', { type: 'file', hidden: true, accept: opts.allowedTypes.join(',') || false, 'data-testid': 'tt-file' });
  const error = h('p', { class: 'tt-error', role: 'alert', hidden: true, 'data-testid': 'tt-composer-error' });

  const showError = (message: string | null) => {
    error.textContent = message ?? '';
    error.hidden = !message;
  };
  const grow = () => {
    textarea.style.height = 'auto';
    textarea.style.height = `${Math.min(textarea.scrollHeight, 120)}px`;
  };
  const send = () => {
    const body = textarea.value;
    if (!body.trim()) return;
    textarea.value = '';
    grow();
    showError(null);
    opts.onSend(body.trim());
  };

  textarea.addEventListener('keydown', (ev) => {
    // isComposing: Vietnamese IMEs (Telex/VNI) use Enter to commit a word; that must not send.
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      send();
    }
  });
  textarea.addEventListener('input', () => {
    grow();
    if (textarea.value) opts.onTyping();
  });
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    if (!fileTypeAllowed(file, opts.allowedTypes)) return showError(t.fileTypeNotAllowed);
    if (file.size > opts.maxBytes) return showError(t.fileTooLarge(formatBytes(opts.maxBytes)));
    showError(null);
    opts.onFile(file);
  });

  const el = h(
    'div',
    { class: 'tt-composer' },
    error,
    h(
      'div',
      { class: 'tt-composer-row' },
      h('button', { type: 'button', class: 'tt-icon-btn', 'aria-label': t.attach, title: t.attach, 'data-testid': 'tt-attach', onclick: () => fileInput.click() }, icon('clip')),
      textarea,
      h('button', { type: 'button', class: 'tt-icon-btn tt-send', 'aria-label': t.send, title: t.send, 'data-testid': 'tt-send', onclick: send }, icon('send')),
      fileInput,
    ),
  );
  return { el, focus: () => textarea.focus(), showError };
}
