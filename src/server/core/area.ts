import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Command } from 'commander';
import type { AppContext, OpenContext } from './context.js';
import type { Reaction } from './events/reactions.js';
import type { JobDefinition } from './jobs/define.js';

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
  cli?(program: Command, openContext: OpenContext): void;
}
