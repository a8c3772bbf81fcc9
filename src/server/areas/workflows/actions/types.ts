import type { AppContext } from '../../../core/context.js';
import type { StoredEvent } from '../../../core/db/types.js';
import type { Actor } from '../../../core/http/actor.js';

/** What a run is about: filled from the triggering event (and looked up from it: a message's ticket and customer…). */
export interface RunSubject {
  customerId?: string;
  ticketId?: string;
  conversationId?: string;
  messageId?: string;
  orderId?: string;
  callId?: string;
  surveyResponseId?: string;
}

/** Everything an action gets besides its own config. */
export interface ActionInput {
  ctx: AppContext;
  workspaceId: string;
  /** The run acting: every write goes through a command with this actor, so the workflow never retriggers itself. */
  actor: Extract<Actor, { kind: 'automation' }>;
  subject: RunSubject;
  /** The triggering event (a past or sample event in a test run; null for a schedule). */
  event: StoredEvent | null;
  /** A test run: read what is needed, write and send nothing, say what would be done. */
  dryRun: boolean;
  /** The key that makes the action's effect idempotent per (workflow version, event, node). */
  idempotencyKey: string;
}

/** What an action did (or would do in a test run), for the run log and the canvas. */
export interface ActionResult {
  /** A short sentence for the run log, in the workspace's language is not needed: an i18n key and its values. */
  summary: { key: string; values?: Record<string, string | number> };
  output?: Record<string, unknown>;
}

/**
 * One action of the allow-list, one file each in this folder. It fails on its own: it throws an
 * AppError with a stable id and a clear message, and the run log records it; other steps are not undone.
 */
export interface WorkflowAction<C = Record<string, unknown>> {
  type: string;
  run(input: ActionInput, config: C): Promise<ActionResult>;
  /**
   * Attempts in all when it throws something retrying may fix (not a 4xx AppError such as
   * actionError): the engine retries with backoff (30 s, 60 s, …) under the same idempotencyKey.
   * Default 3 (engine/run-job.ts). Added by the engine (additive): set it where a remote call needs more or fewer.
   */
  retries?: number;
}
