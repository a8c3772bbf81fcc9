import type { Db, Tx } from '../../../core/db/types.js';
import { AppError, conflict, notFound } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import type { FieldChange } from '../../../core/events/types.js';
import { hashPassword } from '../../../core/lib/passwords.js';
import type { AuthedActor, Role } from '../../../core/http/actor.js';
import type { UserRow } from '../presenters/user.js';

export interface UpdateUserInput {
  name?: string;
  role?: Role;
  active?: boolean;
  password?: string;
}

/** An admin edits a staff member: name, role, active, password. Keeps at least one active admin. */
export async function updateUser(db: Db, userId: string, input: UpdateUserInput, actor: AuthedActor) {
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  return db.tx(async (tx) => {
    // Lock the workspace's admins first (same order for every caller), so two admins demoting
    // each other at once cannot both pass the "another admin remains" check.
    const admins = await tx.query<{ id: string }>(
      `SELECT id FROM users WHERE workspace_id = $1 AND role = 'admin' AND active ORDER BY id FOR UPDATE`,
      [actor.workspaceId],
    );
    const before = await tx.maybeOne<UserRow>(`SELECT * FROM users WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [userId, actor.workspaceId]);
    if (!before) throw notFound('user');

    const role = input.role ?? before.role;
    const active = input.active ?? before.active;
    const losesAdmin = before.role === 'admin' && before.active && (role !== 'admin' || !active);
    if (losesAdmin && admins.filter((a) => a.id !== userId).length === 0) {
      throw conflict('user.last_admin', 'This is the last active admin; make someone else admin first');
    }

    const after = await tx.one<UserRow>(
      `UPDATE users SET name = $3, role = $4, active = $5, password_hash = COALESCE($6, password_hash)
       WHERE id = $1 AND workspace_id = $2 RETURNING *`,
      [userId, actor.workspaceId, input.name?.trim() ?? before.name, role, active, passwordHash ?? null],
    );
    // A deactivated user or a reset password must not keep working sessions.
    if (!active || passwordHash) await endSessions(tx, actor.workspaceId, userId);

    const changes: Record<string, FieldChange | 'changed'> = diff(before, after, ['name', 'role', 'active']);
    if (passwordHash) changes.password = 'changed';
    if (Object.keys(changes).length > 0) {
      await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'user.updated', subjectType: 'user', subjectId: userId, actor, data: { changes } });
    }
    return after;
  });
}

/** Deletes every session of a user (optionally keeping one, the caller's own). */
export async function endSessions(tx: Tx, workspaceId: string, userId: string, keepSessionId?: string) {
  await tx.query(`DELETE FROM sessions WHERE workspace_id = $1 AND user_id = $2 AND id <> $3`, [workspaceId, userId, keepSessionId ?? '']);
}

/** {field: {from, to}} for the fields that changed; the event log shows who changed what. */
export function diff<R>(before: R, after: R, fields: (keyof R & string)[]) {
  const out: Record<string, FieldChange> = {};
  for (const f of fields) {
    if (JSON.stringify(before[f]) !== JSON.stringify(after[f])) out[f] = { from: before[f], to: after[f] };
  }
  return out;
}

export const wrongPassword = () => new AppError(400, 'user.wrong_password', 'The current password is not correct');
