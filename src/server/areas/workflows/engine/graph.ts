import type { WorkflowGraph } from '../../../../shared/workflows.js';

/** The nodes an edge from this node by this handle leads to, in the edges' order. */
export function nextTargets(graph: WorkflowGraph, nodeId: string, handle: string): string[] {
  return graph.edges.filter((e) => e.source === nodeId && (e.handle ?? 'out') === handle).map((e) => e.target);
}
