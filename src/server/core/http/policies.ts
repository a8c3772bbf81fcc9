import { forbidden } from '../errors.js';
import type { AuthedActor } from './actor.js';

/**
 * What each role may do. Actions are "<resource>:<verb>". One table, read top to bottom. Every /api
 * route names its action in its config (`config: { action: 'tickets:write' }`) and the preHandler of
 * core/http/auth.ts checks it here before the handler runs. API tokens act as integrations: they ingest
 * messages and read/write customers and tickets, but never manage users, teams, tokens or settings.
 */
const matrix = {
  // Who am I (any signed-in caller); my own profile and session (people only: a token has neither).
  'self:read': ['admin', 'supervisor', 'agent', 'integration'],
  'self:write': ['admin', 'supervisor', 'agent'],
  'customers:read': ['admin', 'supervisor', 'agent', 'integration'],
  'customers:write': ['admin', 'supervisor', 'agent', 'integration'],
  'customers:merge': ['admin', 'supervisor', 'agent'],
  'customers:import': ['admin', 'supervisor', 'integration'],
  'customers:export': ['admin', 'supervisor'],
  'customers:delete': ['admin'],
  'tickets:read': ['admin', 'supervisor', 'agent', 'integration'],
  'tickets:write': ['admin', 'supervisor', 'agent', 'integration'],
  'tickets:reply': ['admin', 'supervisor', 'agent'],
  'tickets:merge': ['admin', 'supervisor', 'agent'],
  'inbound:ingest': ['admin', 'integration'],
  'users:read': ['admin', 'supervisor', 'agent'],
  'users:manage': ['admin'],
  'teams:read': ['admin', 'supervisor', 'agent', 'integration'],
  'teams:manage': ['admin', 'supervisor'],
  'settings:read': ['admin', 'supervisor', 'agent'],
  'settings:manage': ['admin'],
  'canned:read': ['admin', 'supervisor', 'agent'],
  'canned:manage': ['admin', 'supervisor'],
  'tokens:manage': ['admin'],
  'channels:read': ['admin', 'supervisor'],
  'channels:manage': ['admin'],
  'messages:retry': ['admin', 'supervisor', 'agent'],
  'calls:log': ['admin', 'supervisor', 'agent', 'integration'],
  'surveys:manage': ['admin', 'supervisor'],
  'surveys:send': ['admin', 'supervisor', 'agent', 'integration'],
  'surveys:read': ['admin', 'supervisor', 'agent', 'integration'],
  'metrics:read': ['admin', 'supervisor', 'integration'],
  'metrics:read_own': ['admin', 'supervisor', 'agent', 'integration'],
  'alerts:manage': ['admin', 'supervisor'],
  'alerts:run': ['admin'],
  'orders:read': ['admin', 'supervisor', 'agent', 'integration'],
  'orders:write': ['admin', 'supervisor', 'integration'],
  'segments:read': ['admin', 'supervisor', 'agent', 'integration'],
  'segments:manage': ['admin', 'supervisor'],
  // Workflows: admins and supervisors build and publish them; agents read them and the run log.
  'workflows:read': ['admin', 'supervisor', 'agent'],
  'workflows:manage': ['admin', 'supervisor'],
  'knowledge:read': ['admin', 'supervisor', 'agent', 'integration'],
  'knowledge:manage': ['admin', 'supervisor'],
  'assistant:use': ['admin', 'supervisor', 'agent'],
  'assistant:manage': ['admin'],
} as const satisfies Record<string, readonly string[]>;

export type Action = keyof typeof matrix;

/** Whether a string names an action of the matrix (route configs are checked at startup). */
export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && Object.hasOwn(matrix, value);
}

export function can(actor: AuthedActor, action: Action): boolean {
  return (matrix[action] as readonly string[]).includes(actor.role);
}

/** Throws 403 auth.forbidden unless the actor's role allows the action. */
export function authorize(actor: AuthedActor, action: Action): void {
  if (!can(actor, action)) throw forbidden();
}
