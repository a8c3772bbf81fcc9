import type { Db } from '../../../core/db/types.js';
import { AppError } from '../../../core/errors.js';
import { newSecret, sha256 } from '../../../core/lib/ids.js';
import { verifyPassword } from '../../../core/lib/passwords.js';
import type { UserRow } from '../presenters/user.js';

export const SESSION_DAYS = 14;

// Verifying against a real hash even for unknown emails keeps response time from revealing who has an account.
const DUMMY_HASH = '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$2Ff5yZ0f0i0u8q2S7k5Zl8i8a4m0JcQm0Yp3xH1mZlU';

/** Checks email + password and opens a session; returns the cookie token (stored only as a hash). */
export async function login(db: Db, email: string, password: string) {
  const user = await db.maybeOne<UserRow>(`SELECT * FROM users WHERE lower(email) = $1 AND active`, [email.trim().toLowerCase()]);
  const ok = await verifyPassword(user?.password_hash ?? DUMMY_HASH, password);
  if (!user || !ok) throw new AppError(401, 'auth.invalid_credentials', 'Wrong email or password');
  const token = newSecret();
  await db.query(
    `INSERT INTO sessions (id, workspace_id, user_id, expires_at) VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
    [sha256(token), user.workspace_id, user.id, SESSION_DAYS],
  );
  return { token, user };
}

/** Ends the session of this cookie token; returns its id (the token's hash). */
export async function logout(db: Db, token: string): Promise<string> {
  const id = sha256(token);
  await db.query('DELETE FROM sessions WHERE id = $1', [id]);
  return id;
}
