import type { Db, Sql, Tx } from '../../core/db/types.js';
import {
  DEFAULT_NOTIFICATION_PREFS,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationPrefs,
} from '../../../shared/notifications.js';

interface PrefRow {
  user_id: string;
  kind: NotificationKind;
  toast: boolean;
  sound: boolean;
  desktop: boolean;
}

const defaults = (): NotificationPrefs => structuredClone(DEFAULT_NOTIFICATION_PREFS);

/** The settings of several users of a workspace, complete (kinds they never changed use the defaults). */
export async function loadPrefs(sql: Sql, workspaceId: string, userIds: string[]): Promise<Map<string, NotificationPrefs>> {
  const out = new Map<string, NotificationPrefs>(userIds.map((id) => [id, defaults()]));
  if (userIds.length === 0) return out;
  const rows = await sql.query<PrefRow>(
    `SELECT user_id, kind, toast, sound, desktop FROM notification_prefs WHERE workspace_id = $1 AND user_id = ANY($2::uuid[])`,
    [workspaceId, userIds],
  );
  for (const r of rows) {
    const prefs = out.get(r.user_id);
    if (prefs) prefs[r.kind] = { toast: r.toast, sound: r.sound, desktop: r.desktop };
  }
  return out;
}

/** One user's settings. */
export async function getPrefs(sql: Sql, workspaceId: string, userId: string): Promise<NotificationPrefs> {
  return (await loadPrefs(sql, workspaceId, [userId])).get(userId) ?? defaults();
}

/**
 * Replaces a user's settings (every kind is written, so later changes of the defaults do not change
 * what they chose); `inTx` appends the event in the same transaction.
 */
export async function savePrefs(
  db: Db,
  workspaceId: string,
  userId: string,
  prefs: NotificationPrefs,
  inTx: (tx: Tx) => Promise<unknown>,
): Promise<NotificationPrefs> {
  await db.tx(async (tx) => {
    await inTx(tx);
    for (const kind of NOTIFICATION_KINDS) {
      const p = prefs[kind];
      await tx.query(
        `INSERT INTO notification_prefs (workspace_id, user_id, kind, toast, sound, desktop) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (user_id, kind) DO UPDATE SET toast = EXCLUDED.toast, sound = EXCLUDED.sound, desktop = EXCLUDED.desktop, updated_at = now()`,
        [workspaceId, userId, kind, p.toast, p.sound, p.desktop],
      );
    }
  });
  return getPrefs(db, workspaceId, userId);
}

/** Whether any way of telling is on for a kind. */
export const wantsAny = (prefs: NotificationPrefs, kind: NotificationKind) => prefs[kind].toast || prefs[kind].sound || prefs[kind].desktop;
