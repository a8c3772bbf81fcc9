import type { Db, Tx } from '../../../core/db/types.js';
import { conflict, notFound } from '../../../core/errors.js';
import { appendEvent, type NewEvent } from '../../../core/events/append.js';
import type { EventDataWithout, EventType } from '../../../core/events/types.js';
import { newId } from '../../../core/lib/ids.js';
import { isUniqueViolation } from '../../../core/lib/pg-errors.js';
import { renderTemplate, type RenderResult } from '../../../core/lib/template.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import { loadTemplateValues } from './template-context.js';
import { getTicket } from './ticket-store.js';
import type { CannedReplyRow } from '../presenters/canned-reply.js';

export interface CannedReplyInput {
  shortcut: string;
  title: string;
  body: string;
}

const taken = (shortcut: string) => conflict('canned.shortcut_taken', `The shortcut "/${shortcut}" is already used by another canned reply`);

// Canned replies are workspace configuration, so their events use the 'setting' subject type.
type CannedReplyEvent = Extract<EventType, `canned_reply.${string}`>;
const event = <K extends CannedReplyEvent>(tx: Tx, actor: AuthedActor, id: string, type: K, data: EventDataWithout<K, 'cannedReplyId'>) =>
  // data plus cannedReplyId is K's catalogued data; TypeScript cannot follow that through the generic K.
  appendEvent(tx, { workspaceId: actor.workspaceId, type, subjectType: 'setting', subjectId: id, actor, data: { ...data, cannedReplyId: id } } as NewEvent);

/** Creates a canned reply; 409 canned.shortcut_taken when the shortcut exists in the workspace. */
export async function createCannedReply(db: Db, input: CannedReplyInput, actor: AuthedActor) {
  try {
    return await db.tx(async (tx) => {
      const row = await tx.one<CannedReplyRow>(
        'INSERT INTO canned_replies (id, workspace_id, shortcut, title, body) VALUES ($1, $2, $3, $4, $5) RETURNING *',
        [newId(), actor.workspaceId, input.shortcut, input.title, input.body],
      );
      await event(tx, actor, row.id, 'canned_reply.created', { shortcut: row.shortcut });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(input.shortcut);
    throw err;
  }
}

/** Edits a canned reply; 404 outside the workspace, 409 on a taken shortcut. */
export async function updateCannedReply(db: Db, id: string, patch: Partial<CannedReplyInput>, actor: AuthedActor) {
  try {
    return await db.tx(async (tx) => {
      const row = await tx.maybeOne<CannedReplyRow>(
        `UPDATE canned_replies SET shortcut = coalesce($3, shortcut), title = coalesce($4, title), body = coalesce($5, body)
         WHERE workspace_id = $1 AND id = $2 RETURNING *`,
        [actor.workspaceId, id, patch.shortcut ?? null, patch.title ?? null, patch.body ?? null],
      );
      if (!row) throw notFound('canned_reply');
      await event(tx, actor, id, 'canned_reply.updated', { fields: Object.keys(patch) });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(patch.shortcut ?? '');
    throw err;
  }
}

/** Deletes a canned reply; 404 outside the workspace. */
export async function deleteCannedReply(db: Db, id: string, actor: AuthedActor) {
  await db.tx(async (tx) => {
    const row = await tx.maybeOne<{ shortcut: string }>('DELETE FROM canned_replies WHERE workspace_id = $1 AND id = $2 RETURNING shortcut', [actor.workspaceId, id]);
    if (!row) throw notFound('canned_reply');
    await event(tx, actor, id, 'canned_reply.deleted', { shortcut: row.shortcut });
  });
}

/** The canned reply's text filled in for a ticket; unknown variables stay visible and are listed. */
export async function renderCannedReply(db: Db, id: string, ticketId: string, actor: AuthedActor): Promise<RenderResult> {
  const reply = await db.maybeOne<{ body: string }>('SELECT body FROM canned_replies WHERE workspace_id = $1 AND id = $2', [actor.workspaceId, id]);
  if (!reply) throw notFound('canned_reply');
  const ticket = await getTicket(db, actor.workspaceId, ticketId);
  return renderTemplate(reply.body, await loadTemplateValues(db, ticket, actor));
}
