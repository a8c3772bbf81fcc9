import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import vi from '../../i18n/vi/surveys.json';
import en from '../../i18n/en/surveys.json';
import { surveyTimelineCaption } from './surveyCaption';

describe('survey timeline caption', () => {
  beforeAll(async () => {
    await i18n.init({ lng: 'vi', resources: { vi: { surveys: vi }, en: { surveys: en } }, interpolation: { escapeValue: false } });
  });

  it('reads the timeline title "<type>:<score>:<top>"', async () => {
    await i18n.changeLanguage('vi');
    expect(surveyTimelineCaption('csat:2:5')).toBe('Khách đánh giá CSAT 2/5 · Không hài lòng');
    expect(surveyTimelineCaption('nps:9:10')).toBe('Khách đánh giá NPS 9/10');
    expect(surveyTimelineCaption('custom::')).toBe('Khách trả lời Khảo sát riêng');
    await i18n.changeLanguage('en');
    expect(surveyTimelineCaption('csat:5:5')).toBe('Customer rated CSAT 5/5 · Excellent');
    expect(surveyTimelineCaption('ces:3:7')).toBe('Customer rated CES 3/7');
  });
});
