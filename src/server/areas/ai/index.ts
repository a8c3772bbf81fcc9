/** AI: ticket classification and message sentiment learned in-process from the workspace's own data. */
import type { Area } from '../../core/area.js';

export const aiArea: Area = {
  name: 'ai',
};
