import type { Sql } from '../../../core/db/types.js';
import type { TemplateLang } from '../../../../shared/workflow-templates.js';
import type { WorkflowGraph } from '../../../../shared/workflows.js';
import { workflowTemplate } from './catalog.js';

/**
 * The templates a workspace gets published from the start. SLA escalation moved here: before workflows,
 * the only escalation was the notifications area's SLA sweep (an in-app notice to the assignee, team or
 * managers); the escalation template adds the team lead's email and raises the priority, as a workflow
 * the workspace can see, change or turn off.
 */
export const DEFAULT_PUBLISHED_TEMPLATES = ['sla_escalation'] as const;

/** The engine's commands the seed uses (the workflows area's create → publish → enable, as the given actor). */
export interface TemplatePublisher {
  create(input: { name: string; description: string; graph: WorkflowGraph; templateId: string }): Promise<{ id: string }>;
  publish(workflowId: string): Promise<unknown>;
  enable(workflowId: string): Promise<unknown>;
}

/**
 * Gives a workspace its default workflows, published and on, in its language: each template once (a
 * workspace that already has a workflow from it, even one it turned off or edited, is left alone).
 * Returns the ids of the workflows it made. Called by the engine's workspace seeding (helper C: the
 * default workspace and new workspaces).
 */
export async function seedDefaultWorkflows(sql: Sql, workspaceId: string, lang: TemplateLang, publisher: TemplatePublisher): Promise<string[]> {
  const had = await sql.query<{ template_id: string }>('SELECT template_id FROM workflows WHERE workspace_id = $1 AND template_id = ANY($2::text[])', [
    workspaceId,
    [...DEFAULT_PUBLISHED_TEMPLATES],
  ]);
  const made: string[] = [];
  for (const id of DEFAULT_PUBLISHED_TEMPLATES) {
    if (had.some((h) => h.template_id === id)) continue;
    const tpl = workflowTemplate(id, lang)!;
    const wf = await publisher.create({ name: tpl.name, description: tpl.description, graph: tpl.graph, templateId: tpl.id });
    await publisher.publish(wf.id);
    await publisher.enable(wf.id);
    made.push(wf.id);
  }
  return made;
}
