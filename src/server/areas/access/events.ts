/** The access area's events: the workspace's creation, its users and its API tokens. */
import type { Role } from '../../core/http/actor.js';
import type { FieldChange } from '../../core/events/types.js';

declare module '../../core/events/types.js' {
  interface EventCatalog {
    'workspace.created': { subject: 'workspace'; data: { adminId: string } };
    'user.created': { subject: 'user'; data: { role: Role } };
    /** changes: name, role, active (an admin's edit) or name, locale, available (self: true); password: 'changed'. */
    'user.updated': { subject: 'user'; data: { changes: Record<string, FieldChange | 'changed'>; self?: true } };
    'api_token.created': { subject: 'api_token'; data: { name: string; prefix: string } };
    'api_token.revoked': { subject: 'api_token'; data: Record<string, never> };
  }
}
