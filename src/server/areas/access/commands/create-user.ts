import type { Db } from '../../../core/db/types.js';
import { conflict } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import { newId } from '../../../core/lib/ids.js';
import { hashPassword } from '../../../core/lib/passwords.js';
import type { AuthedActor, Role } from '../../../core/http/actor.js';
import { isUniqueViolation } from '../../../core/lib/pg-errors.js';
import type { UserRow } from '../presenters/user.js';

export interface CreateUserInput {
  name: string;
  email: string;
  password: string;
  role: Role;
  locale?: 'vi' | 'en';
}

const emailTaken = () => conflict('user.email_taken', 'A user with this email already exists');

/** A new staff member of the actor's workspace. Emails are unique across the whole install (one login form). */
export async function createUser(db: Db, input: CreateUserInput, actor: AuthedActor) {
  const email = input.email.trim().toLowerCase();
  // Hash outside the transaction: argon2 is slow on purpose and must not hold a connection.
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.tx(async (tx) => {
      if (await tx.maybeOne('SELECT 1 FROM users WHERE lower(email) = $1', [email])) throw emailTaken();
      const user = await tx.one<UserRow>(
        `INSERT INTO users (id, workspace_id, email, name, password_hash, role, locale)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [newId(), actor.workspaceId, email, input.name.trim(), passwordHash, input.role, input.locale ?? 'vi'],
      );
      await appendEvent(tx, {
        workspaceId: actor.workspaceId,
        type: 'user.created',
        subjectType: 'user',
        subjectId: user.id,
        actor,
        data: { role: user.role },
      });
      return user;
    });
  } catch (err) {
    // Two admins adding the same email at once: the unique index decides, the loser gets the same 409.
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
}
