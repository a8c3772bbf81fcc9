/** Segments: saved rules over profile, orders, tickets, surveys and journey stage — count, preview, CSV, and members for campaigns. */
import type { Area } from '../../core/area.js';
import { segmentsRoutes } from './segments.routes.js';
// The segments' event types, merged into core's EventCatalog.
import './events.js';

export { segmentMemberIds, countMembers, segmentMembersFilter, isSegmentMember } from './queries/segment-members.js';
export { parseRule } from './compile-rule.js';

export const segmentsArea: Area = {
  name: 'segments',
  routes: [{ plugin: segmentsRoutes }],
};
