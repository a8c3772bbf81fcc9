import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import { badRequest } from '../../core/errors.js';
import { actorOf } from '../../core/http/auth.js';
import { ErrorSchema } from '../../../shared/common.js';
import { WORKFLOW_ACTIONS } from '../../../shared/workflow-actions.js';
import {
  CONDITION_CONFIGS, CONDITION_FIELDS, handlesOf, OPS_BY_TYPE, RunDetailSchema, RunListQuerySchema, RunListSchema, SampleEventsSchema, SWITCH_CONFIGS, TestRunRequestSchema,
  TestRunResultSchema, TRIGGER_CONFIGS, TRIGGER_INFO, TRIGGER_TYPES, ValidationResultSchema, WAIT_CONFIGS, WAIT_TYPES, WorkflowCatalogSchema, WorkflowCreateSchema,
  WorkflowDetailSchema, WorkflowDraftSchema, WorkflowGraphSchema, WorkflowListSchema, WorkflowVersionDetailSchema, type ConditionValueType, type WorkflowCatalog,
} from '../../../shared/workflows.js';
import { createWorkflow, deleteWorkflow, publishWorkflow, restoreVersionAsDraft, saveDraft, setEnabled } from './commands/workflow-commands.js';
import { testEvent, testRun } from './engine/test-run.js';
import { getWorkflowRow, listRuns, runDetail, sampleEvents, workflowDetail, workflowVersion, listWorkflows } from './queries/workflow-queries.js';
import { graphOf } from './rows.js';
import { workflowTemplate } from './templates/index.js';
import { validateWorkflowGraph } from './validate.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };
const idParams = z.object({ id: z.string().uuid() });
const versionParams = idParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) });
const tags = ['workflows'];

const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

let catalog: WorkflowCatalog | undefined;
/** Every node type with its config's JSON Schema, for the canvas's palette and forms (built once). */
function workflowCatalog(): WorkflowCatalog {
  return (catalog ??= {
    triggers: TRIGGER_TYPES.map((type) => ({ type, ...TRIGGER_INFO[type], configSchema: jsonSchema(TRIGGER_CONFIGS[type]) })),
    conditions: {
      nodes: [
        { kind: 'condition' as const, type: 'if', configSchema: jsonSchema(CONDITION_CONFIGS.if) },
        { kind: 'switch' as const, type: 'switch', configSchema: jsonSchema(SWITCH_CONFIGS.switch) },
      ],
      fields: Object.entries(CONDITION_FIELDS).map(([id, f]) => {
        const def = f as { type: ConditionValueType; values?: readonly string[]; needs: string | null; key?: true };
        return { id, type: def.type, ...(def.values ? { values: [...def.values] } : {}), needs: def.needs, key: Boolean(def.key), ops: [...OPS_BY_TYPE[def.type]] };
      }),
    },
    waits: WAIT_TYPES.map((type) => ({ type, handles: handlesOf({ kind: 'wait', type, config: {} }), configSchema: jsonSchema(WAIT_CONFIGS[type]) })),
    actions: Object.entries(WORKFLOW_ACTIONS).map(([type, schema]) => ({ type, configSchema: jsonSchema(schema) })),
  });
}

