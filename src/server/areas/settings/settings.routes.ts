import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { listHolidays, replaceHolidays, setSlaPolicy, updateWorkspaceSettings } from './commands/settings-commands.js';
import { actorOf } from '../../core/http/auth.js';
import { isValidTimeZone } from '../../core/lib/time-zones.js';
import { authorize } from '../../core/http/policies.js';
import { byUrgency, presentSlaPolicy, presentWorkspaceSettings } from './presenters/settings.js';
import {
  BusinessHoursSchema,
  ErrorSchema,
  HolidaySchema,
  LocaleSchema,
  PrioritySchema,
  SlaPolicySchema,
  WorkspaceSettingsSchema,
} from '../../../shared/api.js';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use yyyy-MM-dd')
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  }, 'Not a real calendar day');
const holidayInput = z.object({ day: calendarDay, name: z.string().trim().min(1).max(120) });
const holidayList = z.array(holidayInput).max(366);
// Business minutes; a year of 24/7 minutes is a generous upper bound.
const minutes = z.number().int().positive().max(525_600);

export const settingsRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  const readWorkspace = async (workspaceId: string) =>
    presentWorkspaceSettings(await ctx.db.one('SELECT * FROM workspaces WHERE id = $1', [workspaceId]));

  app.get(
    '/settings/workspace',
    { schema: { tags: ['settings'], response: { 200: z.object({ workspace: WorkspaceSettingsSchema }), ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'settings:read');
      return { workspace: await readWorkspace(actor.workspaceId) };
    },
  );

  app.patch(
    '/settings/workspace',
    {
      schema: {
        tags: ['settings'],
        summary: 'Workspace name, time zone, language, weekly business hours (admin)',
        body: z.object({
          name: z.string().trim().min(1).max(120).optional(),
          timezone: z.string().max(64).refine(isValidTimeZone, 'Unknown time zone; use an IANA name like Asia/Ho_Chi_Minh').optional(),
          locale: LocaleSchema.optional(),
          businessHours: BusinessHoursSchema.optional(),
        }),
        response: { 200: z.object({ workspace: WorkspaceSettingsSchema }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'settings:manage');
      return { workspace: presentWorkspaceSettings(await updateWorkspaceSettings(ctx.db, req.body, actor)) };
    },
  );

  app.get(
    '/settings/holidays',
    { schema: { tags: ['settings'], response: { 200: z.object({ holidays: z.array(HolidaySchema) }), ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'settings:read');
      return { holidays: await listHolidays(ctx.db, actor.workspaceId) };
    },
  );

  app.put(
    '/settings/holidays',
    {
      schema: {
        tags: ['settings'],
        summary: 'Replace the whole holiday list (admin); send {holidays:[…]} or the bare list',
        body: z.union([z.object({ holidays: holidayList }), holidayList]),
        response: { 200: z.object({ holidays: z.array(HolidaySchema) }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'settings:manage');
      const list = Array.isArray(req.body) ? req.body : req.body.holidays;
      return { holidays: await replaceHolidays(ctx.db, list, actor) };
    },
  );

  app.get(
    '/sla-policies',
    { schema: { tags: ['settings'], summary: 'SLA targets per priority, in business minutes', response: { 200: z.object({ slaPolicies: z.array(SlaPolicySchema) }), ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'settings:read');
      const rows = await ctx.db.query('SELECT * FROM sla_policies WHERE workspace_id = $1', [actor.workspaceId]);
      return { slaPolicies: rows.map(presentSlaPolicy).sort(byUrgency) };
    },
  );

  app.put(
    '/sla-policies/:priority',
    {
      schema: {
        tags: ['settings'],
        summary: 'Set the SLA targets of a priority (admin)',
        params: z.object({ priority: PrioritySchema }),
        body: z.object({ firstResponseMinutes: minutes, resolutionMinutes: minutes }),
        response: { 200: z.object({ slaPolicy: SlaPolicySchema }), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'settings:manage');
      return { slaPolicy: presentSlaPolicy(await setSlaPolicy(ctx.db, req.params.priority, req.body, actor)) };
    },
  );
};
