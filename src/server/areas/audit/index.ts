/** Audit log: who changed what and when (settings, users, tokens, channels, workflows, merges, exports, deletions), append-only. */
import type { Area } from '../../core/area.js';
import { writeAuditRows } from './record.js';
import { auditRoutes } from './routes.js';
import './events.js';

export { auditKindOf } from './record.js';

export const auditArea: Area = {
  name: 'audit',
  routes: [{ plugin: auditRoutes }],
  beforeCommit: [writeAuditRows],
};
