/** Audit log: who changed what and when (settings, users, tokens, channels, workflows, merges, exports, deletions), append-only. */
import type { Area } from '../../core/area.js';

export const auditArea: Area = {
  name: 'audit',
};
