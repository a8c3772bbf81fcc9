import type { Db } from '../../../core/db/types.js';
import { badRequest, notFound } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import type { FieldChange } from '../../../core/events/types.js';
import { hashPassword, verifyPassword } from '../../../core/lib/passwords.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import { diff, endSessions, wrongPassword } from './update-user.js';
import type { UserRow } from '../presenters/user.js';

export interface UpdateMeInput {
  name?: string;
  locale?: 'vi' | 'en';
  available?: boolean;
  currentPassword?: string;
  newPassword?: string;
}

/**
 * A staff member edits their own profile: name, language, availability for round-robin, password.
 * A password change needs the current password and ends the user's other sessions.
 */
export async function updateMe(db: Db, input: UpdateMeInput, actor: AuthedActor & { kind: 'user' }, currentSessionId?: string) {
  let passwordHash: string | undefined;
  if (input.newPassword !== undefined) {
    if (!input.currentPassword) throw badRequest('user.current_password_required', 'Enter your current password to set a new one');
    const row = await db.maybeOne<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1 AND workspace_id = $2', [actor.id, actor.workspaceId]);
    if (!row || !(await verifyPassword(row.password_hash, input.currentPassword))) throw wrongPassword();
    passwordHash = await hashPassword(input.newPassword);
  }
  return db.tx(async (tx) => {
    const before = await tx.maybeOne<UserRow>('SELECT * FROM users WHERE id = $1 AND workspace_id = $2 FOR UPDATE', [actor.id, actor.workspaceId]);
    if (!before) throw notFound('user');
    const after = await tx.one<UserRow>(
      `UPDATE users SET name = $3, locale = $4, available = $5, password_hash = COALESCE($6, password_hash)
       WHERE id = $1 AND workspace_id = $2 RETURNING *`,
      [actor.id, actor.workspaceId, input.name?.trim() ?? before.name, input.locale ?? before.locale, input.available ?? before.available, passwordHash ?? null],
    );
    if (passwordHash) await endSessions(tx, actor.workspaceId, actor.id, currentSessionId);
    const changes: Record<string, FieldChange | 'changed'> = diff(before, after, ['name', 'locale', 'available']);
    if (passwordHash) changes.password = 'changed';
    if (Object.keys(changes).length > 0) {
      await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'user.updated', subjectType: 'user', subjectId: actor.id, actor, data: { changes, self: true } });
    }
    return after;
  });
}
