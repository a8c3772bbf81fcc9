import type { Reaction } from '../../../core/events/reactions.js';
import { seedDefaultWorkflowsFor } from './backfill.js';

/**
 * The installation's default workspace (the one set up on the first visit: installation_setup) gets its
 * default workflows — the SLA escalation — published and on, in its language, made in the name of its
 * first admin (the workflow's history shows who published it). Other workspaces (CLI, tests) start with
 * none and take templates by hand; workspaces older than this seed get it once (backfill.ts), the demo
 * when it is generated. Durable and idempotent: the seed skips a template the workspace has.
 */
export const defaultWorkflowsReaction: Reaction = {
  name: 'workflows.default_templates',
  handles: ['workspace.created'],
  async run(ctx, events) {
    for (const e of events) {
      if (!(await ctx.db.maybeOne('SELECT 1 FROM installation_setup WHERE workspace_id = $1', [e.workspace_id]))) continue;
      const adminId = (e.data as { adminId?: string }).adminId;
      if (!adminId) continue;
      await seedDefaultWorkflowsFor(ctx, e.workspace_id, adminId);
    }
  },
};
