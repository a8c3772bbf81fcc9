import type { WorkflowGraph } from '../../../../shared/workflows';

/**
 * Undo/redo over whole graph states (a workflow is at most a few hundred nodes, so a snapshot per change
 * is cheap and can never drift from what is shown). Edits of one field in a row merge into one step.
 */
export interface History {
  past: WorkflowGraph[];
  present: WorkflowGraph;
  future: WorkflowGraph[];
  /** The last change's merge key and when it was made. */
  lastKey: string | null;
  lastAt: number;
}

const LIMIT = 100;
const MERGE_MS = 1200;

export const initHistory = (g: WorkflowGraph): History => ({ past: [], present: g, future: [], lastKey: null, lastAt: 0 });

/** `next` becomes the present; a change with the same key as the last one within a moment replaces it. */
export function record(h: History, next: WorkflowGraph, key: string | null = null, now = Date.now()): History {
  if (JSON.stringify(next) === JSON.stringify(h.present)) return h;
  if (key && key === h.lastKey && now - h.lastAt < MERGE_MS) return { ...h, present: next, future: [], lastAt: now };
  return { past: [...h.past, h.present].slice(-LIMIT), present: next, future: [], lastKey: key, lastAt: now };
}

export function undo(h: History): History {
  if (!h.past.length) return h;
  return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1], future: [h.present, ...h.future], lastKey: null, lastAt: 0 };
}

export function redo(h: History): History {
  if (!h.future.length) return h;
  return { past: [...h.past, h.present], present: h.future[0], future: h.future.slice(1), lastKey: null, lastAt: 0 };
}
