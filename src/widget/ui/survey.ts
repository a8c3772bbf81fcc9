import { h } from '../dom';
import type { Strings } from '../i18n';
import type { Language, WidgetSurvey } from '../types';

export type AnswerSurvey = (token: string, body: { score?: number; comment?: string }) => Promise<void>;

/**
 * Score buttons under a survey message. A click posts the score; on success the buttons give way to
 * a thank-you and an optional comment box (posted to the same endpoint). The state lives in this
 * element, which the thread keeps while the message is unchanged.
 */
export function surveyView(s: WidgetSurvey, t: Strings, lang: Language, answer: AnswerSurvey): HTMLElement {
  const box = h('div', { class: 'tt-survey', 'data-testid': 'tt-survey', 'data-type': s.type });
  const status = h('div', { class: 'tt-meta', role: 'status' });
  const closed = (err: unknown) => [404, 409, 410].includes((err as { status?: number }).status ?? 0);

  const commentForm = () => {
    const input = h('textarea', { class: 'tt-survey-comment', rows: 2, maxlength: 2000, 'aria-label': t.surveyComment, placeholder: t.surveyComment, 'data-testid': 'tt-survey-comment' });
    const button = h('button', { type: 'button', class: 'tt-survey-send', 'data-testid': 'tt-survey-send' }, t.surveySendComment);
    button.addEventListener('click', async () => {
      const comment = input.value.trim();
      if (!comment) return;
      button.disabled = true;
      try {
        await answer(s.token, { comment });
        box.replaceChildren(h('div', { class: 'tt-survey-done' }, t.surveyCommentSent));
      } catch (err) {
        status.textContent = closed(err) ? t.surveyClosed : t.surveyFailed;
        button.disabled = false;
      }
    });
    return [input, button];
  };

  const buttons = s.options.map((o) =>
    h(
      'button',
      {
        type: 'button',
        class: 'tt-survey-opt',
        'data-score': o.value,
        title: o.label[lang],
        onclick: async () => {
          for (const b of buttons) b.disabled = true;
          try {
            await answer(s.token, { score: o.value });
            box.replaceChildren(h('div', { class: 'tt-survey-done', 'data-testid': 'tt-survey-thanks' }, t.surveyThanks), ...commentForm(), status);
          } catch (err) {
            status.textContent = closed(err) ? t.surveyClosed : t.surveyFailed;
            for (const b of buttons) b.disabled = closed(err);
          }
        },
      },
      s.type === 'csat' ? `${o.value}★ ${o.label[lang]}` : String(o.value),
    ),
  );
  if (!buttons.length) {
    box.append(h('a', { href: s.url, target: '_blank', rel: 'noopener' }, s.question[lang]));
    return box;
  }
  box.append(h('div', { class: `tt-survey-opts tt-survey-${s.type}` }, buttons), status);
  return box;
}
