export type Role = 'admin' | 'supervisor' | 'agent';

/**
 * Who is acting: a logged-in user, an API token (integration), the system itself, a customer, a
 * workflow run (`automation`: its workflow id and name, the run, and how deep in a chain of runs it is,
 * so its own events never retrigger it and loops stop), or the AI (auto-applied predictions, AI replies).
 */
export type Actor =
  | { kind: 'user'; id: string; workspaceId: string; role: Role; name: string }
  | { kind: 'token'; id: string; workspaceId: string; role: 'integration'; name: string }
  | { kind: 'system'; workspaceId: string }
  | { kind: 'customer'; id: string; workspaceId: string }
  | { kind: 'automation'; id: string; workspaceId: string; name: string; runId: string; depth: number }
  | { kind: 'ai'; workspaceId: string };

export type AuthedActor = Extract<Actor, { kind: 'user' } | { kind: 'token' }>;
