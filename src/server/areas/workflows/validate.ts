import { WORKFLOW_ACTIONS, ACTION_NEEDS, isWorkflowActionType } from '../../../shared/workflow-actions.js';
import { CONDITION_FIELDS, isConditionGroup, TRIGGER_INFO, triggerOf, validateGraph, type ConditionGroup, type TriggerType, type ValidationResult, type WorkflowGraph } from '../../../shared/workflows.js';

/** What each trigger's runs know about (a customer trigger has no ticket, an order trigger a customer and an order …). */
const KNOWN: Record<string, readonly string[]> = {
  ticket: ['ticket', 'customer'],
  message: ['ticket', 'customer', 'message'],
  customer: ['customer'],
  order: ['order', 'customer'],
  call: ['ticket', 'customer'],
  survey: ['ticket', 'customer', 'survey'],
  workspace: [],
};

/** The shared graph checks with the actions' schemas, plus fields and actions the trigger's subject cannot give. */
export function validateWorkflowGraph(graph: WorkflowGraph): ValidationResult {
  const result = validateGraph(graph, WORKFLOW_ACTIONS);
  const trigger = triggerOf(graph);
  if (!trigger || !Object.hasOwn(TRIGGER_INFO, trigger.type)) return result;
  const known = KNOWN[TRIGGER_INFO[trigger.type as TriggerType].subject] ?? [];
  const fieldsOf = (g: ConditionGroup): string[] => g.rules.flatMap((r) => (isConditionGroup(r) ? fieldsOf(r) : [r.field]));
  for (const n of graph.nodes) {
    const groups: ConditionGroup[] = [];
    const cfg = n.config as { when?: ConditionGroup; cases?: { when?: ConditionGroup }[] };
    if (cfg.when && Array.isArray(cfg.when.rules)) groups.push(cfg.when);
    if (Array.isArray(cfg.cases)) for (const c of cfg.cases) if (c?.when && Array.isArray(c.when.rules)) groups.push(c.when);
    for (const f of groups.flatMap(fieldsOf)) {
      const needs = (CONDITION_FIELDS as Record<string, { needs: string | null }>)[f]?.needs;
      if (needs && !known.includes(needs)) result.problems.push({ nodeId: n.id, code: 'condition.field_unavailable', params: { field: f } });
    }
    if (n.kind === 'action' && isWorkflowActionType(n.type)) {
      const needs = ACTION_NEEDS[n.type];
      // A ticket the run creates becomes its ticket (engine.ts), so later ticket actions have one.
      const gives = needs === 'ticket' && graph.nodes.some((m) => m.kind === 'action' && m.type === 'create_ticket');
      if (needs !== 'none' && !known.includes(needs) && !gives) result.problems.push({ nodeId: n.id, code: 'action.subject_unavailable', params: { needs } });
    }
  }
  result.ok = result.problems.length === 0;
  return result;
}
