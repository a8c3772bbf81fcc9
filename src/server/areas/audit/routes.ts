import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context.js';
import { appendEvent } from '../../core/events/append.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import { AuditPageSchema, AuditQuerySchema, type AuditEntry } from '../../../shared/audit.js';
import { allAudit, listAudit } from './queries/audit-log.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema };
const tags = ['audit'];
// The log names who did what: admins only.
const config = { action: 'settings:manage' } as const;

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  // A leading =, +, - or @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

function toCsv(rows: AuditEntry[]): string {
  const head = ['time', 'actor_type', 'actor_id', 'actor_name', 'ip', 'kind', 'action', 'target_type', 'target_id', 'target', 'changes'];
  const lines = rows.map((r) => [r.createdAt, r.actor.type, r.actor.id, r.actor.name, r.ip, r.kind, r.action, r.target.type, r.target.id, r.target.label, r.changes].map(cell).join(','));
  return `\uFEFF${[head.join(','), ...lines].join('\r\n')}\r\n`;
}

/** Settings → Audit log: filter and page it; export it as CSV (the export is itself recorded). */
export const auditRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get('/audit', { config, schema: { tags, summary: 'The audit log, newest first: filter by kind (or deletions), actor, days, text; page with before=<last id>', querystring: AuditQuerySchema, response: { 200: AuditPageSchema, ...errors } } }, async (req) =>
    listAudit(ctx.db, actorOf(req).workspaceId, req.query),
  );

  app.get('/audit/export.csv', { config, schema: { tags, summary: 'The filtered audit log as CSV (UTF-8 with BOM, at most 50 000 rows)', querystring: AuditQuerySchema.omit({ before: true, limit: true }) } }, async (req, reply) => {
    const actor = actorOf(req);
    const rows = await allAudit(ctx.db, actor.workspaceId, req.query);
    await ctx.db.tx((tx) => appendEvent(tx, { workspaceId: actor.workspaceId, type: 'audit.exported', subjectType: 'workspace', subjectId: actor.workspaceId, actor, data: { filters: { ...req.query }, rows: rows.length } }));
    const day = new Date().toISOString().slice(0, 10);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="audit-${day}.csv"`).send(toCsv(rows));
  });
};
