import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../core/context.js';
import { ErrorSchema } from '../../../../shared/common.js';
import { WorkflowTemplateListSchema, WorkflowTemplateQuerySchema } from '../../../../shared/workflow-templates.js';
import { workflowTemplates } from './catalog.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema };

/** The ready-made workflows (vi/en) the canvas offers to start from. */
export const workflowTemplatesRoutes = (_ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/workflow-templates',
    {
      config: { action: 'workflows:read' },
      schema: { tags: ['workflows'], summary: 'Workflow templates, their texts and graphs in the language asked for (default vi)', querystring: WorkflowTemplateQuerySchema, response: { 200: WorkflowTemplateListSchema, ...errors } },
    },
    async (req) => ({ items: workflowTemplates(req.query.lang) }),
  );
};
