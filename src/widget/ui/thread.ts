import { h, icon } from '../dom';
import { formatBytes, formatTime } from '../format';
import type { Strings } from '../i18n';
import type { PendingMessage } from '../message-store';
import type { Language, WidgetAttachment, WidgetMessage } from '../types';
import { surveyView, type AnswerSurvey } from './survey';

function attachmentView(a: WidgetAttachment, href: string) {
  if (a.contentType.startsWith('image/')) {
    return h('a', { class: 'tt-att-img', href, target: '_blank', rel: 'noopener' }, h('img', { src: href, alt: a.filename, loading: 'lazy' }));
  }
  return h('a', { class: 'tt-att', href, target: '_blank', rel: 'noopener' }, icon('file'), h('span', null, `${a.filename} · ${formatBytes(a.size)}`));
}

const URL_RE = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/** Message text with its web addresses as links (text nodes only: nothing is parsed as HTML). */
export function linkified(text: string): HTMLElement {
  const el = h('div', { class: 'tt-text' });
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    el.append(text.slice(last, m.index), h('a', { href: m[0], target: '_blank', rel: 'noopener noreferrer nofollow' }, m[0]));
    last = m.index! + m[0].length;
  }
  el.append(text.slice(last));
  return el;
}

export function messageView(m: WidgetMessage, t: Strings, absolute: (url: string) => string, survey?: { lang: Language; answer: AnswerSurvey }) {
  if (m.direction === 'system') {
    return h('div', { class: 'tt-msg tt-system', 'data-testid': 'tt-message', 'data-direction': 'system', 'data-id': m.id }, m.body);
  }
  const mine = m.direction === 'visitor';
  return h(
    'div',
    {
      class: `tt-msg ${mine ? 'tt-mine' : 'tt-theirs'}`,
      'data-testid': 'tt-message',
      'data-direction': m.direction,
      'data-id': m.id,
      'data-client-id': m.clientId ?? false,
      'data-ai': m.ai ? 'true' : false,
    },
    mine
      ? null
      : m.ai
        ? h('div', { class: 'tt-author', title: t.aiHint }, m.ai.label, ' ', h('span', { class: 'tt-ai-badge', 'data-testid': 'tt-ai-badge' }, t.aiBadge))
        : h('div', { class: 'tt-author' }, m.authorName ?? t.agent),
    // A survey shows its question in the widget's language above the buttons (the text body, both languages + link, is for channels without buttons).
    m.survey && survey ? h('div', { class: 'tt-text' }, m.survey.question[survey.lang]) : m.body ? linkified(m.body) : null,
    m.attachments.map((a) => attachmentView(a, absolute(a.url))),
    m.survey && survey ? surveyView(m.survey, t, survey.lang, survey.answer) : null,
    h('div', { class: 'tt-meta' }, formatTime(m.createdAt)),
  );
}

export function pendingView(p: PendingMessage, t: Strings, actions: { retry(clientId: string): void; remove(clientId: string): void }) {
  const failed = p.status === 'failed';
  return h(
    'div',
    { class: `tt-msg tt-mine tt-pending${failed ? ' tt-failed' : ''}`, 'data-testid': 'tt-message', 'data-direction': 'visitor', 'data-client-id': p.clientId, 'data-status': p.status },
    p.body ? h('div', { class: 'tt-text' }, p.body) : null,
    p.attachments.map((a) => h('div', { class: 'tt-att' }, icon('file'), h('span', null, `${a.filename} · ${formatBytes(a.size)}`))),
    failed
      ? h(
          'div',
          { class: 'tt-meta', role: 'alert' },
          p.error ?? t.notSent,
          ' ',
          p.retryable
            ? h('button', { type: 'button', class: 'tt-link', onclick: () => actions.retry(p.clientId) }, t.retry)
            : h('button', { type: 'button', class: 'tt-link', onclick: () => actions.remove(p.clientId) }, t.remove),
        )
      : h('div', { class: 'tt-meta' }, t.sending),
  );
}