/** Workflows: list, create (blank, with a graph, or from a template), draft, validate, publish, on/off, test runs, sample events, the catalogue and the run log. */
export const workflowsRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get('/workflow-catalog', { config: { action: 'workflows:read' }, schema: { tags, summary: 'Triggers, conditions (fields and operators), waits and actions with their config JSON Schemas', response: { 200: WorkflowCatalogSchema, ...errors } } }, async () => workflowCatalog());

  app.get('/workflows', { config: { action: 'workflows:read' }, schema: { tags, summary: 'Workflows by name, with their runs of the last 7 days (failed ones apart) and their newest run (when, status)', response: { 200: WorkflowListSchema, ...errors } } }, async (req) => ({
    items: await listWorkflows(ctx.db, actorOf(req).workspaceId),
  }));

  app.post(
    '/workflows',
    { config: { action: 'workflows:manage' }, schema: { tags, summary: 'A new workflow (off, draft only): blank, from a graph, or from a template (400 workflow.template_unknown)', body: WorkflowCreateSchema, response: { 201: WorkflowDetailSchema, ...errors } } },
    async (req, reply) => {
      const actor = actorOf(req);
      let graph = req.body.graph;
      let description = req.body.description;
      if (req.body.templateId) {
        const lang = req.headers['accept-language']?.startsWith('en') ? 'en' : 'vi';
        const tpl = workflowTemplate(req.body.templateId, lang);
        if (!tpl) throw badRequest('workflow.template_unknown', `There is no template "${req.body.templateId}"`, { field: 'templateId' });
        graph ??= tpl.graph;
        description ??= tpl.description;
      }
      const row = await createWorkflow(ctx.db, actor, { name: req.body.name, description, graph, templateId: req.body.templateId ?? null });
      return reply.code(201).send(await workflowDetail(ctx.db, actor.workspaceId, row.id));
    },
  );

  app.get('/workflows/:id', { config: { action: 'workflows:read' }, schema: { tags, summary: 'A workflow, its draft, its published version and the version history (who, when)', params: idParams, response: { 200: WorkflowDetailSchema, ...errors } } }, async (req) =>
    workflowDetail(ctx.db, actorOf(req).workspaceId, req.params.id),
  );

  app.get(
    '/workflows/:id/versions/:version',
    { config: { action: 'workflows:read' }, schema: { tags, summary: 'One published version with its graph, who published it and when (404 workflow_version.not_found)', params: versionParams, response: { 200: WorkflowVersionDetailSchema, ...errors } } },
    async (req) => workflowVersion(ctx.db, actorOf(req).workspaceId, req.params.id, req.params.version),
  );

  app.post(
    '/workflows/:id/versions/:version/restore',
    { config: { action: 'workflows:manage' }, schema: { tags, summary: "Replace the draft with this version's graph (the published version runs on until the next publish)", params: versionParams, response: { 200: WorkflowDetailSchema, ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      await restoreVersionAsDraft(ctx.db, actor, req.params.id, req.params.version);
      return workflowDetail(ctx.db, actor.workspaceId, req.params.id);
    },
  );

  app.put(
    '/workflows/:id/draft',
    { config: { action: 'workflows:manage' }, schema: { tags, summary: 'Save the draft (graph, name, description, limits); the published version runs on until the next publish', params: idParams, body: WorkflowDraftSchema, response: { 200: WorkflowDetailSchema, ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      await saveDraft(ctx.db, actor, req.params.id, req.body);
      return workflowDetail(ctx.db, actor.workspaceId, req.params.id);
    },
  );

  app.post(
    '/workflows/:id/validate',
    {
      config: { action: 'workflows:read' },
      schema: { tags, summary: 'Problems of the draft (or of the graph given): unconnected or unreachable nodes, bad configs, no or several triggers, cycles without a wait', params: idParams, body: z.object({ graph: WorkflowGraphSchema.optional() }).nullish(), response: { 200: ValidationResultSchema, ...errors } },
    },
    async (req) => {
      const row = await getWorkflowRow(ctx.db, actorOf(req).workspaceId, req.params.id);
      return validateWorkflowGraph(req.body?.graph ?? graphOf(row.draft_graph));
    },
  );

  app.post(
    '/workflows/:id/publish',
    { config: { action: 'workflows:manage' }, schema: { tags, summary: 'Publish the draft as the next version (422 workflow.invalid with the problems)', params: idParams, response: { 200: WorkflowDetailSchema, ...errors } } },
    async (req) => {
      const actor = actorOf(req);
      await publishWorkflow(ctx.db, actor, req.params.id);
      return workflowDetail(ctx.db, actor.workspaceId, req.params.id);
    },
  );

  for (const [verb, on] of [['enable', true], ['disable', false]] as const) {
    app.post(
      `/workflows/:id/${verb}`,
      { config: { action: 'workflows:manage' }, schema: { tags, summary: on ? 'Turn on (409 workflow.not_published before a publish)' : 'Turn off: its queued and waiting runs are cancelled', params: idParams, response: { 200: WorkflowDetailSchema, ...errors } } },
      async (req) => {
        const actor = actorOf(req);
        await setEnabled(ctx.db, actor, req.params.id, on);
        return workflowDetail(ctx.db, actor.workspaceId, req.params.id);
      },
    );
  }

  app.delete('/workflows/:id', { config: { action: 'workflows:manage' }, schema: { tags, summary: 'Delete a workflow with its versions and run log', params: idParams, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    await deleteWorkflow(ctx.db, actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.post(
    '/workflows/:id/test-run',
    {
      config: { action: 'workflows:manage' },
      schema: { tags, summary: 'Dry run of the draft (or the graph given) on a past event or a sample: the path and what each node would do; nothing is written or sent', params: idParams, body: TestRunRequestSchema.and(z.object({ graph: WorkflowGraphSchema.optional() })), response: { 200: TestRunResultSchema, ...errors } },
    },
    async (req) => {
      const ws = actorOf(req).workspaceId;
      const row = await getWorkflowRow(ctx.db, ws, req.params.id);
      const event = await testEvent(ctx, ws, req.body);
      return testRun(ctx, ws, { id: row.id, name: row.name }, req.body.graph ?? graphOf(row.draft_graph), event);
    },
  );

  app.get('/workflows/:id/sample-events', { config: { action: 'workflows:read' }, schema: { tags, summary: 'Recent real events its trigger listens to (for a test run), each saying whether it matches', params: idParams, response: { 200: SampleEventsSchema, ...errors } } }, async (req) => {
    const ws = actorOf(req).workspaceId;
    return sampleEvents(ctx.db, ws, await getWorkflowRow(ctx.db, ws, req.params.id));
  });

  app.get('/workflow-runs', { config: { action: 'workflows:read' }, schema: { tags, summary: 'The run log, newest first (filters: workflow, status, customer, ticket; cursor)', querystring: RunListQuerySchema, response: { 200: RunListSchema, ...errors } } }, async (req) =>
    listRuns(ctx.db, actorOf(req).workspaceId, req.query),
  );

  app.get('/workflow-runs/:id', { config: { action: 'workflows:read' }, schema: { tags, summary: 'One run: its steps with input, decision, output, errors, attempts and timing', params: idParams, response: { 200: RunDetailSchema, ...errors } } }, async (req) =>
    runDetail(ctx.db, actorOf(req).workspaceId, req.params.id),
  );
};
