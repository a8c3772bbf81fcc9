export type Role = 'admin' | 'supervisor' | 'agent';

/** Who is acting: a logged-in user, an API token (integration), the system itself, or a customer. */
export type Actor =
  | { kind: 'user'; id: string; workspaceId: string; role: Role; name: string }
  | { kind: 'token'; id: string; workspaceId: string; role: 'integration'; name: string }
  | { kind: 'system'; workspaceId: string }
  | { kind: 'customer'; id: string; workspaceId: string };

export type AuthedActor = Extract<Actor, { kind: 'user' } | { kind: 'token' }>;
