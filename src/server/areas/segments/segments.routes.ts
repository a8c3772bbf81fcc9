import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import { SegmentCountSchema, SegmentListSchema, SegmentPreviewSchema, SegmentRuleBodySchema, SegmentSchema, SegmentWriteSchema } from '../../../shared/segments.js';
import { recordSegmentExport } from './commands/record-export.js';
import { deleteSegment, saveSegment } from './commands/save-segment.js';
import { parseRule } from './compile-rule.js';
import { countMembers, countSavedSegment, exportSegmentCsv, getSegmentRow, listSegments, previewMembers } from './queries/segment-members.js';
import { presentSegment } from './segment-row.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const idParams = z.object({ id: z.string().uuid() });
const tags = ['segments'];

/** Saved segments: CRUD, a live count and preview of an unsaved rule (the builder), a saved one's count and CSV. */
export const segmentsRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get('/segments', { config: { action: 'segments:read' }, schema: { tags, summary: 'Saved segments, by name', response: { 200: SegmentListSchema, ...errors } } }, async (req) => ({
    items: (await listSegments(ctx.db, actorOf(req).workspaceId)).map(presentSegment),
  }));

  app.post(
    '/segments/count',
    { config: { action: 'segments:read' }, schema: { tags, summary: 'Live count of an unsaved rule (400 segment.invalid_rule says which condition is wrong)', body: SegmentRuleBodySchema, response: { 200: SegmentCountSchema, ...errors } } },
    async (req) => {
      const rule = parseRule(req.body.rule);
      const t0 = performance.now();
      const count = await countMembers(ctx.db, actorOf(req).workspaceId, rule);
      return { count, tookMs: Math.round(performance.now() - t0) };
    },
  );

  app.post(
    '/segments/preview',
    { config: { action: 'segments:read' }, schema: { tags, summary: 'The first 20 members of an unsaved rule (newest profiles first) and the count', body: SegmentRuleBodySchema, response: { 200: SegmentPreviewSchema, ...errors } } },
    async (req) => {
      const ws = actorOf(req).workspaceId;
      const rule = parseRule(req.body.rule);
      const [items, count] = await Promise.all([previewMembers(ctx.db, ws, rule), countMembers(ctx.db, ws, rule)]);
      return { items, count };
    },
  );

  app.post(
    '/segments',
    { config: { action: 'segments:manage' }, schema: { tags, summary: 'Save a segment (409 segment.name_taken); it is counted at once (lastCount)', body: SegmentWriteSchema, response: { 201: z.object({ segment: SegmentSchema }), ...errors } } },
    async (req, reply) => {
      const row = await saveSegment(ctx.db, actorOf(req), req.body);
      await countSavedSegment(ctx.db, row.workspace_id, row.id);
      return reply.code(201).send({ segment: presentSegment(await getSegmentRow(ctx.db, row.workspace_id, row.id)) });
    },
  );

  app.get('/segments/:id', { config: { action: 'segments:read' }, schema: { tags, summary: 'One segment', params: idParams, response: { 200: z.object({ segment: SegmentSchema }), ...errors } } }, async (req) => ({
    segment: presentSegment(await getSegmentRow(ctx.db, actorOf(req).workspaceId, req.params.id)),
  }));

  app.put(
    '/segments/:id',
    { config: { action: 'segments:manage' }, schema: { tags, summary: 'Replace a segment’s name, description and rule', params: idParams, body: SegmentWriteSchema, response: { 200: z.object({ segment: SegmentSchema }), ...errors } } },
    async (req) => {
      const row = await saveSegment(ctx.db, actorOf(req), req.body, req.params.id);
      // Counted on save, so the list shows every segment's size without a count per row.
      await countSavedSegment(ctx.db, row.workspace_id, row.id);
      return { segment: presentSegment(await getSegmentRow(ctx.db, row.workspace_id, row.id)) };
    },
  );

  app.delete('/segments/:id', { config: { action: 'segments:manage' }, schema: { tags, summary: 'Delete a segment', params: idParams, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    await deleteSegment(ctx.db, actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/segments/:id/count', { config: { action: 'segments:read' }, schema: { tags, summary: 'Count a saved segment now (remembered as lastCount)', params: idParams, response: { 200: SegmentCountSchema, ...errors } } }, async (req) => {
    const t0 = performance.now();
    const count = await countSavedSegment(ctx.db, actorOf(req).workspaceId, req.params.id);
    return { count, tookMs: Math.round(performance.now() - t0) };
  });

  app.get('/segments/:id/export.csv', { config: { action: 'customers:export' }, schema: { tags, summary: 'The members as CSV (UTF-8 with BOM, streamed)', params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    const ws = actor.workspaceId;
    const seg = await getSegmentRow(ctx.db, ws, req.params.id);
    // The members' list is a report: read from the replica when there is one.
    const stream = await exportSegmentCsv(ctx.readDb, ws, seg.id);
    await recordSegmentExport(ctx.db, actor, seg);
    const day = new Date().toISOString().slice(0, 10);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="segment-${day}.csv"`).send(stream);
  });
};
