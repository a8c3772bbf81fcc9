import { describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '../../../../shared/workflows';
import { autoLayout, canConnect, fromFlow, nextId, outputHandles, toFlow } from './graphModel';
import { initHistory, record, redo, undo } from './history';

const graph: WorkflowGraph = {
  nodes: [
    { id: 'n1', kind: 'trigger', type: 'message.received', config: {}, position: { x: 0, y: 0 } },
    { id: 'n2', kind: 'condition', type: 'if', config: { when: { match: 'all', rules: [{ field: 'message.text', op: 'contains', value: 'khiếu nại' }] } }, position: { x: 0, y: 150 } },
    { id: 'n3', kind: 'action', type: 'set_priority', config: { priority: 'urgent' }, position: { x: -200, y: 300 }, label: 'Khẩn' },
    { id: 'n4', kind: 'action', type: 'add_tag', config: { tag: 'x' }, position: { x: 200, y: 300 } },
  ],
  edges: [
    { id: 'e1', source: 'n1', target: 'n2', handle: 'out' },
    { id: 'e2', source: 'n2', target: 'n3', handle: 'true' },
    { id: 'e3', source: 'n2', target: 'n4', handle: 'false' },
  ],
};

describe('the canvas graph model', () => {
  it('round-trips the stored graph through React Flow nodes and edges', () => {
    const f = toFlow(graph);
    expect(f.edges.map((e) => e.sourceHandle)).toEqual(['out', 'true', 'false']);
    expect(fromFlow(f.nodes, f.edges)).toEqual(graph);
  });

  it('offers the handles the validator accepts: if true/false, switch cases + default, wait.until done/timeout', () => {
    expect(outputHandles('condition', 'if', {})).toEqual(['true', 'false']);
    expect(outputHandles('switch', 'switch', { cases: [{ id: 'vip' }, { id: 'new' }] })).toEqual(['vip', 'new', 'default']);
    expect(outputHandles('wait', 'wait.until', {})).toEqual(['done', 'timeout']);
    expect(outputHandles('wait', 'wait.duration', {})).toEqual(['out']);
    expect(outputHandles('action', 'assign', {})).toEqual(['out']);
  });

  it('refuses loops, edges into the trigger and a second edge from one handle', () => {
    const { nodes, edges } = toFlow(graph);
    expect(canConnect(nodes, edges, { source: 'n3', target: 'n1', sourceHandle: 'out' })).toBe(false);
    expect(canConnect(nodes, edges, { source: 'n3', target: 'n2', sourceHandle: 'out' })).toBe(false);
    expect(canConnect(nodes, edges, { source: 'n2', target: 'n4', sourceHandle: 'true' })).toBe(false);
    expect(canConnect(nodes, edges, { source: 'n3', target: 'n4', sourceHandle: 'out' })).toBe(true);
    expect(nextId('e', edges.map((e) => e.id))).toBe('e4');
  });

  it('lays out top to bottom with the true branch left of the false one', () => {
    const { nodes, edges } = toFlow({ ...graph, nodes: graph.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) });
    const laid = new Map(autoLayout(nodes, edges).map((n) => [n.id, n.position]));
    expect(laid.get('n1')!.y).toBeLessThan(laid.get('n2')!.y);
    expect(laid.get('n2')!.y).toBeLessThan(laid.get('n3')!.y);
    expect(laid.get('n3')!.x).toBeLessThan(laid.get('n4')!.x);
  });
});

describe('undo/redo over graph states', () => {
  it('undoes and redoes whole states; edits of one field in a row are one step', () => {
    const a = graph;
    const b = { ...graph, nodes: graph.nodes.slice(0, 3) };
    const c1 = { ...b, nodes: b.nodes.map((n) => (n.id === 'n3' ? { ...n, label: 'K' } : n)) };
    const c2 = { ...b, nodes: b.nodes.map((n) => (n.id === 'n3' ? { ...n, label: 'Kh' } : n)) };
    let h = initHistory(a);
    h = record(h, b, null, 1000);
    h = record(h, c1, 'label:n3', 2000);
    h = record(h, c2, 'label:n3', 2500);
    expect(h.past).toHaveLength(2);
    h = undo(h);
    expect(h.present).toEqual(b);
    h = undo(h);
    expect(h.present).toEqual(a);
    expect(undo(h)).toBe(h);
    h = redo(redo(h));
    expect(h.present).toEqual(c2);
    // A new change drops the redo branch; the same state twice is no step.
    h = undo(h);
    h = record(h, a, null, 5000);
    expect(h.future).toEqual([]);
    expect(record(h, a, null, 6000)).toBe(h);
  });
});
