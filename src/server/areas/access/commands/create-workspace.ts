import type { Db } from '../../../core/db/types.js';
import { conflict } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import { newId } from '../../../core/lib/ids.js';
import { hashPassword } from '../../../core/lib/passwords.js';
import { ensureDefaultTemplates } from '../../surveys/index.js';
import type { UserRow } from '../presenters/user.js';

export const DEFAULT_SLA = [
  { priority: 'urgent', first: 30, resolution: 4 * 60 },
  { priority: 'high', first: 60, resolution: 8 * 60 },
  { priority: 'normal', first: 4 * 60, resolution: 3 * 8 * 60 },
  { priority: 'low', first: 8 * 60, resolution: 5 * 8 * 60 },
] as const;

export interface CreateWorkspaceInput {
  workspaceName: string;
  admin: { name: string; email: string; password: string };
  locale?: 'vi' | 'en';
  /** First-visit setup: refuse (409 setup.already_done) when any workspace exists, checked in the same transaction. */
  onlyIfFirst?: boolean;
}

/** A workspace with its first admin, default SLA policies and built-in surveys, in one transaction. */
export async function createWorkspace(db: Db, input: CreateWorkspaceInput) {
  const passwordHash = await hashPassword(input.admin.password);
  return db.tx(async (tx) => {
    if (input.onlyIfFirst) {
      // Two setup forms sent at once must not both create a workspace: the lock orders them.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('tantam:setup', 0))`);
      if (await tx.maybeOne('SELECT 1 FROM workspaces LIMIT 1')) throw conflict('setup.already_done', 'This installation is already set up; log in instead');
    }
    const email = input.admin.email.trim().toLowerCase();
    if (await tx.maybeOne('SELECT 1 FROM users WHERE lower(email) = $1', [email])) {
      throw conflict('user.email_taken', 'A user with this email already exists');
    }
    const workspace = await tx.one<{ id: string; name: string; timezone: string; locale: string; currency: string; created_at: Date }>(
      `INSERT INTO workspaces (id, name, locale) VALUES ($1, $2, $3) RETURNING *`,
      [newId(), input.workspaceName.trim(), input.locale ?? 'vi'],
    );
    const user = await tx.one<UserRow>(
      `INSERT INTO users (id, workspace_id, email, name, password_hash, role, locale)
       VALUES ($1, $2, $3, $4, $5, 'admin', $6) RETURNING *`,
      [newId(), workspace.id, email, input.admin.name.trim(), passwordHash, input.locale ?? 'vi'],
    );
    if (input.onlyIfFirst) {
      // The database's own guarantee (one row, ever): holds even for a path that skipped the lock above.
      const first = await tx.maybeOne(`INSERT INTO installation_setup (workspace_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING workspace_id`, [workspace.id]);
      if (!first) throw conflict('setup.already_done', 'This installation is already set up; log in instead');
    }
    for (const p of DEFAULT_SLA) {
      await tx.query(
        `INSERT INTO sla_policies (id, workspace_id, priority, first_response_minutes, resolution_minutes) VALUES ($1, $2, $3, $4, $5)`,
        [newId(), workspace.id, p.priority, p.first, p.resolution],
      );
    }
    // Every workspace has its CSAT/NPS/CES templates from the start, so nothing creates them on read.
    await ensureDefaultTemplates(tx, workspace.id);
    await appendEvent(tx, {
      workspaceId: workspace.id,
      type: 'workspace.created',
      subjectType: 'workspace',
      subjectId: workspace.id,
      actor: null,
      data: { adminId: user.id },
    });
    return { workspace, user };
  });
}
