import type { Db, Sql } from '../../../core/db/types.js';
import { conflict } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/append.js';
import type { Actor } from '../../../core/http/actor.js';
import { isUniqueViolation } from '../../../core/lib/pg-errors.js';
import { slugify, type HelpCentreSettings } from '../../../../shared/knowledge.js';

/** The help centre's settings; a workspace that never saved any gets its name as slug, enabled. */
export async function getHelpCentre(sql: Sql, workspaceId: string): Promise<HelpCentreSettings> {
  const row = await sql.maybeOne<{ slug: string; title: string; enabled: boolean }>('SELECT slug, title, enabled FROM help_centres WHERE workspace_id = $1', [workspaceId]);
  if (row) return row;
  const ws = await sql.one<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [workspaceId]);
  return { slug: slugify(ws.name), title: ws.name, enabled: false };
}

/** Saves the help centre's address, title and whether it is public (409 kb.help_slug_taken). */
export async function saveHelpCentre(db: Db, actor: Actor, input: HelpCentreSettings): Promise<HelpCentreSettings> {
  try {
    return await db.tx(async (tx) => {
      const row = await tx.one<HelpCentreSettings>(
        `INSERT INTO help_centres (workspace_id, slug, title, enabled) VALUES ($1, $2, $3, $4)
         ON CONFLICT (workspace_id) DO UPDATE SET slug = $2, title = $3, enabled = $4, updated_at = now() RETURNING slug, title, enabled`,
        [actor.workspaceId, input.slug, input.title, input.enabled],
      );
      await appendEvent(tx, { workspaceId: actor.workspaceId, type: 'help_centre.saved', subjectType: 'workspace', subjectId: actor.workspaceId, actor, data: { slug: row.slug, enabled: row.enabled } });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'help_centres_slug_key')) throw conflict('kb.help_slug_taken', `The address "${input.slug}" is taken`, { field: 'slug' });
    throw err;
  }
}
