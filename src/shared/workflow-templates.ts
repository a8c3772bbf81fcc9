/** Workflow templates: ready-made graphs (vi/en) a workspace starts a workflow from. (API shapes shared by server and web.) */
import { z } from 'zod';
import { WorkflowGraphSchema } from './workflows.js';

export const TEMPLATE_LANGS = ['vi', 'en'] as const;
export const TemplateLangSchema = z.enum(TEMPLATE_LANGS);
export type TemplateLang = z.infer<typeof TemplateLangSchema>;

/** One template in one language: its texts (names, messages, notes) are written in that language. */
export const WorkflowTemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  /** The palette group it shows under (its trigger's group). */
  triggerType: z.string(),
  /** Settings the user should look at before publishing (a team to pick …), as node ids. */
  needsSetup: z.array(z.string()),
  graph: WorkflowGraphSchema,
});
export type WorkflowTemplate = z.infer<typeof WorkflowTemplateSchema>;

/** GET /api/workflow-templates?lang=vi|en (default: vi). */
export const WorkflowTemplateListSchema = z.object({ items: z.array(WorkflowTemplateSchema) });
export const WorkflowTemplateQuerySchema = z.object({ lang: TemplateLangSchema.default('vi') });
