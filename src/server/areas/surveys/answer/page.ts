import { CSAT_LABELS, SCALES, type SurveyQuestion } from '../../../../shared/surveys.js';
import { editableUntil, type SurveyLink } from './load-request.js';
import { PAGE_TEXTS, type PageTexts } from './page-texts.js';
import { html, raw, type Raw } from './html.js';
import { isLowScore } from './followup.js';
import { mainQuestion, commentQuestion, scaleOf } from './validate-answer.js';
import { scoreLabel, csatLabel, type Lang } from './texts.js';

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f1f5f4;color:#1d2b29;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:600px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:14px;padding:20px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
header{display:flex;justify-content:space-between;align-items:center;gap:12px;margin:4px 2px 14px}
.biz{font-weight:700;font-size:18px;color:#007a6b;overflow-wrap:anywhere}
.lang{font-size:14px;color:#007a6b;white-space:nowrap}
h1{font-size:21px;line-height:1.3;margin:0 0 8px}
p{margin:0 0 12px}
.muted{color:#5b6b68;font-size:14px}
.q{border:0;margin:20px 0 0;padding:0}
.q legend{font-weight:600;margin-bottom:10px;padding:0}
.tag{font-weight:400;color:#5b6b68;font-size:13px}
.opts{display:grid;gap:8px}
.csat{grid-template-columns:1fr}
.scale{grid-template-columns:repeat(6,1fr)}
.c2{grid-template-columns:repeat(2,1fr)}.c3{grid-template-columns:repeat(3,1fr)}.c4{grid-template-columns:repeat(4,1fr)}.c5{grid-template-columns:repeat(5,1fr)}.c6{grid-template-columns:repeat(6,1fr)}.c7{grid-template-columns:repeat(7,1fr)}
.opt input{position:absolute;opacity:0;width:1px;height:1px}
.opt>span{display:flex;align-items:center;justify-content:center;gap:10px;min-height:48px;padding:8px;border:1.5px solid #cfdad8;border-radius:10px;background:#fff;cursor:pointer;font-weight:600;text-align:center}
.csat .opt>span{justify-content:flex-start;padding:10px 14px}
.emoji{font-size:26px;line-height:1}
.stars{color:#f0a500;letter-spacing:1px;font-size:14px}
.lbl{display:flex;flex-direction:column;align-items:flex-start;line-height:1.25}
.opt input:checked+span{border-color:#008977;background:#e6fcf9;box-shadow:0 0 0 2px #008977 inset}
.opt input:focus-visible+span{outline:3px solid #7adecf;outline-offset:2px}
.ends{display:flex;justify-content:space-between;font-size:13px;color:#5b6b68;margin-top:6px;gap:8px}
textarea{width:100%;min-height:110px;padding:10px 12px;border:1.5px solid #cfdad8;border-radius:10px;font:inherit;resize:vertical}
textarea:focus{outline:3px solid #7adecf;border-color:#008977}
button{margin-top:20px;width:100%;min-height:50px;border:0;border-radius:10px;background:#008977;color:#fff;font:inherit;font-weight:700;font-size:17px;cursor:pointer}
.notice{border-radius:10px;padding:12px 14px;margin:0 0 14px}
.ok{background:#e6fcf9;border:1px solid #7adecf}
.err{background:#fff1f0;border:1px solid #f5a8a1;color:#8a1f17}
.big{width:64px;height:64px;border-radius:50%;margin:4px auto 14px;display:flex;align-items:center;justify-content:center;font-size:34px;font-weight:700;background:#e6fcf9;color:#008977}
.big.warn{background:#fff4e0;color:#b86e00}
.answer{background:#f6f9f8;border-radius:10px;padding:12px 14px;margin:12px 0}
.answer div+div{margin-top:6px}
a.btn{display:block;text-align:center;margin-top:16px;color:#007a6b;font-weight:600}
footer{text-align:center;color:#8a9996;font-size:12px;margin:18px 0 8px}
@media (min-width:640px){main{padding:40px 16px}.card{padding:32px}.scale{grid-template-columns:repeat(11,1fr)}}
`;

// Emoji of the original Emoticons block only: older phones (and fonts) lack the later 🙂/🙁.
const EMOJI: Record<number, string> = { 5: '😍', 4: '😊', 3: '😐', 2: '😕', 1: '😞' };

export interface PageContext {
  lang: Lang;
  token: string;
  link: SurveyLink;
  now?: Date;
}

const T = (lang: Lang): PageTexts => PAGE_TEXTS[lang];
const pageUrl = (token: string, lang: Lang) => `/s/${encodeURIComponent(token)}?lang=${lang}`;

export function formatWhen(at: Date, timezone: string, lang: Lang): string {
  try {
    return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
      timeZone: timezone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(at);
  } catch {
    return at.toISOString();
  }
}

/** The whole document: phone-first layout, one inline stylesheet allowed by its nonce. */
export function layout(o: { lang: Lang; title: string; nonce: string; businessName?: string; switchUrl?: string; body: Raw }): string {
  const t = T(o.lang);
  return html`<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${o.title}</title>
<style nonce="${o.nonce}">${raw(CSS)}</style>
</head>
<body>
<main>
<header><div class="biz">${o.businessName ?? ''}</div>${o.switchUrl ? html`<a class="lang" href="${o.switchUrl}" hreflang="${o.lang === 'vi' ? 'en' : 'vi'}">${t.language}</a>` : ''}</header>
<div class="card">${o.body}</div>
<footer>${t.footer}</footer>
</main>
</body>
</html>`.value;
}

function csatOptions(name: string, current: unknown, lang: Lang): Raw {
  return html`<div class="opts csat">${[5, 4, 3, 2, 1].map(
    (s) => html`<label class="opt"><input type="radio" name="${name}" value="${s}"${current === s ? raw(' checked') : ''}><span><span class="emoji" aria-hidden="true">${EMOJI[s]}</span><span class="lbl"><span>${(CSAT_LABELS[lang] as Record<number, string>)[s]}</span><span class="stars" aria-label="${s}/5">${'★'.repeat(s)}${'☆'.repeat(5 - s)}</span></span></span></label>`,
  )}</div>`;
}

function numberOptions(name: string, min: number, max: number, current: unknown, low: string, high: string): Raw {
  const count = max - min + 1;
  // Up to 7 choices sit in one row even on a phone; 0–10 wraps to two rows there.
  const cls = count <= 7 ? `c${count}` : 'scale';
  const values = Array.from({ length: count }, (_, i) => min + i);
  return html`<div class="opts ${cls}">${values.map(
    (s) => html`<label class="opt"><input type="radio" name="${name}" value="${s}"${current === s ? raw(' checked') : ''}><span>${s}</span></label>`,
  )}</div><div class="ends"><span>${low}</span><span>${high}</span></div>`;
}

/** One question's inputs; the main score is field "score", the comment "comment", others "q_<id>". */
function question(q: SurveyQuestion, field: string, current: unknown, lang: Lang): Raw {
  const t = T(lang);
  const tag = html` <span class="tag">(${q.required ? t.required : t.optional})</span>`;
  let body: Raw;
  if (q.kind === 'csat') body = csatOptions(field, current, lang);
  else if (q.kind === 'nps') body = numberOptions(field, SCALES.nps.min, SCALES.nps.max, current, t.npsLow, t.npsHigh);
  else if (q.kind === 'ces') body = numberOptions(field, SCALES.ces.min, SCALES.ces.max, current, t.cesLow, t.cesHigh);
  else if (q.kind === 'rating') body = numberOptions(field, 1, scaleOf(q)!.max, current, `1 = ${t.ratingLow}`, `${scaleOf(q)!.max} = ${t.ratingHigh}`);
  else if (q.kind === 'choice') {
    body = html`<div class="opts csat">${(q.options ?? []).map(
      (o) => html`<label class="opt"><input type="radio" name="${field}" value="${o.value}"${current === o.value ? raw(' checked') : ''}><span>${o.label[lang]}</span></label>`,
    )}</div>`;
  } else {
    return html`<div class="q"><label for="${field}"><b>${q.text[lang]}</b>${tag}</label><textarea id="${field}" name="${field}" maxlength="2000" placeholder="${t.commentPlaceholder}">${typeof current === 'string' ? current : ''}</textarea></div>`;
  }
  return html`<fieldset class="q"><legend>${q.text[lang]}${tag}</legend>${body}</fieldset>`;
}

/** The label of the main score as the customer sees it ("Hài lòng (4/5)", "8/10"). */
export function answerLabel(link: SurveyLink, score: number, lang: Lang): string {
  const main = mainQuestion(link.type, link.questions);
  const max = main ? scaleOf(main)!.max : null;
  if (link.type === 'csat') return `${csatLabel(lang, score)} (${score}/5)`;
  if (link.type === 'custom') return max ? `${score}/${max}` : String(score);
  return scoreLabel(link.type, link.templateName, score, max).replace(/^\w+ /, '');
}

function fieldOf(link: SurveyLink, q: SurveyQuestion) {
  if (q === mainQuestion(link.type, link.questions)) return 'score';
  if (q === commentQuestion(link.questions)) return 'comment';
  return `q_${q.id}`;
}

export interface FormPage extends PageContext {
  nonce: string;
  /** Values to show (the saved answer, or what was just posted). */
  values: Record<string, unknown>;
  notice?: { kind: 'ok' | 'err'; text: string };
  /** A score chosen by a link's ?score=N (not recorded yet): the notice carries the one-tap send button. */
  chosen?: boolean;
}

/** The survey form: every question of the template, pre-filled with the current answer. */
export function renderForm(p: FormPage): string {
  const t = T(p.lang);
  const l = p.link;
  const until = editableUntil(l);
  const intro = html`${l.customerName ? html`<p>${t.hello(l.customerName)}</p>` : ''}<p class="muted">${t.intro}</p>${
    l.ticketNumber !== null ? html`<p class="muted">${t.about(l.ticketNumber)}</p>` : ''
  }`;
  // The send button sits in the notice too (form="answer"), so a score chosen in the email is one tap away.
  const send = p.chosen ? html`<button type="submit" form="answer">${t.submit}</button>` : '';
  const notice = p.notice ? html`<div class="notice ${p.notice.kind}" role="${p.notice.kind === 'err' ? 'alert' : 'status'}">${p.notice.text}${send}</div>` : '';
  const windowNote = l.answer && until ? html`<p class="muted">${t.editableUntil(formatWhen(until, l.timezone, p.lang))}</p>` : '';
  const questions = l.questions.map((q) => question(q, fieldOf(l, q), p.values[q.id], p.lang));
  const body = html`${notice}<h1>${t.title}</h1>${intro}${windowNote}<form id="answer" method="post" action="${pageUrl(p.token, p.lang)}" accept-charset="utf-8">${questions}<button type="submit">${l.answer ? t.update : t.submit}</button></form>`;
  return layout({ lang: p.lang, title: `${t.title} — ${l.businessName}`, nonce: p.nonce, businessName: l.businessName, switchUrl: pageUrl(p.token, p.lang === 'vi' ? 'en' : 'vi'), body });
}

function answerSummary(link: SurveyLink, lang: Lang): Raw {
  const t = T(lang);
  const a = link.answer;
  if (!a) return html``;
  return html`<div class="answer"><div class="muted">${t.yourAnswer}</div>${a.score !== null ? html`<div><b>${t.score}:</b> ${answerLabel(link, a.score, lang)}</div>` : ''}${
    a.comment ? html`<div><b>${t.comment}:</b> ${a.comment}</div>` : ''
  }</div>`;
}

/** After a form post: thanks, what was recorded, and (inside the window) a way back to change it. */
export function renderThanks(p: PageContext & { nonce: string }): string {
  const t = T(p.lang);
  const l = p.link;
  const until = editableUntil(l);
  const low = isLowScore(l.lowScoreThreshold, l.answer?.score ?? null);
  const body = html`<div class="big" aria-hidden="true">✓</div><h1>${t.thanksTitle}</h1><p>${low ? t.thanksLow : t.thanksBody}</p>${answerSummary(l, p.lang)}${
    until ? html`<p class="muted">${t.editableUntil(formatWhen(until, l.timezone, p.lang))}</p><a class="btn" href="${pageUrl(p.token, p.lang)}">${t.edit}</a>` : ''
  }`;
  return layout({ lang: p.lang, title: `${t.thanksTitle} — ${l.businessName}`, nonce: p.nonce, businessName: l.businessName, body });
}

/** An answered survey past its edit window. */
export function renderClosed(p: PageContext & { nonce: string; attempted?: boolean }): string {
  const t = T(p.lang);
  const l = p.link;
  const body = html`${p.attempted ? html`<div class="notice err" role="alert">${t.errorClosed}</div>` : ''}<div class="big" aria-hidden="true">✓</div><h1>${t.closedTitle}</h1><p>${t.closedBody}</p>${answerSummary(l, p.lang)}`;
  return layout({ lang: p.lang, title: `${t.closedTitle} — ${l.businessName}`, nonce: p.nonce, businessName: l.businessName, body });
}

/** Expired, unknown, rate-limited: a short friendly page, never an error dump. */
export function renderMessage(o: { lang: Lang; nonce: string; kind: 'expired' | 'not_found' | 'too_many'; businessName?: string; switchUrl?: string }): string {
  const t = T(o.lang);
  // Plain characters in a drawn circle: every font has them (emoji fonts vary by phone).
  const [icon, title, text] =
    o.kind === 'expired' ? ['!', t.expiredTitle, t.expiredBody] : o.kind === 'not_found' ? ['?', t.notFoundTitle, t.notFoundBody] : ['!', t.tooManyTitle, t.tooManyBody];
  const body = html`<div class="big warn" aria-hidden="true">${icon}</div><h1>${title}</h1><p class="muted">${text}</p>`;
  return layout({ lang: o.lang, title, nonce: o.nonce, businessName: o.businessName, switchUrl: o.switchUrl, body });
}
