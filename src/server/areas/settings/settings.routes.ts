import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { listHolidays, replaceHolidays, setSlaPolicy, updateWorkspaceSettings } from './commands/settings-commands.js';
import { actorOf } from '../../core/http/auth.js';
import { isValidTimeZone } from '../../core/lib/time-zones.js';
import { byUrgency, presentSlaPolicy, presentWorkspaceSettings } from './presenters/settings.js';
import { listSlaPolicies } from './queries/list-sla-policies.js';
import { loadWorkspace } from './queries/load-workspace.js';
import { BusinessHoursSchema, HolidaySchema, SlaPolicySchema, WorkspaceSettingsSchema } from '../../../shared/settings.js';
import { ErrorSchema, LocaleSchema, PrioritySchema } from '../../../shared/common.js';

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
  app.get(
    '/settings/workspace',
    { config: { action: 'settings:read' }, schema: { tags: ['settings'], response: { 200: z.object({ workspace: WorkspaceSettingsSchema }), ...errors } } },
    async (req) => {
      return { workspace: presentWorkspaceSettings(await loadWorkspace(ctx.db, actorOf(req).workspaceId)) };
    },
  );

  app.patch(
    '/settings/workspace',
    {
      config: { action: 'settings:manage' },
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
      return { workspace: presentWorkspaceSettings(await updateWorkspaceSettings(ctx.db, req.body, actorOf(req))) };
    },
  );

  app.get(
    '/settings/holidays',
    { config: { action: 'settings:read' }, schema: { tags: ['settings'], response: { 200: z.object({ holidays: z.array(HolidaySchema) }), ...errors } } },
    async (req) => {
      return { holidays: await listHolidays(ctx.db, actorOf(req).workspaceId) };
    },
  );

  app.put(
    '/settings/holidays',
    {
      config: { action: 'settings:manage' },
      schema: {
        tags: ['settings'],
        summary: 'Replace the whole holiday list (admin); send {holidays:[…]} or the bare list',
        body: z.union([z.object({ holidays: holidayList }), holidayList]),
        response: { 200: z.object({ holidays: z.array(HolidaySchema) }), ...errors },
      },
    },
    async (req) => {
      const list = Array.isArray(req.body) ? req.body : req.body.holidays;
      return { holidays: await replaceHolidays(ctx.db, list, actorOf(req)) };
    },
  );

  app.get(
    '/sla-policies',
    { config: { action: 'settings:read' }, schema: { tags: ['settings'], summary: 'SLA targets per priority, in business minutes', response: { 200: z.object({ slaPolicies: z.array(SlaPolicySchema) }), ...errors } } },
    async (req) => {
      const rows = await listSlaPolicies(ctx.db, actorOf(req).workspaceId);
      return { slaPolicies: rows.map(presentSlaPolicy).sort(byUrgency) };
    },
  );

  app.put(
    '/sla-policies/:priority',
    {
      config: { action: 'settings:manage' },
      schema: {
        tags: ['settings'],
        summary: 'Set the SLA targets of a priority (admin)',
        params: z.object({ priority: PrioritySchema }),
        body: z.object({ firstResponseMinutes: minutes, resolutionMinutes: minutes }),
        response: { 200: z.object({ slaPolicy: SlaPolicySchema }), ...errors },
      },
    },
    async (req) => {
      return { slaPolicy: presentSlaPolicy(await setSlaPolicy(ctx.db, req.params.priority, req.body, actorOf(req))) };
    },
  );
};
