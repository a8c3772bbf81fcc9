/** Knowledge base: articles (vi/en) with categories, diacritic-insensitive search and the public help centre. */
import type { Area } from '../../core/area.js';

export const knowledgeArea: Area = {
  name: 'knowledge',
};
