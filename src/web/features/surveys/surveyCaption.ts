import i18n from 'i18next';
import { CSAT_LABELS } from '../../../shared/surveys';

/**
 * "Khách đánh giá CSAT 2/5 · Không hài lòng" — the caption of a survey answer in the customer's timeline,
 * from the timeline source's machine-readable title "<type>:<score>:<scale top>" (score empty when none).
 */
export function surveyTimelineCaption(title: string | null): string {
  const [type = '', score = '', top = ''] = (title ?? '').split(':');
  const t = (k: string, o?: Record<string, unknown>) => i18n.t(k, { ns: 'surveys', ...o });
  const name = t(`types.${type}`, { defaultValue: type.toUpperCase() });
  if (score === '') return t('timeline.answeredNoScore', { name });
  const value = top ? `${score}/${top}` : score;
  const lang = i18n.language?.startsWith('en') ? 'en' : 'vi';
  const label = type === 'csat' ? CSAT_LABELS[lang][Number(score) as 1 | 2 | 3 | 4 | 5] : undefined;
  return t('timeline.answered', { name, value }) + (label ? ` · ${label}` : '');
}
