import dagre from '@dagrejs/dagre';
import type { Edge, Node } from '@xyflow/react';
import { handlesOf, type NodeKind, type WorkflowGraph, type WorkflowNode } from '../../../../shared/workflows';

/** What a canvas node carries: the workflow node minus its id and position (React Flow holds those). */
export interface WfNodeData extends Record<string, unknown> {
  kind: NodeKind;
  type: string;
  config: Record<string, unknown>;
  label?: string;
}

export type WfNode = Node<WfNodeData>;
export type WfEdge = Edge;

/** The size a node is laid out with (its card is this wide; the height is near its usual height). */
export const NODE_W = 248;
export const NODE_H = 92;

/** A switch's cases as the canvas reads them from its config: `cases: [{ id, label? }]`. */
export function switchCases(config: Record<string, unknown>): { id: string; label: string }[] {
  const cases = Array.isArray(config.cases) ? config.cases : [];
  return cases
    .filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null)
    .map((c, i) => ({ id: typeof c.id === 'string' && c.id ? c.id : `case_${i + 1}`, label: typeof c.label === 'string' && c.label ? c.label : '' }));
}

/** The handles a node can be left by, in the order they are drawn (the shared rule the validator uses). */
export function outputHandles(kind: NodeKind, type: string, config: Record<string, unknown>): string[] {
  return handlesOf({ kind, type, config });
}

/** The stored graph as React Flow nodes and edges (positions, handles); `measured` sizes are kept from `prev`. */
export function toFlow(graph: WorkflowGraph, prev: WfNode[] = []): { nodes: WfNode[]; edges: WfEdge[] } {
  const measured = new Map(prev.map((n) => [n.id, n.measured]));
  const nodes: WfNode[] = graph.nodes.map((n) => ({
    id: n.id,
    type: n.kind,
    position: { ...n.position },
    data: { kind: n.kind, type: n.type, config: n.config ?? {}, ...(n.label ? { label: n.label } : {}) },
    ...(measured.get(n.id) ? { measured: measured.get(n.id) } : {}),
  }));
  const edges: WfEdge[] = graph.edges.map((e) => flowEdge(e.id, e.source, e.target, e.handle ?? 'out'));
  return { nodes, edges };
}

/** A canvas edge leaving `source` by `handle`. */
export function flowEdge(id: string, source: string, target: string, handle: string): WfEdge {
  return { id, source, target, sourceHandle: handle, type: 'smoothstep', data: { handle } };
}

/** The canvas back as the stored graph (what is saved and validated). */
export function fromFlow(nodes: WfNode[], edges: WfEdge[]): WorkflowGraph {
  return {
    nodes: nodes.map(
      (n): WorkflowNode => ({
        id: n.id,
        kind: n.data.kind,
        type: n.data.type,
        config: n.data.config,
        position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
        ...(n.data.label ? { label: n.data.label } : {}),
      }),
    ),
    edges: edges.map((e) => ({ id: e.id, source: e.source, target: e.target, handle: e.sourceHandle ?? 'out' })),
  };
}

/** A fresh id not used by any of `taken` (`n1`, `n2`… or `e1`…). */
export function nextId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let i = used.size + 1;
  while (used.has(`${prefix}${i}`)) i++;
  return `${prefix}${i}`;
}

/** Edges that can be drawn: no loops, no edge into a trigger, one edge per output handle. */
export function canConnect(nodes: WfNode[], edges: WfEdge[], c: { source: string | null; target: string | null; sourceHandle?: string | null }): boolean {
  if (!c.source || !c.target || c.source === c.target) return false;
  const target = nodes.find((n) => n.id === c.target);
  if (!target || target.data.kind === 'trigger') return false;
  const handle = c.sourceHandle ?? 'out';
  if (edges.some((e) => e.source === c.source && (e.sourceHandle ?? 'out') === handle)) return false;
  // A cycle would run forever: refuse an edge whose target already reaches its source.
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [c.target];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === c.source) return false;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(out.get(id) ?? []));
  }
  return true;
}

/** Positions from a top-to-bottom layered layout (dagre); branches keep their handle order left to right. */
export function autoLayout(nodes: WfNode[], edges: WfEdge[]): WfNode[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 72, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.measured?.width ?? NODE_W, height: n.measured?.height ?? NODE_H });
  for (const e of edges) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const x = new Map(nodes.map((n) => [n.id, g.node(n.id)?.x ?? 0]));
  // Dagre orders a rank to cross the fewest edges, not by handle: put each branch's children back in
  // handle order (true left of false, cases left to right), moving each child's own subtree along.
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const below = (id: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(id)) return seen;
    seen.add(id);
    for (const t of out.get(id) ?? []) below(t, seen);
    return seen;
  };
  for (const n of nodes) {
    if (n.data.kind !== 'condition' && n.data.kind !== 'switch' && n.data.kind !== 'wait') continue;
    const handles = outputHandles(n.data.kind, n.data.type, n.data.config);
    const kids = edges
      .filter((e) => e.source === n.id)
      .sort((a, b) => handles.indexOf(a.sourceHandle ?? 'out') - handles.indexOf(b.sourceHandle ?? 'out'))
      .map((e) => e.target)
      .filter((id, i, all) => all.indexOf(id) === i);
    if (kids.length < 2) continue;
    const subtrees = kids.map((k) => below(k));
    const slots = kids.map((k) => x.get(k)!).sort((a, b) => a - b);
    kids.forEach((k, i) => {
      const delta = slots[i] - x.get(k)!;
      if (!delta) return;
      // Only what hangs below this child alone moves (a node the branches share stays put).
      for (const id of subtrees[i]) if (subtrees.every((s, j) => j === i || !s.has(id))) x.set(id, x.get(id)! + delta);
    });
  }
  return nodes.map((n) => {
    const p = g.node(n.id);
    if (!p) return n;
    const w = n.measured?.width ?? NODE_W;
    const h = n.measured?.height ?? NODE_H;
    return { ...n, position: { x: Math.round(x.get(n.id)! - w / 2), y: Math.round(p.y - h / 2) } };
  });
}

/** Ids of the nodes reachable from the trigger(s). */
export function reachable(graph: WorkflowGraph): Set<string> {
  const out = new Map<string, string[]>();
  for (const e of graph.edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = graph.nodes.filter((n) => n.kind === 'trigger').map((n) => n.id);
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(out.get(id) ?? []));
  }
  return seen;
}
