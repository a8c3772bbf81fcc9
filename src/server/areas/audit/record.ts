import type { StoredEvent, Tx } from '../../core/db/types.js';
import type { EventType } from '../../core/events/types.js';
import { currentRequest } from '../../core/http/request-scope.js';
import type { AuditKind } from '../../../shared/audit.js';
import './events.js';

/**
 * Which events are audited, and as what. Typed against the event catalogue, so a renamed event
 * breaks the build here rather than silently leaving the log. Workflows' and webhooks' events are
 * matched by prefix (every change to them is an admin's act worth keeping).
 */
const AUDITED = {
  'settings.updated': 'settings',
  'sla_policy.updated': 'settings',
  'holidays.replaced': 'settings',
  'user.created': 'users',
  'user.updated': 'users',
  'team.created': 'users',
  'team.updated': 'users',
  'team.deleted': 'users',
  'team.members_changed': 'users',
  'api_token.created': 'tokens',
  'api_token.revoked': 'tokens',
  'channel_account.created': 'channels',
  'channel_account.updated': 'channels',
  'channel_account.deleted': 'channels',
  'customer.merged': 'merges',
  'customer.merge_undone': 'merges',
  'ticket.merged': 'merges',
  'customers.exported': 'exports',
  'audit.exported': 'exports',
  'metrics.exported': 'exports',
  'segment.exported': 'exports',
  'customer.identity_removed': 'merges',
} as const satisfies Partial<Record<EventType, AuditKind>>;

const PREFIXES: [string, AuditKind][] = [
  ['workflow.', 'workflows'],
  ['webhook.', 'webhooks'],
];
// Workflow events that are runs, not changes (a run log has them).
const NOT_CHANGES = /^workflow\.run_|^workflow\.step_/;

/** The audit kind of an event type, or undefined when it is not audited. */
export function auditKindOf(type: string): AuditKind | undefined {
  if (Object.hasOwn(AUDITED, type)) return AUDITED[type as keyof typeof AUDITED];
  if (NOT_CHANGES.test(type)) return undefined;
  return PREFIXES.find(([p]) => type.startsWith(p))?.[1];
}

const SECRET_KEY = /secret|password|passwd|credential|token(?!s?$)|api_?key|access_?key|private|signature|sealed/i;

/** The event's data with every secret-looking field replaced (recursively), so the log never holds one. */
export function withoutSecrets(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => withoutSecrets(v, depth + 1));
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : withoutSecrets(v, depth + 1)]));
}

function labelOf(e: StoredEvent): string | null {
  const d = e.data as Record<string, unknown>;
  for (const k of ['name', 'email', 'title', 'address']) if (typeof d[k] === 'string' && d[k]) return d[k] as string;
  return null;
}

/**
 * The audit log's writer, run inside every transaction that appended events, just before COMMIT
 * (Area.beforeCommit): one append-only row per audited event, committed with the change or not at all.
 * The actor's name is read now (a later rename does not rewrite history); the IP is the request's.
 */
export async function writeAuditRows(tx: Tx): Promise<void> {
  const audited = tx.events.filter((e) => auditKindOf(e.type));
  if (audited.length === 0) return;
  const ip = currentRequest()?.ip ?? null;
  const names = new Map<string, string | null>();
  const nameOf = async (type: string, id: string | null, label: string | null | undefined): Promise<string | null> => {
    if (label) return label;
    if (!id || (type !== 'user' && type !== 'token')) return null;
    const key = `${type}:${id}`;
    if (!names.has(key)) {
      const row = await tx.maybeOne<{ name: string }>(type === 'user' ? `SELECT name FROM users WHERE id = $1` : `SELECT name FROM api_tokens WHERE id = $1`, [id]);
      names.set(key, row?.name ?? null);
    }
    return names.get(key) ?? null;
  };
  for (const e of audited) {
    let label = labelOf(e);
    if (!label && e.subject_type === 'user') label = await nameOf('user', e.subject_id, null);
    if (!label && e.subject_type === 'api_token') label = await nameOf('token', e.subject_id, null);
    await tx.query(
      `INSERT INTO audit_log (workspace_id, created_at, actor_type, actor_id, actor_name, ip, kind, action, target_type, target_id, target_label, changes, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        e.workspace_id, e.created_at, e.actor_type, e.actor_id, await nameOf(e.actor_type, e.actor_id, e.actor_label), e.actor_type === 'user' || e.actor_type === 'token' ? ip : null,
        auditKindOf(e.type), e.type, e.subject_type, e.subject_id, label, JSON.stringify(withoutSecrets(e.data ?? {})), e.id,
      ],
    );
  }
}
