/** Workflow templates: the ready-made graphs (vi/en), their route, and the default workspace's published ones. */
export { TEMPLATE_DEFS, workflowTemplate, workflowTemplates } from './catalog.js';
export { workflowTemplatesRoutes } from './routes.js';
export { DEFAULT_PUBLISHED_TEMPLATES, seedDefaultWorkflows, type TemplatePublisher } from './seed.js';
export { defaultWorkflowsReaction } from './default-workflows.js';
export { runDefaultWorkflowBackfill, seedDefaultWorkflowsFor } from './backfill.js';
