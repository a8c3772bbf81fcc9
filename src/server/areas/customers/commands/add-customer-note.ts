import type { Db } from '../../../core/db/types.js';
import { appendEvent } from '../../../core/events/append.js';
import { newId } from '../../../core/lib/ids.js';
import type { Actor } from '../../../core/http/actor.js';
import { lockLiveCustomer } from './create-customer.js';
import type { CustomerNoteRow } from '../presenters.js';

/** An internal note on a customer profile (agents only see it); returns it with the author's name. */
export async function addCustomerNote(db: Db, input: { workspaceId: string; customerId: string; body: string; actor: Actor }) {
  const { workspaceId, customerId, actor } = input;
  return db.tx(async (tx) => {
    await lockLiveCustomer(tx, workspaceId, customerId);
    const authorId = actor.kind === 'user' ? actor.id : null;
    const note = await tx.one<CustomerNoteRow>(
      `INSERT INTO customer_notes (id, workspace_id, customer_id, author_id, body) VALUES ($1, $2, $3, $4, $5)
       RETURNING *, (SELECT name FROM users WHERE id = $4) AS author_name`,
      [newId(), workspaceId, customerId, authorId, input.body.trim()],
    );
    await tx.query('UPDATE customers SET updated_at = now() WHERE workspace_id = $1 AND id = $2', [workspaceId, customerId]);
    await appendEvent(tx, { workspaceId, type: 'customer.note_added', subjectType: 'customer', subjectId: customerId, actor, data: { noteId: note.id } });
    return note;
  });
}
