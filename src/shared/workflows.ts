/**
 * Workflows as data (DESIGN rule 5): a graph of nodes (one trigger, then conditions, switches, waits and
 * actions) joined by edges, validated here by server and canvas alike. Node configs are checked against
 * the schema of their type: triggers and conditions are catalogued in this file, actions in
 * workflow-actions.ts. The canvas builds each node's form from its schema (z.toJSONSchema).
 */
import { z } from 'zod';

export const NODE_KINDS = ['trigger', 'condition', 'switch', 'wait', 'action'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/**
 * An edge leaves a node by a handle: `out` (the default) for triggers and actions, `true`/`false` for a
 * condition, a case id or `default` for a switch, `done`/`timeout` for a wait that waits for something.
 */
export const WorkflowEdgeSchema = z.object({
  id: z.string().min(1).max(64),
  source: z.string().min(1).max(64),
  target: z.string().min(1).max(64),
  handle: z.string().min(1).max(64).default('out'),
});

export const WorkflowNodeSchema = z.object({
  id: z.string().min(1).max(64),
  kind: z.enum(NODE_KINDS),
  /** The trigger, condition, switch, wait or action type, e.g. `ticket.created` or `assign`. */
  type: z.string().min(1).max(64),
  config: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number(), y: z.number() }),
  label: z.string().max(120).optional(),
});

export const WorkflowGraphSchema = z.object({
  nodes: z.array(WorkflowNodeSchema).max(200),
  edges: z.array(WorkflowEdgeSchema).max(400),
});

export type WorkflowEdge = z.infer<typeof WorkflowEdgeSchema>;
export type WorkflowNode = z.infer<typeof WorkflowNodeSchema>;
export type WorkflowGraph = z.infer<typeof WorkflowGraphSchema>;
