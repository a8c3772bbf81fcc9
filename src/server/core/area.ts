import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Command } from 'commander';
import type { AppContext, OpenContext } from './context.js';
import type { Reaction } from './events/reactions.js';
import type { JobDefinition } from './jobs/define.js';
import type { Tx } from './db/types.js';

/**
 * What an area hands to boot.ts: its routes, background jobs, durable reactions to events and CLI
 * commands. Boot wires every area the same way, so no registry anywhere imports every area.
 */
export interface Area {
  name: string;
  /** Route plugins; mounted under /api unless the entry says `prefix: ''` (public pages such as /s/:token). */
  routes?: { plugin: (ctx: AppContext) => FastifyPluginAsyncZod; prefix?: string }[];
  jobs?: JobDefinition[];
  reactions?: Reaction[];
  /**
   * Runs inside every transaction that appended events, just before COMMIT, with tx.events: for
   * records that must commit with the change itself (the audit log), never for sending anything.
   */
  beforeCommit?: ((tx: Tx) => Promise<void>)[];
  cli?(program: Command, openContext: OpenContext): void;
}
